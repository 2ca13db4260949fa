/**
 * One side of a diff: what a report (estimate, check, simulate, inventory), a scenario or a
 * baseline says about cost, quotas, throttles and 429 risk, as plain data. A figure a side does
 * not state is `null` (unknown), never 0. Money is a decimal string.
 */
export interface DiffSide {
  /** What was read: a path, or "estimate report (file)". */
  label: string;
  kind: 'estimate' | 'check' | 'simulate' | 'inventory' | 'baseline' | 'scenario';
  costs: OptionCostSide[] | null;
  quotas: QuotaSide[] | null;
  throttles: ThrottleSide[] | null;
  risk: RiskSide | null;
}

export interface OptionCostSide {
  id: string;
  label: string;
  monthlyUsd: string;
  /** Cost lines, keyed by component and tier; null when the source gives only totals. */
  lines: { key: string; component: string; tier: string; costUsd: string }[] | null;
}

/** A quota with what is used of it: a count (resources, routes…) or a peak rate. */
export interface QuotaSide {
  /** Stable id: the Service Quotas code, with the API it applies to for per-API quotas ("L-01C8A9E0:orders"). */
  id: string;
  name: string;
  used: number | null;
  limit: number | null;
  unit: string;
  where?: SourceLocation;
}

/** A throttle setting (a token bucket): rate per second and burst. */
export interface ThrottleSide {
  /** Stable id such as "stage:orders/prod/GET /items" or "usage-plan:basic". */
  id: string;
  label: string;
  rate: number | null;
  burst: number | null;
  /** Expected 429s and P(any 429) in the busiest window, when traffic was simulated. */
  expected429?: number | null;
  pAnyBusiestWindow?: number | null;
  where?: SourceLocation;
}

export interface RiskSide {
  /** "1-min", "1-h"… */
  window: string;
  pAnyBusiestWindow: number;
  expectedThrottled: number;
}

/** A file and line, relative to the repository root where known (annotations need that). */
export interface SourceLocation {
  file: string;
  line?: number;
}
