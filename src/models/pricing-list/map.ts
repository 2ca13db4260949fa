import { Decimal } from '../../money/decimal.js';
import type { PriceItemJson, PriceTierJson } from '../../prices/schema.js';
import { usageSuffix } from './billing-codes.js';
import { CACHE_CLUSTER_SIZES, PRICE_SPECS, type PriceListQuery, type PriceSpec } from './catalog.js';
import { checkTiers, overlayFreeTier, parsePriceListItem, publicationDay, rawTiers, type PriceListItem } from './item.js';

/** What one query brought back: its PriceList entries (all pages), as the SDK handed them over. */
export interface QueryAnswer {
  query: PriceListQuery;
  /** The filter set that returned products (index into query.attempts), or undefined when none did. */
  attempt: number | undefined;
  entries: unknown[];
}

export interface MapOptions {
  region: string;
  /** The Region's billing code, the prefix of its usage types ("EU" for eu-west-1). */
  billingCode: string;
  /** Bundled prices of the same Region, for free first tiers the price list does not carry. */
  bundled?: readonly PriceItemJson[];
  specs?: readonly PriceSpec[];
}

export interface MapResult {
  prices: PriceItemJson[];
  /** Price ids the price list did not give (with the reason). */
  missing: Array<{ id: string; reason: string }>;
  /** Skipped products and dimensions, nearest-size matches, carried-over free tiers. */
  notes: string[];
}

export function sourceUrl(serviceCode: string): string {
  return `AWS Price List API GetProducts (${serviceCode})`;
}

/** The API cacheClusterSize nearest to a price-list cacheMemorySizeGb ("1.55" → "1.6"), within 10 %; else undefined. */
export function nearestCacheSize(memoryGb: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(memoryGb.trim())) return undefined;
  const v = new Decimal(memoryGb.trim());
  let best: { size: string; dist: Decimal } | undefined;
  for (const size of CACHE_CLUSTER_SIZES) {
    const dist = v.minus(size).abs();
    if (!best || dist.lt(best.dist)) best = { size, dist };
  }
  return best?.dist.lte(new Decimal(best.size).times('0.1')) ? best.size : undefined;
}

/** Which spec of a service-wide query a product is, if any. */
function specForProduct(
  item: PriceListItem,
  specs: readonly PriceSpec[],
  region: string,
  code: string,
): { spec: PriceSpec; note?: string } | undefined {
  const a = item.product.attributes;
  const family = item.product.productFamily ?? a.productFamily;
  const memory = a.cacheMemorySizeGb;
  const suffix = a.usagetype === undefined ? undefined : usageSuffix(region, code, a.usagetype);
  if (memory !== undefined || family === 'Amazon API Gateway Cache') {
    // the usage type names the size ("ApiGatewayCacheUsage:1.55GB"); else the nearest cacheMemorySizeGb
    const byLabel = specs.find((s) => s.cacheSizeGb !== undefined && s.usageSuffix === suffix);
    if (byLabel) return { spec: byLabel };
    const size = memory === undefined ? undefined : nearestCacheSize(memory);
    const spec = size === undefined ? undefined : specs.find((s) => s.cacheSizeGb === size);
    if (!spec) return undefined;
    return {
      spec,
      ...(memory !== size ? { note: `price-list cacheMemorySizeGb ${memory} mapped to cacheClusterSize ${size} (nearest size)` } : {}),
    };
  }
  const spec = specs.find(
    (s) => s.usageSuffix !== undefined && s.usageSuffix === suffix && (s.productFamily === undefined || s.productFamily === family),
  );
  return spec ? { spec } : undefined;
}

/** Does a product satisfy a per-price spec (the server filtered already; this guards against a loose filter)? */
function fitsSpec(item: PriceListItem, spec: PriceSpec, region: string, code: string): boolean {
  const a = item.product.attributes;
  if (spec.usageSuffix !== undefined && (a.usagetype === undefined || usageSuffix(region, code, a.usagetype) !== spec.usageSuffix))
    return false;
  if (spec.productFamily !== undefined && (item.product.productFamily ?? a.productFamily) !== spec.productFamily) return false;
  for (const [k, v] of Object.entries(spec.attributes ?? {})) if (a[k] !== v) return false;
  if (spec.regionFilter !== false && a.regionCode !== undefined && a.regionCode !== region) return false;
  return true;
}

