import type { Finding } from '../types.js';
import {
  buildTopology,
  quotaWindows,
  QUOTA_CODE_BURST,
  QUOTA_CODE_RATE,
  type BucketDef,
  type LayerKind,
  type LimitsConfig,
  type SeriesMeta,
} from './config.js';
import { runHorizon, N_BINS, type BucketStats } from './horizon.js';
import type { LayerDebit } from './layered.js';
import { diffusionLoss, md1kLoss, MD1K_MAX_K, type WindowRisk } from './poisson.js';
import { estimateRetries, type RetryEstimate, type RetryPolicy } from './retries.js';
import { recommend, type Recommendation } from './search.js';
import { atStartFirst429Seconds, fluidFirst429Seconds, type BucketLimits } from './token-bucket.js';
import { describeArrivals, riskAtMost, slotSecondsFor, windowRisk, type ArrivalModel, type RiskSettings } from './window-risk.js';

/** The seed of bucket `j`'s sampled risk figures: one rule, shared by everything that re-evaluates a bucket's risk. */
export const bucketSeed = (seed: number, j: number): number => seed + 7919 * j;
/** Counts on a regular grid: series × periods, NaN where a period is missing (a gap). */
export interface TrafficGrid {
  startMs: number;
  periodSeconds: number;
  nPeriods: number;
  series: SeriesMeta[];
  counts: Float64Array[];
}

export interface ThrottleSettings {
  model: ArrivalModel;
  /** Target for P(any 429 in a window). */
  target: number;
  seed: number;
  samples: number;
  dpBudget: number;
  debit: LayerDebit;
  retries: RetryPolicy | undefined;
  /** How many at-risk buckets get a settings search (it is the expensive part). */
  maxRecommendations: number;
}

export interface BucketReport {
  id: string;
  label: string;
  layer: LayerKind;
  rate: number;
  burst: number;
  origin: string;
  offered: number;
  /** 429s attributed to this bucket by the deterministic horizon pass. */
  fluid429: number;
  /** Expected 429s over the horizon under the arrival model (each period evaluated at its count). */
  expected429: number;
  peakStartMs: number;
  peakCount: number;
  peakRps: number;
  /** 1 − peak rps / rate. */
  rateHeadroom: number;
  /** 1 − largest deficit (horizon pass) / burst. */
  burstHeadroom: number;
  /** Fluid: seconds from the horizon start to the first 429. */
  first429Seconds: number | undefined;
  /** Seconds to the first 429 if the peak period repeated from a full bucket (fluid; at-start for worst-case arrivals). */
  first429AtPeakSeconds: number | undefined;
  peak: WindowRisk;
  /** P(any 429 over the horizon), periods taken as independent. */
  pAnyHorizon: number;
  /** Expected number of periods with at least one 429. */
  periodsWith429: number;
  /** Long-run 429 fraction if the peak rate were sustained (M/D/1/K for Poisson, else a screen). */
  longRun429AtPeak: number;
  bindingInLayer: boolean;
  recommendation: Recommendation | undefined;
}

export interface QuotaReport {
  id: string;
  plan: string;
  key: string;
  limit: number;
  period: string;
  rejected: number;
  exhaustedAtMs: number | undefined;
}

export interface ThrottleReport {
  periodSeconds: number;
  nPeriods: number;
  startMs: number;
  offered: number;
  expected429: number;
  quota429: number;
  buckets: BucketReport[];
  quotas: QuotaReport[];
  /** Index into `buckets` of the bucket with the highest peak-window risk. */
  binding: number;
  busiestWindowPAny: number;
  horizonPAny: number;
  retries: (RetryEstimate & { bucket: string }) | undefined;
  findings: Finding[];
  assumptions: string[];
}

