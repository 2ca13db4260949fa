import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/io.js';
import { memo } from './memo.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/apigw-plan.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** runCli: compute every simulation afresh instead of answering from the run's store (test/helpers/memo.mjs; the test that shows they agree). */
  fresh?: boolean;
}

/**
 * Run the built CLI (npm test builds dist/ first) as a user would, without colours: a process of its
 * own. Kept for the end-to-end tests (test/cli/e2e.test.ts, the docs, the package, the CI scripts);
 * every other test runs the same command line in-process with `runCli`.
 */
export function cli(args: string[], opts: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same command line through the entry the binary calls (`main` of src/cli.ts, which
 * bin/apigw-plan.js runs with process.argv), in this process: the environment a spawned run gets
 * (PATH, NO_COLOR=1 and `env`) as `io.env`; for the AWS SDK, which reads process.env, `env` is set
 * there too and every other AWS_* variable is taken away for the run (a developer's credentials never
 * reach a test, as with `cli`'s clean environment); the same working directory (io.cwd and
 * process.cwd()); pipes rather than terminals; the exit code main returns (the binary's
 * process.exitCode) and every byte written to stdout and stderr, in order; simulations answered from
 * the run's store of earlier identical ones (`memo`) unless `fresh`. Not for --version
 * (answered by the binary before main loads) nor NODE_OPTIONS: test/cli/e2e.test.ts spawns those.
 */
export async function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const { main } = await import('../../src/cli.js');
  const cwd = opts.cwd ?? ROOT;
  const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env };
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    cwd,
    stdoutIsTty: false,
    stdoutColumns: undefined,
    stderrIsTty: false,
    ...(opts.fresh ? {} : { memo }),
  };
  const savedCwd = process.cwd();
  const touched = [...Object.keys(process.env).filter((k) => k.startsWith('AWS_')), ...Object.keys(opts.env ?? {})];
  const savedEnv = new Map(touched.map((k) => [k, process.env[k]]));
  for (const k of touched) delete process.env[k];
  Object.assign(process.env, opts.env);
  process.chdir(cwd);
  try {
    const code = await main(['node', BIN, ...args], io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(savedCwd);
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** No stack trace and no raw JavaScript error names reach the user. */
export function expectNoStack(text: string): void {
  if (/\n\s+at .+:\d+:\d+/.test(text) || /(TypeError|ReferenceError|SyntaxError): /.test(text)) {
    throw new Error(`stack trace or raw error in output:\n${text}`);
  }
}
