import { describe, expect, test } from 'vitest';
import { runJoint } from '../../src/models/throttling/events.js';
import { DEFAULT_FORECAST, forecastBucket, lundbergBound, lundbergExponent } from '../../src/models/throttling/forecast.js';
import { Rng } from '../../src/models/throttling/prng.js';
import { oracle, propSe } from './oracle.js';

/** ln P(X = k) for X ~ Poisson(mean), summed in log space (independent of the sampler's Stirling table). */
function logPmf(k: number, mean: number): number {
  let lf = 0;
  for (let i = 2; i <= k; i++) lf += Math.log(i);
  return -mean + k * Math.log(mean) - lf;
}

describe('exact Poisson draws (PTRS above mean 30)', () => {
  for (const mean of [30, 47.5, 400, 5000]) {
    test(`mean ${mean}: 100,000 draws fit the Poisson pmf (chi-square over cells of ≥ 50 expected)`, () => {
      const rng = new Rng(11);
      const n = 100_000;
      const seen = new Map<number, number>();
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const k = rng.poissonExact(mean);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        seen.set(k, (seen.get(k) ?? 0) + 1);
        sum += k;
      }
      // the mean within 4 standard errors
      expect(Math.abs(sum / n - mean)).toBeLessThan(4 * Math.sqrt(mean / n));
      // cells merged from the left until each expects ≥ 50 draws; the tails go to the end cells
      const lo = Math.max(0, Math.floor(mean - 8 * Math.sqrt(mean)));
      const hi = Math.ceil(mean + 8 * Math.sqrt(mean));
      const cells: { e: number; o: number }[] = [];
      let cur = { e: 0, o: 0 };
      let below = 0;
      for (const [k, c] of seen) if (k < lo) below += c;
      cur.o += below;
      for (let k = lo; k <= hi; k++) {
        cur.e += n * Math.exp(logPmf(k, mean));
        cur.o += seen.get(k) ?? 0;
        if (cur.e >= 50) {
          cells.push(cur);
          cur = { e: 0, o: 0 };
        }
      }
      let above = 0;
      for (const [k, c] of seen) if (k > hi) above += c;
      cur.o += above;
      if (cells.length > 0) {
        cells[cells.length - 1]!.e += cur.e;
        cells[cells.length - 1]!.o += cur.o;
      }
      const chi2 = cells.reduce((a, c) => a + (c.o - c.e) ** 2 / c.e, 0);
      const df = cells.length - 1;
      // far in the upper tail of chi-square(df) (mean df, sd √(2df)) only if the draws are not Poisson
      expect(chi2).toBeLessThan(df + 5 * Math.sqrt(2 * df));
    });
  }
});

describe('leaps in the event-level Monte Carlo agree with the independent oracle', () => {
  test('one bucket near capacity (150 / 100 at 98 % for 10 minutes): leaps take most arrivals; totals and per-period risk agree', () => {
    const counts = Array.from({ length: 10 }, () => 147 * 60);
    const R = 600;
    const mc = runJoint({
      periodSeconds: 60,
      counts: [Float64Array.from(counts)],
      buckets: [{ rate: 150, burst: 100 }],
      chains: [[0]],
      debit: 'all-or-nothing',
      k: Infinity,
      replicates: R,
      seed: 3,
    });
    expect(mc.leapt / mc.events).toBeGreaterThan(0.5);
    const o = oracle({ buckets: [{ rate: 150, burst: 100 }], chains: [[0]], periodSeconds: 60, counts: [counts], replicates: R, seed: 9 });
    const m = mc.buckets[0]!;
    const se = Math.hypot(m.totalSe, o.total429[0]!.se);
    expect(Math.abs(m.totalMean - o.total429[0]!.mean)).toBeLessThan(3 * se);
    for (let p = 0; p < counts.length; p++) {
      const a = m.hits[p]! / R;
      const b = o.hits[0]![p]! / R;
      expect(Math.abs(a - b)).toBeLessThan(3 * Math.hypot(propSe(m.hits[p]!, R), propSe(o.hits[0]![p]!, R)) + 1e-9);
    }
  }, 120_000);

  test('two layers that both have room (stage 600 / 400 under account 700 / 500, 95 %): joint leaps; both buckets agree', () => {
    const counts = [Array.from({ length: 4 }, () => 560 * 60), Array.from({ length: 4 }, () => 100 * 60)];
    const buckets = [
      { rate: 700, burst: 500 },
      { rate: 600, burst: 400 },
    ];
    const chains = [[1, 0], [0]];
    const R = 300;
    const mc = runJoint({
      periodSeconds: 60,
      counts: counts.map((c) => Float64Array.from(c)),
      buckets,
      chains,
      debit: 'all-or-nothing',
      k: Infinity,
      replicates: R,
      seed: 5,
    });
    expect(mc.leapt).toBeGreaterThan(0);
    const o = oracle({ buckets, chains, periodSeconds: 60, counts, replicates: R, seed: 21 });
    for (let j = 0; j < 2; j++) {
      const m = mc.buckets[j]!;
      const t = o.total429[j]!;
      expect(Math.abs(m.totalMean - t.mean)).toBeLessThan(3 * Math.hypot(m.totalSe, t.se) + 1e-9);
      expect(Math.abs(m.horizonHits / R - o.horizonHits[j]! / R)).toBeLessThan(
        3 * Math.hypot(propSe(m.horizonHits, R), propSe(o.horizonHits[j]!, R)) + 1e-9,
      );
    }
  }, 120_000);

  test('leaps on and off simulate the same process (same figures within their standard errors)', () => {
    const input = {
      periodSeconds: 60,
      counts: [Float64Array.from([5400, 5900, 6100, 5000])],
      buckets: [{ rate: 100, burst: 80 }],
      chains: [[0]],
      debit: 'all-or-nothing' as const,
      k: Infinity,
      replicates: 400,
      seed: 2,
    };
    const on = runJoint(input);
    const off = runJoint({ ...input, leaps: false });
    expect(off.leapt).toBe(0);
    expect(on.steps).toBeLessThan(off.steps);
    const a = on.buckets[0]!;
    const b = off.buckets[0]!;
    expect(Math.abs(a.totalMean - b.totalMean)).toBeLessThan(3 * Math.hypot(a.totalSe, b.totalSe));
  }, 120_000);
});

