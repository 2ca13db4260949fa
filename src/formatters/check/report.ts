import type { CheckFacts, CheckOutcome } from '../../models/gates/types.js';
import { TOOL } from '../../version.js';
import { GATE_TITLES } from '../../models/gates/registry.js';

export { GATE_TITLES };

/** The check result as JSON-ready data; every other format reads this. Money as decimal strings. */
export interface CheckReport {
  schemaVersion: 1;
  tool: typeof TOOL;
  command: 'check';
  config: string;
  baseline: string | null;
  strict: boolean;
  costs: { id: string; label: string; monthlyUsd: string }[] | null;
  /** The quota and throttle facts the gates judged (null: not measured), so that two reports can be diffed. */
  facts: {
    quotas: { code: string; name: string; kind: string; used: number | null; limit: number; unit: string; source: string }[] | null;
    throttle: { window: string; pAnyBusiestWindow: number; expectedThrottled: number; offered: number } | null;
    buckets: NonNullable<CheckFacts['buckets']> | null;
  };
  gates: (CheckOutcome['gates'][number] & { title: string })[];
  exitCode: number;
  verdict: string;
}

export function buildCheckReport(
  outcome: CheckOutcome,
  facts: CheckFacts,
  meta: { config: string; baseline: string | undefined; strict: boolean },
): CheckReport {
  return {
    schemaVersion: 1,
    tool: TOOL,
    command: 'check',
    config: meta.config,
    baseline: meta.baseline ?? null,
    strict: meta.strict,
    costs: facts.costs?.map((c) => ({ id: c.id, label: c.label, monthlyUsd: c.monthlyUsd.toFixed(2) })) ?? null,
    facts: {
      quotas: facts.quotas?.map((q) => ({ ...q, used: q.used ?? null })) ?? null,
      throttle: facts.throttle ?? null,
      buckets: facts.buckets ?? null,
    },
    gates: outcome.gates.map((g) => ({ ...g, title: GATE_TITLES[g.gate] })),
    exitCode: outcome.exitCode,
    verdict: outcome.verdict,
  };
}

/** passed · failed (error) · warning (a failed warn-level gate) · skipped · off */
export function gateState(g: CheckReport['gates'][number]): 'passed' | 'failed' | 'warning' | 'skipped' | 'off' {
  if (g.status === 'failed') return g.level === 'error' ? 'failed' : 'warning';
  return g.status;
}
