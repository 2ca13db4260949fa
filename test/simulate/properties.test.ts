import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runHorizon, type HorizonInput } from '../../src/models/throttling/horizon.js';
import { simulateEvents } from '../../src/models/throttling/layered.js';
import { atStartFirst429Seconds } from '../../src/models/throttling/token-bucket.js';

/** One series through `layers` nested buckets (key → stage → account), counts per period. */
function input(counts: number[], layers: { rate: number; burst: number }[], periodSeconds: number): HorizonInput {
  return {
    periodSeconds,
    nPeriods: counts.length,
    counts: [Float64Array.from(counts)],
    buckets: layers.map((l, i) => ({ ...l, rank: i })),
    chains: [layers.map((_, i) => i)],
    quotas: [],
    within: 'uniform',
    debit: 'all-or-nothing',
  };
}
const rejected = (r: ReturnType<typeof runHorizon>) => r.buckets.reduce((a, b) => a + b.rejected, 0);

const layer = fc.record({ rate: fc.integer({ min: 1, max: 500 }), burst: fc.integer({ min: 1, max: 1000 }) });

describe('simulator properties', () => {
  it('more traffic never means fewer 429s (horizon pass, any layers)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 30 }),
        fc.array(layer, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2000 }),
        (counts, layers, extra) => {
          const more = counts.map((c, i) => (i === counts.length - 1 ? c + extra : c));
          return rejected(runHorizon(input(more, layers, 1))) >= rejected(runHorizon(input(counts, layers, 1))) - 1e-9;
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('the horizon pass agrees with the request-by-request engine for evenly spread requests (one bucket)', () => {
    // bursts of a few tokens or more: with a 1-token bucket the whole-token effects dominate and
    // the fluid model (no whole tokens) is not meant for them
    const bucket = fc.record({ rate: fc.integer({ min: 1, max: 500 }), burst: fc.integer({ min: 5, max: 1000 }) });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 20 }), bucket, (counts, l) => {
        // each period's count spread evenly over its second, as the fluid model assumes
        const times: number[] = [];
        counts.forEach((c, p) => {
          for (let i = 0; i < c; i++) times.push(p + (i + 0.5) / c);
        });
        const events = simulateEvents([l], [[0]], Float64Array.from(times), undefined);
        const fluid = rejected(runHorizon(input(counts, [l], 1)));
        const discrete = times.length - events.admitted;
        // the fluid model has no whole tokens: it may differ by at most one request per period
        return Math.abs(fluid - discrete) <= counts.length + 1e-9;
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('worst-case arrivals: time to the first 429 when the peak period repeats', () => {
  it('closed form, checked by hand and against the request-by-request engine', () => {
    const l = { rate: 1000, burst: 5000 };
    expect(atStartFirst429Seconds({ rate: 10000, burst: 5000 }, 10000, 1)).toBe(0); // one period's requests exceed the burst
    expect(atStartFirst429Seconds(l, 4000, 1)).toBe(1); // 5,000 − 4,000 = 1,000; +1,000 → 2,000 < 4,000 at t = 1 s
    expect(atStartFirst429Seconds(l, 2000, 1)).toBe(4); // 3,000 → 2,000 → 1,000 → 0 → 1,000 < 2,000 at t = 4 s
    expect(atStartFirst429Seconds(l, 1000, 1)).toBeUndefined(); // the refill covers every period
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 600 }),
        (rate, burst, count) => {
          const times: number[] = [];
          for (let p = 0; p < 40; p++) for (let i = 0; i < count; i++) times.push(p);
          const run = simulateEvents([{ rate, burst }], [[0]], Float64Array.from(times), undefined);
          const predicted = atStartFirst429Seconds({ rate, burst }, count, 1);
          return predicted === undefined ? run.first429 === undefined : predicted >= 40 || run.first429 === predicted;
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});
