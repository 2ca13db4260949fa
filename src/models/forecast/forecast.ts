import { probit } from 'simple-statistics';
import {
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  isoDay,
  isoMonth,
  MONTH_SCALE,
  MONTH_WINDOW_DAYS,
  monthStart,
  nextMonthStart,
} from './calendar.js';
import { type Prepared, prepare } from './prepare.js';
import { quantilesOf, quantilesOfNumbers } from './quantiles.js';
import { type SimSpec, simulate } from './simulate.js';
import type {
  Backtest,
  Band,
  BandPoint,
  CrossingResult,
  DailyHistory,
  ForecastInput,
  ForecastResult,
  Measure,
  MonthForecast,
} from './types.js';

export { DAYS_PER_MONTH, HOURS_PER_MONTH, isoDay, isoMonth, MONTH_WINDOW_DAYS, monthStart };

/**
 * When does growing traffic cross a price tier, a break-even, a throttle or a quota?
 *
 * 1. Fit log(daily total) = trend + weekly seasonality, robustly (fit.ts).
 * 2. Simulate `paths` futures: each draws the coefficients from their estimated sampling
 *    distribution (trend-parameter uncertainty), then walks the days with AR(1) residuals whose
 *    innovations are resampled from the history's own (residual bootstrap), and the day's peak
 *    per-second rate as the day's mean rate × a peak-to-average ratio resampled jointly from the
 *    same history day (the relation measured, not assumed).
 *    simulate.ts walks them day by day; weekly.ts, for independent days over a long horizon, a
 *    week at a time from a pool of pre-drawn weeks, with exact daily rescans where a crossing is
 *    possible (the same model, faster).
 * 3. Each threshold's crossing day is read off every path; its percentiles are the interval.
 * Pure: no clock (today is given), seeded randomness only.
 */

/** Below this many observed days the forecast warns that the history is too short to trust. */
export const MIN_TRUSTED_DAYS = 28;
/** Fewer observed days than this cannot be fitted at all. */
export const MIN_DAYS = 8;

/**
 * A crossing date's Monte Carlo error (one standard deviation, in days) at percentile p of N paths'
 * crossing days: the sample quantile's standard error √(p(1 − p)/N) × dQ/dp (the count of paths below
 * it is binomial), the slope dQ/dp read from the paths' own order statistics between p − h and p + h,
 * h = √(p(1 − p)/N) (about one binomial standard deviation of ranks) but never under 3 ranks, so that a
 * tail percentile is not read off one or two neighbours; a span cut by 0 or 1, or by a neighbour beyond
 * the horizon (the upper one: the span then ends at p itself), keeps its own width. The rounding to a
 * whole day is added (1/12 day², a uniform rounding). Undefined where the date itself is beyond the
 * horizon, or no span is left.
 * Checked against forecasts of 8,192 paths in test/models/forecast/mc-error.test.ts: its RMS is 0.86–1.38 ×
 * the measured error (docs/forecast.md, "Monte Carlo error").
 */
function monteCarloDays(q: number[], at: number, value: number, probs: number[], n: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const p = probs[at + 2]!;
  const pLo = probs[at]!;
  let pHi = probs[at + 1]!;
  let qHi = q[at + 1]!;
  if (!Number.isFinite(qHi)) {
    pHi = p;
    qHi = value;
  }
  if (!(pHi > pLo)) return undefined;
  const se = (Math.sqrt((p * (1 - p)) / n) * (qHi - q[at]!)) / (pHi - pLo);
  return Math.sqrt(se * se + 1 / 12);
}

/**
 * The probabilities monteCarloDays reads for each of ps, three each: p − h and p + h within [0, 1], then p
 * itself (its quantile is the date, already among the percentiles; monteCarloDays reads p from here).
 */
function monteCarloProbabilities(ps: number[], n: number): number[] {
  return ps.flatMap((p) => {
    const h = Math.max(Math.sqrt((p * (1 - p)) / n), 3 / Math.max(1, n - 1));
    return [Math.max(0, p - h), Math.min(1, p + h), p];
  });
}

