/**
 * Calendar and month conventions of the forecast model: epoch days (whole UTC days from
 * 1970-01-01), 730-hour months (the AWS calculator's convention, as estimate prices them), and
 * monthly requests read from the trailing 28 days (four whole weeks, so no weekday weighs more).
 */

import { DAY_MS, HOURS_PER_MONTH, isoDay } from '../calendar.js';

export { HOURS_PER_MONTH, isoDay };
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** Monthly requests are read from the trailing 28 days: four whole weeks, so no weekday weighs more. */
export const MONTH_WINDOW_DAYS = 28;
/** Trailing-28-day sum → requests in a 730-hour month. */
export const MONTH_SCALE = DAYS_PER_MONTH / MONTH_WINDOW_DAYS;

export function isoMonth(epochDay: number): string {
  return isoDay(epochDay).slice(0, 7);
}

/** The epoch day of the first of the month that contains the day. */
export function monthStart(epochDay: number): number {
  const d = new Date(epochDay * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

export function nextMonthStart(first: number): number {
  const d = new Date(first * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}
