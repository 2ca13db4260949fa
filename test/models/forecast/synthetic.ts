import { mulberry32 } from '../../helpers/random.js';
/**
 * Synthetic daily histories with a known truth, generated independently of the model: a seeded
 * mulberry32 stream, Box–Muller normals, exponential growth, weekday factors, log-normal AR(1)
 * noise, and a peak-to-average ratio per day.
 */
export interface SyntheticSpec {
  seed: number;
  firstDay: number;
  historyDays: number;
  futureDays: number;
  /** Daily requests on day 0 (before weekday factors and noise). */
  start: number;
  /** Growth per 730-hour month, e.g. 0.08. */
  growthPerMonth: number;
  /** Multipliers Monday … Sunday. */
  weekday: number[];
  /** Standard deviation of the log noise. */
  sigma: number;
  /** AR(1) coefficient of the log noise. */
  phi?: number;
  /** Peak per-second rate ÷ mean per-second rate: log-normal around this median. */
  peakRatio?: number;
}

export interface Synthetic {
  totals: Float64Array;
  peaks: Float64Array;
}

export function synthetic(s: SyntheticSpec): Synthetic {
  const u = mulberry32(s.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const n = s.historyDays + s.futureDays;
  const totals = new Float64Array(n);
  const peaks = new Float64Array(n);
  const b = Math.log(1 + s.growthPerMonth) / (730 / 24);
  const phi = s.phi ?? 0;
  const innovSd = s.sigma * Math.sqrt(1 - phi * phi);
  let e = normal() * s.sigma;
  for (let t = 0; t < n; t++) {
    if (t > 0) e = phi * e + normal() * innovSd;
    const dow = (((s.firstDay + t + 3) % 7) + 7) % 7;
    totals[t] = s.start * Math.exp(b * t) * s.weekday[dow]! * Math.exp(e);
    peaks[t] = (totals[t]! / 86400) * (s.peakRatio ?? 3) * Math.exp(0.1 * normal());
  }
  return { totals, peaks };
}

/** First day index ≥ from at which the trailing 28-day sum, as a 730-hour month, reaches the value. */
export function trueMonthlyCrossing(totals: Float64Array, from: number, value: number): number | undefined {
  let roll = 0;
  for (let t = 0; t < totals.length; t++) {
    roll += totals[t]! - (t >= 28 ? totals[t - 28]! : 0);
    if (t >= from && t >= 27 && roll * (730 / 24 / 28) >= value) return t;
  }
  return undefined;
}

/** First day index ≥ from at which the day's peak reaches the value. */
export function truePeakCrossing(peaks: Float64Array, from: number, value: number): number | undefined {
  for (let t = from; t < peaks.length; t++) if (peaks[t]! >= value) return t;
  return undefined;
}
