import { z } from 'zod';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import type { LimitsConfig, OriginLimits } from '../models/throttling/config.js';
import { requireRegion } from '../prices/regions.js';

/** Limits file (JSON or YAML), validated with every problem reported by path. See docs/simulate.md "Limits file". */
const rate = z.number().nonnegative('rate must be >= 0 (requests per second)');
const burst = z.number().int('burst must be a whole number').nonnegative('burst must be >= 0');
const pair = z.object({ rate, burst }).strict();
const optionalPair = { rate: rate.optional(), burst: burst.optional() };
const bothOrNeither = (o: { rate?: number; burst?: number }): boolean => (o.rate === undefined) === (o.burst === undefined);
const msg = { message: 'give both rate and burst, or neither' };

export const limitsSchema = z
  .object({
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a Region code such as us-east-1')
      .optional(),
    account: pair.optional(),
    stages: z
      .array(
        z
          .object({
            api: z.string().min(1),
            stage: z.string().min(1),
            type: z.enum(['rest', 'http', 'websocket']).default('rest'),
            ...optionalPair,
            routes: z.record(z.string(), pair).default({}),
          })
          .strict()
          .refine(bothOrNeither, msg),
      )
      .default([]),
    usagePlans: z
      .array(
        z
          .object({
            name: z.string().min(1),
            ...optionalPair,
            quota: z
              .object({
                limit: z.number().int().positive(),
                period: z.enum(['DAY', 'WEEK', 'MONTH']),
                offset: z.number().int().nonnegative().default(0),
              })
              .strict()
              .optional(),
            keys: z.array(z.string().min(1)).min(1, 'a usage plan needs at least one API key'),
            methods: z
              .array(z.object({ api: z.string().min(1), stage: z.string().min(1), route: z.string().min(1), rate, burst }).strict())
              .default([]),
          })
          .strict()
          .refine(bothOrNeither, msg),
      )
      .default([]),
  })
  .strict();

export interface LimitFlags {
  region?: string;
  rate?: number;
  burst?: number;
  accountRate?: number;
  accountBurst?: number;
}

export function readLimitsFile(file: string): z.infer<typeof limitsSchema> {
  return readStructuredFile(file, limitsSchema, { what: 'limits file', flag: '--limits', docs: 'docs/simulate.md "Limits file"' });
}

/** Merge file and flags (flags win) into the normalised configuration. */
export function buildLimits(file: z.infer<typeof limitsSchema> | undefined, flags: LimitFlags): LimitsConfig {
  if ((flags.rate === undefined) !== (flags.burst === undefined)) {
    throw new InputError('--rate and --burst go together', {
      where: flags.rate === undefined ? '--burst' : '--rate',
      hint: 'give both, e.g. --rate 1000 --burst 500 (the stage default for every stage in the traffic)',
    });
  }
  const region = flags.region ?? file?.region ?? 'us-east-1';
  // the Region's default account throttle (10,000/5,000, or 2,500/1,250 where AWS lists it lower); never a guess
  const def = requireRegion(region, flags.region !== undefined ? '--region' : 'the limits file\'s "region"').accountThrottle;
  const fromFile = file?.account;
  const account: OriginLimits = {
    rate: flags.accountRate ?? fromFile?.rate ?? def.rate,
    burst: flags.accountBurst ?? fromFile?.burst ?? def.burst,
    origin: flags.accountRate !== undefined || flags.accountBurst !== undefined ? 'flag' : fromFile ? 'file' : 'default',
  };
  const f = (l: { rate: number; burst: number }): OriginLimits => ({ rate: l.rate, burst: l.burst, origin: 'file' });
  return {
    region,
    account,
    anyStage: flags.rate !== undefined && flags.burst !== undefined ? { rate: flags.rate, burst: flags.burst, origin: 'flag' } : undefined,
    stages: (file?.stages ?? []).map((s) => ({
      api: s.api,
      stage: s.stage,
      type: s.type,
      default: s.rate !== undefined && s.burst !== undefined ? f({ rate: s.rate, burst: s.burst }) : undefined,
      routes: Object.fromEntries(Object.entries(s.routes).map(([k, v]) => [k, f(v)])),
    })),
    usagePlans: (file?.usagePlans ?? []).map((p) => ({
      name: p.name,
      throttle: p.rate !== undefined && p.burst !== undefined ? f({ rate: p.rate, burst: p.burst }) : undefined,
      quota: p.quota,
      keys: p.keys,
      methods: p.methods.map((m) => ({ api: m.api, stage: m.stage, route: m.route, limits: f(m) })),
    })),
  };
}
