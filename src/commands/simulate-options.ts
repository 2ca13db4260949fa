import type { Option } from 'commander';

/** Options of `apigw-plan simulate` (owned by the simulator work; placeholder until it lands). */
export function simulateOptions(): Option[] {
  return [];
}
