import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountState, NOW } from '../adapters/fixtures.js';
import { FakeAws } from '../helpers/aws-server.js';
import { expectNoStack, ROOT } from '../helpers/cli.js';
import { type DocCommand, docCommands } from './commands.js';

/**
 * Docs as tests: every `apigw-plan` command in README.md and docs/*.md runs as written, in the
 * order written (a later command may use a file an earlier one wrote), from a fresh folder that
 * holds the repository's examples/, and ends with its documented exit code without a stack trace.
 * Commands marked "reads AWS" run against the local AWS wire server; none reaches the network.
 */
const BIN = join(ROOT, 'bin', 'apigw-plan.js');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

let aws: FakeAws;
beforeAll(async () => {
  aws = new FakeAws(accountState());
  await aws.start();
});
afterAll(async () => aws?.stop());

function run(c: DocCommand, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd };
  if (c.aws) {
    Object.assign(env, {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      APIGW_PLAN_NOW: new Date(NOW).toISOString(),
    });
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...c.args], { cwd, env, timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Files run side by side; inside a file, each command waits for the one before it.
describe.concurrent.each(FILES)('%s', (file) => {
  const commands = docCommands(join(ROOT, file), file);
  let cwd: string;
  let previous: Promise<unknown> = Promise.resolve();
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'apigw-plan-docs-'));
    symlinkSync(join(ROOT, 'examples'), join(cwd, 'examples'));
  });

  it.each(commands.filter((c) => c.skip).map((c) => [`${c.line}: ${c.text}`, c] as const))('%s', (_, c) => {
    // skipped with its reason, never silently: the reason is part of the doc
    expect(c.skip!.length).toBeGreaterThan(10);
  });

  for (const c of commands.filter((x) => !x.skip)) {
    it(`line ${c.line}: ${c.text} → exit ${c.exitCode}`, async () => {
      const mine = previous.then(() => run(c, cwd));
      previous = mine.catch(() => undefined);
      const r = await mine;
      if (c.stdoutTo) appendFileSync(join(cwd, c.stdoutTo.replace(/^\$/, '')), r.stdout);
      expectNoStack(r.stderr);
      expect({ code: r.code, stderr: r.code === c.exitCode ? '' : r.stderr }).toEqual({ code: c.exitCode, stderr: '' });
    }, 300_000); // the wait for the commands before it in the same file counts too
  }
});

describe('the extraction itself', () => {
  it('finds the README quick-start command and the commands of every doc', () => {
    const readme = docCommands(join(ROOT, 'README.md'));
    expect(readme[0]!.args).toEqual(['estimate', '--requests', '50M']);
    const all = FILES.flatMap((f) => docCommands(join(ROOT, f), f));
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((c) => c.file))).toEqual(new Set(FILES.filter((f) => docCommands(join(ROOT, f)).length > 0)));
  });
});
