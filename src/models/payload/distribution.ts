/**
 * A non-negative size (or latency) distribution given as percentiles or a histogram, read as a
 * piecewise-linear CDF through the given points (starting at (0, 0)). Past the last point the
 * distribution is unknown when its CDF is below 1: shares beyond it are reported as bounds.
 */
export interface CdfPoint {
  x: number;
  f: number;
}

export interface Distribution {
  points: CdfPoint[];
  /** How it was given, for the report ("percentiles p50, p99, max" / "histogram, 4 bins"). */
  source: string;
}

/** From percentiles: q in (0, 1] → value. `q = 1` is the maximum. */
export function fromPercentiles(percentiles: ReadonlyArray<[number, number]>): Distribution {
  const sorted = [...percentiles].sort((a, b) => a[0] - b[0]);
  const points: CdfPoint[] = [{ x: 0, f: 0 }];
  for (const [q, x] of sorted) points.push({ x: Math.max(x, points[points.length - 1]!.x), f: q });
  return { points, source: `percentiles ${sorted.map(([q]) => (q === 1 ? 'max' : `p${+(q * 100).toFixed(3)}`)).join(', ')}` };
}

/** From histogram bins: each bin holds `share` of the values in (previous upTo, upTo], spread evenly. */
export function fromHistogram(bins: ReadonlyArray<{ upTo: number; share: number }>): Distribution {
  const sorted = [...bins].sort((a, b) => a.upTo - b.upTo);
  const total = sorted.reduce((a, b) => a + b.share, 0);
  const points: CdfPoint[] = [{ x: 0, f: 0 }];
  let cum = 0;
  for (const b of sorted) {
    cum += b.share / total;
    points.push({ x: b.upTo, f: Math.min(1, cum) });
  }
  return { points, source: `histogram, ${sorted.length} bins` };
}

/**
 * From a mix of exact sizes (e.g. 90 % of 10 KB and 10 % of 1.5 MB): each size holds its share,
 * a vertical step of the CDF (two points at the same x), flat in between.
 */
export function fromMix(items: ReadonlyArray<{ size: number; share: number }>): Distribution {
  const sorted = [...items].sort((a, b) => a.size - b.size);
  const total = sorted.reduce((a, b) => a + b.share, 0);
  const points: CdfPoint[] = [{ x: 0, f: 0 }];
  let cum = 0;
  for (const it of sorted) {
    points.push({ x: it.size, f: Math.min(1, cum) });
    cum += it.share / total;
    points.push({ x: it.size, f: Math.min(1, cum) });
  }
  // shares that do not add up to exactly 1 in binary floating point still close the distribution
  points[points.length - 1] = { x: sorted[sorted.length - 1]!.size, f: 1 };
  return { points, source: `mix of ${sorted.length} sizes` };
}

/** F(x) by linear interpolation; undefined beyond the last point when its CDF is below 1. */
function cdf(d: Distribution, x: number): number | undefined {
  const pts = d.points;
  const last = pts[pts.length - 1]!;
  if (x >= last.x) return last.f >= 1 ? 1 : x === last.x ? last.f : undefined;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (x < b.x) return b.x === a.x ? b.f : a.f + ((b.f - a.f) * (x - a.x)) / (b.x - a.x);
  }
  return last.f;
}

export interface Share {
  value: number;
  /** True when `value` is only an upper bound (the limit lies beyond the last given point). */
  atMost: boolean;
}

/** Share of values strictly above `limit`. */
export function shareAbove(d: Distribution, limit: number): Share {
  const f = cdf(d, limit);
  if (f === undefined) return { value: 1 - d.points[d.points.length - 1]!.f, atMost: true };
  return { value: Math.max(0, 1 - f), atMost: false };
}

/**
 * Expected metered units per item when each item counts ⌈size / unit⌉ times (at least once):
 * E[max(1, ⌈S/u⌉)] = 1 + Σ_{j≥1} P(S > j·u). Unknown tail mass (beyond the last point) is
 * placed at `cap` (the largest size the API accepts), so the result is then an upper value.
 */
export function meteredMultiplier(d: Distribution, unit: number, cap: number): { value: number; atMost: boolean } {
  let m = 1;
  let atMost = false;
  for (let j = 1; j * unit < cap; j++) {
    const s = shareAbove(d, j * unit);
    if (s.atMost) atMost = true;
    if (s.value <= 0) break;
    m += s.value;
  }
  return { value: m, atMost };
}
