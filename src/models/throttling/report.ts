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
import { diffusionLoss, md1kLoss, MD1K_MAX_K, NEGLIGIBLE_P, type WindowRisk } from './poisson.js';
import { estimateRetries, type RetryEstimate, type RetryPolicy } from './retries.js';
import type { Recommendation } from './search.js';
import { type Component, componentsOf, jointForecast, verifiedRecommendation } from './groups.js';
import { DEFAULT_FORECAST, forecastBucket, screenBound, trafficThrough, type BucketForecast, type ForecastOptions } from './forecast.js';
import { atStartFirst429Seconds, fluidFirst429Seconds, type BucketLimits } from './token-bucket.js';
import { describeArrivals, type ArrivalModel } from './window-risk.js';

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
  /** Engine budgets (defaults: DEFAULT_FORECAST). */
  forecast?: Partial<Omit<ForecastOptions, 'k' | 'seed' | 'samples'>>;
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
  /** The riskiest period (highest P(any 429)), its figures and the engine that computed them. */
  peak: WindowRisk;
  /** Engine that computed this bucket's stochastic figures (screen, closed form, lattice, monte carlo, not computed, fluid). */
  engine: string;
  /** Start of the riskiest period. */
  riskiestStartMs: number;
  /** P(any 429 charged to this bucket over the whole traffic), with its interval. */
  pAnyHorizon: number;
  pAnyHorizonLow: number;
  pAnyHorizonHigh: number;
  expected429Low: number;
  expected429High: number;
  /** Expected number of periods with at least one 429. */
  periodsWith429: number;
  /**
   * Per period, the figure gates read (estimate, else the proven bound, else NaN = unknown) of
   * P(any 429 charged to the bucket); undefined for deterministic models (no per-period risk).
   */
  pAnyByPeriod: Float32Array | undefined;
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
  /** The binding bucket's busiest-period risk; a proven upper bound when `busiestIsBound`. */
  busiestWindowPAny: number;
  busiestIsBound: boolean;
  /** P(any 429 over the horizon); an upper bound when `horizonIsBound`. */
  horizonPAny: number;
  horizonIsBound: boolean;
  /**
   * Proven upper bound on the 429s of the buckets computed by the `bound` engine (no estimate);
   * `expected429` counts the others. 0 when every bucket has an estimate.
   */
  expected429Bound: number;
  retries: (RetryEstimate & { bucket: string }) | undefined;
  findings: Finding[];
  assumptions: string[];
}

/**
 * A store for pure computations (tests only: the CLI passes none): `compute()`'s value for these
 * inputs, computed once and answered again for equal inputs.
 */
export type PureStore = <T>(name: string, inputs: readonly unknown[], compute: () => T) => T;

