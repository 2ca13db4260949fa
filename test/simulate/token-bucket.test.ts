import { describe, expect, test } from 'vitest';
import { ADMITTED, simulateEvents } from '../../src/models/throttling/layered.js';
import { fluidFirst429Seconds, longRunSuccessFraction, periodicFirst429, TokenBucket } from '../../src/models/throttling/token-bucket.js';

const ACCOUNT = { rate: 10_000, burst: 5_000 };
const served = (times: number[], limits = ACCOUNT): number => simulateEvents([limits], [[0]], times, undefined).admitted;
const repeat = (n: number, t: number): number[] => Array.from({ length: n }, () => t);

describe('AWS REST throttling guide examples (10,000 rps / 5,000 burst)', () => {
  test('10,000 requests spread evenly over one second: all served', () => {
    expect(served(Array.from({ length: 10_000 }, (_, k) => k / 10_000))).toBe(10_000);
  });
  test('10,000 requests in the first millisecond: 5,000 served', () => {
    expect(served(repeat(10_000, 0))).toBe(5_000);
  });
  test('5,000 in the first millisecond, 5,000 spread over the remaining 999 ms: all 10,000 served', () => {
    const rest = Array.from({ length: 5_000 }, (_, k) => 0.001 + ((k + 1) * 0.999) / 5_000);
    expect(served([...repeat(5_000, 0), ...rest])).toBe(10_000);
  });
  test('5,000 in the first millisecond, 5,000 at once at the 101st millisecond: 6,000 served', () => {
    expect(served([...repeat(5_000, 0), ...repeat(5_000, 0.1)])).toBe(6_000);
  });
  test('fifth example: 5,000 + 1,000 at 100 ms + 4,000 over the rest: all served', () => {
    const rest = Array.from({ length: 4_000 }, (_, k) => 0.101 + (k * 0.899) / 4_000);
    expect(served([...repeat(5_000, 0), ...repeat(1_000, 0.1), ...rest])).toBe(10_000);
  });
});

describe('closed forms for a sustained overload R > rate', () => {
  test('first 429 after burst / (R − rate) seconds (fluid) and the exact periodic index', () => {
    expect(fluidFirst429Seconds({ rate: 3, burst: 9 }, 4)).toBe(9);
    // D6: r=3, b=9, 4 rps for 30 s: first 429 at k=33 (8.25 s), 98 admitted
    const times = Array.from({ length: 120 }, (_, k) => k / 4);
    const run = simulateEvents([{ rate: 3, burst: 9 }], [[0]], times, undefined);
    expect(run.first429).toBe(8.25);
    expect(run.admitted).toBe(98);
    expect(periodicFirst429({ rate: 3, burst: 9 }, 4)).toEqual({ index: 33, seconds: 8.25 });
    // D8: r=150, b=450, 300 rps for 10 s
    const d8 = simulateEvents(
      [{ rate: 150, burst: 450 }],
      [[0]],
      Array.from({ length: 3000 }, (_, k) => k / 300),
      undefined,
    );
    expect(d8.admitted).toBe(1949);
    expect(d8.first429).toBeCloseTo(899 / 300, 9);
    expect(periodicFirst429({ rate: 150, burst: 450 }, 300)!.index).toBe(899);
  });
  test('long-run success fraction rate / R', () => {
    const R = 250;
    const limits = { rate: 100, burst: 50 };
    const n = 250 * 600; // 10 minutes
    const run = simulateEvents(
      [limits],
      [[0]],
      Array.from({ length: n }, (_, k) => k / R),
      undefined,
    );
    expect(longRunSuccessFraction(limits, R)).toBe(0.4);
    expect(run.admitted / n).toBeCloseTo(0.4, 3);
    // exact count: burst + rate · T (within one token)
    expect(Math.abs(run.admitted - (50 + (100 * (n - 1)) / R))).toBeLessThanOrEqual(1);
  });
});

describe('semantics', () => {
  test('burst 0 rejects everything; rate 0 admits the burst only', () => {
    expect(served([0, 1, 2], { rate: 100, burst: 0 })).toBe(0);
    expect(
      served(
        Array.from({ length: 10 }, (_, k) => k),
        { rate: 0, burst: 5 },
      ),
    ).toBe(5);
  });
  test('a rejected request takes no token; idle time refills to the cap only (no b + 1 after idle)', () => {
    const b = new TokenBucket({ rate: 1, burst: 3 });
    expect([0, 0, 0, 0].map((t) => b.tryTake(t))).toEqual([true, true, true, false]);
    expect(b.tokens(0)).toBeCloseTo(0, 12);
    expect(simulateEvents([{ rate: 1, burst: 3 }], [[0]], [100, 100, 100, 100], undefined).admitted).toBe(3);
  });
  test('layer debit: all-or-nothing vs sequential (D12)', () => {
    const buckets = [
      { rate: 1, burst: 2 },
      { rate: 2, burst: 1 },
    ];
    const t = [0, 0, 0.1, 0.6, 0.7, 1.2, 1.3, 3.0];
    const aon = simulateEvents(buckets, [[0, 1]], t, undefined, 'all-or-nothing');
    expect(aon.admitted).toBe(4);
    expect([...aon.decisions]).toEqual([ADMITTED, 1, 1, ADMITTED, 0, ADMITTED, 0, ADMITTED]);
    const seq = simulateEvents(buckets, [[0, 1]], t, undefined, 'sequential');
    expect(seq.admitted).toBe(3);
  });
});

describe('client retries', () => {
  test('D11: AWS example 4 with a 1 s retry delay: 14,000 attempts, 4,000 attempt 429s, no final failures', async () => {
    const { simulateWithRetries } = await import('../../src/models/throttling/retries.js');
    const { Rng } = await import('../../src/models/throttling/prng.js');
    // cap 1 s with a huge base: every delay is min(1 s, U·huge) = 1 s
    const run = simulateWithRetries(
      ACCOUNT,
      [...repeat(5_000, 0), ...repeat(5_000, 0.1)],
      { maxAttempts: 3, baseSeconds: 1e15, capSeconds: 1 },
      new Rng(1),
    );
    expect(run).toEqual({ firstAttempts: 10_000, attempts: 14_000, attempt429: 4_000, first429: 4_000, finalFailures: 0 });
  });
});
