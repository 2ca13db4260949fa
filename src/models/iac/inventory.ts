import { accountCount, countFor, IAC_QUOTAS, type IacQuotaDef, type QuotaLimit, type QuotaMeasure, type QuotaScope } from './quotas.js';
import { srcText, type Src } from './source.js';
import type { IacApi, IacFinding, IacModel, IacThrottle } from './types.js';

/**
 * The inventory report: what the code declares, each quota it decides counted against its limit,
 * and every throttle, with stable ids (so two reports can be diffed). Plain JSON. Pure.
 */

export interface InventoryQuotaRow {
  /** Stable: "<quota id>@<subject id>". */
  id: string;
  quota: string;
  code?: string | undefined;
  name: string;
  scope: QuotaScope;
  measure: QuotaMeasure;
  /** The API, usage plan, key or link it is counted for ("account" for account-wide counts). */
  subject: string;
  subjectName: string;
  src?: Src | undefined;
  used: number | null;
  limit: number;
  limitSource: string;
  unit: string;
  /** limit − used; null when the count is unknown. */
  headroom: number | null;
  headroomPercent: number | null;
  status: 'ok' | 'over' | 'unknown';
  unknown?: string | undefined;
  note?: string | undefined;
  docUrl: string;
}

export interface InventoryThrottle {
  /** Stable: "<api id>@<stage>#<route or *>" or "plan:<plan id>[@<api id>@<stage>#<route>]". */
  id: string;
  kind: 'stage' | 'route' | 'usage-plan' | 'usage-plan-method';
  api: string | null;
  stage: string | null;
  route: string | null;
  rate: number | null;
  burst: number | null;
  src: Src;
}

export interface InventoryApiRow extends IacApi {
  label: string;
  counts: {
    resources: number | null;
    methods: number | null;
    routes: number | null;
    stages: number | null;
    authorizers: number | null;
    integrations: number | null;
  };
  waf: string[];
  domains: string[];
}

export interface InventoryReport {
  schemaVersion: 1;
  kind: 'apigw-plan-inventory';
  verdict: string;
  limitsFrom: string;
  inputs: IacModel['sources'];
  apis: InventoryApiRow[];
  usagePlans: IacModel['usagePlans'];
  apiKeys: IacModel['apiKeys'];
  domains: IacModel['domains'];
  vpcLinks: IacModel['vpcLinks'];
  waf: IacModel['waf'];
  loadBalancers: IacModel['loadBalancers'];
  throttles: InventoryThrottle[];
  quotas: InventoryQuotaRow[];
  findings: IacFinding[];
}

export interface LimitSources {
  /** Defaults bundled with the tool, by Service Quotas code. */
  bundled: Record<string, { value: number; docUrl?: string | undefined }>;
  /** Applied values (a limits report, Service Quotas), by code or quota id; they win over defaults. */
  applied?: Record<string, QuotaLimit> | undefined;
  /** Where applied values came from, for the report ("bundled defaults" when none). */
  description: string;
}

/** API labels as in the limits file and traffic series: the name, or "name (id)" where names repeat, else the id. */
export function apiLabels(apis: IacApi[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const a of apis) if (a.name) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  return new Map(apis.map((a) => [a.id, a.name && counts.get(a.name) === 1 ? a.name : a.name ? `${a.name} (${a.id})` : a.id]));
}

function limitFor(def: IacQuotaDef, api: IacApi | undefined, sources: LimitSources): QuotaLimit | undefined {
  // a raised integration timeout applies to Regional and private REST APIs only
  if (def.id === 'L-E5AE38E3' && api?.endpointType === 'EDGE')
    return { value: 29000, source: 'fixed for edge-optimized APIs', docUrl: def.docUrl };
  const applied = sources.applied?.[def.id] ?? (def.code ? sources.applied?.[def.code] : undefined);
  if (applied) return applied;
  if (def.code) {
    const b = sources.bundled[def.code];
    return b ? { value: b.value, source: 'bundled default', docUrl: b.docUrl ?? def.docUrl } : undefined;
  }
  return def.default !== undefined ? { value: def.default, source: 'documented default', docUrl: def.docUrl } : undefined;
}

