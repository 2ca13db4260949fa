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
 *     95 % intervals (Wilson for probabilities, mean ± 1.96 standard errors for counts), each upper
 *     end capped by the proven bound below where that is smaller;
 *   - `bound`: when the exact engines exceed their work budget (Poisson only): a proven upper bound
 *     per period (`lundbergBound`), no point estimate; gates judge the bound, so they pass only on
 *     a proof;
 *   - `not computed`: none of the above fits; every figure is unknown (gates fail on it).
 */
export type EngineKind = 'screen' | 'closed form' | 'lattice' | 'monte carlo' | 'bound' | 'not computed';

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
  /** Steps (arrivals decided one by one, plus leaps) per Monte Carlo run, at most. */
  eventBudget: number;
  /** Fewest replicates worth running; fewer → 'not computed'. */
  minReplicates: number;
}

export const DEFAULT_FORECAST: Omit<ForecastOptions, 'k' | 'seed' | 'samples'> = {
  latticeWork: 6e7,
  eventBudget: 6e7,
  minReplicates: 50,
};

/**
 * The Lundberg exponent: the root R > 0 of λ(e^R − 1) = r·R (λ < r), from below (bisection; any
 * R' ≤ R gives a valid bound, a root overshot would not). Undefined when λ ≥ r.
 */
export function lundbergExponent(rate: number, lambda: number): number | undefined {
  if (!(lambda < rate) || !(rate > 0)) return undefined;
  if (lambda <= 0) return Infinity;
  const f = (x: number) => lambda * Math.expm1(x) - rate * x;
  let lo = 0;
  let hi = 1;
  while (f(hi) <= 0) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * A proven upper bound, per period, on P(any 429 charged to the bucket) and on its expected 429s,
 * with the bucket state carried from the start of the traffic (full) and any layers around it.
 * Argument: the bucket's deficit D (burst − tokens) is at every instant at most the workload D′ of
 * a lossless queue fed by all the bucket's arrivals and drained at `rate` (a rejected request
 * adds nothing, an admitted one adds 1 to both; start 0); a 429 at an arrival needs D > burst − 1,
 * so D′ > burst − 1. With arrival rates up to λ* < rate so far, D′(t) is at most the all-time
 * supremum of N(u) − r·u for a Poisson process of rate λ* (time reversal; thinning), and
 * P(sup ≥ x) ≤ e^(−R·x) with R the Lundberg exponent (e^(R(N(u) − r·u)) is a martingale; jumps are
 * up, so no overshoot below). By the Poisson arrivals-see-time-averages property, E[arrivals in
 * the period that find D′ > burst − 1] ≤ λ·T·e^(−R(burst − 1)), which bounds both E[429] and
 * P(any 429). Periods from the first whose running peak rate reaches `rate` get no bound (1).
 * Cramér–Lundberg inequality: https://en.wikipedia.org/wiki/Ruin_theory#Classical_model
 */
export function lundbergBound(l: BucketLimits, counts: ArrayLike<number>, T: number): { p: number[]; e: number[] } {
  const p: number[] = [];
  const e: number[] = [];
  let peak = 0;
  let R: number | undefined = Infinity;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]! > 0 ? counts[i]! : 0;
    if (c / T > peak) {
      peak = c / T;
      R = l.burst >= 1 ? lundbergExponent(l.rate, peak) : undefined;
    }
    if (c === 0) {
      p.push(0);
      e.push(0);
    } else if (R === undefined) {
      p.push(1);
      e.push(c);
    } else {
      const x = c * Math.exp(-R * (l.burst - 1));
      p.push(Math.min(1, x));
      e.push(Math.min(c, x));
    }
  }
  return { p, e };
}

/** Requests per period through bucket `j`: the sum over the series whose chain holds it (gaps and negatives count 0). */
export function trafficThrough(
  counts: readonly ArrayLike<number>[],
  chains: readonly (readonly number[])[],
  j: number,
  nPeriods: number,
): Float64Array {
  const c = new Float64Array(nPeriods);
  chains.forEach((chain, si) => {
    if (!chain.includes(j)) return;
    const row = counts[si]!;
    for (let p = 0; p < nPeriods; p++) if (row[p]! > 0) c[p]! += row[p]!;
  });
  return c;
}

/** The figures of the `bound` engine: no estimate (NaN), low 0, high the bound. */
function boundForecast(b: { p: number[]; e: number[] }, why: string): BucketForecast {
  const pAny = b.p.map((x) => ({ est: Number.NaN, low: 0, high: x }));
  const e429 = b.e.map((x) => ({ est: Number.NaN, low: 0, high: x }));
  const sumP = b.p.reduce((a, x) => a + x, 0);
  const sumE = b.e.reduce((a, x) => a + x, 0);
  return {
    engine: 'bound',
    method: `proven upper bound (Lundberg inequality on the bucket's lossless workload at the running peak rate, state carried from a full bucket; no point estimate): ${why}`,
    pAny,
    e429,
    horizon: { est: Number.NaN, low: 0, high: Math.min(1, sumP) },
    total429: { est: Number.NaN, low: 0, high: sumE },
  };
}

