import { formatUsd, roundUsd } from '../../money/format.js';
import type { MonthCost } from '../../models/forecast/thresholds.js';
import type { Band, CrossingResult, ForecastResult } from '../../models/forecast/types.js';
import { TOOL } from '../../version.js';
import type { EstimateReport } from '../estimate/report.js';

/** What every forecast format prints (JSON as is): built once so table, Markdown and the report agree. */
export interface ForecastReport {
  schemaVersion: 1;
  kind: 'apigw-plan-forecast';
  tool: typeof TOOL;
  verdict: string;
  source: string;
  today: string;
  horizonMonths: number;
  intervalPercent: number;
  paths: number;
  seed: number;
  leadTimeDays: number;
  method: string;
  history: { from: string; to: string; days: number; missingDays: number; peakRates: boolean };
  fit: {
    growthPerMonthPercent: number;
    growthPerMonthIntervalPercent: [number, number];
    weekly: { included: boolean; pValue: number | null; factors: Record<string, number> };
    residualScale: number;
    ar1: number;
    currentMonthlyRequests: number;
    peakToAverage: { median: number; low: number; high: number; days: number } | null;
  };
  backtest: {
    fitDays: number;
    holdoutDays: number;
    mapePercent: number;
    smapePercent: number;
    coveragePercent: number;
    nominalPercent: number;
  } | null;
  warnings: string[];
  thresholds: Array<{
    id: string;
    kind: string;
    label: string;
    measure: string;
    value: number;
    source: string;
    status: CrossingResult['status'];
    current: number | null;
    /** Interval low end, median and high end of the crossing date; null = beyond the horizon. */
    low: string | null;
    median: string | null;
    high: string | null;
    pWithinHorizon: number | null;
    requestBy: string | null;
    /**
     * The Monte Carlo error of low, median and high in days (one standard deviation, from the paths' own
     * order statistics; null = not estimable); absent for thresholds not simulated (already reached, unknown).
     */
    monteCarloDays?: { low: number | null; median: number | null; high: number | null };
    reason?: string;
  }>;
  months: Array<{
    month: string;
    observedDays: number;
    requests: Band;
    peakRps: Band | null;
    /** Cost of each option at the low, median and high requests of the month: USD decimal strings, to the cent. */
    costs: Record<string, { low: string; median: string; high: string }>;
  }>;
  /** For charts: the history's trailing-28-day monthly requests, and the forecast band every 14 days. */
  chart: {
    history: Array<{ date: string; monthlyRequests: number }>;
    band: Array<{ date: string; monthly: Band; peakRps: Band | null }>;
  };
  assumptions: string[];
  notes: string[];
}

/** Epoch day → YYYY-MM-DD (UTC). */
const isoDay = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r1 = (x: number) => Math.round(x * 10) / 10;
const day = (d: number | undefined) => (d === undefined ? null : isoDay(d));
const roundBand = (b: Band): Band => ({ lo: Math.round(b.lo), mid: Math.round(b.mid), hi: Math.round(b.hi) });
const roundRate = (b: Band): Band => ({ lo: r1(b.lo), mid: r1(b.mid), hi: r1(b.hi) });

export const FORECAST_METHOD =
  'log(daily requests) = trend + weekday effects, fitted by Huber M-estimation (IRLS); weekday effects kept when a Wald test finds them (p < 0.01); ' +
  'simulated paths draw the coefficients from their estimated covariance (inflated for AR(1) residuals) and resample the residuals (AR(1) innovations) ' +
  'jointly with the same day’s peak-to-average ratio; crossing dates and bands are percentiles over the paths';

