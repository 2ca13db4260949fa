import Table from 'cli-table3';
import type { Colors } from '../colors.js';
import { dec } from '../../money/decimal.js';
import { formatQuantity, formatUsd, formatVolume } from '../../money/format.js';
import type { EstimateReport } from './report.js';
import { describeSource, sourceIndex } from './sources.js';

const plainStyle = { head: [], border: [] };

/** Terminal output: a tier ladder per option, a summary, break-evens, assumptions, sources, verdict. */
export function formatEstimateTable(report: EstimateReport, c: Colors): string {
  const out: string[] = [];
  const { refOf, sources } = sourceIndex(report);
  const label = (id: string) => report.options.find((o) => o.id === id)?.label ?? id;

  out.push(
    c.bold(`Monthly cost for ${formatVolume(report.volume.perMonth)} ${report.volume.measure}/month`) +
      ` — prices: ${report.pricing.region} snapshot (${report.pricing.coverage}, compiled ${report.pricing.compiled}, oldest price ${report.pricing.oldestPublication})`,
    '',
  );

  for (const o of report.options) {
    if (!o.priced) {
      out.push(`${c.bold(o.label)} — ${c.yellow('not priced')}: ${o.reason}`, '');
      continue;
    }
    out.push(`${c.bold(o.label)} — ${c.bold(formatUsd(o.monthlyUsdExact))}/month${o.cheapest ? c.green('  ★ cheapest') : ''}`);
    const t = new Table({
      head: ['Component', 'Tier', 'Quantity', 'Unit price', 'Cost', 'Ref'],
      colAligns: ['left', 'left', 'right', 'right', 'right', 'right'],
      style: plainStyle,
    });
    for (const l of o.lines) {
      t.push([
        l.component,
        l.tier ?? '',
        `${formatQuantity(l.quantity)} ${l.unit}`,
        `$${l.unitPriceUsd}`,
        formatUsd(l.costUsd),
        `[${refOf(l.source)}]`,
      ]);
    }
    t.push([{ colSpan: 4, content: 'Total' }, formatUsd(o.monthlyUsdExact), '']);
    out.push(t.toString(), '');
    if (o.costByApi) {
      const b = new Table({ head: ['API / stage', 'Monthly share'], colAligns: ['left', 'right'], style: plainStyle });
      for (const a of o.costByApi.apis) b.push([a.api, formatUsd(a.monthlyUsdExact)]);
      if (!dec(o.costByApi.unattributedUsd).isZero()) b.push(['not attributable to one API', formatUsd(o.costByApi.unattributedUsd)]);
      out.push(`${c.bold('Cost per API')} (${o.costByApi.method})`, b.toString(), '');
    }
  }

  const priced = report.options.filter((o) => o.priced);
  if (priced.length > 1) {
    const cheapest = priced.find((o) => o.cheapest)!;
    const s = new Table({ head: ['Option', 'Monthly', 'vs cheapest'], colAligns: ['left', 'right', 'right'], style: plainStyle });
    for (const o of [...priced].sort((a, b) => dec(a.monthlyUsdExact).comparedTo(dec(b.monthlyUsdExact)))) {
      const diff = dec(o.monthlyUsdExact).minus(cheapest.monthlyUsdExact);
      s.push([o.cheapest ? c.green(`★ ${o.label}`) : o.label, formatUsd(o.monthlyUsdExact), o.cheapest ? '—' : `+${formatUsd(diff)}`]);
    }
    out.push(c.bold('Summary'), s.toString(), '');
  }

  const be = report.breakEven;
  if (be.cheapestByVolume.length) {
    out.push(
      c.bold(
        `Cheapest option by monthly volume (searched ${formatVolume(be.searchedFrom)}–${formatVolume(be.searchedTo)} ${be.measure}/month)`,
      ),
    );
    for (const r of be.cheapestByVolume)
      out.push(`  ${formatVolume(r.fromVolume).padStart(8)} – ${formatVolume(r.toVolume).padEnd(8)} ${label(r.cheapest)}`);
    out.push('');
  }
  if (be.crossings.length) {
    const t = new Table({
      head: ['Volume/month', 'Between', 'Cheaper below', 'Cheaper above'],
      colAligns: ['right', 'left', 'left', 'left'],
      style: plainStyle,
    });
    for (const x of be.crossings.slice(0, 20)) {
      t.push([
        `${formatQuantity(x.volume, 0)}${x.kind === 'step' ? ' (step)' : ''}`,
        `${label(x.between[0])} / ${label(x.between[1])}`,
        label(x.cheaperBelow),
        label(x.cheaperAbove),
      ]);
    }
    out.push(c.bold('Break-even volumes'), t.toString());
    if (be.crossings.length > 20) out.push(`  … ${be.crossings.length - 20} more in --format json`);
    out.push('');
  }

  if (report.findings.length) {
    out.push(c.bold('Findings'));
    for (const f of report.findings) {
      const tag = f.level === 'error' ? c.red('error') : f.level === 'warn' ? c.yellow('warn') : 'info';
      out.push(`  ${tag} ${f.code}: ${f.message}`);
    }
    out.push('');
  }
  out.push(c.bold('Assumptions'));
  for (const a of report.assumptions) out.push(`  - ${a}`);
  out.push('', c.bold('Price sources'));
  sources.forEach((s, i) => {
    out.push(`  [${i + 1}] ${describeSource(s)}`);
  });
  out.push('', report.verdict);
  return `${out.join('\n')}\n`;
}
