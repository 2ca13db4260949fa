import { Option } from 'commander';

/** Options of `apigw-plan diff` (plain data, cheap to load). */
export function diffOptions(): Option[] {
  return [
    new Option(
      '--base <path>',
      'before the change: an estimate/check/simulate JSON report, a baseline, or a scenario file',
    ).makeOptionMandatory(),
    new Option('--head <path>', 'after the change: the same kinds as --base').makeOptionMandatory(),
    new Option('--show-unchanged', 'also list options, cost lines, quotas and throttles that did not change'),
    new Option('--option <id>', 'the option whose cost the headline states [default: apigw when present, else the cheapest before]'),
    new Option('--headroom <percent>', 'flag quotas whose headroom falls under this percentage').default('10'),
    new Option('-f, --format <format>', 'output format (markdown: a pull-request comment with a hidden marker)')
      .choices(['table', 'json', 'markdown'])
      .default('table'),
    new Option('-o, --output <file>', 'write the result to a file instead of stdout'),
    new Option('--no-color', 'disable colours (also NO_COLOR)'),
  ];
}
