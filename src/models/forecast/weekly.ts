import { Rng } from '../throttling/prng.js';
import { MONTH_SCALE } from './calendar.js';
import { fittedLog } from './fit.js';
import { REC, type Pool, drawPool, latinPicks, picksBuffer, poolArrays, poolWeeksFor } from './pool.js';
import type { Prepared } from './prepare.js';
import { daysBefore, dowOf, expOf, type SimOut, type SimSpec, TrendDraws, thresholdsOf } from './sim-common.js';

/**
 * The weekly engine: the same model as `simulateDaily` for independent days (φ = 0), a week at
 * a time.
 *
 * Model. A simulated day is y = level(t) · season(weekday) · e^ε with ε resampled from the
 * history's residuals, jointly with that day's peak-to-average ratio; every day's ε is
 * independent of the others and of the path's coefficients.
 *
 * Pool. Before the paths, `poolWeeks` weeks of seven such (e^ε, ratio) pairs are drawn exactly as
 * the daily engine draws days. Each path-week then takes one pooled week, uniformly and
 * independently of the path's other weeks (across the paths of one simulated week, a Latin
 * hypercube: see latinPicks). Every pooled week is an independent draw from the model's seven-day
 * noise, so each path-week is, averaged over the pool, distributed exactly as a week of the daily
 * engine; what the pool adds is dependence through its finite sample (two path-weeks of different
 * simulated weeks take the same pooled week with probability 1/poolWeeks). The pool holds at
 * least 8 × paths weeks (1,024 for 128 paths, about 6.6 uses per pooled week over a 12-month
 * horizon): its own sampling error (≈ 1/√poolWeeks in the distribution of a week's noise) is
 * under 0.36 of the paths' Monte Carlo error (≈ 1/√paths), and a month's total sums 4–5
 * independently chosen weeks.
 *
 * Exactness. A path's level, weekday factors and growth within the week are its own (its drawn
 * coefficients): a full week's total is level · Σ_d c_d · e^ε_d with the path's weights c_d,
 * calendar months and bands sum the same daily values, and nothing is approximated. Crossings
 * need the first day, so each week is screened with bounds that cannot miss one:
 * - trailing 28 days (monthly measure): within week w it is at most the value before the week
 *   plus the week's total (days dropped from the window only lower it);
 * - trailing 7 days: at most last week's total plus this week's;
 * - a day's requests: at most level · max_d c_d · max_d e^ε_d;
 * - a day's peak rate: at most level · max_d (c_d / ĉ_d) · max_d ĉ_d · e^ε_d · ratio_d / 86400
 *   (ĉ the point estimate's weights, for which the pool keeps that maximum);
 * and a week that passes a screen is walked day by day, exactly as the daily engine would.
 * A month's highest peak looks at a week only when the week's bound can beat it; the week's
 * highest is then its pooled highest day at the path's weight, unless the pooled second-highest
 * at the path's most favourable weight could beat that (then every day is compared). Exact.
 */

/** A bound compared with a threshold is widened by this much, so rounding cannot hide a crossing. */
const SLACK = 1 + 1e-9;

let keptOut = new Float64Array(0);
/**
 * The engine's outputs live in one buffer kept between calls (a forecast reads them before it
 * simulates again): they are valid until the next call of simulateWeekly.
 */
function outputs(size: number): Float64Array {
  if (keptOut.length < size) keptOut = new Float64Array(size);
  return keptOut;
}

/** Ascending thresholds of one measure and their output columns (see thresholdsOf). */
interface Column {
  values: Float64Array;
  out: Float64Array[];
}

/** The weekly engine (see above). Its output arrays are valid until its next call (they are reused). */
export function simulateWeekly(prep: Prepared, n: number, spec: SimSpec, paths: number, seed: number): SimOut {
  const { fit, innovations, ratios } = prep;
  if (fit.phi !== 0) throw new RangeError('the weekly engine needs independent days (φ = 0)');
  const run = new WeeklyRun(prep, n, spec, paths);
  const rng = new Rng(seed);
  const draws = new TrendDraws(rng, paths);
  drawPool(rng, run.pool, run.poolWeeks, expOf(innovations), ratios, run.cHat);
  const scratch = picksBuffer(paths * run.nW + 3 * paths);
  const perm = scratch.subarray(paths * run.nW, paths * run.nW + paths);
  const bits = scratch.subarray(paths * run.nW + paths, paths * run.nW + 3 * paths);
  latinPicks(rng, run.pool, run.poolWeeks, run.nW, paths, run.picks, perm, bits);
  for (let path = 0; path < paths; path++) run.path(rng, draws, path);
  return {
    crossings: run.crossings,
    stored: undefined,
    monthTotals: spec.monthOf ? run.monthTotals : undefined,
    monthPeaks: spec.monthOf && ratios ? run.monthPeaks : undefined,
    bandMonthly: run.bandMonthly,
    bandPeaks: ratios ? run.bandPeaks : undefined,
  };
}