export function simulateThrottling(grid: TrafficGrid, limits: LimitsConfig, s: ThrottleSettings): ThrottleReport {
  const topo = buildTopology(grid.series, limits);
  const T = grid.periodSeconds;
  const horizon = runHorizon({
    periodSeconds: T,
    nPeriods: grid.nPeriods,
    counts: grid.counts,
    buckets: topo.buckets.map((b) => ({ rate: b.rate, burst: b.burst, rank: rankOf(b.layer) })),
    chains: topo.chains,
    quotas: topo.quotas.map((q) => ({
      limit: q.limit,
      offset: q.offset,
      members: q.members,
      windowOfPeriod: quotaWindows(grid.startMs, T, grid.nPeriods, q.period),
    })),
    within: s.model.kind === 'worst-case' ? 'at-start' : 'uniform',
    debit: s.debit,
  });
  // every evaluation is a pure function of its arguments (seeded): the peak window, the top bin
  // and the search's current setting are the same evaluation, computed once
  const memo = new Map<string, WindowRisk>();
  // one slot length per bucket, from its configured limits, for every evaluation of that bucket
  const bucketSettings = topo.buckets.map((b, j) => ({ ...riskSettings(s, T, bucketSeed(s.seed, j)), slotSeconds: slotSecondsFor(b) }));
  const risk =
    (bucketIndex: number) =>
    (l: BucketLimits, count: number, deficit: number): WindowRisk => {
      const key = `${bucketIndex}|${l.rate}|${l.burst}|${count}|${deficit}`;
      let r = memo.get(key);
      if (!r) memo.set(key, (r = windowRisk(l, count, deficit, bucketSettings[bucketIndex]!)));
      return r;
    };
  const buckets = topo.buckets.map((def, j) => bucketReport(def, horizon.buckets[j]!, grid, s, risk(j)));
  markBinding(buckets);
  const ranked = buckets
    .map((_b, j) => j)
    .sort((a, b) => buckets[b]!.peak.pAny - buckets[a]!.peak.pAny || buckets[b]!.expected429 - buckets[a]!.expected429 || a - b);
  const binding = ranked[0] ?? 0;
  for (const j of ranked.slice(0, s.maxRecommendations)) {
    const b = buckets[j]!;
    if (b.peak.pAny <= s.target) break;
    const settings = bucketSettings[j]!;
    // "P(any 429) ≤ target" by the upper end of the evaluation, answered by a certified screen or
    // coarse bracket when one decides (the same answer; see riskAtMost)
    const passes = (l: BucketLimits): boolean => {
      const key = `${j}|${l.rate}|${l.burst}|${b.peakCount}|0`;
      const known = memo.get(key);
      return known ? known.pAnyHigh <= s.target : riskAtMost(l, b.peakCount, 0, settings, s.target);
    };
    b.recommendation = recommend(b, b.peakRps, b.layer === 'account', passes);
  }
  const offered = sum(horizon.seriesOffered);
  const quota429 = horizon.quotaRejected.reduce((a, v) => a + v, 0);
  const expected429 = Math.min(offered, buckets.reduce((a, b) => a + b.expected429, 0) + quota429);
  const quotas: QuotaReport[] = topo.quotas.map((q, i) => ({
    id: q.id,
    plan: q.plan,
    key: q.key,
    limit: q.limit,
    period: q.period,
    rejected: horizon.quotaRejected[i]!,
    exhaustedAtMs: horizon.quotaExhaustedAt[i] === undefined ? undefined : grid.startMs + horizon.quotaExhaustedAt[i]! * T * 1000,
  }));
  const b0 = buckets[binding]!;
  const retries =
    s.retries && b0.peakCount > 0
      ? {
          bucket: b0.label,
          ...estimateRetries(b0, b0.peakCount, T, 0, s.retries, {
            seed: s.seed,
            replicates: Math.max(10, Math.min(s.samples, Math.floor(2e6 / b0.peakCount))),
            k: s.model.kind === 'overdispersed' ? s.model.k : Infinity,
          }),
        }
      : undefined;
  const report: ThrottleReport = {
    periodSeconds: T,
    nPeriods: grid.nPeriods,
    startMs: grid.startMs,
    offered,
    expected429,
    quota429,
    buckets,
    quotas,
    binding,
    busiestWindowPAny: b0.peak.pAny,
    horizonPAny: 1 - buckets.reduce((a, b) => a * (1 - b.pAnyHorizon), 1),
    retries,
    findings: [],
    assumptions: assumptions(s, T),
  };
  report.findings = findings(report, limits, s);
  return report;
}

function rankOf(layer: LayerKind): number {
  return { 'usage-plan method': 0, 'usage-plan key': 1, stage: 2, account: 3 }[layer];
}

function riskSettings(s: ThrottleSettings, T: number, seed: number): RiskSettings {
  return { model: s.model, seconds: T, seed, samples: s.samples, dpBudget: s.dpBudget };
}

type RiskFn = (l: BucketLimits, count: number, deficit: number) => WindowRisk;

