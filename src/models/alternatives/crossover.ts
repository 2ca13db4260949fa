import type { Decimal } from '../../money/decimal.js';

/**
 * Exact break-even volumes between cost curves that are piecewise linear in the traffic
 * scale s (with possible jumps, e.g. when a self-hosted fleet adds a node).
 *
 * Each curve says where its slope can change (`breakpoints`) and where it jumps (`steps`); between
 * two of these points the cost is exactly a + b·s, recovered from evaluations at the points. Crossings
 * are then solved in closed form on each interval, and jumps are checked at their points.
 * Nothing is sampled: the answer is exact up to the 40-digit decimal arithmetic.
 */
export interface CostCurve {
  id: string;
  cost: (s: Decimal) => Decimal;
  /**
   * Scale factors in (lo, hi) where the slope may change. The cost is continuous there: it does not jump
   * (a price tier boundary or the end of a free allowance: a tier ladder's cost has no jump at a boundary).
   */
  breakpoints: (lo: Decimal, hi: Decimal) => Decimal[];
  /**
   * Scale factors in (lo, hi) where the cost may jump, by a change of `stepCost` alone (a self-hosted fleet
   * adding a node: a fixed monthly cost); the rest of the cost is continuous across them.
   */
  steps?: (lo: Decimal, hi: Decimal) => Decimal[];
  /**
   * The part of the cost that jumps at the steps (a self-hosted fleet: nodes × hours × price), constant
   * between two consecutive steps and cheap to evaluate. Needed when the curve has steps.
   */
  stepCost?: (s: Decimal) => Decimal;
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
 * The curve as linear segments over [lo, hi]. Its smooth part, cost − stepCost, is one line between two
 * consecutive breakpoints, recovered from its values at the two ends; a breakpoint's value serves the
 * segments on both sides of it (the cost is continuous there), so n breakpoints cost n + 2 evaluations.
 * Steps then cut those lines into segments, each lifted by the step part's level in it (one `stepCost` call
 * each).
 *
 * Where the curve cannot be evaluated (for instance a partial price list whose tiers end:
 * `undefinedBeyond(error)` says so), the segments stop at the last breakpoint that could be costed; such
 * ends must be breakpoints. Where the cost cannot be evaluated at such an end itself (40-digit scaling can
 * put it a hair past the end), the last line comes from a point three quarters of the way instead.
 */
export function linearise(curve: CostCurve, lo: Decimal, hi: Decimal, undefinedBeyond: (e: unknown) => boolean = () => false): Segment[] {
  const steps = curve.steps?.(lo, hi) ?? [];
  const stepCost = curve.stepCost;
  if (steps.length > 0 && stepCost === undefined) throw new RangeError(`${curve.id}: a curve with steps needs stepCost`);
  // the smooth part: the whole cost where nothing steps
  const smooth = (s: Decimal): Decimal | undefined => {
    try {
      const c = curve.cost(s);
      return stepCost ? c.minus(stepCost(s)) : c;
    } catch (e) {
      if (undefinedBeyond(e)) return undefined;
      throw e;
    }
  };
  const kinks = uniqueSorted(curve.breakpoints(lo, hi), lo, hi);
  const lines: Segment[] = [];
  let vp = smooth(lo);
  for (let i = 0; vp !== undefined && i + 1 < kinks.length; i++) {
    const p = kinks[i]!;
    const q = kinks[i + 1]!;
    const vq = smooth(q);
    let b: Decimal;
    if (vq !== undefined) b = vq.minus(vp).div(q.minus(p));
    else {
      const m = p.plus(q.minus(p).times(3).div(4));
      const vm = smooth(m);
      if (vm === undefined) break;
      b = vm.minus(vp).div(m.minus(p));
    }
    lines.push({ lo: p, hi: q, a: vp.minus(b.times(p)), b });
    vp = vq;
  }
  if (stepCost === undefined || lines.length === 0) return lines;
  const end = lines[lines.length - 1]!.hi;
  const cuts = uniqueSorted([...kinks, ...steps], lo, end);
  const segments: Segment[] = [];
  let k = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const p = cuts[i]!;
    const q = cuts[i + 1]!;
    while (k + 1 < lines.length && lines[k]!.hi.lte(p)) k++;
    const line = lines[k]!;
    segments.push({ lo: p, hi: q, a: line.a.plus(stepCost(p.plus(q).div(2))), b: line.b });
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

/**
 * Index of the segment that holds the open interval just above `p`: the last whose start is at or before p.
 * Walks forward from `from` (callers move through p in increasing order, so a whole pass is linear).
 */
function segmentFrom(segments: Segment[], from: number, p: Decimal): number {
  let i = from;
  while (i + 1 < segments.length && segments[i + 1]!.lo.lte(p)) i++;
  return i;
}

/**
 * Every point in (lo, hi) where the cheaper of two curves changes. The two segment lists are walked
 * together: between one segment start and the next (of either curve) both costs are lines.
 */
export function crossings(idA: string, segA: Segment[], idB: string, segB: Segment[]): Crossing[] {
  const hi = segA[segA.length - 1]!.hi;
  const out: Crossing[] = [];
  let lastSign = 0;
  const record = (s: Decimal, signAfter: number, kind: Crossing['kind']): void => {
    out.push({ s, cheaperBelow: signAfter > 0 ? idA : idB, cheaperAbove: signAfter > 0 ? idB : idA, kind });
  };
  let ia = 0;
  let ib = 0;
  for (let p = segA[0]!.lo; p.lt(hi); ) {
    ia = segmentFrom(segA, ia, p);
    ib = segmentFrom(segB, ib, p);
    const ga = segA[ia]!;
    const gb = segB[ib]!;
    // the next segment start of either curve, or hi
    let q = hi;
    const nextA = segA[ia + 1];
    const nextB = segB[ib + 1];
    if (nextA?.lo.lt(q)) q = nextA.lo;
    if (nextB?.lo.lt(q)) q = nextB.lo;
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
    p = q;
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
  // every segment start is a point, so between two points each curve is one line (walked forward)
  const current = curves.map(() => 0);
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    const mid = p.plus(points[i + 1]!).div(2);
    let best = curves[0]!;
    let bestCost: Decimal | undefined;
    for (let k = 0; k < curves.length; k++) {
      const c = curves[k]!;
      current[k] = segmentFrom(c.segments, current[k]!, p);
      const cost = at(c.segments[current[k]!]!, mid);
      if (bestCost === undefined || cost.lt(bestCost)) {
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
