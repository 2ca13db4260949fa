import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../../../src/commands/forecast-options.js';
import { forecast } from '../../../src/models/forecast/forecast.js';
import type { Threshold } from '../../../src/models/forecast/types.js';
import { synthetic, trueMonthlyCrossing, truePeakCrossing } from './synthetic.js';

const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;
const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];
const TIER: Threshold = {
  id: 'price-tier:rest:333000000',
  kind: 'price-tier',
  label: 'REST 333M tier boundary',
  measure: 'monthly-requests',
  value: 333e6,
  needsIncrease: false,
  source: 'test',
};
// about 9.4M requests a day at the end of 180 days: 333M a month about two months later
const START = 333e6 / (730 / 24) / 1.08 ** 2 / 1.08 ** (180 / (730 / 24));

function run(seed: number, sigma = 0.05) {
  const s = synthetic({
    seed,
    firstDay: FIRST_DAY,
    historyDays: 180,
    futureDays: 365,
    start: START,
    growthPerMonth: 0.08,
    weekday: WEEKDAY,
    sigma,
  });
  const f = forecast({
    history: { firstDay: FIRST_DAY, totals: s.totals.slice(0, 180), peaks: s.peaks.slice(0, 180) },
    today: FIRST_DAY + 179,
    horizonDays: 365,
    thresholds: [TIER],
    seed,
    paths: DEFAULT_PATHS, // the command's default
    interval: 0.8,
    leadTimeDays: 14,
    backtest: false,
  });
  const truth = trueMonthlyCrossing(s.totals, 180, 333e6)! + FIRST_DAY;
  return { f, truth, c: f.crossings[0]! };
}

describe('forecast on synthetic histories (8 %/month, weekly seasonality, noise)', () => {
  it('recovers the growth and the weekly pattern', () => {
    const { f } = run(1);
    expect(f.fit.growthPerMonth).toBeGreaterThan(0.07);
    expect(f.fit.growthPerMonth).toBeLessThan(0.09);
    expect(f.fit.growthPerMonthInterval[0]).toBeLessThan(0.08);
    expect(f.fit.growthPerMonthInterval[1]).toBeGreaterThan(0.08);
    expect(f.fit.weekly.included).toBe(true);
    // Saturday below Tuesday, as generated
    expect(f.fit.weekly.factors[5]!).toBeLessThan(f.fit.weekly.factors[1]! * 0.75);
  });

  it('predicts the 333M crossing within a few days of the true date, inside its interval', () => {
    const { c, truth } = run(7);
    expect(c.status).toBe('crossed');
    expect(Math.abs(c.mid! - truth)).toBeLessThanOrEqual(5);
    expect(c.lo!).toBeLessThanOrEqual(truth);
    expect(c.hi!).toBeGreaterThanOrEqual(truth);
  });

  it('80 % intervals cover the true crossing in 75–85 % of 200 seeded runs', () => {
    let covered = 0;
    let absErr = 0;
    let width = 0;
    const errs: number[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const { c, truth } = run(seed);
      if (c.lo! <= truth && truth <= c.hi!) covered++;
      absErr += Math.abs(c.mid! - truth);
      errs.push(Math.abs(c.mid! - truth));
      width += c.hi! - c.lo!;
    }
    errs.sort((a, b) => a - b);
    console.log(
      `coverage ${covered}/200, mean |median − truth| ${(absErr / 200).toFixed(3)} days, median ${((errs[99]! + errs[100]!) / 2).toFixed(1)}, mean 80 % width ${(width / 200).toFixed(2)} days`,
    );
    expect(covered / 200).toBeGreaterThanOrEqual(0.75);
    expect(covered / 200).toBeLessThanOrEqual(0.85);
    // within a few days: the truth is itself uncertain, so the bar comes from the interval. For a
    // calibrated forecast E|median − truth| = 0.80 σ = 0.31 × the 80 % width (normal), 4.8 days
    // here (width about 15.4); the dates are whole days and 200 runs leave about ±0.25 day. The
    // model's own value, with 4,000 paths, is 4.95 days; the default 128 paths give 4.97 (250: 5.04)
    expect(absErr / width).toBeLessThan(0.36);
    expect(absErr / 200).toBeLessThan(5.5);
  }, 180_000);
});

