import type { PricingShow } from '../../app/pricing.js';

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

export async function formatPricingShowTable(s: PricingShow): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const r = s.report;
  const t = new Table({
    head: ['Price', 'Usage type', 'Tiers (USD per unit)', 'Unit', 'Published', 'Status'],
    style: { head: [], border: [] },
  });
  t.push(...rows(s));
  const text = [
    `Bundled prices for ${r.region}: compiled ${r.compiled}, ${r.origin}, ${r.coverage}`,
    ...r.notes.map((n) => `note: ${n}`),
    t.toString(),
    'Sources: every price cites the page or price-list capture it came from (see --format json).',
    r.verdict,
  ];
  return `${text.join('\n')}\n`;
}
