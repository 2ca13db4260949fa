import { dec } from '../../money/decimal.js';
import { formatQuantity, formatUsd, formatVolume } from '../../money/format.js';
import { NEED_IDS, NEED_LABELS } from '../../models/capabilities.js';
import type { Colors } from '../colors.js';
import { type Column, DEFAULT_WIDTH, fitTable, type Layout, wrap } from '../terminal.js';
import type { EstimateReport, ReportOption } from './report.js';
import { describeSource, sourceIndex } from './sources.js';

export { DETAIL_SECTIONS, type DetailSection, parseDetails } from './details.js';
import type { DetailSection } from './details.js';

export interface EstimateTableOptions {
  width?: number;
  /** ASCII table borders (output that is not a terminal). */
  ascii?: boolean;
  details?: Set<DetailSection>;
}

/** How many break-even volumes the default output lists (the rest: --details breakevens, JSON). */
const BREAK_EVENS_SHOWN = 6;

/**
 * Terminal output, answer first: the verdict; a summary of every option's monthly total, its
 * difference from the cheapest and what it lacks compared with a REST API; the break-even
 * volumes; the findings. Tier ladders, capabilities, every break-even, assumptions and price
 * sources follow only when asked for with --details.
 */
export function formatEstimateTable(report: EstimateReport, c: Colors, opts: EstimateTableOptions = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const details = opts.details ?? new Set<DetailSection>();
  const out: string[] = [];
  const label = (id: string) => report.options.find((o) => o.id === id)?.label ?? id;
  const para = (text: string, indent = '  ') => out.push(...wrap(text, width, indent));

  para(c.bold(report.verdict));
  out.push('');
  para(
    `${c.bold('Summary')}: ${formatVolume(report.volume.perMonth)} ${report.volume.measure}/month, ${report.pricing.region} prices (${report.pricing.coverage}, compiled ${report.pricing.compiled})`,
  );
  out.push(summaryTable(report, c, layout));

  const lacking = report.options.filter((o) => o.id !== 'rest' && o.lacksComparedWithRest.length);
  if (lacking.length) {
    out.push('Compared with a REST API:');
    for (const o of lacking) para(`  ${o.label} lacks ${o.lacksComparedWithRest.map((id) => NEED_LABELS[id]).join(', ')}`, '    ');
    const selfHosted = report.options.find((o) => o.id === 'self-hosted');
    if (selfHosted) para(`  ${selfHosted.label}: usage plans, throttling, caching and auth come from the gateway software you run`, '    ');
  }
  if (report.excluded.length) {
    out.push(c.bold('Not named cheapest (a stated need is missing):'));
    for (const x of report.excluded) for (const u of x.unmet) para(`  ${c.yellow('✗')} ${u.reason}`, '    ');
  } else if (!report.needs.length && lacking.length) {
    para(c.dim(`  (--needs ${NEED_IDS.slice(0, 3).join(',')},… keeps only the options that provide them)`), '    ');
  }
  out.push('');

  const be = report.breakEven;
  if (be.cheapestByVolume.length || be.crossings.length) {
    para(c.bold(`Break-even volumes (searched ${formatVolume(be.searchedFrom)}–${formatVolume(be.searchedTo)} ${be.measure}/month)`));
    if (be.cheapestByVolume.length) {
      para(
        `  cheapest${report.needs.length ? ' with the stated needs' : ''}: ${be.cheapestByVolume
          .map((r) => `${label(r.cheapest)} ${formatVolume(r.fromVolume)}–${formatVolume(r.toVolume)}`)
          .join(' · ')}`,
        '    ',
      );
    }
    const all = details.has('breakevens');
    const shown = all ? be.crossings : nearest(be.crossings, report.volume.perMonth, BREAK_EVENS_SHOWN);
    if (shown.length) out.push(crossingsTable(report, shown, layout));
    if (shown.length < be.crossings.length) {
      out.push(
        c.dim(`  ${be.crossings.length - shown.length} more, farther from ${formatVolume(report.volume.perMonth)}: --details breakevens`),
      );
    }
    out.push('');
  }

  if (report.findings.length) {
    out.push(c.bold('Findings'));
    for (const f of report.findings) {
      const tag = f.level === 'error' ? c.red('error') : f.level === 'warn' ? c.yellow('warn') : 'info';
      para(`  ${tag} ${f.code}: ${f.message}`, '    ');
    }
    out.push('');
  }

  if (details.has('ladders')) out.push(...ladders(report, c, layout));
  if (details.has('capabilities')) out.push(c.bold('Capabilities'), capabilitiesTable(report, layout), '');
  if (details.has('assumptions')) {
    out.push(c.bold('Assumptions'));
    for (const a of report.assumptions) para(`  - ${a}`, '    ');
    out.push('');
  }
  if (details.has('sources')) {
    out.push(c.bold('Price sources'));
    sourceIndex(report).sources.forEach((s, i) => {
      para(`  [${i + 1}] ${describeSource(s)}`, '      ');
    });
    out.push('');
  }
  if (details.size === 0) {
    para(
      c.dim(
        'More: --details for tier ladders, capabilities, all break-evens, assumptions and price sources (or name them: --details ladders,sources); --format json or markdown has everything.',
      ),
    );
  } else {
    para(report.verdict);
  }
  return `${out.join('\n')}\n`;
}

