import { dec } from '../../money/decimal.js';
import { formatQuantity, formatUsd, formatVolume } from '../../money/format.js';
import { NEED_IDS, NEED_LABELS } from '../../models/capabilities.js';
import { fmt, windowLabel } from '../../models/throttling/report.js';
import { countText, expectedText, percent, riskText } from '../simulate/result.js';
import { sourceIndex } from '../estimate/sources.js';
import { labelOf, type ReportDocument } from './document.js';
import type { RenderedChart } from './render-svg.js';
import type { SimulationSection } from './simulation.js';
import { REPORT_CSS } from './style.js';
import { share } from './simulation-text.js';
import * as forecastSection from '../forecast/html.js';

/** Escape text for HTML element content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no script, no
 * external resource (a Content-Security-Policy of `default-src 'none'` makes sure of it), so it
 * opens offline and can be attached to a design review. Deterministic: no clock unless
 * `generatedAt` is set.
 */
export function formatReportHtml(doc: ReportDocument, charts: RenderedChart[]): string {
  const r = doc.estimate;
  const chart = (id: string) => charts.find((c) => c.id === id);
  const label = (id: string) => labelOf(r, id);
  const { refOf } = sourceIndex(r);
  const out: string[] = [];
  const h = (s: string) => out.push(s);

  h('<!DOCTYPE html>');
  h('<html lang="en">');
  h('<head>');
  h('<meta charset="utf-8">');
  h(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  h('<meta name="viewport" content="width=device-width, initial-scale=1">');
  h(`<meta name="generator" content="${esc(`${r.tool.name} ${r.tool.version}`)}">`);
  h(`<title>${esc(doc.title)}</title>`);
  h(`<style>${REPORT_CSS}</style>`);
  h('</head>');
  h('<body>');
  h('<header>');
  h(`<h1>${esc(doc.title)}</h1>`);
  h(
    `<p class="meta">${esc(formatVolume(r.volume.perMonth))} ${esc(r.volume.measure)}/month · ${esc(r.pricing.region)} prices (${esc(r.pricing.coverage)}, compiled ${esc(r.pricing.compiled)}, oldest price published ${esc(r.pricing.oldestPublication)}) · ${esc(r.tool.name)} ${esc(r.tool.version)}${doc.generatedAt ? ` · generated ${esc(doc.generatedAt)}` : ''}</p>`,
  );
  h('<nav aria-label="Contents"><ol>');
  const toc: [string, string][] = [
    ['summary', 'Summary'],
    ['cost-by-volume', 'Cost by volume'],
    ['options', 'Tier ladders'],
    ['limits', 'Throttling, quotas and payloads'],
    ['findings', 'Findings'],
    ['assumptions', 'Assumptions'],
    ['prices', 'Prices used'],
  ];
  for (const [id, text] of toc) h(`<li><a href="#${id}">${esc(text)}</a></li>`);
  h('</ol></nav>');
  h('</header>');
  h('<main>');

  // Summary
  h('<section id="summary" aria-labelledby="summary-h">');
  h('<h2 id="summary-h">Summary</h2>');
  h(`<p class="verdict" data-key="verdict">${esc(r.verdict)}</p>`);
  const risks = riskItems(doc);
  h(`<div class="risks${risks.length ? '' : ' none'}" data-key="risks"><strong>Risks:</strong> `);
  h(risks.length ? `<ul>${risks.map((x) => `<li>${x}</li>`).join('')}</ul>` : 'none found in what was given.');
  h('</div>');
  h('<table class="options-summary"><caption>Monthly cost of each option, cheapest first</caption>');
  h(
    '<thead><tr><th scope="col">Option</th><th scope="col" class="num">Monthly cost</th><th scope="col" class="num">vs cheapest</th><th scope="col">Lacks compared with a REST API</th></tr></thead><tbody>',
  );
  const cheapestOption = r.options.find((o) => o.priced && o.cheapest);
  const base = cheapestOption?.priced ? Number(cheapestOption.monthlyUsdExact) : undefined;
  const sorted = [...r.options].sort(
    (a, b) => (a.priced ? 0 : 1) - (b.priced ? 0 : 1) || (a.priced && b.priced ? Number(a.monthlyUsdExact) - Number(b.monthlyUsdExact) : 0),
  );
  for (const o of sorted) {
    const lacks =
      o.lacksComparedWithRest.map((id) => NEED_LABELS[id]).join(', ') || (o.id === 'self-hosted' ? 'depends on the gateway software' : '—');
    const unmet = o.unmetNeeds.length
      ? `<br><strong>Not named cheapest:</strong> ${o.unmetNeeds.map((u) => esc(u.reason)).join('; ')}`
      : '';
    if (o.priced) {
      const diff =
        base === undefined || o.cheapest
          ? '—'
          : formatDiff(o.monthlyUsdExact, cheapestOption!.priced ? cheapestOption!.monthlyUsdExact : '0');
      h(
        `<tr${o.cheapest ? ' class="cheapest"' : ''} data-option="${esc(o.id)}"><th scope="row">${esc(o.label)}${o.cheapest ? ' <span class="badge">cheapest</span>' : ''}</th><td class="num" data-key="monthly-usd" data-usd="${esc(o.monthlyUsd)}">${esc(formatUsd(o.monthlyUsdExact))}</td><td class="num" data-key="vs-cheapest">${esc(diff)}</td><td>${esc(lacks)}${unmet}</td></tr>`,
      );
    } else {
      h(
        `<tr data-option="${esc(o.id)}"><th scope="row">${esc(o.label)}</th><td class="num">not priced</td><td></td><td>${esc(o.reason)}</td></tr>`,
      );
    }
  }
  h('</tbody></table>');
  h(capabilitiesTable(r));
  h('</section>');

  // Cost by volume
  h('<section id="cost-by-volume" aria-labelledby="cost-h">');
  h('<h2 id="cost-h">Cost by monthly volume</h2>');
  const be = r.breakEven;
  h(
    `<p>Every option costed with the estimate's model at ${esc(String(new Set(doc.cost.points.map((p) => p.volume)).size))} volumes from ${esc(formatVolume(be.searchedFrom))} to ${esc(formatVolume(be.searchedTo))} ${esc(be.measure)}/month (the break-even search range), log-spaced, plus exact points at the given volume and at each break-even. All traffic scales together; fixed quantities (hours, cache, MAU, rules) stay as they are.</p>`,
  );
  const cost = chart('cost-by-volume');
  if (cost) h(figure(cost, costTable(doc)));
  else h('<p class="note">No chart: there is no traffic volume to vary or no option could be priced.</p>');
  const full = chart('cost-by-volume-full');
  if (full) h(figure(full, '<p>The same costs as the table under the chart above.</p>'));
  if (be.cheapestByVolume.length) {
    h('<h3>Cheapest option by monthly volume</h3>');
    h(
      '<table><thead><tr><th scope="col" class="num">From</th><th scope="col" class="num">To</th><th scope="col">Cheapest</th></tr></thead><tbody>',
    );
    for (const x of be.cheapestByVolume) {
      h(
        `<tr data-key="cheapest-range"><td class="num">${esc(formatVolume(x.fromVolume))}</td><td class="num">${esc(formatVolume(x.toVolume))}</td><td>${esc(label(x.cheapest))}</td></tr>`,
      );
    }
    h('</tbody></table>');
  }
  h('<h3>Break-even volumes</h3>');
  if (doc.cost.breakEvens.length) {
    h(
      '<table class="break-evens"><thead><tr><th scope="col">#</th><th scope="col" class="num">Volume per month</th><th scope="col">Between</th><th scope="col">Cheaper below</th><th scope="col">Cheaper above</th><th scope="col" class="num">Cost there</th></tr></thead><tbody>',
    );
    for (const b of doc.cost.breakEvens) {
      h(
        `<tr data-key="break-even" data-volume="${esc(b.volumeExact)}"><td>${b.n}</td><td class="num">${esc(formatQuantity(b.volumeExact, 0))}${b.kind === 'step' ? ' (step)' : ''}</td><td>${esc(label(b.between[0]))} / ${esc(label(b.between[1]))}</td><td>${esc(label(b.cheaperBelow))}</td><td>${esc(label(b.cheaperAbove))}</td><td class="num">${esc(formatUsd(b.usd))}</td></tr>`,
      );
    }
    h('</tbody></table>');
    h('<p class="note">A <em>(step)</em> crossing is a self-hosted node being added: the cost jumps there.</p>');
  } else {
    h(
      `<p class="note">No option overtakes another between ${esc(formatVolume(be.searchedFrom))} and ${esc(formatVolume(be.searchedTo))} ${esc(be.measure)}/month.</p>`,
    );
  }
  h('</section>');

  // Tier ladders
  h('<section id="options" aria-labelledby="options-h">');
  h('<h2 id="options-h">Tier ladders</h2>');
  for (const o of r.options) {
    h(`<article class="ladder" data-option="${esc(o.id)}">`);
    h(`<h3>${esc(o.label)}${o.priced && o.cheapest ? ' <span class="badge">cheapest</span>' : ''}</h3>`);
    if (!o.priced) {
      h(`<p class="note">Not priced: ${esc(o.reason)}</p></article>`);
      continue;
    }
    h(
      '<table><thead><tr><th scope="col">Component</th><th scope="col">Tier</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Unit price</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Price</th></tr></thead><tbody>',
    );
    for (const l of o.lines) {
      const ref = refOf(l.source);
      h(
        `<tr><td>${esc(l.component)}${l.note ? `<br><small>${esc(l.note)}</small>` : ''}</td><td>${esc(l.tier ?? '')}</td><td class="num">${esc(formatQuantity(l.quantity))} ${esc(l.unit)}</td><td class="num">$${esc(l.unitPriceUsd)}</td><td class="num">${esc(formatUsd(l.costUsd))}</td><td class="num"><a href="#price-${ref}">[${ref}]</a></td></tr>`,
      );
    }
    h(
      `</tbody><tfoot><tr><th scope="row" colspan="4">Total per month</th><td class="num" data-key="ladder-total"><strong>${esc(formatUsd(o.monthlyUsdExact))}</strong></td><td></td></tr></tfoot></table>`,
    );
    if (o.findings.length) h(`<ul class="findings">${o.findings.map(findingLi).join('')}</ul>`);
    h('</article>');
  }
  h('</section>');

  // Throttling, quotas, payloads
  h('<section id="limits" aria-labelledby="limits-h">');
  h('<h2 id="limits-h">Throttling, quotas and payloads</h2>');
  if (doc.simulation) simulationHtml(doc.simulation, charts, h);
  else {
    h(
      '<p class="note" data-key="simulation-omitted">Omitted: no traffic was given. Pass <code>--traffic FILE</code> (request counts per period, as for <code>apigw-plan simulate</code>), and optionally <code>--limits FILE</code> and <code>--payload FILE</code>, to add the traffic over time against the throttle limits, the windows at risk of 429s, the quota headroom and the payload distribution against the limits.</p>',
    );
  }
  h('</section>');

  if (doc.forecast) {
    const { forecastHtml } = forecastSection;
    h(forecastHtml(doc.forecast, charts));
  }

  // Findings
  h('<section id="findings" aria-labelledby="findings-h">');
  h('<h2 id="findings-h">Findings</h2>');
  const findings = [...r.findings, ...(doc.simulation?.findings ?? [])];
  if (findings.length) h(`<ul class="findings">${findings.map(findingLi).join('')}</ul>`);
  else h('<p>None.</p>');
  h('</section>');

  // Assumptions
  h('<section id="assumptions" aria-labelledby="assumptions-h">');
  h('<h2 id="assumptions-h">Assumptions</h2>');
  // defaults are listed once, in the inputs table below (origin "default"), not again as assumptions
  h(
    `<ul>${r.assumptions
      .filter((a) => !a.startsWith('default '))
      .map((a) => `<li>${esc(a)}</li>`)
      .join('')}</ul>`,
  );
  if (doc.simulation)
    h(`<h3>Throttling and payload assumptions</h3><ul>${doc.simulation.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`);
  h('<h3>Inputs</h3>');
  h('<table><thead><tr><th scope="col">Input</th><th scope="col">Value</th><th scope="col">From</th></tr></thead><tbody>');
  for (const i of [...r.inputs, ...(doc.simulation?.inputs ?? [])])
    h(`<tr><td>${esc(i.name)}</td><td>${esc(i.value)}</td><td>${esc(i.origin)}</td></tr>`);
  h('</tbody></table>');
  h('</section>');

  // Prices
  h('<section id="prices" aria-labelledby="prices-h">');
  h('<h2 id="prices-h">Prices used</h2>');
  h(
    `<p>From the ${esc(r.pricing.region)} snapshot${r.pricing.file ? ` in ${esc(r.pricing.file)}` : ' bundled with the tool'} (${esc(r.pricing.origin)}, compiled ${esc(r.pricing.compiled)}). Each price is per single unit as in AWS's price list.</p>`,
  );
  h(
    '<table class="prices"><thead><tr><th scope="col">#</th><th scope="col">Price</th><th scope="col">Usage type / SKU</th><th scope="col">Region</th><th scope="col" class="num">Unit price(s)</th><th scope="col">Published</th><th scope="col">Status</th><th scope="col">Used by</th></tr></thead><tbody>',
  );
  for (const p of doc.prices) {
    const s = p.source;
    h(
      `<tr id="price-${p.ref}" data-key="price" data-price-id="${esc(s.priceId)}"><td>${p.ref}</td><td>${esc(s.priceId)}<br><small class="url">${esc(s.url)}</small></td><td>${esc(s.usageType)}${s.sku ? `<br><small>SKU ${esc(s.sku)}</small>` : ''}</td><td>${esc(s.region)}</td><td class="num">${p.unitPrices.map((u) => `$${esc(u)}`).join('<br>')}<br><small>per ${esc(p.units.join(', '))}</small></td><td>${esc(s.publicationDate)}</td><td>${esc(s.status)}</td><td>${p.usedBy.map((id) => esc(id)).join(', ')}</td></tr>`,
    );
  }
  h('</tbody></table>');
  h('</section>');

  h('</main>');
  h(
    `<footer><p class="verdict">${esc(r.verdict)}</p>${doc.simulation ? `<p class="verdict">${esc(doc.simulation.verdict)}</p>` : ''}</footer>`,
  );
  h('</body>');
  h('</html>');
  return `${out.join('\n')}\n`;
}

/** +$24.23 / −$3.10 against the cheapest option. */
function formatDiff(usd: string, cheapest: string): string {
  const d = dec(usd).minus(cheapest);
  return `${d.isNegative() ? '−' : '+'}${formatUsd(d.abs())}`;
}

/** The risks the summary box names: 429 risk over the target, payloads over a limit, headroom under 20 %, error findings. */
function riskItems(doc: ReportDocument): string[] {
  const out: string[] = [];
  const s = doc.simulation;
  if (s) {
    if (s.busiestWindowPAny > s.target)
      out.push(
        `429s: P(any 429 in the busiest ${esc(windowLabel(s.periodSeconds))}) <strong>${s.busiestIsBound ? '≤ ' : ''}${esc(percent(s.busiestWindowPAny))}</strong>, above the ${esc(percent(s.target))} target; ${esc(expectedText(s.expected429, s.expected429Bound))} expected 429s (<a href="#limits">throttling</a>)`,
      );
    const low = s.headroom.filter((b) => b.rateHeadroom !== null && b.rateHeadroom < 0.2);
    if (low.length)
      out.push(
        `Headroom under 20 %: ${low.map((b) => `${esc(b.label)} ${esc(percent(Math.max(0, b.rateHeadroom!)))}${b.rateHeadroom! < 0 ? ' (over the limit)' : ''}`).join('; ')}`,
      );
    const quotas = s.quotas.filter((q) => q.headroom < 0.2);
    if (quotas.length)
      out.push(
        `Usage-plan quota headroom under 20 %: ${quotas.map((q) => `${esc(q.plan)} / ${esc(q.key)} ${esc(percent(Math.max(0, q.headroom)))}`).join('; ')}`,
      );
    for (const row of s.payload?.rows ?? []) {
      if (row.shareAbove > 0)
        out.push(
          `Payloads: ${row.atMost ? '≤ ' : ''}${esc(percent(row.shareAbove))} of ${esc(row.what)} over ${esc(row.limit)} — ${esc(row.consequence)}`,
        );
    }
  }
  for (const f of doc.estimate.findings.filter((x) => x.level === 'error')) out.push(`<code>${esc(f.code)}</code> ${esc(f.message)}`);
  for (const x of doc.estimate.excluded) for (const u of x.unmet) out.push(`Needs: ${esc(u.reason)}`);
  return out;
}

/** What each option provides (documented), with the limits, beside the costs. */
function capabilitiesTable(r: ReportDocument['estimate']): string {
  const word = { yes: 'yes', no: 'no', partial: 'partly', 'self-managed': 'self-run' } as const;
  const head = r.options.map((o) => `<th scope="col">${esc(o.label.replace(/^API Gateway /, ''))}</th>`).join('');
  const cell = (f: { support: keyof typeof word; note?: string; source: string }) =>
    `<td class="cap ${f.support}"${f.note ? ` title="${esc(f.note)}"` : ''}>${esc(word[f.support])}${f.note && f.support !== 'yes' && f.support !== 'no' && !f.note.startsWith('provided by the gateway software') ? `<br><small>${esc(f.note)}</small>` : ''}</td>`;
  const rows = NEED_IDS.map(
    (id) => `<tr><th scope="row">${esc(NEED_LABELS[id])}</th>${r.options.map((o) => cell(o.capabilities.features[id])).join('')}</tr>`,
  );
  rows.push(
    `<tr><th scope="row">Integration timeout</th>${r.options.map((o) => `<td>${esc(o.capabilities.integrationTimeout.text)}</td>`).join('')}</tr>`,
  );
  rows.push(
    `<tr><th scope="row">Payload limit</th>${r.options.map((o) => `<td>${esc(o.capabilities.payloadLimit.text)}</td>`).join('')}</tr>`,
  );
  const sources = [
    ...new Set(
      r.options.flatMap((o) => [
        ...Object.values(o.capabilities.features).map((f) => f.source),
        o.capabilities.integrationTimeout.source,
        o.capabilities.payloadLimit.source,
      ]),
    ),
  ];
  return `<details class="capabilities" open><summary>What each option provides</summary><table class="capabilities" data-key="capabilities"><thead><tr><th scope="col">Capability</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table><p class="note">self-run: provided by the gateway software you run (plugins), not by AWS. From AWS's documentation: ${sources.map((u) => `<small class="url">${esc(u)}</small>`).join(', ')}.</p></details>`;
}

function findingLi(f: { code: string; level: string; message: string }): string {
  return `<li class="finding ${esc(f.level)}"><span class="level">${esc(f.level)}</span> <code>${esc(f.code)}</code> ${esc(f.message)}</li>`;
}

/** A chart with its caption, its text alternative and the data behind it. */
function figure(c: RenderedChart, dataTable: string): string {
  return [
    `<figure class="chart" id="fig-${esc(c.id)}" aria-labelledby="cap-${esc(c.id)}">`,
    c.svg,
    `<figcaption id="cap-${esc(c.id)}"><strong>${esc(c.title)}.</strong> <span class="chart-description">${esc(c.description)}</span></figcaption>`,
    `<details><summary>Data behind this chart</summary>${dataTable}</details>`,
    '</figure>',
  ].join('\n');
}

function costTable(doc: ReportDocument): string {
  const options = [...new Set(doc.cost.points.map((p) => p.option))];
  const volumes = [...new Set(doc.cost.points.map((p) => p.volumeExact))].sort((a, b) => Number(a) - Number(b));
  const rows = volumes.map((v) => {
    const cells = options.map((id) => {
      const p = doc.cost.points.find((q) => q.option === id && q.volumeExact === v);
      return `<td class="num">${p ? esc(formatUsd(p.usdExact)) : '–'}</td>`;
    });
    const kind = doc.cost.points.find((q) => q.volumeExact === v)?.kind;
    return `<tr><td class="num">${esc(formatQuantity(v, 0))}${kind === 'given' ? ' (given)' : kind === 'break-even' ? ' (break-even)' : ''}</td>${cells.join('')}</tr>`;
  });
  return `<table class="data"><thead><tr><th scope="col" class="num">${esc(doc.cost.measure)}/month</th>${options.map((id) => `<th scope="col" class="num">${esc(labelOf(doc.estimate, id))}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function simulationHtml(s: SimulationSection, charts: RenderedChart[], h: (s: string) => void): void {
  const chart = (id: string) => charts.find((c) => c.id === id);
  h(
    `<p>${esc(s.nPeriods)} periods of ${esc(s.periodSeconds)} s from ${esc(s.start)}: ${esc(fmt(s.offered))} requests offered, ${esc(expectedText(s.expected429, s.expected429Bound))} expected 429s${Number.isFinite(s.expected429) ? ` (${esc(percent(s.offered > 0 ? s.expected429 / s.offered : 0))})` : ''}. P(any 429 in the busiest ${esc(windowLabel(s.periodSeconds))}) <strong data-key="busiest-p-any">${s.busiestIsBound ? '≤ ' : ''}${esc(percent(s.busiestWindowPAny))}</strong> against a target of ${esc(percent(s.target))}; over the whole horizon ${s.horizonIsBound ? '≤ ' : ''}${esc(percent(s.horizonPAny))}.</p>`,
  );
  h(`<p class="verdict" data-key="simulate-verdict">${esc(s.verdict)}</p>`);
  h('<h3>Traffic over time against the throttle limits</h3>');
  for (const p of s.panels) {
    const c = chart(`traffic-${p.bucketId}`);
    if (!c) continue;
    const rows = p.points.filter((q) => q.atRisk).map((q) => `<tr><td>${esc(q.time)}</td><td class="num">${esc(fmt(q.count))}</td></tr>`);
    h(
      figure(
        c,
        `<p>${esc(p.atRiskPeriods)} period(s) at risk${p.atRiskFromCount !== undefined ? ` (the smallest has ${esc(fmt(p.atRiskFromCount))} requests)` : ''}.</p>${rows.length ? `<table class="data"><thead><tr><th scope="col">Period start (UTC)</th><th scope="col" class="num">Requests</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''}`,
      ),
    );
  }
  h('<h3>Quota headroom</h3>');
  const hc = chart('headroom');
  const headTable = `<table class="headroom"><thead><tr><th scope="col">Bucket</th><th scope="col">Layer</th><th scope="col" class="num">Limit</th><th scope="col" class="num">Peak req/s</th><th scope="col" class="num">Rate headroom</th><th scope="col" class="num">Burst headroom</th><th scope="col" class="num">P(any 429), busiest period</th><th scope="col" class="num">Expected 429s</th></tr></thead><tbody>${s.headroom
    .map(
      (b) =>
        `<tr data-key="bucket" data-bucket="${esc(b.bucketId)}"${b.binding ? ' class="binding"' : ''}><td>${esc(b.label)}${b.binding ? ' <span class="badge">binding</span>' : ''}</td><td>${esc(b.layer)}</td><td class="num">${esc(fmt(b.rate))} req/s, burst ${esc(fmt(b.burst))}<br><small>${esc(b.origin)}</small></td><td class="num">${esc(fmt(b.peakRps))}</td><td class="num">${b.rateHeadroom === null ? '–' : esc(percent(Math.max(0, b.rateHeadroom)))}${b.rateHeadroom !== null && b.rateHeadroom < 0 ? ` (over by ${esc(percent(-b.rateHeadroom))})` : ''}</td><td class="num">${esc(percent(Math.max(0, b.burstHeadroom)))}</td><td class="num">${esc(riskText(b.pAnyPeak, b.pAnyPeakLow, b.pAnyPeakHigh))}</td><td class="num">${esc(countText(b.expected429, b.expected429High, b.engine))}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  if (hc) h(figure(hc, '<p>The table below gives every figure behind this chart.</p>'));
  h(headTable);
  if (s.quotas.length) {
    h(
      '<table class="quotas"><caption>Usage-plan quotas</caption><thead><tr><th scope="col">Plan / key</th><th scope="col" class="num">Quota</th><th scope="col" class="num">Most used in one window</th><th scope="col" class="num">Headroom</th><th scope="col" class="num">Rejected (429 "Limit Exceeded")</th><th scope="col">First exhausted</th></tr></thead><tbody>',
    );
    for (const q of s.quotas) {
      h(
        `<tr data-key="quota"><td>${esc(q.plan)} / ${esc(q.key)}</td><td class="num">${esc(fmt(q.limit))} per ${esc(q.period.toLowerCase())}</td><td class="num">${esc(fmt(q.maxUsed))}</td><td class="num">${esc(percent(Math.max(0, q.headroom)))}</td><td class="num">${esc(fmt(q.rejected))}</td><td>${esc(q.exhaustedAt ?? '–')}</td></tr>`,
      );
    }
    h('</tbody></table>');
  } else h('<p class="note">No usage-plan quotas in the limits.</p>');
  h('<h3>Payloads against the limits</h3>');
  if (!s.payload) {
    h(
      '<p class="note" data-key="payload-omitted">Omitted: no payload distribution was given. Pass <code>--payload FILE</code> to compare payload sizes and integration latency with API Gateway\'s limits.</p>',
    );
    return;
  }
  s.payload.distributions.forEach((d, i) => {
    const c = chart(`payload-${i}`);
    if (!c) return;
    const rows = d.points.map((p) => `<tr><td class="num">${esc(fmt(p.x))}</td><td class="num">${esc(share(p.f))}</td></tr>`).join('');
    h(
      figure(
        c,
        `<p>${esc(d.source)}</p><table class="data"><thead><tr><th scope="col" class="num">${d.unit === 'bytes' ? 'Bytes' : 'ms'}</th><th scope="col" class="num">Share at or below</th></tr></thead><tbody>${rows}</tbody></table>`,
      ),
    );
  });
  h(
    '<table class="payload"><thead><tr><th scope="col">What</th><th scope="col">Limit</th><th scope="col" class="num">Share above</th><th scope="col">Consequence</th></tr></thead><tbody>',
  );
  for (const row of s.payload.rows) {
    h(
      `<tr data-key="payload-share"><td>${esc(row.what)}</td><td>${esc(row.limit)}</td><td class="num">${row.atMost ? '≤ ' : ''}${esc(percent(row.shareAbove))}</td><td>${esc(row.consequence)}</td></tr>`,
    );
  }
  h('</tbody></table>');
  if (s.payload.multiplier) {
    const m = s.payload.multiplier;
    h(
      `<p>${esc(m.what)} are metered in ${esc(m.unit)} increments: ${m.atMost ? 'at most ' : ''}×${esc(m.value.toFixed(4))} billed units each.</p>`,
    );
  }
}
