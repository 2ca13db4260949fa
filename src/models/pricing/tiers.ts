import { type Decimal, min, sum } from '../../money/decimal.js';
import { formatVolume } from '../../money/format.js';
import { PriceNotInSnapshotError, type Price, type PriceTier } from '../../prices/price-book.js';
import { provenance, type LineItem } from '../types.js';

/** "first 333M", "next 667M", "over 20B": the labels AWS's calculator uses. */
export function tierLabel(tier: PriceTier, index: number, count: number, unit: string): string | undefined {
  if (count === 1) return undefined;
  const cached = labelCache.get(tier);
  if (cached !== undefined) return cached;
  const label = computeTierLabel(tier, index, unit);
  labelCache.set(tier, label);
  return label;
}

/** Labels depend only on the (immutable) tier, and break-even searches ask for them many times. */
const labelCache = new WeakMap<PriceTier, string>();

function computeTierLabel(tier: PriceTier, index: number, unit: string): string {
  const fmt = unit === 'GB' ? formatGb : formatVolume;
  if (tier.to === undefined) return `over ${fmt(tier.from)}`;
  const width = tier.to.minus(tier.from);
  return index === 0 ? `first ${fmt(width)}` : `next ${fmt(width)}`;
}

/** Data-transfer tiers are set in TB of 1,024 GB ("first 10 TB"). */
function formatGb(gb: Decimal): string {
  return gb.gte(1024) ? `${gb.div(1024).toDecimalPlaces(2).toFixed()} TB` : `${gb.toFixed()} GB`;
}

/**
 * Split a monthly quantity over a price's tiers: one line per tier the quantity reaches
 * (the tier ladder). Quantities beyond the last tier of a partial price list raise
 * PriceNotInSnapshotError rather than being priced at a guessed rate.
 */
export function tieredLines(price: Price, quantity: Decimal, component: string, note?: string): LineItem[] {
  if (quantity.isNegative()) throw new RangeError(`negative quantity for ${price.id}`);
  const lines: LineItem[] = [];
  const count = price.tiers.length;
  for (let i = 0; i < count; i++) {
    const tier = price.tiers[i]!;
    if (quantity.lte(tier.from) && !(i === 0 && quantity.isZero())) break;
    const upper = tier.to === undefined ? quantity : min(quantity, tier.to);
    const inTier = upper.minus(tier.from);
    const line: LineItem = {
      component,
      tier: tierLabel(tier, i, count, price.unit),
      quantity: inTier,
      unit: price.unit,
      unitPrice: tier.usdPerUnit,
      cost: inTier.times(tier.usdPerUnit),
      source: provenance(price),
    };
    if (note !== undefined) line.note = note;
    lines.push(line);
  }
  const last = price.tiers[count - 1]!;
  if (last.to !== undefined && quantity.gt(last.to)) {
    throw new PriceNotInSnapshotError(
      price.id,
      price.region,
      `the snapshot's tiers end at ${formatVolume(last.to)} ${price.unit}s, the input needs ${formatVolume(quantity)}`,
    );
  }
  return lines;
}

/** Tiered cost of a quantity (the sum of `tieredLines`). */
export function tieredCost(price: Price, quantity: Decimal): Decimal {
  return sum(tieredLines(price, quantity, price.id).map((l) => l.cost));
}

/** A flat (single-tier) price: one line. */
export function flatLine(price: Price, quantity: Decimal, component: string, note?: string): LineItem {
  const lines = tieredLines(price, quantity, component, note);
  if (lines.length !== 1 || price.tiers.length !== 1) {
    throw new RangeError(`${price.id} is tiered; use tieredLines`);
  }
  return lines[0]!;
}

/**
 * Quantities (in the price's own unit) where the marginal price changes: each tier start
 * after the first, and the end of the last tier when a partial price list stops there.
 */
export function priceBoundaries(price: Price): Decimal[] {
  const last = price.tiers[price.tiers.length - 1]!;
  return [...price.tiers.slice(1).map((t) => t.from), ...(last.to !== undefined ? [last.to] : [])];
}
