import { writeFileSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import type { CommandResult, Io } from '../cli.js';
import { InputError } from '../errors.js';
import { readApiGateway, toLimitsFile, type ApiGatewayInventory } from '../adapters/aws/apigateway.js';
import { readCloudWatchTraffic } from '../adapters/aws/cloudwatch.js';
import { loadBundledQuotas, readServiceQuotas } from '../adapters/aws/service-quotas.js';
import { nowFrom, sessionFrom } from '../adapters/aws/session.js';
import { timeoutFindings } from '../models/cloudwatch/detail.js';
import { mergeQuotas, regionalDefault, withUsage, type AccountUsage, type SqQuota } from '../models/quotas/merge.js';
import { formatLimitsJson, formatLimitsMarkdown, formatLimitsTable, type LimitsReport } from '../formatters/limits/render.js';
import { findRegion } from '../prices/regions.js';
import { TOOL } from '../version.js';

function usageOf(inv: ApiGatewayInventory): AccountUsage {
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

/** Read the account (Service Quotas, API Gateway, CloudWatch) into the limits report every format prints. */
export async function limitsReport(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<LimitsReport> {
  const days = Number(opts.days ?? 14);
  if (!Number.isFinite(days) || days < 0 || days > 455)
    throw new InputError(`--days ${String(opts.days)} is not valid: it must be a number of days between 0 and 455`, {
      where: '--days',
      hint: 'e.g. --days 14 (1-minute data), --days 60 (5-minute data)',
    });
  const s = sessionFrom(opts, io, overrides);
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
  if (days > 0) {
    const t = await readCloudWatchTraffic(s, inv.apis, { days, nowMs: nowFrom(io) });
    if (t) {
      usage.peakRequests = t.peak;
      usage.peakNewConnections = t.peakConnects;
      cloudwatch = {
        days,
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
    const restTimeout = rows.find((r) => r.code === 'L-E5AE38E3');
    s.findings.push(...timeoutFindings(cloudwatch.stages, restTimeout?.raised ? restTimeout.value : undefined));
  }
  const accountRow = rows.find((r) => r.code === 'L-8A5B8E43');
  const burstRow = rows.find((r) => r.code === 'L-CDF5615A');
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
  const tight = rows.filter((r) => r.headroom !== undefined && r.headroom < 0.2);
  const verdict = tight.length
    ? `verdict: ${tight.length} quota(s) with less than 20% headroom: ${tight.map((r) => `${r.name} ${(r.headroom! * 100).toFixed(0)}%`).join(', ')}`
    : `verdict: ${rows.filter((r) => r.usage).length} quotas measured in ${s.region}, all with at least 20% headroom`;

  const limitsOut = opts.limitsOut as string | undefined;
  if (limitsOut) {
    const text = /\.json$/i.test(limitsOut)
      ? `${JSON.stringify(configured, null, 2)}\n`
      : `# Configured throttles read from ${s.region} by apigw-plan limits\n${toYaml(configured)}`;
    try {
      writeFileSync(limitsOut, text);
    } catch (e) {
      throw new InputError(`cannot write ${limitsOut}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        where: '--limits-out',
        hint: 'check the directory exists and is writable',
      });
    }
    io.stderr(`limits: wrote ${limitsOut}\n`);
  }
  return {
    region: s.region,
    quotaSource: merged.bundledOnly ? 'bundled' : 'service-quotas',
    rows,
    configured,
    cloudwatch,
    findings: s.findings,
    verdict,
  };
}

export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const report = await limitsReport(opts, io, overrides);
  const out =
    opts.format === 'json'
      ? formatLimitsJson(report, TOOL)
      : opts.format === 'markdown'
        ? formatLimitsMarkdown(report)
        : formatLimitsTable(report);
  return { stdout: out, exitCode: 0 };
}
