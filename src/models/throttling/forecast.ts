import { runChain } from './chain.js';
import { expectedEvents, runJoint, type JointResult } from './events.js';
import type { LayerDebit } from './layered.js';
import { NEGLIGIBLE_P, poissonRiskBound } from './poisson.js';
import type { BucketLimits } from './token-bucket.js';
import { wilson } from './window-risk.js';

/**
 * The 429 forecast of one arrival model, for one bucket alone or for a group of layered buckets,
 * over every period of the traffic with the bucket state carried from period to period. Engines,
 * each computing the same model (Poisson arrivals at each period's mean rate, or the Gamma-mixed
 * Cox process for over-dispersed arrivals; the period count is random, never fixed):
 *   - `screen`: a proven bound (Chernoff tails, union bound) at the largest period rate over the
 *     whole traffic; a bucket fed by fewer arrivals can only throttle less, so ≤ 1e-12 means 0;
 *   - `closed form`: burst < 1 rejects every request;
 *   - `lattice`: the exact Markov chain of chain.ts (Poisson, one bucket);
 *   - `monte carlo`: the event-level simulation of events.ts (any model, layered buckets), with
 *     95 % intervals (Wilson for probabilities, mean ± 1.96 standard errors for counts).
 */
export type EngineKind = 'screen' | 'closed form' | 'lattice' | 'monte carlo' | 'not computed';

export interface Figure {
  est: number;
  low: number;
  high: number;
}

export interface BucketForecast {
  engine: EngineKind;
  /** What ran and how exact it is, for the report. */
  method: string;
  /** Per period: P(any 429 charged to this bucket in the period). */
  pAny: Figure[];
  /** Per period: expected 429s charged to this bucket. */
  e429: Figure[];
  /** P(any 429 charged to this bucket over the whole traffic). */
  horizon: Figure;
  total429: Figure;
  /** Joint runs: P(any 429 anywhere in the group of buckets), estimate. */
  anyHorizon?: number;
}

export interface ForecastOptions {
  /** Gamma shape of the over-dispersion; Infinity for Poisson. */
  k: number;
  seed: number;
  /** Monte Carlo replicates (the most; fewer when the event budget is smaller). */
  samples: number;
  /** Work budget of one lattice run (inner-loop steps). */
  latticeWork: number;
  /** Arrivals simulated per Monte Carlo run, at most. */
  eventBudget: number;
  /** Fewest replicates worth running; fewer → 'not computed'. */
  minReplicates: number;
}

export const DEFAULT_FORECAST: Omit<ForecastOptions, 'k' | 'seed' | 'samples'> = {
  latticeWork: 6e7,
  eventBudget: 4e7,
  minReplicates: 100,
};

const point = (x: number): Figure => ({ est: x, low: x, high: x });

/** Proven upper bound on P(any 429 over the traffic) for one bucket fed by `counts` (Poisson only). */
export function screenBound(l: BucketLimits, counts: ArrayLike<number>, T: number): { p: number; e: number } {
  let max = 0;
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) {
      n += c;
      if (c > max) max = c;
    }
  }
  if (n === 0) return { p: 0, e: 0 };
  if (l.burst < 1) return { p: 1, e: n };
  const b = poissonRiskBound(l.rate, l.burst, max / T, T * counts.length, 0);
  return { p: b.pHigh, e: b.eHigh };
}

/**
 * One bucket fed by the counts of every period (Poisson: screen, closed form, lattice, else Monte
 * Carlo; over-dispersed: Monte Carlo). `stopAbove`: a settings search only needs to know whether
 * some period exceeds it, and stops as soon as one surely does.
 */
