import { Decimal } from '../../money/decimal.js';
import type { Distribution } from './distribution.js';

/** Expected billed units per request (or message) from a size distribution, in decimal arithmetic. */
export interface ExpectedUnits {
  value: Decimal;
  /** True when part of the distribution lies beyond its last given point: that mass is placed at `cap`, so `value` is an upper value. */
  atMost: boolean;
}

/**
 * AWS meters each HTTP API request in 512 KB increments and each WebSocket message in 32 KB
 * increments (https://aws.amazon.com/api-gateway/pricing/): a request of size S counts
 * max(1, ⌈S / u⌉) times. Over a distribution, E[max(1, ⌈S/u⌉)] = 1 + Σ_{j ≥ 1, j·u < cap} P(S > j·u),
 * which is what a mix of sizes is billed per request on average, unlike ⌈mean / u⌉.
 * The CDF is read linearly between the given points, as the payload analysis reads it; all in
 * Decimal, so 90 % at 10 KB and 10 % at 1.5 MB gives exactly 1.2.
 */
export function expectedMeteredUnits(d: Distribution, unitBytes: number, capBytes: number): ExpectedUnits {
  const pts = d.points.map((p) => ({ x: new Decimal(p.x), f: new Decimal(p.f) }));
  const last = pts[pts.length - 1]!;
  const unit = new Decimal(unitBytes);
  let value = new Decimal(1);
  let atMost = false;
  for (let j = 1; unit.times(j).lt(capBytes); j++) {
    const x = unit.times(j);
    let above: Decimal;
    if (x.gte(last.x)) {
      // beyond the last point: the rest of the mass (if any) is unknown, placed at the cap
      above = new Decimal(1).minus(last.f);
      if (above.gt(0)) atMost = true;
    } else {
      above = new Decimal(1).minus(cdfAt(pts, x));
    }
    if (above.lte(0)) {
      if (x.gte(last.x)) break;
      continue;
    }
    value = value.plus(above);
  }
  return { value, atMost };
}

/** F(x) for x below the last point: linear between points; at a vertical step (equal x), the higher value. */
function cdfAt(pts: ReadonlyArray<{ x: Decimal; f: Decimal }>, x: Decimal): Decimal {
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (x.lt(b.x)) return b.x.eq(a.x) ? b.f : a.f.plus(b.f.minus(a.f).times(x.minus(a.x)).div(b.x.minus(a.x)));
  }
  return pts[pts.length - 1]!.f;
}
