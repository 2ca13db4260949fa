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
  private readonly prices = new Map<string, Price>();
  private readonly allowanceMap = new Map<string, Allowance>();

  constructor(snapshot: SnapshotJson) {
    this.region = snapshot.region;
    this.compiled = snapshot.compiled;
    this.origin = snapshot.origin;
    this.coverage = snapshot.coverage;
    this.notes = snapshot.notes;
    for (const p of snapshot.prices) {
      this.prices.set(p.id, {
        id: p.id,
        region: snapshot.region,
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
      });
    }
    for (const a of snapshot.allowances) this.allowanceMap.set(a.id, toAllowance(a));
  }

  has(id: string): boolean {
    return this.prices.has(id);
  }

  get(id: string): Price {
    const p = this.prices.get(id);
    if (!p) throw new PriceNotInSnapshotError(id, this.region);
    return p;
  }

  allowance(id: string): Allowance {
    const a = this.allowanceMap.get(id);
    if (!a) throw new PriceNotInSnapshotError(id, this.region, 'free-tier allowance');
    return a;
  }

  all(): Price[] {
    return [...this.prices.values()];
  }

  allowances(): Allowance[] {
    return [...this.allowanceMap.values()];
  }

  /** The oldest publication date among the prices: how stale the snapshot can be. */
  oldestPublication(): string {
    return this.all()
      .map((p) => p.source.publicationDate)
      .sort()[0]!;
  }
}

function toAllowance(a: AllowanceJson): Allowance {
  return { ...a, quantity: dec(a.quantity) };
}
