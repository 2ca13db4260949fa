import type { Decimal } from '../money/decimal.js';
import type { Price } from '../prices/price-book.js';

/** Where a line's price came from: enough to find it in AWS's price list. */
export interface PriceProvenance {
  priceId: string;
  region: string;
  service: string;
  usageType: string;
  sku: string | undefined;
  url: string;
  publicationDate: string;
  status: string;
}

/** One billed line: quantity × unit price = cost, traced to a price and a tier. */
export interface LineItem {
  /** What is billed, e.g. "REST API requests". */
  component: string;
  /** The tier of the price ladder, e.g. "first 333M" (absent for flat prices). */
  tier: string | undefined;
  quantity: Decimal;
  unit: string;
  unitPrice: Decimal;
  cost: Decimal;
  source: PriceProvenance;
  note?: string;
  /**
   * Which APIs the line is for, with their weights: its cost is split among them in proportion
   * (cost per API). Tiered lines carry every API's share of the tiered quantity, so the tiered
   * cost is split in proportion to use. Absent: not attributable to one API (e.g. the IdP).
   */
  shares?: ApiShare[];
}

/** One API's weight in a line's cost (its quantity, or 1 for an even split of a shared fixed cost). */
export interface ApiShare {
  /** "name" or "name/stage". */
  api: string;
  weight: Decimal;
}

export interface Finding {
  /** Stable SCREAMING_SNAKE code, e.g. PAYLOAD_OVER_ALB_LAMBDA_LIMIT. */
  code: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The monthly cost of one way to build the API. */
export interface PricedOption {
  id: string;
  label: string;
  priced: true;
  total: Decimal;
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
  /** Each API's share of the bill (API Gateway options with several APIs). */
  byApi?: { apis: { api: string; cost: Decimal }[]; unattributed: Decimal };
}

/** An option the snapshot cannot price (e.g. a partial regional snapshot). */
export interface UnpricedOption {
  id: string;
  label: string;
  priced: false;
  reason: string;
  assumptions: string[];
  findings: Finding[];
}

export type OptionEstimate = PricedOption | UnpricedOption;

export function provenance(price: Price): PriceProvenance {
  return {
    priceId: price.id,
    region: price.region,
    service: price.service,
    usageType: price.usageType,
    sku: price.sku,
    url: price.source.url,
    publicationDate: price.source.publicationDate,
    status: price.source.status,
  };
}

/** Provenance of a price the user typed (an external IdP, an hourly labour rate): not AWS's. */
export function userInputProvenance(priceId: string, region: string, service: string, usageType: string): PriceProvenance {
  return { priceId, region, service, usageType, sku: undefined, url: 'user input', publicationDate: 'n/a', status: 'user-input' };
}
