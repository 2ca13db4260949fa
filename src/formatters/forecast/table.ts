import { type Colors, NO_COLORS } from '../colors.js';
import { type Column, DEFAULT_WIDTH, fitTable, type Layout, wrap } from '../terminal.js';
import type { ForecastReport } from './report.js';
import { forecastSections } from './text.js';

export interface ForecastTableOptions {
  /** Columns the output must fit (COLUMNS, the terminal, else 80). */
  width?: number;
  /** ASCII table borders (output that is not a terminal). */
  ascii?: boolean;
  colors?: Colors;
}

/**
 * Terminal output, answer first: the verdict, then the thresholds, the fit and backtest, the
 * months. Tables and prose fit `width` by the same rule as every command (fitTable, wrap).
 */
export function formatForecastTable(r: ForecastReport, opts: ForecastTableOptions = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const c = opts.colors ?? NO_COLORS;
  const s = forecastSections(r);
  const out: string[] = [];
  const para = (text: string, indent = '  ') => out.push(...wrap(text, width, indent));
  para(c.bold(`Verdict: ${s.verdict}`));
  out.push('');
  for (const w of s.warnings) para(`warning: ${w}`);
  if (s.warnings.length) out.push('');
  // everything but the request-by date may wrap; the crossing keeps "date (from" on one line
  const MIN = [14, 7, 8, 22];
  const thresholdColumns: Column[] = s.thresholds.head.map((head, i) => ({
    head,
    wrap: i < 4,
    min: MIN[i] ?? 10,
    align: i === 1 || i === 2 ? 'right' : 'left',
  }));
  out.push(c.bold('Thresholds'), fitTable(thresholdColumns, s.thresholds.rows, layout), '');
  out.push(c.bold('Fit'));
  for (const l of [...s.fit, s.backtest]) para(`  ${l}`, '    ');
  out.push('');
  // months: the month and the requests stay; option costs go first when the width is short (right to left)
  const monthColumns: Column[] = s.months.head.map((head, i) => ({
    head,
    wrap: true,
    min: 8,
    align: i === 0 ? 'left' : 'right',
    ...(i >= 4 ? { drop: i } : {}),
  }));
  para(c.bold('Month by month (costs: the estimate model at the median requests)'), '');
  const monthsTable = fitTable(monthColumns, s.months.rows, layout);
  out.push(monthsTable);
  const left = s.months.head.slice(4).filter((h) => !monthsTable.includes(h.replace(/ \(median\)$/, '')));
  if (left.length) para(`  (too narrow for ${left.join(', ')}: --format json or markdown has every option)`, '    ');
  out.push('', c.bold('Assumptions'));
  for (const a of s.assumptions) para(`  - ${a}`, '    ');
  if (s.notes.length) {
    out.push('', c.bold('Notes'));
    for (const note of s.notes) para(`  - ${note}`, '    ');
  }
  out.push('');
  para(c.bold(`Verdict: ${s.verdict}`));
  return `${out.join('\n')}\n`;
}