function bucketReport(def: BucketDef, st: BucketStats, grid: TrafficGrid, s: ThrottleSettings, risk: RiskFn): BucketReport {
  const T = grid.periodSeconds;
  const peakCount = Math.max(0, st.peakOffered);
  const peakRps = peakCount / T;
  const peak = risk(def, peakCount, st.deficitAtPeak);
  // Horizon figures from the offered-count histogram: each bin is evaluated at its largest
  // count (an upper value, P and E are non-decreasing in the count), top bin first, stopping
  // once the risk is negligible; periods where the fluid pass already throttles count as sure.
  let logNoneAll = 0;
  let periodsWith429 = 0;
  let expected429 = 0;
  const deterministic = s.model.kind === 'uniform' || s.model.kind === 'worst-case';
  let negligible = false;
  for (let bin = N_BINS - 1; bin >= 0; bin--) {
    const n = st.binPeriods[bin]!;
    if (n === 0) continue;
    const sure = st.binSure[bin]!;
    let p = 0;
    let e = 0;
    if (!deterministic && !negligible) {
      const r = risk(def, st.binMax[bin]!, 0);
      p = r.pAny;
      e = r.e429;
      negligible = r.pAnyHigh < 1e-12;
    }
    const pBin = Math.max(p, 0);
    periodsWith429 += sure + (n - sure) * pBin;
    logNoneAll += sure > 0 ? -Infinity : n * Math.log1p(-Math.min(pBin, 1 - 1e-16));
    expected429 += Math.max(st.binRejected[bin]!, n * e);
  }
  const lambda = peakRps;
  const longRun = longRunLoss(def, lambda, s.model);
  return {
    id: def.id,
    label: def.label,
    layer: def.layer,
    rate: def.rate,
    burst: def.burst,
    origin: def.origin,
    offered: st.offered,
    fluid429: st.rejected,
    expected429: deterministic ? st.rejected : expected429,
    peakStartMs: grid.startMs + st.peakPeriod * T * 1000,
    peakCount,
    peakRps,
    rateHeadroom: def.rate > 0 ? 1 - peakRps / def.rate : -Infinity,
    burstHeadroom: def.burst > 0 ? 1 - st.maxDeficit / def.burst : 0,
    first429Seconds: st.first429,
    first429AtPeakSeconds: s.model.kind === 'worst-case' ? atStartFirst429Seconds(def, peakCount, T) : fluidFirst429Seconds(def, peakRps),
    peak,
    pAnyHorizon: 1 - Math.exp(logNoneAll),
    periodsWith429,
    longRun429AtPeak: longRun,
    bindingInLayer: false,
    recommendation: undefined,
  };
}

function longRunLoss(l: BucketLimits, lambda: number, model: ArrivalModel): number {
  if (lambda <= 0) return 0;
  if (model.kind === 'poisson' && Number.isInteger(l.burst) && l.burst <= MD1K_MAX_K && l.rate > 0)
    return md1kLoss(lambda / l.rate, l.burst);
  if (model.kind === 'poisson' || model.kind === 'overdispersed') {
    const dispersion = model.kind === 'overdispersed' ? 1 + lambda / model.k : 1;
    return diffusionLoss(lambda, l.rate, l.burst, dispersion);
  }
  return Math.max(0, 1 - l.rate / lambda);
}

function markBinding(buckets: BucketReport[]): void {
  const best = new Map<LayerKind, BucketReport>();
  for (const b of buckets) {
    const cur = best.get(b.layer);
    if (!cur || b.peak.pAny > cur.peak.pAny || (b.peak.pAny === cur.peak.pAny && b.rateHeadroom < cur.rateHeadroom)) best.set(b.layer, b);
  }
  for (const b of best.values()) b.bindingInLayer = true;
}

function sum(a: Float64Array): number {
  let t = 0;
  for (const v of a) t += v;
  return t;
}

function pct(x: number): string {
  return `${(100 * x).toPrecision(3)} %`;
}

