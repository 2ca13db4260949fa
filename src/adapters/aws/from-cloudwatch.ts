import type { Io } from '../../cli.js';
import { InputError } from '../../errors.js';
import { readApiGateway, toLimitsFile, type LimitsFileData } from './apigateway.js';
import { readCloudWatchTraffic, type CloudWatchTraffic } from './cloudwatch.js';
import { nowFrom, sessionFrom } from './session.js';
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

function days(opts: Record<string, unknown>): number {
  const d = Number(opts.days ?? 14);
  if (!Number.isFinite(d) || d <= 0 || d > 455)
    throw new InputError(`--days ${String(opts.days)} is not valid: it must be between 1 and 455`, {
      where: '--days',
      hint: 'e.g. --days 14',
    });
  return d;
}

export async function readFromCloudWatch(
  opts: Record<string, unknown>,
  io: Io,
  overrides?: Record<string, unknown>,
): Promise<FromCloudWatch> {
  const s = sessionFrom(opts, io, overrides);
  const nowMs = nowFrom(io);
  const inv = await readApiGateway(s);
  const t = await readCloudWatchTraffic(s, inv.apis, {
    days: days(opts),
    nowMs,
    byRoute: opts.byRoute === true,
    api: opts.api as string | undefined,
  });
  if (!t)
    throw new InputError('CloudWatch metrics could not be listed (cloudwatch:ListMetrics denied)', {
      where: '--from-cloudwatch',
      hint: 'grant the policy from `apigw-plan iam-policy`, or pass --traffic FILE',
    });
  if (t.grid.series.length === 0)
    throw new InputError(`no API Gateway traffic in CloudWatch for ${s.region} in the last ${days(opts)} days`, {
      where: '--from-cloudwatch',
      hint: 'check --region and --api, or pass --traffic FILE',
    });
  const notes = [
    `CLOUDWATCH_PERIOD: ${t.period.reason}; ${t.grid.series.length} series × ${t.grid.nPeriods} periods; ${t.calls} GetMetricData call(s)`,
  ];
  for (const f of s.findings) notes.push(`${f.code}: ${f.message}`);
  return { traffic: t, limits: toLimitsFile(inv, undefined, notes), notes, latency: latencyInput(t.stages) };
}

/**
 * Estimate flags from the real traffic: monthly volumes extrapolated to a 730-hour month, and
 * the peak-to-average ratio of the busiest period. Values are strings, as commander gives them.
 */
export async function estimateFlagsFromCloudWatch(
  opts: Record<string, unknown>,
  io: Io,
  overrides?: Record<string, unknown>,
): Promise<{ flags: Record<string, string>; notes: string[] }> {
  const r = await readFromCloudWatch(opts, io, overrides);
  const t = r.traffic;
  const seconds = t.windowMs / 1000;
  const perMonth = (n: number) => Math.round((n / seconds) * 730 * 3600);
  const flags: Record<string, string> = {};
  const types: string[] = [];
  const requests = t.totals.rest + t.totals.http;
  if (requests > 0) flags.requests = String(perMonth(requests));
  if (t.totals.rest > 0) types.push('rest');
  if (t.totals.http > 0) types.push('http');
  if (t.totals.websocketMessages > 0) {
    flags.messages = String(perMonth(t.totals.websocketMessages));
    types.push('websocket');
  }
  if (types.length) flags.apiType = types.join(',');
  const all = requests + t.totals.websocketMessages;
  if (t.peak && all > 0) {
    const mean = all / seconds;
    const ratio = t.peak.sum / t.peak.periodSeconds / mean;
    flags.peakToAverage = ratio.toFixed(2);
  }
  r.notes.push(
    `FROM_CLOUDWATCH: ${Object.entries(flags)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (extrapolated to a 730-hour month from ${(seconds / 86400).toFixed(1)} days)`,
  );
  return { flags, notes: r.notes };
}
