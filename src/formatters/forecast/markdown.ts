import type { ForecastReport } from './report.js';
import { forecastSections } from './text.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function markdownTable(t: { head: string[]; rows: string[][] }): string[] {
  return [
    `| ${t.head.map(cell).join(' | ')} |`,
    `|${t.head.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** Markdown, answer first: for a wiki, a pull request or $GITHUB_STEP_SUMMARY. */
export function formatForecastMarkdown(r: ForecastReport): string {
  const s = forecastSections(r);
  const out = ['## Traffic forecast', '', `**${s.verdict}**`, ''];
  for (const w of s.warnings) out.push(`> ⚠️ ${w}`, '');
  out.push('### Thresholds', '', ...markdownTable(s.thresholds), '');
  out.push('### Fit', '', ...s.fit.map((l) => `- ${l}`), `- ${s.backtest}`, '');
  out.push('### Month by month', '', 'Costs: the estimate model at the median requests of the month.', '', ...markdownTable(s.months), '');
  out.push('### Assumptions', '', ...s.assumptions.map((a) => `- ${a}`), '');
  if (s.notes.length) out.push('### Notes', '', ...s.notes.map((n) => `- ${n}`), '');
  return `${out.join('\n')}\n`;
}

/** The forecast as a section of the Markdown report (`report --history`). */
export function forecastMarkdownSection(r: ForecastReport): string[] {
  const body = formatForecastMarkdown(r).split('\n');
  // one level down: the report's sections are ##
  return body.map((l) => (l.startsWith('#') ? `#${l}` : l));
}