/**
 * Percentiles of a column of path values (simple-statistics' type-7 quantiles, the same values a
 * full sort would give; quantiles.ts). `extra` adds further percentiles.
 */
function quantiles(values: Float64Array, lo: number, hi: number, extra: number[] = []): Band & { extra: number[] } {
  const q = quantilesOf(values, [lo, 0.5, hi, ...extra]);
  return { lo: q[0]!, mid: q[1]!, hi: q[2]!, extra: q.slice(3) };
}

function bandOf(values: Float64Array, lo: number, hi: number): Band {
  const q = quantiles(values, lo, hi);
  return { lo: q.lo, mid: q.mid, hi: q.hi };
}

function slice(a: Float64Array, i: number, paths: number): Float64Array {
  return a.subarray(i * paths, (i + 1) * paths);
}

/** Fit on all but the newest days, forecast those, and score the median and the interval. */
function runBacktest(h: DailyHistory, n: number, input: ForecastInput): Backtest | undefined {
  let observed = 0;
  for (let t = 0; t < n; t++) if (Number.isFinite(h.totals[t]!) && h.totals[t]! > 0) observed++;
  const holdout = Math.min(56, Math.max(7, Math.round(n * 0.2)));
  const fitDays = n - holdout;
  if (observed < MIN_DAYS + holdout || fitDays < 14) return undefined;
  const older: DailyHistory = {
    firstDay: h.firstDay,
    totals: h.totals.subarray(0, fitDays),
    peaks: h.peaks?.subarray(0, fitDays),
  };
  const prep = prepare(older, fitDays);
  const paths = Math.min(input.paths, 200);
  const sim = simulate(
    prep,
    fitDays,
    { from: fitDays, to: n - 1, thresholds: [], crossFrom: n, store: true, monthOf: undefined, months: 0, bandDays: [] },
    paths,
    input.seed ^ 0x5bd1e995,
  );
  const qlo = (1 - input.interval) / 2;
  let ape = 0;
  let sape = 0;
  let inside = 0;
  let scored = 0;
  const col = new Float64Array(paths);
  for (let d = 0; d < holdout; d++) {
    const actual = h.totals[fitDays + d]!;
    if (!(Number.isFinite(actual) && actual > 0)) continue;
    for (let k = 0; k < paths; k++) col[k] = sim.stored![k * holdout + d]!;
    const q = bandOf(col, qlo, 1 - qlo);
    ape += Math.abs(actual - q.mid) / actual;
    sape += (2 * Math.abs(actual - q.mid)) / (Math.abs(actual) + Math.abs(q.mid));
    if (actual >= q.lo && actual <= q.hi) inside++;
    scored++;
  }
  if (scored === 0) return undefined;
  return { fitDays, holdoutDays: scored, mape: ape / scored, smape: sape / scored, coverage: inside / scored, nominal: input.interval };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function forecast(input: ForecastInput): ForecastResult {
  const h = input.history;
  const n = h.totals.length;
  let missing = 0;
  for (let t = 0; t < n; t++) if (!(Number.isFinite(h.totals[t]!) && h.totals[t]! > 0)) missing++;
  const observed = n - missing;
  if (observed < MIN_DAYS) throw new RangeError(`the history has ${observed} usable day(s); the forecast needs at least ${MIN_DAYS}`);
  const lastDay = h.firstDay + n - 1;
  if (input.today < lastDay) throw new RangeError(`"today" (${isoDay(input.today)}) is before the last history day (${isoDay(lastDay)})`);
  const prep = prepare(h, n);
  const { fit } = prep;
  const qlo = (1 - input.interval) / 2;
  const qhi = 1 - qlo;
  const warnings: string[] = [];
  if (observed < MIN_TRUSTED_DAYS)
    warnings.push(
      `HISTORY_TOO_SHORT: ${observed} day(s) of history; a trend from less than ${MIN_TRUSTED_DAYS} days (4 weeks) is not to be trusted`,
    );
  if (missing > 0 && missing / n > 0.1)
    warnings.push(`HISTORY_IRREGULAR: ${missing} of ${n} days are missing (${pct(missing / n)}); the fit uses the others`);

  // windows and thresholds, in day indices t from the first history day
  const todayT = input.today - h.firstDay;
  const endT = todayT + input.horizonDays;
  const current = currentLevels(prep, n, h);
  const results: CrossingResult[] = [];
  const simThresholds: SimSpec['thresholds'] = [];
  input.thresholds.forEach((th, i) => {
    const cur = current[th.measure];
    if (th.measure === 'daily-peak-rps' && !prep.ratios) {
      results[i] = {
        threshold: th,
        status: 'unknown',
        current: undefined,
        lo: undefined,
        mid: undefined,
        hi: undefined,
        pWithinHorizon: Number.NaN,
        requestBy: undefined,
        reason: 'the history has no daily peak rates',
      };
      return;
    }
    if (cur !== undefined && cur >= th.value) {
      results[i] = {
        threshold: th,
        status: 'already',
        current: cur,
        lo: undefined,
        mid: undefined,
        hi: undefined,
        pWithinHorizon: 1,
        requestBy: th.needsIncrease ? input.today : undefined,
      };
      return;
    }
    simThresholds.push({ measure: th.measure, value: th.value, index: i });
  });

  // calendar months from today's month to the horizon's last complete month
  const monthOf = new Int16Array(endT + 1).fill(-1);
  const monthKeys: string[] = [];
  const endDay = input.today + input.horizonDays;
  for (let start = monthStart(input.today); ; ) {
    const next = nextMonthStart(start);
    if (next - 1 > endDay) break; // the horizon ends inside this month: left out
    monthKeys.push(isoMonth(start));
    for (let d = Math.max(start, h.firstDay); d < next; d++) monthOf[d - h.firstDay] = monthKeys.length - 1;
    start = next;
  }
  const bandDays: number[] = [];
  for (let t = n; t <= endT; t += 14) bandDays.push(t);
  if (bandDays[bandDays.length - 1] !== endT) bandDays.push(endT);

  const sim = simulate(
    prep,
    n,
    { from: n, to: endT, thresholds: simThresholds, crossFrom: todayT + 1, store: false, monthOf, months: monthKeys.length, bandDays },
    input.paths,
    input.seed,
  );

  simThresholds.forEach((st, k) => {
    const th = input.thresholds[st.index]!;
    const c = sim.crossings[k]!;
    let within = 0;
    for (let j = 0; j < c.length; j++) if (Number.isFinite(c[j]!)) within++;
    // the gate's percentile (when asked), then the Monte Carlo error's neighbours of lo, mid, hi and the gate's
    const gateP = input.gatePercentile === undefined ? [] : [input.gatePercentile / 100];
    const probs = monteCarloProbabilities([qlo, 0.5, qhi, ...gateP], c.length);
    const q = quantiles(c, qlo, qhi, [...gateP, ...probs]);
    const day = (v: number) => (Number.isFinite(v) ? h.firstDay + Math.ceil(v) : undefined);
    const gate = input.gatePercentile === undefined ? undefined : day(q.extra[0]!);
    const mcQ = q.extra.slice(gateP.length);
    // the Monte Carlo error of the i-th of lo, mid, hi and the gate's percentile
    const errorOf = (i: number, value: number) => monteCarloDays(mcQ, 3 * i, value, probs, c.length);
    const lo = day(q.lo);
    results[st.index] = {
      threshold: th,
      status: Number.isFinite(q.mid) ? 'crossed' : 'not-within-horizon',
      current: current[th.measure],
      lo,
      mid: day(q.mid),
      hi: day(q.hi),
      pWithinHorizon: within / c.length,
      requestBy: th.needsIncrease && lo !== undefined ? lo - input.leadTimeDays : undefined,
      monteCarloDays: { lo: errorOf(0, q.lo), mid: errorOf(1, q.mid), hi: errorOf(2, q.hi) },
      ...(input.gatePercentile === undefined ? {} : { atGatePercentile: gate, atGatePercentileMonteCarloDays: errorOf(3, q.extra[0]!) }),
    };
  });

  // month by month: requests in the calendar month (observed days as they were)
  const months: MonthForecast[] = monthKeys.map((key, mi) => {
    let observedReq = 0;
    let observedDays = 0;
    let observedPeak = 0;
    for (let t = 0; t < Math.min(n, monthOf.length); t++) {
      if (monthOf[t] !== mi) continue;
      observedReq += prep.filled[t]!;
      if (prep.filledPeaks) observedPeak = Math.max(observedPeak, prep.filledPeaks[t]!);
      observedDays++;
    }
    const add = (b: Band, x: number): Band => ({ lo: b.lo + x, mid: b.mid + x, hi: b.hi + x });
    const mx = (b: Band, x: number): Band => ({ lo: Math.max(b.lo, x), mid: Math.max(b.mid, x), hi: Math.max(b.hi, x) });
    return {
      month: key,
      requests: add(bandOf(slice(sim.monthTotals!, mi, input.paths), qlo, qhi), observedReq),
      peakRps: sim.monthPeaks ? mx(bandOf(slice(sim.monthPeaks, mi, input.paths), qlo, qhi), observedPeak) : undefined,
      observedDays,
    };
  });
  const band: BandPoint[] = bandDays.map((t, i) => ({
    day: h.firstDay + t,
    monthly: bandOf(slice(sim.bandMonthly, i, input.paths), qlo, qhi),
    peakRps: sim.bandPeaks ? bandOf(slice(sim.bandPeaks, i, input.paths), qlo, qhi) : undefined,
  }));
  const historyMonthly: ForecastResult['historyMonthly'] = [];
  let roll = 0;
  for (let t = 0; t < n; t++) {
    roll += prep.filled[t]! - (t >= MONTH_WINDOW_DAYS ? prep.filled[t - MONTH_WINDOW_DAYS]! : 0);
    if (t >= MONTH_WINDOW_DAYS - 1) historyMonthly.push({ day: h.firstDay + t, value: roll * MONTH_SCALE });
  }

  const z = probit(qhi);
  const se = Math.sqrt(fit.cov.get(1, 1));
  const growth = (b: number) => Math.exp(b * DAYS_PER_MONTH) - 1;
  const peakToAverage = peakRatioSummary(prep, qlo, qhi);
  const backtest = input.backtest === false ? undefined : runBacktest(h, n, input);
  if (backtest && (backtest.mape > 0.25 || backtest.coverage < input.interval - 0.25))
    warnings.push(
      `BACKTEST_POOR: on the newest ${backtest.holdoutDays} days the median was off by ${pct(backtest.mape)} (MAPE) and the ${pct(input.interval)} interval held ${pct(backtest.coverage)} of the days; the history is too irregular for a trend model to be trusted`,
    );
  if (fit.scale > 0.35)
    warnings.push(
      `HISTORY_IRREGULAR: the day-to-day noise around the trend is large (robust scale ${fit.scale.toFixed(2)} on the log scale)`,
    );

  const result: ForecastResult = {
    history: { firstDay: h.firstDay, lastDay, days: n, missingDays: missing, hasPeaks: prep.ratios !== undefined },
    today: input.today,
    horizonDays: input.horizonDays,
    interval: input.interval,
    paths: input.paths,
    seed: input.seed,
    leadTimeDays: input.leadTimeDays,
    fit: {
      growthPerMonth: growth(fit.beta[1]!),
      growthPerMonthInterval: [growth(fit.beta[1]! - z * se), growth(fit.beta[1]! + z * se)],
      weekly: {
        included: fit.seasonal,
        factors: Array.from(fit.weekdayLog, (v) => Math.exp(v)),
        pValue: fit.seasonality?.pValue,
      },
      residualScale: fit.scale,
      ar1: fit.phi,
      currentMonthly: current['monthly-requests']!,
      peakToAverage,
    },
    backtest,
    warnings,
    crossings: results,
    months,
    band,
    historyMonthly,
    verdict: '',
  };
  result.verdict = verdictOf(result);
  return result;
}

/** Monthly requests now: the mean of the observed days among the last 28, as a 730-hour month. */
export function currentMonthlyRequests(h: DailyHistory): number {
  const n = h.totals.length;
  let sum = 0;
  let k = 0;
  for (let t = Math.max(0, n - MONTH_WINDOW_DAYS); t < n; t++) {
    const v = h.totals[t]!;
    if (Number.isFinite(v)) {
      sum += v;
      k++;
    }
  }
  return k ? (sum / k) * DAYS_PER_MONTH : 0;
}

function currentLevels(prep: Prepared, n: number, h: DailyHistory): Record<Measure, number | undefined> {
  const f = prep.filled;
  const sumLast = (k: number) => {
    let s = 0;
    for (let t = Math.max(0, n - k); t < n; t++) s += f[t]!;
    return s * (n >= k ? 1 : k / n);
  };
  let peak: number | undefined;
  if (h.peaks)
    for (let t = Math.max(0, n - MONTH_WINDOW_DAYS); t < n; t++) if (Number.isFinite(h.peaks[t]!)) peak = Math.max(peak ?? 0, h.peaks[t]!);
  return {
    'monthly-requests': sumLast(MONTH_WINDOW_DAYS) * MONTH_SCALE,
    'weekly-requests': sumLast(7),
    'daily-requests': f[n - 1],
    'daily-peak-rps': peak,
  };
}

function peakRatioSummary(prep: Prepared, qlo: number, qhi: number): ForecastResult['fit']['peakToAverage'] {
  if (!prep.ratios) return undefined;
  const h: number[] = [];
  // the measured days only (the pool fills days without a peak with the median)
  for (const r of prep.ratios) if (Number.isFinite(r)) h.push(r);
  const [median, lo, hi] = quantilesOfNumbers(h, [0.5, qlo, qhi]) as [number, number, number];
  return { median, lo, hi, days: h.length };
}

/** "the account throttle is reached around 2027-04-12 (80 % interval 2027-02-20 – 2027-06-02); request the increase by 2027-02-06" */
export function verdictOf(r: ForecastResult): string {
  const level = `${Math.round(r.interval * 100)} %`;
  const when = (c: CrossingResult) =>
    `around ${isoDay(c.mid!)} (${level} interval ${isoDay(c.lo!)} – ${c.hi === undefined ? 'beyond the horizon' : isoDay(c.hi)})`;
  // a passed price tier or break-even needs no action: the verdict names only limits and budgets already reached
  const already = r.crossings.filter(
    (c) => c.status === 'already' && c.threshold.kind !== 'price-tier' && c.threshold.kind !== 'break-even',
  );
  const crossed = r.crossings.filter((c) => c.status === 'crossed').sort((a, b) => a.mid! - b.mid! || a.lo! - b.lo!);
  const parts: string[] = [];
  const increase = (c: CrossingResult) =>
    c.requestBy === undefined
      ? ''
      : c.requestBy <= r.today
        ? '; request the increase now'
        : `; request the increase by ${isoDay(c.requestBy)}`;
  if (already.length) parts.push(`already at or over: ${already.map((c) => c.threshold.label).join(', ')}`);
  const first = crossed[0];
  if (first) parts.push(`the ${first.threshold.label} is reached ${when(first)}${increase(first)}`);
  const firstIncrease = crossed.find((c) => c.threshold.needsIncrease);
  if (firstIncrease && firstIncrease !== first)
    parts.push(`the ${firstIncrease.threshold.label} is reached ${when(firstIncrease)}${increase(firstIncrease)}`);
  if (!first) {
    const horizon = `${Math.round(r.horizonDays / DAYS_PER_MONTH)} months`;
    const nearest = r.crossings
      .filter((c) => c.status === 'not-within-horizon' && c.pWithinHorizon > 0)
      .sort((a, b) => b.pWithinHorizon - a.pWithinHorizon)[0];
    parts.push(
      `no threshold is crossed within ${horizon} at the median${nearest ? ` (most likely: the ${nearest.threshold.label}, ${pct(nearest.pWithinHorizon)} of paths)` : ''}`,
    );
  }
  const growth = `traffic grows ${(r.fit.growthPerMonth * 100).toFixed(1)} %/month`;
  return `${growth}; ${parts.join('; ')}`;
}
