import { formatUsd } from '../../money/format.js';
import { fmtCount, fmtValue, whenText, type ForecastReport } from './report.js';

/** The rows every text format shows, as plain strings (table and Markdown lay them out). */
export interface ForecastSections {
  verdict: string;
  fit: string[];
  backtest: string;
  thresholds: { head: string[]; rows: string[][] };
  months: { head: string[]; rows: string[][] };
  warnings: string[];
  assumptions: string[];
  notes: string[];
}

const pct = (x: number) => `${x.toFixed(1)} %`;

export function forecastSections(r: ForecastReport): ForecastSections {
  const f = r.fit;
  const [glo, ghi] = f.growthPerMonthIntervalPercent;
  const weekly = f.weekly.included
    ? `weekly seasonality: ${Object.entries(f.weekly.factors)
        .map(([d, v]) => `${d} ${v.toFixed(2)}`)
        .join(' ')} (Wald p = ${f.weekly.pValue === null ? '–' : f.weekly.pValue.toExponential(1)})`
    : `weekly seasonality: none found${f.weekly.pValue === null ? ' (history too short to test)' : ` (Wald p = ${f.weekly.pValue.toFixed(2)})`}`;
  const fit = [
    `history: ${r.source}, ${r.history.from} – ${r.history.to} (${r.history.days} days, ${r.history.missingDays} missing); forecast from ${r.today}, ${r.horizonMonths} months ahead`,
    `trend: ${pct(f.growthPerMonthPercent)} per month (${r.intervalPercent} % interval ${pct(glo)} – ${pct(ghi)}); now ${fmtCount(f.currentMonthlyRequests)} requests/month`,
    weekly,
    `noise: robust scale ${f.residualScale.toFixed(3)} on the log scale, lag-1 autocorrelation ${f.ar1.toFixed(2)}`,
    f.peakToAverage
      ? `peak-to-average (daily peak per-second ÷ daily mean): median ${f.peakToAverage.median.toFixed(2)} (${r.intervalPercent} % of days ${f.peakToAverage.low.toFixed(2)} – ${f.peakToAverage.high.toFixed(2)}), measured on ${f.peakToAverage.days} days`
      : 'peak-to-average: the history has no daily peak rates: throttles cannot be forecast',
    `method: ${r.method}`,
  ];
  const b = r.backtest;
  const backtest = b
    ? `backtest: fitted on the first ${b.fitDays} days, scored on the newest ${b.holdoutDays}: MAPE ${pct(b.mapePercent)}, sMAPE ${pct(b.smapePercent)}, ${b.nominalPercent} % interval covered ${pct(b.coveragePercent)} of the days`
    : 'backtest: history too short to hold out days for one';
  const thresholds = {
    head: ['Threshold', 'Value', 'Now', `Crossed (median, ${r.intervalPercent} % interval)`, 'Request by'],
    rows: r.thresholds.map((t) => [
      t.label,
      fmtValue(t.measure, t.value),
      t.current === null ? '–' : fmtValue(t.measure, t.current),
      whenText(t),
      t.requestBy ?? '',
    ]),
  };
  const options = [...new Set(r.months.flatMap((m) => Object.keys(m.costs)))];
  const months = {
    head: [
      'Month',
      'Requests (median)',
      `Requests (${r.intervalPercent} %)`,
      'Peak req/s (median)',
      ...options.map((o) => `${o} (median)`),
    ],
    rows: r.months.map((m) => [
      m.month + (m.observedDays ? ` (${m.observedDays} days observed)` : ''),
      fmtCount(m.requests.mid),
      `${fmtCount(m.requests.lo)} – ${fmtCount(m.requests.hi)}`,
      m.peakRps ? m.peakRps.mid.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–',
      ...options.map((o) => (m.costs[o] ? formatUsd(m.costs[o]!.median) : '–')),
    ]),
  };
  return { verdict: r.verdict, fit, backtest, thresholds, months, warnings: r.warnings, assumptions: r.assumptions, notes: r.notes };
}
