import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkConfigJsonSchema } from '../../src/config/schema.js';
import { ROOT, cli, runCli, expectNoStack } from '../helpers/cli.js';

/** A config in a fresh folder, with the example scenario, traffic and limits beside it. */
function project(config: unknown, name = 'apigw-plan.config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-check-'));
  mkdirSync(join(dir, 'traffic'));
  mkdirSync(join(dir, 'limits'));
  copyFileSync(join(ROOT, 'examples/saas-scenario.yaml'), join(dir, 'saas-scenario.yaml'));
  copyFileSync(join(ROOT, 'examples/traffic/orders-2h.csv'), join(dir, 'traffic/orders-2h.csv'));
  for (const f of ['orders.yaml', 'payload-http.yaml']) copyFileSync(join(ROOT, 'examples/limits', f), join(dir, 'limits', f));
  writeFileSync(join(dir, name), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
}
const estimate = { requests: '50M' };
const simulate = { traffic: './traffic/orders-2h.csv', limits: './limits/orders.yaml' };
const lastLine = (s: string) => s.trimEnd().split('\n').pop();
/** Table output answers first: the verdict is its first line. */
const firstLine = (s: string) => s.split('\n')[0];

describe('check: gates, exit codes and verdict', () => {
  it('every error gate passing → exit 0, with a verdict line', async () => {
    const dir = project({ estimate, gates: { monthlyBudget: { level: 'error', maxUsd: '500.00' } } });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(firstLine(r.stdout)).toBe('1 gate: 1 passed — exit 0');
  });

  it('a budget over its maximum fails the gate → exit 1, naming the option and the overrun', async () => {
    const dir = project({ estimate, gates: { monthlyBudget: { level: 'error', maxUsd: { rest: '100.00', http: '100.00' } } } });
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.gates[0].findings).toEqual([
      expect.objectContaining({
        id: 'BUDGET_EXCEEDED:rest',
        message: 'API Gateway REST API: $192.17/month, over the budget of $100.00 by $92.17',
        muted: false,
      }),
    ]);
    expect(j.verdict).toBe('1 gate: 0 passed, 1 failed — exit 1');
    expect(j.costs.find((c: { id: string }) => c.id === 'rest').monthlyUsd).toBe('192.17');
  });

  it('a failing warn gate exits 0, and 1 with --strict', async () => {
    const dir = project({ estimate, gates: { monthlyBudget: { level: 'warn', maxUsd: '10.00' } } });
    const plain = await runCli(['check'], { cwd: dir });
    expect([plain.code, firstLine(plain.stdout)]).toEqual([0, '1 gate: 0 passed, 1 warning — exit 0']);
    const strict = await runCli(['check', '--strict'], { cwd: dir });
    expect([strict.code, firstLine(strict.stdout)]).toEqual([1, '1 gate: 0 passed, 1 warning (--strict: failing) — exit 1']);
  });

  it('mutes by stable code, with wildcards', async () => {
    const gates = { monthlyBudget: { level: 'error', maxUsd: '10.00' } };
    const byCode = await runCli(['check', '--format', 'json'], { cwd: project({ estimate, gates, mute: ['BUDGET_EXCEEDED:*'] }) });
    expect(byCode.code).toBe(0);
    expect(JSON.parse(byCode.stdout).gates[0].findings.every((f: { muted: boolean }) => f.muted)).toBe(true);
    const oneOption = await runCli(['check', '--format', 'json'], {
      cwd: project({ estimate, gates, mute: ['BUDGET_EXCEEDED:*-sso', 'BUDGET_EXCEEDED:self-hosted', 'BUDGET_EXCEEDED:rest'] }),
    });
    expect(oneOption.code).toBe(1);
    const unmuted = JSON.parse(oneOption.stdout)
      .gates[0].findings.filter((f: { muted: boolean }) => !f.muted)
      .map((f: { id: string }) => f.id);
    expect(unmuted).toEqual(['BUDGET_EXCEEDED:http']);
  });

  it('throttle risk and quota headroom from a simulation; a quota override with a reason changes the verdict', async () => {
    const gates = { throttleRisk: { level: 'error', maxProbability: 0.01 }, quotaHeadroom: { level: 'error', minPercent: 95 } };
    const r = await runCli(['check', '--format', 'json'], { cwd: project({ simulate, gates }) });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const risk = j.gates.find((g: { gate: string }) => g.gate === 'throttleRisk');
    expect(risk.status).toBe('failed');
    expect(risk.findings[0].id).toBe('THROTTLE_429_RISK:busiest-window');
    // The orders example, state carried across all 120 minutes: GET /items is proven ≤ 0.21 % by the
    // bound engine; POST /orders (150 / 100, peak 147 req/s) is simulated event by event. The
    // independent oracle of test/simulate/oracle.ts gives about 10 % for its busiest minute (150
    // replicates), far above the 1 % maximum whatever the Monte Carlo error
    const m = /^P\(any 429 in the busiest 1-min window\) = ([\d.]+) %, above the maximum 1 %$/.exec(risk.findings[0].message);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(3);
    expect(Number(m![1])).toBeLessThan(25);
    const quota = j.gates.find((g: { gate: string }) => g.gate === 'quotaHeadroom');
    // peak 730.9 rps of the 10,000 rps account throttle: 92.7 % headroom, below the 95 % asked
    expect(quota.findings[0].message).toContain(
      'Throttle rate (account, Region) (L-8A5B8E43): 730.9 of 10,000 requests/s used, headroom 9,269.1 (92.7 %)',
    );

    const raised = await runCli(['check', '--format', 'json'], {
      cwd: project({
        simulate,
        gates: { quotaHeadroom: { level: 'error', minPercent: 95 } },
        overrides: { quotas: { 'L-8A5B8E43': { value: 20000, reason: 'raised 2026-03, case 42' } } },
      }),
    });
    expect(raised.code).toBe(0);
    expect(JSON.parse(raised.stdout).gates[0].summary).toBe('1 quota(s) checked; 0 below the minimum headroom');
  }, 120_000); // the first Monte Carlo run of the orders example in its worker: a time limit for a loaded machine, not a speed target

  it('a quota gate that finds nothing to measure is skipped, and names the codes it could not find', async () => {
    const r = await runCli(['check', '--format', 'json'], {
      cwd: project({ simulate, gates: { quotaHeadroom: { level: 'error', minPercent: 10, quotas: ['L-FFFFFFFF'] } } }),
    });
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout).gates[0];
    expect([g.status, g.summary]).toEqual(['skipped', 'no quota with usage data to check; not found: L-FFFFFFFF']);
  });

  it('payload limits fail on a 10 MB overrun; a gate without its facts is skipped, not passed', async () => {
    const dir = project({
      simulate: { ...simulate, payload: './limits/payload-http.yaml' },
      estimate,
      gates: { payloadLimits: { level: 'error' }, growth: { level: 'error', maxPercent: 10 } },
    });
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.gates[0].findings.map((f: { id: string }) => f.id)).toContain('PAYLOAD_OVER_LIMIT:1');
    expect(j.gates[1]).toMatchObject({ gate: 'growth', status: 'skipped' });
    expect(j.verdict).toBe('2 gates: 0 passed, 1 failed, 1 skipped — exit 1');
  });

  it('baseline round trip: write, compare unchanged, then fail on growth over both percent and dollars', async () => {
    const gates = { growth: { level: 'error', maxPercent: 15, minDeltaUsd: '50.00' } };
    const dir = project({ estimate, gates });
    const write = await runCli(['check', '--write-baseline', 'baseline.json'], { cwd: dir });
    expect(write.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ schemaVersion: 1, kind: 'apigw-plan-baseline', costs: { rest: '192.1661376953125' } });
    const same = await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir });
    expect([same.code, firstLine(same.stdout)]).toEqual([0, '1 gate: 1 passed — exit 0']);
    // 3x the traffic: every option grows by more than 15 % and more than $50
    writeFileSync(join(dir, 'apigw-plan.config.json'), JSON.stringify({ estimate: { requests: '150M' }, gates }));
    const grown = await runCli(['check', '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    expect(grown.code).toBe(1);
    const f = JSON.parse(grown.stdout).gates[0].findings.find((x: { id: string }) => x.id === 'GROWTH_OVER_BASELINE:rest');
    expect(f.message).toBe('API Gateway REST API: $192.17 → $576.50/month (+$384.33, +200 %), over 15 % and $50.00');
    // a small absolute change does not cry wolf: +$0.35 is +0.2 % … and with 0 % allowed, still under $50
    writeFileSync(
      join(dir, 'apigw-plan.config.json'),
      JSON.stringify({ estimate: { requests: '50.1M' }, gates: { growth: { level: 'error', maxPercent: 0, minDeltaUsd: '50.00' } } }),
    );
    expect((await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir })).code).toBe(0);
  });
});