/** `store`: tests only; each bucket's forecast (a pure, seeded function of its limits, traffic and options) is taken from it. */
export function simulateThrottling(grid: TrafficGrid, limits: LimitsConfig, s: ThrottleSettings, store?: PureStore): ThrottleReport {
  const topo = buildTopology(grid.series, limits);
  const T = grid.periodSeconds;
  const quotaInputs = topo.quotas.map((q) => ({
    limit: q.limit,
    offset: q.offset,
    members: q.members,
    windowOfPeriod: quotaWindows(grid.startMs, T, grid.nPeriods, q.period),
  }));
  const horizon = runHorizon({
    periodSeconds: T,
    nPeriods: grid.nPeriods,
    counts: grid.counts,
    buckets: topo.buckets.map((b) => ({ rate: b.rate, burst: b.burst, rank: rankOf(b.layer) })),
    chains: topo.chains,
    quotas: quotaInputs,
    within: s.model.kind === 'worst-case' ? 'at-start' : 'uniform',
    debit: s.debit,
  });
  const deterministic = s.model.kind === 'uniform' || s.model.kind === 'worst-case';
  // what reaches the throttles: the counts after the usage-plan quotas (a Poisson stream thinned
  // by a fixed fraction stays Poisson)
  const passed = quotaPassed(grid, quotaInputs);
  const bucketCounts = topo.buckets.map((_, j) => trafficThrough(passed, topo.chains, j, grid.nPeriods));
  const k = s.model.kind === 'overdispersed' ? s.model.k : Infinity;
  const options = (j: number): ForecastOptions => ({
    ...DEFAULT_FORECAST,
    ...s.forecast,
    k,
    seed: bucketSeed(s.seed, j),
    samples: s.samples,
  });
  const forecasts: (BucketForecast | undefined)[] = topo.buckets.map(() => undefined);
  /** Per component: its bucket indices, and P(any 429 anywhere in it). */
  const components: Component[] = [];
  if (!deterministic) {
    // buckets that cannot throttle (proven, Poisson) decouple from the layers they share traffic with
    const live = topo.buckets.map((b, j) => Number.isFinite(k) || screenBound(b, bucketCounts[j]!, T).p > NEGLIGIBLE_P);
    for (const comp of componentsOf(topo.chains, live, topo.buckets.length)) {
      if (comp.length === 1) {
        const j = comp[0]!;
        const l = { rate: topo.buckets[j]!.rate, burst: topo.buckets[j]!.burst };
        const forecast = () => forecastBucket(l, bucketCounts[j]!, T, options(j));
        const f = store ? store('forecastBucket', [l, bucketCounts[j]!, T, options(j)], forecast) : forecast();
        forecasts[j] = f;
        const bound = f.engine === 'bound';
        components.push({ members: comp, horizon: bound ? f.horizon.high : f.horizon.est, bound });
      } else {
        const joint = jointForecast(comp, topo.buckets, topo.chains, passed, T, s.debit, options(comp[0]!));
        comp.forEach((j, i) => {
          forecasts[j] = joint.forecasts[i]!;
        });
        const bound = joint.forecasts.some((f) => f.engine === 'bound');
        // a joint run that fell back to bounds: the union of its buckets' bounds
        const horizonBound = Math.min(
          1,
          joint.forecasts.reduce((a, f) => a + (Number.isFinite(f.horizon.high) ? f.horizon.high : 1), 0),
        );
        components.push({ members: comp, horizon: bound ? horizonBound : joint.anyHorizon, bound });
      }
    }
  }
  const buckets = topo.buckets.map((def, j) => bucketReport(def, horizon.buckets[j]!, grid, s, forecasts[j], bucketCounts[j]!));
  markBinding(buckets);
  const ranked = buckets
    .map((_b, j) => j)
    .sort((a, b) => riskOf(buckets[b]!) - riskOf(buckets[a]!) || buckets[b]!.expected429 - buckets[a]!.expected429 || a - b);
  const binding = ranked[0] ?? 0;
  for (const j of ranked.slice(0, s.maxRecommendations)) {
    const b = buckets[j]!;
    if (!(riskOf(b) > s.target) || deterministic || b.engine === 'not computed') continue;
    b.recommendation = verifiedRecommendation(j, b, topo, bucketCounts, passed, components, T, s, options);
  }
  const offered = sum(horizon.seriesOffered);
  const quota429 = horizon.quotaRejected.reduce((a, v) => a + v, 0);
  // buckets with only a proven bound add to `expected429Bound`; one that is unknown makes the total unknown
  let known = 0;
  let bounded = 0;
  for (const b of buckets) {
    if (Number.isFinite(b.expected429)) known += b.expected429;
    else if (b.engine === 'bound' && Number.isFinite(b.expected429High)) bounded += b.expected429High;
    else known = Number.NaN;
  }
  const expected429 = Math.min(offered, known + quota429);
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
  // components share no traffic, so they are independent
  const horizonPAny = deterministic
    ? 1 - buckets.reduce((a, b) => a * (1 - b.pAnyHorizon), 1)
    : 1 - components.reduce((a, c) => a * (1 - (Number.isFinite(c.horizon) ? c.horizon : 1)), 1);
  const horizonIsBound = !deterministic && components.some((c) => c.bound);
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
    busiestWindowPAny: riskOf(b0),
    busiestIsBound: !Number.isFinite(b0.peak.pAny) && b0.engine === 'bound',
    horizonPAny,
    horizonIsBound,
    expected429Bound: bounded,
    retries,
    findings: [],
    assumptions: assumptions(s, T, grid),
  };
  report.findings = findings(report, limits, s);
  return report;
}

