import { InputError } from '../errors.js';
import { parseNumber } from './units.js';

/** --days of --from-cloudwatch: a whole number of days, 1–455 (CloudWatch keeps 1-hour data for 455 days). Checked before any AWS call. */
export function cloudWatchDays(opts: Record<string, unknown>): number {
  const raw = opts.days ?? '14';
  try {
    return parseNumber(String(raw), { integer: true, min: 1, max: 455 });
  } catch (e) {
    throw new InputError(`--days ${String(raw)} is not valid: ${(e as Error).message}`, { where: '--days', hint: 'e.g. --days 14' });
  }
}
