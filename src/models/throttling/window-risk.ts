import { Rng } from './prng.js';
import { NEGLIGIBLE_P, poissonDecides, poissonWindowRisk, type WindowRisk } from './poisson.js';
import type { BucketLimits } from './token-bucket.js';

/**
 * How requests arrive inside one period, given only its count (CloudWatch gives per-minute
 * sums at best; throttling acts within seconds). Printed as an assumption in every report.
 *   - poisson: a Poisson process at count/period (exact lattice DP where the budget allows,
 *     else seeded sampling);
 *   - overdispersed: per-slot intensities Gamma(k, 1/k)-mixed (negative-binomial counts,
 *     variance μ + μ²/k), sampled conditioned on the period total (Dirichlet-multinomial);
 *   - uniform: evenly spread (deterministic fluid);
 *   - worst-case: the whole count at the period start (deterministic).
 */
export type ArrivalModel = { kind: 'poisson' } | { kind: 'overdispersed'; k: number } | { kind: 'uniform' } | { kind: 'worst-case' };

export interface RiskSettings {
  model: ArrivalModel;
  /** Window length = period length, seconds. */
  seconds: number;
  seed: number;
  /** Monte Carlo replicates when sampling is needed. */
  samples: number;
  dpBudget: number;
  /**
   * Fluid slot length for sampling, fixed by the caller for every setting of one bucket so a
   * settings search compares like with like (the slot length would otherwise jump at burst = 2·rate).
   * Default: `slotSecondsFor` the limits evaluated.
   */
  slotSeconds?: number;
}

/** Slot length for the sampled model: 0.1 s when the burst holds less than two seconds of refill, else 1 s. */
export function slotSecondsFor(limits: BucketLimits): number {
  return limits.burst < 2 * limits.rate ? 0.1 : 1;
}

/** Risk of one bucket in one window with `count` offered requests, `deficit` tokens missing at the start. */
export function windowRisk(limits: BucketLimits, count: number, deficit: number, s: RiskSettings): WindowRisk {
  const { rate, burst } = limits;
  const T = s.seconds;
  switch (s.model.kind) {
    case 'uniform': {
      const rejected = Math.max(0, deficit + count - rate * T - burst);
      return deterministic(rejected, 'fluid, evenly spread');
    }
    case 'worst-case': {
      const rejected = Math.max(0, count - Math.floor(burst - deficit + 1e-9));
      return deterministic(rejected, 'all requests at the period start');
    }
    case 'poisson': {
      const exact = poissonWindowRisk({ rate, burst, lambda: count / T, seconds: T, initialDeficit: deficit, budget: s.dpBudget });
      return exact ?? sampledRisk(limits, count, deficit, s, Infinity);
    }
    case 'overdispersed':
      return sampledRisk(limits, count, deficit, s, s.model.k);
  }
}

function deterministic(rejected: number, method: string): WindowRisk {
  const p = rejected > 0 ? 1 : 0;
  return { pAny: p, pAnyLow: p, pAnyHigh: p, e429: rejected, e429Low: rejected, e429High: rejected, method };
}

/**
 * Is P(any 429) at most `target`, judged by the upper end of what `windowRisk` reports
 * (`pAnyHigh`)? Same answer as `windowRisk(...).pAnyHigh <= target`, but for Poisson arrivals a
 * certified screen or a coarse lattice bracket that lies wholly on one side of the target
 * answers first (see `poissonDecides`). The settings search asks only this.
 */
export function riskAtMost(limits: BucketLimits, count: number, deficit: number, s: RiskSettings, target: number): boolean {
  if (s.model.kind === 'poisson') {
    const quick = poissonDecides(
      {
        rate: limits.rate,
        burst: limits.burst,
        lambda: count / s.seconds,
        seconds: s.seconds,
        initialDeficit: deficit,
        budget: s.dpBudget,
      },
      target,
    );
    if (quick !== undefined) return quick;
  }
  return windowRisk(limits, count, deficit, s).pAnyHigh <= target;
}

