import { Matrix } from 'ml-matrix';
import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, monthStart, nextMonthStart } from '../../../src/models/forecast/calendar.js';
import { fittedLog, weekday } from '../../../src/models/forecast/fit.js';
import { type Prepared, prepare } from '../../../src/models/forecast/prepare.js';
import { quantilesOf } from '../../../src/models/forecast/quantiles.js';
import type { SimOut, SimSpec } from '../../../src/models/forecast/sim-common.js';
import { simulateDaily } from '../../../src/models/forecast/simulate.js';
import { simulateWeekly } from '../../../src/models/forecast/weekly.js';
import { synthetic } from './synthetic.js';

/**
 * The weekly engine (weekly.ts) against the daily one (simulate.ts), which walks every day: the
 * same model, so without noise they must agree to rounding on every path, and with noise their
 * percentiles must agree within Monte Carlo error.
 */

const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;
const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];
const N = 60;

function specFor(n: number, todayT: number, horizon: number, thresholds: SimSpec['thresholds']): SimSpec {
  const endT = todayT + horizon;
  const monthOf = new Int16Array(endT + 1).fill(-1);
  let months = 0;
  for (let start = monthStart(FIRST_DAY + todayT); ; ) {
    const next = nextMonthStart(start);
    if (next - 1 > FIRST_DAY + endT) break;
    for (let d = Math.max(start, FIRST_DAY); d < next; d++) monthOf[d - FIRST_DAY] = months;
    months++;
    start = next;
  }
  const bandDays: number[] = [];
  for (let t = n; t <= endT; t += 14) bandDays.push(t);
  if (bandDays[bandDays.length - 1] !== endT) bandDays.push(endT);
  return { from: n, to: endT, thresholds, crossFrom: todayT + 1, store: false, monthOf, months, bandDays };
}

/** A fit with no coefficient uncertainty and no noise: every path is the trend itself. */
function noiseless(): Prepared {
  const b = Math.log(1.08) / DAYS_PER_MONTH;
  const logs = WEEKDAY.map(Math.log);
  const mean = logs.reduce((s, v) => s + v, 0) / 7;
  const beta = Float64Array.from([Math.log(2e6), b, ...logs.slice(0, 6).map((v) => v - mean)]);
  const firstDow = weekday(FIRST_DAY);
  const filled = new Float64Array(N);
  // a history that differs from the trend (so the windows' first weeks read the history, not the model)
  for (let t = 0; t < N; t++) filled[t] = Math.exp(fittedLog(beta, true, t, (firstDow + t) % 7)) * (1 + 0.3 * Math.sin(t));
  return {
    fit: {
      beta,
      cov: Matrix.zeros(8, 8),
      seasonal: true,
      weekdayLog: new Float64Array(7),
      scale: 0,
      phi: 0,
      residuals: new Float64Array(N),
      seasonality: undefined,
      n: N,
      firstDow,
    },
    logY: Float64Array.from(filled, Math.log),
    filled,
    filledPeaks: undefined,
    innovations: new Float64Array(5),
    ratios: new Float64Array(5).fill(3.7),
    chol: Array.from({ length: 8 }, () => new Array<number>(8).fill(0)),
  };
}

