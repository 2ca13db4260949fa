import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readApiGateway } from '../../src/adapters/aws/apigateway.js';
import { readCloudWatchTraffic } from '../../src/adapters/aws/cloudwatch.js';
import { latencyInput } from '../../src/adapters/aws/from-cloudwatch.js';
import { createSession } from '../../src/adapters/aws/session.js';
import { run as runLimits } from '../../src/commands/limits.js';
import { depsFromIo } from '../../src/app/deps.js';
import { simulateRequest } from '../../src/app/requests.js';
import { simulate } from '../../src/app/simulate.js';
import { fillInterior, timeoutFindings, type StageMetrics } from '../../src/models/cloudwatch/detail.js';
import type { Io } from '../../src/io.js';
import { Decimal } from '../../src/money/decimal.js';
import { FakeAws, type AwsState, type MetricFixture } from '../helpers/aws-server.js';
import { accountState, NOW, testOverrides } from './fixtures.js';

const S = NOW / 1000 - 86_400; // start of the one-day window (epoch seconds)
const E = NOW / 1000;
const MID = S + 43_200;
const dims = (k: 'ApiName' | 'ApiId', v: string, stage: string) => [
  { Name: k, Value: v },
  { Name: 'Stage', Value: stage },
];
const pct = (table: Record<string, number>) => (_t: number, _p: number, stat: string) => table[stat];

function metrics(): MetricFixture[] {
  const orders = dims('ApiName', 'orders', 'prod');
  const web = dims('ApiId', 'h1', '$default');
  const legacy = dims('ApiId', 'h2', 'v1');
  const chat = dims('ApiId', 'w1', 'live');
  // orders/prod: no datapoint in the first 2 and the last 3 minutes (edges) nor for 10 minutes an hour in (inside)
  const ordersHas = (t: number) => t >= S + 120 && t < E - 180 && !(t >= S + 3600 && t < S + 4200);
  return [
    { MetricName: 'Count', Dimensions: orders, value: (t) => (ordersHas(t) ? 120 : undefined) },
    { MetricName: '4XXError', Dimensions: orders, value: (t) => (ordersHas(t) ? 6 : undefined) },
    { MetricName: '5XXError', Dimensions: orders, value: (t) => (ordersHas(t) ? 3 : undefined) },
    { MetricName: 'Latency', Dimensions: orders, value: pct({ p50: 40, p90: 120, p99: 900 }) },
    { MetricName: 'IntegrationLatency', Dimensions: orders, value: pct({ p50: 30, p90: 100, p99: 24_000, Maximum: 29_000 }) },
    // HTTP, current names; 5xx only from mid-window: the first half is missing (not zero) for the 5XX rate
    { MetricName: 'Count', Dimensions: web, value: () => 60 },
    { MetricName: '4xx', Dimensions: web, value: () => 3 },
    { MetricName: '5xx', Dimensions: web, value: (t) => (t >= MID ? 1 : undefined) },
    { MetricName: 'DataProcessed', Dimensions: web, value: () => 1024 },
    { MetricName: 'Latency', Dimensions: web, value: pct({ p50: 250, p90: 1_200, p99: 31_500 }) },
    { MetricName: 'IntegrationLatency', Dimensions: web, value: pct({ p50: 200, p90: 1_000, p99: 31_000, Maximum: 32_000 }) },
    // HTTP, older names, renamed mid-window with 10 minutes under both names: never counted twice
    { MetricName: 'Count', Dimensions: legacy, value: () => 10 },
    { MetricName: '4XXError', Dimensions: legacy, value: (t) => (t < MID ? 2 : undefined) },
    { MetricName: '4xx', Dimensions: legacy, value: (t) => (t >= MID - 600 ? 2 : undefined) },
    { MetricName: '5XXError', Dimensions: legacy, value: () => 1 },
    // WebSocket
    { MetricName: 'MessageCount', Dimensions: chat, value: () => 30 },
    { MetricName: 'ConnectCount', Dimensions: chat, value: () => 3 },
    { MetricName: 'ClientError', Dimensions: chat, value: () => 3 },
    { MetricName: 'ExecutionError', Dimensions: chat, value: () => 1 },
    { MetricName: 'IntegrationError', Dimensions: chat, value: () => 2 },
    { MetricName: 'IntegrationLatency', Dimensions: chat, value: pct({ p50: 20, p90: 80, p99: 300, Maximum: 900 }) },
    // REST API with only Count listed: its error rates and latencies are unknown, not zero
    { MetricName: 'Count', Dimensions: dims('ApiName', 'partner', 'v1'), value: () => 5 },
  ];
}

