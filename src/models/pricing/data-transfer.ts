import { Decimal, ZERO, min } from '../../money/decimal.js';
import type { Price, PriceBook } from '../../prices/price-book.js';
import { provenance, type LineItem } from '../types.js';
import type { Workload } from '../workload.js';
import { priceBoundaries, tieredLines } from './tiers.js';

/** AWS bills data transfer in GB of 2^30 bytes (its API Gateway examples: 15e9 × 4 KB = 57,220.46 GB). */
export const BYTES_PER_GB = new Decimal(1_073_741_824); // 1024³
const PRICE_ID = 'dto.internet-out';
const FREE_ID = 'free.dto.internet-out';

export function bytesToGb(bytes: Decimal): Decimal {
  return bytes.div(BYTES_PER_GB);
}

/**
 * Data transfer out to the internet for `gb` GB a month: AWS's tiers, or (first-tier mode) the
 * flat first-tier price that AWS's API Gateway pricing examples use; plus, if opted in, the
 * account-wide 100 GB free allowance as its own negative line.
 */
/**
 * The first tier with a price above zero: a price list may open with a $0 tier, which must not
 * become the flat rate or the value of the free allowance.
 */
function firstPaidRate(price: Price): Decimal {
  return (price.tiers.find((t) => t.usdPerUnit.gt(0)) ?? price.tiers[0]!).usdPerUnit;
}

export function dataTransferLines(gb: Decimal, workload: Workload, book: PriceBook): LineItem[] {
  if (gb.isZero()) return [];
  const price = book.get(PRICE_ID);
  const rate = firstPaidRate(price);
  const component = 'Data transfer out to the internet';
  const lines =
    workload.dataTransfer.pricing === 'tiered'
      ? tieredLines(price, gb, component)
      : [
          {
            component,
            tier: 'first-tier price for all GB',
            quantity: gb,
            unit: price.unit,
            unitPrice: rate,
            cost: gb.times(rate),
            source: provenance(price),
            note: 'flat first-tier price, as in AWS API Gateway pricing examples',
          },
        ];
  if (workload.dataTransfer.freeAllowance) {
    const free = book.allowance(FREE_ID);
    const qty = min(free.quantity, gb);
    const unitPrice = rate;
    lines.push({
      component: 'Data transfer out: free allowance',
      tier: `first ${free.quantity.toFixed()} GB`,
      quantity: qty.negated(),
      unit: price.unit,
      unitPrice,
      cost: qty.times(unitPrice).negated(),
      source: { ...provenance(price), url: free.source.url, publicationDate: free.source.publicationDate, status: free.source.status },
      note: free.description,
    });
  }
  return lines;
}

/** GB where the data-transfer marginal price changes: tier boundaries and the end of the free allowance. */
export function dataTransferBoundariesGb(workload: Workload, book: PriceBook): Decimal[] {
  const out: Decimal[] = [];
  if (!book.has(PRICE_ID)) return out;
  if (workload.dataTransfer.pricing === 'tiered') out.push(...priceBoundaries(book.get(PRICE_ID)));
  if (workload.dataTransfer.freeAllowance) out.push(book.allowance(FREE_ID).quantity);
  return out.filter((b) => b.gt(ZERO));
}