function expectClose(a: Float64Array | undefined, b: Float64Array | undefined) {
  expect(a).toBeDefined();
  expect(b).toBeDefined();
  expect(a!.length).toBe(b!.length);
  for (let i = 0; i < a!.length; i++) expect(Math.abs(a![i]! - b![i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(b![i]!));
}

describe('the weekly engine against the daily one', () => {
  it('without noise, every path agrees with the daily walk: crossing days, months, peaks, bands', () => {
    const prep = noiseless();
    // thresholds between the history's level and the horizon's, none on a day's exact value
    const ths: SimSpec['thresholds'] = [
      { measure: 'monthly-requests', value: 71.3e6, index: 0 },
      { measure: 'monthly-requests', value: 118.7e6, index: 1 },
      { measure: 'weekly-requests', value: 21.1e6, index: 2 },
      { measure: 'daily-requests', value: 3.37e6, index: 3 },
      { measure: 'daily-peak-rps', value: 151.3, index: 4 },
      { measure: 'monthly-requests', value: 9e12, index: 5 }, // never
    ];
    for (const todayT of [N - 1, N + 9]) {
      const spec = specFor(N, todayT, 365, ths);
      const daily: SimOut = simulateDaily(prep, N, spec, 7, 1);
      const weekly: SimOut = simulateWeekly(prep, N, spec, 7, 2);
      for (let k = 0; k < ths.length - 1; k++) {
        expect(Number.isFinite(daily.crossings[k]![0]!)).toBe(true);
        expect(Array.from(weekly.crossings[k]!)).toEqual(Array.from(daily.crossings[k]!));
      }
      expect(Array.from(weekly.crossings[5]!).every((c) => c === Number.POSITIVE_INFINITY)).toBe(true);
      expectClose(weekly.monthTotals, daily.monthTotals);
      expectClose(weekly.monthPeaks, daily.monthPeaks);
      expectClose(weekly.bandMonthly, daily.bandMonthly);
      expectClose(weekly.bandPeaks, daily.bandPeaks);
    }
  });

  it('with noise and coefficient uncertainty, the percentiles agree within Monte Carlo error', () => {
    const s = synthetic({
      seed: 21,
      firstDay: FIRST_DAY,
      historyDays: 180,
      futureDays: 0,
      start: 8e6,
      growthPerMonth: 0.08,
      weekday: WEEKDAY,
      sigma: 0.08,
      peakRatio: 3,
    });
    const prep = prepare({ firstDay: FIRST_DAY, totals: s.totals, peaks: s.peaks }, 180);
    expect(prep.fit.phi).toBe(0);
    const ths: SimSpec['thresholds'] = [
      { measure: 'monthly-requests', value: 500e6, index: 0 },
      { measure: 'daily-peak-rps', value: 900, index: 1 },
      { measure: 'daily-requests', value: 25e6, index: 2 },
    ];
    const spec = specFor(180, 179, 365, ths);
    const paths = 4000;
    const daily = simulateDaily(prep, 180, spec, paths, 5);
    const weekly = simulateWeekly(prep, 180, spec, paths, 6);
    const ps = [0.1, 0.5, 0.9];
    // crossing days: at the daily engine's 10th, 50th and 90th percentile day, the share of paths
    // crossed by that day in each engine within 0.035 (the standard error of the difference of two
    // such shares of 4,000 independent paths is at most 0.011). Shares, not days: a daily
    // threshold is crossed on busy weekdays only, so a percentile can jump over a weekend
    const crossedBy = (x: Float64Array, day: number) => x.reduce((s, v) => s + (v <= day ? 1 : 0), 0) / paths;
    for (let k = 0; k < ths.length; k++) {
      const a = quantilesOf(daily.crossings[k]!, ps);
      for (let i = 0; i < 3; i++) {
        expect(Math.abs(crossedBy(daily.crossings[k]!, a[i]!) - crossedBy(weekly.crossings[k]!, a[i]!))).toBeLessThanOrEqual(0.035);
      }
    }
    // month totals and peaks: each percentile within a sixth of the daily engine's 10–90 % width
    // (with 4,000 paths a percentile's Monte Carlo error is about 3 % of that width)
    const col = (x: Float64Array, m: number) => x.subarray(m * paths, (m + 1) * paths);
    for (let m = 0; m < spec.months; m++) {
      for (const [a, b] of [
        [daily.monthTotals!, weekly.monthTotals!],
        [daily.monthPeaks!, weekly.monthPeaks!],
      ] as const) {
        const qa = quantilesOf(col(a, m), ps);
        const qb = quantilesOf(col(b, m), ps);
        const width = qa[2]! - qa[0]!;
        for (let i = 0; i < 3; i++) expect(Math.abs(qa[i]! - qb[i]!)).toBeLessThanOrEqual(width / 6);
      }
    }
  });
});

describe('quantilesOf', () => {
  it('gives what a full sort and simple-statistics give, with ties and paths that never cross', () => {
    let x = 99;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(next() * 700);
      const kind = trial % 5;
      const values = Float64Array.from({ length: n }, () =>
        kind === 0
          ? next() * 1e9
          : kind === 1
            ? Math.floor(next() * 12)
            : kind === 4
              ? Number.POSITIVE_INFINITY // no path crosses (interpolated percentiles are NaN, as simple-statistics gives)
              : kind === 2
                ? next() < 0.4
                  ? Number.POSITIVE_INFINITY
                  : 200 + Math.floor(next() * 90)
                : Math.exp(30 * next()),
      );
      const ps = [0.1, 0.5, 0.9, next(), 0, 1];
      const sorted = Array.from(values).sort((a, b) => a - b);
      const copy = values.slice();
      expect(quantilesOf(values, ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
      expect(values).toEqual(copy); // not reordered
    }
  });
});
