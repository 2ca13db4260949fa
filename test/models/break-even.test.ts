import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.js';
import { cheapestRanges, crossings, linearise, type CostCurve, type Segment } from '../../src/models/alternatives/crossover.js';
import { costCurve, costOption, estimate, totalOf, type OptionId } from '../../src/models/estimate.js';
import { tieredCost } from '../../src/models/pricing/tiers.js';
import { scaleWorkload } from '../../src/models/traffic.js';
import { loadPriceBook } from '../../src/prices/load.js';
import { baseWorkload, defaultAlternatives, emptyApi } from '../../src/scenario/defaults.js';

const book = await loadPriceBook('us-east-1');
const d = (x: number | string) => new Decimal(x);
const range = { lo: d('0.001'), hi: d(1000) };

/**
 * The reference for `linearise`: every breakpoint and step of the curve treated alike, and each segment's line
 * read from the cost at two points inside it (its quarter points), the curve a black box. Written here, apart
 * from src/, as the method the search used before it shared evaluations; it stops where the cost cannot be read.
 */
function twoPointLinearise(
  cost: (s: Decimal) => Decimal,
  cuts: Decimal[],
  lo: Decimal,
  hi: Decimal,
  beyond = (_: unknown) => false,
): Segment[] {
  const inside = cuts.filter((v) => v.gt(lo) && v.lt(hi)).sort((x, y) => x.comparedTo(y));
  const points = [lo, ...inside.filter((v, i) => i === 0 || !v.eq(inside[i - 1]!)), hi];
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [p, q] = [points[i]!, points[i + 1]!];
    const m1 = p.plus(q.minus(p).div(4));
    const m2 = p.plus(q.minus(p).times(3).div(4));
    let c1: Decimal;
    let c2: Decimal;
    try {
      [c1, c2] = [cost(m1), cost(m2)];
    } catch (e) {
      if (beyond(e)) break;
      throw e;
    }
    const b = c2.minus(c1).div(m2.minus(m1));
    out.push({ lo: p, hi: q, a: c1.minus(b.times(m1)), b });
  }
  return out;
}

const text = (g: Segment[]) => g.map((x) => [x.lo, x.hi, x.a, x.b].map((v) => v.toFixed()).join(' '));

