/**
 * Hours in a billed month as AWS's pricing calculator and pricing examples count them
 * (365 × 24 ÷ 12 = 730; e.g. the cache examples on https://aws.amazon.com/api-gateway/pricing/).
 */
export const HOURS_PER_MONTH = 730;

/** Milliseconds in a UTC day: epoch days are whole UTC days from 1970-01-01. */
export const DAY_MS = 86_400_000;

/** An epoch day as YYYY-MM-DD (UTC). */
export function isoDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}
