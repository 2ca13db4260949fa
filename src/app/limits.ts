import { readApiGateway, toLimitsFile, type ApiGatewayInventory } from '../adapters/aws/apigateway.js';
import { readCloudWatchTraffic } from '../adapters/aws/cloudwatch.js';
import { loadBundledQuotas, readServiceQuotas } from '../adapters/aws/service-quotas.js';
import { timeoutFindings } from '../models/cloudwatch/detail.js';
import { QUOTA } from '../models/quotas/codes.js';
import { headroomVerdict } from '../models/quotas/headroom.js';
import {
  applyAccountThrottle,
  mergeQuotas,
  regionalDefault,
  withUsage,
  type AccountUsage,
  type QuotaRow,
  type SqQuota,
} from '../models/quotas/merge.js';
import { recordUnread, withDeadline, type AwsReadError, type AwsSession } from '../adapters/aws/session.js';
import { findRegion } from '../prices/regions.js';
import type { LimitsReport } from '../formatters/limits/render.js';
import type { AppDeps } from './deps.js';
import type { LimitsRequest } from './requests.js';

/** What the account uses of each countable quota, from the API Gateway inventory. */
export function usageOf(inv: ApiGatewayInventory): AccountUsage {
  const max = (type: string, f: (a: ApiGatewayInventory['apis'][number]) => number | undefined) =>
    inv.apis
      .filter((a) => type === '*' || a.type === type)
      .map((a) => ({ value: f(a), api: a.label }))
      .filter((x): x is { value: number; api: string } => x.value !== undefined)
      .sort((a, b) => b.value - a.value)[0];
  const rest = inv.apis.filter((a) => a.type === 'rest');
  const u = inv.unknown;
  // a maximum over APIs is unknown when the APIs, or one API's part, could not be read
  const perApi = (type: 'rest' | 'http' | 'websocket' | '*', listFact: string | undefined, partFact: string | undefined) =>
    listFact ?? (inv.apis.some((a) => (type === '*' || a.type === type) && a.routeCount === undefined) ? partFact : undefined);
  const unknown: NonNullable<AccountUsage['unknown']> = {};
  const set = (k: keyof typeof unknown, v: string | undefined) => {
    if (v !== undefined) unknown[k] = v;
  };
  for (const k of ['regionalApis', 'edgeApis', 'privateApis'] as const) set(k, u.restApis);
  set('customDomains', u.domainNames);
  set('apiKeys', u.apiKeys);
  set('usagePlans', u.usagePlans);
  set('maxStagesPerApi', u.restApis ?? u.v2Apis ?? u.stages);
  set('maxRestResources', perApi('rest', u.restApis, u.routes));
  set('maxHttpRoutes', perApi('http', u.v2Apis, u.routes));
  set('maxWebSocketRoutes', perApi('websocket', u.v2Apis, u.routes));
  return {
    regionalApis: rest.filter((a) => a.endpointType === 'REGIONAL').length,
    edgeApis: rest.filter((a) => a.endpointType === 'EDGE').length,
    privateApis: rest.filter((a) => a.endpointType === 'PRIVATE').length,
    customDomains: inv.domainNameCount,
    apiKeys: inv.apiKeyCount,
    usagePlans: inv.usagePlans?.length,
    maxStagesPerApi: max('*', (a) => a.stages.length),
    maxRestResources: max('rest', (a) => a.routeCount),
    maxHttpRoutes: max('http', (a) => a.routeCount),
    maxWebSocketRoutes: max('websocket', (a) => a.routeCount),
    unknown,
  };
}

/** Use case `readLimits`: the account (Service Quotas, API Gateway, CloudWatch) → the limits report every format prints. */
export async function readLimits(req: LimitsRequest, deps: AppDeps): Promise<LimitsReport> {
  const s = deps.awsSession(req.aws);
  // within the command's AWS deadline (APIGW_PLAN_AWS_TIMEOUT)
  return withDeadline(s, () => readAccount(s, req, deps));
}

