import type { Gap } from '../../traffic/series.js';
import type { PayloadReport } from '../../models/payload/payload.js';
import type { ThrottleReport } from '../../models/throttling/report.js';
import { fmt, windowLabel } from '../../models/throttling/report.js';
import type { Finding } from '../../models/types.js';

/** Everything a simulate formatter prints. */
export interface SimulateResult {
  tool: { name: string; version: string };
  seed: number;
  inputs: Array<{ name: string; value: string; origin: string }>;
  throttle: ThrottleReport;
  gaps: Gap[];
  payload: PayloadReport | undefined;
  target: number;
  findings: Finding[];
  assumptions: string[];
}

export function percent(x: number): string {
  if (x === 0) return '0 %';
  if (x >= 0.9995 && x < 1) return '> 99.9 %';
  const v = 100 * x;
  return `${v >= 10 ? v.toFixed(0) : v >= 0.001 ? Number(v.toPrecision(2)).toString() : v.toExponential(1)} %`;
}

/**
 * A probability as the engine gave it: the estimate (with its interval when it has one), a proven
 * upper bound ("≤ x", the `bound` engine), or "unknown" (not computed).
 */
export function riskText(est: number, low: number, high: number): string {
  if (Number.isFinite(est)) return `${percent(est)}${low !== high ? ` [${percent(low)}, ${percent(high)}]` : ''}`;
  if (Number.isFinite(high) && high < 1) return `≤ ${percent(high)}`;
  return 'unknown';
}

/** A count of 429s: the estimate, a proven upper bound ("≤ x"), or "unknown". */
export function countText(est: number, high: number, engine: string): string {
  if (Number.isFinite(est)) return fmt(est);
  if (engine === 'bound' && Number.isFinite(high)) return `≤ ${fmt(high)}`;
  return 'unknown';
}

/** Expected 429s in total: the estimate, plus the proven bound of buckets that only have one, or "unknown". */
export function expectedText(est: number, bound: number): string {
  if (!Number.isFinite(est)) return 'unknown (not computed)';
  return `${fmt(Math.round(est))}${bound > 0 ? ` + at most ${fmt(bound)} (proven bound)` : ''}`;
}

/** The one-line verdict that ends every run. */
export function verdict(r: SimulateResult): string {
  const t = r.throttle;
  const p = t.busiestWindowPAny;
  const versus = p > r.target ? (t.busiestIsBound ? 'its bound is above' : 'above') : 'within';
  const share = Number.isFinite(t.expected429) && t.offered > 0 ? ` (${percent(t.expected429 / t.offered)})` : '';
  return `verdict: ${expectedText(t.expected429, t.expected429Bound)} of ${fmt(t.offered)} requests throttled${share}; P(any 429 in busiest ${windowLabel(t.periodSeconds)}) ${t.busiestIsBound ? '≤ ' : ''}${percent(p)} — ${versus} target ${percent(r.target)}`;
}