/**
 * Seeded Monte Carlo over slot counts with the fluid recursion inside each slot (§4.4):
 * slot `s.slotSeconds` (default: 1 s, or 0.1 s when burst < 2·rate·1 s). k = ∞ gives Multinomial(N, 1/S) (Poisson given
 * its total). P(any 429) gets a 95 % Wilson interval, E[429] mean ± 1.96 s.e.
 *
 * Common random numbers: the slot counts of every replicate depend only on (seed, N, k, slots,
 * replicates) and are drawn once and reused for every bucket setting evaluated with them (the
 * settings search), so each replicate's 429s are monotone in rate and burst and the search is
 * monotone. Exact screen: N + deficit ≤ burst cannot overflow the bucket, so P = 0 exactly.
 */
export function sampledRisk(limits: BucketLimits, count: number, deficit: number, s: RiskSettings, k: number): WindowRisk {
  const { rate, burst } = limits;
  const T = s.seconds;
  const dt0 = s.slotSeconds ?? slotSecondsFor(limits);
  const slots = Math.max(1, Math.round(T / dt0));
  const dt = T / slots;
  const refill = rate * dt;
  const n = Math.round(count);
  const R = s.samples;
  const what = Number.isFinite(k) ? `Dirichlet-multinomial k=${k}` : 'Poisson given the period total';
  if (n + deficit <= burst) {
    return {
      pAny: 0,
      pAnyLow: 0,
      pAnyHigh: 0,
      e429: 0,
      e429Low: 0,
      e429High: 0,
      method: `exact: ${n} requests cannot exceed the ${burst - deficit} tokens available (${what})`,
    };
  }
  const bound = slotModelBound(n, slots, k, burst - deficit, refill);
  if (bound <= NEGLIGIBLE_P) {
    return {
      pAny: 0,
      pAnyLow: 0,
      pAnyHigh: bound,
      e429: 0,
      e429Low: 0,
      e429High: n * bound,
      method: `certified bound (${what}, factorial moments over every run of ${dt} s slots, union bound): P(any 429) ${bound > 0 ? `≤ ${bound.toExponential(1)}` : '< 1e-300'}`,
    };
  }
  // the whole replicate × slot table when it is small enough to keep, else one row at a time
  // from the same stream (identical numbers either way)
  const cached = R * slots <= MAX_CACHED_COUNTS ? slotCounts(n, slots, k, s.seed, R) : undefined;
  const stream = cached ? undefined : { rng: new Rng(s.seed), weights: new Float64Array(slots), row: new Int32Array(slots) };
  let hits = 0;
  let sum = 0;
  let sumSq = 0;
  for (let rep = 0; rep < R; rep++) {
    let counts: Int32Array;
    let o = 0;
    if (cached) {
      counts = cached;
      o = rep * slots;
    } else {
      drawRow(stream!.rng, stream!.weights, stream!.row, 0, n, k);
      counts = stream!.row;
    }
    let d = deficit;
    let rejected = 0;
    for (let i = 0; i < slots; i++) {
      const x = d + counts[o + i]! - refill;
      if (x > burst) {
        rejected += x - burst;
        d = burst;
      } else d = x > 0 ? x : 0;
    }
    if (rejected > 0) hits++;
    sum += rejected;
    sumSq += rejected * rejected;
  }
  const p = hits / R;
  const [lo, hi] = wilson(hits, R);
  const mean = sum / R;
  const se = Math.sqrt(Math.max(0, sumSq / R - mean * mean) / R);
  return {
    pAny: p,
    pAnyLow: lo,
    pAnyHigh: hi,
    e429: mean,
    e429Low: Math.max(0, mean - 1.96 * se),
    e429High: mean + 1.96 * se,
    method: `Monte Carlo (${what}, ${R} replicates, ${dt} s fluid slots, seed ${s.seed}, 95 % interval)`,
  };
}

