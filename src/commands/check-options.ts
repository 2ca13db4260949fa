import { Option } from 'commander';

/** Options of `apigw-plan check` (plain data, cheap to load). */
export function checkOptions(): Option[] {
  return [
    new Option('-c, --config <file>', 'config file [default: apigw-plan.config.json, .yaml or .yml in the current directory]'),
    new Option('--baseline <file>', 'compare with a baseline written by --write-baseline (overrides the config\'s "baseline")'),
    new Option(
      '--write-baseline [file]',
      'store the current results as a baseline (JSON, versioned) [default: the config\'s "baseline" path]',
    ),
    new Option('--diff-base <path>', 'compare with this version for the diff gates: a report, baseline or scenario (overrides diff.base)'),
    new Option('--strict', 'warn-level gates that fail also fail the check (exit 1)'),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown', 'github', 'junit']).default('table'),
    new Option('-o, --output <file>', 'write the result to a file instead of stdout'),
    new Option('--no-color', 'disable colours (also NO_COLOR)'),
  ];
}