function state(): AwsState {
  const st = accountState();
  st.v2Apis!.push({ ApiId: 'h2', Name: 'legacy', ProtocolType: 'HTTP', routes: 2, stages: [{ stageName: 'v1' }] });
  st.metrics = metrics();
  return st;
}

let aws: FakeAws;
beforeEach(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  aws = new FakeAws(state());
  aws.pageSize = 50;
  await aws.start();
});
afterEach(async () => {
  await aws.stop();
  vi.unstubAllEnvs();
});

const session = () => createSession({ region: 'us-east-1', endpoint: aws.url, overrides: testOverrides() });
function io(): Io & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (t) => err.push(t), env: { APIGW_PLAN_NOW: new Date(NOW).toISOString() }, cwd: process.cwd(), err };
}
const GMD = 'GraniteServiceVersion20100801.GetMetricData';

describe('CloudWatch per-stage figures: errors, percentiles, DataProcessed', () => {
  it('asks percentiles over the whole window (one datapoint each) in the same call as the per-period sums', async () => {
    const s = session();
    const t = (await readCloudWatchTraffic(s, (await readApiGateway(s)).apis, { days: 1, nowMs: NOW }))!;
    const calls = aws.calls.filter((c) => c.op === GMD);
    // 17 per-period series × 1,440 points = 24,480 datapoints + 18 whole-window statistics: one call
    expect(calls).toHaveLength(1);
    expect(t.calls).toBe(1);
    expect(t.queries).toBe(35);
    const q = calls[0]!.body.MetricDataQueries as Array<{ MetricStat: { Metric: { MetricName: string }; Period: number; Stat: string } }>;
    const stats = (name: string) =>
      q
        .filter((x) => x.MetricStat.Metric.MetricName === name)
        .map((x) => `${x.MetricStat.Stat}@${x.MetricStat.Period}`)
        .sort();
    expect(stats('Latency')).toEqual(['p50@86400', 'p50@86400', 'p90@86400', 'p90@86400', 'p99@86400', 'p99@86400']);
    expect(stats('IntegrationLatency')).toEqual([
      ...Array(3).fill('Maximum@86400'),
      ...Array(3).fill('p50@86400'),
      ...Array(3).fill('p90@86400'),
      ...Array(3).fill('p99@86400'),
    ]);
    expect(stats('DataProcessed')).toEqual(['Sum@60']);
    expect(stats('4xx')).toEqual(['Sum@60', 'Sum@60']);

    const st = (api: string) => t.stages.find((x) => x.api === api)!;
    expect(st('orders').latency).toEqual({ p50: 40, p90: 120, p99: 900 });
    expect(st('orders').integrationLatency).toEqual({ p50: 30, p90: 100, p99: 24_000, max: 29_000 });
    expect(st('web').integrationLatency).toEqual({ p50: 200, p90: 1_000, p99: 31_000, max: 32_000 });
    expect(st('chat').latency).toBeUndefined(); // WebSocket APIs publish no Latency
    expect(st('web').dataProcessedBytes).toBe(1024 * 1440);
    expect(st('orders').dataProcessedBytes).toBeUndefined();
  });

  it('error rates: REST 4XXError/5XXError, HTTP 4xx/5xx and 4XXError/5XXError (renamed: the larger per period, never added), WebSocket ClientError, ExecutionError, and IntegrationError apart', async () => {
    const s = session();
    const t = (await readCloudWatchTraffic(s, (await readApiGateway(s)).apis, { days: 1, nowMs: NOW }))!;
    const st = (api: string) => t.stages.find((x) => x.api === api)!;
    // orders: 1,425 periods with datapoints and 10 zero-filled (both series), 5 missing at the edges
    expect(st('orders').errors4xx).toEqual({ metrics: ['4XXError'], errors: 6 * 1425, requests: 120 * 1425, rate: 0.05, periods: 1435 });
    expect(st('orders').errors5xx!.rate).toBe(0.025);
    expect(st('web').errors4xx).toEqual({ metrics: ['4xx'], errors: 3 * 1440, requests: 60 * 1440, rate: 0.05, periods: 1440 });
    // web 5xx has datapoints only from mid-window: the first half is missing, the rate is over the 720 known periods
    expect(st('web').errors5xx).toEqual({ metrics: ['5xx'], errors: 720, requests: 60 * 720, rate: 1 / 60, periods: 720 });
    expect(st('legacy').errors4xx).toEqual({
      metrics: ['4XXError', '4xx'],
      errors: 2 * 1440,
      requests: 10 * 1440,
      rate: 0.2,
      periods: 1440,
    });
    expect(st('legacy').errors5xx).toEqual({ metrics: ['5XXError'], errors: 1440, requests: 14_400, rate: 0.1, periods: 1440 });
    expect(st('chat').requests).toEqual({ metric: 'MessageCount', total: 30 * 1440 });
    expect(st('chat').errors4xx).toEqual({ metrics: ['ClientError'], errors: 3 * 1440, requests: 30 * 1440, rate: 0.1, periods: 1440 });
    // IntegrationError covers integration responses with 4XX and 5XX status: its own figure, not 5XX
    expect(st('chat').errors5xx).toEqual({ metrics: ['ExecutionError'], errors: 1440, requests: 30 * 1440, rate: 1 / 30, periods: 1440 });
    expect(st('chat').integrationErrors).toEqual({
      metrics: ['IntegrationError'],
      errors: 2 * 1440,
      requests: 30 * 1440,
      rate: 2 / 30,
      periods: 1440,
    });
    expect(st('orders').integrationErrors).toBeUndefined();
    // metrics not listed: unknown, not zero
    expect(st('partner')).toMatchObject({
      errors4xx: undefined,
      errors5xx: undefined,
      latency: undefined,
      integrationLatency: undefined,
      notListed: ['4XX errors', '5XX errors', 'Latency', 'IntegrationLatency'],
    });
    expect(st('legacy').notListed).toEqual(['Latency', 'IntegrationLatency', 'DataProcessed']);
    expect(s.findings.find((f) => f.code === 'CLOUDWATCH_METRIC_NOT_LISTED')!.message).toContain(
      '4XX errors/5XX errors/Latency/IntegrationLatency for partner/v1',
    );
  });

  it('two REST APIs sharing a name: one merged series, labelled as shared and reported, never given to one of them', async () => {
    aws.state.restApis!.push({ id: 'a9', name: 'orders', endpointType: 'REGIONAL', resources: 2, stages: [{ stageName: 'prod' }] });
    const s = session();
    const t = (await readCloudWatchTraffic(s, (await readApiGateway(s)).apis, { days: 1, nowMs: NOW }))!;
    expect(t.stages.map((x) => x.api)).toContain('orders (2 REST APIs: a1, a9)');
    expect(t.stages.map((x) => x.api)).not.toContain('orders');
    const f = s.findings.find((x) => x.code === 'REST_API_NAME_SHARED')!;
    expect(f.level).toBe('warn');
    expect(f.message).toContain('2 REST APIs are named "orders" (ids a1, a9)');
  });

  it('zero-fills inside a series, keeps its edges missing, and counts both', async () => {
    const s = session();
    const t = (await readCloudWatchTraffic(s, (await readApiGateway(s)).apis, { days: 1, nowMs: NOW }))!;
    const i = t.grid.series.findIndex((m) => m.api === 'orders');
    const v = t.grid.counts[i]!;
    expect(
      [v[0], v[1], v[2], v[59], v[60], v[69], v[70], v[1436], v[1437], v[1439]].map((x) => (Number.isNaN(x!) ? 'missing' : x)),
    ).toEqual(['missing', 'missing', 120, 120, 0, 0, 120, 120, 'missing', 'missing']);
    expect(t.coverage.series.find((c) => c.series === 'api=orders stage=prod' && c.metric === 'Count')).toEqual({
      series: 'api=orders stage=prod',
      metric: 'Count',
      observed: 1425,
      zeroFilled: 10,
      missing: 5,
    });
    expect(t.gaps).toEqual([{ series: 'api=orders stage=prod', periods: 5, firstMs: NOW - 86_400_000 }]);
    expect(t.coverage.series.find((c) => c.series === 'api=web stage=$default' && c.metric === '5xx')).toMatchObject({
      observed: 720,
      zeroFilled: 0,
      missing: 720,
    });
    // orders Count/4XXError/5XXError: 10 zero-filled each; edges: orders ×3 (5 each), web 5xx (720), legacy 4XXError (720 from mid-window) and 4xx (710 before mid-window − 10 min)
    expect(t.coverage.zeroFilled).toBe(30);
    expect(t.coverage.missing).toBe(15 + 720 + 720 + 710);
    expect(s.findings.find((f) => f.code === 'CLOUDWATCH_ZERO_FILLED')!.message).toMatch(/^30 period\(s\) in 3 series /);
    expect(s.findings.find((f) => f.code === 'CLOUDWATCH_MISSING_DATA')!.message).toMatch(/^6 series .*\(2165 periods in all\)/);
  });

  it('fillInterior (pure): zero only between the first and last datapoint', () => {
    const v = Float64Array.from([NaN, 5, NaN, NaN, 7, NaN]);
    expect(fillInterior(v)).toEqual({ observed: 2, zeroFilled: 2, missing: 2, firstMissing: 0 });
    expect([...v].map((x) => (Number.isNaN(x) ? null : x))).toEqual([null, 5, 0, 0, 7, null]);
    const none = Float64Array.from([NaN, NaN]);
    expect(fillInterior(none)).toEqual({ observed: 0, zeroFilled: 0, missing: 2, firstMissing: 0 });
    expect(fillInterior(Float64Array.from([1, NaN, 2, NaN]))).toEqual({ observed: 2, zeroFilled: 1, missing: 1, firstMissing: 3 });
  });
});

