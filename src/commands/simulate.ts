import type { CommandResult, Io } from '../cli.js';
import { InputError } from '../errors.js';

export async function run(_opts: Record<string, unknown>, _io: Io): Promise<CommandResult> {
  throw new InputError('simulate is not available yet');
}
