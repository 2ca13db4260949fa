import { Decimal } from '../../money/decimal.js';
import type { PriceTierJson } from '../../prices/schema.js';

/**
 * One PriceList entry of GetProducts
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html): a JSON string per product with its
 * attributes and terms. Only the parts the snapshot needs are read; prices stay decimal strings.
 */
export interface PriceDimension {
  rateCode?: string;
  description?: string;
  beginRange?: string;
  endRange?: string;
  unit?: string;
  pricePerUnit?: Record<string, string>;
}

export interface OfferTerm {
  offerTermCode?: string;
  sku?: string;
  effectiveDate?: string;
  priceDimensions?: Record<string, PriceDimension>;
}

export interface PriceListItem {
  serviceCode: string;
  publicationDate: string;
  product: { sku: string; productFamily?: string; attributes: Record<string, string> };
  terms: { OnDemand?: Record<string, OfferTerm> };
}

/** The standard on-demand offer term code. */
export const ON_DEMAND_TERM = 'JRTCKXETXF';

/** A PriceList entry as the SDK hands it over (a JSON string, or already an object) → the item, or why not. */
export function parsePriceListItem(raw: unknown): { item: PriceListItem } | { problem: string } {
  let value: unknown = raw;
  if (
    typeof raw === 'string' ||
    (raw !== null && typeof raw === 'object' && !('product' in raw) && typeof (raw as object).toString === 'function')
  ) {
    try {
      value = JSON.parse(String(raw));
    } catch {
      return { problem: 'a PriceList entry is not valid JSON' };
    }
  }
  const v = value as Partial<PriceListItem> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    !v.product ||
    typeof v.product.sku !== 'string' ||
    !v.product.attributes ||
    typeof v.product.attributes !== 'object'
  ) {
    return { problem: 'a PriceList entry has no product.sku or product.attributes' };
  }
  return {
    item: {
      serviceCode: typeof v.serviceCode === 'string' ? v.serviceCode : '',
      publicationDate: typeof v.publicationDate === 'string' ? v.publicationDate : '',
      product: { sku: v.product.sku, productFamily: v.product.productFamily, attributes: v.product.attributes },
      terms: { OnDemand: v.terms?.OnDemand },
    },
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A price-list decimal string in the snapshot's form, without going through a float:
 * "0.0000035000" → "0.0000035", "5.00" → "5", "0.0000000000" → "0", "0333" → "333".
 * undefined when it is not a non-negative decimal.
 */
export function normaliseDecimal(s: string): string | undefined {
  const t = s.trim();
  if (!DECIMAL.test(t)) return undefined;
  let [int, frac = ''] = t.split('.') as [string, string?];
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

export interface RawTier {
  from: string;
  /** null = "Inf". */
  to: string | null;
  usdPerUnit: string;
  rateCode: string;
}

/** The on-demand term of an item: JRTCKXETXF, or the only one there is. */
export function onDemandTerm(item: PriceListItem): { term: OfferTerm; note?: string } | { problem: string } {
  const terms = Object.entries(item.terms.OnDemand ?? {});
  if (terms.length === 0) return { problem: `SKU ${item.product.sku} has no OnDemand term` };
  const standard = terms.find(([key, t]) => t.offerTermCode === ON_DEMAND_TERM || key.endsWith(`.${ON_DEMAND_TERM}`));
  if (standard) return { term: standard[1] };
  if (terms.length === 1)
    return {
      term: terms[0]![1],
      note: `SKU ${item.product.sku}: on-demand term ${terms[0]![1].offerTermCode ?? terms[0]![0]} used (no ${ON_DEMAND_TERM})`,
    };
  return { problem: `SKU ${item.product.sku} has ${terms.length} OnDemand terms and none is ${ON_DEMAND_TERM}` };
}

/**
 * The USD price dimensions of the on-demand term as tiers sorted by beginRange. Dimensions
 * without a USD price or with ranges that are not decimals are skipped, each with a note.
 */
export function rawTiers(item: PriceListItem): { tiers: RawTier[]; notes: string[] } | { problem: string } {
  const t = onDemandTerm(item);
  if ('problem' in t) return t;
  const notes = t.note ? [t.note] : [];
  const tiers: RawTier[] = [];
  for (const [key, d] of Object.entries(t.term.priceDimensions ?? {})) {
    const rateCode = d.rateCode ?? key;
    const usd = d.pricePerUnit?.USD === undefined ? undefined : normaliseDecimal(d.pricePerUnit.USD);
    const from = normaliseDecimal(d.beginRange ?? '0');
    const to = d.endRange === undefined || d.endRange === 'Inf' ? null : normaliseDecimal(d.endRange);
    if (usd === undefined || from === undefined || to === undefined) {
      notes.push(
        `SKU ${item.product.sku}: price dimension ${rateCode} skipped (${usd === undefined ? `no USD price: ${JSON.stringify(d.pricePerUnit ?? {})}` : `range ${d.beginRange}–${d.endRange}`})`,
      );
      continue;
    }
    tiers.push({ from, to, usdPerUnit: usd, rateCode });
  }
  if (tiers.length === 0) return { problem: `SKU ${item.product.sku} has no usable USD price dimension` };
  tiers.sort((a, b) => new Decimal(a.from).comparedTo(new Decimal(b.from)) || a.rateCode.localeCompare(b.rateCode));
  return { tiers, notes };
}

/**
 * Put a free first range [0, freeTo) back in front of the price list's tiers (Cognito's free
 * MAU are not in the price list): the tiers are clipped to start at freeTo.
 */
export function overlayFreeTier(tiers: RawTier[], freeTo: string): RawTier[] {
  const edge = new Decimal(freeTo);
  const rest = tiers
    .filter((t) => t.to === null || new Decimal(t.to).gt(edge))
    .map((t) => (new Decimal(t.from).lt(edge) ? { ...t, from: normaliseDecimal(edge.toFixed())! } : t));
  return [{ from: '0', to: freeTo, usdPerUnit: '0', rateCode: 'free-tier' }, ...rest];
}

/** Tiers that start at 0 and are contiguous, only the last open-ended, in the snapshot's form; or why not. */
export function checkTiers(tiers: RawTier[]): { tiers: PriceTierJson[] } | { problem: string } {
  if (tiers[0]?.from !== '0') return { problem: `the first price dimension starts at ${tiers[0]?.from ?? '?'}, not 0` };
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    const next = tiers[i + 1];
    if (t.to !== null && !new Decimal(t.to).gt(new Decimal(t.from)))
      return { problem: `price dimension ${t.rateCode} ends (${t.to}) before it starts (${t.from})` };
    if (next && (t.to === null || !new Decimal(t.to).eq(new Decimal(next.from)))) {
      return { problem: `price dimensions overlap or leave a gap: ${t.from}–${t.to ?? 'Inf'} then ${next.from}–${next.to ?? 'Inf'}` };
    }
  }
  return { tiers: tiers.map((t) => ({ from: t.from, to: t.to, usdPerUnit: t.usdPerUnit })) };
}

/** "2025-11-02T18:24:43Z" → "2025-11-02". */
export function publicationDay(item: PriceListItem): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(item.publicationDate);
  return m ? m[1] : undefined;
}
