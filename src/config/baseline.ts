import { writeOutputFile } from '../files/output.js';
import { z } from 'zod';
import { readStructuredFile } from '../files/structured.js';
import type { Baseline, CheckFacts } from '../models/gates/types.js';
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
  // an unknown figure is not recorded as a baseline (a later comparison would pass on it)
  if (facts.throttle && Number.isFinite(facts.throttle.expectedThrottled))
    b.throttle = { pAnyBusiestWindow: facts.throttle.pAnyBusiestWindow, expectedThrottled: facts.throttle.expectedThrottled };
  if (facts.quotas) b.quotas = Object.fromEntries(facts.quotas.map((q) => [q.code, { used: q.used ?? null, limit: q.limit }]));
  return b;
}

export function readBaseline(file: string): Baseline {
  return readStructuredFile(file, baselineSchema, {
    what: 'baseline',
    flag: '--baseline',
    docs: '"apigw-plan check --write-baseline FILE", which writes one (schemaVersion 1)',
  });
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeOutputFile(file, `${JSON.stringify(baseline, null, 2)}\n`, '--write-baseline');
}
