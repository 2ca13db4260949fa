import { formatQuantity, formatUsd, formatVolume } from '../../money/format.js';
import { NEED_IDS, NEED_LABELS } from '../../models/capabilities.js';
import type { EstimateReport } from './report.js';
import { describeSource, sourceIndex } from './sources.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown for a wiki, a pull request or a GitHub Actions step summary. */
export function formatEstimateMarkdown(report: EstimateReport): string {
  const out: string[] = [];
  const { refOf, sources } = sourceIndex(report);
  const label = (id: string) => report.options.find((o) => o.id === id)?.label ?? id;
  out.push(`## API cost estimate: ${formatVolume(report.volume.perMonth)} ${report.volume.measure}/month`, '');
  out.push(
    `Prices: ${report.pricing.region} snapshot (${report.pricing.coverage}, compiled ${report.pricing.compiled}, oldest price published ${report.pricing.oldestPublication}).`,
    '',
  );
  out.push(`**${report.verdict}**`, '');
  out.push('| Option | Monthly | Lacks compared with a REST API |', '|---|---:|---|');
  for (const o of report.options) {
    const lacks = o.lacksComparedWithRest.map((id) => NEED_LABELS[id]).join(', ') || '—';
    const unmet = o.unmetNeeds.length ? `; **not named cheapest**: ${o.unmetNeeds.map((u) => u.reason).join('; ')}` : '';
    out.push(
      o.priced
        ? `| ${o.cheapest ? `**${o.label}** (cheapest)` : o.label} | ${formatUsd(o.monthlyUsdExact)} | ${cell(lacks + unmet)} |`
        : `| ${o.label} | not priced | ${cell(lacks)} |`,
    );
  }
  out.push('');
  out.push('### What each option provides', '');
  const word = { yes: 'yes', no: 'no', partial: 'partly', 'self-managed': 'self-run' } as const;
  out.push(
    `| Capability | ${report.options.map((o) => cell(o.label)).join(' | ')} |`,
    `|---|${report.options.map(() => '---').join('|')}|`,
  );
  for (const id of NEED_IDS) {
    out.push(`| ${NEED_LABELS[id]} | ${report.options.map((o) => word[o.capabilities.features[id].support]).join(' | ')} |`);
  }
  out.push(`| Integration timeout | ${report.options.map((o) => cell(o.capabilities.integrationTimeout.text)).join(' | ')} |`);
  out.push(`| Payload limit | ${report.options.map((o) => cell(o.capabilities.payloadLimit.text)).join(' | ')} |`, '');
  out.push(
    'From https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html and the API Gateway and ALB guides (every source URL is in `--format json`); self-run: provided by the gateway software you run.',
    '',
  );
  for (const o of report.options) {
    out.push(`### ${o.label}`, '');
    if (!o.priced) {
      out.push(`Not priced: ${o.reason}`, '');
      continue;
    }
    out.push('| Component | Tier | Quantity | Unit price | Cost | Ref |', '|---|---|---:|---:|---:|---:|');
    for (const l of o.lines) {
      out.push(
        `| ${cell(l.component)} | ${cell(l.tier ?? '')} | ${formatQuantity(l.quantity)} ${l.unit} | $${l.unitPriceUsd} | ${formatUsd(l.costUsd)} | [${refOf(l.source)}] |`,
      );
    }
    out.push(`| **Total** | | | | **${formatUsd(o.monthlyUsdExact)}** | |`, '');
    if (o.costByApi) {
      out.push('#### Cost per API', '', o.costByApi.method, '', '| API / stage | Monthly share |', '|---|---:|');
      for (const a of o.costByApi.apis) out.push(`| ${cell(a.api)} | ${formatUsd(a.monthlyUsdExact)} |`);
      if (o.costByApi.unattributedUsd !== '0') out.push(`| not attributable to one API | ${formatUsd(o.costByApi.unattributedUsd)} |`);
      out.push('');
    }
  }
  const be = report.breakEven;
  if (be.cheapestByVolume.length) {
    out.push(
      `### Cheapest by monthly volume`,
      '',
      `Searched ${formatVolume(be.searchedFrom)}–${formatVolume(be.searchedTo)} ${be.measure}/month.`,
      '',
    );
    out.push('| From | To | Cheapest |', '|---:|---:|---|');
    for (const r of be.cheapestByVolume) out.push(`| ${formatVolume(r.fromVolume)} | ${formatVolume(r.toVolume)} | ${label(r.cheapest)} |`);
    out.push('');
  }
  if (be.crossings.length) {
    out.push('### Break-even volumes', '', '| Volume/month | Between | Cheaper below | Cheaper above |', '|---:|---|---|---|');
    for (const x of be.crossings) {
      out.push(
        `| ${formatQuantity(x.volume, 0)}${x.kind === 'step' ? ' (step)' : ''} | ${label(x.between[0])} / ${label(x.between[1])} | ${label(x.cheaperBelow)} | ${label(x.cheaperAbove)} |`,
      );
    }
    out.push('');
  }
  if (report.findings.length) {
    out.push('### Findings', '');
    for (const f of report.findings) out.push(`- **${f.level}** \`${f.code}\`: ${f.message}`);
    out.push('');
  }
  out.push('### Assumptions', '');
  for (const a of report.assumptions) out.push(`- ${a}`);
  out.push('', '### Price sources', '');
  sources.forEach((s, i) => {
    out.push(`${i + 1}. ${describeSource(s)}`);
  });
  out.push('', `**${report.verdict}**`);
  return `${out.join('\n')}\n`;
}