async function readAccount(s: AwsSession, req: LimitsRequest, deps: AppDeps): Promise<LimitsReport> {
  const inv = await readApiGateway(s);

  const bundled = loadBundledQuotas();
  const accountThrottle = findRegion(s.region)?.accountThrottle;
  const sq = await readServiceQuotas(s);
  let applied: SqQuota[] | undefined = sq.applied;
  let defaults: SqQuota[] | undefined = sq.defaults;
  if (applied !== undefined && defaults === undefined) {
    // Applied values without AWS defaults: fill the rest from the documented defaults.
    defaults = bundled.quotas.map((b) => ({
      code: b.code,
      name: b.name,
      value: regionalDefault(b, accountThrottle),
      unit: b.unit,
      adjustable: b.adjustable ?? undefined,
      period: undefined,
    }));
    s.findings.push({
      code: 'QUOTA_DEFAULTS_BUNDLED',
      level: 'info',
      message: `defaults not read from Service Quotas: documented defaults bundled with apigw-plan (${bundled.compiled}) stand in`,
    });
  }
  // without the applied values the quota in force is not known (it may have been raised): headroom stays unknown
  const appliedUnknown =
    applied === undefined ? (s.unread.find((r) => r.action === 'servicequotas:ListServiceQuotas')?.reason ?? 'not read') : undefined;
  // applied values read but not AWS's defaults: a quota without an applied value is in force at a default that was not read
  const defaultsUnknown =
    applied !== undefined && sq.defaults === undefined
      ? (s.unread.find((r) => r.action === 'servicequotas:ListAWSDefaultServiceQuotas')?.reason ?? 'not read')
      : undefined;
  // the account throttle read from GetAccount is known whatever Service Quotas answered
  const limitUnknown = (r: QuotaRow) =>
    r.source === 'get-account' ? undefined : (appliedUnknown ?? (r.applied === undefined ? defaultsUnknown : undefined));
  if (applied === undefined && defaults === undefined) {
    s.findings.push({
      code: 'SERVICE_QUOTAS_FALLBACK',
      level: 'warn',
      message: `Service Quotas could not be read: the values shown are the documented defaults bundled with apigw-plan (compiled ${bundled.compiled}; each links its documentation in --format json); raised quotas will not show, and no headroom is computed from them`,
    });
    applied = undefined;
  }
  const merged = mergeQuotas(applied, defaults, bundled.quotas, accountThrottle);
  // GetAccount, not Service Quotas, is the account throttle API Gateway enforces
  const account = applyAccountThrottle(merged.rows, inv.account, s.region, accountThrottle);
  s.findings.push(...account.findings);

  const usage = usageOf(inv);
  let cloudwatch: LimitsReport['cloudwatch'];
  const rateUnknown = (reason: string) => {
    usage.unknown = { ...usage.unknown, peakRequests: reason, peakNewConnections: reason };
  };
  if (req.days === 0) rateUnknown('not read: --days 0');
  else {
    const t = await readTolerating(s, () => readCloudWatchTraffic(s, inv.apis, { days: req.days, nowMs: deps.now() }));
    if (!t) rateUnknown(s.unread.find((r) => r.action.startsWith('cloudwatch:'))?.reason ?? 'not read: cloudwatch');
    else {
      if (!t.peak) usage.unknown = { ...usage.unknown, peakRequests: `no datapoints: cloudwatch:GetMetricData (last ${req.days} days)` };
      if (!t.peakConnects && inv.apis.some((a) => a.type === 'websocket'))
        usage.unknown = { ...usage.unknown, peakNewConnections: `no datapoints: cloudwatch:GetMetricData (last ${req.days} days)` };
      usage.peakRequests = t.peak;
      usage.peakNewConnections = t.peakConnects;
      cloudwatch = {
        days: req.days,
        periodSeconds: t.period.periodSeconds,
        periodReason: t.period.reason,
        calls: t.calls,
        queries: t.queries,
        gaps: t.gaps.length,
        periods: { observed: t.coverage.observed, zeroFilled: t.coverage.zeroFilled, missing: t.coverage.missing },
        stages: t.stages,
      };
    }
  }
  const rows = withUsage(account.rows, usage, limitUnknown);
  if (cloudwatch) {
    // a raised REST integration timeout (Regional and private APIs) is the limit those stages meet
    const restTimeout = rows.find((r) => r.code === QUOTA.restIntegrationTimeout);
    s.findings.push(...timeoutFindings(cloudwatch.stages, restTimeout?.raised ? restTimeout.value : undefined));
  }
  const accountRow = rows.find((r) => r.code === QUOTA.throttleRate);
  const burstRow = rows.find((r) => r.code === QUOTA.throttleBurst);
  const notes: string[] = [];
  // the account throttle falls back to Service Quotas' values as read only: a documented default is not the account's setting
  const configured = toLimitsFile(
    inv,
    accountRow && burstRow && !limitUnknown(accountRow) && !limitUnknown(burstRow)
      ? { rate: accountRow.value, burst: burstRow.value }
      : undefined,
    notes,
  );
  for (const note of notes) s.findings.push({ code: 'USAGE_PLAN_SKIPPED', level: 'info', message: note });
  if (!configured.account)
    s.findings.push({
      code: 'ACCOUNT_THROTTLE_UNKNOWN',
      level: 'warn',
      message: `the account throttle is unknown (${inv.unknown.account ?? 'not read'}${appliedUnknown ? `; Service Quotas ${appliedUnknown}` : ''}): left out of the limits, not defaulted`,
    });
  return {
    region: s.region,
    quotaSource: merged.bundledOnly ? 'bundled' : 'service-quotas',
    rows,
    configured,
    cloudwatch,
    findings: s.findings,
    verdict: headroomVerdict(rows, s.region),
    unread: s.unread.map((r) => r.reason),
    readNothing: s.readsOk === 0,
  };
}

/** Run a read whose failure (denied, throttled, failed) leaves its facts unknown; credentials, network and deadline failures still stop the command. */
async function readTolerating<T>(s: AwsSession, fn: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    const k = (e as Partial<AwsReadError>).kind;
    const action = (e as Partial<AwsReadError>).action;
    if (action && (k === 'denied' || k === 'throttled' || k === 'service')) {
      recordUnread(s, action, k);
      return undefined;
    }
    throw e;
  }
}
