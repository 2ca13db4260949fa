import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readApiGateway, toLimitsFile } from '../../src/adapters/aws/apigateway.js';
import { readCloudWatchTraffic } from '../../src/adapters/aws/cloudwatch.js';
import { createSession } from '../../src/adapters/aws/session.js';
import { run as runLimits } from '../../src/commands/limits.js';
import { run as runIamPolicy } from '../../src/commands/iam-policy.js';
import { EnvironmentError } from '../../src/errors.js';
import { buildLimits, limitsSchema } from '../../src/traffic/limits.js';
import type { Io } from '../../src/io.js';
import { FakeAws, garbage, jsonError, restError } from '../helpers/aws-server.js';
import { accountState, NOW, testOverrides } from './fixtures.js';

let aws: FakeAws;
beforeEach(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  aws = new FakeAws(accountState());
  await aws.start();
});
afterEach(async () => {
  await aws.stop();
  vi.unstubAllEnvs();
});

function io(): Io & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (t) => err.push(t), env: { APIGW_PLAN_NOW: new Date(NOW).toISOString() }, cwd: process.cwd(), err };
}
const session = () => createSession({ region: 'us-east-1', endpoint: aws.url, overrides: testOverrides() });

describe('API Gateway v1/v2 over REST-JSON', () => {
  it('reads APIs, stages, throttles and usage plans across several pages, signed with SigV4', async () => {
    const s = session();
    const inv = await readApiGateway(s);
    expect(aws.count('apigateway.GetRestApis')).toBe(2); // 3 APIs, pages of 2 (position)
    expect(aws.count('apigatewayv2.GetApis')).toBe(1);
    expect(aws.calls[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\//);
    expect(aws.calls.every((c) => c.method === 'GET' || c.op.includes('.'))).toBe(true);
    expect(inv.account).toEqual({ rate: 10000, burst: 5000 });
    const orders = inv.apis.find((a) => a.name === 'orders')!;
    expect(orders.routeCount).toBe(150);
    expect(orders.stages[0]).toMatchObject({
      name: 'prod',
      default: { rate: 600, burst: 400 },
      routes: { 'POST /orders': { rate: 150, burst: 100 } },
    });
    const web = inv.apis.find((a) => a.name === 'web')!;
    expect(web).toMatchObject({ type: 'http', routeCount: 12 });
    expect(web.stages[0]).toMatchObject({ default: { rate: 2000, burst: 1000 }, routes: { 'GET /items': { rate: 500, burst: 200 } } });
    expect(inv.usagePlans![0]).toMatchObject({
      name: 'basic',
      keys: ['acme', 'globex', 'initech'],
      quota: { limit: 2000, period: 'DAY', offset: 0 },
      methods: [{ api: 'partner', stage: 'v1', route: 'GET /quotes', rate: 8, burst: 16 }],
    });
    expect(aws.count('apigateway.GetUsagePlanKeys')).toBe(3); // 3 keys over pages of 2, plus the empty plan
    expect(inv.apiKeyCount).toBe(130);
  });

  it('outputs configured throttles as a limits file the simulator accepts', async () => {
    const inv = await readApiGateway(session());
    const notes: string[] = [];
    const file = toLimitsFile(inv, undefined, notes);
    const parsed = limitsSchema.parse(JSON.parse(JSON.stringify(file)));
    const cfg = buildLimits(parsed, {});
    expect(cfg.account).toMatchObject({ rate: 10000, burst: 5000, origin: 'file' });
    expect(cfg.stages.find((s) => s.api === 'orders' && s.stage === 'prod')!.routes['POST /orders']).toMatchObject({
      rate: 150,
      burst: 100,
    });
    expect(cfg.stages.find((s) => s.api === 'chat')!.type).toBe('websocket');
    expect(cfg.usagePlans.map((p) => p.name)).toEqual(['basic']);
    expect(notes[0]).toMatch(/usage plan "empty" has no API keys/);
  });

  it('retries a throttling answer (429 TooManyRequestsException) with the SDK retry strategy', async () => {
    aws.script(
      'apigateway.GetRestApis',
      restError(429, 'TooManyRequestsException', 'Too Many Requests'),
      restError(429, 'TooManyRequestsException', 'Too Many Requests'),
    );
    const inv = await readApiGateway(session());
    expect(inv.apis.filter((a) => a.type === 'rest')).toHaveLength(3);
    expect(aws.count('apigateway.GetRestApis')).toBe(4);
  });

  it('access denied on one call: continues, names the IAM action in a finding', async () => {
    aws.always.set(
      'apigateway.GetUsagePlans',
      restError(403, 'AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: apigateway:GET'),
    );
    const s = session();
    const inv = await readApiGateway(s);
    expect(inv.usagePlans).toBeUndefined();
    expect(inv.apis).toHaveLength(5);
    expect(s.findings).toEqual([
      expect.objectContaining({ code: 'AWS_ACCESS_DENIED', message: expect.stringContaining('apigateway:GET /usageplans') }),
    ]);
    expect(s.findings[0]!.message).toContain('iam-policy');
  });
});

describe('CloudWatch over AWS JSON 1.0 (query-compatible)', () => {
  it('discovers metrics with ListMetrics, fetches Count at 60 s; a gap inside a series is zero-filled and counted, an empty series is missing', async () => {
    const s = session();
    const inv = await readApiGateway(s);
    const t = (await readCloudWatchTraffic(s, inv.apis, { days: 1, nowMs: NOW }))!;
    const gmd = aws.calls.filter((c) => c.op === 'GraniteServiceVersion20100801.GetMetricData');
    expect(gmd[0]!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(gmd[0]!.headers['x-amzn-query-mode']).toBe('true');
    expect(typeof gmd[0]!.body.StartTime).toBe('number'); // epoch seconds on the wire
    expect(aws.count('GraniteServiceVersion20100801.ListMetrics')).toBe(4); // 7 metrics, pages of 2
    expect(t.period.periodSeconds).toBe(60);
    expect(t.grid.nPeriods).toBe(1440);
    const metas = t.grid.series.map((m) => `${m.api}/${m.stage}`);
    expect(metas.sort()).toEqual(['chat/live', 'orders/prod', 'web/$default']);
    const orders = t.grid.counts[t.grid.series.findIndex((m) => m.api === 'orders')]!;
    // the 10-minute gap lies between the series' first and last datapoint: zero traffic, counted
    expect(orders[59]).toBe(120);
    expect(orders[60]).toBe(0);
    expect(orders[69]).toBe(0);
    expect(orders[70]).toBe(120);
    expect(t.coverage.series.find((c) => c.series === 'api=orders stage=prod' && c.metric === 'Count')).toEqual({
      series: 'api=orders stage=prod',
      metric: 'Count',
      observed: 1430,
      zeroFilled: 10,
      missing: 0,
    });
    expect(t.gaps).toEqual([]);
    expect(t.empty).toEqual(['api=partner stage=v1 Count']);
    expect(t.coverage.series.find((c) => c.series === 'api=partner stage=v1')).toMatchObject({ observed: 0, zeroFilled: 0, missing: 1440 });
    expect(s.findings.find((f) => f.code === 'CLOUDWATCH_ZERO_FILLED')!.message).toMatch(/^10 period\(s\) in 1 series/);
    expect(s.findings.map((f) => f.code)).toContain('CLOUDWATCH_EMPTY_SERIES');
    expect(s.findings.map((f) => f.code)).not.toContain('CLOUDWATCH_MISSING_DATA');
    expect(t.peak).toMatchObject({ sum: 60_000 + 60 + 30, periodSeconds: 60 });
    // 6 per-period series (orders, web and partner Count, web 4xx, chat MessageCount and ConnectCount) × 1,440 points = 8,640 datapoints: one call
    expect(t.queries).toBe(6);
    expect(t.calls).toBe(1);
  });

  it('retries a CloudWatch throttling answer and pages with NextToken', async () => {
    aws.script('GraniteServiceVersion20100801.GetMetricData', jsonError(400, 'ThrottlingException', 'Rate exceeded', 'Throttling'));
    const s = session();
    const inv = await readApiGateway(s);
    const t = (await readCloudWatchTraffic(s, inv.apis, { days: 14, nowMs: NOW }))!;
    // 6 series × 20,160 points = 120,960 datapoints > 100,800: two calls, plus the throttled attempt
    expect(t.calls).toBe(2);
    expect(aws.count('GraniteServiceVersion20100801.GetMetricData')).toBe(3);
    const t2 = (await readCloudWatchTraffic(s, inv.apis, { days: 60, nowMs: NOW }))!;
    expect(t2.period.periodSeconds).toBe(300);
  });

  it('empty metric results: no metrics at all gives a finding and no series', async () => {
    aws.state.metrics = [];
    const s = session();
    const t = (await readCloudWatchTraffic(s, [], { days: 1, nowMs: NOW }))!;
    expect(t.grid.series).toEqual([]);
    expect(s.findings[0]!.code).toBe('CLOUDWATCH_NO_METRICS');
  });
});

describe('limits command', () => {
  it('merges applied and default quotas (raised flagged), measures usage and headroom, writes the limits file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-limits-'));
    const out = join(dir, 'limits.yaml');
    const r = await runLimits(
      { region: 'us-east-1', endpointUrl: aws.url, days: '1', format: 'json', limitsOut: out },
      io(),
      testOverrides(),
    );
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.quotaSource).toBe('service-quotas');
    const rate = j.rows.find((x: any) => x.code === 'L-8A5B8E43');
    // Service Quotas reports a raise to 20,000; GetAccount (what API Gateway enforces) still says 10,000
    expect(rate).toMatchObject({ value: 10000, serviceQuotasValue: 20000, source: 'get-account', default: 10000, kind: 'rate' });
    expect(rate.usage.value).toBe(1001.5); // 60,090 in the peak minute ÷ 60 s
    expect(rate.headroom).toBeCloseTo(1 - 1001.5 / 10000, 12);
    expect(j.findings.find((f: any) => f.code === 'ACCOUNT_THROTTLE_DIFFERS').message).toContain(
      'rate 10000 (GetAccount) vs 20000 (Service Quotas)',
    );
    const plans = j.rows.find((x: any) => x.code === 'L-E8693075');
    expect(plans).toMatchObject({ raised: false, usage: { value: 2 } });
    expect(j.rows.find((x: any) => x.code === 'L-01C8A9E0').usage).toMatchObject({ value: 150, where: 'most in API orders' });
    expect(j.rows.find((x: any) => x.code === 'L-AA0FF27B').usage.value).toBe(1);
    const file = limitsSchema.parse(parseYaml(readFileSync(out, 'utf8')));
    expect(file.stages.length).toBe(5);
  });

  it('GetAccount is the account throttle in a 2,500/1,250 Region where Service Quotas reports 10,000/5,000: headroom 4× smaller, both figures shown', async () => {
    aws.state.account = { rateLimit: 2500, burstLimit: 1250 };
    aws.state.quotasApplied = [];
    const r = await runLimits({ region: 'af-south-1', endpointUrl: aws.url, days: '1', format: 'json' }, io(), testOverrides());
    const j = JSON.parse(r.stdout);
    const rate = j.rows.find((x: any) => x.code === 'L-8A5B8E43');
    const burst = j.rows.find((x: any) => x.code === 'L-CDF5615A');
    expect(rate).toMatchObject({ value: 2500, serviceQuotasValue: 10000, source: 'get-account' });
    expect(burst).toMatchObject({ value: 1250, serviceQuotasValue: 5000, source: 'get-account' });
    // the same peak (1,001.5 rps) against 2,500, not 10,000
    expect(rate.headroom).toBeCloseTo(1 - 1001.5 / 2500, 12);
    const f = j.findings.find((x: any) => x.code === 'ACCOUNT_THROTTLE_DIFFERS');
    expect(f.level).toBe('warn');
    expect(f.message).toContain('rate 2500 (GetAccount) vs 10000 (Service Quotas); burst 1250 (GetAccount) vs 5000 (Service Quotas)');
    expect(f.message).toContain('af-south-1 defaults to 2,500 rps / 1,250 burst');
    const table = await runLimits({ region: 'af-south-1', endpointUrl: aws.url, days: '0' }, io(), testOverrides());
    // the table names both figures in the Value cell (wrapped to the terminal's width)
    expect(table.stdout).toContain('(GetAccount;');
    expect(table.stdout.replace(/[|\s]+/g, ' ')).toMatch(/2,500 req\/s .*\(GetAccount; .*Service .*Quotas .*10,000 .*req\/s\)/);
  });

  it('without GetAccount in a 2,500/1,250 Region, a Service Quotas value above the default is flagged as unconfirmed', async () => {
    aws.always.set('apigateway.GetAccount', restError(403, 'AccessDeniedException', 'not authorized'));
    aws.state.quotasApplied = [];
    const r = await runLimits({ region: 'af-south-1', endpointUrl: aws.url, days: '0', format: 'json' }, io(), testOverrides());
    const j = JSON.parse(r.stdout);
    expect(j.rows.find((x: any) => x.code === 'L-8A5B8E43')).toMatchObject({ value: 10000, source: 'service-quotas' });
    expect(j.findings.find((x: any) => x.code === 'ACCOUNT_THROTTLE_UNCONFIRMED').message).toContain('headroom may be overstated');
  });

  it('falls back to the bundled documented defaults when Service Quotas is denied', async () => {
    aws.always.set('ServiceQuotasV20190624.ListServiceQuotas', jsonError(400, 'AccessDeniedException', 'not authorized'));
    aws.always.set('ServiceQuotasV20190624.ListAWSDefaultServiceQuotas', jsonError(400, 'AccessDeniedException', 'not authorized'));
    const r = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '0', format: 'json' }, io(), testOverrides());
    const j = JSON.parse(r.stdout);
    expect(j.quotaSource).toBe('bundled');
    expect(j.rows.find((x: any) => x.code === 'L-AA0FF27B')).toMatchObject({
      value: 600,
      source: 'bundled',
      docUrl: expect.stringContaining('docs.aws.amazon.com'),
    });
    // the account throttle still comes from GetAccount, which agrees with the documented default here
    expect(j.rows.find((x: any) => x.code === 'L-8A5B8E43')).toMatchObject({ value: 10000, source: 'get-account' });
    expect(j.rows.find((x: any) => x.code === 'L-8A5B8E43').serviceQuotasValue).toBeUndefined();
    expect(j.findings.map((f: any) => f.code)).toEqual(expect.arrayContaining(['AWS_ACCESS_DENIED', 'SERVICE_QUOTAS_FALLBACK']));
    expect(j.findings.find((f: any) => f.code === 'AWS_ACCESS_DENIED').message).toContain('servicequotas:ListServiceQuotas');
  });

  it('table output answers first and fits 80 columns: verdict, then the quotas with the least headroom', async () => {
    const r = await runLimits(
      { region: 'us-east-1', endpointUrl: aws.url, days: '1' },
      { ...io(), env: { ...io().env, COLUMNS: '80' } },
      testOverrides(),
    );
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^verdict: /);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // the quota rows' headroom column, top to bottom: measured quotas first, least headroom first
    const headrooms = lines
      .filter((l) => /\| +\d+\.\d%? \|$|\| +–? +\|$/.test(l) && /\d\.\d%/.test(l))
      .map((l) => Number(l.match(/([\d.]+)% \|$/)![1]));
    expect(headrooms.length).toBeGreaterThan(0);
    expect(headrooms).toEqual([...headrooms].sort((a, b) => a - b));
    expect(r.stdout).toMatch(/10,000 req\/s|20,000 req\/s/);
  });

  it('table output names the configured throttles and the period used', async () => {
    const r = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '1' }, io(), testOverrides());
    expect(r.stdout).toContain('rest orders/prod: 600 req/s, burst 400; POST /orders 150 req/s, burst 100');
    expect(r.stdout).toContain('60-s periods');
  });
});

