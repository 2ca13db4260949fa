import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/commands/simulate.js';
import { InputError } from '../../src/errors.js';
import { fromPercentiles, meteredMultiplier, shareAbove } from '../../src/models/payload/distribution.js';
import { analysePayloads, KB, MB } from '../../src/models/payload/payload.js';

const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd() };
const base = {
  arrivals: 'poisson',
  dispersion: '25',
  target: '0.01',
  retries: 'none',
  maxAttempts: '3',
  layerDebit: 'all-or-nothing',
  seed: '1',
  samples: '500',
  format: 'table',
};
const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
async function inputError(opts: Record<string, unknown>): Promise<InputError> {
  try {
    await run({ ...base, ...opts }, io);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(2);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('simulate command', () => {
  const csv = file(
    't.csv',
    'timestamp,count,api,stage\n2024-05-01T00:00:00Z,6000,a,prod\n2024-05-01T00:01:00Z,,a,prod\n2024-05-01T00:02:00Z,9000,a,prod\n',
  );
  test('table output starts with the verdict, then the worst bucket; gaps are reported, not read as zero', async () => {
    const r = await run({ ...base, traffic: csv, rate: '100', burst: '200' }, { ...io, env: { ...io.env, COLUMNS: '200' } });
    expect(r.exitCode).toBe(0);
    const [first, second] = r.stdout.split('\n');
    expect(second).toMatch(/^Worst bucket: a\/prod \* \(stage, 100 req\/s, burst 200, from flag\)$/);
    expect(first).toMatch(
      /^verdict: [\d,]+ of 15,000 requests throttled \(.+\); P\(any 429 in busiest 1-min window\) 100 % — above target 1 %$/,
    );
    expect(r.stdout).toContain('TRAFFIC_GAP');
    expect(r.stdout).toContain('THROTTLE_429_RISK');
  });
  test('same seed → byte-identical output; JSON is versioned', async () => {
    const opts = { ...base, traffic: csv, rate: '120', burst: '50', arrivals: 'overdispersed', dispersion: '4', format: 'json' };
    const a = await run(opts, io);
    const b = await run(opts, io);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.seed).toBe(1);
    expect(j.tool.name).toBe('apigw-plan');
    expect(j.gaps[0].periods).toBe(1);
    expect(j.verdict).toMatch(/^verdict: /);
  }, 120_000); // two over-dispersed Monte Carlo runs with the settings search: a time limit, not a speed target
  test('stage above account → STAGE_LIMIT_ABOVE_ACCOUNT; markdown ends with the verdict', async () => {
    const r = await run({ ...base, traffic: csv, rate: '20000', burst: '100', format: 'markdown' }, io);
    expect(r.stdout).toContain('STAGE_LIMIT_ABOVE_ACCOUNT');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^verdict: /);
  });
  test('--fail-above-target exits 1', async () => {
    // uniform arrivals: the gate's exit code without the Monte Carlo and settings search of a heavily
    // throttled Poisson bucket (test/simulate/regimes.test.ts checks the gate on Poisson arrivals against the oracle)
    const r = await run({ ...base, traffic: csv, rate: '10', burst: '10', arrivals: 'uniform', failAboveTarget: true }, io);
    expect(r.exitCode).toBe(1);
  });
  test('usage-plan quota exhaustion is a 429 "Limit Exceeded"', async () => {
    const limits = file(
      'l.yaml',
      'usagePlans:\n  - { name: p, rate: 1000, burst: 1000, quota: { limit: 10000, period: DAY }, keys: [k] }\n',
    );
    const t = file('k.csv', 'timestamp,count,key\n2024-05-01T00:00:00Z,6000,k\n2024-05-01T00:01:00Z,6000,k\n');
    const r = await run({ ...base, traffic: t, limits, format: 'json' }, io);
    const j = JSON.parse(r.stdout);
    expect(j.summary.quotaRejectedRequests).toBe(2000);
    expect(j.findings.map((f: { code: string }) => f.code)).toContain('USAGE_PLAN_QUOTA_EXHAUSTED');
  });
});

