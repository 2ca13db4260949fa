import type { LayerKind, Topology } from './config.js';
import {
  type BucketForecast,
  type ForecastOptions,
  forecastBucket,
  forecastExact,
  forecastJoint,
  forecastMonteCarlo,
  lundbergBound,
} from './forecast.js';
import type { LayerDebit } from './layered.js';
import { type Recommendation, recommend } from './search.js';
import type { BucketLimits } from './token-bucket.js';
import { wilson } from './window-risk.js';

/**
 * Groups of buckets that share traffic (computed jointly), and recommendations checked by the
 * same engine on the traffic as given: the parts of `simulateThrottling` that work on groups.
 */

/** What a recommendation needs to know of a bucket's own run. */
export interface BucketSummary {
  rate: number;
  burst: number;
  layer: LayerKind;
  peakRps: number;
  engine: string;
}

/** A group of buckets and P(any 429 anywhere in it) (an upper bound when `bound`). */
export interface Component {
  members: number[];
  horizon: number;
  bound: boolean;
}

/** Connected groups of live buckets (two buckets are linked when a series passes both); dead buckets are singletons. */
export function componentsOf(chains: readonly (readonly number[])[], live: boolean[], n: number): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const chain of chains) {
    const l = chain.filter((j) => live[j]);
    for (let i = 1; i < l.length; i++) parent[find(l[i]!)] = find(l[0]!);
  }
  const groups = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const r = find(j);
    const g = groups.get(r);
    if (g) g.push(j);
    else groups.set(r, [j]);
  }
  return [...groups.values()];
}

export function jointForecast(
  comp: number[],
  buckets: readonly BucketLimits[],
  chains: readonly (readonly number[])[],
  passed: Float64Array[],
  T: number,
  debit: LayerDebit,
  o: ForecastOptions,
  override?: { bucket: number; limits: BucketLimits },
  stopAbove?: { value: number; watch: number },
): { forecasts: BucketForecast[]; anyHorizon: number } {
  const local = new Map(comp.map((j, i) => [j, i]));
  const subChains: number[][] = [];
  const subCounts: Float64Array[] = [];
  chains.forEach((chain, si) => {
    const c = chain.filter((j) => local.has(j)).map((j) => local.get(j)!);
    if (c.length > 0) {
      subChains.push(c);
      subCounts.push(passed[si]!);
    }
  });
  const limits = comp.map((j) => (override && override.bucket === j ? override.limits : buckets[j]!));
  const forecasts = forecastJoint(limits, subChains, subCounts, T, debit, o, stopAbove);
  return { forecasts, anyHorizon: forecasts[0]?.anyHorizon ?? Number.NaN };
}

/**
 * Settings search for one bucket, then a check of each answer by the same engine on the traffic as
 * given (all periods, carried state, the bucket's layers jointly when it has live neighbours). The
 * search itself runs the bucket alone (a bucket fed all its traffic throttles at least as early as
 * inside the layers); a value that fails the check is not printed.
 */
export function verifiedRecommendation(
  j: number,
  b: BucketSummary,
  topo: Topology,
  bucketCounts: Float64Array[],
  passed: Float64Array[],
  components: Component[],
  T: number,
  s: { target: number; debit: LayerDebit },
  options: (j: number) => ForecastOptions,
): Recommendation {
  const o = options(j);
  // smaller budgets per evaluation (a setting that cannot be decided counts as failing); the
  // printed values are then re-checked with the full budgets
  const searchOptions: ForecastOptions = {
    ...o,
    eventBudget: Math.min(o.eventBudget, SEARCH_EVENT_BUDGET),
    samples: Math.min(o.samples, SEARCH_SAMPLES),
    // a larger rate or burst only makes the chain longer: if it did not fit the bucket's own run, it will not fit here
    latticeWork: b.engine === 'lattice' ? o.latticeWork : 0,
  };
  const worst = (f: BucketForecast): number => f.pAny.reduce((a, x) => Math.max(a, Number.isFinite(x.high) ? x.high : 1), 0);
  /**
   * The proven bound's worst period for these settings (Poisson only; it holds inside any layers
   * too): a setting it clears needs no simulation, in the search or in the check.
   */
  const proven = (l: BucketLimits): number =>
    Number.isFinite(o.k) ? 1 : lundbergBound(l, bucketCounts[j]!, T).p.reduce((a, x) => Math.max(a, x), 0);
  /**
   * Whether a Monte Carlo evaluation can pass where the proven bound does not. Its upper end in a
   * period is the smaller of the Wilson upper end and that period's proven bound (forecastJoint; the
   * same bound `proven` takes the largest of; none for over-dispersed arrivals); the Wilson upper end
   * is at least that of no hits in the most replicates the search runs, and a run that ends early
   * (stopped, or out of budget) has fewer. When that floor is above the target, the period whose
   * bound is above the target (there is one: `proven` failed) fails, and so does the setting: the
   * simulation is not run (at the default 1 % target and 300 search replicates, the floor is 1.26 %).
   */
  const monteCarloCanPass = wilson(0, searchOptions.samples)[1] <= s.target;
  const memo = new Map<string, boolean>();
  const passes = (l: BucketLimits): boolean => {
    const key = `${l.rate}|${l.burst}`;
    let v = memo.get(key);
    if (v === undefined) {
      if (proven(l) <= s.target) v = true;
      else {
        const counts = bucketCounts[j]!;
        const f =
          forecastExact(l, counts, T, searchOptions, s.target) ??
          (monteCarloCanPass ? forecastMonteCarlo(l, counts, T, searchOptions, s.target) : undefined);
        v = f !== undefined && f.engine !== 'not computed' && worst(f) <= s.target;
      }
      memo.set(key, v);
    }
    return v;
  };
  const rec = recommend(b, b.peakRps, b.layer === 'account', passes);
  const comp = components.find((c) => c.members.includes(j));
  const check = (l: BucketLimits): number => {
    const bound = proven(l);
    if (bound <= s.target) return bound;
    if (comp && comp.members.length > 1) {
      const f = jointForecast(comp.members, topo.buckets, topo.chains, passed, T, s.debit, o, { bucket: j, limits: l });
      // this bucket's own 429s, with its layers around it
      return worst(f.forecasts[comp.members.indexOf(j)]!);
    }
    const f = forecastBucket(l, bucketCounts[j]!, T, o);
    return f.engine === 'not computed' ? 1 : worst(f);
  };
  const verify = (
    value: number | undefined,
    l: (v: number) => BucketLimits,
  ): { value: number | undefined; checked: number | undefined } => {
    if (value === undefined) return { value, checked: undefined };
    const p = check(l(value));
    return p <= s.target ? { value, checked: p } : { value: undefined, checked: p };
  };
  const rate = verify(rec.rateAtCurrentBurst, (v) => ({ rate: v, burst: b.burst }));
  const burst = verify(rec.burstAtCurrentRate, (v) => ({ rate: b.rate, burst: v }));
  const scaled = verify(rec.accountRateScaledBurst, (v) => ({ rate: v, burst: Math.floor(v / 2) }));
  return {
    rateAtCurrentBurst: rate.value,
    burstAtCurrentRate: burst.value,
    accountRateScaledBurst: scaled.value,
    checked: { rate: rate.checked, burst: burst.checked, accountRate: scaled.checked },
  };
}

/** Arrivals one settings-search evaluation may simulate (the final check uses the full budget). */
const SEARCH_EVENT_BUDGET = 3e6;
const SEARCH_SAMPLES = 300;
