import type { QuotaFact } from '../gates/types.js';
import { apiLabels, type InventoryReport } from './inventory.js';
import { IAC_QUOTAS } from './quotas.js';
import { srcText, type Src } from './source.js';
import type { IacFinding } from './types.js';

/**
 * What the inventory feeds to the rest of the tool: the simulator's limits file, an estimate
 * scenario, and the facts the `check` quota-headroom gate judges. Pure.
 */

type Pair = { rate: number; burst: number };

/** The limits file `simulate --limits` reads (src/traffic/limits.ts), with the source of each setting by path. */
export interface IacLimitsFile {
  data: {
    region?: string;
    stages: Array<{
      api: string;
      stage: string;
      type: 'rest' | 'http' | 'websocket';
      rate?: number;
      burst?: number;
      routes: Record<string, Pair>;
    }>;
    usagePlans: Array<{
      name: string;
      rate?: number;
      burst?: number;
      quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset: number };
      keys: string[];
      methods: Array<{ api: string; stage: string; route: string; rate: number; burst: number }>;
    }>;
  };
  /** Path in `data` (e.g. ["stages", 0, "rate"]) → where the setting is written in the code. */
  sources: Array<{ path: Array<string | number>; src: Src }>;
  notes: IacFinding[];
}

const known = (t: { rate: number | null; burst: number | null } | undefined): t is Pair => !!t && t.rate !== null && t.burst !== null;

export function toLimitsFile(report: InventoryReport, region: string | undefined): IacLimitsFile {
  const labels = apiLabels(report.apis);
  const data: IacLimitsFile['data'] = { ...(region ? { region } : {}), stages: [], usagePlans: [] };
  const sources: IacLimitsFile['sources'] = [];
  const notes: IacFinding[] = [];
  const skip = (what: string, src: Src) =>
    notes.push({
      code: 'IAC_THROTTLE_UNKNOWN',
      level: 'warn',
      message: `${what}: rate or burst is not decided by the code; left out of the limits file`,
      src,
    });
  for (const api of report.apis) {
    for (const st of api.stages) {
      if (st.name === null) continue;
      const entry: IacLimitsFile['data']['stages'][number] = { api: labels.get(api.id)!, stage: st.name, type: api.type, routes: {} };
      const i = data.stages.length;
      if (st.throttle) {
        if (known(st.throttle)) {
          entry.rate = st.throttle.rate;
          entry.burst = st.throttle.burst;
          sources.push({ path: ['stages', i, 'rate'], src: st.throttle.src });
        } else skip(`${api.label} ${st.name} stage default`, st.throttle.src);
      }
      for (const rt of st.routeThrottles) {
        if (!known(rt)) {
          skip(`${api.label} ${st.name} ${rt.route}`, rt.src);
          continue;
        }
        entry.routes[rt.route] = { rate: rt.rate, burst: rt.burst };
        sources.push({ path: ['stages', i, 'routes', rt.route], src: rt.src });
      }
      if (entry.rate !== undefined || Object.keys(entry.routes).length) data.stages.push(entry);
    }
  }
  for (const plan of report.usagePlans) {
    const keys = plan.keys.map((k) => report.apiKeys.find((x) => x.id === k)?.name ?? k);
    const name = plan.name ?? plan.id;
    if (!keys.length) {
      notes.push({
        code: 'IAC_USAGE_PLAN_NO_KEYS',
        level: 'info',
        message: `usage plan ${name} has no API key in the code: left out of the limits file (the simulator needs a key)`,
        src: plan.src,
      });
      continue;
    }
    const i = data.usagePlans.length;
    const entry: IacLimitsFile['data']['usagePlans'][number] = { name, keys, methods: [] };
    if (plan.throttle) {
      if (known(plan.throttle)) {
        entry.rate = plan.throttle.rate;
        entry.burst = plan.throttle.burst;
        sources.push({ path: ['usagePlans', i, 'rate'], src: plan.throttle.src });
      } else skip(`usage plan ${name}`, plan.throttle.src);
    }
    if (plan.quota) {
      if (plan.quota.limit !== null && plan.quota.period !== null) {
        entry.quota = { limit: plan.quota.limit, period: plan.quota.period, offset: plan.quota.offset };
        sources.push({ path: ['usagePlans', i, 'quota'], src: plan.quota.src });
      } else
        notes.push({
          code: 'IAC_QUOTA_UNKNOWN',
          level: 'warn',
          message: `usage plan ${name}: its quota is not decided by the code; left out`,
          src: plan.quota.src,
        });
    }
    for (const as of plan.apiStages) {
      for (const rt of as.throttles) {
        if (!as.api || !as.stage || !known(rt)) {
          skip(`usage plan ${name} ${rt.route}`, rt.src);
          continue;
        }
        sources.push({ path: ['usagePlans', i, 'methods', entry.methods.length], src: rt.src });
        entry.methods.push({ api: labels.get(as.api) ?? as.api, stage: as.stage, route: rt.route, rate: rt.rate, burst: rt.burst });
      }
    }
    data.usagePlans.push(entry);
  }
  return { data, sources, notes };
}