function row(
  def: IacQuotaDef,
  subject: string,
  subjectName: string,
  src: Src | undefined,
  use: { used: number | null; unknown?: string | undefined; note?: string | undefined },
  limit: QuotaLimit,
): InventoryQuotaRow {
  const headroom = use.used === null ? null : limit.value - use.used;
  return {
    id: `${def.id}@${subject}`,
    quota: def.id,
    ...(def.code ? { code: def.code } : {}),
    name: def.name,
    scope: def.scope,
    measure: def.measure,
    subject,
    subjectName,
    ...(src ? { src } : {}),
    used: use.used,
    limit: limit.value,
    limitSource: limit.source,
    unit: def.unit,
    headroom,
    headroomPercent: headroom === null || limit.value <= 0 ? null : Math.round((headroom / limit.value) * 10000) / 100,
    status: use.used === null ? 'unknown' : use.used > limit.value ? 'over' : 'ok',
    ...(use.unknown ? { unknown: use.unknown } : {}),
    ...(use.note ? { note: use.note } : {}),
    docUrl: limit.docUrl ?? def.docUrl,
  };
}

export function buildInventory(model: IacModel, sources: LimitSources): InventoryReport {
  const labels = apiLabels(model.apis);
  const quotas: InventoryQuotaRow[] = [];
  const findings = [...model.findings];
  const missingLimit = (def: IacQuotaDef) =>
    findings.push({ code: 'IAC_QUOTA_LIMIT_UNKNOWN', level: 'warn', message: `no limit known for ${def.name} (${def.id}): not counted` });

  for (const api of model.apis) {
    for (const def of IAC_QUOTAS.filter((d) => d.scope === 'api' && d.apiType === api.type)) {
      const limit = limitFor(def, api, sources);
      if (!limit) {
        missingLimit(def);
        continue;
      }
      const use = countFor(def, api);
      // a timeout that is simply not set is not a count: leave the row out
      if (def.measure === 'max' && use.used === null && api.timeouts.length === 0) continue;
      quotas.push(row(def, api.id, labels.get(api.id)!, api.src, use, limit));
    }
  }
  const planDef = IAC_QUOTAS.find((d) => d.id === 'rest-usage-plan-method-throttles')!;
  for (const plan of model.usagePlans) {
    const limit = limitFor(planDef, undefined, sources);
    if (!limit) continue;
    plan.apiStages.forEach((as) => {
      if (!as.throttles.length) return;
      const subject = `${plan.id}@${as.api ?? '?'}@${as.stage ?? '?'}`;
      quotas.push(
        row(
          planDef,
          subject,
          `${plan.name ?? plan.id} › ${as.api ? labels.get(as.api) : '?'} ${as.stage ?? '?'}`,
          plan.src,
          { used: as.throttles.length },
          limit,
        ),
      );
    });
  }
  const subnetsDef = IAC_QUOTAS.find((d) => d.id === 'L-668C9B28')!;
  for (const link of model.vpcLinks.filter((l) => l.version === 'v2')) {
    const limit = limitFor(subnetsDef, undefined, sources);
    if (limit)
      quotas.push(
        row(
          subnetsDef,
          link.id,
          link.name ?? link.id,
          link.src,
          link.subnets === null ? { used: null, unknown: 'the subnets are not decided by the code' } : { used: link.subnets },
          limit,
        ),
      );
  }
  const perKeyDef = IAC_QUOTAS.find((d) => d.id === 'L-985EB478')!;
  for (const key of model.apiKeys) {
    const limit = limitFor(perKeyDef, undefined, sources);
    const plans = model.usagePlans.filter((p) => p.keys.includes(key.id)).length;
    if (limit && plans > 0) quotas.push(row(perKeyDef, key.id, key.name ?? key.id, key.src, { used: plans }, limit));
  }
  for (const def of IAC_QUOTAS.filter((d) => d.scope === 'account')) {
    const use = accountCount(def, model);
    if (use.used === 0) continue;
    const limit = limitFor(def, undefined, sources);
    if (limit) quotas.push(row(def, 'account', 'these files together', undefined, use, limit));
  }

  // timeouts above their maximum are errors AWS will refuse at deployment
  for (const q of quotas) {
    if (q.measure === 'max' && q.status === 'over')
      findings.push({
        code: 'IAC_TIMEOUT_OVER_LIMIT',
        level: 'error',
        message: `${q.subjectName}: an integration timeout of ${q.used} ms is over the ${q.limit} ms maximum (${q.limitSource}; ${q.docUrl})`,
        src: q.src,
      });
  }

  const throttles: InventoryThrottle[] = [];
  const push = (
    t: IacThrottle,
    kind: InventoryThrottle['kind'],
    id: string,
    api: string | null,
    stage: string | null,
    route: string | null,
  ) => throttles.push({ id, kind, api, stage, route, rate: t.rate, burst: t.burst, src: t.src });
  for (const api of model.apis) {
    for (const st of api.stages) {
      if (st.throttle) push(st.throttle, 'stage', `${api.id}@${st.name ?? '?'}#*`, api.id, st.name, null);
      for (const rt of st.routeThrottles) push(rt, 'route', `${api.id}@${st.name ?? '?'}#${rt.route}`, api.id, st.name, rt.route);
    }
  }
  for (const plan of model.usagePlans) {
    if (plan.throttle) push(plan.throttle, 'usage-plan', `plan:${plan.id}`, null, null, null);
    for (const as of plan.apiStages)
      for (const rt of as.throttles)
        push(rt, 'usage-plan-method', `plan:${plan.id}@${as.api ?? '?'}@${as.stage ?? '?'}#${rt.route}`, as.api, as.stage, rt.route);
  }

  const apis: InventoryApiRow[] = model.apis.map((a) => ({
    ...a,
    label: labels.get(a.id)!,
    counts: {
      resources: a.resources ? a.resources.length : null,
      methods: a.methods ? a.methods.length : null,
      routes: a.routes ? a.routes.length : null,
      stages: a.stagesUnknown ? null : a.stages.length,
      authorizers: a.authorizers ? a.authorizers.length : null,
      integrations: a.integrations,
    },
    waf: model.waf.filter((w) => w.api === a.id).map((w) => `${w.stage ?? '?'}: ${w.webAcl ?? '?'}`),
    domains: model.domains.flatMap((d) =>
      d.mappings.filter((m) => m.api === a.id).map((m) => `${d.name ?? d.id}/${m.basePath ?? ''} → ${m.stage ?? '?'}`),
    ),
  }));

  return {
    schemaVersion: 1,
    kind: 'apigw-plan-inventory',
    verdict: verdictOf(model, quotas),
    limitsFrom: sources.description,
    inputs: model.sources,
    apis,
    usagePlans: model.usagePlans,
    apiKeys: model.apiKeys,
    domains: model.domains,
    vpcLinks: model.vpcLinks,
    waf: model.waf,
    loadBalancers: model.loadBalancers,
    throttles,
    quotas,
    findings,
  };
}

