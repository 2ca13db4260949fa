import { z } from 'zod';
import { OPTION_IDS } from '../options.js';

/**
 * The registry of `check` gates: one entry per gate with its title and settings schema. The gate
 * names, the `GateConfigs` type the judges read, the config file's `gates` schema (and through it
 * schema.json) and the titles every check format prints all derive from it; the judges are the
 * `Record<GateName, …>` table in evaluate.ts, so the compiler asks for one when a gate is added.
 */

const level = z
  .enum(['off', 'warn', 'error'])
  .describe('off: not evaluated; warn: reported, fails only with --strict; error: fails the check (exit 1)');
const usd = z.string().regex(/^\d+(\.\d{1,2})?$/, 'expected US dollars as a decimal string such as "1500.00"');
/** A Service Quotas code, e.g. L-8A5B8E43. */
export const quotaCodeSchema = z.string().regex(/^L-[0-9A-F]{8}$/, 'expected a Service Quotas code such as "L-8A5B8E43"');

export const GATES = {
  quotaHeadroom: {
    title: 'Quota headroom',
    schema: z
      .object({
        level,
        minPercent: z.number().min(0).max(100).optional().describe('minimum headroom as a percentage of the quota'),
        minAbsolute: z.number().nonnegative().optional().describe('minimum headroom in the quota unit'),
        quotas: z.array(quotaCodeSchema).optional().describe('quota codes to check (default: all)'),
      })
      .strict()
      .refine((g) => g.minPercent !== undefined || g.minAbsolute !== undefined, { message: 'give minPercent and/or minAbsolute' }),
  },
  throttleRisk: {
    title: '429 risk',
    schema: z
      .object({
        level,
        maxProbability: z.number().min(0).max(1).optional().describe('maximum probability of at least one 429 in the busiest window'),
        maxExpectedThrottled: z
          .number()
          .nonnegative()
          .optional()
          .describe('maximum expected number of throttled requests over the traffic horizon'),
      })
      .strict()
      .refine((g) => g.maxProbability !== undefined || g.maxExpectedThrottled !== undefined, {
        message: 'give maxProbability and/or maxExpectedThrottled',
      }),
  },
  payloadLimits: {
    title: 'Payload limits',
    schema: z.object({ level }).strict(),
  },
  monthlyBudget: {
    title: 'Monthly budget',
    schema: z
      .object({
        level,
        maxUsd: z
          .union([usd, z.record(z.string(), usd)])
          .describe(`one budget for every option, or budgets by option id (${OPTION_IDS.join(', ')})`),
      })
      .strict(),
  },
  growth: {
    title: 'Growth against baseline',
    schema: z
      .object({
        level,
        maxPercent: z.number().nonnegative().describe("maximum growth of an option's monthly cost against the baseline, in percent"),
        minDeltaUsd: usd.default('0').describe('growth is reported only when the increase is also above this many dollars'),
      })
      .strict(),
  },
  costIncrease: {
    title: 'Cost increase (diff)',
    schema: z
      .object({
        level,
        maxPercent: z.number().nonnegative().optional().describe('an increase over this percentage of the base cost fails…'),
        maxUsd: usd.optional().describe('…when it is also over this many dollars a month (give one or both)'),
        options: z.array(z.string()).optional().describe('option ids to judge (default: the diff headline option: apigw when present)'),
      })
      .strict()
      .refine((g) => g.maxPercent !== undefined || g.maxUsd !== undefined, { message: 'give maxPercent and/or maxUsd' })
      .describe('needs a diff block: fails when the change raises an option cost over the allowance'),
  },
  quotaCrossing: {
    title: 'Quota headroom crossed (diff)',
    schema: z
      .object({ level, minPercent: z.number().min(0).max(100).describe('fails when a quota headroom falls under this percentage') })
      .strict()
      .describe('needs a diff block: fails when the change takes a quota under the headroom it had'),
  },
  riskIncrease: {
    title: '429 risk increase (diff)',
    schema: z
      .object({ level, maxProbability: z.number().min(0).max(1).describe('fails when P(any 429 in the busiest window) rises above this') })
      .strict()
      .describe('needs a diff block with simulations on both sides: fails when the change raises the 429 risk above the target'),
  },
  forecast: {
    title: 'Forecast thresholds',
    schema: z
      .object({
        level,
        withinDays: z.number().int().positive().describe('fail when a threshold is crossed within this many days of today'),
        percentile: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(10)
          .describe('the percentile of the crossing date judged (10: the early side of an 80 % interval; 50: the median)'),
        kinds: z
          .array(z.enum(['price-tier', 'break-even', 'account-throttle', 'stage-throttle', 'usage-plan-quota', 'budget']))
          .optional()
          .describe('threshold kinds to judge (default: all)'),
      })
      .strict(),
  },
} satisfies Record<string, { title: string; schema: z.ZodType }>;

export type GateName = keyof typeof GATES;
/** Every gate, in the order they are judged and printed. */
export const GATE_NAMES = Object.keys(GATES) as GateName[];
/** The settings of each gate as the judges read them (after defaults). */
export type GateConfigs = { [K in GateName]?: z.output<(typeof GATES)[K]['schema']> };
/** The heading each check format prints for a gate. */
export const GATE_TITLES = Object.fromEntries(GATE_NAMES.map((g) => [g, GATES[g].title])) as Record<GateName, string>;

/** The config file's `gates` object: every registered gate, each optional, at least one given. */
export const gatesSchema = z
  .object(
    Object.fromEntries(GATE_NAMES.map((g) => [g, GATES[g].schema.optional()])) as {
      [K in GateName]: z.ZodOptional<(typeof GATES)[K]['schema']>;
    },
  )
  .strict()
  .refine((g) => Object.keys(g).length > 0, {
    message: 'configure at least one gate (a check with no gates would pass without checking anything)',
  });
