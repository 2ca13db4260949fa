import { z } from 'zod';

/** A non-negative decimal written as a string ("0.0000035"), never a float. */
const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string such as "0.0000035"');

export const sourceSchema = z
  .object({
    url: z.string().min(1),
    /** Date the price was published or captured (YYYY-MM-DD). */
    publicationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
    /**
     * Which source the price came from, and how far it is checked: "verified" (an AWS page, checked
     * by hand, e.g. against a worked example), "aws-pricing-feed" (the feed behind AWS's pricing pages
     * and Pricing Calculator), "pricing-api" (the Price List API, via `pricing refresh`), "assumed"
     * (no source for this Region: taken from another Region, the note says which), "aws-only",
     * "third-party", "unverified", "derived".
     */
    status: z.enum(['verified', 'aws-pricing-feed', 'pricing-api', 'assumed', 'aws-only', 'third-party', 'unverified', 'derived']),
    note: z.string().optional(),
  })
  .strict();

export const tierSchema = z
  .object({
    from: decimalString,
    /** null = no upper end (the price list's "Inf"). */
    to: decimalString.nullable(),
    usdPerUnit: decimalString,
  })
  .strict();

export const priceItemSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/, 'expected a dotted id such as "apigw.rest.requests"'),
    service: z.string().min(1),
    productFamily: z.string().optional(),
    usageType: z.string().min(1),
    sku: z.string().optional(),
    unit: z.string().min(1),
    description: z.string().min(1),
    tiers: z.array(tierSchema).min(1),
    source: sourceSchema,
  })
  .strict()
  .superRefine((item, ctx) => {
    // Tiers must start at 0 and be contiguous; only the last may be open-ended.
    const tiers = item.tiers;
    if (tiers[0]!.from !== '0') {
      ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'from'], message: 'the first tier must start at "0"' });
    }
    for (let i = 0; i < tiers.length; i++) {
      const t = tiers[i]!;
      const last = i === tiers.length - 1;
      if (t.to === null && !last) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'to'], message: 'only the last tier may be open-ended (null)' });
      }
      if (t.to !== null && Number(t.to) <= Number(t.from)) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'to'], message: 'a tier must end after it starts' });
      }
      if (!last && t.to !== tiers[i + 1]!.from) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i + 1, 'from'], message: `tiers must be contiguous: expected "${t.to}"` });
      }
    }
  });

export const allowanceSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().min(1),
    quantity: decimalString,
    unit: z.string().min(1),
    /** The price id the allowance is taken from. */
    appliesTo: z.string().min(1),
    source: sourceSchema,
  })
  .strict();

export const snapshotSchema = z
  .object({
    schemaVersion: z.literal(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS Region code such as "us-east-1"'),
    currency: z.literal('USD'),
    /** The date the snapshot was compiled (YYYY-MM-DD). */
    compiled: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** How the snapshot was made: "bundled" (curated from shared reference sources) or "pricing-api". */
    origin: z.enum(['bundled', 'pricing-api']),
    /** "complete" covers every price the models use; "partial" lists only what a source captured. */
    coverage: z.enum(['complete', 'partial']),
    notes: z.array(z.string()).default([]),
    prices: z.array(priceItemSchema).min(1),
    allowances: z.array(allowanceSchema).default([]),
  })
  .strict();

export type PriceSource = z.infer<typeof sourceSchema>;
export type PriceTierJson = z.infer<typeof tierSchema>;
export type PriceItemJson = z.infer<typeof priceItemSchema>;
export type AllowanceJson = z.infer<typeof allowanceSchema>;
export type SnapshotJson = z.infer<typeof snapshotSchema>;

export const indexSchema = z
  .object({
    schemaVersion: z.literal(1),
    snapshots: z.array(
      z
        .object({
          region: z.string(),
          /** The Price List "location" of the Region ("EU (Ireland)"). */
          location: z.string(),
          file: z.string(),
          compiled: z.string(),
          coverage: z.enum(['complete', 'partial']),
          /** The oldest publication date among the snapshot's prices. */
          oldestPublication: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          /** Prices an option needs that the snapshot lacks, each with the reason (empty when complete). */
          missing: z.array(z.object({ id: z.string(), reason: z.string() }).strict()),
          /** Price ids for things AWS does not offer in the Region (e.g. an instance type): not gaps. */
          notOffered: z.array(z.string()),
          /**
           * Price ids with no source for the Region, taken from us-east-1 (status "assumed"; each price's
           * source note says why). A Region with assumed prices and nothing missing is complete with assumptions.
           */
          assumed: z.array(z.string()),
          /** SHA-256 of the file as validated when the index was written. */
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          /** The same file's checksum (`snapshotChecksum` in load.ts): what a run checks before trusting the file. */
          checksum: z.string().regex(/^[0-9a-f]{1,16}$/),
        })
        .strict(),
    ),
  })
  .strict();
export type SnapshotIndex = z.infer<typeof indexSchema>;

/** pricing-data/regions.json: the Region facts (see src/prices/regions.ts). */
export const regionFactsSchema = z
  .object({
    schemaVersion: z.literal(1),
    description: z.string().min(1),
    sources: z.record(z.string(), z.string().min(1)),
    regions: z
      .array(
        z
          .object({
            code: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
            location: z.string().min(1),
            billingCode: z.string().regex(/^[A-Z]{2,4}\d?$/),
            partition: z.enum(['aws', 'aws-us-gov']),
            accountThrottle: z.object({ rate: z.number().int().positive(), burst: z.number().int().positive() }).strict(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
