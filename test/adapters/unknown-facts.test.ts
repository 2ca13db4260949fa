/**
 * Facts are known, unknown or partial, never defaulted: every AWS read `limits` (and `check`'s
 * live-account block) makes is driven into denial, throttling until the SDK's retries run out,
 * and an empty answer, over the real SDK clients and the local wire-protocol server. Each case
 * asserts which quota rows lose their headroom (with the reason) and the quota gate's outcome:
 * never "passed" on a fact that was not read; with --strict a skip fails the check.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli.js';
import { run as runCheck } from '../../src/commands/check.js';
import { run as runLimits } from '../../src/commands/limits.js';
import { EnvironmentError } from '../../src/errors.js';
import { FakeAws, jsonError, restError, type Reply } from '../helpers/aws-server.js';
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

function io(cwd = process.cwd()): Io & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (t) => err.push(t), env: { APIGW_PLAN_NOW: new Date(NOW).toISOString() }, cwd, err };
}

type Failure = 'denied' | 'throttled' | 'empty';
const JSON_OPS = /^(ServiceQuotas|Granite)/;
function failing(op: string, how: Failure): Reply {
  const json = JSON_OPS.test(op);
  if (how === 'denied')
    return json
      ? jsonError(400, 'AccessDeniedException', 'User is not authorized', op.startsWith('Granite') ? 'AccessDenied' : undefined)
      : restError(403, 'AccessDeniedException', 'User is not authorized to perform: apigateway:GET');
  if (how === 'throttled')
    return json
      ? jsonError(400, 'ThrottlingException', 'Rate exceeded', op.startsWith('Granite') ? 'Throttling' : undefined)
      : restError(429, 'TooManyRequestsException', 'Too Many Requests');
  // an empty (but well-formed) answer
  const empty: Record<string, unknown> = {
    'apigateway.GetAccount': {},
    'apigatewayv2.GetApis': { items: [] },
    'apigatewayv2.GetRoutes': { items: [] },
    'ServiceQuotasV20190624.ListServiceQuotas': { Quotas: [] },
    'ServiceQuotasV20190624.ListAWSDefaultServiceQuotas': { Quotas: [] },
    'GraniteServiceVersion20100801.ListMetrics': { Metrics: [] },
    'GraniteServiceVersion20100801.GetMetricData': { MetricDataResults: [], Messages: [] },
  };
  return {
    status: 200,
    headers: { 'content-type': json ? 'application/x-amz-json-1.1' : 'application/json' },
    body: JSON.stringify(empty[op] ?? { item: [] }),
  };
}

const DEFAULT_IN_FORCE = [
  'L-01C8A9E0',
  'L-1D180A63',
  'L-379E48B0',
  'L-65B5C802',
  'L-9ED1E49A',
  'L-A93447B8',
  'L-A966AB5C',
  'L-AA0FF27B',
  'L-B97207D0',
];

/**
 * Each read; the quota rows (present in the fixture's Service Quotas answer) whose headroom it
 * feeds, when it fails; and those whose headroom an empty answer leaves unknown (an empty list
 * of APIs is a known zero; an account without throttle settings, quotas or datapoints is not).
 */
const READS: Array<{ op: string; unknownWhenFailed: string[]; unknownWhenEmpty: string[] }> = [
  { op: 'apigateway.GetAccount', unknownWhenFailed: [], unknownWhenEmpty: [] },
  { op: 'apigateway.GetRestApis', unknownWhenFailed: ['L-AA0FF27B', 'L-01C8A9E0'], unknownWhenEmpty: [] },
  { op: 'apigateway.GetStages', unknownWhenFailed: [], unknownWhenEmpty: [] },
  { op: 'apigateway.GetResources', unknownWhenFailed: ['L-01C8A9E0'], unknownWhenEmpty: [] },
  { op: 'apigatewayv2.GetApis', unknownWhenFailed: ['L-01C8A9E0'], unknownWhenEmpty: [] },
  { op: 'apigatewayv2.GetRoutes', unknownWhenFailed: ['L-01C8A9E0'], unknownWhenEmpty: [] },
  { op: 'apigateway.GetUsagePlans', unknownWhenFailed: ['L-E8693075'], unknownWhenEmpty: [] },
  { op: 'apigateway.GetApiKeys', unknownWhenFailed: [], unknownWhenEmpty: [] },
  // the account throttle (L-8A5B8E43) stays known: GetAccount, not Service Quotas, is what API Gateway enforces
  {
    op: 'ServiceQuotasV20190624.ListServiceQuotas',
    unknownWhenFailed: ['L-AA0FF27B', 'L-E8693075', 'L-01C8A9E0'],
    unknownWhenEmpty: [],
  },
  // applied values read (L-8A5B8E43, L-E8693075): every other quota with a usage figure is in force at a default that was not
  // read (the rows come from the documented defaults then, so more quotas are listed)
  { op: 'ServiceQuotasV20190624.ListAWSDefaultServiceQuotas', unknownWhenFailed: DEFAULT_IN_FORCE, unknownWhenEmpty: DEFAULT_IN_FORCE },
  { op: 'GraniteServiceVersion20100801.ListMetrics', unknownWhenFailed: ['L-8A5B8E43'], unknownWhenEmpty: ['L-8A5B8E43'] },
  { op: 'GraniteServiceVersion20100801.GetMetricData', unknownWhenFailed: ['L-8A5B8E43'], unknownWhenEmpty: ['L-8A5B8E43'] },
];

