import type { PricingShow } from '../../app/pricing.js';
import type { Layout } from '../terminal.js';

/** `pricing show` output: table (cli-table3, loaded only for it), Markdown or JSON. */

export function formatPricingShowJson(s: PricingShow): string {
  return `${JSON.stringify(s.report, null, 2)}\n`;
}

function rows(s: PricingShow): string[][] {
  return s.report.prices.map((p) => [
    p.id,
    p.usageType,
    p.tiers.map((t) => `${t.from}${t.to !== null ? `–${t.to}` : '+'}: $${t.usdPerUnit}`).join('\n'),
    p.unit,
    `${p.source.publicationDate} (${s.ageDays[p.source.publicationDate]} d)`,
    p.source.status,
  ]);
}

export function formatPricingShowMarkdown(s: PricingShow): string {
  const r = s.report;
  const lines = [
    `## Bundled prices for ${r.region}`,
    '',
    `Compiled ${r.compiled} (${r.origin}, ${r.coverage}).`,
    '',
    '| Price | Usage type | Tiers (USD per unit) | Unit | Published | Status |',
    '|---|---|---|---|---|---|',
    ...rows(s).map((row) => `| ${row.map((c) => c.replace(/\n/g, '<br>')).join(' | ')} |`),
    '',
    ...r.notes.map((n) => `> ${n}`),
    '',
    `**${r.verdict}**`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function formatPricingShowTable(
  s: PricingShow,
  opts: { width?: number; ascii?: boolean; bold?: (text: string) => string } = {},
): Promise<string> {
  const { DEFAULT_WIDTH, fitTable, wrap } = await import('../terminal.js');
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const r = s.report;
  const text = [
    ...wrap((opts.bold ?? ((t: string) => t))(r.verdict), width),
    '',
    ...wrap(`Bundled prices for ${r.region}: compiled ${r.compiled}, ${r.origin}, ${r.coverage}`, width),
    ...r.notes.flatMap((n) => wrap(`note: ${n}`, width)),
    fitTable(
      [
        { head: 'Price', wrap: true, min: 14 },
        { head: 'Usage type', wrap: true, drop: 2, min: 12 },
        { head: 'Tiers (USD per unit)', wrap: true, min: 14 },
        { head: 'Unit', wrap: true, min: 6 },
        { head: 'Published', wrap: true, min: 10 },
        { head: 'Status', wrap: true, drop: 1, min: 8 },
      ],
      rows(s),
      layout,
    ),
    ...wrap('Sources: every price cites the page or price-list capture it came from (see --format json).', width),
  ];
  return `${text.join('\n')}\n`;
}
