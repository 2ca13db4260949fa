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

/**
 * e^x of each innovation (the independent days' factors), by a plain loop: the same Math.exp of
 * the same values as Float64Array.from(innovations, Math.exp), without that call's generic
 * iteration and callback per element (about 6× slower for a history's 180 values).
 */
export function expOf(innovations: Float64Array): Float64Array {
  const out = new Float64Array(innovations.length);
  for (let i = 0; i < innovations.length; i++) out[i] = Math.exp(innovations[i]!);
  return out;
}

/** The golden ratio's fractional part: the Kronecker step of the coefficient lattice's angle (badly approximable). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The paths' coefficients: β = β̂ + L·z, z standard normal (L the covariance's lower Cholesky
 * factor, so the intercept and the growth, β0 and β1, depend on z0 and z1 only).
 *
 * z0 and z1 (all of the trend's level and growth uncertainty) come from a randomly shifted
 * two-dimensional lattice through Box–Muller, instead of independent draws: path i of N takes
 * u = (frac(i/N + s1), frac(i·g + s2)), g the golden ratio's fractional part, (s1, s2) one uniform
 * shift per run drawn from the seeded stream, and z0 + i·z1 = √(−2 ln(1 − u1)) · e^(2πi·u2).
 * Each path's u is uniform on the unit square (a uniformly shifted point, modulo 1), so each
 * path's (z0, z1) is exactly bivariate standard normal and each path is distributed exactly as
 * with independent draws; what changes is that the N points are spread evenly (N strata of the
 * radius, the angle a low-discrepancy Kronecker sequence): randomised quasi-Monte Carlo. The
 * share of paths whose trend lies below any line in (β0, β1), which decides a crossing's
 * percentiles, then has a smaller error than with independent draws (docs/forecast.md gives the
 * figures). The other coefficients (the weekday effects) are independent normals, two from each
 * point of Marsaglia's polar method (x, y uniform in the unit disc from two 32-bit draws).
 */
export class TrendDraws {
  private readonly s1: number;
  private readonly s2: number;
  private readonly paths: number;

  /** Draws the run's shift (two uniforms from the stream). */
  constructor(rng: Rng, paths: number) {
    this.s1 = rng.uniform();
    this.s2 = rng.uniform();
    this.paths = paths;
  }

  /** Path `path`'s coefficients into beta (z: scratch of the same length). */
  draw(rng: Rng, fit: TrendFit, L: number[][], z: Float64Array, beta: Float64Array, path: number): void {
    const p = fit.beta.length;
    // both coordinates shifted modulo 1 (a Cranley–Patterson rotation): each path's point is
    // uniform on the square, and the N points still take one of the N strata of u1 each
    let u1 = path / this.paths + this.s1;
    u1 -= Math.floor(u1);
    let u2 = path * GOLDEN + this.s2;
    u2 -= Math.floor(u2);
    const r = Math.sqrt(-2 * Math.log(1 - u1));
    z[0] = r * Math.cos(2 * Math.PI * u2);
    if (p > 1) z[1] = r * Math.sin(2 * Math.PI * u2);
    for (let j = 2; j < p; j += 2) {
      // Marsaglia's polar method: a point uniform in the unit disc (by rejection, 21 % of tries),
      // two independent standard normals from it; no trigonometry
      let x: number;
      let y: number;
      let s: number;
      do {
        x = rng.nextU32() / 2147483648 - 1;
        y = rng.nextU32() / 2147483648 - 1;
        s = x * x + y * y;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      z[j] = x * f;
      if (j + 1 < p) z[j + 1] = y * f;
    }
    for (let j = 0; j < p; j++) {
      let v = fit.beta[j]!;
      const row = L[j]!;
      for (let k = 0; k <= j; k++) v += row[k]! * z[k]!;
      beta[j] = v;
    }
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
