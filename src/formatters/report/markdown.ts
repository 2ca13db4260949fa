import { formatQuantity, formatUsd, formatVolume } from '../../money/format.js';
import { fmt, windowLabel } from '../../models/throttling/report.js';
import { formatEstimateMarkdown } from '../estimate/markdown.js';
import { countText, expectedText, percent, riskText } from '../simulate/result.js';
import { describeCostChart, labelOf, type ReportDocument } from './document.js';
import { describeHeadroom, describePayload, describeTrafficPanel } from './simulation-text.js';
import { forecastMarkdownSection } from '../forecast/markdown.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Volumes shown in the Markdown cost table: one per decade, the given volume and every break-even. */
function tableVolumes(doc: ReportDocument): string[] {
  const seen = new Set<string>();
  const keep: string[] = [];
  const byVolume = [...new Map(doc.cost.points.map((p) => [p.volumeExact, p])).values()].sort((a, b) => a.volume - b.volume);
  const first = byVolume[0];
  for (const p of byVolume) {
    const decade = first ? Math.round(Math.log10(p.volume / first.volume) * 1e6) / 1e6 : 0;
    const onDecade = Number.isInteger(decade);
    if ((onDecade || p.kind !== 'sample' || p === byVolume[byVolume.length - 1]) && !seen.has(p.volumeExact)) {
      seen.add(p.volumeExact);
      keep.push(p.volumeExact);
    }
  }
  return keep;
}

/**
 * The report as Markdown for a wiki or a pull request: the same content as the HTML page.
 * Charts become their text alternative and a table of the points behind them (Markdown
 * renderers strip inline SVG). The estimate part is `estimate --format markdown` verbatim.
 */
