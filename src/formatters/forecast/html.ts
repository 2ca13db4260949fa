import type { RenderedChart } from '../report/render-svg.js';
import type { ForecastReport } from './report.js';
import { forecastSections } from './text.js';

/** HTML-escape text (the report's own rule, repeated here so the two modules do not import each other). */
function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(t: { head: string[]; rows: string[][] }): string {
  return `<table><thead><tr>${t.head.map((x) => `<th scope="col">${esc(x)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The report's forecast section: the verdict, the thresholds, the charts, the fit and backtest, the months. */
export function forecastHtml(f: ForecastReport, charts: RenderedChart[]): string {
  const s = forecastSections(f);
  const out = ['<section id="forecast" aria-labelledby="forecast-h">', '<h2 id="forecast-h">Traffic forecast</h2>'];
  out.push(`<p class="verdict" data-key="forecast-verdict">${esc(s.verdict)}</p>`);
  for (const w of s.warnings) out.push(`<p class="note">warning: ${esc(w)}</p>`);
  out.push(table(s.thresholds));
  for (const c of charts.filter((x) => x.id.startsWith('forecast-')))
    out.push(
      `<figure class="chart" id="fig-${esc(c.id)}" aria-labelledby="cap-${esc(c.id)}">${c.svg}<figcaption id="cap-${esc(c.id)}"><strong>${esc(c.title)}.</strong> <span class="chart-description">${esc(c.description)}</span></figcaption></figure>`,
    );
  out.push(`<ul>${[...s.fit, s.backtest].map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  out.push('<h3>Month by month</h3>', table(s.months));
  out.push(`<h3>Forecast assumptions</h3><ul>${s.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`);
  out.push('</section>');
  return out.join('\n');
}