/**
 * Certified upper bound on P(any 429) for the sampled model itself (n requests over `slots`
 * slots, Dirichlet(k)-multinomial, fluid within slots, `available` tokens at the start, `refill`
 * per slot). The fluid deficit overflows only if some run of L consecutive slots holds more than
 * available + refill·L requests. Its count X is Binomial(n, B) with B ~ Beta(kL, k(S − L)) (B = L/S
 * for k = ∞), whose falling factorial moments are E[X^(q)] = n^(q)·E[B^q], and
 * P(X ≥ c) ≤ E[X^(q)] / c^(q) for q ≤ c (Markov on X^(q), which is ≥ 0 and increasing on integers
 * ≥ q − 1). Best q per L, then the union over the S − L + 1 runs of each length. Stops with the
 * trivial bound 1 as soon as the sum passes NEGLIGIBLE_P (only the negligible case is used).
 */
export function slotModelBound(n: number, slots: number, k: number, available: number, refill: number): number {
  let total = 0;
  for (let L = 1; L <= slots; L++) {
    const c = Math.floor(available + refill * L) + 1;
    if (c > n) continue; // the run cannot hold that many
    if (c <= 0) return 1;
    const a = k * L;
    const b = k * (slots - L);
    let logBound = 0; // q = 0: bound 1
    let best = 0;
    for (let q = 0; q < c; q++) {
      // step q → q + 1: × (n − q)/(c − q) · E[B^(q+1)]/E[B^q]
      const moment = Number.isFinite(k) ? (a + q) / (a + b + q) : L / slots;
      logBound += Math.log((n - q) / (c - q)) + Math.log(moment);
      if (logBound < best) best = logBound;
      else if (q > 0 && logBound > best + 50) break;
    }
    total += (slots - L + 1) * Math.exp(best);
    if (total > NEGLIGIBLE_P) return 1; // not negligible: stop (1 is a trivial bound)
  }
  return total;
}

/** Replicates × slots counts, row-major; a few recent tables are kept for common random numbers. */
const countCache = new Map<string, Int32Array>();
const COUNT_CACHE_ENTRIES = 6;
const MAX_CACHED_COUNTS = 4_000_000;

function slotCounts(n: number, slots: number, k: number, seed: number, R: number): Int32Array {
  const key = `${seed}|${n}|${k}|${slots}|${R}`;
  const hit = countCache.get(key);
  if (hit) {
    countCache.delete(key);
    countCache.set(key, hit); // most recently used last
    return hit;
  }
  const out = new Int32Array(R * slots);
  const rng = new Rng(seed);
  const weights = new Float64Array(slots);
  for (let rep = 0; rep < R; rep++) drawRow(rng, weights, out, rep * slots, n, k);
  if (countCache.size >= COUNT_CACHE_ENTRIES) countCache.delete(countCache.keys().next().value!);
  countCache.set(key, out);
  return out;
}

/** One replicate: slot weights Gamma(k) (all 1 for k = ∞), then Multinomial(n, w / Σw) by sequential conditional binomials. */
function drawRow(rng: Rng, weights: Float64Array, out: Int32Array, o: number, n: number, k: number): void {
  const slots = weights.length;
  const mixed = Number.isFinite(k);
  let total = 0;
  for (let i = 0; i < slots; i++) {
    weights[i] = mixed ? rng.gamma(k) : 1;
    total += weights[i]!;
  }
  let left = n;
  let mass = total;
  for (let i = 0; i < slots; i++) {
    const c = i === slots - 1 ? left : left > 0 ? rng.binomial(left, mass > 0 ? Math.min(1, weights[i]! / mass) : 0) : 0;
    out[o + i] = c;
    left -= c;
    mass -= weights[i]!;
  }
}

/** 95 % Wilson score interval for a binomial proportion. */
export function wilson(hits: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = hits / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Describe the model for the report's assumptions. */
export function describeArrivals(model: ArrivalModel): string {
  switch (model.kind) {
    case 'poisson':
      return 'Poisson arrivals within each period at the period mean rate (index of dispersion 1)';
    case 'overdispersed':
      return `over-dispersed arrivals: per-slot intensity Gamma-mixed with shape k=${model.k} (variance μ + μ²/k), conditioned on the period total`;
    case 'uniform':
      return 'requests evenly spread over each period (fluid); the smoothest traffic consistent with the counts';
    case 'worst-case':
      return "each period's requests all arrive together at the period start";
  }
}
