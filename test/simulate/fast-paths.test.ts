import { describe, expect, test } from 'vitest';
import { poissonRiskBound, poissonWindowRisk } from '../../src/models/throttling/poisson.js';
import { Rng } from '../../src/models/throttling/prng.js';
import { riskAtMost, sampledRisk, slotModelBound, windowRisk, type RiskSettings } from '../../src/models/throttling/window-risk.js';

// Independent computations, written here without the model's code.
function binomialPmf(n: number, p: number): Float64Array {
  const lf = [0];
  for (let i = 1; i <= n; i++) lf.push(lf[i - 1]! + Math.log(i));
  return Float64Array.from({ length: n + 1 }, (_, k) =>
    Math.exp(lf[n]! - lf[k]! - lf[n - k]! + k * Math.log(p) + (n - k) * Math.log1p(-p)),
  );
}

/** Poisson process at rate λ (exponential gaps) through one token bucket started full; returns P(any 429) and its s.e. */
function eventSimulation(rate: number, burst: number, lambda: number, T: number, reps: number, seed: number): { p: number; se: number } {
  const rng = new Rng(seed);
  let hits = 0;
  for (let r = 0; r < reps; r++) {
    let t = 0;
    let tokens = burst;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - rng.uniform()) / lambda;
      if (t >= T) break;
      tokens = Math.min(burst, tokens + rate * (t - last));
      last = t;
      if (tokens >= 1 - 1e-9) tokens -= 1;
      else {
        hits++;
        break;
      }
    }
  }
  const p = hits / reps;
  return { p, se: Math.sqrt((p * (1 - p)) / reps) };
}

describe('binomial sampler (inversion below n·p = 10, BTRS above) against the exact pmf', () => {
  test.each([
    [20, 0.3],
    [8805, 1 / 600],
    [300, 0.05],
    [35_000, 0.01],
    [50, 0.9],
  ])('n=%s p=%s: chi-square within its 99.9 % quantile', (n, p) => {
    const rng = new Rng(11);
    const R = 200_000;
    const h = new Float64Array(n + 1);
    for (let i = 0; i < R; i++) h[rng.binomial(n, p)]!++;
    const f = binomialPmf(n, p);
    let chi = 0;
    let df = -1;
    let pooled = 0;
    let pooledE = 0;
    for (let k = 0; k <= n; k++) {
      const e = f[k]! * R;
      if (e < 5) {
        pooled += h[k]!;
        pooledE += e;
        continue;
      }
      chi += (h[k]! - e) ** 2 / e;
      df++;
    }
    if (pooledE > 0) {
      chi += (pooled - pooledE) ** 2 / pooledE;
      df++;
    }
    // Wilson–Hilferty 99.9 % quantile of χ²(df)
    const q = df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chi).toBeLessThan(q);
  });
});

describe('Poisson windows: certified screen and lattice brackets', () => {
  test('the orders example busiest window (150 rps / burst 100, 8,805 requests): the DP bracket contains an independent event-level simulation', () => {
    // Reference: Poisson process simulated request by request (exponential gaps, the bucket of §2.1);
    // 20,000 replicates gave 0.0882 ± 0.0020 and the m = 4 lattice [0.08817, 0.08927] when this was written.
    const lambda = 8805 / 60;
    const sim = eventSimulation(150, 100, lambda, 60, 3000, 5);
    for (const budget of [1e7, 3e7]) {
      const r = poissonWindowRisk({ rate: 150, burst: 100, lambda, seconds: 60, budget })!;
      expect(r.method).toMatch(/lattice DP/);
      expect(r.pAnyLow).toBeLessThan(sim.p + 3 * sim.se);
      expect(r.pAnyHigh).toBeGreaterThan(sim.p - 3 * sim.se);
    }
    const fine = poissonWindowRisk({ rate: 150, burst: 100, lambda, seconds: 60, budget: 3e7 })!;
    expect(fine.pAnyLow).toBeLessThanOrEqual(0.0882 + 3 * 0.002);
    expect(fine.pAnyHigh).toBeGreaterThanOrEqual(0.0882 - 3 * 0.002);
  });

  test('the screen is an upper bound of the certified DP interval, and decides the account bucket without a DP', () => {
    for (const [rate, burst, lambda] of [
      [10, 20, 8],
      [150, 100, 7757 / 60],
      [5, 10, 4],
    ] as const) {
      const bound = poissonRiskBound(rate, burst, lambda, 60).pHigh;
      const dp = poissonWindowRisk({ rate, burst, lambda, seconds: 60, budget: 3e7 })!;
      expect(bound).toBeGreaterThanOrEqual(dp.pAnyLow);
    }
    const account = poissonWindowRisk({ rate: 10_000, burst: 5_000, lambda: 43_854 / 60, seconds: 60, budget: 1e7 })!;
    expect(account.pAny).toBe(0);
    expect(account.pAnyHigh).toBeLessThan(1e-12);
    expect(account.method).toMatch(/certified bound/);
  });

  test('rT < 1 closed form stays exact; a screened window is consistent with the closed form', () => {
    // λ = 0.5, r = 0.5, b = 20, T = 1: P = P(Poisson(0.5) ≥ 21), far below 1e-12
    const r = poissonWindowRisk({ rate: 0.5, burst: 20, lambda: 0.5, seconds: 1 })!;
    expect(r.pAny).toBeLessThan(1e-12);
  });
});