class WeeklyRun {
  readonly fit: Prepared['fit'];
  readonly L: number[][];
  readonly paths: number;
  readonly from: number;
  readonly nW: number;
  readonly lastLen: number;
  readonly crossFrom: number;
  readonly crossings: Float64Array[];
  readonly mon: Column;
  readonly dly: Column;
  readonly wky: Column;
  readonly pk: Column;
  readonly hasPeaks: boolean;
  readonly monthOf: Int16Array;
  readonly monthTotals: Float64Array;
  readonly monthPeaks: Float64Array;
  readonly bandMonthly: Float64Array;
  readonly bandPeaks: Float64Array;
  readonly before: Float64Array;
  /** Totals of the four weeks before the simulated days, oldest first. */
  readonly beforeWeeks: Float64Array;
  readonly dow0: number;
  /** The calendar month of each week (−2: the week spans a month boundary or is the horizon's last, partial one). */
  readonly weekMonth: Int16Array;
  /** Band days by week: week, day in the week, band index, in day order. */
  readonly bandWeek: Int32Array;
  readonly bandDay: Int32Array;
  readonly bandIndex: Int32Array;
  /** The point estimate's weights within a week (weekday factor × growth since the week's first day). */
  readonly cHat: Float64Array;
  readonly poolWeeks: number;
  readonly pool: Pool;
  // per path
  readonly z: Float64Array;
  readonly beta: Float64Array;
  readonly c: Float64Array;
  readonly rho: Float64Array;
  /** The path's pooled weeks (a view of picks). */
  pick: Int32Array;
  /** Every path's pooled weeks, path-major (latinPicks). */
  readonly picks: Int32Array;
  readonly levels: Float64Array;
  /** Week totals: the four weeks before the simulated days, then the path's weeks. */
  readonly totals: Float64Array;
  /** Each path-week's bound on its highest peak × 86,400 (see the class comment). */
  readonly peakBounds: Float64Array;

