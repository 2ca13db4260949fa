import type { Decimal } from '../../money/decimal.js';
import type { DiffResult } from '../diff/diff.js';

import type { GateName } from './registry.js';

export type { GateConfigs, GateName } from './registry.js';
export type GateLevel = 'off' | 'warn' | 'error';

/** "evaluated": a skipped gate is reported and does not fail the run; "all": every configured gate must be evaluated (like --strict for skips). */
export type RequireMode = 'evaluated' | 'all';

/** One quota as the headroom gate sees it: a limit and, when known, what is used of it. */
export interface QuotaFact {
  code: string;
  name: string;
  /** "rate": per second (peak observed rate); "resource": a count. */
  kind: 'rate' | 'resource';
  limit: number;
  used: number | undefined;
  unit: string;
  /** Where the limit came from: "applied", "default", "bundled default", "limits file", "override: <reason>". */
  source: string;
  /** Per-API (or per-plan…) facts: what the quota is counted for; it makes the finding id unique ("CODE@subject"). */
  subject?: string | undefined;
  /** Facts from infrastructure code: already selected by the config's `iac.quotas`, so `quotas` of the gate does not filter them. */
  origin?: 'iac' | undefined;
  /** The count was asked for but is unknown (why): the gate fails on it rather than pass without it. */
  unknownBlocks?: string | undefined;
  /** Why the usage or the limit could not be read ("denied: apigateway:GET /restapis"): the gate cannot pass on it. */
  unknown?: string | undefined;
}

/** Plain facts the gates judge, produced by estimate, simulate and limits (files or the live account). */
export interface CheckFacts {
  costs?: { id: string; label: string; monthlyUsd: Decimal }[];
  /**
   * `pAnyBusiestWindow` is the estimate, or a proven upper bound (`pAnyIs: 'bound'`), or 1 standing
   * for a risk that could not be computed (`'unknown'`); `expectedThrottled` is NaN when unknown.
   */
  throttle?: {
    window: string;
    pAnyBusiestWindow: number;
    pAnyIs?: 'estimate' | 'bound' | 'unknown';
    expectedThrottled: number;
    offered: number;
  };
  /** Each simulated bucket's setting and figures (for diffs of two check reports). */
  buckets?: { id: string; label: string; rate: number; burst: number; expected429: number; pAnyBusiestWindow: number | null }[];
  /** Payload findings of the simulator (codes such as PAYLOAD_OVER_LIMIT, WS_FRAME_OVER_LIMIT). */
  payload?: { findings: { code: string; level: 'info' | 'warn' | 'error'; message: string }[] };
  quotas?: QuotaFact[];
  /** What the change does against `diff.base` (the diff gates judge it). */
  diff?: DiffResult;
  forecast?: ForecastFacts;
}

/** What the forecast gate judges: each threshold's crossing day at the configured percentile (epoch days). */
export interface ForecastFacts {
  today: number;
  percentile: number;
  thresholds: {
    id: string;
    kind: string;
    label: string;
    status: 'already' | 'crossed' | 'not-within-horizon' | 'unknown';
    /** The percentile's crossing day; undefined = beyond the horizon. */
    dayAtPercentile: number | undefined;
    /** That day's Monte Carlo error in days (one standard deviation; undefined: not estimable). */
    monteCarloDays?: number | undefined;
  }[];
}

/** What `check --write-baseline` stores and `check --baseline` compares against. */
export interface Baseline {
  schemaVersion: 1;
  kind: 'apigw-plan-baseline';
  tool: { name: string; version: string };
  costs: Record<string, string>;
  throttle?: { pAnyBusiestWindow: number; expectedThrottled: number };
  quotas?: Record<string, { used: number | null; limit: number }>;
}

export interface CheckFinding {
  /** Stable id for mutes: CODE:subject (e.g. BUDGET_EXCEEDED:alb-sso). */
  id: string;
  code: string;
  subject: string;
  message: string;
  actual?: string;
  limit?: string;
  /** The file (and line) the finding is about, when it is not the config: an annotation points there. */
  where?: { file: string; line?: number };
  muted: boolean;
}

export type GateStatus = 'passed' | 'failed' | 'skipped' | 'off';

export interface GateResult {
  gate: GateName;
  level: GateLevel;
  status: GateStatus;
  /** One line: what was checked and the outcome. */
  summary: string;
  findings: CheckFinding[];
}

export interface CheckOutcome {
  gates: GateResult[];
  exitCode: 0 | 1;
  verdict: string;
}
