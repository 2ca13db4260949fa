import { InputError } from '../errors.js';
import { MAX_QUANTITY, ParseError, parseNumber, toNumber } from '../options/units.js';
import { FORECAST_DEFAULTS } from '../models/defaults.js';
import type { AwsTarget } from './deps.js';
import { DAY_MS } from '../models/calendar.js';

/**
 * Typed requests, parsed once per command from the options a command's definitions produce
 * (commander's parsed flags, or a `check` config block with the same keys and defaults). This is
 * the single validation path for the flags the app layer takes: each number has one range, here.
 * Estimate flags are parsed (with their origins) by src/scenario/build.ts, the one reader of them.
 */
export type ParsedOptions = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A number flag in a range; `must` reads "it must be …". Undefined when not given. */
export function numberFlag(
  opts: ParsedOptions,
  name: string,
  flag: string,
  check: (n: number) => boolean,
  must: string,
  example = must.includes('integer') ? '5' : '0.5',
): number | undefined {
  const raw = opts[name];
  if (raw === undefined) return undefined;
  // the shared strict grammar (src/options/units.ts): no comma, hex, exponent or absurd magnitude, never rounded
  let n: number;
  try {
    n = toNumber(raw, { min: -MAX_QUANTITY });
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    throw new InputError(`${flag} ${String(raw)} is not valid: it must be ${must} (${e.message})`, {
      where: flag,
      hint: `e.g. ${flag} ${example}`,
    });
  }
  if (!check(n))
    throw new InputError(`${flag} ${String(raw)} is not valid: it must be ${must}`, { where: flag, hint: `e.g. ${flag} ${example}` });
  return n;
}