describe('failures: exit 3 with a clear message', () => {
  const expectEnv = async (p: Promise<unknown>, re: RegExp) => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as EnvironmentError).exitCode).toBe(3);
    expect(`${(e as Error).message} ${(e as EnvironmentError).hint}`).toMatch(re);
    return e as EnvironmentError;
  };

  it('no credentials: says how to provide them (environment, profile, SSO)', async () => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) vi.stubEnv(k, undefined as unknown as string);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/apigw-plan/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/apigw-plan/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const { credentials: _c, ...noCreds } = testOverrides();
    const e = await expectEnv(runLimits({ region: 'us-east-1', endpointUrl: aws.url }, io(), noCreds), /no AWS credentials/);
    expect(e.hint).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(e.hint).toMatch(/--profile/);
    expect(e.hint).toMatch(/aws sso login/);
    expect(aws.calls).toHaveLength(0);
  });

  it('expired token', async () => {
    aws.always.set(
      'apigateway.GetAccount',
      restError(403, 'ExpiredTokenException', 'The security token included in the request is expired'),
    );
    await expectEnv(runLimits({ region: 'us-east-1', endpointUrl: aws.url }, io(), testOverrides()), /expired.*sso login/s);
  });

  it('unreachable endpoint', async () => {
    await aws.stop();
    await expectEnv(runLimits({ region: 'us-east-1', endpointUrl: aws.url }, io(), testOverrides()), /cannot reach the AWS endpoint/);
  });

  it('malformed answer (HTML from a proxy)', async () => {
    aws.always.set('apigateway.GetAccount', garbage);
    await expectEnv(runLimits({ region: 'us-east-1', endpointUrl: aws.url }, io(), testOverrides()), /could not be read/);
  });
});

