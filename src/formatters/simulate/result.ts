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

/** The one-line verdict that ends every run. */
export function verdict(r: SimulateResult): string {
  const t = r.throttle;
  const share = t.offered > 0 ? t.expected429 / t.offered : 0;
  const p = t.busiestWindowPAny;
  const versus = p > r.target ? 'above' : 'within';
  return `verdict: ${fmt(Math.round(t.expected429))} of ${fmt(t.offered)} requests throttled (${percent(share)}); P(any 429 in busiest ${windowLabel(t.periodSeconds)}) ${percent(p)} — ${versus} target ${percent(r.target)}`;
}
