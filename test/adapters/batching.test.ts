import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientConfig, createSession } from '../../src/adapters/aws/session.js';
import { fetchSeries, type SeriesRequest } from '../../src/adapters/aws/cloudwatch.js';
import { choosePeriod, lowerBoundCalls, lowerBoundWeighted, planBatches, planWeighted } from '../../src/models/cloudwatch/plan.js';
import { mergeQuotas, perSecond, regionalDefault, withUsage } from '../../src/models/quotas/merge.js';
import { findRegion } from '../../src/prices/regions.js';
import { FakeAws } from '../helpers/aws-server.js';
import { ROOT } from '../helpers/cli.js';
import { NOW, testOverrides } from './fixtures.js';

describe('GetMetricData batching: the fewest calls the 500-query / 100,800-datapoint limits allow', () => {
  let aws: FakeAws;
  beforeEach(async () => {
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    aws = new FakeAws({ metrics: [] });
    await aws.start();
  });
  afterEach(async () => {
    await aws.stop();
    vi.unstubAllEnvs();
  });

  const cases: Array<[number, number]> = [
    // (series, days): kept small enough to stay fast on the wire; planBatches is checked on large sizes below
    [1, 1],
    [3, 30],
    [4, 14],
    [70, 1],
    [71, 1],
    [2, 20],
    [2, 400],
    [500, 1 / 24],
    [501, 1 / 24],
    [1001, 1 / 24],
    [30, 70],
  ];
  it.each(cases)('%i series over %d days: GetMetricData calls on the wire = max(ceil(N/500), ceil(N·P/100,800))', async (n, days) => {
    const end = NOW;
    const start = end - days * 86_400_000;
    const period = choosePeriod(start, NOW).periodSeconds;
    const points = Math.round((days * 86_400) / period);
    aws.state.metrics = Array.from({ length: n }, (_, i) => ({
      MetricName: 'Count',
      Dimensions: [
        { Name: 'ApiName', Value: `api${i}` },
        { Name: 'Stage', Value: 'prod' },
      ],
      value: () => 1,
    }));
    const s = createSession({ region: 'us-east-1', endpoint: aws.url, overrides: testOverrides() });
    const cw = new CloudWatchClient(clientConfig(s));
    const reqs: SeriesRequest[] = aws.state.metrics.map((m, i) => ({
      id: `s${i}`,
      metricName: m.MetricName,
      dimensions: m.Dimensions,
      stat: 'Sum',
    }));
    const r = await fetchSeries(s, cw, reqs, { startMs: start, endMs: end, periodSeconds: period });
    cw.destroy();
    const onWire = aws.calls.filter((c) => c.op === 'GraniteServiceVersion20100801.GetMetricData');
    const expected = Math.max(Math.ceil(n / 500), Math.ceil((n * points) / 100_800));
    expect(onWire.length).toBe(expected);
    expect(r.calls).toBe(expected);
    expect(onWire.every((c) => c.body.MetricDataQueries.length <= 500)).toBe(true);
    // every datapoint arrived exactly once
    expect(r.values.every((v) => v.length === points && v.every((x) => x === 1))).toBe(true);
  });

  // the added queries: per stage, whole-window percentiles (one datapoint each) ride in the same calls
  const mixed: Array<[number, number, number]> = [
    // (per-period series, days, whole-window queries)
    [70, 1, 30],
    [4, 14, 18],
    [500, 1 / 24, 300],
    [2, 400, 500],
    [1001, 1 / 24, 499],
    [69, 1, 431],
    [5, 14, 600],
  ];
  it.each(mixed)(
    '%i series over %d days + %i percentile queries: calls on the wire = max(ceil(Q/500), ceil(datapoints/100,800))',
    async (n, days, m) => {
      const end = NOW;
      const start = end - days * 86_400_000;
      const period = choosePeriod(start, NOW).periodSeconds;
      const points = Math.round((days * 86_400) / period);
      aws.state.metrics = Array.from({ length: Math.max(n, m) }, (_, i) => ({
        MetricName: 'Count',
        Dimensions: [
          { Name: 'ApiName', Value: `api${i}` },
          { Name: 'Stage', Value: 'prod' },
        ],
        value: (_t: number, _p: number, stat: string) => (stat === 'Sum' ? 1 : 7),
      }));
      const s = createSession({ region: 'us-east-1', endpoint: aws.url, overrides: testOverrides() });
      const cw = new CloudWatchClient(clientConfig(s));
      const series: SeriesRequest[] = aws.state.metrics
        .slice(0, n)
        .map((x, i) => ({ id: `s${i}`, metricName: x.MetricName, dimensions: x.Dimensions, stat: 'Sum' }));
      const pcts: SeriesRequest[] = aws.state.metrics
        .slice(0, m)
        .map((x, i) => ({ id: `p${i}`, metricName: x.MetricName, dimensions: x.Dimensions, stat: 'p99', wholeWindow: true }));
      // interleaved, as a stage's queries come
      const reqs = [...series, ...pcts].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
      const r = await fetchSeries(s, cw, reqs, { startMs: start, endMs: end, periodSeconds: period });
      cw.destroy();
      const onWire = aws.calls.filter((c) => c.op === 'GraniteServiceVersion20100801.GetMetricData');
      const expected = Math.max(Math.ceil((n + m) / 500), Math.ceil((n * points + m) / 100_800));
      expect(onWire.length).toBe(expected);
      expect(r.calls).toBe(expected);
      expect(onWire.every((c) => c.body.MetricDataQueries.length <= 500)).toBe(true);
      const p99 = onWire.flatMap((c) => c.body.MetricDataQueries).filter((q: any) => q.MetricStat.Stat === 'p99');
      expect(p99).toHaveLength(m);
      expect(p99.every((q: any) => q.MetricStat.Period === points * period)).toBe(true);
      // every datapoint arrived exactly once: the sums per period, the percentile once for the window
      reqs.forEach((q, k) => {
        if (q.wholeWindow) expect([...r.values[k]!]).toEqual([7]);
        else expect(r.values[k]!.length === points && r.values[k]!.every((x) => x === 1)).toBe(true);
      });
    },
  );

  it('mixed plans (pure): at the lower bound for realistic pulls; above it only where the bound cannot be met', () => {
    // (stages, days, period): 4 per-period series and 7 percentile queries per stage
    const shapes: Array<[number, number, number]> = [
      [1, 1, 60],
      [10, 1, 60],
      [100, 1, 60],
      [250, 14, 60],
      [50, 15, 60],
      [100, 30, 300],
      [250, 60, 300],
      [600, 60, 300],
      [100, 200, 3600],
      [600, 455, 3600],
    ];
    for (const [stages, days, period] of shapes) {
      const points = (days * 86_400) / period;
      const w = [...Array(stages * 4).fill(points), ...Array(stages * 7).fill(1)];
      const p = planWeighted(w);
      expect(p.groups.flat().sort((a, b) => a - b)).toEqual(w.map((_, i) => i));
      expect(Math.max(...p.groups.map((g) => g.length))).toBeLessThanOrEqual(500);
      expect([stages, days, p.calls]).toEqual([stages, days, lowerBoundWeighted(w)]);
    }
    // 600 stages over 14 days: 2,400 series × 20,160 points fill exactly 480 pages (5 series each), and the
    // 4,200 percentile queries fit only where a request has both free query slots and free datapoints:
    // at most 5 requests holding k ≡ 4 (mod 5) series, 496 slots each (2,480 < 4,200). The bound 481 is
    // out of reach; 482 is the fewest.
    const w = [...Array(2400).fill(20_160), ...Array(4200).fill(1)];
    expect(lowerBoundWeighted(w)).toBe(481);
    expect(planWeighted(w).calls).toBe(482);
    // uniform sizes: the same calls as the per-series plan
    for (const [n, points] of [
      [1001, 60],
      [71, 1440],
      [777, 202],
    ] as const)
      expect(planWeighted(Array(n).fill(points)).calls).toBe(planBatches(n, points).calls);
  });

  it('the plan never beats the lower bound and meets it across many sizes', () => {
    let met = 0;
    let total = 0;
    for (const n of [1, 10, 499, 500, 501, 777, 1000, 1499, 2500]) {
      for (const points of [1, 60, 201, 202, 288, 1440, 4032, 10080, 20160, 43200]) {
        const p = planBatches(n, points);
        expect(p.batches.reduce((a, b) => a + b, 0)).toBe(n);
        expect(Math.max(...p.batches)).toBeLessThanOrEqual(500);
        expect(p.calls).toBeGreaterThanOrEqual(lowerBoundCalls(n, points));
        total++;
        if (p.calls === p.lowerBound) met++;
      }
    }
    expect(met).toBe(total);
  });

  it('finest period retention allows for the window', () => {
    const d = 86_400_000;
    expect(choosePeriod(NOW - 15 * d, NOW).periodSeconds).toBe(60);
    expect(choosePeriod(NOW - 16 * d, NOW).periodSeconds).toBe(300);
    expect(choosePeriod(NOW - 63 * d, NOW).periodSeconds).toBe(300);
    expect(choosePeriod(NOW - 64 * d, NOW).periodSeconds).toBe(3600);
    expect(() => choosePeriod(NOW - 456 * d, NOW)).toThrow(/455 days/);
  });
});

