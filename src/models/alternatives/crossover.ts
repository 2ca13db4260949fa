import type { Decimal } from '../../money/decimal.js';

/**
 * Exact break-even volumes between cost curves that are piecewise linear in the traffic
 * scale s (with possible jumps, e.g. when a self-hosted fleet adds a node).
 *
 * Each curve says where its slope can change (`breakpoints`); between two breakpoints the
 * cost is exactly a + b·s, recovered from two evaluations inside the interval. Crossings
 * are then solved in closed form on each interval, and jumps are checked at breakpoints.
 * Nothing is sampled: the answer is exact up to the 40-digit decimal arithmetic.
 */
export interface CostCurve {
  id: string;
  cost: (s: Decimal) => Decimal;
  /** Scale factors in (lo, hi) where the slope may change or the cost may jump. */
  breakpoints: (lo: Decimal, hi: Decimal) => Decimal[];
  /**
   * Scale factors in (lo, hi) where the cost may jump but the slope stays the same (a
   * self-hosted fleet adding a node: a fixed monthly cost). The segment after such a step
   * keeps the slope of the one before, so it is recovered from one evaluation, not two.
   */
  steps?: (lo: Decimal, hi: Decimal) => Decimal[];
}

/** cost(s) = a + b·s on the open interval (lo, hi). */
export interface Segment {
  lo: Decimal;
  hi: Decimal;
  a: Decimal;
  b: Decimal;
}

export interface Crossing {
  s: Decimal;
  cheaperBelow: string;
  cheaperAbove: string;
  /** "crossing": the curves intersect; "step": one curve jumps past the other. */
  kind: 'crossing' | 'step';
}

export interface EnvelopeRange {
  from: Decimal;
  to: Decimal;
  cheapest: string;
}

function uniqueSorted(values: Decimal[], lo: Decimal, hi: Decimal): Decimal[] {
  const inside = values.filter((v) => v.gt(lo) && v.lt(hi)).sort((x, y) => x.comparedTo(y));
  const out: Decimal[] = [lo];
  for (const v of inside) if (!v.eq(out[out.length - 1]!)) out.push(v);
  out.push(hi);
  return out;
}

/**
 * The curve as linear segments over [lo, hi]. Where the curve cannot be evaluated (for
 * instance a partial price list whose tiers end: `undefinedBeyond(error)` says so), the
 * segments stop at the last breakpoint that could be costed; such ends must be breakpoints.
 *
 * A segment is a + b·s from two evaluations inside it, at its quarter points; a segment that
 * starts at a step (and at no breakpoint) takes b from the segment before it and a from one
 * evaluation at its midpoint.
 */
export function linearise(curve: CostCurve, lo: Decimal, hi: Decimal, undefinedBeyond: (e: unknown) => boolean = () => false): Segment[] {
  const breakpoints = curve.breakpoints(lo, hi);
  const steps = curve.steps?.(lo, hi) ?? [];
  const points = uniqueSorted([...breakpoints, ...steps], lo, hi);
  // equal decimals print the same string: membership by value without a search per point
  const slopeMayChange = new Set(breakpoints.map(String));
  const isStep = new Set(steps.map(String));
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    const before = segments[segments.length - 1];
    if (before && isStep.has(String(p)) && !slopeMayChange.has(String(p))) {
      const m = p.plus(q).div(2);
      let c: Decimal;
      try {
        c = curve.cost(m);
      } catch (e) {
        if (undefinedBeyond(e)) break;
        throw e;
      }
      segments.push({ lo: p, hi: q, a: c.minus(before.b.times(m)), b: before.b });
      continue;
    }
    const w = q.minus(p);
    const m1 = p.plus(w.div(4));
    const m2 = p.plus(w.times(3).div(4));
    let c1: Decimal;
    let c2: Decimal;
    try {
      c1 = curve.cost(m1);
      c2 = curve.cost(m2);
    } catch (e) {
      if (undefinedBeyond(e)) break;
      throw e;
    }
    const b = c2.minus(c1).div(m2.minus(m1));
    segments.push({ lo: p, hi: q, a: c1.minus(b.times(m1)), b });
  }
  return segments;
}

