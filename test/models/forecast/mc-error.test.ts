import { describe, expect, it } from 'vitest';
import { FORECAST_DEFAULTS } from '../../../src/models/defaults.js';
import { forecast } from '../../../src/models/forecast/forecast.js';
import type { Threshold } from '../../../src/models/forecast/types.js';
import { synthetic } from './synthetic.js';

/**
 * The Monte Carlo error every forecast prints ("each date's Monte Carlo error … is about N % of its
 * interval's width": ForecastResult.monteCarloError) checked at the command's default paths and at 512:
 * the crossing dates' 10th / 50th / 90th percentiles of 6 independent synthetic histories × 20 seeds,
 * against each history's 8,192-path forecast (whose own error is an eighth of the default's, a quarter of
 * 512's). A price tier about two months out and a daily-peak throttle about six; independent days (the
 * weekly engine) and AR(1) days (the daily one).
 */

const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;
const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];
const SEEDS = 20;
const REFERENCE_PATHS = 8192;

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

function errorRatios(phi: number, paths: number): { ratios: number[]; printed: number } {
  // per quantity (tier lo/mid/hi, throttle lo/mid/hi): squared errors ÷ squared reference widths
  const sq = new Float64Array(6);
  let count = 0;
  let printed = Number.NaN;
  for (let h = 1; h <= 6; h++) {
    const s = synthetic({
      seed: 500 + h,
      firstDay: FIRST_DAY,
      historyDays: 180,
      futureDays: 0,
      start: 8e6,
      growthPerMonth: 0.08,
      weekday: WEEKDAY,
      sigma: 0.05,
      phi,
    });
    const history = { firstDay: FIRST_DAY, totals: s.totals, peaks: s.peaks };
    const thresholds = thresholdsFor(s.totals, s.peaks);
    const input = { history, today: FIRST_DAY + 179, horizonDays: 365, thresholds, interval: 0.8, leadTimeDays: 14, backtest: false };
    const ref = forecast({ ...input, seed: 99, paths: REFERENCE_PATHS }).crossings;
    for (const c of ref) expect(c.status).toBe('crossed');
    for (let seed = 1; seed <= SEEDS; seed++) {
      const f = forecast({ ...input, seed, paths });
      printed = f.monteCarloError;
      f.crossings.forEach((c, k) => {
        const r = ref[k]!;
        const width = r.hi! - r.lo!;
        sq[3 * k] = sq[3 * k]! + ((c.lo! - r.lo!) / width) ** 2;
        sq[3 * k + 1] = sq[3 * k + 1]! + ((c.mid! - r.mid!) / width) ** 2;
        sq[3 * k + 2] = sq[3 * k + 2]! + ((c.hi! - r.hi!) / width) ** 2;
      });
      count++;
    }
  }
  return { ratios: Array.from(sq, (v) => Math.sqrt(v / count)), printed };
}

describe('the printed Monte Carlo error of the crossing dates', () => {
  for (const paths of [FORECAST_DEFAULTS.paths, 512])
    for (const phi of [0, 0.4]) {
      it(`holds at ${paths} paths (${phi ? 'AR(1) days, the daily walk' : 'independent days, the weekly walk'})`, () => {
        const { ratios, printed } = errorRatios(phi, paths);
        const worst = Math.max(...ratios);
        console.log(
          `${paths} paths, phi ${phi}: RMS error ÷ 80 % width, tier lo/mid/hi, throttle lo/mid/hi: ${ratios.map((r) => r.toFixed(3)).join(' ')} (printed: ${printed.toFixed(3)})`,
        );
        // the printed figure is the worst date's, to within this test's own sampling error (6 histories:
        // their errors differ, so the worst of 6 RMS figures moves by a tenth or so), and not a gross
        // overstatement either
        expect(worst).toBeLessThanOrEqual(1.25 * printed);
        expect(worst).toBeGreaterThanOrEqual(0.6 * printed);
      }, 120_000);
    }
});
