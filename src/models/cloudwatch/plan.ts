import { DAY_MS } from '../calendar.js';

/**
 * GetMetricData planning (pure). Limits (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html): at most 500 queries per call and
 * 100,800 datapoints per answer page (the rest follows with NextToken). Retention decides the
 * finest period: 60 s for data up to 15 days old, 300 s up to 63 days, 3,600 s up to 455 days.
 */

export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

export interface PeriodChoice {
  periodSeconds: number;
  reason: string;
}

/** Finest period CloudWatch still holds for data as old as `startMs` (the oldest point asked for). */
export function choosePeriod(startMs: number, nowMs: number): PeriodChoice {
  const ageDays = (nowMs - startMs) / DAY_MS;
  if (ageDays <= 15) return { periodSeconds: 60, reason: '60 s: 1-minute data is kept for 15 days' };
  if (ageDays <= 63)
    return { periodSeconds: 300, reason: '300 s: the window reaches past 15 days, where CloudWatch keeps 5-minute data (up to 63 days)' };
  if (ageDays <= 455)
    return { periodSeconds: 3600, reason: '3,600 s: the window reaches past 63 days, where CloudWatch keeps 1-hour data (up to 455 days)' };
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

/**
 * Queries of two sizes in one plan: per-period series cost `points` datapoints each, a
 * whole-window statistic (a percentile over the window) costs one. A request of at most 500
 * queries holding D datapoints costs max(1, ceil(D ÷ 100,800)) calls. The per-period series are
 * split by dynamic programming into requests with the fewest calls and, among those, the most
 * room left for small queries (free query slots that also fit in the datapoints already paid
 * for: the last page of each request is rarely full); the small queries fill that room, and
 * what is left goes into extra requests of 500.
 */
export interface WeightedPlan {
  /** Query indexes per GetMetricData request. */
  groups: number[][];
  calls: number;
  /** max(ceil(N ÷ 500), ceil(total datapoints ÷ 100,800)): no plan can use fewer calls. */
  lowerBound: number;
}

export function lowerBoundWeighted(weights: readonly number[]): number {
  if (weights.length === 0) return 0;
  const total = weights.reduce((a, b) => a + b, 0);
  return Math.max(Math.ceil(weights.length / MAX_QUERIES_PER_CALL), Math.ceil(total / MAX_DATAPOINTS_PER_CALL));
}

export function planWeighted(weights: readonly number[]): WeightedPlan {
  const lowerBound = lowerBoundWeighted(weights);
  if (weights.length === 0) return { groups: [], calls: 0, lowerBound };
  const Q = MAX_QUERIES_PER_CALL;
  const C = MAX_DATAPOINTS_PER_CALL;
  const big = Math.max(...weights);
  const bigs = weights.flatMap((w, i) => (w === big ? [i] : []));
  const smalls = weights.flatMap((w, i) => (w === big ? [] : [i]));
  const sw = Math.max(1, ...smalls.map((i) => weights[i]!)); // small queries: one datapoint each in practice
  const nb = bigs.length;
  const pagesFor = (k: number) => Math.max(1, Math.ceil((k * big) / C));
  // base[i]: fewest calls for the first i per-period series alone
  const base = new Float64Array(nb + 1).fill(Infinity);
  base[0] = 0;
  for (let i = 1; i <= nb; i++) for (let k = Math.min(Q, i); k >= 1; k--) base[i] = Math.min(base[i]!, base[i - k]! + pagesFor(k));
  // room[i][o]: most small queries that fit beside the first i series at base[i] + o calls. Spending
  // a call or two above base can free more than 500 slots (a request no longer full of datapoints),
  // so a few offsets are searched.
  const W = 3;
  const room = Array.from({ length: nb + 1 }, () => new Float64Array(W + 1).fill(-1));
  const how = Array.from({ length: nb + 1 }, () => new Int32Array((W + 1) * 3));
  room[0]![0] = 0;
  for (let i = 1; i <= nb; i++) {
    for (let k = Math.min(Q, i); k >= 1; k--) {
      const pm = pagesFor(k);
      for (const pages of [pm, pm + 1]) {
        const cap = Math.max(0, Math.min(Q - k, Math.floor((pages * C - k * big) / sw)));
        for (let o = 0; o <= W; o++) {
          const r = room[i - k]![o]!;
          if (r < 0) continue;
          const o2 = base[i - k]! + o + pages - base[i]!;
          if (o2 < 0 || o2 > W || r + cap <= room[i]![o2]!) continue;
          room[i]![o2] = r + cap;
          how[i]!.set([k, pages, o], o2 * 3);
        }
      }
    }
  }
  let best = -1;
  let bestCalls = Infinity;
  for (let o = 0; o <= W; o++) {
    const r = room[nb]![o]!;
    if (r < 0) continue;
    const c = base[nb]! + o + Math.ceil(Math.max(0, smalls.length - r) / Q);
    if (c < bestCalls) {
      bestCalls = c;
      best = o;
    }
  }
  const parts: Array<{ k: number; pages: number }> = [];
  for (let i = nb, o = best; i > 0; ) {
    const [k, pages, o0] = how[i]!.slice(o * 3, o * 3 + 3) as unknown as [number, number, number];
    parts.unshift({ k, pages });
    i -= k;
    o = o0;
  }
  const groups: number[][] = [];
  let calls = 0;
  let at = 0;
  let next = 0; // next small query to place
  for (const { k, pages } of parts) {
    const g = bigs.slice(at, at + k);
    at += k;
    let left = pages * C - k * big;
    while (next < smalls.length && g.length < Q && weights[smalls[next]!]! <= left) {
      left -= weights[smalls[next]!]!;
      g.push(smalls[next++]!);
    }
    groups.push(g);
    calls += Math.max(1, Math.ceil(g.reduce((a, i) => a + weights[i]!, 0) / C));
  }
  while (next < smalls.length) {
    const g = smalls.slice(next, next + Q);
    next += g.length;
    groups.push(g);
    calls += Math.max(1, Math.ceil(g.reduce((a, i) => a + weights[i]!, 0) / C));
  }
  return { groups, calls, lowerBound };
}

/**
 * Period of a whole-window statistic: the aligned window's length (a whole number of the
 * retention period chosen for the window, so it is a multiple of 60, 300 or 3,600 s as
 * retention requires), giving one datapoint per query.
 */
export function wholeWindowPeriod(points: number, periodSeconds: number): number {
  return Math.max(1, points) * periodSeconds;
}
