import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, expectNoStack, ROOT } from '../helpers/cli.js';

const FIX = join(ROOT, 'examples/diff');

/** check --format json on one fixture version (v1: before, v2: WAF added and POST /orders lowered 150 → 110 req/s). */
async function checkReport(version: 'v1' | 'v2', out: string): Promise<void> {
  const r = await runCli(['check', '--config', join(FIX, version, 'apigw-plan.config.yaml'), '--format', 'json', '--output', out]);
  expect(r.code).toBe(0);
}

describe('apigw-plan diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-diff-'));
  const v1 = join(dir, 'v1.json');
  const v2 = join(dir, 'v2.json');
  beforeAll(async () => {
    await checkReport('v1', v1);
    await checkReport('v2', v2);
  }, 120_000);

  it('a pull-request comment whose headline states the cost, throttle and risk changes', async () => {
    const r = await runCli(['diff', '--base', v1, '--head', v2, '--format', 'markdown']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('<!-- apigw-plan-diff -->');
    // WAF for 150M requests: web ACL $5 + 10 rules × $1 + 150M × $0.60/M = $105.00 on $576.50
    expect(lines[1]).toMatch(
      /^### apigw-plan diff: API Gateway \(as configured\): \+\$105\.00\/month \(\+18 %\), .*1 throttle changed, 429 risk [\d.]+ % → [\d.]+ %$/,
    );
    expect(r.stdout).toContain('<details><summary>Throttles: 1 row</summary>');
    expect(r.stdout).toMatch(/\| orders\/prod POST \/orders \| 150 req\/s, burst 100; .* \| 110 req\/s, burst 100; .* \| changed \|/);
  });

  it('a report diffed with itself is empty and exits 0; JSON says so', async () => {
    const r = await runCli(['diff', '--base', v2, '--head', v2, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ command: 'diff', empty: true, costs: [], throttles: [], quotas: [], risk: null });
    expect(j.headline).toBe('no change in cost, quotas, throttles or 429 risk');
  });

  it('scenario files are priced and diffed line by line', async () => {
    const r = await runCli(['diff', '--base', join(FIX, 'v1/apis.yaml'), '--head', join(FIX, 'v2/apis.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^diff: API Gateway \(as configured\): \+\$105\.00\/month \(\+18 %\)/);
    expect(r.stdout).toMatch(/\| apigw +\| AWS WAF web ACL \(orders\) +\| +– \| +\$5\.00 \| +\+\$5\.00 \|/);
  });

  it('the table fits COLUMNS=80 (prose columns wrap, money stays whole) and --no-color wins over FORCE_COLOR', async () => {
    const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
    const r = await runCli(['diff', '--base', v1, '--head', v2, '--show-unchanged'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^diff: API Gateway \(as configured\): \+\$105\.00\/month/);
    expect(r.stdout).toMatch(/\| API Gateway \(as configured\) \| \$576\.50 \| \$681\.50 \| +\+\$105\.00 \(\+18 %\) \|/);
    expect(r.stdout).toMatch(/\nverdict: API Gateway \(as configured\): \+\$105\.00\/month/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    const ansi = /\u001b\[/;
    expect((await runCli(['diff', '--base', v1, '--head', v2], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).toMatch(ansi);
    expect(
      (await runCli(['diff', '--base', v1, '--head', v2, '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout,
    ).not.toMatch(ansi);
  });

  it('check gates on the diff: cost over 5 % and $100, and risk above 20 %, fail with exit 1', async () => {
    const r = await runCli(['check', '--config', join(FIX, 'v2/apigw-plan.config.yaml'), '--diff-base', v1, '--format', 'json']);
    expect(r.code).toBe(1);
    const gates = JSON.parse(r.stdout).gates as Array<{ gate: string; status: string; findings: Array<{ id: string }> }>;
    expect(gates.find((g) => g.gate === 'costIncrease')).toMatchObject({ status: 'failed', findings: [{ id: 'COST_INCREASE:apigw' }] });
    expect(gates.find((g) => g.gate === 'riskIncrease')?.status).toBe('failed');
    // against itself nothing rose
    expect((await runCli(['check', '--config', join(FIX, 'v2/apigw-plan.config.yaml'), '--diff-base', v2])).code).toBe(0);
  }, 60_000);

  it('bad input: a missing file names the flag, exit 2, no stack trace', async () => {
    const r = await runCli(['diff', '--base', join(dir, 'nope.json'), '--head', v2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base/);
    expectNoStack(r.stderr);
  });
});

describe('infrastructure code as a side', () => {
  it('two versions of a template: each throttle before and after, with the template line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-iac-diff-'));
    const template = readFileSync(join(ROOT, 'examples/iac/cfn/orders.yaml'), 'utf8');
    mkdirSync(join(dir, 'base'));
    mkdirSync(join(dir, 'head'));
    writeFileSync(join(dir, 'base/orders.yaml'), template);
    // the change: POST /orders 20 → 12 req/s (its method setting at line 157), the partner plan 25 → 10 req/s (line 167)
    const changed = template.replace('ThrottlingRateLimit: 20', 'ThrottlingRateLimit: 12').replace('RateLimit: 25,', 'RateLimit: 10,');
    expect(changed).not.toBe(template);
    writeFileSync(join(dir, 'head/orders.yaml'), changed);
    const r = await runCli(['diff', '--base', join(dir, 'base'), '--head', join(dir, 'head'), '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.headline).toBe('2 throttles changed');
    expect(j.base.kind).toBe('inventory');
    expect(
      j.throttles.map((t: { label: string; before: { rate: number }; after: { rate: number }; where: { line: number } }) => [
        t.label,
        t.before.rate,
        t.after.rate,
        t.where.line,
      ]),
    ).toEqual([
      ['orders-prod prod POST /orders', 20, 12, 157],
      ['usage-plan PartnerPlan', 25, 10, 167],
    ]);
    // a template file given alone is read the same way
    expect(
      JSON.parse(
        (await runCli(['diff', '--base', join(dir, 'base/orders.yaml'), '--head', join(dir, 'head/orders.yaml'), '--format', 'json']))
          .stdout,
      ).headline,
    ).toBe('2 throttles changed');
  });
});

describe('the pull-request pipeline (examples/ci/apigw-plan-diff.sh)', () => {
  it('diffs the base branch against the change, writes the comment and exits with the gates', () => {
    const repo = mkdtempSync(join(tmpdir(), 'apigw-plan-pr-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    cpSync(join(FIX, 'traffic.csv'), join(repo, 'traffic.csv'));
    cpSync(join(FIX, 'v1'), join(repo, 'infra'), { recursive: true });
    git('add', '.');
    git('commit', '-qm', 'v1');
    git('checkout', '-qb', 'feature');
    cpSync(join(FIX, 'v2'), join(repo, 'infra'), { recursive: true });
    git('commit', '-qam', 'v2: WAF, lower POST /orders throttle');

    // the CLI through main() with the run's store of simulations: the script checks the same two
    // fixture versions five times (test/cli/e2e.test.ts spawns bin/apigw-plan.js itself)
    const env = {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      APIGW_PLAN: `node ${join(ROOT, 'test/fixtures/apigw-plan-memo.mjs')}`,
      APIGW_TEST_MEMO_DIR: process.env.APIGW_TEST_MEMO_DIR ?? '',
      APIGW_PLAN_POST: 'none',
    };
    const run = (base: string) =>
      spawnSync('bash', [join(ROOT, 'examples/ci/apigw-plan-diff.sh'), base], { cwd: join(repo, 'infra'), env, encoding: 'utf8' });
    const pr = run('main');
    expect(pr.status).toBe(1); // costIncrease and riskIncrease fail
    expect(pr.stdout).toContain('comment written to apigw-plan-diff.md (not posted)');
    expect(pr.stdout).toMatch(/COST_INCREASE:apigw/);
    const comment = readFileSync(join(repo, 'infra/apigw-plan-diff.md'), 'utf8');
    expect(comment.split('\n')[1]).toMatch(/^### apigw-plan diff: API Gateway \(as configured\): \+\$105\.00\/month \(\+18 %\)/);

    const same = run('HEAD');
    expect(same.status).toBe(0);
    expect(readFileSync(join(repo, 'infra/apigw-plan-diff.md'), 'utf8').split('\n')[1]).toBe(
      '### apigw-plan diff: no change in cost, quotas, throttles or 429 risk',
    );
    // the worktree is gone afterwards
    expect(execFileSync('git', ['worktree', 'list'], { cwd: repo, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
    writeFileSync(join(repo, '.done'), '');
  }, 180_000);
});
