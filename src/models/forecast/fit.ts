import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { median } from 'simple-statistics';
import { quantilesOf } from './quantiles.js';

/**
 * Robust trend + weekly seasonality on the log of daily totals (multiplicative growth):
 *
 *   log y_t = a + b·t + s_dow(t) + r_t,   Σ s_k = 0 (effect coding),  r_t = φ·r_{t−1} + e_t
 *
 * fitted by Huber M-estimation (iteratively reweighted least squares, k = 1.345: 95 % efficient
 * under Gaussian noise, bounded influence of outage or launch days). ml-matrix does the linear
 * algebra (Cholesky solves and the inverse of X'WX); the M-estimation loop and its asymptotic
 * covariance (Huber 1981, §7.6: κ² · Σψ²/(n−p) / (Σψ'/n)² · s²(X'X)⁻¹) are written out here
 * because no maintained npm package offers M-estimation with several regressors.
 */

export const HUBER_K = 1.345;
/** Consistency constant of the MAD for the Gaussian scale. */
const MAD_TO_SIGMA = 1.482602218505602;

export interface TrendFit {
  /** Coefficients: [a, b, s_0 … s_5] (effect-coded weekdays) or [a, b] without seasonality. */
  beta: Float64Array;
  /** Covariance of beta, inflated for AR(1) residual correlation. */
  cov: Matrix;
  seasonal: boolean;
  /** Day-of-week (0 = Monday) log effects, summing to 0; zeros without seasonality. */
  weekdayLog: Float64Array;
  /** Robust residual scale (MAD × 1.4826) on the log scale. */
  scale: number;
  /** Lag-1 autocorrelation of the residuals: 0 unless above twice its standard error, at most 0.95. */
  phi: number;
  /** Residuals r_t (NaN where the day is missing), length = history length. */
  residuals: Float64Array;
  /** Wald test of the weekly effects: statistic and p-value (χ² with 6 degrees of freedom). */
  seasonality: { wald: number; pValue: number } | undefined;
  /** Days used in the fit. */
  n: number;
  /** Day index origin: t is counted from the first history day. */
  firstDow: number;
}