/** Traffic per API for the scenario: given by flags or a file, never read from the code. */
export interface ApiTraffic {
  requests?: string | number;
  requestSize?: string | number;
  responseSize?: string | number;
  maxRequestSize?: string | number;
  maxResponseSize?: string | number;
  messages?: string | number;
  messageSize?: string | number;
  connectionMinutes?: string | number;
}

export interface ScenarioOut {
  /** The scenario, or undefined when something it needs is unknown (see problems). */
  data: Record<string, unknown> | undefined;
  problems: string[];
  notes: IacFinding[];
}

/**
 * An estimate scenario (src/scenario/schema.ts) from the code: one API per API in the code,
 * with its type, cache, private endpoint and WAF; traffic from `traffic(label, type)`.
 */
export function toScenario(
  report: InventoryReport,
  opts: {
    region?: string | undefined;
    traffic: (label: string, type: 'rest' | 'http' | 'websocket') => ApiTraffic | undefined;
    privateEndpointAzs?: number | undefined;
    wafRules?: number | undefined;
  },
): ScenarioOut {
  const problems: string[] = [];
  const notes: IacFinding[] = [];
  const apis: Array<Record<string, unknown>> = [];
  for (const api of report.apis) {
    const t = opts.traffic(api.label, api.type);
    if (!t) {
      problems.push(
        `${api.label} (${api.type}) has no traffic: give ${api.type === 'websocket' ? '--messages/--connection-minutes' : '--requests'} or an entry in --traffic-file`,
      );
      continue;
    }
    const entry: Record<string, unknown> = { name: api.label, type: api.type, ...t };
    if (api.type === 'rest') {
      const cached = api.stages.filter((s) => s.cache && s.cache.enabled !== false);
      if (cached.some((s) => s.cache!.enabled === null || s.cache!.sizeGb === null))
        problems.push(
          `${api.label}: a stage's cache (enabled or size) is not decided by the code: fix the parameter (--parameter) or leave caching off`,
        );
      else if (cached.length) {
        entry.cacheSizeGb = cached[0]!.cache!.sizeGb;
        if (cached.length > 1)
          notes.push({
            code: 'IAC_SCENARIO_CACHE_FIRST',
            level: 'warn',
            message: `${api.label}: ${cached.length} stages have a cache; the scenario prices the first (${cached[0]!.name}, ${cached[0]!.cache!.sizeGb} GB) — describe the others as APIs of their own to price them`,
          });
      }
      if (api.endpointType === 'PRIVATE') {
        const azs = api.privateEndpointAzs ?? opts.privateEndpointAzs;
        if (azs === undefined || azs === null)
          problems.push(
            `${api.label} is a private API, but the AZs of its execute-api VPC endpoint are not in the code: give --private-endpoint-azs N`,
          );
        else entry.private = { endpointAzs: azs };
      }
      const acls = report.waf.filter((w) => w.api === api.id);
      if (acls.length) {
        const rules = acls[0]!.rules ?? opts.wafRules;
        if (rules === undefined || rules === null)
          problems.push(`${api.label} has a WAF web ACL whose rules are not in the code: give --waf-rules N`);
        else entry.waf = { rules };
      }
    }
    apis.push(entry);
  }
  if (!report.apis.length) problems.push('the code defines no API to put in a scenario');
  if (problems.length) return { data: undefined, problems, notes };
  return {
    data: {
      description: `APIs read from ${[...new Set(report.inputs.map((i) => i.file))].join(', ')} by apigw-plan inventory`,
      ...(opts.region ? { region: opts.region } : {}),
      apis,
    },
    problems,
    notes,
  };
}

/**
 * The facts the quota-headroom gate judges, one per counted quota and subject, for the quotas
 * selected (default: those gated by default). An unknown count stays unknown (`used` undefined,
 * `unknownBlocks`): the gate must not pass on it.
 */
export function iacQuotaFacts(report: InventoryReport, select?: string[]): QuotaFact[] {
  const chosen = (id: string, code: string | undefined) =>
    select
      ? select.includes(id) || (code !== undefined && select.includes(code))
      : (IAC_QUOTAS.find((d) => d.id === id)?.gatedByDefault ?? false);
  return report.quotas
    .filter((q) => chosen(q.quota, q.code))
    .map((q) => ({
      code: q.code ?? q.quota,
      name: `${q.name} — ${q.subjectName}${q.src ? ` (${srcText(q.src)})` : ''}`,
      kind: 'resource' as const,
      limit: q.limit,
      used: q.used ?? undefined,
      unit: q.unit,
      source: `${q.limitSource}, ${q.docUrl}`,
      subject: q.subject,
      origin: 'iac' as const,
      ...(q.used === null ? { unknownBlocks: q.unknown ?? 'the count is not known from the code' } : {}),
    }));
}
