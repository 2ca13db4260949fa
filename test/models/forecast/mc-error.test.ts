import { describe, expect, it } from 'vitest';
import { FORECAST_DEFAULTS } from '../../../src/models/defaults.js';
import { forecast } from '../../../src/models/forecast/forecast.js';
import type { Threshold } from '../../../src/models/forecast/types.js';
import { synthetic } from './synthetic.js';

/**
 * The Monte Carlo error every forecast gives for each crossing date (CrossingResult.monteCarloDays,
 * estimated from the paths' own order statistics) against the error measured directly: the dates' 10th /
 * 50th / 90th percentiles (or the --interval's) of 6 independent synthetic histories × 30 seeds, each
 * against that history's 8,192-path forecast (whose own error is an eighth of 128 paths', a quarter of
 * 512's). A price tier about two months out and a daily-peak throttle about six (its crossing days come in
 * weekly clumps); independent days (the weekly engine) and AR(1) days (the daily one).
 */

const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;
const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];
const SEEDS = 30;
const REFERENCE_PATHS = 8192;
const ENDS = ['lo', 'mid', 'hi'] as const;

function thresholdsFor(totals: Float64Array, peaks: Float64Array): Threshold[] {
  let month = 0;
  let peak = 0;
  for (let t = 180 - 28; t < 180; t++) {
    month += totals[t]!;
    peak = Math.max(peak, peaks[t]!);
  }
  const common = { needsIncrease: false, source: 'test' };
  return [
    { ...common, id: 'tier', kind: 'price-tier', label: 'tier', measure: 'monthly-requests', value: month * (730 / 24 / 28) * 1.08 ** 2 },
    { ...common, id: 'throttle', kind: 'account-throttle', label: 'throttle', measure: 'daily-peak-rps', value: peak * 1.08 ** 6 },
  ];
}

/** A synthetic 180-day history (8 %/month, 5 % noise, peaks; AR(1) noise with phi) and its two thresholds. */
function historyOf(seed: number, phi: number) {
  const s = synthetic({
    seed,
    firstDay: FIRST_DAY,
    historyDays: 180,
    futureDays: 0,
    start: 8e6,
    growthPerMonth: 0.08,
    weekday: WEEKDAY,
    sigma: 0.05,
    phi,
  });
  return { history: { firstDay: FIRST_DAY, totals: s.totals, peaks: s.peaks }, thresholds: thresholdsFor(s.totals, s.peaks) };
}

/** Per threshold and end (tier lo/mid/hi, throttle lo/mid/hi): the measured RMS error and the RMS of the estimates, in days. */
function measure(phi: number, paths: number, interval: number): { measured: number; estimated: number }[] {
  const cells = Array.from({ length: 6 }, () => ({ sq: 0, est: 0, n: 0 }));
  for (let h = 1; h <= 6; h++) {
    const { history, thresholds } = historyOf(500 + h, phi);
    const input = { history, today: FIRST_DAY + 179, horizonDays: 365, thresholds, interval, leadTimeDays: 14, backtest: false };
    const ref = forecast({ ...input, seed: 99, paths: REFERENCE_PATHS }).crossings;
    for (const c of ref) expect(c.status).toBe('crossed');
    for (let seed = 1; seed <= SEEDS; seed++) {
      const got = forecast({ ...input, seed, paths }).crossings;
      got.forEach((c, k) => {
        ENDS.forEach((end, i) => {
          const cell = cells[3 * k + i]!;
          const estimate = c.monteCarloDays?.[end];
          expect(estimate).toBeGreaterThan(0); // every end of these crossings is within the horizon
          cell.sq += (c[end]! - ref[k]![end]!) ** 2;
          cell.est += estimate! ** 2;
          cell.n++;
        });
      });
    }
  }
  return cells.map((c) => ({ measured: Math.sqrt(c.sq / c.n), estimated: Math.sqrt(c.est / c.n) }));
}

describe("each crossing date's Monte Carlo error, as the forecast estimates it", () => {
  const cases = [
    { paths: FORECAST_DEFAULTS.paths, phi: 0, interval: 0.8 },
    { paths: FORECAST_DEFAULTS.paths, phi: 0.4, interval: 0.8 },
    { paths: FORECAST_DEFAULTS.paths, phi: 0, interval: 0.5 },
    { paths: FORECAST_DEFAULTS.paths, phi: 0, interval: 0.95 },
    { paths: 512, phi: 0, interval: 0.8 },
  ];
  for (const { paths, phi, interval } of cases) {
    it(`matches the error measured against ${REFERENCE_PATHS}-path forecasts: ${paths} paths, ${interval * 100} % intervals, ${phi ? 'AR(1) days' : 'independent days'}`, () => {
      const cells = measure(phi, paths, interval);
      console.log(
        `${paths} paths, ${interval * 100} %, phi ${phi}: measured / estimated RMS days, tier lo mid hi, throttle lo mid hi: ${cells.map((c) => `${c.measured.toFixed(2)}/${c.estimated.toFixed(2)}`).join(' ')}`,
      );
      // each estimate within 0.75–1.4 × the measured error: 180 runs, where the two sides carry sampling
      // errors of their own (about a tenth each; the measured one's reference adds an eighth to a quarter)
      for (const c of cells) {
        expect(c.estimated).toBeGreaterThanOrEqual(0.75 * c.measured);
        expect(c.estimated).toBeLessThanOrEqual(1.4 * c.measured);
      }
    }, 120_000);
  }

  const { history, thresholds } = historyOf(77, 0);
  const base = {
    history,
    today: FIRST_DAY + 179,
    thresholds,
    interval: 0.8,
    leadTimeDays: 14,
    seed: 3,
    paths: 128,
    backtest: false,
  };

  it("the gate's percentile gets its own estimate, the same as the interval end it equals, and asking for it changes nothing else", () => {
    const plain = forecast({ ...base, horizonDays: 365 }).crossings;
    const gated = forecast({ ...base, horizonDays: 365, gatePercentile: 10 }).crossings;
    const other = forecast({ ...base, horizonDays: 365, gatePercentile: 30 }).crossings;
    gated.forEach((c, k) => {
      expect(c.monteCarloDays).toEqual(plain[k]!.monteCarloDays);
      expect(c.atGatePercentile).toBe(c.lo);
      // 10 / 100 and (1 − 0.8) / 2 differ in the last bit
      expect(c.atGatePercentileMonteCarloDays).toBeCloseTo(c.monteCarloDays!.lo!, 12);
      expect(other[k]!.monteCarloDays).toEqual(plain[k]!.monteCarloDays);
      expect(other[k]!.atGatePercentileMonteCarloDays).toBeGreaterThan(0.28);
    });
  });

  it('a date whose upper neighbour is beyond the horizon still gets an estimate, from the span below it', () => {
    // horizons at which the throttle's late end (the 90th percentile) is within the horizon but the
    // percentile above it (90 % + 3.4 ranks of 128) is not: between 90 % and 92.6 % of paths cross
    let found = 0;
    for (let days = 200; days <= 365; days++) {
      const c = forecast({ ...base, horizonDays: days }).crossings[1]!;
      if (c.hi === undefined || c.pWithinHorizon >= 0.9 + Math.sqrt(0.09 / 128)) continue;
      found++;
      expect(c.monteCarloDays!.hi).toBeGreaterThan(0.28);
      expect(c.monteCarloDays!.hi).toBeLessThan(c.hi - c.lo!);
    }
    expect(found).toBeGreaterThan(0);
  });
});