describe('settings search answers', () => {
  const poisson: RiskSettings = { model: { kind: 'poisson' }, seconds: 60, seed: 3, samples: 500, dpBudget: 1e7 };
  const over: RiskSettings = { model: { kind: 'overdispersed', k: 4 }, seconds: 60, seed: 3, samples: 500, dpBudget: 1e7 };
  test('riskAtMost gives the same answer as windowRisk(…).pAnyHigh ≤ target', () => {
    for (const s of [poisson, over]) {
      for (const rate of [150, 152, 154, 158, 170]) {
        const l = { rate, burst: 100 };
        expect(riskAtMost(l, 8805, 0, s, 0.01)).toBe(windowRisk(l, 8805, 0, s).pAnyHigh <= 0.01);
      }
    }
  });
  test('common random numbers: sampled P(any 429) is non-increasing in rate and in burst', () => {
    let prev = 1;
    for (const rate of [150, 160, 170, 180, 190, 200]) {
      const p = sampledRisk({ rate, burst: 100 }, 8805, 0, over, 4).pAny;
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
    prev = 1;
    // bursts below 2·rate: the same 0.1 s slots (the slot length itself changes at 2·rate)
    for (const burst of [100, 150, 200, 250, 299]) {
      const p = sampledRisk({ rate: 150, burst }, 8805, 0, over, 4).pAny;
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
  });
  test('exact zero screen and certified bound of the sampled model', () => {
    const none = sampledRisk({ rate: 10, burst: 500 }, 480, 0, over, 4);
    expect([none.pAny, none.pAnyHigh]).toEqual([0, 0]);
    // the bound is never below the sampled estimate: a likely window gives the trivial bound, and
    // where the bound is tiny the samples show no 429
    const mc = sampledRisk({ rate: 150, burst: 100 }, 8805, 0, over, 4);
    expect(slotModelBound(8805, 600, 4, 100, 15)).toBeGreaterThanOrEqual(mc.pAnyLow);
    expect(slotModelBound(8805, 600, 4, 100, 15)).toBe(1);
    const wide = { rate: 150, burst: 2000 };
    const bound = slotModelBound(8805, 60, 4, 2000, 150);
    expect(bound).toBeGreaterThan(0);
    expect(sampledRisk(wide, 8805, 0, { ...over, samples: 4000 }, Infinity).pAny).toBe(0);
    // the account bucket of the orders example: no sampling needed
    const acct = sampledRisk({ rate: 10_000, burst: 5_000 }, 43_854, 0, over, 4);
    expect(acct.pAny).toBe(0);
    expect(acct.method).toMatch(/certified bound/);
  });
  test('sampling stays seeded: same inputs → identical results, cached or not', () => {
    const a = sampledRisk({ rate: 150, burst: 100 }, 8000, 0, over, 4);
    const big = { ...over, samples: 7000 }; // 7,000 × 600 slots is above the cache limit: streamed
    const b1 = sampledRisk({ rate: 150, burst: 100 }, 8000, 0, big, 4);
    const b2 = sampledRisk({ rate: 150, burst: 100 }, 8000, 0, big, 4);
    expect(sampledRisk({ rate: 150, burst: 100 }, 8000, 0, over, 4)).toEqual(a);
    expect(b1).toEqual(b2);
  });
});
