import { InputError } from '../errors.js';
import { type Decimal, dec } from '../money/decimal.js';
import type { AllowanceJson, PriceSource, SnapshotJson } from './schema.js';

/** A price tier with decimals parsed; `to` undefined = open-ended. */
export interface PriceTier {
  from: Decimal;
  to: Decimal | undefined;
  usdPerUnit: Decimal;
}

/** A price as the models use it: parsed decimals plus everything needed to trace it. */
export interface Price {
  id: string;
  region: string;
  service: string;
  usageType: string;
  sku: string | undefined;
  unit: string;
  description: string;
  tiers: PriceTier[];
  source: PriceSource;
}

export interface Allowance {
  id: string;
  description: string;
  quantity: Decimal;
  unit: string;
  appliesTo: string;
  source: PriceSource;
}

/** Raised when a model needs a price that the region's snapshot does not carry. */
export class PriceNotInSnapshotError extends InputError {
  constructor(
    readonly priceId: string,
    readonly region: string,
    detail?: string,
  ) {
    super(
      `the ${region} price snapshot has no price for ${priceId}${detail ? ` (${detail})` : ''}; ` +
        `run "apigw-plan pricing refresh --region ${region}" with AWS credentials to fetch it`,
    );
  }
}

/**
 * The prices of one region, looked up by id. Pure data: loading from disk lives in
 * `load.ts`, so models can be given a price book built in memory.
 */
export class PriceBook {
  readonly region: string;
  readonly compiled: string;
  readonly origin: SnapshotJson['origin'];
  readonly coverage: SnapshotJson['coverage'];
  readonly notes: readonly string[];
  /** The snapshot's prices as read, in its order; each becomes a Price (decimals parsed) when first asked for. */
  private readonly raw = new Map<string, SnapshotJson['prices'][number]>();
  private readonly prices = new Map<string, Price>();
  private readonly allowanceMap = new Map<string, Allowance>();

  constructor(snapshot: SnapshotJson) {
    this.region = snapshot.region;
    this.compiled = snapshot.compiled;
    this.origin = snapshot.origin;
    this.coverage = snapshot.coverage;
    this.notes = snapshot.notes;
    // a Region has some 150 prices and an estimate uses a dozen: parsing every tier's decimals up front was
    // most of the time the price book took to build
    for (const p of snapshot.prices) this.raw.set(p.id, p);
    for (const a of snapshot.allowances) this.allowanceMap.set(a.id, toAllowance(a));
  }

  has(id: string): boolean {
    return this.raw.has(id);
  }

  get(id: string): Price {
    const p = this.prices.get(id) ?? this.parse(id);
    if (!p) throw new PriceNotInSnapshotError(id, this.region);
    return p;
  }

  /** The Price of a snapshot entry, made once: callers may key caches on its objects (tier labels do). */
  private parse(id: string): Price | undefined {
    const p = this.raw.get(id);
    if (!p) return undefined;
    const price: Price = {
      id: p.id,
      region: this.region,
      service: p.service,
      usageType: p.usageType,
      sku: p.sku,
      unit: p.unit,
      description: p.description,
      tiers: p.tiers.map((t) => ({
        from: dec(t.from),
        to: t.to === null ? undefined : dec(t.to),
        usdPerUnit: dec(t.usdPerUnit),
      })),
      source: p.source,
    };
    this.prices.set(id, price);
    return price;
  }

  allowance(id: string): Allowance {
    const a = this.allowanceMap.get(id);
    if (!a) throw new PriceNotInSnapshotError(id, this.region, 'free-tier allowance');
    return a;
  }

  all(): Price[] {
    return [...this.raw.keys()].map((id) => this.get(id));
  }

  allowances(): Allowance[] {
    return [...this.allowanceMap.values()];
  }

  /** The oldest publication date among the prices: how stale the snapshot can be. */
  oldestPublication(): string {
    return [...this.raw.values()].map((p) => p.source.publicationDate).sort()[0]!;
  }
}

function toAllowance(a: AllowanceJson): Allowance {
  return { ...a, quantity: dec(a.quantity) };
}
