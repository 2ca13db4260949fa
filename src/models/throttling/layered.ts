import { TokenBucket, type BucketLimits } from './token-bucket.js';

/**
 * Layered token buckets, event by event.
 *
 * Every request belongs to a stream (api × stage × route × key); each stream has the ordered
 * list of buckets that apply to it, in the order AWS documents it applies them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html):
 * usage-plan per-method → usage-plan per key → stage method/route →
 * account. AWS does not document whether a request rejected by a later layer has already
 * taken tokens of earlier ones, so both readings are offered:
 *
 *   - `all-or-nothing` (default): every applicable bucket is checked at the arrival instant;
 *     the request is admitted iff all hold a token, and only then one token is taken from each.
 *     A rejected request takes nothing anywhere. (Same as npm limiter@4 parent buckets.)
 *   - `sequential`: the layers are walked in AWS order and each passing layer is debited at
 *     once; at the first failing layer the request stops, and tokens already taken stay taken.
 *
 * In both, a 429 is attributed to the first failing layer in AWS order.
 */
export type LayerDebit = 'all-or-nothing' | 'sequential';

/** Sentinel in `decisions` for an admitted request. */
export const ADMITTED = -1;

export interface EventRun {
  admitted: number;
  /** 429s attributed to each bucket (index into the bucket list). */
  rejectedBy: number[];
  /** Per request: ADMITTED or the index of the bucket that rejected it. */
  decisions: Int32Array;
  /** Time of the first 429, seconds, if any. */
  first429: number | undefined;
}

/**
 * Run requests through layered buckets, all starting full at t = 0.
 * `times` must be non-decreasing; `streams[i]` indexes `chains`, each chain lists bucket
 * indices in AWS order.
 */
export function simulateEvents(
  buckets: readonly BucketLimits[],
  chains: readonly (readonly number[])[],
  times: ArrayLike<number>,
  streams: ArrayLike<number> | undefined,
  debit: LayerDebit = 'all-or-nothing',
): EventRun {
  const state = buckets.map((b) => new TokenBucket(b));
  const rejectedBy = buckets.map(() => 0);
  const decisions = new Int32Array(times.length);
  let admitted = 0;
  let first429: number | undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    const chain = chains[streams ? streams[i]! : 0]!;
    const failed = debit === 'all-or-nothing' ? checkAll(state, chain, t) : takeSequential(state, chain, t);
    if (failed === ADMITTED) {
      admitted++;
      decisions[i] = ADMITTED;
    } else {
      rejectedBy[failed]!++;
      decisions[i] = failed;
      if (first429 === undefined) first429 = t;
    }
  }
  return { admitted, rejectedBy, decisions, first429 };
}

function checkAll(state: TokenBucket[], chain: readonly number[], t: number): number {
  for (const j of chain) if (!state[j]!.canTake(t)) return j;
  for (const j of chain) state[j]!.take();
  return ADMITTED;
}

function takeSequential(state: TokenBucket[], chain: readonly number[], t: number): number {
  for (const j of chain) if (!state[j]!.tryTake(t)) return j;
  return ADMITTED;
}
