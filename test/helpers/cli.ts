import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { Io, Memo } from '../../src/io.js';

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
  /** runCli: compute every simulation afresh instead of answering from `memoStore` (the test that shows they agree). */
  fresh?: boolean;
}

/**
 * The simulations this run has computed, serialized, by a hash of their serialized inputs (the
 * traffic grid, the limits and the settings with their seed): simulateThrottling is pure and seeded,
 * so the same inputs give the same result, and many tests print the same example simulation under
 * other formats, colours or gates. Kept in this worker's memory and in the run's folder
 * (APIGW_TEST_MEMO_DIR, made and removed by test/helpers/memo-dir.ts) for the other worker. Each
 * answer is a fresh copy (no test sees another's objects); a value that would not survive the copy
 * (a class instance, a function) is refused rather than changed. test/cli/output.test.ts checks a
 * stored answer prints byte for byte what a fresh run prints.
 */
const memoStore = new Map<string, Buffer>();
const memoDir = process.env.APIGW_TEST_MEMO_DIR;
function stored(hash: string): Buffer | undefined {
  if (!memoDir) return undefined;
  try {
    return readFileSync(join(memoDir, hash));
  } catch {
    return undefined; // not computed yet by either worker
  }
}
export const memo: Memo = (name, inputs, compute) => {
  const hash = createHash('sha256').update(name).update(serialize(inputs)).digest('hex');
  let bytes = memoStore.get(hash) ?? stored(hash);
  if (!bytes) {
    const value = compute();
    bytes = serialize(value);
    if (!isDeepStrictEqual(deserialize(bytes), value)) throw new Error(`memo: ${name}'s value does not survive a structured copy`);
    if (memoDir) {
      // whole or not at all: the other worker may read it at any moment
      writeFileSync(join(memoDir, `${hash}.${process.pid}`), bytes);
      renameSync(join(memoDir, `${hash}.${process.pid}`), join(memoDir, hash));
    }
  }
  memoStore.set(hash, bytes);
  return deserialize(bytes);
};

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
 * this worker's store of earlier identical ones (`memo`) unless `fresh`. Not for --version
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
