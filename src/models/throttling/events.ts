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
 * Leaps (exact, no approximation): at time t every bucket j holds x_j tokens. Over the next h seconds
 * with h ≤ (b_j − x_j)/r_j for every j, no bucket can reach its cap, and if the number N of
 * arrivals in (t, t + h] satisfies N ≤ min_j x_j, every one of them finds a whole token (before the
 * k-th, bucket j holds at least x_j − (k − 1) ≥ 1), so all are admitted and bucket j ends with
 * exactly x_j − N_j + r_j·h tokens: the arrival times do not matter and are not drawn. N is drawn
 * exactly (Poisson, Hörmann's PTRS above mean 30); when it exceeds the room, the N arrivals are
 * placed at sorted uniform times in (t, t + h] (the Poisson process given its count) and decided
 * one by one, so the process simulated is the same either way. Leaps pay off where buckets run
 * well below full and well above empty (sustained near-capacity load, the costly regime).
 * Seeded (xoshiro128** and sfc32): identical input and seed give identical figures. Standard
 * errors are across replicates, which are independent.
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
  /**
   * Work budget in steps (single arrivals plus leaps). Replicates run whole; the run stops after the
   * replicate that crosses the budget, or early once the first replicates show that `minReplicates`
   * would not fit (`budgetHit`).
   */
  stepBudget?: number;
  minReplicates?: number;
  /** Leaps on (default); off decides every arrival one by one (tests compare the two). */
  leaps?: boolean;
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
  /** Steps taken: arrivals decided one by one plus leaps. */
  steps: number;
  /** Arrivals admitted inside leaps. */
  leapt: number;
  stopped: boolean;
  /** The step budget ended the run before `replicates` reached the requested number. */
  budgetHit: boolean;
}

/** Expected arrivals of one replicate. */
export function expectedEvents(counts: readonly ArrayLike<number>[]): number {
  let n = 0;
  for (const c of counts) for (let p = 0; p < c.length; p++) if (c[p]! > 0) n += c[p]!;
  return n;
}

