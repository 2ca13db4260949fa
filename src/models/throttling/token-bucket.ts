/**
 * One API Gateway token bucket, with the reference semantics of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 * (the same decisions as golang.org/x/time/rate
 * `AllowN(t, 1)` and npm `limiter@4` started full):
 *
 *   - `rate` tokens per second are added continuously (fractional tokens), capped at `burst`;
 *   - the bucket starts full (`burst` tokens) at time 0 of the simulated horizon;
 *   - a request at time t is admitted iff the bucket holds at least one token (within EPS),
 *     and then takes exactly one token;
 *   - a rejected request (HTTP 429) takes nothing;
 *   - `burst = 0` rejects every request; `rate = 0` admits the first `burst` requests only.
 *
 * Times are seconds from the start of the horizon (float64); callers pass non-decreasing
 * times, an earlier time counts as no elapsed time.
 */

/** Tolerance on "at least one token": absorbs float error in rate × elapsed (§2.4). */
export const TOKEN_EPS = 1e-9;

export interface BucketLimits {
  /** Refill rate, tokens (requests) per second. */
  rate: number;
  /** Bucket size, tokens. */
  burst: number;
}

export class TokenBucket {
  readonly rate: number;
  readonly burst: number;
  private tokensAt: number;
  private last = 0;

  constructor(limits: BucketLimits, initialTokens = limits.burst) {
    if (!(limits.rate >= 0) || !(limits.burst >= 0))
      throw new RangeError(`rate and burst must be >= 0 (got ${limits.rate}, ${limits.burst})`);
    this.rate = limits.rate;
    this.burst = limits.burst;
    this.tokensAt = Math.min(initialTokens, limits.burst);
  }

  /** Tokens held at time t (refills, never goes back in time). */
  tokens(t: number): number {
    this.advance(t);
    return this.tokensAt;
  }

  /** True iff a request at time t would be admitted (refills, takes nothing). */
  canTake(t: number): boolean {
    return this.tokens(t) >= 1 - TOKEN_EPS;
  }

  /** Take one token unconditionally (the caller checked `canTake`); clamps at 0 against float drift. */
  take(): void {
    this.tokensAt = Math.max(0, this.tokensAt - 1);
  }

  /** Admit-or-reject a request at time t: the single-bucket decision. */
  tryTake(t: number): boolean {
    if (!this.canTake(t)) return false;
    this.take();
    return true;
  }

  private advance(t: number): void {
    if (t > this.last) {
      this.tokensAt = Math.min(this.burst, this.tokensAt + this.rate * (t - this.last));
      this.last = t;
    }
  }
}

/**
 * Closed forms for a sustained overload at R requests/s against (rate, burst), bucket full at t = 0
 * (derived from the bucket semantics above). Fluid: the deficit grows at R − rate, so the bucket empties at
 * burst / (R − rate) seconds; afterwards only the refill is admitted, so the long-run admitted
 * fraction is rate / R.
 */
export function fluidFirst429Seconds(limits: BucketLimits, offeredRps: number): number | undefined {
  return offeredRps > limits.rate ? limits.burst / (offeredRps - limits.rate) : undefined;
}

/**
 * Worst-case arrivals: every period's `count` requests arrive together at its start, from a full
 * bucket, period after period. All fit while count ≤ the tokens present; each period refills
 * rate·T, so when count > rate·T the bucket loses (count − rate·T) a period until a period's
 * requests no longer fit: the first 429 comes at the start of period k = ⌊(burst − count) /
 * (count − rate·T)⌋ + 1 (k = 0 when one period's requests exceed the burst).
 */
export function atStartFirst429Seconds(limits: BucketLimits, countPerPeriod: number, periodSeconds: number): number | undefined {
  const { rate, burst } = limits;
  if (countPerPeriod > burst) return 0;
  const loss = countPerPeriod - rate * periodSeconds;
  if (loss <= 0) return undefined;
  return (Math.floor((burst - countPerPeriod) / loss) + 1) * periodSeconds;
}

export function longRunSuccessFraction(limits: BucketLimits, offeredRps: number): number {
  return offeredRps <= limits.rate ? 1 : limits.rate / offeredRps;
}

/**
 * Exact first rejection for periodic arrivals at R/s starting at t = 0 (the first request at t = 0):
 * index = ⌊(b − 1)·R/(R − r)⌋ + 1 (0-based), at time index / R (§4.0). Undefined when R ≤ rate; index 0 when burst < 1.
 */
export function periodicFirst429(limits: BucketLimits, offeredRps: number): { index: number; seconds: number } | undefined {
  const { rate, burst } = limits;
  if (burst < 1) return { index: 0, seconds: 0 };
  if (offeredRps <= rate) return undefined;
  const index = Math.floor(((burst - 1) * offeredRps) / (offeredRps - rate) + TOKEN_EPS) + 1;
  return { index, seconds: index / offeredRps };
}