describe('crossover solver on known curves', () => {
  const line = (id: string, a: number, b: number): CostCurve => ({ id, cost: (s) => d(a).plus(d(b).times(s)), breakpoints: () => [] });
  const lo = d(0);
  const hi = d(100);

  it('finds the exact intersection of two lines', () => {
    // 10 + 2s = 40 + 0.5s  →  s = 20
    const a = linearise(line('a', 10, 2), lo, hi);
    const b = linearise(line('b', 40, 0.5), lo, hi);
    expect(crossings('a', a, 'b', b)).toEqual([{ s: d(20), cheaperBelow: 'a', cheaperAbove: 'b', kind: 'crossing' }]);
  });

  it('finds where a step function jumps past a line', () => {
    // c = 5 up to s = 30, then 50; the line 20 + 0.5s is 35 at s = 30 (the step jumps past it)
    // and reaches 50 at s = 60 (the line crosses back above the step)
    const level = (s: Decimal) => (s.lte(30) ? d(5) : d(50));
    const step: CostCurve = { id: 'step', cost: level, breakpoints: () => [], steps: () => [d(30)], stepCost: level };
    const st = linearise(step, lo, hi);
    const ln = linearise(line('line', 20, 0.5), lo, hi);
    expect(crossings('step', st, 'line', ln)).toEqual([
      { s: d(30), cheaperBelow: 'step', cheaperAbove: 'line', kind: 'step' },
      { s: d(60), cheaperBelow: 'line', cheaperAbove: 'step', kind: 'crossing' },
    ]);
  });

  it('a curve with steps is costed whole only at its breakpoints and ends, its steps by stepCost, and the segments are the two-point ones', () => {
    // 3 + 0.5s, plus 1.5 per unit above s = 50 (a kink at a jump); plus 10 for every started 10 of s (the steps)
    const smooth = (s: Decimal) =>
      d(3)
        .plus(s.times('0.5'))
        .plus(s.gt(50) ? s.minus(50).times('1.5') : d(0));
    const stepPart = (s: Decimal) => s.div(10).ceil().times(10);
    const cost = (s: Decimal) => smooth(s).plus(stepPart(s));
    let evaluations = 0;
    let stepEvaluations = 0;
    const jumps = [10, 20, 30, 40, 50, 60, 70, 80, 90].map(d);
    const segments = linearise(
      {
        id: 'c',
        cost: (s) => {
          evaluations++;
          return cost(s);
        },
        breakpoints: () => [d(50)],
        steps: () => jumps,
        stepCost: (s) => {
          stepEvaluations++;
          return stepPart(s);
        },
      },
      lo,
      hi,
    );
    expect(evaluations).toBe(3); // lo, the kink at 50, hi
    expect(stepEvaluations).toBe(3 + 10); // at those three, then once per segment
    expect(text(segments)).toEqual(text(twoPointLinearise(cost, [...jumps, d(50)], lo, hi)));
    // and each segment is the curve: checked inside every segment against the cost function itself
    for (const g of segments) {
      const s = g.lo.plus(g.hi.minus(g.lo).times('0.37'));
      expect(g.a.plus(g.b.times(s)).toFixed()).toBe(cost(s).toFixed());
    }
    expect(segments.map((g) => g.b.toFixed())).toEqual([...Array(5).fill('0.5'), ...Array(5).fill('2')]);
  });

  it("without steps, a breakpoint's value serves the segments on both sides: n breakpoints cost n + 2 evaluations", () => {
    // kinks at 20 and 50 (slope 0.5 → 1.5 → 0.25), no jump
    const smooth = (s: Decimal) =>
      d(4)
        .plus(s.times('0.5'))
        .plus(Decimal.max(0, s.minus(20)))
        .minus(Decimal.max(0, s.minus(50)).times('1.25'));
    let evaluations = 0;
    const plain = linearise(
      {
        id: 'p',
        cost: (s) => {
          evaluations++;
          return smooth(s);
        },
        breakpoints: () => [d(20), d(50)],
      },
      lo,
      hi,
    );
    expect(evaluations).toBe(4);
    expect(plain.map((g) => [g.a, g.b].map((v) => v.toFixed()).join(' '))).toEqual(['4 0.5', '-16 1.5', '46.5 0.25']);
    expect(text(plain)).toEqual(text(twoPointLinearise(smooth, [d(20), d(50)], lo, hi)));
  });

  it('a curve stops where its prices end, as the two-point method does', () => {
    class Beyond extends Error {}
    // priced up to s = 30 (a partial price list): evaluating exactly there may fail, as 40-digit scaling can overshoot
    const cost = (s: Decimal) => {
      if (s.gte(30)) throw new Beyond();
      return d(2)
        .plus(s.times(s.lt(10) ? 1 : 2))
        .minus(s.lt(10) ? 0 : 10);
    };
    const beyond = (e: unknown) => e instanceof Beyond;
    const segments = linearise({ id: 'c', cost, breakpoints: () => [d(10), d(30)] }, lo, hi, beyond);
    expect(text(segments)).toEqual(['0 10 2 1', '10 30 -8 2']);
    expect(text(segments)).toEqual(text(twoPointLinearise(cost, [d(10), d(30)], lo, hi, beyond)));
  });

  it('reports nothing for parallel or identical curves and builds the cheapest-by-range envelope', () => {
    const a = linearise(line('a', 10, 1), lo, hi);
    const b = linearise(line('b', 10, 1), lo, hi);
    const c = linearise(line('c', 20, 1), lo, hi);
    expect(crossings('a', a, 'b', b)).toEqual([]);
    expect(crossings('a', a, 'c', c)).toEqual([]);
    const e = linearise(line('e', 0, 3), lo, hi); // cheapest until s = 5 (0 + 3s = 10 + s)
    expect(
      cheapestRanges([
        { id: 'a', segments: a },
        { id: 'e', segments: e },
      ]),
    ).toEqual([
      { from: d(0), to: d(5), cheapest: 'e' },
      { from: d(5), to: d(100), cheapest: 'a' },
    ]);
  });
});

