import { Option } from 'commander';
import { estimateOptions } from './estimate-options.js';
import { simulateOptions } from './simulate-options.js';
import { forecastOptions } from './forecast-options.js';

/**
 * The `simulate` flags `report` takes, by attribute name, with simulate's own names, defaults
 * and help (so the two commands cannot drift). `--region` comes from estimate (one Region for
 * prices and default account limits), `--format` is report's own, and `--fail-above-target`
 * (a gate) does not apply to a document.
 */
export const REPORT_SIMULATE_FLAGS = [
  'traffic',
  'limits',
  'payload',
  'rate',
  'burst',
  'accountRate',
  'accountBurst',
  'period',
  'arrivals',
  'dispersion',
  'target',
  'retries',
  'maxAttempts',
  'layerDebit',
  'seed',
  'samples',
] as const;

/** The `forecast` flags `report` takes (with --history, a forecast section); --limits and --seed are shared with simulate. */
export const REPORT_FORECAST_FLAGS = ['history', 'horizon', 'interval', 'leadTime', 'today', 'paths'] as const;

export const REPORT_FORMATS = ['html', 'markdown'] as const;

/**
 * Flags of `apigw-plan report`, as data (commander only: `--help` loads no model, no Vega):
 * every estimate flag, the simulate flags above (their sections appear with `--traffic`),
 * `--output`, `--format html|markdown` and `--timestamp`.
 */
export function reportOptions(): Option[] {
  const wanted = new Set<string>(REPORT_SIMULATE_FLAGS);
  // --payload is simulate's (same file): the report's estimate meters from it too
  const fromEstimate = estimateOptions().filter((o) => !['format', 'color'].includes(o.attributeName()) && !wanted.has(o.attributeName()));
  const fromSimulate = simulateOptions().filter((o) => wanted.has(o.attributeName()));
  const forecastWanted = new Set<string>(REPORT_FORECAST_FLAGS);
  const fromForecast = forecastOptions().filter((o) => forecastWanted.has(o.attributeName()));
  return [
    ...fromEstimate,
    ...fromSimulate,
    ...fromForecast,
    new Option('-o, --output <file>', 'write the report to this file (required for html; markdown goes to stdout without it)'),
    new Option('-f, --format <format>', 'report format').choices([...REPORT_FORMATS]).default('html'),
    new Option('--timestamp', 'print the generation time in the report (off by default, so the same inputs give the same file)'),
  ];
}
