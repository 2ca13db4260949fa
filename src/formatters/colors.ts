/** The few styles the formatters use; identity functions when colour is off. Chosen in one place: terminal.ts. */
export interface Colors {
  bold: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  red: (s: string) => string;
  dim: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_COLORS: Colors = { bold: plain, green: plain, yellow: plain, red: plain, dim: plain };
