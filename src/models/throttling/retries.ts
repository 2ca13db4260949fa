import { Rng } from './prng.js';
import { TokenBucket, type BucketLimits } from './token-bucket.js';
import { wilson } from './window-risk.js';

/**
 * Clients that resubmit 429s. The preset follows the AWS SDKs'
 * "standard" retry mode: 3 attempts in total by default (sdkref "Retry behavior",
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html), exponential
 * backoff with full jitter: delay = min(20 s, U(0,1) · 2^retry · base) with base 0.5 s for
 * throttling errors, retry = 0 for the first retry (AWS SDK for JavaScript v3, util-retry).
 * The SDK's client-side retry quota (500 tokens, 5 per retry) is not modelled: it only bites
 * for a single client instance under long overloads.
 *
 * Retries land while the bucket is still empty, so they are simulated event by event (the
 * independent-retry fixed point is off by orders of magnitude, §5.3).
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseSeconds: number;
  capSeconds: number;
}

export const SDK_STANDARD_RETRY: RetryPolicy = { maxAttempts: 3, baseSeconds: 0.5, capSeconds: 20 };

export interface RetryRun {
  firstAttempts: number;
  attempts: number;
  /** Attempts answered with 429 (what API Gateway and its access logs see). */
  attempt429: number;
  /** First attempts answered with 429. */
  first429: number;
  /** Requests whose every attempt got 429 (what users see). */
  finalFailures: number;
}

/** One run of explicit arrival times (sorted) through one bucket with retries. Deterministic given `rng`. */
export function simulateWithRetries(
  limits: BucketLimits,
  times: ArrayLike<number>,
  policy: RetryPolicy,
  rng: Rng,
  initialTokens?: number,
): RetryRun {
  const bucket = new TokenBucket(limits, initialTokens ?? limits.burst);
  const heap = new RetryHeap();
  const run: RetryRun = { firstAttempts: times.length, attempts: 0, attempt429: 0, first429: 0, finalFailures: 0 };
  let i = 0;
  while (i < times.length || heap.size > 0) {
    let t: number;
    let attempt: number;
    if (heap.size > 0 && (i >= times.length || heap.peekTime() < times[i]!)) {
      [t, attempt] = heap.pop();
    } else {
      t = times[i++]!;
      attempt = 1;
    }
    run.attempts++;
    if (bucket.tryTake(t)) continue;
    run.attempt429++;
    if (attempt === 1) run.first429++;
    if (attempt >= policy.maxAttempts) {
      run.finalFailures++;
      continue;
    }
    const delay = Math.min(policy.capSeconds, rng.uniform() * 2 ** (attempt - 1) * policy.baseSeconds);
    heap.push(t + delay, attempt + 1);
  }
  return run;
}

export interface RetryEstimate {
  replicates: number;
  firstAttempts: number;
  attempts: number;
  first429: number;
  attempt429: number;
  finalFailures: number;
  /** P(at least one request fails after all attempts in the window), with a 95 % interval. */
  pAnyFinal: number;
  pAnyFinalLow: number;
  pAnyFinalHigh: number;
}

/**
 * Seeded Monte Carlo of the busiest window with retries: Poisson arrivals at count/seconds
 * (Gamma-mixed per-second intensities when k is finite), means over replicates.
 */
export function estimateRetries(
  limits: BucketLimits,
  count: number,
  seconds: number,
  deficit: number,
  policy: RetryPolicy,
  opts: { seed: number; replicates: number; k: number },
): RetryEstimate {
  const rng = new Rng(opts.seed);
  const totals = { firstAttempts: 0, attempts: 0, first429: 0, attempt429: 0, finalFailures: 0 };
  let anyFinal = 0;
  const perSecond = Math.max(1, Math.round(seconds));
  const slot = seconds / perSecond;
  for (let rep = 0; rep < opts.replicates; rep++) {
    const times: number[] = [];
    for (let sIdx = 0; sIdx < perSecond; sIdx++) {
      const intensity = (count / perSecond) * (Number.isFinite(opts.k) ? rng.gamma(opts.k) / opts.k : 1);
      const n = rng.poisson(intensity);
      const start = times.length;
      for (let j = 0; j < n; j++) times.push((sIdx + rng.uniform()) * slot);
      sortTail(times, start);
    }
    const run = simulateWithRetries(limits, times, policy, rng, limits.burst - deficit);
    totals.firstAttempts += run.firstAttempts;
    totals.attempts += run.attempts;
    totals.first429 += run.first429;
    totals.attempt429 += run.attempt429;
    totals.finalFailures += run.finalFailures;
    if (run.finalFailures > 0) anyFinal++;
  }
  const R = opts.replicates;
  const [lo, hi] = wilson(anyFinal, R);
  return {
    replicates: R,
    firstAttempts: totals.firstAttempts / R,
    attempts: totals.attempts / R,
    first429: totals.first429 / R,
    attempt429: totals.attempt429 / R,
    finalFailures: totals.finalFailures / R,
    pAnyFinal: anyFinal / R,
    pAnyFinalLow: lo,
    pAnyFinalHigh: hi,
  };
}

function sortTail(a: number[], start: number): void {
  const tail = a.splice(start).sort((x, y) => x - y);
  for (const v of tail) a.push(v);
}

/** Min-heap of pending retries keyed by time (equal times: any order gives the same decisions). */
class RetryHeap {
  private t: number[] = [];
  private att: number[] = [];
  get size(): number {
    return this.t.length;
  }
  peekTime(): number {
    return this.t[0]!;
  }
  push(time: number, attempt: number): void {
    this.t.push(time);
    this.att.push(attempt);
    let i = this.t.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.t[parent]! <= this.t[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.t[0]!, this.att[0]!];
    const lastT = this.t.pop()!;
    const lastA = this.att.pop()!;
    if (this.t.length > 0) {
      this.t[0] = lastT;
      this.att[0] = lastA;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.t.length && this.t[l]! < this.t[m]!) m = l;
        if (r < this.t.length && this.t[r]! < this.t[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private swap(i: number, j: number): void {
    [this.t[i], this.t[j]] = [this.t[j]!, this.t[i]!];
    [this.att[i], this.att[j]] = [this.att[j]!, this.att[i]!];
  }
}
