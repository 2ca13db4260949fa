import { Rng } from './prng.js';
import { poissonWindowRisk, type WindowRisk } from './poisson.js';
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
 * Seeded Monte Carlo over slot counts with the fluid recursion inside each slot (§4.4):
 * slot 1 s, or 0.1 s when burst < 2·rate·1 s. k = ∞ gives Multinomial(N, 1/S) (Poisson given
 * its total). P(any 429) gets a 95 % Wilson interval, E[429] mean ± 1.96 s.e. The same seed
 * for every candidate setting (common random numbers) keeps the settings search monotone.
 */
export function sampledRisk(limits: BucketLimits, count: number, deficit: number, s: RiskSettings, k: number): WindowRisk {
  const { rate, burst } = limits;
  const T = s.seconds;
  const dt0 = burst < 2 * rate ? 0.1 : 1;
  const slots = Math.max(1, Math.round(T / dt0));
  const dt = T / slots;
  const refill = rate * dt;
  const rng = new Rng(s.seed);
  const weights = new Float64Array(slots);
  const n = Math.round(count);
  let hits = 0;
  let sum = 0;
  let sumSq = 0;
  for (let rep = 0; rep < s.samples; rep++) {
    let total = 0;
    for (let i = 0; i < slots; i++) {
      weights[i] = Number.isFinite(k) ? rng.gamma(k) : 1;
      total += weights[i]!;
    }
    let left = n;
    let mass = total;
    let d = deficit;
    let rejected = 0;
    for (let i = 0; i < slots; i++) {
      const c = i === slots - 1 ? left : rng.binomial(left, mass > 0 ? weights[i]! / mass : 0);
      left -= c;
      mass -= weights[i]!;
      const x = d + c - refill;
      if (x > burst) {
        rejected += x - burst;
        d = burst;
      } else d = x > 0 ? x : 0;
    }
    if (rejected > 0) hits++;
    sum += rejected;
    sumSq += rejected * rejected;
  }
  const R = s.samples;
  const p = hits / R;
  const [lo, hi] = wilson(hits, R);
  const mean = sum / R;
  const se = Math.sqrt(Math.max(0, sumSq / R - mean * mean) / R);
  const what = Number.isFinite(k) ? `Dirichlet-multinomial k=${k}` : 'Poisson given the period total';
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
