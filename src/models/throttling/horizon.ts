import type { LayerDebit } from './layered.js';

/**
 * The horizon pass: every series, every period, through every layer, in one deterministic
 * sweep (the bench's "30 days × 1,000 series × 3 layers").
 *
 * Each period's count is treated as fluid: spread evenly over the period (`uniform`) or all
 * at the period start (`at-start`, the worst-case arrival model). For one bucket with deficit
 * Δ = burst − tokens, inflow a over T seconds and refill r: x = Δ + a − r·T, 429s = max(0, x − b)
 * and the new deficit is clamp(x, 0, b) — exact for fluid inflow, because the deficit moves
 * linearly within the period (a fluid token bucket, one slot per period).
 *
 * Layers are processed in AWS order (quota, usage-plan method, usage-plan key, stage/route,
 * account): each bucket rejects a share of its inflow and that share is removed from every
 * series through it, so each 429 is attributed to the first failing layer. With
 * `all-or-nothing` debit the deficits are then updated with the requests finally admitted
 * (a request rejected later took no token here); with `sequential` with those that passed
 * this layer. Approximation (documented): within a period each layer sees its inflow evenly
 * spread even when an earlier layer cut it part-way through.
 *
 * Gaps (NaN counts) add no load and are reported by the caller: results for periods with
 * gaps are lower bounds, never read as "zero traffic was observed".
 */
export interface HorizonBucket {
  rate: number;
  burst: number;
  /** Position in AWS order: lower ranks are evaluated first. */
  rank: number;
}

export interface HorizonQuota {
  limit: number;
  /** Requests subtracted from the limit in the first window (QuotaSettings.offset). */
  offset: number;
  /** Series whose requests count against this quota (every request the quota lets through, throttled afterwards or not). */
  members: number[];
  /** Quota window id of every period (the quota resets when it changes). */
  windowOfPeriod: Int32Array;
}

export interface HorizonInput {
  periodSeconds: number;
  nPeriods: number;
  /** Per series, one count per period; NaN = gap. */
  counts: readonly ArrayLike<number>[];
  buckets: readonly HorizonBucket[];
  /** Per series, the indices of the buckets that apply to it (evaluation order comes from `rank`). */
  chains: readonly (readonly number[])[];
  quotas: readonly HorizonQuota[];
  within: 'uniform' | 'at-start';
  debit: LayerDebit;
}

/** Counts held per block of periods (64 K values, 512 KB: within a core's L2 cache). */
const BLOCK_VALUES = 1 << 16;

/** Offered-count histogram per bucket: geometric bins of ratio BIN_RATIO. */
export const BIN_RATIO = 1.1;
export const N_BINS = 256;
const LOG_BIN = Math.log(BIN_RATIO);

export interface BucketStats {
  offered: number;
  /** 429s attributed to this bucket. */
  rejected: number;
  peakOffered: number;
  peakPeriod: number;
  /** Deficit (tokens missing) at the start of the peak period. */
  deficitAtPeak: number;
  /** Largest deficit reached at a period end. */
  maxDeficit: number;
  /** Seconds from the horizon start to the first fluid 429, if any. */
  first429: number | undefined;
  /** Periods per offered-count bin, their largest count, fluid 429s, and periods with ≥ 1 fluid 429. */
  binPeriods: Float64Array;
  binMax: Float64Array;
  binRejected: Float64Array;
  binSure: Float64Array;
}

export interface HorizonResult {
  buckets: BucketStats[];
  /** Per series: offered, rejected by a throttle, rejected by a quota, periods observed, gap periods. */
  seriesOffered: Float64Array;
  seriesRejected: Float64Array;
  seriesQuotaRejected: Float64Array;
  seriesGaps: Int32Array;
  quotaRejected: number[];
  /** Period index where each quota first ran out, if it did. */
  quotaExhaustedAt: (number | undefined)[];
}

export function binOf(count: number): number {
  if (count < 1) return -1;
  if (count < SMALL) return smallBins()[Math.floor(count)]!; // the hot loop: skip the logarithm
  return Math.min(N_BINS - 1, Math.floor(Math.log(count) / LOG_BIN + 1e-12));
}