  constructor(prep: Prepared, n: number, spec: SimSpec, paths: number) {
    const fit = prep.fit;
    this.fit = fit;
    this.L = prep.chol;
    this.paths = paths;
    const from = spec.from;
    const to = spec.to;
    this.from = from;
    const days = to - from + 1;
    const nW = Math.ceil(days / 7);
    this.nW = nW;
    this.lastLen = days - 7 * (nW - 1);
    this.crossFrom = spec.crossFrom;
    const ths = spec.thresholds;
    const nMonths = Math.max(1, spec.months);
    const nb = spec.bandDays.length;
    const out = outputs(paths * (ths.length + 2 * nMonths + 2 * nb));
    let at = 0;
    const take = (size: number) => out.subarray(at, (at += size));
    this.crossings = ths.map(() => take(paths).fill(Number.POSITIVE_INFINITY));
    this.mon = thresholdsOf(ths, this.crossings, 'monthly-requests');
    this.dly = thresholdsOf(ths, this.crossings, 'daily-requests');
    this.wky = thresholdsOf(ths, this.crossings, 'weekly-requests');
    this.hasPeaks = prep.ratios !== undefined;
    const pk = thresholdsOf(ths, this.crossings, 'daily-peak-rps');
    this.pk = this.hasPeaks ? pk : { values: new Float64Array(0), out: [] };
    this.monthOf = spec.monthOf ?? new Int16Array(to + 1).fill(-1);
    this.monthTotals = take(nMonths * paths).fill(0);
    this.monthPeaks = take(nMonths * paths).fill(0);
    this.bandMonthly = take(nb * paths).fill(0);
    this.bandPeaks = take(nb * paths).fill(0);
    this.before = daysBefore(prep, n, from);
    this.beforeWeeks = new Float64Array(4);
    for (let k = 0; k < 28; k++) this.beforeWeeks[Math.floor(k / 7)] = this.beforeWeeks[Math.floor(k / 7)]! + this.before[k]!;
    this.dow0 = dowOf(fit, from);
    this.weekMonth = new Int16Array(nW);
    for (let w = 0; w < nW; w++) {
      const len = w === nW - 1 ? this.lastLen : 7;
      const first = this.monthOf[from + 7 * w]!;
      let same = len === 7;
      for (let d = 1; d < len && same; d++) if (this.monthOf[from + 7 * w + d] !== first) same = false;
      this.weekMonth[w] = same ? first : -2;
    }
    const bands = spec.bandDays
      .map((t, i) => [t, i] as const)
      .filter(([t]) => t >= from && t <= to)
      .sort((a, b) => a[0] - b[0]);
    this.bandWeek = Int32Array.from(bands, ([t]) => Math.floor((t - from) / 7));
    this.bandDay = Int32Array.from(bands, ([t]) => (t - from) % 7);
    this.bandIndex = Int32Array.from(bands, ([, i]) => i);
    this.cHat = new Float64Array(7);
    for (let d = 0; d < 7; d++) {
      this.cHat[d] = Math.exp(fittedLog(fit.beta, fit.seasonal, 0, (this.dow0 + d) % 7) - fit.beta[0]! + fit.beta[1]! * d);
    }
    this.poolWeeks = poolWeeksFor(paths);
    this.pool = poolArrays(this.poolWeeks);
    const p = fit.beta.length;
    this.z = new Float64Array(p);
    this.beta = new Float64Array(p);
    this.c = new Float64Array(7);
    this.rho = new Float64Array(7);
    this.picks = picksBuffer(paths * nW + 3 * paths).subarray(0, paths * nW);
    this.pick = this.picks.subarray(0, nW);
    this.levels = new Float64Array(nW);
    this.totals = new Float64Array(nW + 4);
    this.totals.set(this.beforeWeeks);
    this.peakBounds = new Float64Array(nW);
  }

  /** A day's requests on path-week w of the current path (w < 0: the history before the simulated days). */
  y(w: number, d: number): number {
    return w >= 0 ? this.levels[w]! * this.c[d]! * this.pool.rec[this.pick[w]! * REC + d]! : this.before[(w + 4) * 7 + d]!;
  }

  /** A day's peak per-second rate on path-week w ≥ 0 of the current path. */
  peak(w: number, d: number): number {
    return (this.levels[w]! * this.rho[d]! * this.pool.rec[this.pick[w]! * REC + 7 + d]!) / 86400;
  }

