import Table from 'cli-table3';
import type { ForecastReport } from './report.js';
import { forecastSections } from './text.js';

const plainStyle = { head: [], border: [] };

/** Terminal output, answer first: the verdict, then the thresholds, the fit and backtest, the months. */
export function formatForecastTable(r: ForecastReport): string {
  const s = forecastSections(r);
  const table = (t: { head: string[]; rows: string[][] }) => {
    const x = new Table({ head: t.head, style: plainStyle });
    for (const row of t.rows) x.push(row);
    return x.toString();
  };
  const out = [`Verdict: ${s.verdict}`, ''];
  for (const w of s.warnings) out.push(`warning: ${w}`);
  if (s.warnings.length) out.push('');
  out.push('Thresholds', table(s.thresholds), '', 'Fit', ...s.fit.map((l) => `  ${l}`), `  ${s.backtest}`, '');
  out.push('Month by month (costs: the estimate model at the median requests)', table(s.months), '');
  out.push('Assumptions', ...s.assumptions.map((a) => `  - ${a}`));
  if (s.notes.length) out.push('', 'Notes', ...s.notes.map((n) => `  - ${n}`));
  out.push('', `Verdict: ${s.verdict}`);
  return `${out.join('\n')}\n`;
}
