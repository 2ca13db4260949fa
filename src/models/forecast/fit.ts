import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { median, medianAbsoluteDeviation } from 'simple-statistics';

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

function design(t: number, dow: number, seasonal: boolean): number[] {
  if (!seasonal) return [1, t];
  const row = [1, t, 0, 0, 0, 0, 0, 0];
  if (dow === 6) for (let k = 0; k < 6; k++) row[2 + k] = -1;
  else row[2 + dow] = 1;
  return row;
}

interface Wls {
  beta: Float64Array;
  /** Cholesky factor of X'WX (its inverse is wanted only once, for the covariance). */
  chol: CholeskyDecomposition;
}

function wls(rows: number[][], y: number[], w: number[]): Wls {
  const p = rows[0]!.length;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  // a design row has 2 to 8 non-zero entries: only those add to X'WX (adding 0 would change nothing)
  const nz = new Int32Array(p);
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!;
    const wi = w[i]!;
    let m = 0;
    for (let j = 0; j < p; j++) if (x[j] !== 0) nz[m++] = j;
    for (let u = 0; u < m; u++) {
      const j = nz[u]!;
      const xj = x[j]! * wi;
      if (xj === 0) continue;
      b[j] = b[j]! + xj * y[i]!;
      for (let v = 0; v < m; v++) {
        const k = nz[v]!;
        a[j * p + k] = a[j * p + k]! + xj * x[k]!;
      }
    }
  }
  const chol = new CholeskyDecomposition(Matrix.from1DArray(p, p, a));
  if (!chol.isPositiveDefinite()) throw new RangeError('the history does not determine a trend (too few distinct days)');
  const beta = Float64Array.from(chol.solve(Matrix.columnVector(Array.from(b))).getColumn(0));
  return { beta, chol };
}

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
  const distinctDows = new Set(obs.map((t) => (firstDow + t) % 7)).size;
  const trySeasonal = opts.allowSeasonal && distinctDows === 7 && obs.length >= 14;
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
  const rows = obs.map((t) => design(t, (firstDow + t) % 7, seasonal));
  const y = obs.map((t) => logY[t]!);
  const n = rows.length;
  const p = rows[0]!.length;
  let w = new Array<number>(n).fill(1);
  let cur = wls(rows, y, w);
  const unweighted = cur.chol; // all weights 1: the least-squares X'X, for the covariance
  let scale = 0;
  let r: number[] = [];
  const residualsOf = (beta: Float64Array): number[] => {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const x = rows[i]!;
      let f = 0;
      for (let j = 0; j < p; j++) f += x[j]! * beta[j]!;
      out[i] = y[i]! - f;
    }
    return out;
  };
  // IRLS to 1e-7 on the log-scale coefficients (a millionth of a percent): typically under 15 steps
  for (let iter = 0; iter < 40; iter++) {
    r = residualsOf(cur.beta);
    scale = medianAbsoluteDeviation(r) * MAD_TO_SIGMA;
    if (!(scale > 1e-12)) break; // an exact fit: nothing to reweight
    w = r.map((ri) => {
      const u = Math.abs(ri / scale);
      return u <= HUBER_K ? 1 : HUBER_K / u;
    });
    const next = wls(rows, y, w);
    const delta = Math.max(...next.beta.map((b, j) => Math.abs(b - cur.beta[j]!)));
    cur = next;
    if (delta < 1e-7) break;
  }
  r = residualsOf(cur.beta);
  if (!(scale > 1e-12)) scale = Math.max(1e-9, Math.sqrt(r.reduce((s, v) => s + v * v, 0) / Math.max(1, n - p)));
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
      weekdayLog[k] = cur.beta[2 + k]!;
      last -= cur.beta[2 + k]!;
    }
    weekdayLog[6] = last;
  }
  return { beta: cur.beta, cov, seasonal, weekdayLog, scale, phi, residuals };
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