describe('INTEGRATION_TIMEOUT_RISK and the latency figures in limits and simulate', () => {
  const stage = (apiType: StageMetrics['apiType'], p99: number, endpointType = 'REGIONAL'): StageMetrics => ({
    api: 'a',
    apiType,
    endpointType,
    stage: 's',
    requests: undefined,
    errors4xx: undefined,
    errors5xx: undefined,
    latency: undefined,
    integrationLatency: { p50: 1, p90: 2, p99 },
    dataProcessedBytes: undefined,
    notListed: [],
  });

  it('warns at 80 % of the timeout (29 s REST/WebSocket, 30 s HTTP), errors at or over it, and uses a raised REST timeout for Regional APIs only', () => {
    expect(timeoutFindings([stage('rest', 23_199)])).toEqual([]);
    expect(timeoutFindings([stage('rest', 23_200)]).map((f) => f.level)).toEqual(['warn']);
    expect(timeoutFindings([stage('websocket', 29_000)]).map((f) => f.level)).toEqual(['error']);
    expect(timeoutFindings([stage('http', 23_999)])).toEqual([]);
    expect(timeoutFindings([stage('http', 29_000)]).map((f) => f.level)).toEqual(['warn']);
    expect(timeoutFindings([stage('rest', 30_000)], 60_000)).toEqual([]);
    expect(timeoutFindings([stage('rest', 30_000, 'EDGE')], 60_000).map((f) => f.level)).toEqual(['error']);
  });

  it('limits: per-stage error rates and percentiles, period counts, and the timeout findings', async () => {
    const r = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '1', format: 'json' }, io(), testOverrides());
    const j = JSON.parse(r.stdout);
    expect(j.cloudwatch).toMatchObject({
      calls: 1,
      queries: 35,
      periods: { observed: 17 * 1440 - 2165 - 30, zeroFilled: 30, missing: 2165 },
    });
    const risks = j.findings.filter((f: any) => f.code === 'INTEGRATION_TIMEOUT_RISK');
    expect(risks.map((f: any) => `${f.level} ${f.message}`)).toEqual([
      'warn orders/prod: integration latency p99 24.00 s is 82 % of the 29 s integration timeout (max 29.00 s): the slowest 1 % of integration calls come close to a 504; make them asynchronous or faster',
      'error web/$default: integration latency p99 31.00 s is at or over the 30 s integration timeout (max 32.00 s): at least 1 % of integration calls time out with 504; make them asynchronous or faster',
    ]);
    // a wide terminal: every column of the stage table on one line per stage
    const table = (
      await runLimits(
        { region: 'us-east-1', endpointUrl: aws.url, days: '1' },
        { ...io(), env: { ...io().env, COLUMNS: '200' } },
        testOverrides(),
      )
    ).stdout;
    const row = table.split('\n').find((l) => l.startsWith('| orders/prod '))!;
    expect(row.split('|').map((c) => c.trim())).toEqual([
      '',
      'orders/prod',
      'rest',
      '171,000',
      '5.00%',
      '2.50%',
      '',
      '40 ms / 120 ms / 900 ms',
      '30 ms / 100 ms / 24.00 s',
      '',
      '',
    ]);
    expect(
      table
        .split('\n')
        .find((l) => l.startsWith('| web/$default '))!
        .split('|')
        .map((c) => c.trim()),
    ).toEqual([
      '',
      'web/$default',
      'http',
      '86,400',
      '5.00%',
      '1.67%',
      '',
      '250 ms / 1.20 s / 31.50 s',
      '200 ms / 1.00 s / 31.00 s',
      '1.4 MB',
      '',
    ]);
    expect(table).toContain('periods: 22,285 with a datapoint, 30 zero-filled');
    expect(
      table
        .split('\n')
        .find((l) => l.startsWith('| partner/v1 '))!
        .split('|')
        .map((c) => c.trim()),
    ).toEqual(['', 'partner/v1', 'rest', '7,200', 'not listed', 'not listed', '', 'not listed', 'not listed', '', '']);
    // WebSocket: ClientError as 4XX, ExecutionError as 5XX, IntegrationError (4XX and 5XX from the integration) apart
    expect(
      table
        .split('\n')
        .find((l) => l.startsWith('| chat/live '))!
        .split('|')
        .map((c) => c.trim())
        .slice(4, 7),
    ).toEqual(['10.00%', '3.33%', '6.67%']);
  });

  it('estimate --from-cloudwatch: each API/stage gets its share of the bill, in proportion to its measured traffic', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKEFAKEFAKE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/apigw-plan/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/apigw-plan/credentials');
    const { estimate } = await import('../../src/app/estimate.js');
    const { estimateRequest } = await import('../../src/app/requests.js');
    const { depsFromIo } = await import('../../src/app/deps.js');
    const run = await estimate(
      estimateRequest({ fromCloudwatch: true, region: 'us-east-1', endpointUrl: aws.url, days: '1', maxAttempts: '3' }),
      depsFromIo(io()),
    );
    const rest = run.report.options.find((o) => o.id === 'rest')!;
    if (!rest.priced) throw new Error('rest not priced');
    const shares = rest.costByApi!.apis;
    expect(shares.map((a) => a.api)).toEqual(expect.arrayContaining(['orders/prod', 'web/$default', 'chat/live', 'partner/v1']));
    // the shares add up to the option's total (the identity provider adds nothing here)
    const total = shares.reduce((a, x) => a.plus(x.monthlyUsdExact), new Decimal(0));
    expect(total.eq(rest.monthlyUsdExact)).toBe(true);
    // requests split by measured share: web/$default (60/min) carries 12× partner/v1 (5/min) of the request lines
    const w = run.built.workload.apis;
    const req = (name: string) => w.find((a) => `${a.name}/${a.stage}` === name)!.requestsPerMonth;
    expect(req('web/$default').div(req('partner/v1')).toFixed()).toBe('12');
    expect(run.report.assumptions.some((a) => a.startsWith('FROM_CLOUDWATCH: cost per API and stage'))).toBe(true);
  });

  it('simulate --from-cloudwatch without --payload runs the timeout check on the measured integration latency', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKEFAKEFAKE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/apigw-plan/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/apigw-plan/credentials');
    const base = {
      fromCloudwatch: true,
      region: 'us-east-1',
      endpointUrl: aws.url,
      days: '1',
      target: '0.01',
      dispersion: '1',
      seed: '1',
      samples: '100',
      maxAttempts: '3',
    };
    const sim = await simulate(simulateRequest(base), depsFromIo(io()));
    // web/$default (HTTP, p99 31 s against 30 s) is the stage most at risk; 30 s lies between p90 1 s and p99 31 s
    expect(sim.payloadInput!.apiType).toBe('http');
    expect(sim.payloadInput!.integrationLatencyMs!.points).toEqual([
      { x: 0, f: 0 },
      { x: 200, f: 0.5 },
      { x: 1000, f: 0.9 },
      { x: 31_000, f: 0.99 },
      { x: 32_000, f: 1 },
    ]);
    const risk = sim.result.payload!.findings.find((f) => f.code === 'INTEGRATION_TIMEOUT_RISK')!;
    expect(risk.message).toMatch(/^1\.30 % of integration calls take longer than the 30 s integration timeout/);
    expect(sim.result.assumptions.find((a) => a.startsWith('PAYLOAD_FROM_CLOUDWATCH'))).toBe(
      'PAYLOAD_FROM_CLOUDWATCH: integration latency of http web/$default over the window (p50 200 ms, p90 1.00 s, p99 31.00 s, max 32.00 s), the highest p99 against its timeout of 3 stage(s) with integration latency; no --payload file',
    );
    // the chat stage alone: p99 300 ms, max 900 ms: the maximum closes the distribution, so no risk is invented
    const chat = await simulate(simulateRequest({ ...base, api: 'chat' }), depsFromIo(io()));
    expect(chat.result.payload!.rows.find((x) => x.what === 'integration latency')!.share).toEqual({ value: 0, atMost: false });
    expect(chat.result.payload!.findings.map((f) => f.code)).not.toContain('INTEGRATION_TIMEOUT_RISK');
  });

  it('latencyInput: no stage with integration latency gives no latency input', () => {
    expect(latencyInput([{ ...stage('rest', 1), integrationLatency: undefined }])).toBeUndefined();
  });
});
