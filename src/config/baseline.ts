import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { EnvironmentError, InputError } from '../errors.js';
import type { Baseline, CheckFacts } from '../models/gates/types.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import { TOOL } from '../version.js';

const baselineSchema = z
  .object({
    schemaVersion: z.literal(1),
    kind: z.literal('apigw-plan-baseline'),
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    costs: z.record(z.string(), z.string().regex(/^-?\d+(\.\d+)?$/)),
    throttle: z.object({ pAnyBusiestWindow: z.number(), expectedThrottled: z.number() }).strict().optional(),
    quotas: z.record(z.string(), z.object({ used: z.number().nullable(), limit: z.number() }).strict()).optional(),
  })
  .strict();

export function baselineFromFacts(facts: CheckFacts): Baseline {
  const b: Baseline = { schemaVersion: 1, kind: 'apigw-plan-baseline', tool: { ...TOOL }, costs: {} };
  // exact decimal strings, so a later comparison is not skewed by rounding
  for (const c of facts.costs ?? []) b.costs[c.id] = c.monthlyUsd.toFixed();
  if (facts.throttle) b.throttle = { pAnyBusiestWindow: facts.throttle.pAnyBusiestWindow, expectedThrottled: facts.throttle.expectedThrottled };
  if (facts.quotas) b.quotas = Object.fromEntries(facts.quotas.map((q) => [q.code, { used: q.used ?? null, limit: q.limit }]));
  return b;
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: '--baseline',
      hint: 'write one first with "apigw-plan check --write-baseline FILE"',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`baseline ${file} is not valid JSON: ${(e as Error).message}`, { where: file, hint: 'regenerate it with --write-baseline' });
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(`baseline ${file} is not an apigw-plan baseline (schemaVersion 1)`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: 'regenerate it with --write-baseline',
    });
  }
  return parsed.data;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  try {
    writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (e) {
    throw new EnvironmentError(`cannot write baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { where: '--write-baseline', hint: 'check that the folder exists and is writable' });
  }
}