  path(rng: Rng, draws: TrendDraws, path: number): void {
    this.pick = this.picks.subarray(path * this.nW, (path + 1) * this.nW);
    const { fit, beta, c, rho, cHat, pick, levels, monthTotals, monthPeaks, weekMonth, monthOf, hasPeaks, paths, from, nW, lastLen } = this;
    const { rec, bestDay } = this.pool;
    draws.draw(rng, fit, this.L, this.z, beta, path);
    let cMax = 0;
    let rhoMax = 0;
    for (let d = 0; d < 7; d++) {
      // fittedLog(beta, seasonal, 0, dow) written out (a double returned from a call that is not inlined is boxed)
      const dow = (this.dow0 + d) % 7;
      let v = beta[0]! + beta[1]! * 0;
      if (fit.seasonal) {
        if (dow === 6) for (let k = 0; k < 6; k++) v -= beta[2 + k]!;
        else v += beta[2 + dow]!;
      }
      c[d] = Math.exp(v - beta[0]! + beta[1]! * d);
      rho[d] = c[d]! / cHat[d]!;
      if (c[d]! > cMax) cMax = c[d]!;
      if (rho[d]! > rhoMax) rhoMax = rho[d]!;
    }
    const c0 = c[0]!;
    const c1 = c[1]!;
    const c2 = c[2]!;
    const c3 = c[3]!;
    const c4 = c[4]!;
    const c5 = c[5]!;
    const c6 = c[6]!;
    // week totals: the four weeks before the simulated days (oldest first), then each simulated week
    const totals = this.totals;
    const peakBounds = this.peakBounds;
    const growth7 = Math.exp(7 * beta[1]!);
    let level = Math.exp(beta[0]! + beta[1]! * from);
    // the calendar month being summed (its index in monthTotals, −1: none yet), its total so far and
    // its highest day's peak × 86,400 (its days are consecutive: stored when the next month begins)
    let atMonth = -1;
    let monthTotal = 0;
    let monthPeakDay = 0;
    // 1. levels, week totals and calendar months, week by week (the loops are kept apart: each
    // keeps few values live)
    for (let w = 0; w < nW; w++) {
      const j = pick[w]!;
      levels[w] = level;
      const base = j * REC;
      const mi = weekMonth[w]!;
      // the week's highest peak × 86,400 is at most this (see the class comment)
      const peakBound = hasPeaks ? level * (rhoMax * rec[base + 7 + bestDay[j]!]!) : 0;
      peakBounds[w] = peakBound;
      let total: number;
      if (mi !== -2) {
        total =
          level *
          (c0 * rec[base]! +
            c1 * rec[base + 1]! +
            c2 * rec[base + 2]! +
            c3 * rec[base + 3]! +
            c4 * rec[base + 4]! +
            c5 * rec[base + 5]! +
            c6 * rec[base + 6]!);
        if (mi >= 0) {
          const at = mi * paths + path;
          if (at !== atMonth) {
            if (atMonth >= 0) {
              monthTotals[atMonth] = monthTotal;
              monthPeaks[atMonth] = monthPeakDay / 86400;
            }
            atMonth = at;
            monthTotal = 0;
            monthPeakDay = 0;
          }
          monthTotal += total;
          // the week's highest peak, when it can raise the month's: the pool's highest day, unless
          // the second-highest at the path's most favourable weight could beat it (then every day)
          if (peakBound > monthPeakDay) {
            const k = bestDay[j]!;
            let top = rho[k]! * rec[base + 7 + k]!;
            if (rec[base + 15]! * rhoMax > top) {
              for (let d = 0; d < 7; d++) {
                const x = rho[d]! * rec[base + 7 + d]!;
                if (x > top) top = x;
              }
            }
            top = level * top;
            if (top > monthPeakDay) monthPeakDay = top;
          }
        }
      } else {
        // a week across a month boundary (or the horizon's last, partial week): day by day
        const len = w === nW - 1 ? lastLen : 7;
        total = 0;
        const t0 = from + 7 * w;
        for (let d = 0; d < len; d++) {
          const y = level * c[d]! * rec[base + d]!;
          total += y;
          const dm = monthOf[t0 + d]!;
          if (dm >= 0) {
            const at = dm * paths + path;
            if (at !== atMonth) {
              if (atMonth >= 0) {
                monthTotals[atMonth] = monthTotal;
                monthPeaks[atMonth] = monthPeakDay / 86400;
              }
              atMonth = at;
              monthTotal = 0;
              monthPeakDay = 0;
            }
            monthTotal += y;
            if (hasPeaks) {
              const v = level * rho[d]! * rec[base + 7 + d]!;
              if (v > monthPeakDay) monthPeakDay = v;
            }
          }
        }
      }
      totals[w + 4] = total;
      level *= growth7;
    }
    if (atMonth >= 0) {
      monthTotals[atMonth] = monthTotal;
      monthPeaks[atMonth] = monthPeakDay / 86400;
    }
    // 2. the bands: the trailing 28 days at each band day, and its peak rate
    const scaleM = MONTH_SCALE;
    const { bandWeek, bandDay, bandIndex, bandMonthly, bandPeaks } = this;
    const before = this.before;
    for (let b = 0; b < bandWeek.length; b++) {
      const w = bandWeek[b]!;
      const bi = bandIndex[b]!;
      const roll28Before = totals[w]! + totals[w + 1]! + totals[w + 2]! + totals[w + 3]!;
      if (bandDay[b] === 0) {
        // the band on a week's first day (every band day but the horizon's last)
        const lw = levels[w]!;
        const base = pick[w]! * REC;
        const dropped = w >= 4 ? levels[w - 4]! * c0 * rec[pick[w - 4]! * REC]! : before[w * 7]!;
        bandMonthly[bi * paths + path] = (roll28Before + lw * c0 * rec[base]! - dropped) * scaleM;
        if (hasPeaks) bandPeaks[bi * paths + path] = (lw * rho[0]! * rec[base + 7]!) / 86400;
      } else this.band(w, bandDay[b]!, bi, roll28Before, path);
    }
    // 3. crossings (a method of its own: its rarely taken day walks do not hold up the loops above)
    this.cross(path, cMax);
  }

