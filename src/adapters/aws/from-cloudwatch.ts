import { InputError } from '../../errors.js';
import { readApiGateway, toLimitsFile, type LimitsFileData } from './apigateway.js';
import { readCloudWatchTraffic, type CloudWatchTraffic } from './cloudwatch.js';
import { withDeadline, type AwsSession } from './session.js';
import { fmtMs, timeoutMs, type StageMetrics } from '../../models/cloudwatch/detail.js';
import { fromPercentiles } from '../../models/payload/distribution.js';
import type { PayloadInput } from '../../models/payload/payload.js';

/**
 * `--from-cloudwatch` for estimate and simulate. Import this module lazily (only when the flag is
 * given) so the SDK loads only then.
 */
export interface FromCloudWatch {
  /** Same shape as src/traffic/series.ts ParsedTraffic ({ grid, gaps, file }) plus what was read. */
  traffic: CloudWatchTraffic;
  /** Configured throttles, in the limits-file shape (pass through limitsSchema.parse → buildLimits). */
  limits: LimitsFileData;
  /** Lines for stderr / the report's assumptions (period, calls, gaps, access denied…). */
  notes: string[];
  /**
   * Integration latency as the payload analysis takes it (what a payload file's
   * `integrationLatencyMs` percentiles give), from the stage whose p99 is closest to its
   * integration timeout; undefined when no stage has integration latency percentiles.
   */
  latency: { input: PayloadInput; note: string } | undefined;
}

/**
 * p50, p90, p99 (and the maximum, when CloudWatch has it) of the stage whose integration latency
 * p99 is the largest share of its timeout: the timeout check then runs on the stage most at risk.
 */
export function latencyInput(stages: readonly StageMetrics[]): FromCloudWatch['latency'] {
  const known = stages.filter((x) => x.apiType !== undefined && x.integrationLatency?.p99 !== undefined);
  if (known.length === 0) return undefined;
  const share = (x: StageMetrics) => x.integrationLatency!.p99! / timeoutMs(x);
  const worst = [...known].sort((a, b) => share(b) - share(a))[0]!;
  const l = worst.integrationLatency!;
  const named: Array<[string, number, number | undefined]> = [
    ['p50', 0.5, l.p50],
    ['p90', 0.9, l.p90],
    ['p99', 0.99, l.p99],
    ['max', 1, l.max],
  ];
  const given = named.filter((x): x is [string, number, number] => x[2] !== undefined);
  const points = given.map(([, q, v]): [number, number] => [q, v]);
  const input: PayloadInput = {
    apiType: worst.apiType!,
    requests: undefined,
    responses: undefined,
    messages: undefined,
    integrationLatencyMs: fromPercentiles(points),
    requestsPerMonth: undefined,
    messagesPerMonth: undefined,
  };
  const what = given.map(([name, , v]) => `${name} ${fmtMs(v)}`).join(', ');
  return {
    input,
    note: `PAYLOAD_FROM_CLOUDWATCH: integration latency of ${worst.apiType} ${worst.api}/${worst.stage} over the window (${what}), the highest p99 against its timeout of ${known.length} stage(s) with integration latency; no --payload file`,
  };
}

/** What to read: plain parameters (the command validates `--days`; the app supplies the clock). */
export interface CloudWatchReadParams {
  /** Window length in days (1 … 455). */
  days: number;
  /** End of the window, ms since the epoch. */
  nowMs: number;
  /** One series per route/resource instead of per stage. */
  byRoute: boolean;
  /** Only this API (name or id). */
  api: string | undefined;
}

/** Read the traffic, configured throttles and integration latency of the session's Region. */
export async function readFromCloudWatch(s: AwsSession, p: CloudWatchReadParams): Promise<FromCloudWatch> {
  // within the command's AWS deadline (APIGW_PLAN_AWS_TIMEOUT)
  return withDeadline(s, async () => {
    const inv = await readApiGateway(s);
    const t = await readCloudWatchTraffic(s, inv.apis, { days: p.days, nowMs: p.nowMs, byRoute: p.byRoute, api: p.api });
    if (!t)
      throw new InputError('CloudWatch metrics could not be listed (cloudwatch:ListMetrics denied)', {
        where: '--from-cloudwatch',
        hint: 'grant the policy from `apigw-plan iam-policy`, or pass --traffic FILE',
      });
    if (t.grid.series.length === 0)
      throw new InputError(`no API Gateway traffic in CloudWatch for ${s.region} in the last ${p.days} days`, {
        where: '--from-cloudwatch',
        hint: 'check --region and --api, or pass --traffic FILE',
      });
    const notes = [
      `CLOUDWATCH_PERIOD: ${t.period.reason}; ${t.grid.series.length} series × ${t.grid.nPeriods} periods; ${t.calls} GetMetricData call(s)`,
    ];
    for (const f of s.findings) notes.push(`${f.code}: ${f.message}`);
    return { traffic: t, limits: toLimitsFile(inv, undefined, notes), notes, latency: latencyInput(t.stages) };
  });
}

/** The traffic totals of a CloudWatch read as plain figures: what was counted, over how long, and the busiest period. */
export interface TrafficTotals {
  /** Length of the window read, in seconds. */
  windowSeconds: number;
  restRequests: number;
  httpRequests: number;
  websocketMessages: number;
  /** Requests (or messages) per second in the busiest period; undefined when nothing was counted. */
  peakRps: number | undefined;
}

export function trafficTotals(t: CloudWatchTraffic): TrafficTotals {
  return {
    windowSeconds: t.windowMs / 1000,
    restRequests: t.totals.rest,
    httpRequests: t.totals.http,
    websocketMessages: t.totals.websocketMessages,
    peakRps: t.peak ? t.peak.sum / t.peak.periodSeconds : undefined,
  };
}
