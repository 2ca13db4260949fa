import { quotaWindows, type QuotaPeriod } from '../throttling/config.js';

/**
 * Pure helpers for the report's traffic section: the counts a bucket sees per period, the count
 * from which a period's P(any 429) is above the target, quota usage per window, and a
 * peak-preserving downsample for drawing.
 */

/**
 * Requests offered to one bucket per period: the sum of the series whose chain contains it
 * (the traffic as given, before earlier layers reject anything: an upper value). A period in
 * which every member series has a gap is NaN (unknown, not zero); partial gaps add nothing.
 */
export function bucketCounts(
  counts: readonly ArrayLike<number>[],
  chains: readonly (readonly number[])[],
  bucket: number,
  nPeriods: number,
): Float64Array {
  const out = new Float64Array(nPeriods).fill(Number.NaN);
  chains.forEach((chain, si) => {
    if (!chain.includes(bucket)) return;
    const c = counts[si]!;
    for (let p = 0; p < nPeriods; p++) {
      const v = c[p]!;
      if (Number.isNaN(v)) continue;
      out[p] = (Number.isNaN(out[p]!) ? 0 : out[p]!) + v;
    }
  });
  return out;
}

/**
 * The smallest count in `counts` whose P(any 429) is above `target`, found by bisection over
 * the distinct counts: P(any 429) from a full bucket is non-decreasing in the count (the
 * simulator's horizon figures rely on the same property). Undefined when even the largest
 * count is within the target. Calls `pAny` O(log n) times.
 */
export function atRiskThreshold(counts: ArrayLike<number>, pAny: (count: number) => number, target: number): number | undefined {
  const distinct = [...new Set(Array.from(counts).filter((v) => Number.isFinite(v) && v > 0))].sort((a, b) => a - b);
  if (distinct.length === 0 || !(pAny(distinct[distinct.length - 1]!) > target)) return undefined;
  let lo = 0;
  let hi = distinct.length - 1; // invariant: pAny(distinct[hi]) > target
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pAny(distinct[mid]!) > target) hi = mid;
    else lo = mid + 1;
  }
  return distinct[hi];
}

/** Most requests counted against a usage-plan quota in one quota window (offered, offset included in the first window). */
export function quotaMaxUsed(
  counts: readonly ArrayLike<number>[],
  quota: { members: readonly number[]; period: QuotaPeriod; offset: number },
  grid: { startMs: number; periodSeconds: number; nPeriods: number },
): number {
  const windows = quotaWindows(grid.startMs, grid.periodSeconds, grid.nPeriods, quota.period);
  const used = new Map<number, number>();
  for (let p = 0; p < grid.nPeriods; p++) {
    const w = windows[p]!;
    let add = 0;
    for (const si of quota.members) {
      const v = counts[si]![p]!;
      if (!Number.isNaN(v)) add += v;
    }
    used.set(w, (used.get(w) ?? (p === 0 ? quota.offset : 0)) + add);
  }
  return Math.max(0, ...used.values());
}

/**
 * At most `maxPoints` points for drawing: consecutive periods grouped, each group keeping its
 * largest count (so peaks stay visible) and marked at risk if any of its periods is.
 */
export function downsampleMax<T extends { count: number; atRisk: boolean }>(
  points: T[],
  maxPoints: number,
): { points: T[]; groupSize: number } {
  if (points.length <= maxPoints) return { points, groupSize: 1 };
  const groupSize = Math.ceil(points.length / maxPoints);
  const out: T[] = [];
  for (let i = 0; i < points.length; i += groupSize) {
    const group = points.slice(i, i + groupSize);
    const known = group.filter((g) => !Number.isNaN(g.count));
    const top = known.length ? Math.max(...known.map((g) => g.count)) : Number.NaN;
    out.push({ ...group[0]!, count: top, atRisk: group.some((g) => g.atRisk) });
  }
  return { points: out, groupSize };
}
