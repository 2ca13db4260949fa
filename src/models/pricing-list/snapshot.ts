import { Decimal } from '../../money/decimal.js';
import type { AllowanceJson, PriceItemJson, PriceTierJson, SnapshotJson } from '../../prices/schema.js';
import type { MapResult } from './map.js';

export interface BuildOptions {
  region: string;
  /** YYYY-MM-DD. */
  compiled: string;
  mapped: MapResult;
  /** Ids a complete snapshot has (those of the bundled us-east-1 snapshot). */
  requiredIds: readonly string[];
  /** The bundled snapshot of the same Region, if there is one (free-tier allowances are carried over from it). */
  bundled: SnapshotJson | undefined;
}

export interface BuiltSnapshot {
  snapshot: SnapshotJson;
  /** Allowances carried over from the bundled snapshot. */
  carriedAllowances: string[];
  /** Allowances of the bundled snapshot left out because their price is missing. */
  droppedAllowances: string[];
  missingRequired: string[];
}

/** The refreshed snapshot, in the bundled snapshot's schema (validate it with `snapshotSchema` before writing). */
export function buildSnapshot(o: BuildOptions): BuiltSnapshot {
  const ids = new Set(o.mapped.prices.map((p) => p.id));
  const missingRequired = o.requiredIds.filter((id) => !ids.has(id));
  const allowances: AllowanceJson[] = [];
  const droppedAllowances: string[] = [];
  for (const a of o.bundled?.allowances ?? []) {
    if (ids.has(a.appliesTo)) allowances.push(a);
    else droppedAllowances.push(a.id);
  }
  const notes = [`Refreshed from the AWS Price List API (GetProducts, on-demand terms) on ${o.compiled}.`];
  if (allowances.length)
    notes.push(
      `Free-tier allowances are not in the price list: carried over from the bundled ${o.region} snapshot (${o.bundled!.compiled}).`,
    );
  if (missingRequired.length)
    notes.push(`Partial: not found in the price list: ${missingRequired.join(', ')}. Options needing them are reported as not priced.`);
  return {
    snapshot: {
      schemaVersion: 1,
      region: o.region,
      currency: 'USD',
      compiled: o.compiled,
      origin: 'pricing-api',
      coverage: missingRequired.length === 0 ? 'complete' : 'partial',
      notes,
      prices: o.mapped.prices,
      allowances,
    },
    carriedAllowances: allowances.map((a) => a.id),
    droppedAllowances,
    missingRequired,
  };
}

export interface TierChange {
  /** "0–333000000" or "20000000000+". */
  range: string;
  /** Unit price in the bundled snapshot, as written there; null = no such tier. */
  old: string | null;
  new: string | null;
}

export interface PriceChanges {
  added: Array<{ id: string; tiers: PriceTierJson[] }>;
  removed: Array<{ id: string; tiers: PriceTierJson[] }>;
  changed: Array<{ id: string; tiers: TierChange[] }>;
  unchanged: number;
}

function rangeLabel(t: PriceTierJson): string {
  return t.to === null ? `${t.from}+` : `${t.from}–${t.to}`;
}

const eq = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Decimal(a).eq(new Decimal(b)));

/**
 * Tier-by-tier differences between two price lists (tiers aligned on where they start; prices
 * compared as decimals, so "5.00" and "5" are the same price).
 */
export function tierChanges(oldTiers: readonly PriceTierJson[], newTiers: readonly PriceTierJson[]): TierChange[] {
  const starts = [...new Set([...oldTiers, ...newTiers].map((t) => new Decimal(t.from).toFixed()))].sort((a, b) =>
    new Decimal(a).comparedTo(new Decimal(b)),
  );
  const out: TierChange[] = [];
  for (const start of starts) {
    const o = oldTiers.find((t) => new Decimal(t.from).eq(start));
    const n = newTiers.find((t) => new Decimal(t.from).eq(start));
    const sameRange = o && n && eq(o.to, n.to);
    if (o && n && sameRange && eq(o.usdPerUnit, n.usdPerUnit)) continue;
    if (o && n && sameRange) out.push({ range: rangeLabel(n), old: o.usdPerUnit, new: n.usdPerUnit });
    else if (o && n) out.push({ range: `${rangeLabel(o)} → ${rangeLabel(n)}`, old: o.usdPerUnit, new: n.usdPerUnit });
    else if (n) out.push({ range: rangeLabel(n), old: null, new: n.usdPerUnit });
    else out.push({ range: rangeLabel(o!), old: o!.usdPerUnit, new: null });
  }
  return out;
}

export function diffPrices(bundled: readonly PriceItemJson[], fresh: readonly PriceItemJson[]): PriceChanges {
  const changes: PriceChanges = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const n of fresh) {
    const o = bundled.find((b) => b.id === n.id);
    if (!o) {
      changes.added.push({ id: n.id, tiers: n.tiers });
      continue;
    }
    const tiers = tierChanges(o.tiers, n.tiers);
    if (tiers.length) changes.changed.push({ id: n.id, tiers });
    else changes.unchanged++;
  }
  for (const o of bundled) if (!fresh.some((n) => n.id === o.id)) changes.removed.push({ id: o.id, tiers: o.tiers });
  return changes;
}
