import { Option } from 'commander';
import { fromCloudWatchOptions } from './aws-options.js';

/** Options of `apigw-plan simulate` (plain data: no model code loads until the command runs). */
export function simulateOptions(): Option[] {
  return [
    new Option('-t, --traffic <file>', 'request counts per period: CSV or JSON (timestamp, count[, api, stage, route, key])'),
    new Option('-l, --limits <file>', 'throttle settings: account, stages/routes, usage plans with quotas (JSON or YAML)'),
    new Option('--payload <file>', 'payload size and integration latency distributions (JSON or YAML)'),
    new Option('-r, --region <region>', 'AWS Region (sets the default account limits)'),
    new Option('--rate <rps>', 'stage default rate limit (requests/s) for every stage in the traffic'),
    new Option('--burst <n>', 'stage default burst limit for every stage in the traffic'),
    new Option('--account-rate <rps>', 'account throttle rate (default 10,000, or 2,500 in newer Regions)'),
    new Option('--account-burst <n>', 'account throttle burst (default 5,000, or 1,250 in newer Regions)'),
    new Option('--period <seconds>', 'length of one count period (default: inferred from the timestamps)'),
    new Option('--arrivals <model>', 'how requests arrive inside a period')
      .choices(['poisson', 'overdispersed', 'uniform', 'worst-case'])
      .default('poisson'),
    new Option('--dispersion <k>', 'over-dispersion shape k for --arrivals overdispersed (smaller = burstier)').default('25'),
    new Option('--target <probability>', 'target for P(any 429 in a period), e.g. 0.01').default('0.01'),
    new Option('--retries <policy>', 'client retries of 429s').choices(['none', 'sdk-standard']).default('none'),
    new Option('--max-attempts <n>', 'attempts per request with --retries sdk-standard').default('3'),
    new Option('--layer-debit <mode>', 'tokens taken when a later layer rejects')
      .choices(['all-or-nothing', 'sequential'])
      .default('all-or-nothing'),
    new Option('--seed <n>', 'seed for every sampled quantity (same seed, same output)').default('1'),
    new Option('--samples <n>', 'Monte Carlo replicates where no exact method applies').default('2000'),
    ...fromCloudWatchOptions(),
    new Option('--fail-above-target', 'exit 1 when P(any 429 in the busiest period) is above --target'),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
    new Option('--details', 'table output: also print the assumptions behind the figures'),
  ];
}