function findings(r: ThrottleReport, limits: LimitsConfig, s: ThrottleSettings): Finding[] {
  const out: Finding[] = [];
  const acct = limits.account;
  for (const b of r.buckets) {
    if (b.burst < 1) {
      out.push({
        code: 'THROTTLE_ZERO_BURST',
        level: 'error',
        message: `${b.label}: burst ${b.burst} rejects every request with 429 (an HTTP API stage with DefaultRouteSettings but no throttling values gets 0/0); set a burst of at least 1`,
      });
    }
    if (b.layer !== 'account' && (b.rate > acct.rate || b.burst > acct.burst)) {
      const code = b.layer === 'stage' ? 'STAGE_LIMIT_ABOVE_ACCOUNT' : 'USAGE_PLAN_LIMIT_ABOVE_ACCOUNT';
      out.push({
        code,
        level: 'warn',
        message: `${b.label}: configured ${b.rate} rps / burst ${b.burst}, but the account limit ${acct.rate} rps / burst ${acct.burst} caps it; effective at most ${Math.min(b.rate, acct.rate)} rps / burst ${Math.min(b.burst, acct.burst)} (and the account bucket is shared by every API in the Region)`,
      });
    }
    if (b.peak.pAny > s.target || b.fluid429 > 0) {
      const sure = b.fluid429 > 0;
      out.push({
        code: 'THROTTLE_429_RISK',
        level: sure ? 'error' : 'warn',
        message:
          `${b.label} (${b.layer}, ${b.rate} rps / burst ${b.burst}): P(any 429 in the busiest ${windowLabel(r.periodSeconds)}) ${pct(b.peak.pAny)} vs target ${pct(s.target)}; ` +
          `peak ${fmt(b.peakRps)} rps; expected 429s over the horizon ${fmt(b.expected429)}` +
          (sure ? `; even evenly spread traffic is throttled (${fmt(b.fluid429)} requests)` : ''),
      });
    }
  }
  const account = r.buckets.find((b) => b.layer === 'account');
  if (account?.recommendation) {
    const want = account.recommendation.accountRateScaledBurst ?? account.recommendation.rateAtCurrentBurst;
    if (want !== undefined) {
      out.push({
        code: 'ACCOUNT_QUOTA_INCREASE',
        level: 'warn',
        message: `the account throttle binds: request a rate of at least ${fmt(want)} rps for quota ${QUOTA_CODE_RATE} (Throttle rate, adjustable in Service Quotas, region ${limits.region}); the burst (${QUOTA_CODE_BURST}) is set by AWS and not adjustable — this assumes it scales to rate/2`,
      });
    }
  }
  for (const q of r.quotas) {
    if (q.rejected > 0) {
      out.push({
        code: 'USAGE_PLAN_QUOTA_EXHAUSTED',
        level: 'warn',
        message: `usage plan ${q.plan}, key ${q.key}: the ${q.period} quota of ${fmt(q.limit)} ran out (first at ${new Date(q.exhaustedAtMs!).toISOString()}); ${fmt(q.rejected)} requests get 429 "Limit Exceeded"`,
      });
    }
  }
  if (r.retries) {
    const x = r.retries;
    out.push({
      code: 'RETRY_AMPLIFICATION',
      level: x.finalFailures > 0 ? 'warn' : 'info',
      message: `with retries (${s.retries!.maxAttempts} attempts) the busiest window of ${x.bucket} sees ${fmt(x.attempts)} attempts for ${fmt(x.firstAttempts)} requests (×${(x.attempts / Math.max(1, x.firstAttempts)).toFixed(3)}); first-attempt 429s ${fmt(x.first429)}, attempt 429s ${fmt(x.attempt429)}, requests failed after all attempts ${fmt(x.finalFailures)}`,
    });
  }
  return out;
}

export function windowLabel(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}-min window` : `${seconds}-s window`;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 2 : 4;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function assumptions(s: ThrottleSettings, T: number): string[] {
  const out = [
    `SUBMINUTE_MODELLED: only per-period counts are known (period ${T} s); ${describeArrivals(s.model)}`,
    'BUCKET_SEMANTICS: continuous refill, bucket full at the start of the horizon, a request needs one whole token, a 429 takes no token',
    s.debit === 'all-or-nothing'
      ? 'LAYER_DEBIT: all-or-nothing — a request is admitted only if every layer has a token and only then takes one from each; a 429 is charged to the first failing layer in AWS order (usage-plan method, usage-plan key, stage method/route, account)'
      : 'LAYER_DEBIT: sequential — layers are debited in AWS order until one fails; tokens already taken stay taken',
    'HORIZON_PASS: counts spread evenly within each period (fluid) carry each bucket from period to period; expected 429s per period are the larger of that and the arrival model evaluated from a full bucket at the period count',
    'PERIODS_INDEPENDENT: P(any 429 over the horizon) treats periods and buckets as independent',
    'BEST_EFFORT: AWS applies throttles as targets, not exact ceilings; it may admit more or fewer than this ideal bucket',
    s.retries
      ? `RETRY_POLICY: clients retry 429s, ${s.retries.maxAttempts} attempts, full-jitter backoff base ${s.retries.baseSeconds} s cap ${s.retries.capSeconds} s (AWS SDK standard mode); simulated event by event on the binding bucket's busiest window`
      : 'RETRY_POLICY: none — clients do not resubmit 429s (most non-SDK HTTP clients)',
  ];
  if (s.model.kind === 'poisson' || s.model.kind === 'overdispersed')
    out.push(`SEED: ${s.seed}; Monte Carlo fallbacks use ${s.samples} replicates`);
  return out;
}
