import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/apigw-plan.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (npm test builds dist/ first) as a user would, without colours. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace and no raw JavaScript error names reach the user. */
export function expectNoStack(text: string): void {
  if (/\n\s+at .+:\d+:\d+/.test(text) || /(TypeError|ReferenceError|SyntaxError): /.test(text)) {
    throw new Error(`stack trace or raw error in output:\n${text}`);
  }
}
