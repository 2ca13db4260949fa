import type { CheckFacts } from '../gates/types.js';
import { windowLabel } from '../throttling/report.js';
import type { DiffSide, OptionCostSide, QuotaSide, ThrottleSide } from './types.js';

/**
 * Reports the tool writes (JSON), turned into one side of a diff. Pure mappers over parsed JSON
 * whose shape the caller has checked (`reportKind`); a figure the report does not carry stays
 * null. Window labels follow the simulator's ("1-min window").
 */

export interface EstimateReportJson {
  command: 'estimate';
  options: {
    id: string;
    label: string;
    priced: boolean;
    monthlyUsdExact: string;
    lines: { component: string; tier: string | null; costUsd: string }[];
  }[];
}

export interface CheckReportJson {
  command: 'check';
  costs: { id: string; label: string; monthlyUsd: string }[] | null;
  facts?: {
    quotas?: { code: string; subject?: string; name: string; used: number | null; limit: number; unit: string }[] | null;
    throttle?: { window: string; pAnyBusiestWindow: number; expectedThrottled: number } | null;
    buckets?: { id: string; label: string; rate: number; burst: number; expected429: number; pAnyBusiestWindow: number | null }[] | null;
  };
}

export interface SimulateReportJson {
  command: 'simulate';
  horizon: { periodSeconds: number };
  summary: {
    offeredRequests: number;
    /** Includes the usage-plan quota's 429s; null when unknown (a bucket not computed). */
    throttledRequests: number | null;
    /** Proven bound on the 429s of buckets that only have a bound (absent in older files: 0). */
    throttledRequestsBound?: number;
    quotaRejectedRequests: number;
    busiestWindowPAny429: number;
  };
  buckets: { id: string; label: string; rate: number; burst: number; expected429: number; peak: { pAny: number } | null }[];
}

export interface BaselineJson {
  kind: 'apigw-plan-baseline';
  costs: Record<string, string>;
  throttle?: { pAnyBusiestWindow: number; expectedThrottled: number };
  quotas?: Record<string, { used: number | null; limit: number }>;
}

/** What `apigw-plan inventory --format json` writes about infrastructure code (the parts a diff reads). */
export interface InventoryReportJson {
  kind: 'apigw-plan-inventory';
  apis: { id: string; name: string }[];
  throttles: {
    id: string;
    kind: string;
    api: string | null;
    stage: string | null;
    route: string | null;
    rate: number | null;
    burst: number | null;
    src?: { file: string; line?: number };
  }[];
  quotas: {
    id: string;
    name: string;
    subjectName?: string | null;
    used: number | null;
    limit: number | null;
    unit: string;
    src?: { file: string; line?: number };
  }[];
}

export type ReportKind = 'estimate' | 'check' | 'simulate' | 'baseline' | 'inventory';

/** Which of the tool's reports a parsed JSON file is, or undefined. */
export function reportKind(json: unknown): ReportKind | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (o.kind === 'apigw-plan-baseline') return 'baseline';
  if (o.kind === 'apigw-plan-inventory') return 'inventory';
  const c = o.command;
  return c === 'estimate' || c === 'check' || c === 'simulate' || c === 'inventory' ? c : undefined;
}

/** Cost lines keyed by component and tier; a key that repeats gets its ordinal. */
function lineKeys(lines: { component: string; tier: string | null; costUsd: string }[]): NonNullable<OptionCostSide['lines']> {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const tier = l.tier ?? '';
    const base = tier ? `${l.component} · ${tier}` : l.component;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { key: n === 1 ? base : `${base} #${n}`, component: l.component, tier, costUsd: l.costUsd };
  });
}

export function sideFromEstimate(label: string, r: EstimateReportJson): DiffSide {
  return {
    label,
    kind: 'estimate',
    costs: r.options
      .filter((o) => o.priced)
      .map((o) => ({ id: o.id, label: o.label, monthlyUsd: o.monthlyUsdExact, lines: lineKeys(o.lines) })),
    quotas: null,
    throttles: null,
    risk: null,
  };
}

