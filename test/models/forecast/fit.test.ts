import { Matrix, solve } from 'ml-matrix';
import { medianAbsoluteDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { chiSquare6Survival, fitTrend, HUBER_K, type TrendFit, weekday } from '../../../src/models/forecast/fit.js';
import { mulberry32 } from '../../helpers/random.js';
import { synthetic } from './synthetic.js';

/**
 * The robust trend fit (src/models/forecast/fit.ts) against a plain implementation of the same
 * estimator, written here from its definition with dense ml-matrix algebra and simple-statistics'
 * MAD: the full design matrix, X'WX and X'Wy as matrix products, a general solve, the covariance
 * from (X'X)⁻¹ by a general inverse, the Wald test of the weekday effects from the covariance's
 * block. The model's fast path (sums from the design's known form, a hand-written Cholesky, the
 * least-squares X'X taken from the first solve, residuals by the row's form) must agree with it to
 * rounding, for histories starting on every weekday.
 */

const MONDAY = Date.UTC(2026, 0, 5) / 86_400_000;
const MAD_TO_SIGMA = 1.482602218505602;

interface Reference {
  beta: number[];
  scale: number;
  cov: Matrix;
  phi: number;
  /** Per history day (NaN where missing). */
  residuals: number[];
}

function referenceHuber(logY: Float64Array, firstDay: number, seasonal: boolean): Reference {
  const obs: number[] = [];
  for (let t = 0; t < logY.length; t++) if (Number.isFinite(logY[t]!)) obs.push(t);
  const rows = obs.map((t) => {
    const row = [1, t];
    if (seasonal) {
      const dow = weekday(firstDay + t);
      for (let k = 0; k < 6; k++) row.push(dow === 6 ? -1 : dow === k ? 1 : 0);
    }
    return row;
  });
  const X = new Matrix(rows);
  const y = Matrix.columnVector(obs.map((t) => logY[t]!));
  const n = obs.length;
  const p = X.columns;
  const wls = (w: number[]): Matrix => {
    const W = Matrix.diag(w);
    const xtw = X.transpose().mmul(W);
    return solve(xtw.mmul(X), xtw.mmul(y));
  };
  const residuals = (beta: Matrix) => y.clone().sub(X.mmul(beta)).to1DArray();
  let beta = wls(new Array(n).fill(1));
  let scale = 0;
  for (let iter = 0; iter < 40; iter++) {
    scale = medianAbsoluteDeviation(residuals(beta)) * MAD_TO_SIGMA;
    if (!(scale > 1e-12)) break;
    const w = residuals(beta).map((r) => (Math.abs(r / scale) <= HUBER_K ? 1 : HUBER_K / Math.abs(r / scale)));
    const next = wls(w);
    const delta = Math.max(...next.to1DArray().map((v, j) => Math.abs(v - beta.get(j, 0))));
    beta = next;
    if (delta < 1e-7) break;
  }
  const r = residuals(beta);
  // Huber (1981, §7.6): κ² · Σψ²/(n − p) / m² · s² · (X'X)⁻¹, m the share of residuals inside ±k·s
  const u = r.map((v) => v / scale);
  const inside = u.filter((v) => Math.abs(v) <= HUBER_K).length / n;
  const m = Math.max(inside, 0.5);
  const kappa = 1 + (p / n) * ((inside * (1 - inside)) / (m * m));
  const psi2 = u.reduce((s, v) => s + Math.min(HUBER_K, Math.max(-HUBER_K, v)) ** 2, 0) / Math.max(1, n - p);
  // lag-1 autocorrelation of the winsorised residuals over consecutive observed days
  const byDay = new Map(obs.map((t, i) => [t, Math.min(HUBER_K * scale, Math.max(-HUBER_K * scale, r[i]!))]));
  let num = 0;
  let den = 0;
  let pairs = 0;
  for (const t of obs) {
    if (!byDay.has(t - 1)) continue;
    num += byDay.get(t - 1)! * byDay.get(t)!;
    den += byDay.get(t - 1)! ** 2;
    pairs++;
  }
  const raw = den > 0 ? num / den : 0;
  const phi = pairs > 0 && raw > 2 / Math.sqrt(pairs) ? Math.min(0.95, raw) : 0;
  const xtxInv = solve(X.transpose().mmul(X), Matrix.eye(p));
  const cov = xtxInv.mul(((kappa * kappa * psi2) / (m * m)) * scale * scale * ((1 + phi) / (1 - phi)));
  const perDay = Array.from(logY, () => Number.NaN);
  obs.forEach((t, i) => {
    perDay[t] = r[i]!;
  });
  return { beta: beta.to1DArray(), scale, cov, phi, residuals: perDay };
}

/**
 * The whole procedure: the weekday effects are tried when allowed and every weekday is seen (14 days or
 * more), and kept when the Wald test of the six finds them (p < 0.01), else the fit is redone without.
 */
function referenceFit(logY: Float64Array, firstDay: number, allowSeasonal: boolean) {
  const seen = new Set<number>();
  let n = 0;
  for (let t = 0; t < logY.length; t++) {
    if (!Number.isFinite(logY[t]!)) continue;
    seen.add(weekday(firstDay + t));
    n++;
  }
  if (!(allowSeasonal && seen.size === 7 && n >= 14)) return { ...referenceHuber(logY, firstDay, false), seasonal: false, wald: undefined };
  const full = referenceHuber(logY, firstDay, true);
  const s = Matrix.columnVector(full.beta.slice(2));
  const block = full.cov.subMatrix(2, 7, 2, 7);
  const wald = s.transpose().mmul(solve(block, s)).get(0, 0);
  if (chiSquare6Survival(wald) < 0.01) return { ...full, seasonal: true, wald };
  return { ...referenceHuber(logY, firstDay, false), seasonal: false, wald };
}

function logOf(totals: Float64Array): Float64Array {
  return Float64Array.from(totals, (v) => (Number.isFinite(v) && v > 0 ? Math.log(v) : Number.NaN));
}

function expectClose(actual: number, expected: number, rel: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

function compare(logY: Float64Array, firstDay: number, allowSeasonal: boolean, seasonalExpected: boolean): TrendFit {
  const fit = fitTrend(logY, firstDay, { allowSeasonal });
  const ref = referenceFit(logY, firstDay, allowSeasonal);
  expect(fit.seasonal).toBe(seasonalExpected);
  expect(ref.seasonal).toBe(seasonalExpected);
  expect(fit.beta.length).toBe(ref.beta.length);
  // the estimate is the IRLS fixed point to 1e-7 (both loops stop there); the two agree far closer
  for (let j = 0; j < fit.beta.length; j++) expectClose(fit.beta[j]!, ref.beta[j]!, 1e-9);
  expectClose(fit.scale, ref.scale, 1e-9);
  expectClose(fit.phi, ref.phi, 1e-9);
  for (let i = 0; i < ref.cov.rows; i++) for (let j = 0; j < ref.cov.columns; j++) expectClose(fit.cov.get(i, j), ref.cov.get(i, j), 1e-7);
  expect(fit.residuals.length).toBe(logY.length);
  for (let t = 0; t < logY.length; t++) {
    if (Number.isNaN(ref.residuals[t]!)) expect(fit.residuals[t]).toBeNaN();
    else expect(Math.abs(fit.residuals[t]! - ref.residuals[t]!)).toBeLessThanOrEqual(1e-9);
  }
  if (ref.wald === undefined) expect(fit.seasonality).toBeUndefined();
  else expectClose(fit.seasonality!.wald, ref.wald, 1e-6);
  return fit;
}

const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];

describe('fitTrend against a plain dense implementation of the Huber IRLS fit', () => {
  it('seasonal histories starting on each weekday: coefficients, scale, lag-1 correlation, covariance, residuals and the Wald test agree', () => {
    for (let start = 0; start < 7; start++) {
      const firstDay = MONDAY + start;
      const s = synthetic({
        seed: start + 1,
        firstDay,
        historyDays: 120 + 10 * start,
        futureDays: 0,
        start: 5e6,
        growthPerMonth: 0.06,
        weekday: WEEKDAY,
        sigma: 0.05,
        phi: start % 2 ? 0.4 : 0,
      });
      const fit = compare(logOf(s.totals), firstDay, true, true);
      expect(fit.weekdayLog.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 12);
      // the weekday pattern as generated: Saturday and Sunday (5, 6) below Tuesday (1)
      expect(fit.weekdayLog[5]!).toBeLessThan(fit.weekdayLog[1]! - 0.2);
      expect(fit.weekdayLog[6]!).toBeLessThan(fit.weekdayLog[1]! - 0.2);
    }
  });

  it('missing days and outliers (the weights bite), with seasonality, from a Wednesday', () => {
    const firstDay = MONDAY + 2;
    const s = synthetic({
      seed: 11,
      firstDay,
      historyDays: 150,
      futureDays: 0,
      start: 2e6,
      growthPerMonth: 0.1,
      weekday: WEEKDAY,
      sigma: 0.04,
    });
    const totals = Float64Array.from(s.totals);
    const u = mulberry32(99);
    for (let t = 0; t < totals.length; t++) {
      const x = u();
      if (x < 0.08)
        totals[t] = Number.NaN; // missing
      else if (x < 0.12) totals[t] = totals[t]! * (u() < 0.5 ? 0.3 : 3); // outage or launch day
    }
    compare(logOf(totals), firstDay, true, true);
  });

  it('no weekly pattern: the Wald test drops the weekday effects and the two-coefficient refit agrees', () => {
    const firstDay = MONDAY + 4;
    const s = synthetic({
      seed: 21,
      firstDay,
      historyDays: 100,
      futureDays: 0,
      start: 1e6,
      growthPerMonth: 0.03,
      weekday: [1, 1, 1, 1, 1, 1, 1],
      sigma: 0.08,
    });
    const fit = compare(logOf(s.totals), firstDay, true, false);
    expect(fit.seasonality?.pValue).toBeGreaterThanOrEqual(0.01);
  });

  it('seasonality not allowed, with gaps: the two-coefficient fit agrees and no test is made', () => {
    const firstDay = MONDAY + 6;
    const s = synthetic({
      seed: 31,
      firstDay,
      historyDays: 90,
      futureDays: 0,
      start: 3e6,
      growthPerMonth: 0.05,
      weekday: WEEKDAY,
      sigma: 0.05,
    });
    const totals = Float64Array.from(s.totals);
    for (let t = 3; t < totals.length; t += 11) totals[t] = Number.NaN;
    const fit = compare(logOf(totals), firstDay, false, false);
    expect(fit.seasonality).toBeUndefined();
  });
});