/** Monday = 0 … Sunday = 6 for a day number since 1970-01-01 (a Thursday). */
export function weekday(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Design rows, n × p row-major: [1, t] or [1, t, effect-coded weekday (6)]. */
function designRows(obs: number[], firstDow: number, seasonal: boolean): Float64Array {
  const p = seasonal ? 8 : 2;
  const x = new Float64Array(obs.length * p);
  obs.forEach((t, i) => {
    const at = i * p;
    x[at] = 1;
    x[at + 1] = t;
    if (!seasonal) return;
    const dow = (firstDow + t) % 7;
    if (dow === 6) for (let k = 0; k < 6; k++) x[at + 2 + k] = -1;
    else x[at + 2 + dow] = 1;
  });
  return x;
}

/**
 * Weighted least squares for the IRLS loop: X'WX and X'Wy, its Cholesky factor and the solve,
 * written out over typed arrays (no matrix objects per step) in exactly the operations, and the
 * order, of ml-matrix's CholeskyDecomposition and its solve: the same coefficients bit for bit.
 * Returns false when X'WX is not positive definite. `a` (p × p), `l` (p × p), `b` (p) are
 * scratch; the solution goes to `beta`.
 */
function wlsSolve(
  x: Float64Array,
  y: Float64Array,
  w: Float64Array,
  n: number,
  p: number,
  a: Float64Array,
  l: Float64Array,
  b: Float64Array,
  beta: Float64Array,
): boolean {
  a.fill(0);
  b.fill(0);
  // X'WX's lower triangle (all the Cholesky loop reads) and X'Wy, row by row in row order: each
  // entry sums the same products (x_ij·w_i)·x_ik, in the same order, as the full product would.
  // A row is [1, t] or [1, t, its weekday's effect coding]: 1 for its weekday, or −1 in all six
  // columns on day 6; the terms a zero entry would add are zeros, which change no sum (a sum
  // of non-zero terms is never −0), so they are left out.
  let a00 = 0;
  let a10 = 0;
  let a11 = 0;
  let b0 = 0;
  let b1 = 0;
  let off = 0;
  for (let i = 0; i < n; i++) {
    const row = i * p;
    const wi = w[i]!;
    const t = x[row + 1]!;
    const yi = y[i]!;
    const x1 = t * wi;
    a00 += wi;
    a10 += x1;
    a11 += x1 * t;
    b0 += wi * yi;
    b1 += x1 * yi;
    if (p === 2) continue;
    let s = 2;
    while (s < 8 && x[row + s] === 0) s++;
    if (s === 8) continue; // (not a design row of this form)
    if (x[row + s] === 1) {
      // (1·w_i)·1 = w_i, (1·w_i)·t = w_i·t, exactly
      const at = s * p;
      a[at] = a[at]! + wi;
      a[at + 1] = a[at + 1]! + wi * t;
      a[at + s] = a[at + s]! + wi;
      b[s] = b[s]! + wi * yi;
    } else {
      // day 6: x = −1 in columns 2 … 7: (−w_i)·1, (−w_i)·t, (−w_i)·(−1) = w_i
      const nw = -wi;
      const nwt = nw * t;
      const nwy = nw * yi;
      for (let j = 2; j < 8; j++) {
        const at = j * p;
        a[at] = a[at]! + nw;
        a[at + 1] = a[at + 1]! + nwt;
        a[at + j] = a[at + j]! + wi;
        b[j] = b[j]! + nwy;
      }
      // the weekday block's off-diagonal entries take only these w_i: one running sum, stored below
      off = off + wi;
    }
  }
  if (p === 8) for (let j = 3; j < 8; j++) for (let k = 2; k < j; k++) a[j * p + k] = off;
  a[0] = a00;
  a[p] = a10;
  a[p + 1] = a11;
  b[0] = b0;
  b[1] = b1;
  // Cholesky (ml-matrix's loop: row j's entries left of the diagonal, then the diagonal)
  l.fill(0);
  let positiveDefinite = true;
  for (let j = 0; j < p; j++) {
    let d = 0;
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += l[k * p + i]! * l[j * p + i]!;
      s = (a[j * p + k]! - s) / l[k * p + k]!;
      l[j * p + k] = s;
      d = d + s * s;
    }
    d = a[j * p + j]! - d;
    positiveDefinite &&= d > 0;
    l[j * p + j] = Math.sqrt(Math.max(d, 0));
  }
  if (!positiveDefinite) return false;
  // forward, then back substitution
  for (let k = 0; k < p; k++) {
    let v = b[k]!;
    for (let i = 0; i < k; i++) v = v - beta[i]! * l[k * p + i]!;
    beta[k] = v / l[k * p + k]!;
  }
  for (let k = p - 1; k >= 0; k--) {
    let v = beta[k]!;
    for (let i = k + 1; i < p; i++) v = v - beta[i]! * l[i * p + k]!;
    beta[k] = v / l[k * p + k]!;
  }
  return true;
}

/**
 * The least-squares X'X's Cholesky factor (ml-matrix's, for the covariance's inverse), from the lower
 * triangle wlsSolve summed with every weight 1: its products (x_ij·1)·x_ik are x_ij·x_ik exactly, added
 * in row order, so each entry is the unweighted sum bit for bit; the upper triangle mirrors it (the same
 * products, commuted).
 */
function leastSquaresCholesky(lower: Float64Array, p: number): CholeskyDecomposition {
  const a = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      a[j * p + k] = lower[j * p + k]!;
      a[k * p + j] = lower[j * p + k]!;
    }
  }
  return new CholeskyDecomposition(Matrix.from1DArray(p, p, a));
}

const notDetermined = () => new RangeError('the history does not determine a trend (too few distinct days)');