/** One product → the snapshot's price item for a spec; or why not. */
export function toPriceItem(
  item: PriceListItem,
  spec: PriceSpec,
  opts: { bundled?: PriceItemJson; note?: string } = {},
): { price: PriceItemJson; notes: string[] } | { problem: string } {
  const day = publicationDay(item);
  if (!day) return { problem: `SKU ${item.product.sku} has no publicationDate` };
  const raw = rawTiers(item);
  if ('problem' in raw) return raw;
  const notes = [...raw.notes];
  let tiers = raw.tiers;
  // Free first tiers (Cognito's 10,000 MAU) are not in the price list: carried over from the bundled price.
  const free = freeFirstTier(opts.bundled?.tiers);
  let carried = false;
  if (free && (tiers[0]!.from !== '0' || !new Decimal(tiers[0]!.usdPerUnit).isZero())) {
    tiers = overlayFreeTier(tiers, free);
    carried = true;
    notes.push(`${spec.id}: first ${free} ${spec.unit} free carried over from the bundled snapshot (not in the price list)`);
  }
  const checked = checkTiers(tiers);
  if ('problem' in checked) return { problem: `SKU ${item.product.sku}: ${checked.problem}` };
  const a = item.product.attributes;
  const family = item.product.productFamily ?? a.productFamily;
  const sourceNotes = [opts.note, carried ? `first ${free} ${spec.unit} free: carried over from the bundled snapshot` : undefined].filter(
    (n): n is string => Boolean(n),
  );
  const price: PriceItemJson = {
    id: spec.id,
    service: spec.serviceCode,
    ...(family ? { productFamily: family } : {}),
    usageType: a.usagetype ?? '',
    sku: item.product.sku,
    unit: spec.unit,
    description: spec.description,
    tiers: checked.tiers,
    source: {
      url: sourceUrl(item.serviceCode || spec.serviceCode),
      publicationDate: day,
      status: 'pricing-api',
      ...(sourceNotes.length ? { note: sourceNotes.join('; ') } : {}),
    },
  };
  if (!price.usageType) return { problem: `SKU ${item.product.sku} has no usagetype` };
  return { price, notes };
}

function freeFirstTier(tiers: readonly PriceTierJson[] | undefined): string | undefined {
  const first = tiers?.[0];
  return first && first.to !== null && new Decimal(first.usdPerUnit).isZero() ? first.to : undefined;
}

/**
 * Every query's products → the snapshot's prices, in catalog order. A price with no product,
 * with several products that fit (ambiguous), or with dimensions that do not form tiers is left
 * out and listed in `missing`; skipped products and dimensions are listed in `notes`.
 */
export function mapPriceList(answers: readonly QueryAnswer[], opts: MapOptions): MapResult {
  const specs = opts.specs ?? PRICE_SPECS;
  const notes: string[] = [];
  const candidates = new Map<string, Array<{ item: PriceListItem; note?: string }>>();
  const asked = new Set<string>();
  for (const answer of answers) {
    const querySpecs = answer.query.ids.map((id) => specs.find((s) => s.id === id)).filter((s): s is PriceSpec => s !== undefined);
    for (const id of answer.query.ids) asked.add(id);
    const unmapped = new Map<string, number>();
    for (const entry of answer.entries) {
      const parsed = parsePriceListItem(entry);
      if ('problem' in parsed) {
        notes.push(`${answer.query.serviceCode}: ${parsed.problem}; skipped`);
        continue;
      }
      const item = parsed.item;
      const regionCode = item.product.attributes.regionCode;
      if (querySpecs.some((s) => s.regionFilter !== false) && regionCode !== undefined && regionCode !== opts.region) continue;
      let match: { spec: PriceSpec; note?: string } | undefined;
      if (querySpecs.length === 1 && !querySpecs[0]!.serviceWide)
        match = fitsSpec(item, querySpecs[0]!, opts.region, opts.billingCode) ? { spec: querySpecs[0]! } : undefined;
      else match = specForProduct(item, querySpecs, opts.region, opts.billingCode);
      if (!match) {
        const label = `${item.product.productFamily ?? '?'} ${item.product.attributes.usagetype ?? item.product.sku}${item.product.attributes.cacheMemorySizeGb ? ` (cacheMemorySizeGb ${item.product.attributes.cacheMemorySizeGb})` : ''}`;
        unmapped.set(label, (unmapped.get(label) ?? 0) + 1);
        continue;
      }
      const list = candidates.get(match.spec.id) ?? [];
      list.push({ item, ...(match.note ? { note: match.note } : {}) });
      candidates.set(match.spec.id, list);
    }
    if (unmapped.size) {
      notes.push(
        `${answer.query.serviceCode}: skipped ${[...unmapped.values()].reduce((a, b) => a + b, 0)} product(s) the models do not use: ${[...unmapped.keys()].sort().join(', ')}`,
      );
    }
  }

  const prices: PriceItemJson[] = [];
  const missing: MapResult['missing'] = [];
  for (const spec of specs) {
    if (!asked.has(spec.id)) continue;
    const found = candidates.get(spec.id) ?? [];
    if (found.length === 0) {
      missing.push({ id: spec.id, reason: 'no product in the price list' });
      continue;
    }
    const skus = [...new Set(found.map((f) => f.item.product.sku))].sort();
    if (skus.length > 1) {
      missing.push({ id: spec.id, reason: `${skus.length} products fit (SKUs ${skus.join(', ')}): ambiguous, left out` });
      continue;
    }
    const one = found[0]!;
    const bundled = opts.bundled?.find((b) => b.id === spec.id);
    const r = toPriceItem(one.item, spec, { ...(bundled ? { bundled } : {}), ...(one.note ? { note: one.note } : {}) });
    if ('problem' in r) {
      missing.push({ id: spec.id, reason: r.problem });
      continue;
    }
    if (one.note) notes.push(`${spec.id}: ${one.note}`);
    notes.push(...r.notes);
    prices.push(r.price);
  }
  return { prices, missing, notes };
}