function verdictOf(model: IacModel, quotas: InventoryQuotaRow[]): string {
  const files = new Set(model.sources.map((s) => s.file)).size;
  const head = `${model.apis.length} API${model.apis.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  const counted = quotas.filter((q) => q.measure === 'count');
  const over = quotas.filter((q) => q.status === 'over');
  const unknown = counted.filter((q) => q.status === 'unknown').length;
  const unk = unknown ? `; ${unknown} count${unknown === 1 ? '' : 's'} unknown` : '';
  if (over.length) {
    const first = over[0]!;
    return `verdict: ${head}; ${over.length} quota${over.length === 1 ? '' : 's'} over the limit: ${first.name} ${first.used} of ${first.limit} in ${first.subjectName}${first.src ? ` (${srcText(first.src)})` : ''}${over.length > 1 ? ` and ${over.length - 1} more` : ''}${unk}`;
  }
  const known = counted.filter((q) => q.headroomPercent !== null).sort((a, b) => a.headroomPercent! - b.headroomPercent!);
  const tight = known[0];
  return `verdict: ${head}; ${known.length} quota count${known.length === 1 ? '' : 's'} within the limits${tight ? ` (least headroom: ${tight.name} ${tight.used} of ${tight.limit} in ${tight.subjectName}, ${tight.headroom} left)` : ''}${unk}`;
}