export function sideFromCheck(label: string, r: CheckReportJson): DiffSide {
  const q = r.facts?.quotas;
  const t = r.facts?.throttle;
  return {
    label,
    kind: 'check',
    costs: r.costs?.map((c) => ({ id: c.id, label: c.label, monthlyUsd: c.monthlyUsd, lines: null })) ?? null,
    quotas: q
      ? q.map((x) => ({ id: x.subject ? `${x.code}@${x.subject}` : x.code, name: x.name, used: x.used, limit: x.limit, unit: x.unit }))
      : null,
    throttles: r.facts?.buckets ?? null,
    risk: t ? { window: t.window, pAnyBusiestWindow: t.pAnyBusiestWindow, expectedThrottled: t.expectedThrottled } : null,
  };
}

export function sideFromSimulate(label: string, r: SimulateReportJson): DiffSide {
  const throttles: ThrottleSide[] = r.buckets.map((b) => ({
    id: b.id,
    label: b.label,
    rate: b.rate,
    burst: b.burst,
    expected429: b.expected429,
    pAnyBusiestWindow: b.peak?.pAny ?? null,
  }));
  return {
    label,
    kind: 'simulate',
    costs: null,
    quotas: null,
    throttles,
    risk: {
      window: windowLabel(r.horizon.periodSeconds),
      pAnyBusiestWindow: r.summary.busiestWindowPAny429,
      // throttledRequests already counts the quota's 429s; unknown stays unknown (NaN)
      expectedThrottled: (r.summary.throttledRequests ?? Number.NaN) + (r.summary.throttledRequestsBound ?? 0),
    },
  };
}

export function sideFromBaseline(label: string, r: BaselineJson): DiffSide {
  const quotas: QuotaSide[] | null = r.quotas
    ? Object.entries(r.quotas).map(([code, q]) => ({ id: code, name: code, used: q.used, limit: q.limit, unit: '' }))
    : null;
  return {
    label,
    kind: 'baseline',
    costs: Object.entries(r.costs).map(([id, usd]) => ({ id, label: id, monthlyUsd: usd, lines: null })),
    quotas,
    throttles: null,
    risk: r.throttle ? { window: 'window', ...r.throttle } : null,
  };
}

export function sideFromInventory(label: string, r: InventoryReportJson): DiffSide {
  const apiName = new Map(r.apis.map((a) => [a.id, a.name]));
  const where = (src: { file: string; line?: number } | undefined) =>
    src ? { where: { file: src.file, ...(src.line ? { line: src.line } : {}) } } : {};
  return {
    label,
    kind: 'inventory',
    costs: null,
    quotas: r.quotas.map((q) => ({
      id: q.id,
      name: q.subjectName ? `${q.name} (${q.subjectName})` : q.name,
      used: q.used,
      limit: q.limit,
      unit: q.unit,
      ...where(q.src),
    })),
    throttles: r.throttles.map((t) => ({
      id: t.id,
      label: [
        t.api ? (apiName.get(t.api) ?? t.api) : `${t.kind} ${t.id.split('/').pop()}`,
        t.stage,
        t.route ?? (t.kind === 'stage' ? '(stage default)' : null),
      ]
        .filter(Boolean)
        .join(' '),
      rate: t.rate,
      burst: t.burst,
      ...where(t.src),
    })),
    risk: null,
  };
}

/** This check's own facts as the head of a diff. */
export function sideFromFacts(label: string, facts: CheckFacts): DiffSide {
  const t = facts.throttle;
  return {
    label,
    kind: 'check',
    costs: facts.costs?.map((c) => ({ id: c.id, label: c.label, monthlyUsd: c.monthlyUsd.toFixed(), lines: null })) ?? null,
    quotas:
      facts.quotas?.map((q) => ({
        id: q.subject ? `${q.code}@${q.subject}` : q.code,
        name: q.name,
        used: q.used ?? null,
        limit: q.limit,
        unit: q.unit,
      })) ?? null,
    throttles: facts.buckets ?? null,
    risk: t ? { window: t.window, pAnyBusiestWindow: t.pAnyBusiestWindow, expectedThrottled: t.expectedThrottled } : null,
  };
}

/** Both sides of one kind merged: a check report's risk with a simulate report's throttles, for example. */
export function mergeSides(label: string, parts: DiffSide[]): DiffSide {
  const first = parts[0]!;
  const pick = <K extends 'costs' | 'quotas' | 'throttles' | 'risk'>(k: K): DiffSide[K] =>
    parts.find((p) => p[k] !== null)?.[k] ?? (null as DiffSide[K]);
  return { label, kind: first.kind, costs: pick('costs'), quotas: pick('quotas'), throttles: pick('throttles'), risk: pick('risk') };
}
