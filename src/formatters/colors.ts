/** The few styles the formatters use; identity functions when colour is off. */
export interface Colors {
  bold: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  red: (s: string) => string;
  dim: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_COLORS: Colors = { bold: plain, green: plain, yellow: plain, red: plain, dim: plain };

/**
 * Colours for a command's terminal output (see terminal.ts for the one rule every command
 * follows: --no-color, NO_COLOR, FORCE_COLOR, TTY).
 */
export async function colors(opts: { color?: boolean | undefined; env: NodeJS.ProcessEnv; isTty: boolean }): Promise<Colors> {
  const { terminal } = await import('./terminal.js');
  return (await terminal({ color: opts.color }, { env: opts.env, stdoutIsTty: opts.isTty })).colors;
}