describe('forecast: peaks, seasonality, warnings, robustness', () => {
  const THROTTLE: Threshold = {
    id: 'account-throttle',
    kind: 'account-throttle',
    label: 'account throttle',
    measure: 'daily-peak-rps',
    value: 0,
    needsIncrease: true,
    source: 'test',
  };

  it('the daily peak crossing of a throttle, with the peak-to-average ratio measured: 80 % intervals cover the truth near nominally', () => {
    let covered = 0;
    let judged = 0;
    const runs = 60;
    for (let seed = 1; seed <= runs; seed++) {
      const s = synthetic({
        seed: 1000 + seed,
        firstDay: FIRST_DAY,
        historyDays: 180,
        futureDays: 365,
        start: 40e6,
        growthPerMonth: 0.08,
        weekday: WEEKDAY,
        sigma: 0.05,
        peakRatio: 3,
      });
      // a throttle about six months ahead of the typical peak at the end of the history
      const value = ((40e6 * Math.exp((Math.log(1.08) / (730 / 24)) * 360)) / 86400) * 3;
      const f = forecast({
        history: { firstDay: FIRST_DAY, totals: s.totals.slice(0, 180), peaks: s.peaks.slice(0, 180) },
        today: FIRST_DAY + 179,
        horizonDays: 365,
        thresholds: [{ ...THROTTLE, value }],
        seed,
        paths: DEFAULT_PATHS,
        interval: 0.8,
        leadTimeDays: 14,
        backtest: false,
      });
      const truth = truePeakCrossing(s.peaks, 180, value)! + FIRST_DAY;
      const c = f.crossings[0]!;
      // a rare history already has one day at the throttle: reported as such, not forecast
      if (c.status === 'already') {
        expect(Math.max(...s.peaks.slice(152, 180))).toBeGreaterThanOrEqual(value);
        continue;
      }
      judged++;
      expect(f.fit.peakToAverage!.median).toBeGreaterThan(2.8);
      expect(f.fit.peakToAverage!.median).toBeLessThan(3.2);
      expect(c.requestBy).toBe(c.lo! - 14);
      if (c.lo! <= truth && truth <= c.hi!) covered++;
    }
    expect(judged).toBeGreaterThanOrEqual(55);
    console.log(`peak crossing coverage ${covered}/${judged}`);
    expect(covered / judged).toBeGreaterThanOrEqual(0.7);
    expect(covered / judged).toBeLessThanOrEqual(0.92);
  }, 120_000);

  it('finds no weekly seasonality where there is none', () => {
    const s = synthetic({
      seed: 3,
      firstDay: FIRST_DAY,
      historyDays: 120,
      futureDays: 0,
      start: 1e6,
      growthPerMonth: 0.05,
      weekday: [1, 1, 1, 1, 1, 1, 1],
      sigma: 0.05,
    });
    const f = forecast({
      history: { firstDay: FIRST_DAY, totals: s.totals, peaks: undefined },
      today: FIRST_DAY + 119,
      horizonDays: 90,
      thresholds: [{ ...THROTTLE, value: 100 }],
      seed: 1,
      paths: 200,
      interval: 0.8,
      leadTimeDays: 14,
    });
    expect(f.fit.weekly.included).toBe(false);
    expect(f.fit.weekly.pValue!).toBeGreaterThan(0.01);
    // no peak rates in the history: a throttle cannot be forecast, and says so
    expect(f.crossings[0]!.status).toBe('unknown');
  });

  it('shrugs off an outage day (robust fit) and warns on a short history', () => {
    const s = synthetic({
      seed: 5,
      firstDay: FIRST_DAY,
      historyDays: 120,
      futureDays: 0,
      start: 1e6,
      growthPerMonth: 0.08,
      weekday: WEEKDAY,
      sigma: 0.03,
    });
    const hit = Float64Array.from(s.totals);
    hit[100] = hit[100]! * 0.05;
    hit[101] = hit[101]! * 0.1;
    const base = { today: FIRST_DAY + 119, horizonDays: 90, thresholds: [TIER], seed: 1, paths: 200, interval: 0.8, leadTimeDays: 14 };
    const clean = forecast({ ...base, history: { firstDay: FIRST_DAY, totals: s.totals, peaks: undefined } });
    const outage = forecast({ ...base, history: { firstDay: FIRST_DAY, totals: hit, peaks: undefined } });
    expect(Math.abs(outage.fit.growthPerMonth - clean.fit.growthPerMonth)).toBeLessThan(0.005);
    expect(clean.warnings).toEqual([]);
    const short = forecast({
      ...base,
      today: FIRST_DAY + 19,
      history: { firstDay: FIRST_DAY, totals: s.totals.slice(0, 20), peaks: undefined },
    });
    expect(short.warnings.some((w) => w.startsWith('HISTORY_TOO_SHORT'))).toBe(true);
  });

  it('rejects too little history and a "today" before its end', () => {
    const s = synthetic({
      seed: 5,
      firstDay: FIRST_DAY,
      historyDays: 30,
      futureDays: 0,
      start: 1e6,
      growthPerMonth: 0.08,
      weekday: WEEKDAY,
      sigma: 0.03,
    });
    const base = { horizonDays: 90, thresholds: [TIER], seed: 1, paths: 100, interval: 0.8, leadTimeDays: 14 };
    expect(() =>
      forecast({ ...base, today: FIRST_DAY + 5, history: { firstDay: FIRST_DAY, totals: s.totals.slice(0, 6), peaks: undefined } }),
    ).toThrow(/at least 8/);
    expect(() =>
      forecast({ ...base, today: FIRST_DAY + 10, history: { firstDay: FIRST_DAY, totals: s.totals, peaks: undefined } }),
    ).toThrow(/before the last history day/);
  });

  it('is deterministic for a seed', () => {
    const a = run(11).f;
    const b = run(11).f;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