describe('quota merge (pure)', () => {
  const bundled = [
    {
      code: 'L-8A5B8E43',
      name: 'Throttle rate',
      scope: 'account',
      kind: 'rate' as const,
      unit: 'requests/second',
      default: 10000,
      adjustable: true,
      docUrl: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
      status: 'verified',
    },
    {
      code: 'L-E8693075',
      name: 'Usage plans',
      scope: 'account',
      kind: 'count' as const,
      unit: 'count',
      default: 300,
      adjustable: true,
      docUrl: 'https://docs.aws.amazon.com/x',
      status: 'verified',
    },
  ];
  it('a per-minute sum is divided by its period before meeting a per-second quota; counts stay counts', () => {
    const m = mergeQuotas(
      undefined,
      [
        { code: 'L-8A5B8E43', name: 'Throttle rate', value: 10000, unit: 'None', adjustable: true, period: undefined },
        { code: 'L-E8693075', name: 'Usage plans', value: 300, unit: 'None', adjustable: true, period: undefined },
      ],
      bundled,
    );
    const rows = withUsage(m.rows, { peakRequests: { sum: 540_000, periodSeconds: 60, atMs: NOW }, usagePlans: 270 });
    expect(rows.find((r) => r.code === 'L-8A5B8E43')).toMatchObject({ kind: 'rate', usage: { value: 9000 } });
    expect(rows.find((r) => r.code === 'L-8A5B8E43')!.headroom).toBeCloseTo(0.1);
    expect(rows.find((r) => r.code === 'L-E8693075')!.headroom).toBeCloseTo(0.1);
    expect(perSecond(600, 60)).toBe(10);
  });
  it('bundled-only in a newer Region uses its lower throttle default', () => {
    const m = mergeQuotas(undefined, undefined, bundled, findRegion('af-south-1')!.accountThrottle);
    expect(m.bundledOnly).toBe(true);
    expect(m.rows.find((r) => r.code === 'L-8A5B8E43')!.value).toBe(2500);
    // the same Region facts fill the defaults when only applied values were read
    const rate = bundled.find((b) => b.code === 'L-8A5B8E43')!;
    expect(regionalDefault(rate, findRegion('mx-central-1')!.accountThrottle)).toBe(2500);
    expect(regionalDefault(rate, findRegion('eu-west-1')!.accountThrottle)).toBe(10000);
  });
  it('a quota with a period (per minute) becomes per second', () => {
    const m = mergeQuotas(
      [{ code: 'L-X', name: 'Calls', value: 600, unit: 'None', adjustable: false, period: { value: 1, unit: 'MINUTE' } }],
      [],
      [],
    );
    expect(m.rows[0]).toMatchObject({ kind: 'rate', value: 10 });
  });
});