describe("property: each option's curve, as the break-even search reads it, is the two-point method's", () => {
  // the reference: every option costed as a black box at two points inside each segment (twoPointLinearise,
  // the method before evaluations were shared); segments must match to 30 significant digits
  const options: OptionId[] = ['rest', 'http', 'alb-sso', 'self-hosted'];
  it.each(options)('%s', (id) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 5_000_000_000 }),
        fc.integer({ min: 0, max: 600 * 1024 }),
        fc.integer({ min: 0, max: 64 * 1024 }),
        fc.boolean(),
        fc.constantFrom('ec2', 'fargate'),
        (requests, reqBytes, respBytes, freeTier, compute) => {
          const api = { ...emptyApi('api'), requestsPerMonth: d(requests), requestBytes: d(reqBytes), responseBytes: d(respBytes) };
          const w = baseWorkload([api], {
            freeTier: freeTier ? 'legacy12m' : 'none',
            dataTransfer: { pricing: 'tiered', freeAllowance: freeTier },
          });
          const alt = defaultAlternatives();
          alt.selfHosted.compute = compute as 'ec2' | 'fargate';
          const curve = costCurve(id, w, alt, book);
          // a narrower range than the estimate's keeps the self-hosted steps few (the estimate bounds them too)
          const [l, h] = [d('0.01'), d(50)];
          const shared = linearise(curve, l, h);
          const reference = twoPointLinearise(curve.cost, [...curve.breakpoints(l, h), ...(curve.steps?.(l, h) ?? [])], l, h);
          expect(shared.map((g) => [g.lo, g.hi].map(String))).toEqual(reference.map((g) => [g.lo, g.hi].map(String)));
          for (let i = 0; i < shared.length; i++) {
            for (const k of ['a', 'b'] as const) {
              const [x, y] = [shared[i]![k], reference[i]![k]];
              expect(
                x
                  .minus(y)
                  .abs()
                  .lte(Decimal.max(x.abs(), y.abs(), 1).times('1e-30')),
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 12, seed: 20261130 },
    );
  });
});

describe('property: cost never decreases as volume grows', () => {
  const options: OptionId[] = ['rest', 'http', 'alb-sso', 'self-hosted'];
  it.each(options)('%s', (id) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000_000_000 }),
        fc.integer({ min: 1, max: 2_000_000_000_000 }),
        fc.integer({ min: 0, max: 600 * 1024 }),
        fc.integer({ min: 0, max: 64 * 1024 }),
        fc.boolean(),
        (v1, v2, reqBytes, respBytes, freeTier) => {
          const [small, large] = v1 <= v2 ? [v1, v2] : [v2, v1];
          const api = { ...emptyApi('api'), requestsPerMonth: d(small), requestBytes: d(reqBytes), responseBytes: d(respBytes) };
          const w = baseWorkload([api], {
            freeTier: freeTier ? 'legacy12m' : 'none',
            dataTransfer: { pricing: 'tiered', freeAllowance: freeTier },
          });
          const alt = defaultAlternatives();
          const a = totalOf(costOption(id, w, alt, book).lines);
          const b = totalOf(costOption(id, scaleWorkload(w, d(large).div(small)), alt, book).lines);
          return b.gte(a);
        },
      ),
      { numRuns: 150, seed: 20261124 },
    );
  });
});

describe('property: tier boundaries are continuous', () => {
  const tiered = book.all().filter((p) => p.tiers.length > 1);
  it.each(tiered.map((p) => [p.id, p] as const))('%s', (_id, price) => {
    for (let i = 1; i < price.tiers.length; i++) {
      const b = price.tiers[i]!.from;
      const delta = d('0.000001');
      const at = tieredCost(price, b);
      // approaching from below adds the lower tier's price, from above the upper tier's: no jump
      expect(at.minus(tieredCost(price, b.minus(delta))).toFixed()).toBe(delta.times(price.tiers[i - 1]!.usdPerUnit).toFixed());
      expect(tieredCost(price, b.plus(delta)).minus(at).toFixed()).toBe(delta.times(price.tiers[i]!.usdPerUnit).toFixed());
    }
  });
});