describe('input errors: exit 2 with what, where and how to fix', () => {
  test('missing --traffic', async () => {
    expect((await inputError({})).where).toBe('--traffic');
  });
  test('bad flag values', async () => {
    expect((await inputError({ traffic: 'x.csv', target: '2' })).where).toBe('--target');
    expect((await inputError({ traffic: 'x.csv', rate: '100' })).message).toContain('--rate and --burst go together');
  });
  test('bad CSV rows are all listed with line numbers', async () => {
    const bad = file('bad.csv', 'timestamp,count\n2024-05-01 00:00,5\n2024-05-01T00:01:00Z,-3\n');
    const e = await inputError({ traffic: bad });
    expect(e.problems).toHaveLength(2);
    expect(e.problems[0]).toContain('bad.csv:2');
    expect(e.problems[1]).toContain('bad.csv:3');
  });
  test('limits file problems are reported with their paths', async () => {
    const l = file('bad.yaml', 'account: { rate: -1, burst: 2.5 }\nstages:\n  - { api: a, stage: s, rate: 10 }\nbogus: 1\n');
    const e = await inputError({ traffic: file('ok.csv', 'timestamp,count\n2024-05-01T00:00:00Z,5\n'), limits: l });
    const text = e.problems.join('\n');
    expect(text).toContain('account.rate');
    expect(text).toContain('account.burst');
    expect(text).toContain('stages[0]');
    expect(e.problems.length).toBeGreaterThanOrEqual(4);
  });
  test('off-grid and duplicate timestamps', async () => {
    const dup = file('dup.csv', 'timestamp,count\n2024-05-01T00:00:00Z,5\n2024-05-01T00:00:00Z,6\n');
    expect((await inputError({ traffic: dup })).message).toContain('two counts for the same period');
    const off = file('off.csv', 'timestamp,count\n2024-05-01T00:00:00Z,5\n2024-05-01T00:01:00Z,6\n2024-05-01T00:02:30Z,6\n');
    expect((await inputError({ traffic: off })).message).toContain('not on the 60-second grid');
  });
});

describe('payload limits', () => {
  test('share above a limit interpolates between percentiles; beyond the last point it is a bound', () => {
    const d = fromPercentiles([
      [0.5, 1 * MB],
      [0.9, 9 * MB],
      [0.99, 11 * MB],
    ]);
    expect(shareAbove(d, 10 * MB).value).toBeCloseTo(0.01 + 0.09 / 2, 12);
    expect(shareAbove(d, 20 * MB)).toEqual({ value: expect.closeTo(0.01, 12), atMost: true });
  });
  test('metered multiplier E[⌈S/512 KB⌉]: all 4.5 MB requests count 9 each', () => {
    const d = fromPercentiles([
      [0.5, 4.5 * MB],
      [1, 4.5 * MB],
    ]);
    // mass sits at 4.5 MB only above p50; below it is spread from 0: compute exactly for the point mass part
    const point = fromPercentiles([[1, 4.5 * MB]]);
    expect(meteredMultiplier(point, 512 * KB, 10 * MB).value).toBeCloseTo(
      1 +
        (1 - 0.5 / 4.5) +
        (1 - 1 / 4.5) +
        (1 - 1.5 / 4.5) +
        (1 - 2 / 4.5) +
        (1 - 2.5 / 4.5) +
        (1 - 3 / 4.5) +
        (1 - 3.5 / 4.5) +
        (1 - 4 / 4.5),
      9,
    );
    expect(meteredMultiplier(d, 512 * KB, 10 * MB).value).toBeGreaterThan(1);
  });
  test('WebSocket: messages over 128 KB close the connection, over 32 KB need frames, metered per 32 KB', () => {
    const r = analysePayloads(
      {
        apiType: 'websocket',
        requests: undefined,
        responses: undefined,
        integrationLatencyMs: undefined,
        requestsPerMonth: undefined,
        messagesPerMonth: undefined,
        messages: fromPercentiles([
          [0.5, 16 * KB],
          [0.9, 64 * KB],
          [1, 256 * KB],
        ]),
      },
      undefined,
    );
    const codes = r.findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['WS_MESSAGE_OVER_LIMIT', 'WS_FRAME_OVER_LIMIT', 'PAYLOAD_METERED_MULTIPLIER']));
    expect(r.rows.find((x) => x.limit === '128 KB')!.share.value).toBeCloseTo(0.1 * (128 / 192), 9);
  });
  test('integration latency over the HTTP 30 s timeout', () => {
    const r = analysePayloads(
      {
        apiType: 'http',
        requests: undefined,
        responses: undefined,
        messages: undefined,
        requestsPerMonth: undefined,
        messagesPerMonth: undefined,
        integrationLatencyMs: fromPercentiles([
          [0.99, 20_000],
          [1, 40_000],
        ]),
      },
      undefined,
    );
    expect(r.findings[0]!.code).toBe('INTEGRATION_TIMEOUT_RISK');
    expect(r.rows[0]!.share.value).toBeCloseTo(0.005, 9);
  });
});