/**
 * The figure gates and rankings use: the estimate; for the `bound` engine its proven upper bound
 * (a gate passes only on a proof); 1 when it could not be computed (unknown is not zero).
 */
function riskOf(b: BucketReport): number {
  return figureValue(b.peak.pAny, b.peak.pAnyHigh);
}

/** An estimate, else a finite upper bound, else 1 (for probabilities). */
function figureValue(est: number, high: number): number {
  return Number.isFinite(est) ? est : Number.isFinite(high) ? high : 1;
}

/** Per series and period, the requests that pass the usage-plan quota (a quota counts every request it lets through). */
function quotaPassed(
  grid: TrafficGrid,
  quotas: { limit: number; offset: number; members: number[]; windowOfPeriod: Int32Array }[],
): Float64Array[] {
  const out = grid.counts.map((c) => Float64Array.from(c, (x) => (Number.isFinite(x) && x > 0 ? x : 0)));
  for (const q of quotas) {
    let left = q.limit - q.offset;
    for (let p = 0; p < grid.nPeriods; p++) {
      if (p > 0 && q.windowOfPeriod[p] !== q.windowOfPeriod[p - 1]) left = q.limit;
      let a = 0;
      for (const si of q.members) a += out[si]![p]!;
      const pass = Math.min(a, Math.max(0, left));
      if (a > 0 && pass < a) for (const si of q.members) out[si]![p]! *= pass / a;
      left -= pass;
    }
  }
  return out;
}

function rankOf(layer: LayerKind): number {
  return { 'usage-plan method': 0, 'usage-plan key': 1, stage: 2, account: 3 }[layer];
}

