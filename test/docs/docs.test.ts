import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountState, NOW } from '../adapters/fixtures.js';
import { FakeAws } from '../helpers/aws-server.js';
import { expectNoStack, ROOT, runCli } from '../helpers/cli.js';
import { type DocCommand, docCommands } from './commands.js';

/**
 * Docs as tests: every `apigw-plan` command in README.md and docs/*.md runs as written, in the
 * order written (a later command may use a file an earlier one wrote), from a fresh folder that
 * holds the repository's examples/, and ends with its documented exit code without a stack trace.
 * Commands marked "reads AWS" run against the local AWS wire server; none reaches the network.
 * They run in-process through main() (runCli: the same command line, environment and working
 * directory the binary would get; one example simulation computed once for all the commands that
 * print it), except those that read AWS, which spawn the built binary; test/cli/e2e.test.ts spawns
 * the binary for each exit code of each command.
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

function run(c: DocCommand, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!c.aws) return runCli(c.args, { cwd, env: { HOME: cwd } });
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

// One command at a time (an in-process run sets the process's working directory and environment),
// file by file, each file's commands in the order written.
describe.each(FILES)('%s', (file) => {
  const commands = docCommands(join(ROOT, file), file);
  let cwd: string;
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
      const r = await run(c, cwd);
      if (c.stdoutTo) appendFileSync(join(cwd, c.stdoutTo.replace(/^\$/, '')), r.stdout);
      expectNoStack(r.stderr);
      expect({ code: r.code, stderr: r.code === c.exitCode ? '' : r.stderr }).toEqual({ code: c.exitCode, stderr: '' });
    }, 120_000); // a time limit for a loaded machine, not a speed target
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
