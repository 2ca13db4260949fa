import { Chalk, type ChalkInstance } from 'chalk';

/** Colours only on a terminal, and never with NO_COLOR or --no-color. */
export function colors(opts: { color?: boolean | undefined; env: NodeJS.ProcessEnv; isTty: boolean }): ChalkInstance {
  const off = opts.color === false || 'NO_COLOR' in opts.env || !opts.isTty;
  return new Chalk({ level: off ? 0 : 1 });
}
