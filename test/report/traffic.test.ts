import { describe, expect, it } from 'vitest';
import { atRiskThreshold, bucketCounts, downsampleMax, quotaMaxUsed } from '../../src/models/report/traffic.js';

describe('report traffic helpers', () => {
  it('bucketCounts sums the series through a bucket; a period is NaN only when every member has a gap', () => {
    const counts = [
      Float64Array.from([1, Number.NaN, 3, Number.NaN]),
      Float64Array.from([10, 20, Number.NaN, Number.NaN]),
      Float64Array.from([100, 100, 100, 100]),
    ];
    const chains = [[0, 2], [1, 2], [2]];
    expect(Array.from(bucketCounts(counts, chains, 2, 4))).toEqual([111, 120, 103, 100]);
    expect(Array.from(bucketCounts(counts, chains, 0, 4))).toEqual([1, Number.NaN, 3, Number.NaN]);
  });

  it('atRiskThreshold finds the smallest count above the target by bisection', () => {
    const calls: number[] = [];
    const p = (n: number) => {
      calls.push(n);
      return n >= 70 ? 0.5 : 0.001;
    };
    const counts = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(atRiskThreshold(counts, p, 0.01)).toBe(70);
    expect(calls.length).toBeLessThanOrEqual(9);
    expect(atRiskThreshold(counts, () => 0.01, 0.01)).toBeUndefined();
    expect(atRiskThreshold(Float64Array.from([Number.NaN, 0]), () => 1, 0.01)).toBeUndefined();
  });

  it('quotaMaxUsed adds the offset to the first window and resets per UTC day', () => {
    const start = Date.UTC(2024, 4, 1, 22);
    const counts = [Float64Array.from([5, 5, 7, Number.NaN]), Float64Array.from([1, 1, 1, 1])];
    // periods of 1 h: 22:00, 23:00 (day 1), 00:00, 01:00 (day 2)
    expect(quotaMaxUsed(counts, { members: [0, 1], period: 'DAY', offset: 3 }, { startMs: start, periodSeconds: 3600, nPeriods: 4 })).toBe(
      15,
    );
    expect(quotaMaxUsed(counts, { members: [0, 1], period: 'DAY', offset: 0 }, { startMs: start, periodSeconds: 3600, nPeriods: 4 })).toBe(
      12,
    );
  });

  it('downsampleMax keeps each group peak and its risk', () => {
    const pts = [3, 9, 2, 4, Number.NaN, Number.NaN, 1].map((count, i) => ({ count, atRisk: i === 3, t: i }));
    const { points, groupSize } = downsampleMax(pts, 3);
    expect(groupSize).toBe(3);
    expect(points.map((p) => [p.t, p.count, p.atRisk])).toEqual([
      [0, 9, false],
      [3, 4, true],
      [6, 1, false],
    ]);
  });
});
