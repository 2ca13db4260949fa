import type { Option } from 'commander';
import { z } from 'zod';
import { estimateOptions } from '../commands/estimate-options.js';
import { simulateOptions } from '../commands/simulate-options.js';
import { limitsOptions } from '../commands/aws-options.js';

/**
 * The `apigw-plan check` config file (apigw-plan.config.json, or YAML). The same zod schema
 * validates the file and, through `z.toJSONSchema`, is published as `schema.json` so editors
 * complete it; a test proves the committed file equals what this produces.
 */

/** Inputs of a command, as the config's keys: the command's own flags (camelCase), nothing else. */
function commandInputs(options: Option[], exclude: string[]) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const o of options) {
    const key = o.attributeName();
    if (exclude.includes(key)) continue;
    const type: z.ZodType = o.argChoices
      ? z.enum(o.argChoices as [string, ...string[]])
      : o.isBoolean()
        ? z.boolean()
        : z.union([z.string(), z.number()]);
    shape[key] = type.describe(`${o.long}: ${o.description}`).optional();
  }
  return z.object(shape).strict();
}

const level = z
  .enum(['off', 'warn', 'error'])
  .describe('off: not evaluated; warn: reported, fails only with --strict; error: fails the check (exit 1)');
const usd = z.string().regex(/^\d+(\.\d{1,2})?$/, 'expected US dollars as a decimal string such as "1500.00"');

const gatesSchema = z
  .object({
    quotaHeadroom: z
      .object({
        level,
        minPercent: z.number().min(0).max(100).optional().describe('minimum headroom as a percentage of the quota'),
        minAbsolute: z.number().nonnegative().optional().describe('minimum headroom in the quota unit'),
        quotas: z
          .array(z.string().regex(/^L-[0-9A-F]{8}$/, 'expected a Service Quotas code such as "L-8A5B8E43"'))
          .optional()
          .describe('quota codes to check (default: all)'),
      })
      .strict()
      .refine((g) => g.minPercent !== undefined || g.minAbsolute !== undefined, { message: 'give minPercent and/or minAbsolute' })
      .optional(),
    throttleRisk: z
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
      })
      .optional(),
    payloadLimits: z.object({ level }).strict().optional(),
    monthlyBudget: z
      .object({
        level,
        maxUsd: z
          .union([usd, z.record(z.string(), usd)])
          .describe('one budget for every option, or budgets by option id (rest, http, websocket, apigw, alb-sso, self-hosted)'),
      })
      .strict()
      .optional(),
    growth: z
      .object({
        level,
        maxPercent: z.number().nonnegative().describe("maximum growth of an option's monthly cost against the baseline, in percent"),
        minDeltaUsd: usd.default('0').describe('growth is reported only when the increase is also above this many dollars'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((g) => Object.keys(g).length > 0, {
    message: 'configure at least one gate (a check with no gates would pass without checking anything)',
  });

export const checkConfigSchema = z
  .object({
    $schema: z.string().optional(),
    estimate: commandInputs(estimateOptions(), ['format', 'color'])
      .optional()
      .describe("inputs of the cost estimate (the estimate command's flags, camelCase)"),
    simulate: commandInputs(simulateOptions(), ['format', 'failAboveTarget'])
      .optional()
      .describe("inputs of the throttling simulation (the simulate command's flags, camelCase)"),
    limits: commandInputs(limitsOptions(), ['format', 'limitsOut'])
      .optional()
      .describe("read quotas and their usage from the live account (the limits command's flags, camelCase); needs AWS credentials"),
    iac: z
      .object({
        paths: z
          .array(z.string().min(1))
          .min(1, 'name at least one template, folder, cdk.out, plan JSON or OpenAPI file')
          .describe('infrastructure code to read, as for `apigw-plan inventory` (paths relative to this file)'),
        quotas: z
          .array(
            z
              .string()
              .regex(
                /^(L-[0-9A-F]{8}|[a-z0-9-]+)$/,
                'expected a Service Quotas code ("L-01C8A9E0") or a quota id ("rest-authorizers-per-api")',
              ),
          )
          .optional()
          .describe('quotas to gate, by code or id (default: every per-API, per-plan, per-key and per-link quota; see docs/iac.md)'),
        parameters: z
          .record(z.string(), z.union([z.string(), z.number()]))
          .optional()
          .describe('CloudFormation parameter values that win over defaults'),
        region: z.string().optional().describe('AWS Region for AWS::Region'),
        openapiAs: z.enum(['rest', 'http']).optional().describe('how to read standalone OpenAPI files (default: from the file, else REST)'),
        quotaValues: z
          .string()
          .optional()
          .describe('applied quota values: the JSON of `apigw-plan limits --format json` (path relative to this file)'),
      })
      .strict()
      .optional()
      .describe('gate the quotas that infrastructure code decides (resources, routes, stages, authorizers…) with quotaHeadroom, offline'),
    baseline: z.string().optional().describe('baseline file written by check --write-baseline (path relative to this file)'),
    gates: gatesSchema,
    overrides: z
      .object({
        quotas: z
          .record(
            z.string().regex(/^L-[0-9A-F]{8}$/, 'expected a Service Quotas code such as "L-8A5B8E43"'),
            z
              .object({ value: z.number().nonnegative(), reason: z.string().min(1, 'say why the quota differs from what AWS reports') })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    mute: z
      .array(
        z
          .string()
          .regex(
            /^[A-Z0-9_*]+(:.+)?$/,
            'expected a finding code, optionally :subject, with * wildcards (e.g. "BUDGET_EXCEEDED:self-hosted")',
          ),
      )
      .optional(),
  })
  .strict();

export type CheckConfig = z.infer<typeof checkConfigSchema>;

/** The JSON Schema published as schema.json. */
export function checkConfigJsonSchema(): unknown {
  return { ...(z.toJSONSchema(checkConfigSchema, { io: 'input' }) as object), title: 'apigw-plan check configuration' };
}
