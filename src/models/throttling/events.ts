import { Rng } from './prng.js';
import type { LayerDebit } from './layered.js';
import type { BucketLimits } from './token-bucket.js';
import { wilson } from './window-risk.js';

/**
 * Event-level Monte Carlo of layered token buckets over the whole traffic (throttle-model.md §2.1,
 * §2.3), the same arrival model as the exact engines:
 *   - period p of series s brings a Poisson process of rate count[s][p] / T (k = ∞), or, for
 *     over-dispersed arrivals, a Cox process whose rate in each 1 s slot is that mean times an
 *     independent Gamma(k, 1/k) factor per series (the count of a period is random either way:
 *     unconditional, never conditioned on the observed total);
 *   - every bucket starts full at the start of the traffic and carries its tokens across periods;
 *   - each request walks its series' chain in AWS order: `all-or-nothing` admits iff every bucket
 *     holds a token and then takes one from each; `sequential` takes from each passing bucket and
 *     stops at the first failure; the 429 is charged to the first failing bucket.
 * Seeded (xoshiro128**): identical input and seed give identical figures. Standard errors are
 * across replicates, which are independent.
 */
export interface JointInput {
  periodSeconds: number;
  /** Per series, one mean count per period (NaN or ≤ 0: no arrivals). */
  counts: readonly ArrayLike<number>[];
  buckets: readonly BucketLimits[];
  /** Per series, bucket indices in AWS order. */
  chains: readonly (readonly number[])[];
  debit: LayerDebit;
  /** Gamma shape of the per-second rate factor; Infinity for Poisson. */
  k: number;
  replicates: number;
  seed: number;
  /** Stop as soon as some period's 95 % lower end for a bucket in `watch` exceeds this (a settings search). */
  stopAbove?: { value: number; watch: number };
}

export interface BucketMc {
  /** Replicates with ≥ 1 429 charged to the bucket, per period. */
  hits: Int32Array;
  /** Sum over replicates of 429s charged to the bucket, per period. */
  sum: Float64Array;
  /** Across replicates: total 429s charged to the bucket, mean and standard error. */
  totalMean: number;
  totalSe: number;
  /** Replicates with ≥ 1 429 charged to the bucket anywhere. */
  horizonHits: number;
}

export interface JointResult {
  replicates: number;
  buckets: BucketMc[];
  /** Replicates with any 429 anywhere. */
  anyHits: number;
  events: number;
  stopped: boolean;
}

/** Expected arrivals of one replicate. */
export function expectedEvents(counts: readonly ArrayLike<number>[]): number {
  let n = 0;
  for (const c of counts) for (let p = 0; p < c.length; p++) if (c[p]! > 0) n += c[p]!;
  return n;
}