describe('property: a break-even volume, when costed, gives equal totals', () => {
  it('for random workloads and alternatives', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 5_000_000_000 }),
        fc.integer({ min: 100, max: 400 * 1024 }),
        fc.integer({ min: 100, max: 32 * 1024 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.boolean(),
        (requests, reqBytes, respBytes, rules, mau, free) => {
          const api = { ...emptyApi('api'), requestsPerMonth: d(requests), requestBytes: d(reqBytes), responseBytes: d(respBytes) };
          const w = baseWorkload([api], { freeTier: free ? 'legacy12m' : 'none' });
          const alt = defaultAlternatives();
          alt.alb.rules = rules;
          alt.sso.mau = d(mau);
          const est = estimate({
            workload: w,
            alternatives: alt,
            options: ['rest', 'http', 'alb-sso', 'self-hosted'],
            book,
            breakEvenRange: range,
          });
          for (const be of est.breakEvens) {
            const [a, b] = be.between.map((id) => (s: Decimal) => totalOf(costOption(id, scaleWorkload(w, s), alt, book).lines));
            if (be.kind === 'crossing') {
              expect(a!(be.s).minus(b!(be.s)).abs().lt('1e-12')).toBe(true);
            } else {
              // a step: the order of the two options flips across the break-even volume
              const eps = be.s.times('1e-9');
              const below = a!(be.s.minus(eps)).minus(b!(be.s.minus(eps)));
              const above = a!(be.s.plus(eps)).minus(b!(be.s.plus(eps)));
              expect(below.isNegative() !== above.isNegative()).toBe(true);
            }
            checked++;
          }
        },
      ),
      { numRuns: 40, seed: 42 },
    );
    expect(checked).toBeGreaterThan(20);
  }, 60_000); // CPU-bound and fixed in size: on a loaded 2-core machine it can take over 20 s (main too)

  it('options tied below a free allowance have no break-even there: REST and HTTP with the legacy free tier', () => {
    // below 1M requests a month both cost the same (their requests are free); above, HTTP is cheaper. Neither is
    // cheaper below, so no crossing (the two-point method read a 1e-31 difference as "REST cheaper below 1M")
    const api = { ...emptyApi('api'), requestsPerMonth: d(100_012), requestBytes: d(240_033), responseBytes: d(108) };
    const w = baseWorkload([api], { freeTier: 'legacy12m' });
    const alt = defaultAlternatives();
    const est = estimate({ workload: w, alternatives: alt, options: ['rest', 'http'], book, breakEvenRange: range });
    const cost = (id: OptionId, s: string) => totalOf(costOption(id, scaleWorkload(w, d(s)), alt, book).lines);
    expect(cost('rest', '9.9').eq(cost('http', '9.9'))).toBe(true);
    expect(cost('rest', '10.1').gt(cost('http', '10.1'))).toBe(true);
    expect(est.breakEvens).toEqual([]);
    expect(est.cheapestByVolume.map((r) => [r.cheapest, r.fromVolume.toFixed(0), r.toVolume.toFixed(0)])).toEqual([
      ['rest', '100', '1000000'],
      ['http', '1000000', '100012000'],
    ]);
  });

  it('HTTP API vs ALB + SSO at 50M: the crossing volume costs the same to the cent', () => {
    const api = { ...emptyApi('api'), requestsPerMonth: d(50_000_000) };
    const w = baseWorkload([api]);
    const alt = defaultAlternatives();
    const est = estimate({ workload: w, alternatives: alt, options: ['http', 'alb-sso'], book, breakEvenRange: range });
    expect(est.breakEvens).toHaveLength(1);
    const be = est.breakEvens[0]!;
    expect([be.cheaperBelow, be.cheaperAbove]).toEqual(['http', 'alb-sso']);
    const at = scaleWorkload(w, be.s);
    const http = totalOf(costOption('http', at, alt, book).lines);
    const albSso = totalOf(costOption('alb-sso', at, alt, book).lines);
    expect(http.toFixed(2)).toBe(albSso.toFixed(2));
    expect(est.cheapestByVolume.map((r) => r.cheapest)).toEqual(['http', 'alb-sso']);
  });
});