export function buildForecastReport(
  r: ForecastResult,
  ctx: { source: string; notes: string[]; costs: MonthCost[]; estimate: EstimateReport; horizonMonths: number },
): ForecastReport {
  const level = Math.round(r.interval * 100);
  const q = (1 - r.interval) / 2;
  const p2a = r.fit.peakToAverage;
  return {
    schemaVersion: 1,
    kind: 'apigw-plan-forecast',
    tool: TOOL,
    verdict: r.verdict,
    source: ctx.source,
    today: isoDay(r.today),
    horizonMonths: ctx.horizonMonths,
    intervalPercent: level,
    paths: r.paths,
    seed: r.seed,
    leadTimeDays: r.leadTimeDays,
    method: FORECAST_METHOD,
    history: {
      from: isoDay(r.history.firstDay),
      to: isoDay(r.history.lastDay),
      days: r.history.days,
      missingDays: r.history.missingDays,
      peakRates: r.history.hasPeaks,
    },
    fit: {
      growthPerMonthPercent: r4(r.fit.growthPerMonth * 100),
      growthPerMonthIntervalPercent: [r4(r.fit.growthPerMonthInterval[0] * 100), r4(r.fit.growthPerMonthInterval[1] * 100)],
      weekly: {
        included: r.fit.weekly.included,
        pValue: r.fit.weekly.pValue === undefined ? null : r.fit.weekly.pValue,
        factors: Object.fromEntries(WEEKDAYS.map((w, i) => [w, r4(r.fit.weekly.factors[i]!)])),
      },
      residualScale: r4(r.fit.residualScale),
      ar1: r4(r.fit.ar1),
      currentMonthlyRequests: Math.round(r.fit.currentMonthly),
      peakToAverage: p2a ? { median: r4(p2a.median), low: r4(p2a.lo), high: r4(p2a.hi), days: p2a.days } : null,
    },
    backtest: r.backtest
      ? {
          fitDays: r.backtest.fitDays,
          holdoutDays: r.backtest.holdoutDays,
          mapePercent: r4(r.backtest.mape * 100),
          smapePercent: r4(r.backtest.smape * 100),
          coveragePercent: r4(r.backtest.coverage * 100),
          nominalPercent: level,
        }
      : null,
    warnings: r.warnings,
    thresholds: r.crossings.map((c) => ({
      id: c.threshold.id,
      kind: c.threshold.kind,
      label: c.threshold.label,
      measure: c.threshold.measure,
      value: c.threshold.value,
      source: c.threshold.source,
      status: c.status,
      current: c.current === undefined ? null : c.threshold.measure === 'daily-peak-rps' ? r1(c.current) : Math.round(c.current),
      low: day(c.lo),
      median: day(c.mid),
      high: day(c.hi),
      pWithinHorizon: Number.isNaN(c.pWithinHorizon) ? null : r4(c.pWithinHorizon),
      requestBy: day(c.requestBy),
      ...(c.monteCarloDays
        ? { monteCarloDays: { low: mcDays(c.monteCarloDays.lo), median: mcDays(c.monteCarloDays.mid), high: mcDays(c.monteCarloDays.hi) } }
        : {}),
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    months: r.months.map((m) => ({
      month: m.month,
      observedDays: m.observedDays,
      requests: roundBand(m.requests),
      peakRps: m.peakRps ? roundRate(m.peakRps) : null,
      costs: Object.fromEntries(
        ctx.costs
          .filter((c) => c.month === m.month)
          .map((c) => [
            c.option,
            { low: roundUsd(c.usd.lo).toFixed(2), median: roundUsd(c.usd.mid).toFixed(2), high: roundUsd(c.usd.hi).toFixed(2) },
          ]),
      ),
    })),
    chart: {
      history: r.historyMonthly.map((p) => ({ date: isoDay(p.day), monthlyRequests: Math.round(p.value) })),
      band: r.band.map((b) => ({ date: isoDay(b.day), monthly: roundBand(b.monthly), peakRps: b.peakRps ? roundRate(b.peakRps) : null })),
    },
    assumptions: [
      `Monthly requests are the trailing 28 days (4 whole weeks) scaled to a 730-hour month, as estimate prices them; month-by-month costs use the calendar month's requests.`,
      `Intervals are the ${Math.round(q * 100)}th–${Math.round((1 - q) * 100)}th percentiles over ${r.paths} simulated paths (seed ${r.seed}); ${monteCarloNote(r.crossings)}; a crossing beyond the ${ctx.horizonMonths}-month horizon shows as "beyond".`,
      `Quota increases: request by = the interval's early end − ${r.leadTimeDays} days of lead time (--lead-time). AWS publishes no processing time; large increases can take days to weeks.`,
      'Stage throttles and usage-plan quotas are compared with the forecast of all traffic in the history: an upper bound for one stage or one plan.',
      `Costs and break-evens: the estimate model (${ctx.estimate.pricing.region} price snapshot), with every traffic quantity scaled with the requests and fixed quantities as given.`,
      'Daily peak per-second rates: the day’s mean rate × a peak-to-average ratio resampled from the history; a ratio that changes as traffic grows is not modelled.',
    ],
    notes: ctx.notes,
  };
}

const mcDays = (d: number | undefined): number | null => (d === undefined ? null : r1(d));

/**
 * The assumption that labels the crossing dates with their Monte Carlo error: the largest of the dates
 * shown, each estimated by the model from its own paths (forecast.ts, monteCarloDays).
 */
function monteCarloNote(crossings: CrossingResult[]): string {
  let worst: { days: number; label: string; end: string } | undefined;
  for (const c of crossings) {
    const d = c.monteCarloDays;
    if (!d) continue;
    for (const [end, days] of [
      ['early end', d.lo],
      ['median', d.mid],
      ['late end', d.hi],
    ] as const)
      if (days !== undefined && (worst === undefined || days > worst.days)) worst = { days, label: c.threshold.label, end };
  }
  return worst === undefined
    ? "a date's Monte Carlo error is one standard deviation estimated from the spread of its own paths (docs/forecast.md); no date here has one"
    : `each date's Monte Carlo error, one standard deviation estimated from the spread of its own paths, is at most ${worst.days.toFixed(1)} days here (the ${worst.end} of the ${worst.label} date); more --paths lower it (docs/forecast.md)`;
}

/** "around 2027-04-12 (80 % interval 2027-03-30 – 2027-04-25)" and friends, for the tables. */
export function whenText(t: ForecastReport['thresholds'][number]): string {
  if (t.status === 'already') return 'already reached';
  if (t.status === 'unknown') return `unknown: ${t.reason ?? ''}`;
  if (t.median === null) return `not within the horizon (${((t.pWithinHorizon ?? 0) * 100).toFixed(0)} % of paths cross)`;
  return `${t.median} (${t.low} – ${t.high ?? 'beyond'})`;
}

export function fmtCount(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}K`;
  return String(Math.round(n));
}

export function fmtValue(measure: string, v: number): string {
  return measure === 'daily-peak-rps' ? `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} req/s` : fmtCount(v);
}

export { formatUsd };