export function forecastBucket(
  l: BucketLimits,
  counts: ArrayLike<number>,
  T: number,
  o: ForecastOptions,
  stopAbove?: number,
): BucketForecast {
  const nP = counts.length;
  if (Number.isFinite(o.k) === false) {
    const screen = screenBound(l, counts, T);
    if (screen.p <= NEGLIGIBLE_P) {
      const z = { est: 0, low: 0, high: screen.p };
      return {
        engine: 'screen',
        method: `proven bound (Chernoff tails at the largest period rate over the whole traffic, union bound): P(any 429) ≤ ${screen.p > 0 ? screen.p.toExponential(1) : '1e-300'}`,
        pAny: Array.from({ length: nP }, () => z),
        e429: Array.from({ length: nP }, () => ({ est: 0, low: 0, high: screen.e })),
        horizon: z,
        total429: { est: 0, low: 0, high: screen.e },
      };
    }
    if (l.burst < 1) {
      const pAny: Figure[] = [];
      const e429: Figure[] = [];
      let none = 1;
      let n = 0;
      for (let i = 0; i < nP; i++) {
        const c = counts[i]! > 0 ? counts[i]! : 0;
        pAny.push(point(1 - Math.exp(-c)));
        e429.push(point(c));
        none *= Math.exp(-c);
        n += c;
      }
      return {
        engine: 'closed form',
        method: 'closed form (burst < 1: every request is rejected)',
        pAny,
        e429,
        horizon: point(1 - none),
        total429: point(n),
      };
    }
    const lambdas = Float64Array.from({ length: nP }, (_, i) => (counts[i]! > 0 ? counts[i]! / T : 0));
    let chain =
      o.latticeWork <= 0
        ? undefined
        : runChain({ rate: l.rate, burst: l.burst, periodSeconds: T, lambdas, m: 1, maxWork: o.latticeWork, stopAbove });
    if (chain && !chain.stopped && chain.work * 6 <= o.latticeWork) {
      const finer = runChain({ rate: l.rate, burst: l.burst, periodSeconds: T, lambdas, m: 2, maxWork: o.latticeWork, stopAbove });
      if (finer) chain = finer;
    }
    if (chain) {
      const pAny = chain.periods.map((p) => ({ est: (p.pLow + p.pHigh) / 2, low: p.pLow, high: p.pHigh }));
      const e429 = chain.periods.map((p) => ({ est: (p.eLow + p.eHigh) / 2, low: p.eLow, high: p.eHigh }));
      let est = 0;
      let lo = 0;
      let hi = 0;
      for (const e of e429) {
        est += e.est;
        lo += e.low;
        hi += e.high;
      }
      return {
        engine: 'lattice',
        method: `exact Markov chain on a 1/${chain.m}-token lattice, bucket state carried across periods (throttle-model correction §3); P(any 429 since the start) certified in [low, high]; per-period ranges are the spread between the two lattice roundings`,
        pAny,
        e429,
        horizon: { est: (chain.horizonLow + chain.horizonHigh) / 2, low: chain.horizonLow, high: chain.horizonHigh },
        total429: { est, low: lo, high: hi },
      };
    }
  }
  return forecastJoint(
    [l],
    [[0]],
    [counts],
    T,
    'all-or-nothing',
    o,
    stopAbove === undefined ? undefined : { value: stopAbove, watch: 0 },
  )[0]!;
}

/**
 * Layered buckets computed jointly by event-level Monte Carlo (every series, every period, carried
 * state, the layer-debit rule). Returns one forecast per bucket, in the order given.
 */
export function forecastJoint(
  buckets: readonly BucketLimits[],
  chains: readonly (readonly number[])[],
  counts: readonly ArrayLike<number>[],
  T: number,
  debit: LayerDebit,
  o: ForecastOptions,
  stopAbove?: { value: number; watch: number },
): BucketForecast[] {
  const nP = counts[0]?.length ?? 0;
  const events = expectedEvents(counts);
  const R = Math.min(o.samples, Math.max(1, Math.floor(o.eventBudget / Math.max(1, events))));
  if (R < Math.min(o.minReplicates, o.samples)) {
    return buckets.map(() => ({
      engine: 'not computed',
      method: `not computed: ${Math.round(events).toLocaleString('en-US')} arrivals per replicate exceed the event budget of ${o.eventBudget.toExponential(1)} for ${o.minReplicates} replicates`,
      pAny: Array.from({ length: nP }, () => ({ est: Number.NaN, low: 0, high: 1 })),
      e429: Array.from({ length: nP }, () => ({ est: Number.NaN, low: 0, high: Number.NaN })),
      horizon: { est: Number.NaN, low: 0, high: 1 },
      total429: { est: Number.NaN, low: 0, high: Number.NaN },
    }));
  }
  const run: JointResult = runJoint({ periodSeconds: T, counts, buckets, chains, debit, k: o.k, replicates: R, seed: o.seed, stopAbove });
  const n = run.replicates;
  const what = Number.isFinite(o.k) ? `Gamma(k=${o.k})-mixed Poisson, 1 s slots` : 'Poisson arrivals';
  const layered = buckets.length > 1 ? `, ${buckets.length} layered buckets jointly (${debit})` : '';
  return run.buckets.map((b) => {
    const pAny: Figure[] = [];
    const e429: Figure[] = [];
    for (let p = 0; p < b.hits.length; p++) {
      const [lo, hi] = wilson(b.hits[p]!, n);
      pAny.push({ est: b.hits[p]! / n, low: lo, high: hi });
      e429.push({ est: b.sum[p]! / n, low: Number.NaN, high: Number.NaN });
    }
    const [hlo, hhi] = wilson(b.horizonHits, n);
    return {
      engine: 'monte carlo' as const,
      method: `event-level Monte Carlo (${what}${layered}, state carried across periods, ${n} replicates, seed ${o.seed}, 95 % intervals)`,
      pAny,
      e429,
      horizon: { est: b.horizonHits / n, low: hlo, high: hhi },
      total429: { est: b.totalMean, low: Math.max(0, b.totalMean - 1.96 * b.totalSe), high: b.totalMean + 1.96 * b.totalSe },
      anyHorizon: run.anyHits / n,
    };
  });
}