/** (X'WX)⁻¹ from its Cholesky factor. */
function inverseOf(chol: CholeskyDecomposition, p: number): Matrix {
  const inv = chol.solve(Matrix.eye(p, p));
  // exact symmetry (rounding leaves the solved inverse a hair off it, and Cholesky insists)
  return inv.add(inv.transpose()).div(2);
}

/** P(χ²₆ > x) in closed form (even degrees of freedom). */
export function chiSquare6Survival(x: number): number {
  const h = x / 2;
  return Math.exp(-h) * (1 + h + (h * h) / 2);
}

/** Fit log(total) on the observed days. `logY` has NaN for missing days. */
export function fitTrend(logY: Float64Array, firstEpochDay: number, opts: { allowSeasonal: boolean }): TrendFit {
  const obs: number[] = [];
  for (let t = 0; t < logY.length; t++) if (Number.isFinite(logY[t]!)) obs.push(t);
  const firstDow = weekday(firstEpochDay);
  let seenDows = 0; // a bit per weekday observed
  for (const t of obs) seenDows |= 1 << ((firstDow + t) % 7);
  const trySeasonal = opts.allowSeasonal && seenDows === 0x7f && obs.length >= 14;
  let fit = huber(logY, obs, firstDow, trySeasonal);
  let seasonality: TrendFit['seasonality'];
  if (trySeasonal) {
    // Wald test of the six free weekday effects; without evidence (p ≥ 0.01) they are dropped
    const idx = [2, 3, 4, 5, 6, 7];
    const sub = new Matrix(idx.map((i) => idx.map((j) => fit.cov.get(i, j))));
    const s = new Matrix([idx.map((i) => fit.beta[i]!)]);
    const chol = new CholeskyDecomposition(sub);
    const wald = chol.isPositiveDefinite() ? s.mmul(chol.solve(s.transpose())).get(0, 0) : 0;
    seasonality = { wald, pValue: chiSquare6Survival(wald) };
    if (seasonality.pValue >= 0.01) fit = huber(logY, obs, firstDow, false);
  }
  return { ...fit, seasonality, n: obs.length, firstDow };
}

