import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientConfig, createSession } from '../../src/adapters/aws/session.js';
import { fetchSeries, type SeriesRequest } from '../../src/adapters/aws/cloudwatch.js';
import { choosePeriod, lowerBoundCalls, planBatches } from '../../src/models/cloudwatch/plan.js';
import { mergeQuotas, perSecond, withUsage } from '../../src/models/quotas/merge.js';
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
    [1, 1], [3, 30], [4, 14], [70, 1], [71, 1], [2, 20], [2, 400], [500, 1 / 24], [501, 1 / 24], [1001, 1 / 24], [30, 70],
  ];
  it.each(cases)('%i series over %d days: GetMetricData calls on the wire = max(ceil(N/500), ceil(N·P/100,800))', async (n, days) => {
    const end = NOW;
    const start = end - days * 86_400_000;
    const period = choosePeriod(start, NOW).periodSeconds;
    const points = Math.round((days * 86_400) / period);
    aws.state.metrics = Array.from({ length: n }, (_, i) => ({ MetricName: 'Count', Dimensions: [{ Name: 'ApiName', Value: `api${i}` }, { Name: 'Stage', Value: 'prod' }], value: () => 1 }));
    const s = createSession({ region: 'us-east-1', endpoint: aws.url, overrides: testOverrides() });
    const cw = new CloudWatchClient(clientConfig(s));
    const reqs: SeriesRequest[] = aws.state.metrics.map((m, i) => ({ id: `s${i}`, metricName: m.MetricName, dimensions: m.Dimensions, stat: 'Sum' }));
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
    { code: 'L-8A5B8E43', name: 'Throttle rate', scope: 'account', kind: 'rate' as const, unit: 'requests/second', default: 10000, adjustable: true, docUrl: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html', status: 'verified' },
    { code: 'L-E8693075', name: 'Usage plans', scope: 'account', kind: 'count' as const, unit: 'count', default: 300, adjustable: true, docUrl: 'https://docs.aws.amazon.com/x', status: 'verified' },
  ];
  it('a per-minute sum is divided by its period before meeting a per-second quota; counts stay counts', () => {
    const m = mergeQuotas(undefined, [{ code: 'L-8A5B8E43', name: 'Throttle rate', value: 10000, unit: 'None', adjustable: true, period: undefined }, { code: 'L-E8693075', name: 'Usage plans', value: 300, unit: 'None', adjustable: true, period: undefined }], bundled, 'us-east-1');
    const rows = withUsage(m.rows, { peakRequests: { sum: 540_000, periodSeconds: 60, atMs: NOW }, usagePlans: 270 });
    expect(rows.find((r) => r.code === 'L-8A5B8E43')).toMatchObject({ kind: 'rate', usage: { value: 9000 } });
    expect(rows.find((r) => r.code === 'L-8A5B8E43')!.headroom).toBeCloseTo(0.1);
    expect(rows.find((r) => r.code === 'L-E8693075')!.headroom).toBeCloseTo(0.1);
    expect(perSecond(600, 60)).toBe(10);
  });
  it('bundled-only in a newer Region uses its lower throttle default', () => {
    const m = mergeQuotas(undefined, undefined, bundled, 'af-south-1', ['af-south-1']);
    expect(m.bundledOnly).toBe(true);
    expect(m.rows.find((r) => r.code === 'L-8A5B8E43')!.value).toBe(2500);
  });
  it('a quota with a period (per minute) becomes per second', () => {
    const m = mergeQuotas([{ code: 'L-X', name: 'Calls', value: 600, unit: 'None', adjustable: false, period: { value: 1, unit: 'MINUTE' } }], [], [], 'us-east-1');
    expect(m.rows[0]).toMatchObject({ kind: 'rate', value: 10 });
  });
});

describe('read-only: every SDK command imported under src/adapters is List*, Get* or Describe*', () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  it('imports from @aws-sdk/client-* name only read operations', () => {
    const commands: string[] = [];
    for (const f of files(join(ROOT, 'src'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-[a-z0-9-]+['"]/g)) {
        for (const spec of m[1]!.split(',').map((x) => x.trim()).filter(Boolean)) {
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
    const offenders = files(join(ROOT, 'src')).filter((f) => /from ['"]@aws-sdk\//.test(readFileSync(f, 'utf8')) && !relative(ROOT, f).startsWith(join('src', 'adapters')));
    expect(offenders).toEqual([]);
  });
});
