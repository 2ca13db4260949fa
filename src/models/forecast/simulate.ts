import { Rng } from '../throttling/prng.js';
import { MONTH_SCALE, MONTH_WINDOW_DAYS } from './calendar.js';
import { fittedLog } from './fit.js';
import type { Prepared } from './prepare.js';
import { daysBefore, dowOf, drawIndex, expOf, type SimOut, type SimSpec, TrendDraws, thresholdsOf } from './sim-common.js';
import { simulateWeekly } from './weekly.js';

export type { SimOut, SimSpec };

/**
 * Simulated futures of a fitted history. Each path draws the coefficients from their estimated
 * sampling distribution (trend-parameter uncertainty), then walks the days with AR(1) residuals
 * whose innovations are resampled from the history's own (residual bootstrap), and the day's peak
 * per-second rate as the day's mean rate × a peak-to-average ratio resampled jointly from the same
 * history day. Two engines draw from this one model:
 *
 * - `simulateDaily`: day by day, one resampled innovation per path and day. Used for AR(1)
 *   residuals, horizons under 16 weeks, more than 16,384 paths, and when every simulated day is
 *   kept (the backtest).
 * - `simulateWeekly` (weekly.ts): independent days (φ = 0) over a long horizon, a week at a time
 *   from a pool of pre-drawn weeks, with exact daily rescans where a crossing is possible.
 */

/** Weeks of horizon from which the weekly engine pays for its pool (each pooled week used twice or more). */
export const WEEKLY_MIN_WEEKS = 16;
/** Above this many paths the pool (128 bytes per pooled week, 8 weeks per path) would pass 16 MB: daily walk. */
export const WEEKLY_MAX_PATHS = 16_384;

export function simulate(prep: Prepared, n: number, spec: SimSpec, paths: number, seed: number): SimOut {
  const weeks = Math.ceil((spec.to - spec.from + 1) / 7);
  if (prep.fit.phi === 0 && !spec.store && weeks >= WEEKLY_MIN_WEEKS && paths <= WEEKLY_MAX_PATHS)
    return simulateWeekly(prep, n, spec, paths, seed);
  return simulateDaily(prep, n, spec, paths, seed);
}

export function simulateDaily(prep: Prepared, n: number, spec: SimSpec, paths: number, seed: number): SimOut {
  const { fit, innovations, ratios, chol: L, logY } = prep;
  const rng = new Rng(seed);
  const draws = new TrendDraws(rng, paths);
  const p = fit.beta.length;
  const m = innovations.length;
  const phi = fit.phi;
  const from = spec.from;
  const to = spec.to;
  const days = to - from + 1;
  const crossFrom = spec.crossFrom;
  const ths = spec.thresholds;
  if (spec.store && ths.length === 0 && !spec.monthOf && spec.bandDays.length === 0)
    return dailyTotalsOnly(prep, n, spec, paths, rng, draws);
  const crossings = ths.map(() => new Float64Array(paths).fill(Number.POSITIVE_INFINITY));
  const mon = thresholdsOf(ths, crossings, 'monthly-requests');
  const dly = thresholdsOf(ths, crossings, 'daily-requests');
  const wky = thresholdsOf(ths, crossings, 'weekly-requests');
  const pk = thresholdsOf(ths, crossings, 'daily-peak-rps');
  const nMon = mon.values.length;
  const nDly = dly.values.length;
  const nWky = wky.values.length;
  const nPk = ratios ? pk.values.length : 0;
  const stored = spec.store ? new Float64Array(paths * days) : undefined;
  const monthOf = spec.monthOf ?? new Int16Array(to + 1).fill(-1);
  const monthTotals = new Float64Array(Math.max(1, spec.months) * paths);
  const monthPeaks = new Float64Array(Math.max(1, spec.months) * paths);
  const nb = spec.bandDays.length;
  const bandMonthly = new Float64Array(nb * paths);
  const bandPeaks = new Float64Array(nb * paths);
  const bandIndex = new Int32Array(to + 2).fill(-1);
  spec.bandDays.forEach((t, i) => {
    if (t >= 0 && t <= to) bandIndex[t] = i;
  });
  const ratio = ratios ?? new Float64Array(m).fill(0);
  const ring = new Float64Array(MONTH_WINDOW_DAYS);
  const z = new Float64Array(p);
  const beta = new Float64Array(p);
  const seasonExp = new Float64Array(7);
  let lastObs = -1;
  for (let t = n - 1; t >= 0 && lastObs < 0; t--) if (Number.isFinite(logY[t]!)) lastObs = t;
  const before = daysBefore(prep, n, from);
  const scaleM = MONTH_SCALE;
  const ar = phi > 0;
  const expInnovations = expOf(innovations);

  for (let path = 0; path < paths; path++) {
    draws.draw(rng, fit, L, z, beta, path);
    for (let d = 0; d < 7; d++) seasonExp[d] = Math.exp(fittedLog(beta, fit.seasonal, 0, d) - beta[0]!);
    // the AR state: the last observed day's deviation from this path's trend, carried forward
    let r = lastObs >= 0 ? (logY[lastObs]! - fittedLog(beta, fit.seasonal, lastObs, dowOf(fit, lastObs))) * phi ** (n - 1 - lastObs) : 0;
    let roll28 = 0;
    let roll7 = 0;
    for (let k = 0; k < MONTH_WINDOW_DAYS; k++) {
      const v = before[k]!;
      ring[(from - MONTH_WINDOW_DAYS + k + MONTH_WINDOW_DAYS * 8) % MONTH_WINDOW_DAYS] = v;
      roll28 += v;
      if (k >= MONTH_WINDOW_DAYS - 7) roll7 += v;
    }
    const growth = Math.exp(beta[1]!);
    let level = Math.exp(beta[0]! + beta[1]! * from);
    let dow = dowOf(fit, from);
    let slot = from % MONTH_WINDOW_DAYS;
    let slot7 = (from - 7 + MONTH_WINDOW_DAYS * 8) % MONTH_WINDOW_DAYS;
    let pm = 0;
    let pd = 0;
    let pw = 0;
    let pp = 0;
    for (let t = from; t <= to; t++) {
      const idx = drawIndex(rng, m);
      let y: number;
      if (ar) {
        r = phi * r + innovations[idx]!;
        y = level * seasonExp[dow]! * Math.exp(r);
      } else y = level * seasonExp[dow]! * expInnovations[idx]!; // independent days: no exp per day
      level *= growth;
      dow = dow === 6 ? 0 : dow + 1;
      roll28 += y - ring[slot]!;
      roll7 += y - ring[slot7]!;
      ring[slot] = y;
      slot = slot === MONTH_WINDOW_DAYS - 1 ? 0 : slot + 1;
      slot7 = slot7 === MONTH_WINDOW_DAYS - 1 ? 0 : slot7 + 1;
      const monthly = roll28 * scaleM;
      const peak = (y / 86400) * ratio[idx]!;
      if (stored) stored[path * days + (t - from)] = y;
      const mi = monthOf[t]!;
      if (mi >= 0) {
        const at = mi * paths + path;
        monthTotals[at] = monthTotals[at]! + y;
        if (peak > monthPeaks[at]!) monthPeaks[at] = peak;
      }
      const bi = bandIndex[t]!;
      if (bi >= 0) {
        bandMonthly[bi * paths + path] = monthly;
        bandPeaks[bi * paths + path] = peak;
      }
      if (t < crossFrom) continue;
      while (pm < nMon && monthly >= mon.values[pm]!) mon.out[pm++]![path] = t;
      while (pd < nDly && y >= dly.values[pd]!) dly.out[pd++]![path] = t;
      while (pw < nWky && roll7 >= wky.values[pw]!) wky.out[pw++]![path] = t;
      while (pp < nPk && peak >= pk.values[pp]!) pk.out[pp++]![path] = t;
    }
  }
  return {
    crossings,
    stored,
    monthTotals: spec.monthOf ? monthTotals : undefined,
    monthPeaks: spec.monthOf && ratios ? monthPeaks : undefined,
    bandMonthly,
    bandPeaks: ratios ? bandPeaks : undefined,
  };
}