/** True when the bound says something (some period with traffic bounded below 1). */
function boundUseful(b: { p: number[] }): boolean {
  return b.p.some((x) => x < 1);
}

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
  // the per-period Lundberg bound is the sharper one over long traffic below the bucket rate
  const lb = lundbergBound(l, counts, T);
  const lp = Math.min(
    1,
    lb.p.reduce((a, x) => a + x, 0),
  );
  const le = lb.e.reduce((a, x) => a + x, 0);
  return { p: Math.min(b.pHigh, lp), e: Math.min(b.eHigh, le) };
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
  return forecastExact(l, counts, T, o, stopAbove) ?? forecastMonteCarlo(l, counts, T, o, stopAbove);
}

/** forecastBucket's exact engines (Poisson: screen, closed form, lattice); undefined where it would run Monte Carlo. */
export function forecastExact(
  l: BucketLimits,
  counts: ArrayLike<number>,
  T: number,
  o: ForecastOptions,
  stopAbove?: number,
): BucketForecast | undefined {
  const nP = counts.length;
  if (Number.isFinite(o.k) === false) {
    const screen = screenBound(l, counts, T);
    if (screen.p <= NEGLIGIBLE_P) {
      const z = { est: 0, low: 0, high: screen.p };
      return {
        engine: 'screen',
        method: `proven bound (the smaller of Chernoff tails at the largest period rate over the whole traffic with a union bound, and the per-period Lundberg bound): P(any 429) ≤ ${screen.p > 0 ? screen.p.toExponential(1) : '1e-300'}`,
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
  return undefined;
}

/** forecastBucket's Monte Carlo: the bucket alone through the event-level engine. */
export function forecastMonteCarlo(
  l: BucketLimits,
  counts: ArrayLike<number>,
  T: number,
  o: ForecastOptions,
  stopAbove?: number,
): BucketForecast {
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
  const poisson = !Number.isFinite(o.k);
  // per bucket, the proven bound on its own traffic (Poisson only)
  const bounds = poisson ? buckets.map((l, j) => lundbergBound(l, trafficThrough(counts, chains, j, nP), T)) : undefined;
  const run: JointResult = runJoint({
    periodSeconds: T,
    counts,
    buckets,
    chains,
    debit,
    k: o.k,
    replicates: o.samples,
    seed: o.seed,
    stopAbove,
    stepBudget: o.eventBudget,
    minReplicates: o.minReplicates,
  });
  if (run.budgetHit && run.replicates < Math.min(o.minReplicates, o.samples)) {
    const events = expectedEvents(counts);
    const why = `event-level Monte Carlo would need about ${Math.round(run.steps / run.replicates).toLocaleString('en-US')} steps per replicate (${Math.round(events).toLocaleString('en-US')} arrivals), over the budget of ${o.eventBudget.toExponential(1)} for ${o.minReplicates} replicates`;
    return buckets.map((_, j) => {
      const b = bounds?.[j];
      if (b && boundUseful(b)) return boundForecast(b, why);
      return {
        engine: 'not computed' as const,
        method: `not computed: ${why}${poisson ? '; the proven bound says nothing here (the peak rate reaches the bucket rate)' : ''}`,
        pAny: Array.from({ length: nP }, () => ({ est: Number.NaN, low: 0, high: 1 })),
        e429: Array.from({ length: nP }, () => ({ est: Number.NaN, low: 0, high: Number.NaN })),
        horizon: { est: Number.NaN, low: 0, high: 1 },
        total429: { est: Number.NaN, low: 0, high: Number.NaN },
      };
    });
  }
  const n = run.replicates;
  const what = Number.isFinite(o.k) ? `Gamma(k=${o.k})-mixed Poisson, 1 s slots` : 'Poisson arrivals';
  const layered = buckets.length > 1 ? `, ${buckets.length} layered buckets jointly (${debit})` : '';
  return run.buckets.map((b, j) => {
    const pAny: Figure[] = [];
    const e429: Figure[] = [];
    const bound = bounds?.[j];
    for (let p = 0; p < b.hits.length; p++) {
      const [lo, hi] = wilson(b.hits[p]!, n);
      const cap = bound ? bound.p[p]! : 1;
      pAny.push({ est: b.hits[p]! / n, low: Math.min(lo, cap), high: Math.min(hi, cap) });
      e429.push({ est: b.sum[p]! / n, low: Number.NaN, high: Number.NaN });
    }
    const [hlo, hhi] = wilson(b.horizonHits, n);
    const hCap = bound
      ? Math.min(
          1,
          bound.p.reduce((a, x) => a + x, 0),
        )
      : 1;
    const eCap = bound ? bound.e.reduce((a, x) => a + x, 0) : Infinity;
    return {
      engine: 'monte carlo' as const,
      method: `event-level Monte Carlo (${what}${layered}, state carried across periods, exact leaps, ${n} replicates, seed ${o.seed}, 95 % intervals${bound ? ', upper ends capped by the proven bound' : ''})`,
      pAny,
      e429,
      horizon: { est: b.horizonHits / n, low: Math.min(hlo, hCap), high: Math.min(hhi, hCap) },
      total429: {
        est: b.totalMean,
        low: Math.min(Math.max(0, b.totalMean - 1.96 * b.totalSe), eCap),
        high: Math.min(b.totalMean + 1.96 * b.totalSe, eCap),
      },
      anyHorizon: run.anyHits / n,
    };
  });
}
