import type { PriceProvenance } from '../../models/types.js';
import type { EstimateReport } from './report.js';

/** Number every distinct price used, in order of first use, so each line can cite it. */
export function sourceIndex(report: EstimateReport): { refOf: (s: PriceProvenance) => number; sources: PriceProvenance[] } {
  const sources: PriceProvenance[] = [];
  const index = new Map<string, number>();
  const key = (s: PriceProvenance) => `${s.priceId}|${s.url}|${s.publicationDate}`;
  for (const o of report.options) {
    if (!o.priced) continue;
    for (const l of o.lines) {
      if (!index.has(key(l.source))) {
        sources.push(l.source);
        index.set(key(l.source), sources.length);
      }
    }
  }
  return { refOf: (s) => index.get(key(s))!, sources };
}

export function describeSource(s: PriceProvenance): string {
  const sku = s.sku ? ` SKU ${s.sku}` : '';
  return `${s.priceId} (${s.usageType}${sku}, ${s.region}) — ${s.url}, published ${s.publicationDate}, ${s.status}`;
}