/** Bin of every whole count below SMALL (a fractional count takes its floor's bin; bins are 10 % wide). */
const SMALL = 1 << 16;
let smallBinTable: Uint8Array | undefined;
function smallBins(): Uint8Array {
  if (!smallBinTable) {
    smallBinTable = new Uint8Array(SMALL);
    for (let c = 1; c < SMALL; c++) smallBinTable[c] = Math.floor(Math.log(c) / LOG_BIN + 1e-12);
  }
  return smallBinTable;
}

export function runHorizon(input: HorizonInput): HorizonResult {
  const { periodSeconds: T, nPeriods, counts, buckets, quotas, within, debit } = input;
  const nSeries = counts.length;
  const nB = buckets.length;
  // members of each bucket, buckets in rank order
  const members: Int32Array[] = [];
  {
    const lists: number[][] = buckets.map(() => []);
    input.chains.forEach((chain, s) => {
      for (const j of chain) lists[j]!.push(s);
    });
    for (const l of lists) members.push(Int32Array.from(l));
  }
  const order = buckets.map((_, j) => j).sort((a, b) => buckets[a]!.rank - buckets[b]!.rank || a - b);
  const rate = Float64Array.from(buckets, (b) => b.rate);
  const burst = Float64Array.from(buckets, (b) => b.burst);
  const deficit = new Float64Array(nB);
  const start = new Float64Array(nB); // deficits at the period start (all-or-nothing recomputation)
  const flow = new Float64Array(nSeries);
  const seriesOffered = new Float64Array(nSeries);
  const seriesRejected = new Float64Array(nSeries);
  const seriesQuotaRejected = new Float64Array(nSeries);
  const seriesGaps = new Int32Array(nSeries);
  const quotaLeft = quotas.map((q) => q.limit - q.offset);
  const quotaRejected = quotas.map(() => 0);
  const quotaExhaustedAt: (number | undefined)[] = quotas.map(() => undefined);
  const atStart = within === 'at-start';
  const allOrNothing = debit === 'all-or-nothing';

  // hot-loop state in flat typed arrays (the bench runs ~130 M bucket steps)
  const peakOffered = new Float64Array(nB).fill(-1);
  const peakPeriod = new Int32Array(nB);
  const deficitAtPeak = new Float64Array(nB);
  const maxDeficit = new Float64Array(nB);
  const offered = new Float64Array(nB);
  const rejectedSum = new Float64Array(nB);
  const first429 = new Float64Array(nB).fill(-1);
  // the four per-bin statistics interleaved (periods, max, rejected, sure): one cache line per update
  const bins = new Float64Array(nB * N_BINS * 4);
  const small = smallBins();

  // counts are read a block of periods at a time, period-major (block[k·nSeries + s]): each
  // series' array is read in order, and a period's counts then lie side by side
  const blockLen = Math.max(1, Math.min(nPeriods, Math.floor(BLOCK_VALUES / Math.max(1, nSeries))));
  const block = new Float64Array(blockLen * nSeries);
  for (let p = 0; p < nPeriods; p++) {
    const k = p % blockLen;
    if (k === 0) {
      const len = Math.min(blockLen, nPeriods - p);
      for (let s = 0; s < nSeries; s++) {
        const series = counts[s]!;
        for (let i = 0; i < len; i++) block[i * nSeries + s] = series[p + i]!;
      }
    }
    const row = k * nSeries;
    for (let s = 0; s < nSeries; s++) {
      const c = block[row + s]!;
      if (Number.isNaN(c)) {
        flow[s] = 0;
        seriesGaps[s]!++;
      } else {
        flow[s] = c;
        seriesOffered[s]! += c;
      }
    }
    // usage-plan quotas: a request beyond the remaining quota is a 429 "Limit Exceeded"
    for (let q = 0; q < quotas.length; q++) {
      const quota = quotas[q]!;
      if (p > 0 && quota.windowOfPeriod[p] !== quota.windowOfPeriod[p - 1]) quotaLeft[q] = quota.limit;
      let a = 0;
      for (const s of quota.members) a += flow[s]!;
      const left = Math.max(0, quotaLeft[q]!);
      if (a > left) {
        const keep = left / a;
        for (const s of quota.members) {
          const cut = flow[s]! * (1 - keep);
          seriesQuotaRejected[s]! += cut;
          flow[s]! -= cut;
        }
        quotaRejected[q]! += a - left;
        if (quotaExhaustedAt[q] === undefined) quotaExhaustedAt[q] = p;
      }
      // the quota counts every request it lets through, whether a throttle rejects it afterwards or not
      quotaLeft[q] = left - Math.min(a, left);
    }
    // throttles, in AWS order
    let lastRejectAt = -1;
    if (allOrNothing) start.set(deficit);
    for (let oi = 0; oi < nB; oi++) {
      const j = order[oi]!;
      const mem = members[j]!;
      let a = 0;
      for (let i = 0; i < mem.length; i++) a += flow[mem[i]!]!;
      offered[j]! += a;
      const d = deficit[j]!;
      if (a > peakOffered[j]!) {
        peakOffered[j] = a;
        peakPeriod[j] = p;
        deficitAtPeak[j] = d;
      }
      const b = burst[j]!;
      const rejected = atStart ? Math.max(0, a - (b - d)) : Math.max(0, d + a - rate[j]! * T - b);
      if (a >= 1) {
        const k = (j * N_BINS + (a < SMALL ? small[a | 0]! : binOf(a))) * 4;
        bins[k]!++;
        if (a > bins[k + 1]!) bins[k + 1] = a;
        if (rejected > 0) {
          bins[k + 2]! += rejected;
          if (rejected >= 1) bins[k + 3]!++;
        }
      }
      if (rejected > 0) {
        rejectedSum[j]! += rejected;
        if (first429[j]! < 0) {
          const within429 = atStart ? 0 : (b - d) / (a / T - rate[j]!);
          first429[j] = p * T + Math.max(0, within429);
        }
        const keep = 1 - rejected / a;
        for (let i = 0; i < mem.length; i++) {
          const s = mem[i]!;
          const cut = flow[s]! * (1 - keep);
          seriesRejected[s]! += cut;
          flow[s]! -= cut;
        }
      }
      deficit[j] = nextDeficit(d, a - rejected, rate[j]! * T, b);
      if (rejected > 0) lastRejectAt = oi;
    }
    // all-or-nothing: buckets evaluated before the last rejecting one took tokens for requests
    // that a later layer rejected; recompute their deficits from the requests finally admitted
    if (allOrNothing && lastRejectAt > 0) {
      for (let oi = 0; oi < lastRejectAt; oi++) {
        const j = order[oi]!;
        const mem = members[j]!;
        let admitted = 0;
        for (let i = 0; i < mem.length; i++) admitted += flow[mem[i]!]!;
        deficit[j] = nextDeficit(start[j]!, admitted, rate[j]! * T, burst[j]!);
      }
    }
    for (let j = 0; j < nB; j++) if (deficit[j]! > maxDeficit[j]!) maxDeficit[j] = deficit[j]!;
  }
  const stats: BucketStats[] = buckets.map((_, j) => ({
    offered: offered[j]!,
    rejected: rejectedSum[j]!,
    peakOffered: peakOffered[j]!,
    peakPeriod: peakPeriod[j]!,
    deficitAtPeak: deficitAtPeak[j]!,
    maxDeficit: maxDeficit[j]!,
    first429: first429[j]! < 0 ? undefined : first429[j]!,
    binPeriods: binColumn(bins, j, 0),
    binMax: binColumn(bins, j, 1),
    binRejected: binColumn(bins, j, 2),
    binSure: binColumn(bins, j, 3),
  }));
  return { buckets: stats, seriesOffered, seriesRejected, seriesQuotaRejected, seriesGaps, quotaRejected, quotaExhaustedAt };
}

/** One statistic of one bucket's bins, out of the interleaved array. */
function binColumn(bins: Float64Array, bucket: number, field: number): Float64Array {
  const out = new Float64Array(N_BINS);
  for (let i = 0; i < N_BINS; i++) out[i] = bins[(bucket * N_BINS + i) * 4 + field]!;
  return out;
}

function nextDeficit(d: number, admitted: number, refill: number, burst: number): number {
  const x = d + admitted - refill;
  return x <= 0 ? 0 : x >= burst ? burst : x;
}
