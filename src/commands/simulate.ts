import { resolve } from 'node:path';
import type { CommandResult, Io } from '../cli.js';
import { TOOL } from '../version.js';
import { InputError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { analysePayloads, type PayloadReport } from '../models/payload/payload.js';
import { SDK_STANDARD_RETRY } from '../models/throttling/retries.js';
import { simulateThrottling, type ThrottleSettings, type TrafficGrid } from '../models/throttling/report.js';
import type { ArrivalModel } from '../models/throttling/window-risk.js';
import type { Finding } from '../models/types.js';
import { loadPriceBook } from '../prices/load.js';
import { buildLimits, limitsSchema, readLimitsFile, type LimitFlags } from '../traffic/limits.js';
import { readPayloadFile } from '../traffic/payload-file.js';
import type { PayloadInput } from '../models/payload/payload.js';
import type { LimitsConfig } from '../models/throttling/config.js';
import { readTraffic, type Gap } from '../traffic/series.js';
import { formatSimulateJson } from '../formatters/simulate/json.js';
import { formatSimulateMarkdown } from '../formatters/simulate/markdown.js';
import { verdict, type SimulateResult } from '../formatters/simulate/result.js';
import { formatSimulateTable } from '../formatters/simulate/table.js';

const HOURS_PER_MONTH = 730;

function num(opts: Record<string, unknown>, name: string, flag: string, check: (n: number) => boolean, must: string): number | undefined {
  const raw = opts[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (String(raw).trim() === '' || !Number.isFinite(n) || !check(n))
    throw new InputError(`${flag} ${String(raw)} is not valid: it must be ${must}`, {
      where: flag,
      hint: `e.g. ${flag} ${must.includes('integer') ? '5' : '0.5'}`,
    });
  return n;
}

const nonNeg = (n: number): boolean => n >= 0;
const posInt = (n: number): boolean => Number.isInteger(n) && n > 0;
const nonNegInt = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** A simulation with the inputs it ran on (the report draws the traffic grid against the limits). */
export interface Simulation {
  result: SimulateResult;
  grid: TrafficGrid;
  limits: LimitsConfig;
  settings: ThrottleSettings;
  payloadInput: PayloadInput | undefined;
}

/** Flags (or a config's simulate block) → the simulation every format prints. */
export async function simulateResult(opts: Record<string, unknown>, io: Io): Promise<SimulateResult> {
  return (await runSimulation(opts, io)).result;
}

/** Flags → the simulation and what it ran on. Relative paths resolve from `io.cwd`. */
export async function runSimulation(opts: Record<string, unknown>, io: Io): Promise<Simulation> {
  const trafficArg = opts.traffic as string | undefined;
  const trafficFile = trafficArg === undefined ? undefined : resolve(io.cwd, trafficArg);
  const fromCloudWatch = opts.fromCloudwatch === true;
  if (!trafficFile && !fromCloudWatch) {
    throw new InputError('simulate needs request counts', {
      where: '--traffic',
      hint: 'pass --traffic <file.csv|file.json> (see examples/traffic/), or --from-cloudwatch with AWS credentials',
    });
  }
  if (trafficFile && fromCloudWatch)
    throw new InputError('--traffic and --from-cloudwatch both give the traffic', { where: '--from-cloudwatch', hint: 'use one of them' });
  const flags: LimitFlags = {
    region: opts.region as string | undefined,
    rate: num(opts, 'rate', '--rate', nonNeg, 'a number >= 0 (requests per second)'),
    burst: num(opts, 'burst', '--burst', nonNegInt, 'an integer >= 0'),
    accountRate: num(opts, 'accountRate', '--account-rate', nonNeg, 'a number >= 0 (requests per second)'),
    accountBurst: num(opts, 'accountBurst', '--account-burst', nonNegInt, 'an integer >= 0'),
  };
  const period = num(opts, 'period', '--period', posInt, 'a positive integer number of seconds');
  const target = num(opts, 'target', '--target', (n) => n > 0 && n < 1, 'a probability between 0 and 1 (exclusive)')!;
  const k = num(opts, 'dispersion', '--dispersion', (n) => n > 0, 'a number > 0')!;
  const seed = num(opts, 'seed', '--seed', (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'an integer between 0 and 4294967295')!;
  const samples = num(opts, 'samples', '--samples', (n) => posInt(n) && n <= 1_000_000, 'an integer between 1 and 1,000,000')!;
  const maxAttempts = num(opts, 'maxAttempts', '--max-attempts', (n) => posInt(n) && n <= 20, 'an integer between 1 and 20')!;
  const arrivals = String(opts.arrivals ?? 'poisson');
  const model: ArrivalModel = arrivals === 'overdispersed' ? { kind: 'overdispersed', k } : ({ kind: arrivals } as ArrivalModel);

  const limitsArg = opts.limits as string | undefined;
  const limitsFile = limitsArg === undefined ? undefined : resolve(io.cwd, limitsArg);
  let limitsData = limitsFile ? readLimitsFile(limitsFile) : undefined;
  // from files, check the limits before reading the (possibly large) traffic file
  let limits = fromCloudWatch ? undefined : buildLimits(limitsData, flags);
  let traffic: { grid: TrafficGrid; gaps: Gap[] };
  const cloudWatchNotes: string[] = [];
  let cloudWatchLatency: PayloadInput | undefined;
  if (fromCloudWatch) {
    // the AWS SDK loads only here; the configured throttles apply unless --limits is given
    const { readFromCloudWatch } = await import('../adapters/aws/from-cloudwatch.js');
    const cw = await readFromCloudWatch(opts, io);
    traffic = cw.traffic;
    limitsData ??= limitsSchema.parse(cw.limits);
    // without --payload, the integration latency percentiles CloudWatch measured feed the timeout check
    if (opts.payload === undefined && cw.latency) {
      cloudWatchLatency = cw.latency.input;
      cw.notes.push(cw.latency.note);
    }
    cloudWatchNotes.push(...cw.notes);
    for (const n of cw.notes) io.stderr(`simulate: ${n}\n`);
  } else {
    io.stderr(`simulate: reading ${trafficArg}\n`);
    traffic = readTraffic(trafficFile!, period);
  }
  limits ??= buildLimits(limitsData, flags);
  const settings: ThrottleSettings = {
    model,
    target,
    seed,
    samples,
    dpBudget: 1e7,
    debit: opts.layerDebit === 'sequential' ? 'sequential' : 'all-or-nothing',
    retries: opts.retries === 'sdk-standard' ? { ...SDK_STANDARD_RETRY, maxAttempts } : undefined,
    maxRecommendations: 5,
  };
  const g = traffic.grid;
  io.stderr(`simulate: ${g.series.length} series × ${g.nPeriods} periods of ${g.periodSeconds} s\n`);
  const throttle = simulateThrottling(g, limits, settings);

  let payload: PayloadReport | undefined;
  const payloadArg = opts.payload as string | undefined;
  const payloadInput = payloadArg === undefined ? cloudWatchLatency : readPayloadFile(resolve(io.cwd, payloadArg));
  if (payloadInput) {
    const perMonth = (throttle.offered / (g.nPeriods * g.periodSeconds)) * HOURS_PER_MONTH * 3600;
    const filled = {
      ...payloadInput,
      requestsPerMonth: payloadInput.requestsPerMonth ?? perMonth,
      messagesPerMonth: payloadInput.messagesPerMonth ?? perMonth,
    };
    payload = analysePayloads(filled, await loadPriceBook(limits.region));
    if (payloadInput.requestsPerMonth === undefined && payloadInput.apiType !== 'websocket')
      payload.assumptions.push(
        `PAYLOAD_VOLUME: ${Math.round(perMonth).toLocaleString('en-US')} requests per month extrapolated from the traffic (730-hour month)`,
      );
    if (payloadInput.messagesPerMonth === undefined && payloadInput.apiType === 'websocket')
      payload.assumptions.push(
        `PAYLOAD_VOLUME: ${Math.round(perMonth).toLocaleString('en-US')} messages per month extrapolated from the traffic (730-hour month)`,
      );
  }

  const gapFindings: Finding[] = traffic.gaps.slice(0, 10).map((gap) => ({
    code: 'TRAFFIC_GAP',
    level: 'warn',
    message: `series "${gap.series}": ${gap.periods} period(s) missing, first at ${new Date(gap.firstMs).toISOString()}; they add no load here, so results for those periods are lower bounds (the count is unknown, not zero)`,
  }));
  if (traffic.gaps.length > 10)
    gapFindings.push({
      code: 'TRAFFIC_GAP',
      level: 'warn',
      message: `${traffic.gaps.length - 10} more series have gaps (see the JSON output)`,
    });
  if (period === undefined && !fromCloudWatch && g.periodSeconds !== 60) {
    // CloudWatch leaves idle minutes out, so sparse per-minute exports can look like a longer period
    gapFindings.push({
      code: 'PERIOD_INFERRED',
      level: 'warn',
      message: `the count period was inferred as ${g.periodSeconds} s from the smallest step between timestamps; if these are per-minute counts with idle minutes left out, pass --period 60 (a longer period spreads each count over more time and understates the risk)`,
    });
  }

  const result: SimulateResult = {
    tool: { ...TOOL },
    seed,
    inputs: [
      { name: 'traffic', value: trafficArg ?? `CloudWatch, last ${String(opts.days)} days`, origin: fromCloudWatch ? 'aws' : 'flag' },
      { name: 'period', value: `${g.periodSeconds} s`, origin: period === undefined ? 'inferred' : 'flag' },
      { name: 'region', value: limits.region, origin: flags.region ? 'flag' : limitsFile ? 'file' : 'default' },
      { name: 'account', value: `${limits.account.rate} rps / burst ${limits.account.burst}`, origin: limits.account.origin },
      ...(limitsArg ? [{ name: 'limits', value: limitsArg, origin: 'flag' }] : []),
      ...(limits.anyStage
        ? [{ name: 'stage default', value: `${limits.anyStage.rate} rps / burst ${limits.anyStage.burst}`, origin: 'flag' }]
        : []),
      {
        name: 'arrivals',
        value: model.kind === 'overdispersed' ? `overdispersed k=${model.k}` : model.kind,
        origin: opts.arrivals === undefined ? 'default' : 'flag',
      },
      { name: 'target', value: String(target), origin: 'flag' },
      { name: 'layer debit', value: settings.debit, origin: 'flag' },
      { name: 'retries', value: settings.retries ? `sdk-standard, ${maxAttempts} attempts` : 'none', origin: 'flag' },
      ...(payloadArg ? [{ name: 'payload', value: payloadArg, origin: 'flag' }] : []),
    ],
    throttle,
    gaps: traffic.gaps,
    payload,
    target,
    findings: [...gapFindings, ...throttle.findings, ...(payload?.findings ?? [])],
    assumptions: [...throttle.assumptions, ...(payload?.assumptions ?? []), ...cloudWatchNotes],
  };
  return { result, grid: g, limits, settings, payloadInput };
}

export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const result = await simulateResult(opts, io);
  const { throttle, target } = result;
  const format = String(opts.format ?? 'table');
  const stdout =
    format === 'json' ? formatSimulateJson(result) : format === 'markdown' ? formatSimulateMarkdown(result) : formatSimulateTable(result);
  const failed = opts.failAboveTarget === true && throttle.busiestWindowPAny > target;
  if (failed) io.stderr(`simulate: gate failed — ${verdict(result)}\n`);
  return { stdout, exitCode: failed ? EXIT.GATE_FAILED : EXIT.OK };
}
