import { Option } from 'commander';
import { STARTER_CONFIG_NAME } from '../config/starter.js';

/** Options of `apigw-plan init` (plain data, cheap to load). */
export function initOptions(): Option[] {
  return [
    new Option('--requests <volume>', 'monthly requests the starter config prices (a volume such as 50M, or a rate such as 200/s)').default(
      '50M',
    ),
    new Option('-o, --output <file>', 'where to write the config (relative to the current directory)').default(STARTER_CONFIG_NAME),
  ];
}