  /** The path's crossings: each week screened with its bounds, walked day by day where one can be crossed. */
  private cross(path: number, cMax: number): void {
    const { c, rho, pick, levels, totals, peakBounds, before, from, nW, lastLen } = this;
    const rec = this.pool.rec;
    const scaleM = MONTH_SCALE;
    const mon = this.mon;
    const wky = this.wky;
    const dly = this.dly;
    const pk = this.pk;
    let pm = 0;
    let pw = 0;
    let pd = 0;
    let pp = 0;
    // the next threshold of each measure (Infinity: none left)
    let nextMon = mon.values.length > 0 ? mon.values[0]! : Number.POSITIVE_INFINITY;
    let nextWky = wky.values.length > 0 ? wky.values[0]! : Number.POSITIVE_INFINITY;
    let nextDly = dly.values.length > 0 ? dly.values[0]! : Number.POSITIVE_INFINITY;
    let nextPk = pk.values.length > 0 ? pk.values[0]! : Number.POSITIVE_INFINITY;
    // the peak threshold in requests per day (the bound is compared before the division by 86,400)
    let nextPkDay = nextPk * 86400;
    const crossFrom = this.crossFrom;
    for (let w = 0; w < nW; w++) {
      const len = w === nW - 1 ? lastLen : 7;
      const t0 = from + 7 * w;
      if (t0 + len - 1 < crossFrom) continue;
      const lw = levels[w]!;
      const base = pick[w]! * REC;
      const total = totals[w + 4]!;
      const last = totals[w + 3]!;
      const roll28Before = totals[w]! + totals[w + 1]! + totals[w + 2]! + last;
      if ((roll28Before + total) * scaleM * SLACK >= nextMon) {
        let roll = roll28Before;
        for (let d = 0; d < len; d++) {
          const old = w >= 4 ? levels[w - 4]! * c[d]! * rec[pick[w - 4]! * REC + d]! : before[w * 7 + d]!;
          roll += lw * c[d]! * rec[base + d]! - old;
          const monthly = roll * scaleM;
          if (t0 + d >= crossFrom) while (pm < mon.values.length && monthly >= mon.values[pm]!) mon.out[pm++]![path] = t0 + d;
        }
        nextMon = pm < mon.values.length ? mon.values[pm]! : Number.POSITIVE_INFINITY;
      }
      if ((last + total) * SLACK >= nextWky) {
        let roll = last;
        for (let d = 0; d < len; d++) {
          const old = w >= 1 ? levels[w - 1]! * c[d]! * rec[pick[w - 1]! * REC + d]! : before[21 + d]!;
          roll += lw * c[d]! * rec[base + d]! - old;
          if (t0 + d >= crossFrom) while (pw < wky.values.length && roll >= wky.values[pw]!) wky.out[pw++]![path] = t0 + d;
        }
        nextWky = pw < wky.values.length ? wky.values[pw]! : Number.POSITIVE_INFINITY;
      }
      if (lw * cMax * rec[base + 14]! * SLACK >= nextDly) {
        for (let d = 0; d < len; d++) {
          const y = lw * c[d]! * rec[base + d]!;
          if (t0 + d >= crossFrom) while (pd < dly.values.length && y >= dly.values[pd]!) dly.out[pd++]![path] = t0 + d;
        }
        nextDly = pd < dly.values.length ? dly.values[pd]! : Number.POSITIVE_INFINITY;
      }
      if (peakBounds[w]! * SLACK >= nextPkDay) {
        for (let d = 0; d < len; d++) {
          const v = (lw * rho[d]! * rec[base + 7 + d]!) / 86400;
          if (t0 + d >= crossFrom) while (pp < pk.values.length && v >= pk.values[pp]!) pk.out[pp++]![path] = t0 + d;
        }
        nextPk = pp < pk.values.length ? pk.values[pp]! : Number.POSITIVE_INFINITY;
        nextPkDay = nextPk * 86400;
      }
    }
  }

  /** The band at day d of week w: the trailing 28 days (a 730-hour month) and the day's peak rate. */
  private band(w: number, d: number, bi: number, roll28Before: number, path: number): void {
    let roll = roll28Before;
    for (let i = 0; i <= d; i++) roll += this.y(w, i) - this.y(w - 4, i);
    this.bandMonthly[bi * this.paths + path] = roll * MONTH_SCALE;
    if (this.hasPeaks) this.bandPeaks[bi * this.paths + path] = this.peak(w, d);
  }
}