function summaryTable(report: EstimateReport, c: Colors, layout: Layout): string {
  const priced = report.options.filter((o): o is Extract<ReportOption, { priced: true }> => o.priced);
  const cheapest = priced.find((o) => o.cheapest);
  const cols: Column[] = [
    { head: 'Option', wrap: true, min: 12 },
    { head: 'Monthly', align: 'right' },
    { head: 'vs cheapest', align: 'right' },
  ];
  const withNeeds = report.needs.length > 0;
  if (withNeeds) cols.push({ head: 'Needs', wrap: true, min: 8 });
  const rows: string[][] = [];
  const sorted = [...priced].sort((a, b) => dec(a.monthlyUsdExact).comparedTo(dec(b.monthlyUsdExact)));
  for (const o of sorted) {
    const diff = cheapest ? dec(o.monthlyUsdExact).minus(cheapest.monthlyUsdExact) : undefined;
    const row = [
      o.cheapest ? c.green(`★ ${o.label}`) : o.label,
      formatUsd(o.monthlyUsdExact),
      o.cheapest || !diff ? '—' : `${diff.isNegative() ? '−' : '+'}${formatUsd(diff.abs())}`,
    ];
    if (withNeeds) row.push(o.meetsNeeds ? 'met' : `lacks ${o.unmetNeeds.map((u) => NEED_LABELS[u.need]).join(', ')}`);
    rows.push(row);
  }
  for (const o of report.options.filter((x) => !x.priced)) {
    const row = [o.label, 'not priced', '', ...(withNeeds ? [''] : [])];
    rows.push(row);
  }
  return fitTable(cols, rows, layout);
}

type Crossing = EstimateReport['breakEven']['crossings'][number];

/** The `n` crossings nearest (on a log scale) to the given volume, in volume order. */
function nearest(crossings: Crossing[], volume: string, n: number): Crossing[] {
  if (crossings.length <= n) return crossings;
  const v = Math.log(Number(volume));
  const picked = [...crossings]
    .sort((a, b) => Math.abs(Math.log(Number(a.volume)) - v) - Math.abs(Math.log(Number(b.volume)) - v))
    .slice(0, n);
  return crossings.filter((x) => picked.includes(x));
}

function crossingsTable(report: EstimateReport, crossings: Crossing[], layout: Layout): string {
  const label = (id: string) => report.options.find((o) => o.id === id)?.label ?? id;
  return fitTable(
    [
      { head: 'Volume/month', align: 'right' },
      { head: 'Between', wrap: true, dropFirst: true, min: 16 },
      { head: 'Cheaper below', wrap: true, min: 10 },
      { head: 'Cheaper above', wrap: true, min: 10 },
    ],
    crossings.map((x) => [
      `${formatQuantity(x.volume, 0)}${x.kind === 'step' ? ' (step)' : ''}`,
      `${label(x.between[0])} / ${label(x.between[1])}`,
      label(x.cheaperBelow),
      label(x.cheaperAbove),
    ]),
    layout,
  );
}

function ladders(report: EstimateReport, c: Colors, layout: Layout): string[] {
  const { width } = layout;
  const out: string[] = [];
  const { refOf } = sourceIndex(report);
  for (const o of report.options) {
    if (!o.priced) {
      out.push(...wrap(`${c.bold(o.label)} — ${c.yellow('not priced')}: ${o.reason}`, width), '');
      continue;
    }
    out.push(`${c.bold(o.label)} — ${c.bold(formatUsd(o.monthlyUsdExact))}/month${o.cheapest ? c.green('  ★ cheapest') : ''}`);
    const rows = o.lines.map((l) => [
      l.component,
      l.tier ?? '',
      `${formatQuantity(l.quantity)} ${l.unit}`,
      `$${l.unitPriceUsd}`,
      formatUsd(l.costUsd),
      `[${refOf(l.source)}]`,
    ]);
    rows.push(['Total', '', '', '', formatUsd(o.monthlyUsdExact), '']);
    out.push(
      fitTable(
        [
          { head: 'Component', wrap: true, min: 14 },
          { head: 'Tier', wrap: true, drop: 1, min: 6 },
          { head: 'Quantity', align: 'right', wrap: true, min: 10 },
          { head: 'Unit price', align: 'right' },
          { head: 'Cost', align: 'right' },
          { head: 'Ref', align: 'right', drop: 2 },
        ],
        rows,
        layout,
      ),
      '',
    );
    if (o.costByApi) {
      const rows = o.costByApi.apis.map((a) => [a.api, formatUsd(a.monthlyUsdExact)]);
      if (!dec(o.costByApi.unattributedUsd).isZero()) rows.push(['not attributable to one API', formatUsd(o.costByApi.unattributedUsd)]);
      out.push(
        ...wrap(`${c.bold('Cost per API')} (${o.costByApi.method})`, width),
        fitTable(
          [
            { head: 'API / stage', wrap: true, min: 12 },
            { head: 'Monthly share', align: 'right' },
          ],
          rows,
          layout,
        ),
        '',
      );
    }
  }
  return out;
}

/** One row per capability, one column per option: yes / no / partial / self-managed, then the limits. */
function capabilitiesTable(report: EstimateReport, layout: Layout): string {
  const mark = { yes: 'yes', no: 'no', partial: 'partly', 'self-managed': 'self-run' } as const;
  const rows = NEED_IDS.map((id) => [NEED_LABELS[id], ...report.options.map((o) => mark[o.capabilities.features[id].support])]);
  rows.push(['Integration timeout', ...report.options.map((o) => o.capabilities.integrationTimeout.text)]);
  rows.push(['Payload limit', ...report.options.map((o) => o.capabilities.payloadLimit.text)]);
  const short = (l: string) => l.replace(/^API Gateway /, '');
  return fitTable(
    [{ head: 'Capability', wrap: true, min: 10 }, ...report.options.map((o) => ({ head: short(o.label), wrap: true, min: 7 }))],
    rows,
    layout,
  );
}
