import { loadPriceBook } from '../prices/load.js';
import type { PriceSource } from '../prices/schema.js';
import { TOOL } from '../version.js';
import type { AppDeps } from './deps.js';
import { DAY_MS } from '../models/calendar.js';

/** `apigw-plan pricing show`. */
export interface PricingShowRequest {
  region: string;
}

/** What is bundled for a Region: the JSON `pricing show --format json` prints, field for field. */
export interface PricingShowReport {
  schemaVersion: 1;
  tool: typeof TOOL;
  command: 'pricing show';
  region: string;
  compiled: string;
  origin: string;
  coverage: string;
  notes: readonly string[];
  oldestPublication: string;
  prices: Array<{
    id: string;
    service: string;
    usageType: string;
    sku: string | null;
    unit: string;
    description: string;
    tiers: Array<{ from: string; to: string | null; usdPerUnit: string }>;
    source: PriceSource;
  }>;
  allowances: Array<Record<string, unknown> & { quantity: string }>;
  verdict: string;
}

/** A bundled snapshot with the age of each publication date, in whole days before `deps.today()`. */
export interface PricingShow {
  report: PricingShowReport;
  /** Publication date (YYYY-MM-DD) → age in days. */
  ageDays: Record<string, number>;
}

/** Use case `pricing show`: what is bundled for a Region, where each price comes from, and how old it is. */
export async function pricingShow(req: PricingShowRequest, deps: AppDeps): Promise<PricingShow> {
  const book = await loadPriceBook(req.region);
  const today = deps.today();
  const age = (date: string) => Math.floor((today.getTime() - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
  const oldest = book.oldestPublication();
  const ageDays: Record<string, number> = {};
  for (const p of book.all()) ageDays[p.source.publicationDate] = age(p.source.publicationDate);
  ageDays[oldest] = age(oldest);
  const report: PricingShowReport = {
    schemaVersion: 1,
    tool: TOOL,
    command: 'pricing show',
    region: req.region,
    compiled: book.compiled,
    origin: book.origin,
    coverage: book.coverage,
    notes: book.notes,
    oldestPublication: oldest,
    prices: book.all().map((p) => ({
      id: p.id,
      service: p.service,
      usageType: p.usageType,
      sku: p.sku ?? null,
      unit: p.unit,
      description: p.description,
      tiers: p.tiers.map((t) => ({ from: t.from.toFixed(), to: t.to?.toFixed() ?? null, usdPerUnit: t.usdPerUnit.toFixed() })),
      source: p.source,
    })),
    allowances: book.allowances().map((a) => ({ ...a, quantity: a.quantity.toFixed() })),
    verdict: `verdict: ${book.all().length} prices for ${req.region} (${book.coverage}); oldest published ${oldest}, ${age(oldest)} days ago`,
  };
  return { report, ageDays };
}