describe('check: outputs CI systems show well', () => {
  const dir = project({
    estimate,
    gates: { monthlyBudget: { level: 'error', maxUsd: { rest: '100.00' } }, growth: { level: 'warn', maxPercent: 1 } },
  });

  it('GitHub Actions annotations, with the config path relative to the repository root', async () => {
    const r = await runCli(['check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=apigw-plan.config.json,title=apigw-plan / Monthly budget::BUDGET_EXCEEDED:rest: API Gateway REST API: $192.17/month, over the budget of $100.00 by $92.17',
    );
    // GITHUB_WORKSPACE is the repository root; the config one folder down is named from there
    const nested = await runCli(['check', '--format', 'github', '--config', join(dir, 'apigw-plan.config.json')], {
      cwd: dir,
      env: { GITHUB_WORKSPACE: dirname(dir) },
    });
    expect(nested.stdout.split('\n')[0]).toContain(`::error file=${basename(dir)}/apigw-plan.config.json,title=`);
    expect(lines[1]).toBe('::notice title=apigw-plan check::2 gates: 0 passed, 1 failed, 1 skipped — exit 1');
  });

  it('JUnit XML that parses, with one test case per gate', async () => {
    const out = join(dir, 'junit.xml');
    const r = await runCli(['check', '--format', 'junit', '--output', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('2 gates: 0 passed, 1 failed, 1 skipped — exit 1\n');
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect([suite.tests, suite.failures, suite.skipped]).toEqual(['2', '1', '1']);
    expect(suite.testcase[0].failure.type).toBe('BUDGET_EXCEEDED');
    expect(suite.testcase[0].failure['#text']).toContain('over the budget of $100.00');
    expect(suite.testcase[1].skipped.message).toMatch(/^no baseline/);
  });

  it('Markdown for a step summary', async () => {
    const r = await runCli(['check', '--format', 'markdown'], { cwd: dir });
    expect(r.stdout).toContain('| Monthly budget | error | ❌ failed |');
    expect(lastLine(r.stdout)).toBe('**2 gates: 0 passed, 1 failed, 1 skipped — exit 1**');
  });
});

describe('check: malformed configs → every problem with its path, exit 2, no stack trace', () => {
  const cases: [string, string, string, RegExp[]][] = [
    [
      'wrong type',
      'apigw-plan.config.json',
      JSON.stringify({ gates: { throttleRisk: { level: 'error', maxProbability: '1%' } } }),
      [/gates\.throttleRisk\.maxProbability: Invalid input: expected number, received string \(found "1%"\)/],
    ],
    ['unknown key', 'apigw-plan.config.json', JSON.stringify({ gates: {}, gatez: {} }), [/\(top level\): Unrecognized key: "gatez"/]],
    [
      'unknown key in a command block',
      'apigw-plan.config.json',
      JSON.stringify({ gates: {}, estimate: { reqests: '5M' } }),
      [/estimate: Unrecognized key: "reqests"/],
    ],
    [
      'out-of-range value',
      'apigw-plan.config.json',
      JSON.stringify({ gates: { quotaHeadroom: { level: 'error', minPercent: 120 } } }),
      [/gates\.quotaHeadroom\.minPercent: Too big: expected number to be <=100 \(found 120\)/],
    ],
    [
      'bad level and money as a number, reported together',
      'apigw-plan.config.json',
      JSON.stringify({ gates: { payloadLimits: { level: 'fatal' }, monthlyBudget: { level: 'error', maxUsd: 1500 } } }),
      [/gates\.payloadLimits\.level: Invalid option/, /gates\.monthlyBudget\.maxUsd/, /has 2 problem\(s\)/],
    ],
    [
      'no gates at all',
      'apigw-plan.config.json',
      JSON.stringify({ estimate: { requests: '5M' }, gates: {} }),
      [/gates: configure at least one gate/],
    ],
    ['invalid JSON', 'apigw-plan.config.json', '{ "gates": { }', [/is not valid JSON/]],
    ['invalid YAML', 'apigw-plan.config.yaml', 'gates:\n  monthlyBudget: [\n', [/is not valid YAML/]],
  ];
  it.each(cases)('%s', async (_name, file, text, messages) => {
    const r = await runCli(['check'], { cwd: project(text, file) });
    expect(r.code).toBe(2);
    for (const m of messages) expect(r.stderr).toMatch(m);
    expectNoStack(r.stderr);
  });

  it('unreadable file and missing file', async () => {
    const dir = project({ gates: {} });
    chmodSync(join(dir, 'apigw-plan.config.json'), 0o000);
    const unreadable = await runCli(['check', '--config', 'nope.json'], { cwd: dir });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/cannot read config file .*nope\.json: ENOENT/);
    const none = await runCli(['check'], { cwd: mkdtempSync(join(tmpdir(), 'apigw-plan-empty-')) });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no config file found[\s\S]*run `apigw-plan init` to write a starter apigw-plan\.config\.yaml/);
    for (const r of [unreadable, none]) expectNoStack(r.stderr);
  });

  it('an output file that cannot be written is an environment failure (exit 3)', async () => {
    const dir = project({ estimate, gates: { monthlyBudget: { level: 'error', maxUsd: '500.00' } } });
    const r = await runCli(['check', '--output', join(dir, 'no-such-dir', 'out.json')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot write .*out\.json: the directory .* does not exist/);
    expectNoStack(r.stderr);
  });
});

describe('schema.json', () => {
  it('is identical to the schema the code validates with (run "npm run schema" after changing it)', () => {
    const committed = readFileSync(join(ROOT, 'schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(checkConfigJsonSchema(), null, 2)}\n`);
  });
  it('the example config runs and uses it', async () => {
    const example = JSON.parse(readFileSync(join(ROOT, 'examples/apigw-plan.config.json'), 'utf8'));
    expect(example.$schema).toBe('../schema.json');
    const r = await runCli(['check', '--config', 'examples/apigw-plan.config.json']);
    expect(r.code).toBe(0);
    expect(firstLine(r.stdout)).toMatch(/^5 gates: .* — exit 0$/);
  });
});

describe('check: an internal error (a bug) exits 4 from the built CLI', () => {
  it('short message, no stack trace; --verbose shows it', () => {
    const dir = project({ estimate, gates: { monthlyBudget: { level: 'error', maxUsd: '500.00' } } });
    const env = { NODE_OPTIONS: `--import=${join(ROOT, 'test/fixtures/fault-in-json-output.mjs')}` };
    const r = cli(['check', '--format', 'json'], { cwd: dir, env });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^internal error: simulated bug in the JSON formatter\n {2}this is a bug in apigw-plan/);
    expectNoStack(r.stderr);
    const verbose = cli(['check', '--format', 'json', '--verbose'], { cwd: dir, env });
    expect(verbose.code).toBe(4);
    expect(verbose.stderr).toMatch(/TypeError: simulated bug in the JSON formatter\n\s+at /);
  });
});

describe('CI examples', () => {
  it('the pipeline script gets exit codes 0, 1, 2 and 3 where a pipeline would', () => {
    // the CLI through main() with the run's store of simulations (test/fixtures/apigw-plan-memo.mjs):
    // the script checks the example config twice, whose simulation the tests above compute too;
    // test/cli/e2e.test.ts spawns bin/apigw-plan.js itself for check's exit codes 0 to 3
    const r = spawnSync('bash', [join(ROOT, 'examples/ci/test-pipeline.sh')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        APIGW_PLAN: `node ${join(ROOT, 'test/fixtures/apigw-plan-memo.mjs')}`,
        APIGW_TEST_MEMO_DIR: process.env.APIGW_TEST_MEMO_DIR ?? '',
      },
    });
    expect(r.stdout.match(/exit (\d) \(expected (\d)\)/g)).toEqual([
      'exit 0 (expected 0)',
      'exit 1 (expected 1)',
      'exit 2 (expected 2)',
      'exit 3 (expected 3)',
      // the pull-request path: init, main's gate and baseline, a pull request before and after the baseline is restored
      'exit 0 (expected 0)',
      'exit 0 (expected 0)',
      'exit 0 (expected 0)',
      'exit 0 (expected 0)',
      'exit 0 (expected 0)',
      'exit 1 (expected 1)',
      'exit 1 (expected 1)',
    ]);
    expect(r.stdout).not.toMatch(/MISSING in output/);
    expect(r.stdout.match(/output has: .*/g)).toHaveLength(2);
    expect(r.status).toBe(0);
  }, 120_000); // eleven CLI processes in a row: on a loaded 2-core machine they can take well over 20 s
  it.each(['github-actions.yml', 'gitlab-ci.yml'])(
    '%s is valid YAML that gates with check and keeps the baseline for pull requests',
    (file) => {
      const text = readFileSync(join(ROOT, 'examples/ci', file), 'utf8');
      expect(() => parseYaml(text)).not.toThrow();
      expect(text).toMatch(/npx apigw-plan check --format (github|junit)/);
      // the default branch writes the baseline where the config points; pull requests restore that file
      expect(text).toContain('npx apigw-plan check --write-baseline');
      expect(text.match(/apigw-plan\.baseline\.json/g)!.length).toBeGreaterThanOrEqual(2);
    },
  );
});