describe('read-only: every SDK command imported under src/adapters is List*, Get* or Describe*', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  it('imports from @aws-sdk/client-* name only read operations', () => {
    const commands: string[] = [];
    for (const f of files(join(ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-[a-z0-9-]+['"]/g)) {
        for (const spec of m[1]!
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)) {
          const name = spec.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!;
          // operations are named by their Command classes and by the SDK's paginators (paginateGetRestApis…)
          if (/Command$|^paginate/.test(name)) commands.push(`${relative(ROOT, f)}: ${name.replace(/^paginate/, '')}`);
        }
      }
      // no dynamic or namespace imports that would hide a command name
      expect(text, f).not.toMatch(/import\s*\*\s*as\s+\w+\s+from\s*['"]@aws-sdk|import\(\s*['"]@aws-sdk/);
    }
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((c) => !/: (List|Get|Describe)[A-Za-z0-9]*$/.test(c))).toEqual([]);
  });
  it('only src/adapters and the AWS commands import the SDK', () => {
    const offenders = files(join(ROOT, 'src')).filter(
      (f) => /from ['"]@aws-sdk\//.test(readFileSync(f, 'utf8')) && !relative(ROOT, f).startsWith(join('src', 'adapters')),
    );
    expect(offenders).toEqual([]);
  });
});
