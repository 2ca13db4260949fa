/**
 * GetMetricData planning (pure). Limits (aws-facts.md D.1): at most 500 queries per call and
 * 100,800 datapoints per answer page (the rest follows with NextToken). Retention decides the
 * finest period: 60 s for data up to 15 days old, 300 s up to 63 days, 3,600 s up to 455 days.
 */

export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;
const DAY = 86_400_000;

export interface PeriodChoice {
  periodSeconds: number;
  reason: string;
}

/** Finest period CloudWatch still holds for data as old as `startMs` (the oldest point asked for). */
export function choosePeriod(startMs: number, nowMs: number): PeriodChoice {
  const ageDays = (nowMs - startMs) / DAY;
  if (ageDays <= 15) return { periodSeconds: 60, reason: '60 s: 1-minute data is kept for 15 days' };
  if (ageDays <= 63) return { periodSeconds: 300, reason: '300 s: the window reaches past 15 days, where CloudWatch keeps 5-minute data (up to 63 days)' };
  if (ageDays <= 455) return { periodSeconds: 3600, reason: '3,600 s: the window reaches past 63 days, where CloudWatch keeps 1-hour data (up to 455 days)' };
  throw new RangeError(`CloudWatch keeps metrics for 455 days; the window starts ${Math.floor(ageDays)} days ago`);
}

/** Align a window to whole periods: [start, end) with start and end multiples of the period. */
export function alignWindow(startMs: number, endMs: number, periodSeconds: number): { startMs: number; endMs: number; points: number } {
  const p = periodSeconds * 1000;
  const s = Math.floor(startMs / p) * p;
  const e = Math.floor(endMs / p) * p;
  return { startMs: s, endMs: e, points: Math.max(0, (e - s) / p) };
}

/**
 * Split N series (each `points` datapoints over the window) into GetMetricData requests of at
 * most 500 queries; each request is paged by CloudWatch at 100,800 datapoints, so it costs
 * ceil(k × points ÷ 100,800) calls. Batch sizes are chosen (dynamic programming) to minimise the
 * total number of calls.
 */
export interface BatchPlan {
  batches: number[];
  calls: number;
  /** max(ceil(N ÷ 500), ceil(N × points ÷ 100,800)): no plan can use fewer calls. */
  lowerBound: number;
}

export function callsFor(k: number, points: number): number {
  return Math.max(1, Math.ceil((k * points) / MAX_DATAPOINTS_PER_CALL));
}

export function lowerBoundCalls(n: number, points: number): number {
  if (n === 0) return 0;
  return Math.max(Math.ceil(n / MAX_QUERIES_PER_CALL), Math.ceil((n * points) / MAX_DATAPOINTS_PER_CALL));
}

export function planBatches(n: number, points: number): BatchPlan {
  if (n === 0) return { batches: [], calls: 0, lowerBound: 0 };
  const lowerBound = lowerBoundCalls(n, points);
  // Fast path: one request of up to 500 series already meets the bound.
  if (n <= MAX_QUERIES_PER_CALL) return { batches: [n], calls: callsFor(n, points), lowerBound };
  const cost = new Float64Array(n + 1).fill(Infinity);
  const pick = new Int32Array(n + 1);
  cost[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let k = Math.min(MAX_QUERIES_PER_CALL, i); k >= 1; k--) {
      const c = cost[i - k]! + callsFor(k, points);
      if (c < cost[i]!) {
        cost[i] = c;
        pick[i] = k;
      }
    }
  }
  const batches: number[] = [];
  for (let i = n; i > 0; i -= pick[i]!) batches.push(pick[i]!);
  return { batches, calls: cost[n]!, lowerBound };
}
