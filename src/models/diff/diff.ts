import { dec } from '../../money/decimal.js';
import { riskPercent, signedPercent, signedUsd } from '../../money/format.js';
import type { DiffSide, QuotaSide, RiskSide, SourceLocation, ThrottleSide } from './types.js';

/**
 * What a change does: two sides in (base = before, head = after), one diff out. Pure: no I/O,
 * no clock. Money stays decimal (strings in, strings out); a figure a side does not state stays
 * null and is never read as 0. Unchanged rows are dropped unless `showUnchanged`, and counted.
 */
export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface CostLineDiff {
  key: string;
  component: string;
  tier: string;
  beforeUsd: string | null;
  afterUsd: string | null;
  deltaUsd: string;
  change: Change;
}

export interface OptionDiff {
  id: string;
  label: string;
  beforeUsd: string | null;
  afterUsd: string | null;
  /** null when either side has no total for this option. */
  deltaUsd: string | null;
  /** Percent of the before total; null when before is 0 or unknown. */
  deltaPercent: number | null;
  change: Change;
  lines: CostLineDiff[];
}

export interface QuotaState {
  used: number | null;
  limit: number | null;
  /** Percent of the limit left; null when used or limit is unknown. */
  headroomPercent: number | null;
}

export interface QuotaDiff {
  id: string;
  name: string;
  unit: string;
  before: QuotaState | null;
  after: QuotaState | null;
  change: Change;
  /** After the change the headroom is under the threshold, and it was not before. */
  crossed: boolean;
  /** After the change the headroom is under the threshold (or the quota is exceeded). */
  under: boolean;
  where?: SourceLocation;
}

export interface ThrottleState {
  rate: number | null;
  burst: number | null;
  expected429: number | null;
  pAnyBusiestWindow: number | null;
}

export interface ThrottleDiff {
  id: string;
  label: string;
  before: ThrottleState | null;
  after: ThrottleState | null;
  change: Change;
  where?: SourceLocation;
}

export interface RiskDiff {
  window: string;
  before: RiskSide | null;
  after: RiskSide | null;
  change: Change;
}

export interface DiffOptions {
  /** Keep rows that did not change. */
  showUnchanged?: boolean;
  /** The option whose cost the headline states (default: "apigw" when present, else the base's cheapest). */
  headlineOption?: string;
  /** Headroom under this percentage is reported (default 10). */
  headroomPercent?: number;
}

export interface DiffResult {
  base: { label: string; kind: DiffSide['kind'] };
  head: { label: string; kind: DiffSide['kind'] };
  headline: string;
  /** Nothing changed: no cost, quota, throttle or risk figure differs. */
  empty: boolean;
  headlineOption: string | null;
  headroomPercent: number;
  costs: OptionDiff[] | null;
  quotas: QuotaDiff[] | null;
  throttles: ThrottleDiff[] | null;
  risk: RiskDiff | null;
  /** Rows left out because they did not change. */
  unchangedHidden: { costs: number; costLines: number; quotas: number; throttles: number };
  /** What could not be compared, and why. */
  notes: string[];
}

const changeOf = (before: unknown, after: unknown, same: boolean): Change =>
  before === null || before === undefined ? 'added' : after === null || after === undefined ? 'removed' : same ? 'unchanged' : 'changed';

/** Pair items of both sides by id, keeping the head's order, then the removed ones in the base's order. */
function pair<T extends { id: string }>(base: readonly T[], head: readonly T[]): [T | undefined, T | undefined][] {
  const byId = new Map(base.map((b) => [b.id, b]));
  const out: [T | undefined, T | undefined][] = head.map((h) => [byId.get(h.id), h]);
  const inHead = new Set(head.map((h) => h.id));
  for (const b of base) if (!inHead.has(b.id)) out.push([b, undefined]);
  return out;
}

function headroom(q: QuotaSide): QuotaState {
  const h = q.used !== null && q.limit !== null && q.limit > 0 ? (100 * (q.limit - q.used)) / q.limit : null;
  return { used: q.used, limit: q.limit, headroomPercent: h };
}

