import type { Option } from 'commander';
import { z } from 'zod';
import { estimateOptions } from '../commands/estimate-options.js';
import { simulateOptions } from '../commands/simulate-options.js';
import { limitsOptions } from '../commands/aws-options.js';
import { gatesSchema, quotaCodeSchema } from '../models/gates/registry.js';
import { forecastOptions } from '../commands/forecast-options.js';

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

export const checkConfigSchema = z
  .object({
    $schema: z.string().optional(),
    estimate: commandInputs(estimateOptions(), ['format', 'color', 'details'])
      .optional()
      .describe("inputs of the cost estimate (the estimate command's flags, camelCase)"),
    simulate: commandInputs(simulateOptions(), ['format', 'failAboveTarget', 'details'])
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
    require: z
      .enum(['evaluated', 'all'])
      .optional()
      .describe(
        'evaluated (default): a gate whose facts are missing or partly unknown is reported as skipped; all: a skipped gate fails the check (exit 1), as with --strict',
      ),
    forecast: commandInputs(forecastOptions(), ['format', 'config'])
      .optional()
      .describe(
        "inputs of the traffic forecast for the forecast gate (the forecast command's flags, camelCase; the budget comes from this config)",
      ),
    baseline: z.string().optional().describe('baseline file written by check --write-baseline (path relative to this file)'),
    diff: z
      .object({
        base: z
          .string()
          .describe('before the change: a report (estimate/check/simulate JSON), a baseline or a scenario (relative to this file)'),
        head: z.string().optional().describe("after the change (default: this check's own results)"),
        headroomPercent: z.number().min(0).max(100).optional().describe('quotas under this headroom are flagged in the diff (default 10)'),
      })
      .strict()
      .optional()
      .describe('compare with another version (the diff gates judge it); --diff-base overrides base'),
    gates: gatesSchema,
    overrides: z
      .object({
        quotas: z
          .record(
            quotaCodeSchema,
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
