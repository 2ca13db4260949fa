import Table from 'cli-table3';
import type { CommandResult, Io } from '../cli.js';
import { loadPriceBook } from '../prices/load.js';
import { TOOL } from '../version.js';

/** `pricing show`: what is bundled for a region, where each price comes from, and how old it is. */
export async function runPricingShow(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const region = (opts.region as string | undefined) ?? 'us-east-1';
  const book = await loadPriceBook(region);
  const today = new Date(io.env.APIGW_PLAN_TODAY ?? Date.now());
  const ageDays = (date: string) => Math.floor((today.getTime() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  const oldest = book.oldestPublication();
  const verdict = `verdict: ${book.all().length} prices for ${region} (${book.coverage}); oldest published ${oldest}, ${ageDays(oldest)} days ago`;

  if (opts.format === 'json') {
    const json = {
      schemaVersion: 1,
      tool: TOOL,
      command: 'pricing show',
      region,
      compiled: book.compiled,
      origin: book.origin,
      coverage: book.coverage,
      notes: book.notes,
      oldestPublication: oldest,
      prices: book.all().map((p) => ({
        id: p.id,
        service: p.service,
        usageType: p.usageType,
        sku: p.sku ?? null,
        unit: p.unit,
        description: p.description,
        tiers: p.tiers.map((t) => ({ from: t.from.toFixed(), to: t.to?.toFixed() ?? null, usdPerUnit: t.usdPerUnit.toFixed() })),
        source: p.source,
      })),
      allowances: book.allowances().map((a) => ({ ...a, quantity: a.quantity.toFixed() })),
      verdict,
    };
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, exitCode: 0 };
  }

  const rows = book
    .all()
    .map((p) => [
      p.id,
      p.usageType,
      p.tiers.map((t) => `${t.from.toFixed()}${t.to ? `–${t.to.toFixed()}` : '+'}: $${t.usdPerUnit.toFixed()}`).join('\n'),
      p.unit,
      `${p.source.publicationDate} (${ageDays(p.source.publicationDate)} d)`,
      p.source.status,
    ]);
  if (opts.format === 'markdown') {
    const lines = [
      `## Bundled prices for ${region}`,
      '',
      `Compiled ${book.compiled} (${book.origin}, ${book.coverage}).`,
      '',
      '| Price | Usage type | Tiers (USD per unit) | Unit | Published | Status |',
      '|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.map((c) => c.replace(/\n/g, '<br>')).join(' | ')} |`),
      '',
      ...book.notes.map((n) => `> ${n}`),
      '',
      `**${verdict}**`,
    ];
    return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
  }
  const t = new Table({
    head: ['Price', 'Usage type', 'Tiers (USD per unit)', 'Unit', 'Published', 'Status'],
    style: { head: [], border: [] },
  });
  t.push(...rows);
  const text = [
    `Bundled prices for ${region}: compiled ${book.compiled}, ${book.origin}, ${book.coverage}`,
    ...book.notes.map((n) => `note: ${n}`),
    t.toString(),
    'Sources: every price cites the page or price-list capture it came from (see --format json).',
    verdict,
  ];
  return { stdout: `${text.join('\n')}\n`, exitCode: 0 };
}
