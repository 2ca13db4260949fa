import type { Rng } from '../throttling/prng.js';
import { MONTH_WINDOW_DAYS } from './calendar.js';
import { fittedLog, type TrendFit } from './fit.js';
import type { Prepared } from './prepare.js';
import type { Measure } from './types.js';

/** What the simulation engines (simulate.ts, weekly.ts) are asked for and give back, and what they share. */

export interface SimSpec {
  /** Simulate days t = from … to (t counted from the first history day; from = history length). */
  from: number;
  to: number;
  thresholds: { measure: Measure; value: number; index: number }[];
  /** First t at which a crossing counts. */
  crossFrom: number;
  /** Record every simulated daily total (backtest). */
  store: boolean;
  /** Calendar months: month index of each day t (−1: not counted), and how many months. */
  monthOf: Int16Array | undefined;
  months: number;
  /** Days at which the bands are sampled. */
  bandDays: number[];
}

export interface SimOut {
  /** crossing t per threshold index × path; Infinity = not within the simulated days. */
  crossings: Float64Array[];
  stored: Float64Array | undefined;
  monthTotals: Float64Array | undefined;
  monthPeaks: Float64Array | undefined;
  bandMonthly: Float64Array;
  bandPeaks: Float64Array | undefined;
}

/** The thresholds of one measure, ascending (the first crossing of a higher value is never earlier), with their output columns. */
export function thresholdsOf(
  ths: SimSpec['thresholds'],
  crossings: Float64Array[],
  measure: Measure,
): { values: Float64Array; out: Float64Array[] } {
  const list = ths
    .map((th, k) => ({ value: th.value, k }))
    .filter((_, k) => ths[k]!.measure === measure)
    .sort((a, b) => a.value - b.value);
  return { values: Float64Array.from(list, (x) => x.value), out: list.map((x) => crossings[x.k]!) };
}

/**
 * A uniform index in [0, m) (m < 2^31: the truncation is the floor). A function of its own, small
 * enough for the draw to be inlined into it, so the engines' loops get a small integer back: a
 * uint32 returned from a call that is not inlined (the engines' loops exceed V8's inlining budget)
 * is a heap number, one allocation per draw.
 */
export function drawIndex(rng: Rng, m: number): number {
  return ((rng.nextU32() * m) / 4294967296) | 0;
}

/** One path's coefficients: β̂ + L·z, z standard normal (L the covariance's Cholesky factor). */
export function drawBeta(rng: Rng, fit: TrendFit, L: number[][], z: Float64Array, beta: Float64Array): void {
  const p = fit.beta.length;
  for (let j = 0; j < p; j++) z[j] = rng.normal();
  for (let j = 0; j < p; j++) {
    let v = fit.beta[j]!;
    const row = L[j]!;
    for (let k = 0; k <= j; k++) v += row[k]! * z[k]!;
    beta[j] = v;
  }
}

export function dowOf(fit: TrendFit, t: number): number {
  return (((fit.firstDow + t) % 7) + 7) % 7;
}

/**
 * The 28 days before the simulated ones, for the trailing windows: the history (missing days
 * filled), extended backwards along the fitted trend when it is shorter than the window.
 */
export function daysBefore(prep: Prepared, n: number, from: number): Float64Array {
  const { fit, filled } = prep;
  const before = new Float64Array(MONTH_WINDOW_DAYS);
  for (let k = 0; k < MONTH_WINDOW_DAYS; k++) {
    const t = from - MONTH_WINDOW_DAYS + k;
    before[k] = t >= 0 && t < n ? filled[t]! : Math.exp(fittedLog(fit.beta, fit.seasonal, t, dowOf(fit, t)));
  }
  return before;
}