/** Expected arrivals below which a leap is not worth its Poisson draw. */
const LEAP_MIN = 6;

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
  const leaps = input.leaps !== false;
  let steps = 0;
  let leapt = 0;
  let budgetHit = false;
  const xs = new Float64Array(nB);
  const cnt = new Int32Array(nS);
  const nj = new Float64Array(nB);
  let times = new Float64Array(64);
  /** The Poisson process on (0, h] given its count n: n sorted uniform offsets (exponential spacings), in `times`. */
  const sortedOffsets = (n: number, h: number): Float64Array => {
    if (times.length < n) times = new Float64Array(Math.max(n, 2 * times.length));
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc -= Math.log(u01());
      times[i] = acc;
    }
    acc -= Math.log(u01());
    const scale = h / acc;
    for (let i = 0; i < n; i++) times[i]! *= scale;
    return times;
  };
  const onChain0 = new Uint8Array(nB);
  for (const j of chains[0] ?? []) onChain0[j] = 1;
  const pickSeries = (u: number): number => {
    let lo = 0;
    let hi = nS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  /** One arrival of series `s` at time `t`, decided by its chain of buckets. */
  const decide = (t: number, s: number): void => {
    events++;
    steps++;
    if (single) {
      let x = tok[0]! + r0 * (t - last[0]!);
      if (x > b0) x = b0;
      last[0] = t;
      if (x < 1 - EPS) {
        tok[0] = x;
        per[0]!++;
      } else tok[0] = x - 1;
      return;
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
  };
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
        if (single) {
          // one bucket: the same steps as below, kept in local variables (the hot loop of most runs)
          let x = tok[0]!;
          let tl = last[0]!;
          let rej = 0;
          // a leap needs deficit·total/rate ≥ LEAP_MIN; below this deficit it is not tried
          const minDeficit = leaps ? (LEAP_MIN * r0) / total : Infinity;
          for (;;) {
            let y = x + r0 * (t - tl);
            if (y > b0) y = b0;
            if (b0 - y >= minDeficit && y >= LEAP_MIN) {
              let h = Math.min(end - t, (b0 - y) / r0);
              const sd = Math.sqrt(y + 1) - 1;
              if (total * h > sd * sd) h = (sd * sd) / total;
              if (total * h >= LEAP_MIN) {
                const n = rng.poissonExact(total * h);
                if (n <= y + EPS) {
                  steps++;
                  events += n;
                  leapt += n;
                  x = y - n + r0 * h;
                  t += h;
                  tl = t;
                  continue;
                }
                // too many for a leap: decide the n arrivals at sorted uniform times in (t, t + h]
                const offsets = sortedOffsets(n, h);
                for (let i = 0; i < n; i++) {
                  const ta = t + offsets[i]!;
                  let z = x + r0 * (ta - tl);
                  if (z > b0) z = b0;
                  tl = ta;
                  if (z < 1 - EPS) {
                    x = z;
                    rej++;
                  } else x = z - 1;
                }
                events += n;
                steps += n;
                t += h;
                continue;
              }
            }
            t -= Math.log(u01()) / total;
            if (t >= end) break;
            events++;
            steps++;
            let z = x + r0 * (t - tl);
            if (z > b0) z = b0;
            tl = t;
            if (z < 1 - EPS) {
              x = z;
              rej++;
            } else x = z - 1;
          }
          tok[0] = x;
          last[0] = tl;
          per[0]! += rej;
          continue;
        }
        for (;;) {
          // a leap over (t, t + h] when every bucket has room on both sides (see the header)
          let room = Infinity;
          let h = leaps ? end - t : 0;
          for (let j = 0; j < nB && total * h >= LEAP_MIN; j++) {
            let x = tok[j]! + rate[j]! * (t - last[j]!);
            if (x > burst[j]!) x = burst[j]!;
            xs[j] = x;
            if (x < room) room = x;
            const hj = (burst[j]! - x) / rate[j]!;
            if (hj < h) h = hj;
          }
          if (total * h >= LEAP_MIN && room >= LEAP_MIN) {
            // keep the expected count about two standard deviations inside the room
            const sd = Math.sqrt(room + 1) - 1;
            if (total * h > sd * sd) h = (sd * sd) / total;
          }
          if (room >= LEAP_MIN && total * h >= LEAP_MIN) {
            const n = rng.poissonExact(total * h);
            const th = t + h;
            if (n <= room + EPS) {
              steps++;
              events += n;
              leapt += n;
              if (nS === 1) {
                for (let j = 0; j < nB; j++) {
                  tok[j] = xs[j]! + rate[j]! * h - (onChain0[j] ? n : 0);
                  last[j] = th;
                }
              } else {
                cnt.fill(0);
                for (let i = 0; i < n; i++) cnt[pickSeries(u01() * total)]!++;
                nj.fill(0);
                for (let s2 = 0; s2 < nS; s2++) {
                  const c = cnt[s2]!;
                  if (c === 0) continue;
                  const chain = chains[s2]!;
                  for (let i = 0; i < chain.length; i++) nj[chain[i]!]! += c;
                }
                for (let j = 0; j < nB; j++) {
                  tok[j] = xs[j]! + rate[j]! * h - nj[j]!;
                  last[j] = th;
                }
              }
              t = th;
              continue;
            }
            // too many for a leap: the Poisson process given its count n is n sorted uniform times
            const offsets = sortedOffsets(n, h);
            for (let i = 0; i < n; i++) decide(t + offsets[i]!, nS > 1 ? pickSeries(u01() * total) : 0);
            t = th;
            continue;
          }
          t -= Math.log(u01()) / total;
          if (t >= end) break;
          decide(t, nS > 1 ? pickSeries(u01() * total) : 0);
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
    if (input.stepBudget !== undefined && done < R) {
      const want = Math.min(R, input.minReplicates ?? 1);
      if (steps >= input.stepBudget || (done < want && (steps / done) * want > input.stepBudget)) {
        budgetHit = true;
        break;
      }
    }
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
  return { replicates: done, buckets: out, anyHits, events, steps, leapt, stopped, budgetHit };
}
