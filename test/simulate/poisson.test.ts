import { describe, expect, test } from 'vitest';
import { md1kLoss, poissonWindowRisk } from '../../src/models/throttling/poisson.js';
import { sampledRisk } from '../../src/models/throttling/window-risk.js';

// Independent computations, written here without the model's code:
// Poisson pmf by the multiplicative recurrence (no lnΓ).
function pmfs(mean: number, n: number): number[] {
  const out = [Math.exp(-mean)];
  for (let k = 1; k <= n; k++) out.push((out[k - 1]! * mean) / k);
  return out;
}

/**
 * M/D/1/K loss by the classical M/G/1 forward recursion on the departure-epoch chain
 * (π_{j+1} = (π_j − π_0 a_j − Σ_{i=1..j} π_i a_{j−i+1}) / a_0), not the model's GTH elimination.
 */
function md1kByRecursion(rho: number, K: number): number {
  const a = pmfs(rho, K + 2);
  const pi = [1];
  for (let j = 0; j <= K - 2; j++) {
    let v = pi[j]! - pi[0]! * a[j]!;
    for (let i = 1; i <= j; i++) v -= pi[i]! * a[j - i + 1]!;
    pi.push(v / a[0]!);
  }
  const total = pi.reduce((s, x) => s + x, 0);
  return 1 - 1 / (pi[0]! / total + rho);
}

describe('M/D/1/K long-run 429 fraction (Poisson arrivals into a token bucket)', () => {
  const table: Array<[number, number, number]> = [
    // ρ, b, value from throttle-model.md §11 A3 (60-digit mpmath reference)
    [0.5, 1, 0.333333],
    [0.5, 5, 0.00217596],
    [0.8, 2, 0.19957],
    [0.9, 5, 0.0643619],
    [0.9, 20, 0.00185318],
    [0.95, 20, 0.00806865],
    [1.0, 10, 0.0508475],
    [1.2, 20, 0.166763],
    [2.0, 5, 0.500253],
  ];
  test.each(table)('ρ=%s b=%s matches the reference table and an independent recursion within 1 %', (rho, b, expected) => {
    const model = md1kLoss(rho, b);
    expect(Math.abs(model - expected) / expected).toBeLessThan(1e-4);
    const independent = md1kByRecursion(rho, b);
    expect(Math.abs(model - independent) / independent).toBeLessThan(0.01);
  });
  test('burst 1: ρ/(1+ρ)', () => {
    expect(md1kLoss(0.8, 1)).toBeCloseTo(4 / 9, 9);
  });
});

describe('window P(any 429) under Poisson arrivals vs closed forms computed here', () => {
  test('rT < 1: P(any 429) = 1 − PoissonCDF(b; λT) (A2a, A2b)', () => {
    for (const [lambda, rate, burst] of [
      [5, 0.5, 3],
      [20, 0.9, 10],
    ] as const) {
      const exact = 1 - pmfs(lambda, burst).reduce((s, p) => s + p, 0);
      const r = poissonWindowRisk({ rate, burst, lambda, seconds: 1, budget: 1e8 })!;
      expect(r.pAnyLow).toBeLessThanOrEqual(exact + 1e-9);
      expect(r.pAnyHigh).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(Math.abs(r.pAny - exact) / exact).toBeLessThan(0.01);
    }
  });
  test('burst 1: spacings formula (A1a–c) within 1 %', () => {
    const spacing = (lambda: number, rate: number, T: number): number => {
      const p = pmfs(lambda * T, 400);
      let ok = 0;
      for (let n = 0; n < p.length; n++) ok += p[n]! * (n <= 1 ? 1 : Math.max(0, 1 - (n - 1) / (rate * T)) ** n);
      return 1 - ok;
    };
    for (const [lambda, rate, T, ref] of [
      [1, 10, 60, 0.994647],
      [0.5, 5, 60, 0.926694],
      [2, 10, 10, 0.95475],
    ] as const) {
      const r = poissonWindowRisk({ rate, burst: 1, lambda, seconds: T })!;
      const indep = spacing(lambda, rate, T);
      expect(Math.abs(indep - ref)).toBeLessThan(1e-5);
      expect(Math.abs(r.pAny - indep) / indep).toBeLessThan(0.01);
    }
  });
  test('lattice DP brackets the certified values (N1, N5) and E[429] within 1 %', () => {
    const n1 = poissonWindowRisk({ rate: 5, burst: 10, lambda: 4, seconds: 60, budget: 3e7 })!;
    expect(n1.pAnyLow).toBeLessThanOrEqual(0.26616);
    expect(n1.pAnyHigh).toBeGreaterThanOrEqual(0.26533);
    expect(Math.abs(n1.pAny - 0.2657) / 0.2657).toBeLessThan(0.01);
    expect(Math.abs(n1.e429 - 0.808) / 0.808).toBeLessThan(0.01);
    const n5 = poissonWindowRisk({ rate: 10, burst: 20, lambda: 9, seconds: 60, budget: 3e7 })!;
    expect(Math.abs(n5.pAny - 0.16451) / 0.16451).toBeLessThan(0.01);
    expect(Math.abs(n5.e429 - 0.8365) / 0.8365).toBeLessThan(0.01);
  });
  test('over a long window, DP E[429] / (λT) approaches the M/D/1/K stationary loss (independent recursion) within 1 %', () => {
    const lambda = 12;
    const rate = 10;
    const burst = 5;
    const T = 600;
    const r = poissonWindowRisk({ rate, burst, lambda, seconds: T, budget: 3e7 })!;
    // the bucket starts full: the transient adds about one bucket of admissions at the start
    const longRun = md1kByRecursion(lambda / rate, burst);
    const perRequest = (r.e429 + burst * 1) / (lambda * T);
    expect(Math.abs(perRequest - longRun) / longRun).toBeLessThan(0.01);
  });
  test('seeded sampling is reproducible and reports a 95 % interval around its estimate', () => {
    const s = { model: { kind: 'poisson' as const }, seconds: 60, seed: 7, samples: 4000, dpBudget: 0 };
    const mc = sampledRisk({ rate: 1000, burst: 500 }, 60_000, 0, s, Infinity);
    expect(sampledRisk({ rate: 1000, burst: 500 }, 60_000, 0, s, Infinity)).toEqual(mc);
    // ρ = 1 with a 500 burst: fluid slots, P(any) well inside (0, 1)
    expect(mc.pAnyLow).toBeLessThanOrEqual(mc.pAny);
    expect(mc.pAnyHigh).toBeGreaterThanOrEqual(mc.pAny);
  });
});