export function formatReportMarkdown(doc: ReportDocument): string {
  const r = doc.estimate;
  const out: string[] = [];
  out.push(`# ${doc.title}`, '');
  out.push(`${r.tool.name} ${r.tool.version}${doc.generatedAt ? ` · generated ${doc.generatedAt}` : ''}`, '');
  out.push(`**${r.verdict}**`, '');
  out.push(formatEstimateMarkdown(r).trimEnd(), '');

  out.push('## Monthly cost by monthly volume', '');
  if (doc.cost.points.length) {
    out.push(describeCostChart(doc), '');
    const options = [...new Set(doc.cost.points.map((p) => p.option))];
    out.push(
      `| ${doc.cost.measure}/month | ${options.map((id) => cell(labelOf(r, id))).join(' | ')} |`,
      `|---:|${options.map(() => '---:').join('|')}|`,
    );
    for (const v of tableVolumes(doc)) {
      const kind = doc.cost.points.find((p) => p.volumeExact === v)!.kind;
      const cells = options.map((id) => {
        const p = doc.cost.points.find((q) => q.option === id && q.volumeExact === v);
        return p ? formatUsd(p.usdExact) : '–';
      });
      out.push(
        `| ${formatQuantity(v, 0)}${kind === 'given' ? ' (given)' : kind === 'break-even' ? ' (break-even)' : ''} | ${cells.join(' | ')} |`,
      );
    }
    out.push('');
  } else out.push('_No chart: there is no traffic volume to vary or no option could be priced._', '');

  out.push('## Prices used', '');
  out.push('| # | Price | Usage type | SKU | Region | Unit price(s) | Published | Status |', '|---:|---|---|---|---|---:|---|---|');
  for (const p of doc.prices) {
    const s = p.source;
    out.push(
      `| ${p.ref} | ${cell(s.priceId)} | ${cell(s.usageType)} | ${cell(s.sku ?? '–')} | ${s.region} | ${p.unitPrices.map((u) => `$${u}`).join(', ')} per ${cell(p.units.join(', '))} | ${s.publicationDate} | ${s.status} |`,
    );
  }
  out.push('');

  out.push('## Throttling, quotas and payloads', '');
  const s = doc.simulation;
  if (!s) {
    out.push(
      '_Omitted: no traffic was given. Pass `--traffic FILE` (and optionally `--limits FILE`, `--payload FILE`) to add the traffic over time against the throttle limits, the windows at risk of 429s, the quota headroom and the payload distribution against the limits._',
      '',
    );
  } else {
    out.push(
      `${s.nPeriods} periods of ${s.periodSeconds} s from ${s.start}: ${fmt(s.offered)} requests offered, ${expectedText(s.expected429, s.expected429Bound)} expected 429s. P(any 429 in the busiest ${windowLabel(s.periodSeconds)}) **${s.busiestIsBound ? '≤ ' : ''}${percent(s.busiestWindowPAny)}** against a target of ${percent(s.target)}; over the whole horizon ${s.horizonIsBound ? '≤ ' : ''}${percent(s.horizonPAny)}.`,
      '',
    );
    out.push('### Traffic over time against the throttle limits', '');
    for (const p of s.panels) {
      out.push(describeTrafficPanel(p, s), '');
      const risky = p.points.filter((q) => q.atRisk);
      if (risky.length) {
        out.push('| Period start (UTC) | Requests |', '|---|---:|');
        for (const q of risky.slice(0, 50)) out.push(`| ${q.time} | ${fmt(q.count)} |`);
        if (risky.length > 50) out.push(`| … ${risky.length - 50} more | |`);
        out.push('');
      }
    }
    out.push('### Quota headroom', '', describeHeadroom(s), '');
    out.push(
      '| Bucket | Layer | Limit | Peak rps | Rate headroom | Burst headroom | P(any 429), busiest period | Expected 429s |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const b of s.headroom) {
      const rate =
        b.rateHeadroom === null ? '–' : b.rateHeadroom < 0 ? `0 % (over by ${percent(-b.rateHeadroom)})` : percent(b.rateHeadroom);
      out.push(
        `| ${cell(b.label)}${b.binding ? ' (binding)' : ''} | ${b.layer} | ${fmt(b.rate)} rps / burst ${fmt(b.burst)} | ${fmt(b.peakRps)} | ${rate} | ${percent(Math.max(0, b.burstHeadroom))} | ${riskText(b.pAnyPeak, b.pAnyPeakLow, b.pAnyPeakHigh)} | ${countText(b.expected429, b.expected429High, b.engine)} |`,
      );
    }
    out.push('');
    if (s.quotas.length) {
      out.push('| Plan / key | Quota | Most used in one window | Headroom | Rejected | First exhausted |', '|---|---:|---:|---:|---:|---|');
      for (const q of s.quotas)
        out.push(
          `| ${cell(q.plan)} / ${cell(q.key)} | ${fmt(q.limit)} per ${q.period.toLowerCase()} | ${fmt(q.maxUsed)} | ${percent(Math.max(0, q.headroom))} | ${fmt(q.rejected)} | ${q.exhaustedAt ?? '–'} |`,
        );
      out.push('');
    }
    out.push('### Payloads against the limits', '');
    if (!s.payload) out.push('_Omitted: no payload distribution was given (`--payload FILE`)._', '');
    else {
      for (const d of s.payload.distributions) out.push(`- ${describePayload(d)}`);
      out.push('', '| What | Limit | Share above | Consequence |', '|---|---|---:|---|');
      for (const row of s.payload.rows)
        out.push(`| ${cell(row.what)} | ${row.limit} | ${row.atMost ? '≤ ' : ''}${percent(row.shareAbove)} | ${cell(row.consequence)} |`);
      out.push('');
    }
    if (s.findings.length) {
      out.push('### Throttling and payload findings', '');
      for (const f of s.findings) out.push(`- **${f.level}** \`${f.code}\`: ${f.message}`);
      out.push('');
    }
    out.push('### Throttling and payload assumptions', '');
    for (const a of s.assumptions) out.push(`- ${a}`);
    out.push('', `**${s.verdict}**`, '');
  }
  if (doc.forecast) out.push(...forecastMarkdownSection(doc.forecast));
  out.push(
    `_Break-even volumes searched from ${formatVolume(r.breakEven.searchedFrom)} to ${formatVolume(r.breakEven.searchedTo)} ${r.breakEven.measure}/month._`,
  );
  return `${out.join('\n')}\n`;
}
