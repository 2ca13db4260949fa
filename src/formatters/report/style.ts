/**
 * The report's only stylesheet, inlined. System fonts (no web fonts: nothing to fetch), a
 * readable measure on screen, and print rules: A4 margins, no navigation, charts and table
 * rows kept whole, link targets printed, colours kept for the charts.
 */
export const REPORT_CSS = `
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; --accent: #0072B2; --bad: #C00000; --warn: #8a5a00; --ok: #006b4f; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 28px 48px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 22px 0 8px; }
p.meta { color: var(--muted); margin: 0 0 12px; font-size: 0.9rem; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 8px 0 0; list-style: none; font-size: 0.9rem; }
nav ol li::before { content: counter(list-item) ". "; color: var(--muted); }
a { color: var(--accent); }
.verdict { font-weight: 600; background: #f2f7fb; border-left: 4px solid var(--accent); padding: 10px 14px; margin: 10px 0; }
.note { color: var(--muted); font-style: italic; }
.risks { border: 1px solid #E69F00; border-left: 4px solid var(--bad); background: #fff8f0; padding: 8px 14px; margin: 10px 0 14px; }
.risks.none { border-color: var(--rule); border-left-color: var(--ok); background: #f5fbf8; }
.risks ul { margin: 4px 0 0; padding-left: 18px; }
table.capabilities td.cap.no { color: var(--bad); }
table.capabilities td.cap.yes { color: var(--ok); }
details.capabilities > summary { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 0.88rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
tfoot th, tfoot td { border-top: 2px solid var(--ink); border-bottom: none; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.cheapest th, tr.cheapest td { background: #eaf6f0; }
tr.binding td { background: #fff4e0; }
.badge { display: inline-block; font-size: 0.72rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; padding: 1px 6px; border-radius: 3px; background: var(--ok); color: #fff; vertical-align: middle; }
tr.binding .badge { background: var(--warn); }
small { color: var(--muted); }
small.url { word-break: break-all; }
figure.chart { margin: 12px 0 20px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.88rem; color: var(--muted); margin-top: 6px; }
details { margin-top: 6px; font-size: 0.88rem; }
summary { cursor: pointer; color: var(--accent); }
table.data { width: auto; min-width: 50%; }
article.ladder { margin-bottom: 18px; }
ul.findings { padding-left: 0; list-style: none; }
li.finding { margin: 4px 0; padding: 6px 10px; border-left: 4px solid var(--rule); background: #fafafa; }
li.finding.error { border-color: var(--bad); }
li.finding.warn { border-color: #E69F00; }
li.finding .level { font-weight: 700; text-transform: uppercase; font-size: 0.75rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; }
footer { margin-top: 36px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, details:not(.capabilities) { display: none; }
  details.capabilities > summary { list-style: none; color: var(--ink); }
  .risks { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 18pt; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure.chart, tr, li.finding, article.ladder thead { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .verdict, tr.cheapest th, tr.cheapest td, tr.binding td, .badge, li.finding, figure.chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { font-size: 8.5pt; }
}
`.trim();
