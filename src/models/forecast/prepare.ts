import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { fittedLog, fitTrend, type TrendFit } from './fit.js';
import { quantilesOfNumbers } from './quantiles.js';
import type { DailyHistory } from './types.js';

/** A history made ready for simulation: the fit, the filled days and the bootstrap pool. */
export interface Prepared {
  fit: TrendFit;
  logY: Float64Array;
  /** History with missing days filled by the fitted level (windows need every day). */
  filled: Float64Array;
  filledPeaks: Float64Array | undefined;
  /** Bootstrap pool: AR(1) innovations and the same day's peak-to-average ratio. */
  innovations: Float64Array;
  ratios: Float64Array | undefined;
  /** Lower Cholesky factor of the coefficients' covariance, row by row. */
  chol: number[][];
}

export function prepare(h: DailyHistory, n: number): Prepared {
  const logY = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const v = h.totals[t]!;
    logY[t] = Number.isFinite(v) && v > 0 ? Math.log(v) : Number.NaN;
  }
  const fit = fitTrend(logY, h.firstDay, { allowSeasonal: true });
  const p = fit.beta.length;
  const filled = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    filled[t] = Number.isFinite(logY[t]!) ? Math.exp(logY[t]!) : Math.exp(fittedLog(fit.beta, fit.seasonal, t, (fit.firstDow + t) % 7));
  }
  const ratioOf = (t: number): number => {
    const pk = h.peaks?.[t];
    const tot = h.totals[t]!;
    return pk !== undefined && Number.isFinite(pk) && Number.isFinite(tot) && tot > 0 ? pk / (tot / 86400) : Number.NaN;
  };
  const allRatios: number[] = [];
  for (let t = 0; t < n; t++) if (Number.isFinite(ratioOf(t))) allRatios.push(ratioOf(t));
  const medianRatio = allRatios.length ? quantilesOfNumbers(allRatios, [0.5])[0]! : Number.NaN;
  const innov: number[] = [];
  const rat: number[] = [];
  const r = fit.residuals;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(r[t]!)) continue;
    const prev = t > 0 ? r[t - 1]! : Number.NaN;
    if (fit.phi > 0 && !Number.isFinite(prev)) continue;
    innov.push(fit.phi > 0 ? r[t]! - fit.phi * prev : r[t]!);
    const ratio = ratioOf(t);
    rat.push(Number.isFinite(ratio) ? ratio : medianRatio);
  }
  // centre, and undo the shrinkage of fitted residuals (n − p degrees of freedom)
  const mean = innov.reduce((s, v) => s + v, 0) / innov.length;
  const inflate = Math.sqrt(fit.n / Math.max(1, fit.n - p));
  // a plain loop (the same arithmetic per value) rather than Float64Array.from with a callback
  const innovations = new Float64Array(innov.length);
  for (let i = 0; i < innov.length; i++) innovations[i] = (innov[i]! - mean) * inflate;
  const ratios = allRatios.length ? Float64Array.from(rat) : undefined;
  let filledPeaks: Float64Array | undefined;
  if (ratios) {
    filledPeaks = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const pk = h.peaks![t]!;
      filledPeaks[t] = Number.isFinite(pk) ? pk : (filled[t]! / 86400) * medianRatio;
    }
  }
  const chol = choleskyLower(fit.cov).to2DArray();
  return { fit, logY, filled, filledPeaks, innovations, ratios, chol };
}

/** Lower Cholesky factor of a covariance (with a tiny ridge if it is only semi-definite). */
function choleskyLower(cov: Matrix): Matrix {
  let c = new CholeskyDecomposition(cov);
  if (c.isPositiveDefinite()) return c.lowerTriangularMatrix;
  const ridge = Math.max(1e-18, Math.max(...cov.diag()) * 1e-12);
  c = new CholeskyDecomposition(cov.clone().add(Matrix.eye(cov.rows).mul(ridge)));
  return c.lowerTriangularMatrix;
}
