import type { TrafficGrid } from '../throttling/report.js';
import type { DailyHistory } from './types.js';
import { DAY_MS } from '../calendar.js';

/** A day with less than this share of its periods observed is missing, not scaled up. */
export const MIN_DAY_COVERAGE = 0.9;

/**
 * Per-period request counts (the `simulate --traffic` grid, or CloudWatch's) → daily totals and
 * daily peak per-second rates. Every series is summed per period (the account's traffic). A day
 * with at least 90 % of its periods observed is scaled up to the whole day; a day with less is
 * missing (never read as zero). A period is observed when every series that exists then has a count. The peak per-second rate is the busiest period's mean rate:
 * bursts shorter than the period are not seen, which the notes say.
 */
export function dailyFromGrid(grid: TrafficGrid): { history: DailyHistory; notes: string[] } {
  const period = grid.periodSeconds;
  if (period > 86400 || 86400 % period !== 0)
    throw new RangeError(`a period of ${period} s does not divide a day; daily totals need periods of a day or less`);
  const perDay = 86400 / period;
  const firstDay = Math.floor(grid.startMs / DAY_MS);
  const lastDay = Math.floor((grid.startMs + (grid.nPeriods - 1) * period * 1000) / DAY_MS);
  const days = lastDay - firstDay + 1;
  const sums = new Float64Array(days);
  const seen = new Float64Array(days);
  const peaks = new Float64Array(days).fill(Number.NaN);
  // a series adds nothing before its first or after its last count (it did not exist, or had no
  // traffic); a gap inside its span makes the period's total unknown
  const spans = grid.counts.map((c) => {
    let a = 0;
    let b = c.length - 1;
    while (a <= b && !Number.isFinite(c[a]!)) a++;
    while (b >= a && !Number.isFinite(c[b]!)) b--;
    return [a, b] as const;
  });
  for (let p = 0; p < grid.nPeriods; p++) {
    let total = 0;
    let any = false;
    let unknown = false;
    grid.counts.forEach((c, i) => {
      const v = c[p]!;
      if (Number.isFinite(v)) {
        total += v;
        any = true;
      } else if (p >= spans[i]![0] && p <= spans[i]![1]) unknown = true;
    });
    if (!any || unknown) continue;
    const d = Math.floor((grid.startMs + p * period * 1000) / DAY_MS) - firstDay;
    sums[d] = sums[d]! + total;
    seen[d] = seen[d]! + 1;
    const rate = total / period;
    if (!(rate <= peaks[d]!)) peaks[d] = rate;
  }
  const totals = new Float64Array(days);
  let partial = 0;
  for (let d = 0; d < days; d++) {
    const share = seen[d]! / perDay;
    if (share >= MIN_DAY_COVERAGE) totals[d] = sums[d]! / share;
    else {
      totals[d] = Number.NaN;
      peaks[d] = Number.NaN;
      if (seen[d]! > 0) partial++;
    }
  }
  // the window rarely starts and ends at midnight: drop the incomplete days at the ends
  let a = 0;
  let b = days - 1;
  while (a <= b && !Number.isFinite(totals[a]!)) a++;
  while (b >= a && !Number.isFinite(totals[b]!)) b--;
  const notes = [
    `DAILY_FROM_PERIODS: ${grid.series.length} series × ${grid.nPeriods} periods of ${period} s summed into ${Math.max(0, b - a + 1)} UTC days; daily peak per-second rate = the busiest ${period}-second period's mean rate (shorter bursts are not seen)`,
  ];
  if (partial > 0)
    notes.push(`DAILY_PARTIAL_DAYS: ${partial} day(s) with less than ${MIN_DAY_COVERAGE * 100} % of their periods are missing, not scaled`);
  return {
    history: { firstDay: firstDay + a, totals: totals.slice(a, b + 1), peaks: peaks.slice(a, b + 1) },
    notes,
  };
}