export function runJoint(input: JointInput): JointResult {
  const { periodSeconds: T, counts, buckets, chains, debit, k, replicates: R } = input;
  const nS = counts.length;
  const nP = nS > 0 ? counts[0]!.length : 0;
  const nB = buckets.length;
  const rate = Float64Array.from(buckets, (b) => b.rate);
  const burst = Float64Array.from(buckets, (b) => b.burst);
  const tok = new Float64Array(nB);
  const last = new Float64Array(nB);
  const per = new Float64Array(nB);
  const repTotal = new Float64Array(nB);
  const out: BucketMc[] = buckets.map(() => ({
    hits: new Int32Array(nP),
    sum: new Float64Array(nP),
    totalMean: 0,
    totalSe: 0,
    horizonHits: 0,
  }));
  const s1 = new Float64Array(nB);
  const s2 = new Float64Array(nB);
  const rng = new Rng(input.seed);
  // the arrival stream: sfc32 seeded from the xoshiro stream (32-bit uniforms are enough for
  // exponential gaps; one call per draw keeps the hot loop fast)
  let a = rng.nextU32();
  let b = rng.nextU32();
  let c = rng.nextU32();
  let ctr = 1;
  const u01 = (): number => {
    const t = (((a + b) | 0) + ctr) | 0;
    ctr = (ctr + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  };
  for (let i = 0; i < 12; i++) u01();
  const mixed = Number.isFinite(k);
  const slot = mixed ? Math.min(1, T) : T;
  const slotsPerPeriod = Math.max(1, Math.round(T / slot));
  const dt = T / slotsPerPeriod;
  const lam = new Float64Array(nS);
  const cum = new Float64Array(nS);
  const single = nS === 1 && nB === 1 && chains[0]!.length === 1 && chains[0]![0] === 0;
  const r0 = rate[0] ?? 0;
  const b0 = burst[0] ?? 0;
  let anyHits = 0;
  let events = 0;
  let done = 0;
  let stopped = false;
  const EPS = 1e-9;
  for (let rep = 0; rep < R; rep++) {
    tok.set(burst);
    last.fill(0);
    repTotal.fill(0);
    for (let p = 0; p < nP; p++) {
      per.fill(0);
      for (let sl = 0; sl < slotsPerPeriod; sl++) {
        let total = 0;
        for (let s = 0; s < nS; s++) {
          const c = counts[s]![p]!;
          let l = c > 0 ? c / T : 0;
          if (mixed && l > 0) l *= rng.gamma(k) / k;
          lam[s] = l;
          total += l;
          cum[s] = total;
        }
        if (total <= 0) continue;
        const t0 = p * T + sl * dt;
        const end = t0 + dt;
        let t = t0;
        for (;;) {
          t -= Math.log(u01()) / total;
          if (t >= end) break;
          events++;
          let s = 0;
          if (nS > 1) {
            const u = u01() * total;
            let lo = 0;
            let hi = nS - 1;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (cum[mid]! > u) hi = mid;
              else lo = mid + 1;
            }
            s = lo;
          }
          if (single) {
            let x = tok[0]! + r0 * (t - last[0]!);
            if (x > b0) x = b0;
            last[0] = t;
            if (x < 1 - EPS) {
              tok[0] = x;
              per[0]!++;
            } else tok[0] = x - 1;
            continue;
          }
          const chain = chains[s]!;
          let failed = -1;
          for (let i = 0; i < chain.length; i++) {
            const j = chain[i]!;
            let x = tok[j]! + rate[j]! * (t - last[j]!);
            if (x > burst[j]!) x = burst[j]!;
            tok[j] = x;
            last[j] = t;
            if (x < 1 - EPS) {
              failed = j;
              break;
            }
            if (debit === 'sequential') tok[j] = x - 1;
          }
          if (failed < 0) {
            if (debit === 'all-or-nothing') for (let i = 0; i < chain.length; i++) tok[chain[i]!]! -= 1;
          } else {
            per[failed]!++;
          }
        }
      }
      for (let j = 0; j < nB; j++) {
        const x = per[j]!;
        if (x > 0) {
          out[j]!.hits[p]!++;
          out[j]!.sum[p]! += x;
          repTotal[j]! += x;
        }
      }
    }
    let any = false;
    for (let j = 0; j < nB; j++) {
      const x = repTotal[j]!;
      s1[j]! += x;
      s2[j]! += x * x;
      if (x > 0) {
        out[j]!.horizonHits++;
        any = true;
      }
    }
    if (any) anyHits++;
    done = rep + 1;
    if (input.stopAbove && done >= 50 && (done & 15) === 0) {
      const w = out[input.stopAbove.watch]!;
      let worst = 0;
      for (let p = 0; p < nP; p++) if (w.hits[p]! > worst) worst = w.hits[p]!;
      if (wilson(worst, done)[0] > input.stopAbove.value) {
        stopped = done < R;
        break;
      }
    }
  }
  for (let j = 0; j < nB; j++) {
    const mean = s1[j]! / done;
    out[j]!.totalMean = mean;
    out[j]!.totalSe = Math.sqrt(Math.max(0, s2[j]! / done - mean * mean) / done);
  }
  return { replicates: done, buckets: out, anyHits, events, stopped };
}