function throttleState(t: ThrottleSide): ThrottleState {
  return { rate: t.rate, burst: t.burst, expected429: t.expected429 ?? null, pAnyBusiestWindow: t.pAnyBusiestWindow ?? null };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffSides(base: DiffSide, head: DiffSide, opts: DiffOptions = {}): DiffResult {
  const showUnchanged = opts.showUnchanged ?? false;
  const threshold = opts.headroomPercent ?? 10;
  const notes: string[] = [];
  const hidden = { costs: 0, costLines: 0, quotas: 0, throttles: 0 };

  // costs
  let costs: OptionDiff[] | null = null;
  if (base.costs && head.costs) {
    costs = [];
    for (const [b, h] of pair(base.costs, head.costs)) {
      const before = b ? dec(b.monthlyUsd) : null;
      const after = h ? dec(h.monthlyUsd) : null;
      const delta = before && after ? after.minus(before) : null;
      const lines: CostLineDiff[] = [];
      if (b?.lines && h?.lines) {
        const linesBase = b.lines.map((l) => ({ ...l, id: l.key }));
        const linesHead = h.lines.map((l) => ({ ...l, id: l.key }));
        for (const [lb, lh] of pair(linesBase, linesHead)) {
          const x = lb ? dec(lb.costUsd) : null;
          const y = lh ? dec(lh.costUsd) : null;
          const change = changeOf(x, y, Boolean(x && y && x.eq(y)));
          if (change === 'unchanged' && !showUnchanged) {
            hidden.costLines++;
            continue;
          }
          const any = (lh ?? lb)!;
          lines.push({
            key: any.key,
            component: any.component,
            tier: any.tier,
            beforeUsd: x?.toFixed() ?? null,
            afterUsd: y?.toFixed() ?? null,
            deltaUsd: (y ?? dec(0)).minus(x ?? dec(0)).toFixed(),
            change,
          });
        }
      }
      const change = changeOf(before, after, Boolean(delta?.isZero()) && lines.every((l) => l.change === 'unchanged'));
      if (change === 'unchanged' && !showUnchanged) {
        hidden.costs++;
        continue;
      }
      const any = (h ?? b)!;
      costs.push({
        id: any.id,
        label: any.label,
        beforeUsd: before?.toFixed() ?? null,
        afterUsd: after?.toFixed() ?? null,
        deltaUsd: delta?.toFixed() ?? null,
        deltaPercent: before && delta && !before.isZero() ? delta.div(before).times(100).toNumber() : null,
        change,
        lines,
      });
    }
  } else if (base.costs || head.costs) {
    notes.push(`costs are stated by the ${base.costs ? 'base' : 'head'} only (${base.costs ? head.label : base.label} has none)`);
  }

  // quotas
  let quotas: QuotaDiff[] | null = null;
  if (base.quotas || head.quotas) {
    quotas = [];
    for (const [b, h] of pair(base.quotas ?? [], head.quotas ?? [])) {
      const before = b ? headroom(b) : null;
      const after = h ? headroom(h) : null;
      const under = after?.headroomPercent !== null && after?.headroomPercent !== undefined && after.headroomPercent < threshold;
      const wasUnder = before?.headroomPercent !== null && before?.headroomPercent !== undefined && before.headroomPercent < threshold;
      const change = changeOf(before, after, sameJson(before, after));
      if (change === 'unchanged' && !showUnchanged) {
        hidden.quotas++;
        continue;
      }
      const any = (h ?? b)!;
      quotas.push({
        id: any.id,
        name: any.name,
        unit: any.unit,
        before,
        after,
        change,
        crossed: under && !wasUnder,
        under,
        ...(any.where ? { where: any.where } : {}),
      });
    }
  }

  // throttles
  let throttles: ThrottleDiff[] | null = null;
  if (base.throttles || head.throttles) {
    throttles = [];
    for (const [b, h] of pair(base.throttles ?? [], head.throttles ?? [])) {
      const before = b ? throttleState(b) : null;
      const after = h ? throttleState(h) : null;
      const change = changeOf(before, after, sameJson(before, after));
      if (change === 'unchanged' && !showUnchanged) {
        hidden.throttles++;
        continue;
      }
      const any = (h ?? b)!;
      throttles.push({ id: any.id, label: any.label, before, after, change, ...(any.where ? { where: any.where } : {}) });
    }
  }

  // risk
  let risk: RiskDiff | null = null;
  if (base.risk || head.risk) {
    const change = changeOf(base.risk, head.risk, sameJson(base.risk, head.risk));
    risk = { window: (head.risk ?? base.risk)!.window, before: base.risk, after: head.risk, change };
    if (change === 'unchanged' && !showUnchanged) risk = null;
  }

  const headlineOption = opts.headlineOption ?? defaultHeadlineOption(base, head);
  if (opts.headlineOption && !(base.costs ?? []).concat(head.costs ?? []).some((c) => c.id === opts.headlineOption)) {
    notes.push(`option "${opts.headlineOption}" is in neither side`);
  }
  const changed =
    (costs ?? []).some((c) => c.change !== 'unchanged') ||
    (quotas ?? []).some((q) => q.change !== 'unchanged') ||
    (throttles ?? []).some((t) => t.change !== 'unchanged') ||
    (risk !== null && risk.change !== 'unchanged');

  const result: DiffResult = {
    base: { label: base.label, kind: base.kind },
    head: { label: head.label, kind: head.kind },
    headline: '',
    empty: !changed,
    headlineOption,
    headroomPercent: threshold,
    costs,
    quotas,
    throttles,
    risk,
    unchangedHidden: hidden,
    notes,
  };
  result.headline = headline(result, base, head);
  return result;
}

function defaultHeadlineOption(base: DiffSide, head: DiffSide): string | null {
  const all = [...(base.costs ?? []), ...(head.costs ?? [])];
  if (all.length === 0) return null;
  if (all.some((c) => c.id === 'apigw')) return 'apigw';
  const pool = base.costs?.length ? base.costs : head.costs!;
  return pool.reduce((a, b) => (dec(b.monthlyUsd).lt(dec(a.monthlyUsd)) ? b : a)).id;
}

function headline(d: DiffResult, base: DiffSide, head: DiffSide): string {
  if (d.empty) return 'no change in cost, quotas, throttles or 429 risk';
  const parts: string[] = [];
  const option = d.headlineOption;
  if (option && base.costs && head.costs) {
    const b = base.costs.find((c) => c.id === option);
    const h = head.costs.find((c) => c.id === option);
    if (b && h) {
      const delta = dec(h.monthlyUsd).minus(dec(b.monthlyUsd));
      const pct = dec(b.monthlyUsd).isZero() ? '' : ` (${signedPercent(delta.div(dec(b.monthlyUsd)).times(100).toNumber())})`;
      parts.push(delta.isZero() ? `${h.label}: no cost change` : `${h.label}: ${signedUsd(delta)}/month${pct}`);
    } else parts.push(`${(b ?? h)?.label ?? option}: ${b ? 'removed' : h ? 'added' : 'not priced'}`);
  } else if (base.costs || head.costs) parts.push('cost not comparable');
  if (d.quotas) {
    const under = d.quotas.filter((q) => q.under).length;
    const crossed = d.quotas.filter((q) => q.crossed).length;
    if (under > 0)
      parts.push(
        `${under} quota${under === 1 ? '' : 's'} under ${d.headroomPercent} % headroom${crossed > 0 && crossed < under ? ` (${crossed} new)` : ''}`,
      );
    else {
      const changed = d.quotas.filter((q) => q.change !== 'unchanged').length;
      if (changed > 0) parts.push(`${changed} quota${changed === 1 ? '' : 's'} changed, all above ${d.headroomPercent} % headroom`);
    }
  }
  if (d.throttles) {
    const changed = d.throttles.filter((t) => t.change !== 'unchanged').length;
    if (changed > 0) parts.push(`${changed} throttle${changed === 1 ? '' : 's'} changed`);
  }
  if (d.risk?.before && d.risk.after && d.risk.change === 'changed') {
    parts.push(`429 risk ${riskPercent(d.risk.before.pAnyBusiestWindow)} → ${riskPercent(d.risk.after.pAnyBusiestWindow)}`);
  }
  return parts.join(', ') || 'changes outside cost, quotas, throttles and 429 risk';
}