/** A whole number of days for a CloudWatch window, from `min` to 455 (CloudWatch keeps 1-hour data 455 days). */
function daysFlag(opts: ParsedOptions, min: 0 | 1): number {
  const raw = opts.days ?? '14';
  try {
    return parseNumber(String(raw), { integer: true, min, max: 455 });
  } catch (e) {
    throw new InputError(
      `--days ${String(raw)} is not valid: it must be a whole number of days between ${min} and 455 (${(e as Error).message})`,
      {
        where: '--days',
        hint: 'e.g. --days 14 (1-minute data), --days 60 (5-minute data)',
      },
    );
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

const nonNeg = (n: number): boolean => n >= 0;
const posInt = (n: number): boolean => Number.isInteger(n) && n > 0;
const nonNegInt = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** The AWS target of a command (`--region`, `--profile`, `--endpoint-url`). */
export function awsTarget(opts: ParsedOptions): AwsTarget {
  return { region: str(opts.region), profile: str(opts.profile), endpointUrl: str(opts.endpointUrl) };
}

/** `--from-cloudwatch` of estimate and simulate. */
export interface CloudWatchRequest {
  aws: AwsTarget;
  /** Window in days, 1 … 455 (CloudWatch keeps 1-hour data 455 days). */
  days: number;
  api: string | undefined;
  byRoute: boolean;
}

/** The CloudWatch request when `--from-cloudwatch` is given; `--days` is checked only then. */
export function cloudWatchRequest(opts: ParsedOptions): CloudWatchRequest | undefined {
  if (opts.fromCloudwatch !== true) return undefined;
  const d = daysFlag(opts, 1);
  return { aws: awsTarget(opts), days: d, api: str(opts.api), byRoute: opts.byRoute === true };
}

/** `apigw-plan estimate` (and the estimate part of `report` and `check`). */
export interface EstimateRequest {
  /** The estimate flags by attribute name, as given (strings, booleans; numbers from a config file). */
  flags: ParsedOptions;
  /** Scenario file (JSON/YAML), relative to `deps.cwd`. */
  scenario: string | undefined;
  /** Price snapshot file instead of the bundled one, relative to `deps.cwd`. */
  prices: string | undefined;
  fromCloudWatch: CloudWatchRequest | undefined;
}

export function estimateRequest(opts: ParsedOptions): EstimateRequest {
  if (opts.fromCloudwatch === true && opts.scenario !== undefined)
    throw new InputError('--from-cloudwatch and --scenario both describe traffic', { where: '--from-cloudwatch', hint: 'use one of them' });
  return { flags: { ...opts }, scenario: str(opts.scenario), prices: str(opts.prices), fromCloudWatch: cloudWatchRequest(opts) };
}

/** The throttles given by flag (they override a limits file). */
export interface LimitFlagValues {
  region: string | undefined;
  rate: number | undefined;
  burst: number | undefined;
  accountRate: number | undefined;
  accountBurst: number | undefined;
}

/** `apigw-plan simulate` (and the simulation of `report` and `check`). */
export interface SimulateRequest {
  /** Traffic file (CSV/JSON), relative to `deps.cwd`; undefined with --from-cloudwatch. */
  traffic: string | undefined;
  fromCloudWatch: CloudWatchRequest | undefined;
  limits: string | undefined;
  payload: string | undefined;
  limitFlags: LimitFlagValues;
  /** Count period in seconds; undefined = inferred from the timestamps. */
  period: number | undefined;
  arrivals: 'poisson' | 'overdispersed' | 'uniform' | 'worst-case';
  arrivalsGiven: boolean;
  dispersion: number;
  target: number;
  seed: number;
  samples: number;
  retries: 'none' | 'sdk-standard';
  maxAttempts: number;
  layerDebit: 'all-or-nothing' | 'sequential';
  /** As given, for the inputs table ("CloudWatch, last 14 days"). */
  daysText: string;
}

export function simulateRequest(opts: ParsedOptions): SimulateRequest {
  const traffic = str(opts.traffic);
  const fromCloudWatch = opts.fromCloudwatch === true;
  if (traffic === undefined && !fromCloudWatch) {
    throw new InputError('simulate needs request counts', {
      where: '--traffic',
      hint: 'pass --traffic <file.csv|file.json> (see examples/traffic/), or --from-cloudwatch with AWS credentials',
    });
  }
  if (traffic !== undefined && fromCloudWatch)
    throw new InputError('--traffic and --from-cloudwatch both give the traffic', { where: '--from-cloudwatch', hint: 'use one of them' });
  const region = str(opts.region);
  if (region !== undefined && !REGION.test(region))
    throw new InputError(`"${region}" is not an AWS Region code`, {
      where: '--region',
      hint: 'e.g. --region us-east-1 (the Region sets the default account throttle)',
    });
  const limitFlags: LimitFlagValues = {
    region,
    rate: numberFlag(opts, 'rate', '--rate', nonNeg, 'a number >= 0 (requests per second)'),
    burst: numberFlag(opts, 'burst', '--burst', nonNegInt, 'an integer >= 0'),
    accountRate: numberFlag(opts, 'accountRate', '--account-rate', nonNeg, 'a number >= 0 (requests per second)'),
    accountBurst: numberFlag(opts, 'accountBurst', '--account-burst', nonNegInt, 'an integer >= 0'),
  };
  const period = numberFlag(opts, 'period', '--period', posInt, 'a positive integer number of seconds');
  const target = numberFlag(opts, 'target', '--target', (n) => n > 0 && n < 1, 'a probability between 0 and 1 (exclusive)')!;
  const dispersion = numberFlag(opts, 'dispersion', '--dispersion', (n) => n > 0, 'a number > 0')!;
  const seed = numberFlag(
    opts,
    'seed',
    '--seed',
    (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    'an integer between 0 and 4294967295',
  )!;
  const samples = numberFlag(opts, 'samples', '--samples', (n) => posInt(n) && n <= 1_000_000, 'an integer between 1 and 1,000,000')!;
  const maxAttempts = numberFlag(opts, 'maxAttempts', '--max-attempts', (n) => posInt(n) && n <= 20, 'an integer between 1 and 20')!;
  return {
    traffic,
    fromCloudWatch: fromCloudWatch ? cloudWatchRequest(opts) : undefined,
    limits: str(opts.limits),
    payload: str(opts.payload),
    limitFlags,
    period,
    arrivals: String(opts.arrivals ?? 'poisson') as SimulateRequest['arrivals'],
    arrivalsGiven: opts.arrivals !== undefined,
    dispersion,
    target,
    seed,
    samples,
    retries: opts.retries === 'sdk-standard' ? 'sdk-standard' : 'none',
    maxAttempts,
    layerDebit: opts.layerDebit === 'sequential' ? 'sequential' : 'all-or-nothing',
    daysText: String(opts.days),
  };
}

/** `apigw-plan limits` (and the `limits` block of `check`). */
export interface LimitsRequest {
  aws: AwsTarget;
  /** CloudWatch window for peak rates; 0 = skip CloudWatch. */
  days: number;
}

export function limitsRequest(opts: ParsedOptions): LimitsRequest {
  return { aws: awsTarget(opts), days: daysFlag(opts, 0) };
}

/** How a command prints: `--format` (commander already checked it against the command's choices), `--no-color`, `--output`. */
export interface OutputOptions {
  format: string;
  /** false with --no-color; undefined = decide from NO_COLOR and the terminal. */
  color: boolean | undefined;
  output: string | undefined;
}

export function outputOptions(opts: ParsedOptions, defaultFormat: string): OutputOptions {
  return {
    format: str(opts.format) ?? defaultFormat,
    color: typeof opts.color === 'boolean' ? opts.color : undefined,
    output: str(opts.output),
  };
}

/** A string flag (file, Region, name); undefined when not given. */
export function stringFlag(opts: ParsedOptions, name: string): string | undefined {
  return str(opts[name]);
}

/** What `inventory` reads (and `check`'s `iac` block, and `diff`'s code sides). */
export interface InventoryRequest {
  /** Files and folders of infrastructure code, relative to deps.cwd or absolute. */
  paths: string[];
  /** Template parameters (CloudFormation, SAM) and variables (Terraform) given by the user. */
  parameters: Record<string, string>;
  region: string | undefined;
  /** What an OpenAPI document is imported as. */
  openapiAs: 'rest' | 'http' | undefined;
  /** A file of applied quota values (`limits --format json`, or code → value), as given. */
  quotas: string | undefined;
  /** Read applied quota values from Service Quotas, with this target (`--from-account`). */
  fromAccount: AwsTarget | undefined;
}

/** `--parameter KEY=VALUE` (repeatable) as a map. */
function parameterPairs(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (raw as string[] | undefined) ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new InputError(`--parameter ${p} is not KEY=VALUE`, { where: '--parameter', hint: 'e.g. --parameter Stage=prod' });
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** The inventory request of `inventory`'s flags (or a `check` config's `iac` block in the same keys). */
export function inventoryRequest(opts: ParsedOptions): InventoryRequest {
  const openapiAs = str(opts.openapiAs);
  return {
    paths: (opts.paths as string[] | undefined) ?? [],
    parameters: parameterPairs(opts.parameter),
    region: str(opts.region),
    openapiAs: openapiAs === 'rest' || openapiAs === 'http' ? openapiAs : undefined,
    quotas: str(opts.quotas),
    fromAccount: opts.fromAccount ? awsTarget(opts) : undefined,
  };
}

/** `apigw-plan forecast` (and `report --history`, and the `forecast` block of a `check` config). */
export interface ForecastRequest {
  horizonMonths: number;
  /** The intervals' central probability, in percent (50 … 98). */
  intervalPct: number;
  leadTimeDays: number;
  paths: number;
  seed: number;
  /** `--config`: a check config whose estimate block, budget and file name the forecast takes, as given. */
  config: string | undefined;
  /** `--history FILE`, as given. */
  history: string | undefined;
  /** `--from-cloudwatch` was given (with `--history` too, the app reports the conflict). */
  fromCloudwatch: boolean;
  /** Its CloudWatch request (`--days` checked), when it is the history's source. */
  cloudWatch: CloudWatchRequest | undefined;
  /** `--today`, as a day number since 1970-01-01; undefined: the history's last day (or today's, from CloudWatch). */
  today: number | undefined;
  /** `--limits FILE`, as given. */
  limits: string | undefined;
  /** `--account-rate`: the account throttle, requests per second. */
  accountRate: number | undefined;
  region: string | undefined;
  /** The flags given, for the estimate at today's volume (the forecast supplies the volume). */
  estimateFlags: ParsedOptions;
}

/** A forecast flag's whole number in [min, max], or its default. */
const wholeFrom = (opts: ParsedOptions, name: string, flag: string, min: number, max: number, fallback: number): number =>
  numberFlag(
    opts,
    name,
    flag,
    (n) => Number.isInteger(n) && n >= min && n <= max,
    `a whole number from ${min} to ${max}`,
    String(fallback),
  ) ?? fallback;

export function forecastRequest(opts: ParsedOptions): ForecastRequest {
  const horizonMonths = wholeFrom(opts, 'horizon', '--horizon', 1, 60, 12);
  const intervalPct = wholeFrom(opts, 'interval', '--interval', 50, 98, 80);
  const leadTimeDays = wholeFrom(opts, 'leadTime', '--lead-time', 0, 365, FORECAST_DEFAULTS.leadTimeDays);
  const paths = wholeFrom(opts, 'paths', '--paths', 100, 100_000, FORECAST_DEFAULTS.paths);
  const seed = wholeFrom(opts, 'seed', '--seed', 0, 2 ** 31 - 1, 1);
  const history = str(opts.history);
  const fromCloudwatch = opts.fromCloudwatch === true;
  let today: number | undefined;
  if (opts.today !== undefined) {
    const text = String(opts.today);
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(ms))
      throw new InputError(`--today ${text} is not a date`, { where: '--today', hint: 'use YYYY-MM-DD, e.g. --today 2026-11-30' });
    today = ms / DAY_MS;
  }
  const accountRate = numberFlag(opts, 'accountRate', '--account-rate', (n) => n > 0, 'a positive rate', '10000');
  return {
    horizonMonths,
    intervalPct,
    leadTimeDays,
    paths,
    seed,
    config: str(opts.config),
    history,
    fromCloudwatch,
    cloudWatch: fromCloudwatch && history === undefined ? cloudWatchRequest(opts) : undefined,
    today,
    limits: str(opts.limits),
    accountRate,
    region: str(opts.region),
    estimateFlags: Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  };
}
