import { cumulativeStdNormalProbability } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { TrendFit } from '../../../src/models/forecast/fit.js';
import { TrendDraws } from '../../../src/models/forecast/sim-common.js';
import { latinPicks, type Pool } from '../../../src/models/forecast/pool.js';
import { Rng } from '../../../src/models/throttling/prng.js';
import { mulberry32 } from '../../helpers/random.js';

/**
 * The paths' variance reduction (docs/forecast.md, "Paths"): each path must be distributed exactly
 * as an independent draw (checked over many seeds), while the paths of one run are spread evenly
 * (checked on one run). A draw that lost either property fails here.
 */

/** Coefficients β = z (β̂ = 0, L = I): the draws themselves. */
function zOf(draws: TrendDraws, rng: Rng, p: number, path: number): Float64Array {
  const fit = { beta: new Float64Array(p) } as unknown as TrendFit;
  const L = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)));
  const z = new Float64Array(p);
  const beta = new Float64Array(p);
  draws.draw(rng, fit, L, z, beta, path);
  return beta;
}

/** Kolmogorov–Smirnov distance of the values from the standard normal. */
function ksNormal(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  let d = 0;
  s.forEach((v, i) => {
    const f = cumulativeStdNormalProbability(v);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs(f - (i + 1) / s.length));
  });
  return d;
}

describe('the trend coefficients: a randomly shifted lattice through Box–Muller', () => {
  it('one run puts exactly one path in each of the N strata of the radius, the angles spread evenly', () => {
    const N = 250;
    const rng = new Rng(11);
    const draws = new TrendDraws(rng, N);
    const radius = new Int32Array(N);
    const angle = new Int32Array(16);
    for (let i = 0; i < N; i++) {
      const z = zOf(draws, rng, 8, i);
      // Box–Muller's radius: r² = −2 ln(1 − u1), so u1 = 1 − e^(−r²/2)
      const u1 = 1 - Math.exp(-(z[0]! * z[0]! + z[1]! * z[1]!) / 2);
      radius[Math.floor(u1 * N)]!++;
      angle[Math.floor(((Math.atan2(z[1]!, z[0]!) / (2 * Math.PI) + 1) % 1) * 16)]!++;
    }
    expect(Array.from(radius).every((c) => c === 1)).toBe(true);
    // 250 angles in 16 sectors: a low-discrepancy sequence puts 15 or 16 in each, give or take one
    for (const c of angle) expect(Math.abs(c - N / 16)).toBeLessThanOrEqual(2);
  });

  it('each path, over seeds, is standard normal in every coefficient, the pair uncorrelated', () => {
    const runs = 4000;
    const N = 40;
    for (const path of [0, 17, 39]) {
      const cols: number[][] = Array.from({ length: 8 }, () => []);
      for (let seed = 1; seed <= runs; seed++) {
        const rng = new Rng(seed);
        const draws = new TrendDraws(rng, N);
        // the paths before this one draw their weekday normals from the stream first
        for (let i = 0; i < path; i++) zOf(draws, rng, 8, i);
        const z = zOf(draws, rng, 8, path);
        for (let j = 0; j < 8; j++) cols[j]!.push(z[j]!);
      }
      // KS at the 0.1 % level for 4,000 values: 1.95 / √4000 ≈ 0.031
      for (const col of cols) expect(ksNormal(col)).toBeLessThan(0.031);
      const r = cols[0]!.reduce((s, v, i) => s + v * cols[1]![i]!, 0) / runs;
      expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(runs));
    }
  });
});

/** A pool of `weeks` weeks whose sort keys are a random permutation of 1 … weeks (the key is the week's sorted position + 1). */
function poolOf(weeks: number, seed: number): { pool: Pool; position: Int32Array } {
  const u = mulberry32(seed);
  const order = Int32Array.from({ length: weeks }, (_, i) => i);
  for (let k = weeks - 1; k > 0; k--) {
    const j = Math.floor(u() * (k + 1));
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const keys = Float64Array.from(order, (o) => o + 1);
  const pool = {
    rec: new Float64Array(0),
    bestDay: new Uint8Array(0),
    idx: new Int32Array(0),
    keys,
    keyWords: new Uint32Array(keys.buffer),
  } as Pool;
  return { pool, position: order };
}

describe('the pooled weeks: a Latin hypercube over the sorted pool', () => {
  it('in each simulated week, the paths take one pooled week from each of the N strata of the sorted pool', () => {
    const weeks = 2048;
    const paths = 250;
    const nW = 53;
    const { pool, position } = poolOf(weeks, 3);
    const picks = new Int32Array(paths * nW);
    latinPicks(new Rng(5), pool, weeks, nW, paths, picks, new Int32Array(paths), new Int32Array(2 * paths));
    const scale = weeks / paths;
    for (let w = 0; w < nW; w++) {
      // the path of rank r takes sorted position ⌊(r + v)·W/N⌋, so the k-th lowest position taken
      // lies in stratum k: between ⌊k·W/N⌋ and ⌊(k + 1)·W/N⌋
      const taken = Array.from({ length: paths }, (_, i) => position[picks[i * nW + w]!]!).sort((a, b) => a - b);
      taken.forEach((pos, k) => {
        expect(pos).toBeGreaterThanOrEqual(Math.floor(k * scale));
        expect(pos).toBeLessThanOrEqual(Math.floor((k + 1) * scale));
      });
    }
    // and the paths' strata differ between weeks (independent permutations): path 0 not always at one rank
    const ranks = new Set(Array.from({ length: nW }, (_, w) => Math.floor((position[picks[w]!]! * paths) / weeks)));
    expect(ranks.size).toBeGreaterThan(40);
  });

  it('each path, over seeds, takes every pooled week with equal probability, independently across weeks', () => {
    const weeks = 64;
    const paths = 8;
    const nW = 2;
    const runs = 6400;
    const first = new Int32Array(weeks);
    const pair = new Int32Array(16); // (first week's position, second week's) in 4 × 4 blocks of 16 weeks
    for (let seed = 1; seed <= runs; seed++) {
      const { pool, position } = poolOf(weeks, 1000 + seed);
      const picks = new Int32Array(paths * nW);
      latinPicks(new Rng(seed), pool, weeks, nW, paths, picks, new Int32Array(paths), new Int32Array(2 * paths));
      const path = seed % paths;
      const a = position[picks[path * nW]!]!;
      const b = position[picks[path * nW + 1]!]!;
      first[a]!++;
      pair[Math.floor(a / 16) * 4 + Math.floor(b / 16)]!++;
    }
    // χ² goodness of fit: 63 degrees of freedom (0.1 % point 103.4), 15 (37.7)
    const chi2 = (obs: Int32Array, expected: number) => obs.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2(first, runs / weeks)).toBeLessThan(103.4);
    expect(chi2(pair, runs / 16)).toBeLessThan(37.7);
  });
});
