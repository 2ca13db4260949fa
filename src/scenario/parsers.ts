import { CACHE_CLUSTER_SIZES_GB } from '../models/pricing/apigateway.js';
import { Decimal } from '../money/decimal.js';
import { ParseError, parseCount, parseDecimal, parseVolume } from '../options/units.js';

/** Parsers of scenario and flag values with the ranges AWS allows (each throws a ParseError that names the value). */

export function parseCacheSize(text: string): string {
  const d = parseDecimal(text);
  const match = CACHE_CLUSTER_SIZES_GB.find((s) => new Decimal(s).eq(d));
  if (!match)
    throw new ParseError(
      `cache size must be one of ${CACHE_CLUSTER_SIZES_GB.join(', ')} GB (API Gateway's cacheClusterSize values), got "${text}"`,
    );
  return match;
}

export function parseShare(text: string): Decimal {
  const d = parseDecimal(text);
  if (d.isZero() || d.gt(1)) throw new ParseError(`expected a share above 0 and at most 1 (e.g. 0.6), got "${text}"`);
  return d;
}

export function parsePositive(text: string): Decimal {
  const d = parseDecimal(text);
  if (d.isZero()) throw new ParseError(`expected a number above 0, got "${text}"`);
  return d;
}

/** A month has 672 to 744 hours; smaller values are allowed for partial months, but not below one hour. */
export function parseHoursPerMonth(text: string): Decimal {
  const d = parseDecimal(text);
  if (d.lt(1) || d.gt(744)) throw new ParseError(`expected hours in a month between 1 and 744 (730 is AWS's convention), got "${text}"`);
  return d;
}

/** Monthly active users: a monthly count, so a per-second rate makes no sense. */
export function parseMonthlyCount(text: string): Decimal {
  const v = parseVolume(text);
  if (v.per !== 'month')
    throw new ParseError(`monthly active users are a count per month, not a rate: drop the "/${v.per}" (e.g. 40K), got "${text}"`);
  return v.value;
}

/** Availability Zones of a private endpoint: 1 to 6 (no Region has more), as the scenario schema allows. */
export function parseAzCount(text: string): number {
  const n = parsePositiveCount(text);
  if (n > 6) throw new ParseError(`expected 1 to 6 Availability Zones (no Region has more), got "${text}"`);
  return n;
}

export function parsePositiveCount(text: string): number {
  const n = parseCount(text);
  if (n < 1) throw new ParseError(`expected at least 1, got "${text}"`);
  return n;
}