/** The segments cut at `hi` (for comparing curves over their common range). */
export function truncate(segments: Segment[], hi: Decimal): Segment[] {
  return segments.filter((g) => g.lo.lt(hi)).map((g) => (g.hi.gt(hi) ? { ...g, hi } : g));
}

function at(seg: Segment, s: Decimal): Decimal {
  return seg.a.plus(seg.b.times(s));
}

/** The segment whose interval contains s (binary search; segments are sorted and contiguous). */
function segmentAt(segments: Segment[], s: Decimal): Segment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.lo.lte(s)) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** Every point in (lo, hi) where the cheaper of two curves changes. */
export function crossings(idA: string, segA: Segment[], idB: string, segB: Segment[]): Crossing[] {
  const lo = segA[0]!.lo;
  const hi = segA[segA.length - 1]!.hi;
  const points = uniqueSorted([...segA.map((g) => g.lo), ...segB.map((g) => g.lo)], lo, hi);
  const out: Crossing[] = [];
  let lastSign = 0;
  const record = (s: Decimal, signAfter: number, kind: Crossing['kind']): void => {
    out.push({ s, cheaperBelow: signAfter > 0 ? idA : idB, cheaperAbove: signAfter > 0 ? idB : idA, kind });
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    const q = points[i + 1]!;
    const mid = p.plus(q).div(2);
    const ga = segmentAt(segA, mid);
    const gb = segmentAt(segB, mid);
    // d(s) = costA − costB on (p, q)
    const da = ga.a.minus(gb.a);
    const db = ga.b.minus(gb.b);
    const dl = da.plus(db.times(p));
    const dr = da.plus(db.times(q));
    const sl = dl.isZero() ? 0 : dl.isPositive() ? 1 : -1;
    const sr = dr.isZero() ? 0 : dr.isPositive() ? 1 : -1;
    if (sl !== 0 && lastSign !== 0 && sl !== lastSign) record(p, sl, 'step');
    if (sl !== 0 && sr !== 0 && sl !== sr) record(da.negated().div(db), sr, 'crossing');
    if (sl === 0 && sr !== 0 && lastSign !== 0 && sr !== lastSign) record(p, sr, 'crossing');
    if (sr !== 0) lastSign = sr;
    else if (sl !== 0) lastSign = sl;
  }
  return out;
}

/**
 * Which curve is cheapest over which range of s (the lower envelope). `pairCrossings(a, b)`
 * gives the crossings of two of the curves when the caller has them already (the estimate
 * computes every pair's for its break-evens); by default they are computed here.
 */
export function cheapestRanges(
  curves: { id: string; segments: Segment[] }[],
  pairCrossings: (a: { id: string; segments: Segment[] }, b: { id: string; segments: Segment[] }) => Crossing[] = (a, b) =>
    crossings(a.id, a.segments, b.id, b.segments),
): EnvelopeRange[] {
  if (curves.length === 0) return [];
  const lo = curves[0]!.segments[0]!.lo;
  const hi = curves[0]!.segments[curves[0]!.segments.length - 1]!.hi;
  const cuts: Decimal[] = curves.flatMap((c) => c.segments.map((g) => g.lo));
  for (let i = 0; i < curves.length; i++) {
    for (let j = i + 1; j < curves.length; j++) cuts.push(...pairCrossings(curves[i]!, curves[j]!).map((c) => c.s));
  }
  const points = uniqueSorted(cuts, lo, hi);
  const ranges: EnvelopeRange[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const mid = points[i]!.plus(points[i + 1]!).div(2);
    let best = curves[0]!;
    let bestCost = at(segmentAt(best.segments, mid), mid);
    for (const c of curves.slice(1)) {
      const cost = at(segmentAt(c.segments, mid), mid);
      if (cost.lt(bestCost)) {
        best = c;
        bestCost = cost;
      }
    }
    const last = ranges[ranges.length - 1];
    if (last && last.cheapest === best.id) last.to = points[i + 1]!;
    else ranges.push({ from: points[i]!, to: points[i + 1]!, cheapest: best.id });
  }
  return ranges;
}
