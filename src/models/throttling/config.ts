import type { BucketLimits } from './token-bucket.js';
import { QUOTA } from '../quotas/codes.js';
import { DAY_MS } from '../calendar.js';

/** Where a setting came from, shown next to it in the report. */
export type Origin = 'default' | 'file' | 'flag';

export interface OriginLimits extends BucketLimits {
  origin: Origin;
}

export type ApiKind = 'rest' | 'http' | 'websocket';

/** Stage throttling: a default for every method/route plus per-method (REST) or per-route (HTTP, WebSocket) overrides. */
export interface StageLimits {
  api: string;
  stage: string;
  type: ApiKind;
  default: OriginLimits | undefined;
  routes: Record<string, OriginLimits>;
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface UsagePlanLimits {
  name: string;
  throttle: OriginLimits | undefined;
  quota: { limit: number; period: QuotaPeriod; offset: number } | undefined;
  keys: string[];
  methods: Array<{ api: string; stage: string; route: string; limits: OriginLimits }>;
}

/** Normalised throttle configuration (built from a limits file and flags by src/traffic/limits.ts). */
export interface LimitsConfig {
  region: string;
  account: OriginLimits;
  stages: StageLimits[];
  /** --rate/--burst: the stage default for every stage in the traffic without its own entry. */
  anyStage: OriginLimits | undefined;
  usagePlans: UsagePlanLimits[];
}

export const QUOTA_CODE_RATE = QUOTA.throttleRate;
export const QUOTA_CODE_BURST = QUOTA.throttleBurst;

/** Identity of one traffic series; absent fields mean "not split by this dimension". */
export interface SeriesMeta {
  api: string | undefined;
  stage: string | undefined;
  route: string | undefined;
  key: string | undefined;
}

export type LayerKind = 'usage-plan method' | 'usage-plan key' | 'stage' | 'account';
export const LAYER_RANK: Record<LayerKind, number> = { 'usage-plan method': 0, 'usage-plan key': 1, stage: 2, account: 3 };

export interface BucketDef extends OriginLimits {
  id: string;
  layer: LayerKind;
  label: string;
}

export interface QuotaDef {
  id: string;
  plan: string;
  key: string;
  limit: number;
  offset: number;
  period: QuotaPeriod;
  members: number[];
}

export interface Topology {
  buckets: BucketDef[];
  chains: number[][];
  quotas: QuotaDef[];
}

/**
 * Which buckets apply to each series (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html): one account bucket for all;
 * one stage bucket per (api, stage, method/route) with the route override replacing the
 * stage default; per API key, the usage plan's key bucket (shared across the plan's stages)
 * and its per-method buckets; per (plan, key), the quota.
 */
export function buildTopology(series: readonly SeriesMeta[], limits: LimitsConfig): Topology {
  const buckets: BucketDef[] = [];
  const index = new Map<string, number>();
  const use = (def: BucketDef): number => {
    let j = index.get(def.id);
    if (j === undefined) {
      j = buckets.length;
      buckets.push(def);
      index.set(def.id, j);
    }
    return j;
  };
  const quotas: QuotaDef[] = [];
  const quotaIndex = new Map<string, QuotaDef>();
  const chains = series.map((s, si) => {
    const chain: number[] = [];
    const api = s.api ?? '*';
    const stage = s.stage ?? '*';
    const route = s.route ?? '*';
    const plan = s.key === undefined ? undefined : limits.usagePlans.find((p) => p.keys.includes(s.key!));
    if (plan && s.key !== undefined) {
      const method = plan.methods.find((m) => m.api === api && m.stage === stage && m.route === route);
      if (method) {
        chain.push(
          use({
            ...method.limits,
            id: `plan:${plan.name}/${s.key}/${api}/${stage}/${route}`,
            layer: 'usage-plan method',
            label: `plan ${plan.name} key ${s.key} ${route}`,
          }),
        );
      }
      if (plan.throttle)
        chain.push(
          use({ ...plan.throttle, id: `plan:${plan.name}/${s.key}`, layer: 'usage-plan key', label: `plan ${plan.name} key ${s.key}` }),
        );
      if (plan.quota) {
        const id = `${plan.name}/${s.key}`;
        let q = quotaIndex.get(id);
        if (!q) {
          q = { id, plan: plan.name, key: s.key, ...plan.quota, members: [] };
          quotaIndex.set(id, q);
          quotas.push(q);
        }
        q.members.push(si);
      }
    }
    const stageCfg = limits.stages.find((c) => c.api === api && c.stage === stage);
    const stageLimits = stageCfg ? (stageCfg.routes[route] ?? stageCfg.default ?? limits.anyStage) : limits.anyStage;
    if (stageLimits)
      chain.push(use({ ...stageLimits, id: `stage:${api}/${stage}/${route}`, layer: 'stage', label: `${api}/${stage} ${route}` }));
    chain.push(use({ ...limits.account, id: 'account', layer: 'account', label: `account (${limits.region})` }));
    return chain;
  });
  return { buckets, chains, quotas };
}

/**
 * Quota window id of each period (UTC): days since the epoch, weeks starting Sunday 00:00 UTC,
 * or year·12 + month. AWS does not document the time zone (assumed UTC) nor, for WEEK, the start day.
 */
export function quotaWindows(startMs: number, periodSeconds: number, nPeriods: number, period: QuotaPeriod): Int32Array {
  const out = new Int32Array(nPeriods);
  for (let p = 0; p < nPeriods; p++) {
    const ms = startMs + p * periodSeconds * 1000;
    const day = Math.floor(ms / DAY_MS);
    if (period === 'DAY') out[p] = day;
    else if (period === 'WEEK')
      out[p] = Math.floor((day + 4) / 7); // 1970-01-01 was a Thursday: +4 aligns weeks on Sunday
    else {
      const d = new Date(ms);
      out[p] = d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
  }
  return out;
}