const CONFIG = {
  limits: { region: 'us-east-1', days: '1' },
  gates: { quotaHeadroom: { level: 'error', minPercent: 1 } },
};

async function check(strict = false): Promise<{ code: number; gate: any; verdict: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-unknown-'));
  writeFileSync(join(dir, 'apigw-plan.config.json'), JSON.stringify({ ...CONFIG, limits: { ...CONFIG.limits, endpointUrl: aws.url } }));
  const r = await runCheck({ format: 'json', strict }, io(dir), testOverrides());
  const j = JSON.parse(r.stdout);
  return { code: r.exitCode, gate: j.gates.find((g: any) => g.gate === 'quotaHeadroom'), verdict: j.verdict };
}

describe('baseline: every read answers', () => {
  it('every quota row of the fixture has a known headroom, and the quota gate passes', async () => {
    const r = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '1', format: 'json' }, io(), testOverrides());
    const j = JSON.parse(r.stdout);
    expect(j.rows.filter((x: any) => x.unknown !== undefined)).toEqual([]);
    expect((await check()).gate.status).toBe('passed');
  });
});

describe.each(['denied', 'throttled', 'empty'] as const)('a read %s', (how) => {
  it.each(READS)('$op', async ({ op, unknownWhenFailed, unknownWhenEmpty }) => {
    aws.always.set(op, failing(op, how));
    if (op === 'apigatewayv2.GetApis' && how !== 'empty') aws.always.set('apigatewayv2.GetDomainNames', failing(op, how));
    const expected = how === 'empty' ? unknownWhenEmpty : unknownWhenFailed;
    const r = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '1', format: 'json' }, io(), testOverrides());
    expect(r.exitCode).toBe(0); // partial: the rest was read
    const j = JSON.parse(r.stdout);
    const unknown = j.rows.filter((x: any) => x.unknown !== undefined);
    expect(unknown.map((x: any) => x.code).sort()).toEqual([...expected].sort());
    for (const row of unknown) {
      expect(row.headroom).toBeUndefined();
      expect(row.unknown).toMatch(
        how === 'denied' ? /^denied: / : how === 'throttled' ? /^throttled until the retries ran out: / : /empty answer|no datapoints/,
      );
    }
    if (expected.length) expect(j.verdict).toMatch(new RegExp(`${expected.length} quota\\(s\\) not checked, headroom unknown`));
    if (how !== 'empty')
      expect(j.findings.map((f: any) => f.code)).toEqual(
        expect.arrayContaining([how === 'denied' ? 'AWS_ACCESS_DENIED' : 'AWS_READ_FAILED']),
      );
    if (op === 'apigateway.GetAccount' && how !== 'empty') expect(j.configured.account).toEqual({ rate: 20000, burst: 5000 }); // from Service Quotas' answer, as read

    const c = await check();
    expect(c.gate.status).toBe(expected.length ? 'skipped' : 'passed');
    expect(c.code).toBe(0);
    if (expected.length) {
      expect(c.gate.summary).toMatch(/not checked, unknown \(/);
      const strict = await check(true);
      expect([strict.gate.status, strict.code]).toEqual(['skipped', 1]);
      expect(strict.verdict).toMatch(/1 skipped \(--strict: failing\) — exit 1$/);
    }
  });
});

describe('every read denied', () => {
  const denyAll = () => {
    for (const op of [
      ...READS.map((r) => r.op),
      'apigateway.GetUsagePlanKeys',
      'apigateway.GetDomainNames',
      'apigatewayv2.GetStages',
      'apigatewayv2.GetDomainNames',
    ])
      aws.always.set(op, failing(op, 'denied'));
  };

  it('limits exits 3 naming what was denied; nothing shows as 0 usage or 100 % headroom', async () => {
    denyAll();
    const e = await runLimits({ region: 'us-east-1', endpointUrl: aws.url, days: '1', format: 'json' }, io(), testOverrides()).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as EnvironmentError).exitCode).toBe(3);
    expect((e as EnvironmentError).message).toMatch(/nothing could be read/);
    expect((e as EnvironmentError).where).toContain('denied: apigateway:GET /account');
  });

  it('check: the quota gate is skipped with the reason, never passed; --strict fails it', async () => {
    denyAll();
    const c = await check();
    expect(c.gate.status).toBe('skipped');
    expect(c.gate.summary).toMatch(/11 quota\(s\) not checked, unknown \(denied: /);
    expect(c.code).toBe(0);
    const strict = await check(true);
    expect([strict.gate.status, strict.code]).toEqual(['skipped', 1]);
  });

  it('require: all in the config fails a skipped gate like --strict', async () => {
    denyAll();
    const dir = mkdtempSync(join(tmpdir(), 'apigw-unknown-'));
    writeFileSync(
      join(dir, 'apigw-plan.config.json'),
      JSON.stringify({ ...CONFIG, require: 'all', limits: { ...CONFIG.limits, endpointUrl: aws.url } }),
    );
    const r = await runCheck({ format: 'json' }, io(dir), testOverrides());
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).verdict).toBe('1 gate: 0 passed, 1 skipped (require: all: failing) — exit 1');
  });
});
