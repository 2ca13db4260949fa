import { resolve } from 'node:path';
import { TOOL } from '../version.js';
import { extrapolatePayloadVolume } from '../models/payload/volume.js';
import { analysePayloads, type PayloadInput, type PayloadReport } from '../models/payload/payload.js';
import { SDK_STANDARD_RETRY } from '../models/throttling/retries.js';
import { simulateThrottling, type ThrottleSettings, type TrafficGrid } from '../models/throttling/report.js';
import type { ArrivalModel } from '../models/throttling/window-risk.js';
import type { LimitsConfig } from '../models/throttling/config.js';
import type { Finding } from '../models/types.js';
import { loadPriceBook } from '../prices/load.js';
import { buildLimits, limitsSchema, readLimitsFile } from '../traffic/limits.js';
import { readPayloadFile } from '../traffic/payload-file.js';
import { readTraffic, type Gap } from '../traffic/series.js';
import type { SimulateResult } from '../formatters/simulate/result.js';
import type { AppDeps } from './deps.js';
import type { SimulateRequest } from './requests.js';

/** A simulation with the inputs it ran on (the report draws the traffic grid against the limits). */
export interface Simulation {
  result: SimulateResult;
  grid: TrafficGrid;
  limits: LimitsConfig;
  settings: ThrottleSettings;
  payloadInput: PayloadInput | undefined;
}

/** At most this many gap findings are listed one by one. */
const MAX_GAP_FINDINGS = 10;

/**
 * Findings about the traffic as read: gaps (unknown counts, not zeros) and a count period that was
 * inferred as longer than a minute from sparse timestamps.
 */
export function trafficFindings(gaps: readonly Gap[], inferredPeriodSeconds: number | undefined): Finding[] {
  const out: Finding[] = gaps.slice(0, MAX_GAP_FINDINGS).map((gap) => ({
    code: 'TRAFFIC_GAP',
    level: 'warn',
    message: `series "${gap.series}": ${gap.periods} period(s) missing, first at ${new Date(gap.firstMs).toISOString()}; they add no load here, so results for those periods are lower bounds (the count is unknown, not zero)`,
  }));
  if (gaps.length > MAX_GAP_FINDINGS)
    out.push({
      code: 'TRAFFIC_GAP',
      level: 'warn',
      message: `${gaps.length - MAX_GAP_FINDINGS} more series have gaps (see the JSON output)`,
    });
  if (inferredPeriodSeconds !== undefined && inferredPeriodSeconds !== 60) {
    // CloudWatch leaves idle minutes out, so sparse per-minute exports can look like a longer period
    out.push({
      code: 'PERIOD_INFERRED',
      level: 'warn',
      message: `the count period was inferred as ${inferredPeriodSeconds} s from the smallest step between timestamps; if these are per-minute counts with idle minutes left out, pass --period 60 (a longer period spreads each count over more time and understates the risk)`,
    });
  }
  return out;
}

