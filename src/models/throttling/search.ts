import type { BucketLimits } from './token-bucket.js';

/**
 * Smallest value of a monotone setting that keeps a risk at or under a target
 * (P(any 429) is non-increasing in rate and burst: a larger bucket admits every request a smaller one does). Doubles from
 * `start` to bracket the answer, then bisects to `relTol`. Returns undefined when even
 * `maxValue` does not reach the target.
 */
export function smallestPassing(
  passes: (value: number) => boolean,
  start: number,
  opts: { maxValue: number; relTol?: number; integer?: boolean },
): number | undefined {
  const relTol = opts.relTol ?? 0.01;
  const round = (v: number): number => (opts.integer ? Math.ceil(v) : v);
  let lo = 0;
  let hi = round(Math.max(start, opts.integer ? 1 : 1e-6));
  while (!passes(hi)) {
    if (hi >= opts.maxValue) return undefined;
    lo = hi;
    hi = round(Math.min(opts.maxValue, hi * 2));
  }
  while (hi - lo > Math.max(relTol * hi, opts.integer ? 1 : 0)) {
    const mid = round((lo + hi) / 2);
    if (mid >= hi || mid <= lo) break;
    if (passes(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface Recommendation {
  /** Smallest rate at the current burst. */
  rateAtCurrentBurst: number | undefined;
  /** Smallest burst at the current rate (undefined: burst alone cannot reach the target). */
  burstAtCurrentRate: number | undefined;
  /** Account layer only: the rate to request (L-8A5B8E43) if AWS scales the burst to rate/2. */
  accountRateScaledBurst: number | undefined;
  /**
   * The check of each printed value: the largest P(any 429 in a period) (upper end of its interval)
   * when the same engine re-ran the traffic as given with that setting (all periods, all layers).
   * A value whose check exceeded the target is left out (undefined) and its check kept here.
   */
  checked?: { rate: number | undefined; burst: number | undefined; accountRate: number | undefined };
}

/** "Nice" value for a recommended setting: whole requests/s above 10, two decimals below. */
export function roundUpSetting(value: number): number {
  return value >= 10 ? Math.ceil(value - 1e-9) : Math.ceil(value * 100 - 1e-9) / 100;
}

/** `passes(l)`: P(any 429 in the busiest period, from a full bucket) ≤ target with limits l. */
export function recommend(
  current: BucketLimits,
  peakRps: number,
  isAccount: boolean,
  passes: (l: BucketLimits) => boolean,
): Recommendation {
  const ok = passes;
  const maxRate = Math.max(1e6, peakRps * 100);
  const rate = smallestPassing((r) => ok({ rate: r, burst: current.burst }), Math.max(current.rate, peakRps), { maxValue: maxRate });
  const burst = smallestPassing((b) => ok({ rate: current.rate, burst: b }), Math.max(current.burst, 1), { maxValue: 1e7, integer: true });
  const scaled = isAccount
    ? smallestPassing((r) => ok({ rate: r, burst: Math.floor(r / 2) }), Math.max(current.rate, peakRps), { maxValue: maxRate })
    : undefined;
  return {
    rateAtCurrentBurst: rate === undefined ? undefined : roundUpSetting(rate),
    burstAtCurrentRate: burst,
    accountRateScaledBurst: scaled === undefined ? undefined : roundUpSetting(scaled),
  };
}
