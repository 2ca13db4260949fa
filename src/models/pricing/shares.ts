import { Decimal, ZERO, sum } from '../../money/decimal.js';
import type { ApiShare, LineItem } from '../types.js';
import type { ApiWorkload } from '../workload.js';

/** The key an API is costed under: "name", or "name/stage" when the scenario names a stage. */
export function apiKey(api: Pick<ApiWorkload, 'name' | 'stage'>): string {
  return api.stage ? `${api.name}/${api.stage}` : api.name;
}

/** Attach shares to lines (every line of a tiered ladder gets the same shares). Zero weights are dropped. */
export function withShares(lines: LineItem[], shares: ApiShare[]): LineItem[] {
  const kept = shares.filter((s) => s.weight.gt(0));
  if (kept.length === 0) return lines;
  for (const l of lines) l.shares = kept;
  return lines;
}

/** An even split among APIs (a fixed cost shared by them). */
export function evenShares(apis: readonly string[]): ApiShare[] {
  return [...new Set(apis)].map((api) => ({ api, weight: new Decimal(1) }));
}

/** Cost of one API (or API/stage) and the lines it has a share in. */
export interface ApiCost {
  api: string;
  cost: Decimal;
}

export interface CostByApi {
  apis: ApiCost[];
  /** Lines no API can be charged with alone (the identity provider, a front ALB): their total. */
  unattributed: Decimal;
}

/**
 * Each API's share of an option's bill: every line's cost split among the APIs it carries, in
 * proportion to their weights. AWS tiers are account-wide, so a tiered line's cost (already at the
 * blended rate of the tiers the total reaches) is split in proportion to each API's quantity.
 * The shares add up to the option's total (exactly, in decimal), apart from unattributed lines.
 */
export function costByApi(lines: readonly LineItem[], order: readonly string[]): CostByApi {
  const by = new Map<string, Decimal>(order.map((k) => [k, ZERO]));
  let unattributed = ZERO;
  for (const l of lines) {
    const shares = l.shares ?? [];
    const total = sum(shares.map((s) => s.weight));
    if (shares.length === 0 || total.isZero()) {
      unattributed = unattributed.plus(l.cost);
      continue;
    }
    for (const s of shares) by.set(s.api, (by.get(s.api) ?? ZERO).plus(l.cost.times(s.weight).div(total)));
  }
  return { apis: [...by].map(([api, cost]) => ({ api, cost })), unattributed };
}
