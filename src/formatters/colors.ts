/** The few styles the formatters use; identity functions when colour is off. */
export interface Colors {
  bold: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  red: (s: string) => string;
}

const plain = (s: string) => s;
export const NO_COLORS: Colors = { bold: plain, green: plain, yellow: plain, red: plain };

/**
 * Colours only on a terminal, and never with NO_COLOR or --no-color. chalk is imported only
 * when colour is on, so piped and CI runs do not pay for loading it.
 */
export async function colors(opts: { color?: boolean | undefined; env: NodeJS.ProcessEnv; isTty: boolean }): Promise<Colors> {
  if (opts.color === false || 'NO_COLOR' in opts.env || !opts.isTty) return NO_COLORS;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: (s) => c.bold(s), green: (s) => c.green(s), yellow: (s) => c.yellow(s), red: (s) => c.red(s) };
}