function huber(logY: Float64Array, obs: number[], firstDow: number, seasonal: boolean): Omit<TrendFit, 'seasonality' | 'n' | 'firstDow'> {
  const n = obs.length;
  const p = seasonal ? 8 : 2;
  const x = designRows(obs, firstDow, seasonal);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = logY[obs[i]!]!;
  const w = new Float64Array(n).fill(1);
  const a = new Float64Array(p * p);
  const l = new Float64Array(p * p);
  const b = new Float64Array(p);
  let beta = new Float64Array(p);
  let next = new Float64Array(p);
  if (!wlsSolve(x, y, w, n, p, a, l, b, beta)) throw notDetermined();
  const unweighted = leastSquaresCholesky(a, p); // a: X'X from the call above (all weights 1), for the covariance
  let scale = 0;
  const rr = new Float64Array(n);
  const dev = new Float64Array(n);
  // y − fitted, the fitted log level by fittedLog (1·c0 + t·c1, then + c_{2+dow}, or on day 6 − c2 − … − c7
  // in that order): the terms of the full row-by-coefficient dot product it leaves out are x = 0 entries,
  // whose ±0 products change no sum here, and 1·c and −1·c are exact, so the same residuals bit for bit
  const dows = new Int8Array(n);
  for (let i = 0; i < n; i++) dows[i] = (firstDow + obs[i]!) % 7;
  const residualsOf = (coef: Float64Array): void => {
    for (let i = 0; i < n; i++) rr[i] = y[i]! - fittedLog(coef, seasonal, obs[i]!, dows[i]!);
  };
  // the median absolute deviation (simple-statistics' medianAbsoluteDeviation: the same order statistics, the same values)
  const mad = (): number => {
    const med = quantilesOf(rr, [0.5])[0]!;
    for (let i = 0; i < n; i++) dev[i] = Math.abs(rr[i]! - med);
    return quantilesOf(dev, [0.5])[0]!;
  };
  // IRLS to 1e-7 on the log-scale coefficients (a millionth of a percent): typically under 15 steps
  for (let iter = 0; iter < 40; iter++) {
    residualsOf(beta);
    scale = mad() * MAD_TO_SIGMA;
    if (!(scale > 1e-12)) break; // an exact fit: nothing to reweight
    for (let i = 0; i < n; i++) {
      const u = Math.abs(rr[i]! / scale);
      w[i] = u <= HUBER_K ? 1 : HUBER_K / u;
    }
    if (!wlsSolve(x, y, w, n, p, a, l, b, next)) throw notDetermined();
    let delta = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < p; j++) delta = Math.max(delta, Math.abs(next[j]! - beta[j]!));
    [beta, next] = [next, beta];
    if (delta < 1e-7) break;
  }
  residualsOf(beta);
  const r = rr;
  if (!(scale > 1e-12)) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += r[i]! * r[i]!;
    scale = Math.max(1e-9, Math.sqrt(ss / Math.max(1, n - p)));
  }
  // Huber's asymptotic covariance with his small-sample correction κ
  const u = r.map((ri) => ri / scale);
  const psi = u.map((v) => Math.max(-HUBER_K, Math.min(HUBER_K, v)));
  const dpsi = u.map((v): number => (Math.abs(v) <= HUBER_K ? 1 : 0));
  const m = dpsi.reduce((s, v) => s + v, 0) / n;
  const mSafe = Math.max(m, 0.5);
  const varDpsi = m * (1 - m);
  const kappa = 1 + (p / n) * (varDpsi / (mSafe * mSafe));
  const psi2 = psi.reduce((s, v) => s + v * v, 0) / Math.max(1, n - p);
  const ols = inverseOf(unweighted, p);
  const factor = ((kappa * kappa * psi2) / (mSafe * mSafe)) * scale * scale;

  // residual autocorrelation at lag 1 from consecutive observed days (ψ-winsorised residuals)
  const residuals = new Float64Array(logY.length).fill(Number.NaN);
  obs.forEach((t, i) => {
    residuals[t] = r[i]!;
  });
  let num = 0;
  let den = 0;
  let pairs = 0;
  for (let t = 1; t < residuals.length; t++) {
    const a = residuals[t - 1]!;
    const b = residuals[t]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const wa = Math.max(-HUBER_K * scale, Math.min(HUBER_K * scale, a));
    const wb = Math.max(-HUBER_K * scale, Math.min(HUBER_K * scale, b));
    num += wa * wb;
    den += wa * wa;
    pairs++;
  }
  // AR(1) only where the data show it: φ̂ above twice its standard error under independence (1/√pairs)
  const rawPhi = den > 0 ? num / den : 0;
  const phi = pairs > 0 && rawPhi > 2 / Math.sqrt(pairs) ? Math.min(0.95, rawPhi) : 0;
  // positively autocorrelated residuals carry less information: widen the trend's covariance by
  // the AR(1) long-run variance ratio (1 + φ)/(1 − φ)
  const cov = ols.mul(factor * ((1 + phi) / (1 - phi)));

  const weekdayLog = new Float64Array(7);
  if (seasonal) {
    let last = 0;
    for (let k = 0; k < 6; k++) {
      weekdayLog[k] = beta[2 + k]!;
      last -= beta[2 + k]!;
    }
    weekdayLog[6] = last;
  }
  return { beta, cov, seasonal, weekdayLog, scale, phi, residuals };
}

/** The fitted log level for day t (t counted from the first history day) with coefficients beta. */
export function fittedLog(beta: ArrayLike<number>, seasonal: boolean, t: number, dow: number): number {
  let v = beta[0]! + beta[1]! * t;
  if (seasonal) {
    if (dow === 6) for (let k = 0; k < 6; k++) v -= beta[2 + k]!;
    else v += beta[2 + dow]!;
  }
  return v;
}

export { median };
