import { Option } from 'commander';
import { FORECAST_DEFAULTS } from '../models/defaults.js';
import { estimateOptions } from './estimate-options.js';

/** Estimate flags that describe the traffic itself: the forecast supplies the volume, so they are not taken. */
const NOT_FROM_ESTIMATE = new Set([
  'requests',
  'messages',
  'connectionMinutes',
  'scenario',
  'fromCloudwatch',
  'days',
  'api',
  'profile',
  'endpointUrl',
  'format',
  'color',
]);

/** The defaults the flags show (models/defaults.ts). */
export const DEFAULT_LEAD_TIME_DAYS = FORECAST_DEFAULTS.leadTimeDays;
export const DEFAULT_PATHS = FORECAST_DEFAULTS.paths;

/** Flags of `apigw-plan forecast`, as data (no model loads for --help). */
export function forecastOptions(): Option[] {
  const o = (flags: string, description: string) => new Option(flags, description);
  return [
    o('--history <file>', 'traffic history: daily CSV/JSON (date, requests[, peak_rps]) or per-period counts as simulate --traffic reads'),
    o('--from-cloudwatch', 'read the history from CloudWatch (the last --days days) instead of a file'),
    o('--days <n>', 'CloudWatch history in days, for --from-cloudwatch (at most 455)').default('90'),
    o('--api <name>', 'only this API (name or id), for --from-cloudwatch'),
    o('--profile <name>', 'AWS profile, for --from-cloudwatch'),
    o('--endpoint-url <url>', 'AWS endpoint override, for --from-cloudwatch'),
    o('--horizon <months>', 'how far ahead to look, in 730-hour months').default('12'),
    o('--interval <percent>', 'central interval of the crossing dates and bands (80: 10th–90th percentile)').default('80'),
    o('--lead-time <days>', 'days AWS may take to raise a quota; "request by" = early end of the interval − this').default(
      String(DEFAULT_LEAD_TIME_DAYS),
    ),
    o('--today <date>', 'the day the forecast starts from, YYYY-MM-DD [default: the last history day; now with --from-cloudwatch]'),
    o('-l, --limits <file>', 'throttles and usage-plan quotas (the simulate --limits file) [default: the account default]'),
    o('--account-rate <rps>', 'account throttle rate (overrides the limits file)'),
    o('--config <file>', 'a check config: its monthly budget becomes a threshold, its estimate block describes the workload'),
    o('--paths <n>', 'simulated future paths').default(String(DEFAULT_PATHS)),
    o('--seed <n>', 'seed of the simulated paths (same seed, same output)').default('1'),
    ...estimateOptions().filter((x) => !NOT_FROM_ESTIMATE.has(x.attributeName())),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
  ];
}