/** Use case `simulate`: traffic and throttles → the simulation every format prints, with what it ran on. */
export async function simulate(req: SimulateRequest, deps: AppDeps): Promise<Simulation> {
  const trafficFile = req.traffic === undefined ? undefined : resolve(deps.cwd, req.traffic);
  const model: ArrivalModel =
    req.arrivals === 'overdispersed' ? { kind: 'overdispersed', k: req.dispersion } : ({ kind: req.arrivals } as ArrivalModel);
  const limitsFile = req.limits === undefined ? undefined : resolve(deps.cwd, req.limits);
  let limitsData = limitsFile ? readLimitsFile(limitsFile) : undefined;
  // from files, check the limits before reading the (possibly large) traffic file
  let limits = req.fromCloudWatch ? undefined : buildLimits(limitsData, req.limitFlags);
  let traffic: { grid: TrafficGrid; gaps: Gap[] };
  const cloudWatchNotes: string[] = [];
  let cloudWatchLatency: PayloadInput | undefined;
  if (req.fromCloudWatch) {
    // the AWS SDK loads only here; the configured throttles apply unless --limits is given
    const cwReq = req.fromCloudWatch;
    const { readFromCloudWatch } = await import('../adapters/aws/from-cloudwatch.js');
    const cw = await readFromCloudWatch(deps.awsSession(cwReq.aws), {
      days: cwReq.days,
      nowMs: deps.now(),
      byRoute: cwReq.byRoute,
      api: cwReq.api,
    });
    traffic = cw.traffic;
    limitsData ??= limitsSchema.parse(cw.limits);
    // without --payload, the integration latency percentiles CloudWatch measured feed the timeout check
    if (req.payload === undefined && cw.latency) {
      cloudWatchLatency = cw.latency.input;
      cw.notes.push(cw.latency.note);
    }
    cloudWatchNotes.push(...cw.notes);
    for (const n of cw.notes) deps.progress(`simulate: ${n}\n`);
  } else {
    deps.progress(`simulate: reading ${req.traffic}\n`);
    traffic = readTraffic(trafficFile!, req.period);
  }
  limits ??= buildLimits(limitsData, req.limitFlags);
  const settings: ThrottleSettings = {
    model,
    target: req.target,
    seed: req.seed,
    samples: req.samples,
    dpBudget: 1e7,
    debit: req.layerDebit,
    retries: req.retries === 'sdk-standard' ? { ...SDK_STANDARD_RETRY, maxAttempts: req.maxAttempts } : undefined,
    maxRecommendations: 5,
  };
  const g = traffic.grid;
  deps.progress(`simulate: ${g.series.length} series × ${g.nPeriods} periods of ${g.periodSeconds} s\n`);
  const simulated = () => simulateThrottling(g, limits, settings, deps.memo);
  const throttle = deps.memo ? deps.memo('simulateThrottling', [g, limits, settings], simulated) : simulated();

  let payload: PayloadReport | undefined;
  const payloadInput = req.payload === undefined ? cloudWatchLatency : readPayloadFile(resolve(deps.cwd, req.payload));
  if (payloadInput) {
    const volume = extrapolatePayloadVolume(payloadInput, throttle.offered, g.nPeriods * g.periodSeconds);
    payload = analysePayloads(volume.input, await loadPriceBook(limits.region));
    payload.assumptions.push(...volume.assumptions);
  }

  const inferred = req.period === undefined && !req.fromCloudWatch ? g.periodSeconds : undefined;
  const gapFindings = trafficFindings(traffic.gaps, inferred);

  const result: SimulateResult = {
    tool: { ...TOOL },
    seed: req.seed,
    inputs: [
      { name: 'traffic', value: req.traffic ?? `CloudWatch, last ${req.daysText} days`, origin: req.fromCloudWatch ? 'aws' : 'flag' },
      { name: 'period', value: `${g.periodSeconds} s`, origin: req.period === undefined ? 'inferred' : 'flag' },
      { name: 'region', value: limits.region, origin: req.limitFlags.region ? 'flag' : limitsFile ? 'file' : 'default' },
      { name: 'account', value: `${limits.account.rate} rps / burst ${limits.account.burst}`, origin: limits.account.origin },
      ...(req.limits ? [{ name: 'limits', value: req.limits, origin: 'flag' }] : []),
      ...(limits.anyStage
        ? [{ name: 'stage default', value: `${limits.anyStage.rate} rps / burst ${limits.anyStage.burst}`, origin: 'flag' }]
        : []),
      {
        name: 'arrivals',
        value: model.kind === 'overdispersed' ? `overdispersed k=${model.k}` : model.kind,
        origin: req.arrivalsGiven ? 'flag' : 'default',
      },
      { name: 'target', value: String(req.target), origin: 'flag' },
      { name: 'layer debit', value: settings.debit, origin: 'flag' },
      { name: 'retries', value: settings.retries ? `sdk-standard, ${req.maxAttempts} attempts` : 'none', origin: 'flag' },
      ...(req.payload ? [{ name: 'payload', value: req.payload, origin: 'flag' }] : []),
    ],
    throttle,
    gaps: traffic.gaps,
    payload,
    target: req.target,
    findings: [...gapFindings, ...throttle.findings, ...(payload?.findings ?? [])],
    assumptions: [...throttle.assumptions, ...(payload?.assumptions ?? []), ...cloudWatchNotes],
  };
  return { result, grid: g, limits, settings, payloadInput };
}