function bucketReport(
  def: BucketDef,
  st: BucketStats,
  grid: TrafficGrid,
  s: ThrottleSettings,
  f: BucketForecast | undefined,
  counts: Float64Array,
): BucketReport {
  const T = grid.periodSeconds;
  const peakCount = Math.max(0, st.peakOffered);
  const peakRps = peakCount / T;
  let peak: WindowRisk;
  let riskiest = st.peakPeriod;
  let pAnyHorizon: number;
  let hLow: number;
  let hHigh: number;
  let expected429: number;
  let eLow: number;
  let eHigh: number;
  let periodsWith429 = 0;
  if (f) {
    let best = -1;
    let bestV = -1;
    f.pAny.forEach((x, p) => {
      const v = figureValue(x.est, x.high);
      if (best < 0 || v > bestV || (v === bestV && counts[p]! > counts[best]!)) {
        best = p;
        bestV = v;
      }
      // an estimate only: a bucket with bounds (or nothing) has no expected count of periods with a 429
      periodsWith429 += Number.isFinite(x.est) ? x.est : Number.NaN;
    });
    riskiest = Math.max(0, best);
    const p = f.pAny[riskiest] ?? { est: 0, low: 0, high: 0 };
    const e = f.e429[riskiest] ?? { est: 0, low: 0, high: 0 };
    peak = { pAny: p.est, pAnyLow: p.low, pAnyHigh: p.high, e429: e.est, e429Low: e.low, e429High: e.high, method: f.method };
    pAnyHorizon = f.horizon.est;
    hLow = f.horizon.low;
    hHigh = f.horizon.high;
    expected429 = f.total429.est;
    eLow = f.total429.low;
    eHigh = f.total429.high;
  } else {
    // deterministic arrivals: the fluid / at-start horizon pass is the model
    const sure = st.rejected > 0 ? 1 : 0;
    peak = {
      pAny: sure,
      pAnyLow: sure,
      pAnyHigh: sure,
      e429: st.rejected,
      e429Low: st.rejected,
      e429High: st.rejected,
      method: s.model.kind === 'worst-case' ? 'deterministic: all requests at the period start' : 'deterministic: fluid, evenly spread',
    };
    let periods = 0;
    for (let i = 0; i < N_BINS; i++) periods += st.binSure[i]!;
    periodsWith429 = periods;
    pAnyHorizon = hLow = hHigh = sure;
    expected429 = eLow = eHigh = st.rejected;
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
    expected429,
    expected429Low: eLow,
    expected429High: eHigh,
    peakStartMs: grid.startMs + st.peakPeriod * T * 1000,
    riskiestStartMs: grid.startMs + riskiest * T * 1000,
    peakCount,
    peakRps,
    rateHeadroom: def.rate > 0 ? 1 - peakRps / def.rate : -Infinity,
    burstHeadroom: def.burst > 0 ? 1 - st.maxDeficit / def.burst : 0,
    first429Seconds: st.first429,
    first429AtPeakSeconds: s.model.kind === 'worst-case' ? atStartFirst429Seconds(def, peakCount, T) : fluidFirst429Seconds(def, peakRps),
    peak,
    engine: f ? f.engine : 'fluid',
    pAnyByPeriod: f ? Float32Array.from(f.pAny, (x) => (Number.isFinite(x.est) ? x.est : x.high < 1 ? x.high : Number.NaN)) : undefined,
    pAnyHorizon,
    pAnyHorizonLow: hLow,
    pAnyHorizonHigh: hHigh,
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

function assumptions(s: ThrottleSettings, T: number, grid: TrafficGrid): string[] {
  const stochastic = s.model.kind === 'poisson' || s.model.kind === 'overdispersed';
  const out = [
    `SUBMINUTE_MODELLED: only per-period counts are known (period ${T} s); ${describeArrivals(s.model)}`,
    'BUCKET_SEMANTICS: continuous refill, bucket full at the start of the traffic only (each later period starts from the state the previous one left), a request needs one whole token, a 429 takes no token',
    s.debit === 'all-or-nothing'
      ? 'LAYER_DEBIT: all-or-nothing — a request is admitted only if every layer has a token and only then takes one from each; a 429 is charged to the first failing layer in AWS order (usage-plan method, usage-plan key, stage method/route, account)'
      : 'LAYER_DEBIT: sequential — layers are debited in AWS order until one fails; tokens already taken stay taken',
    stochastic
      ? 'ENGINES: each bucket names its engine — a proven bound, a closed form, the exact lattice chain (one bucket, Poisson) or event-level Monte Carlo of the same model (layers that can both throttle are simulated jointly); intervals are certified for the lattice and 95 % statistical for Monte Carlo'
      : 'HORIZON_PASS: the deterministic arrivals are run period by period with each bucket carried across periods',
    'USAGE_PLAN_QUOTA: a quota counts every request with the key that it lets through, including requests a throttle rejects afterwards (AWS: "the maximum number of requests with a given API key that can be submitted within a specified time interval"); requests beyond it get 429 "Limit Exceeded" before the throttles',
    'BEST_EFFORT: AWS applies throttles as targets, not exact ceilings; it may admit more or fewer than this ideal bucket',
    s.retries
      ? `RETRY_POLICY: clients retry 429s, ${s.retries.maxAttempts} attempts, full-jitter backoff base ${s.retries.baseSeconds} s cap ${s.retries.capSeconds} s (AWS SDK standard mode); simulated event by event on the binding bucket's busiest window from a full bucket`
      : 'RETRY_POLICY: none — clients do not resubmit 429s (most non-SDK HTTP clients)',
  ];
  const unsplit = new Set(grid.series.filter((m) => m.route === undefined).map((m) => `${m.api ?? '*'}/${m.stage ?? '*'}`));
  if (unsplit.size > 0)
    out.push(
      `STAGE_METHODS_UNSPLIT: traffic of ${[...unsplit].slice(0, 3).join(', ')}${unsplit.size > 3 ? ', …' : ''} is not split by method/route; AWS gives every method its own stage bucket, here one bucket takes the whole stage's traffic (pessimistic); add a route column to split it`,
    );
  if (stochastic) out.push(`SEED: ${s.seed}; Monte Carlo uses up to ${s.samples} replicates`);
  return out;
}