describe('iam-policy', () => {
  it('prints a read-only policy, the same text as docs/aws.md', async () => {
    const out = (await runIamPolicy({}, io())).stdout;
    const policy = JSON.parse(out);
    const actions = policy.Statement.flatMap((s: any) => s.Action);
    for (const a of actions)
      expect(a).toMatch(/^(apigateway:GET|cloudwatch:(List|Get)\w+|servicequotas:(List|Get)\w+|pricing:(Get|Describe)\w+)$/);
    const docs = readFileSync(new URL('../../docs/aws.md', import.meta.url), 'utf8');
    expect(docs).toContain(out.trim());
  });
});

describe('--from-cloudwatch wiring', () => {
  it('gives simulate the same plain data as a traffic file, and estimate its flags', async () => {
    const { readFromCloudWatch, trafficTotals } = await import('../../src/adapters/aws/from-cloudwatch.js');
    const { flagsFromTraffic } = await import('../../src/app/estimate.js');
    const r = await readFromCloudWatch(session(), { days: 1, nowMs: NOW, byRoute: false, api: undefined });
    expect(r.traffic.grid.periodSeconds).toBe(60);
    expect(r.traffic.grid.counts[0]).toBeInstanceOf(Float64Array);
    expect(buildLimits(limitsSchema.parse(JSON.parse(JSON.stringify(r.limits))), {}).stages.length).toBe(5);
    const e = { flags: flagsFromTraffic(trafficTotals(r.traffic)) };
    expect(e.flags.apiType).toBe('rest,http,websocket');
    expect(Number(e.flags.requests)).toBeGreaterThan(0);
  });
});