/**
 * simulateDaily when only the simulated daily totals are asked for (the backtest): the same
 * draws in the same order and the same arithmetic for each day, without the windows, months,
 * bands and peaks nobody reads: the same stored values bit for bit.
 */
function dailyTotalsOnly(prep: Prepared, n: number, spec: SimSpec, paths: number, rng: Rng, draws: TrendDraws): SimOut {
  const { fit, innovations, chol: L, logY } = prep;
  const p = fit.beta.length;
  const m = innovations.length;
  const phi = fit.phi;
  const from = spec.from;
  const days = spec.to - from + 1;
  const stored = new Float64Array(paths * days);
  const z = new Float64Array(p);
  const beta = new Float64Array(p);
  const seasonExp = new Float64Array(7);
  let lastObs = -1;
  for (let t = n - 1; t >= 0 && lastObs < 0; t--) if (Number.isFinite(logY[t]!)) lastObs = t;
  const ar = phi > 0;
  const expInnovations = expOf(innovations);
  const dow0 = dowOf(fit, from);
  for (let path = 0; path < paths; path++) {
    draws.draw(rng, fit, L, z, beta, path);
    for (let d = 0; d < 7; d++) seasonExp[d] = Math.exp(fittedLog(beta, fit.seasonal, 0, d) - beta[0]!);
    let r = lastObs >= 0 ? (logY[lastObs]! - fittedLog(beta, fit.seasonal, lastObs, dowOf(fit, lastObs))) * phi ** (n - 1 - lastObs) : 0;
    const growth = Math.exp(beta[1]!);
    let level = Math.exp(beta[0]! + beta[1]! * from);
    let dow = dow0;
    const at = path * days;
    for (let k = 0; k < days; k++) {
      const idx = drawIndex(rng, m);
      let y: number;
      if (ar) {
        r = phi * r + innovations[idx]!;
        y = level * seasonExp[dow]! * Math.exp(r);
      } else y = level * seasonExp[dow]! * expInnovations[idx]!;
      level *= growth;
      dow = dow === 6 ? 0 : dow + 1;
      stored[at + k] = y;
    }
  }
  return { crossings: [], stored, monthTotals: undefined, monthPeaks: undefined, bandMonthly: new Float64Array(0), bandPeaks: undefined };
}