describe('the proven (Lundberg) bound', () => {
  test('the exponent solves λ(e^R − 1) = r·R from below, and is undefined at or above the rate', () => {
    const R = lundbergExponent(600, 588)!;
    expect(588 * Math.expm1(R) - 600 * R).toBeLessThanOrEqual(0);
    expect(588 * Math.expm1(R * (1 + 1e-9)) - 600 * R * (1 + 1e-9)).toBeGreaterThan(-1e-9);
    expect(lundbergExponent(100, 100)).toBeUndefined();
    expect(lundbergExponent(100, 150)).toBeUndefined();
  });

  test('holds against the oracle, period by period, with state carried (rising load 60 % → 90 % of 100 / 40)', () => {
    const counts = [3600, 4200, 4800, 5400, 5400, 4200];
    const l = { rate: 100, burst: 40 };
    const b = lundbergBound(l, counts, 60);
    const R = 2000;
    const o = oracle({ buckets: [l], chains: [[0]], periodSeconds: 60, counts: [counts], replicates: R, seed: 4 });
    let useful = 0;
    for (let p = 0; p < counts.length; p++) {
      // the oracle's estimate minus 3 standard errors never exceeds the bound
      expect(o.hits[0]![p]! / R - 3 * propSe(o.hits[0]![p]!, R)).toBeLessThanOrEqual(b.p[p]!);
      expect(o.mean429[0]![p]!).toBeLessThanOrEqual(b.e[p]! + 1e-12);
      if (b.p[p]! < 1) useful++;
    }
    // and it says something (below 1) in the lighter periods
    expect(useful).toBeGreaterThan(0);
  }, 120_000);

  test('the bound engine stands in when the exact engines exceed their budgets: no estimate, the bound as the upper end', () => {
    const counts = Float64Array.from([30_000, 33_000, 35_000]);
    const l = { rate: 600, burst: 400 };
    const f = forecastBucket(l, counts, 60, {
      ...DEFAULT_FORECAST,
      k: Infinity,
      seed: 1,
      samples: 2000,
      latticeWork: 1e4,
      eventBudget: 1e4,
    });
    expect(f.engine).toBe('bound');
    const b = lundbergBound(l, counts, 60);
    f.pAny.forEach((x, p) => {
      expect(Number.isNaN(x.est)).toBe(true);
      expect(x.high).toBe(b.p[p]);
    });
    expect(f.method).toMatch(/proven upper bound/);
  });

  test('when the peak reaches the bucket rate the bound says nothing, and the figure is unknown ("not computed")', () => {
    const counts = Float64Array.from([36_000, 36_600]);
    const f = forecastBucket({ rate: 600, burst: 400 }, counts, 60, {
      ...DEFAULT_FORECAST,
      k: Infinity,
      seed: 1,
      samples: 2000,
      latticeWork: 1e4,
      eventBudget: 1e4,
    });
    expect(f.engine).toBe('not computed');
    expect(Number.isNaN(f.horizon.est)).toBe(true);
  });
});
