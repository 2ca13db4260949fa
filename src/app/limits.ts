import { readApiGateway, toLimitsFile, type ApiGatewayInventory } from '../adapters/aws/apigateway.js';
import { readCloudWatchTraffic } from '../adapters/aws/cloudwatch.js';
import { loadBundledQuotas, readServiceQuotas } from '../adapters/aws/service-quotas.js';
import { timeoutFindings } from '../models/cloudwatch/detail.js';
import { QUOTA } from '../models/quotas/codes.js';
import { headroomVerdict } from '../models/quotas/headroom.js';
import { mergeQuotas, regionalDefault, withUsage, type AccountUsage, type SqQuota } from '../models/quotas/merge.js';
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
  };
}

/** Use case `readLimits`: the account (Service Quotas, API Gateway, CloudWatch) → the limits report every format prints. */
export async function readLimits(req: LimitsRequest, deps: AppDeps): Promise<LimitsReport> {
  const s = deps.awsSession(req.aws);
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
  if (applied === undefined && defaults === undefined) {
    s.findings.push({
      code: 'SERVICE_QUOTAS_FALLBACK',
      level: 'warn',
      message: `Service Quotas could not be read: the values shown are the documented defaults bundled with apigw-plan (compiled ${bundled.compiled}; each links its documentation in --format json); raised quotas will not show`,
    });
    applied = undefined;
  }
  const merged = mergeQuotas(applied, defaults, bundled.quotas, accountThrottle);

  const usage = usageOf(inv);
  let cloudwatch: LimitsReport['cloudwatch'];
  if (req.days > 0) {
    const t = await readCloudWatchTraffic(s, inv.apis, { days: req.days, nowMs: deps.now() });
    if (t) {
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
  const rows = withUsage(merged.rows, usage);
  if (cloudwatch) {
    // a raised REST integration timeout (Regional and private APIs) is the limit those stages meet
    const restTimeout = rows.find((r) => r.code === QUOTA.restIntegrationTimeout);
    s.findings.push(...timeoutFindings(cloudwatch.stages, restTimeout?.raised ? restTimeout.value : undefined));
  }
  const accountRow = rows.find((r) => r.code === QUOTA.throttleRate);
  const burstRow = rows.find((r) => r.code === QUOTA.throttleBurst);
  const notes: string[] = [];
  const configured = toLimitsFile(inv, accountRow && burstRow ? { rate: accountRow.value, burst: burstRow.value } : undefined, notes);
  for (const note of notes) s.findings.push({ code: 'USAGE_PLAN_SKIPPED', level: 'info', message: note });
  if (inv.account && accountRow && inv.account.rate !== accountRow.value) {
    s.findings.push({
      code: 'ACCOUNT_THROTTLE_DIFFERS',
      level: 'info',
      message: `GetAccount reports ${inv.account.rate} rps / burst ${inv.account.burst}; Service Quotas says ${accountRow.value} rps (the account setting is what API Gateway enforces)`,
    });
  }
  return {
    region: s.region,
    quotaSource: merged.bundledOnly ? 'bundled' : 'service-quotas',
    rows,
    configured,
    cloudwatch,
    findings: s.findings,
    verdict: headroomVerdict(rows, s.region),
  };
}
