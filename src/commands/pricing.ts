import Table from 'cli-table3';
import type { CommandResult, Io } from '../cli.js';
import { loadIndex, loadPriceBook } from '../prices/load.js';
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

const ASSUMED_NOTE =
  'Assumed: no source has the price for that Region, so it is taken from us-east-1 (status "assumed"; "pricing show --region R" and the snapshot notes say why).';

/**
 * `pricing show --regions`: every bundled Region with its location, snapshot date, oldest price and
 * completeness (what is missing and why). Reads index.json only, not the snapshots.
 */
export function runPricingRegions(opts: Record<string, unknown>, _io: Io): CommandResult {
  const snapshots = [...loadIndex().snapshots].sort((a, b) => (a.region < b.region ? -1 : 1));
  const partial = snapshots.filter((s) => s.coverage !== 'complete');
  const withAssumed = snapshots.filter((s) => s.coverage === 'complete' && s.assumed.length > 0).length;
  const verdict =
    `verdict: ${snapshots.length} Regions bundled: ${snapshots.length - partial.length} complete` +
    (withAssumed ? ` (${withAssumed} of them with assumed prices)` : '') +
    `, ${partial.length} partial` +
    (partial.length ? ` (${partial.map((s) => s.region).join(', ')})` : '');
  const coverageText = (s: (typeof snapshots)[number]) => (s.assumed.length ? `${s.coverage}, ${s.assumed.length} assumed` : s.coverage);
  const missingText = (s: (typeof snapshots)[number]) => s.missing.map((m) => `${m.id}: ${m.reason}`);
  const assumedText = (s: (typeof snapshots)[number]) => (s.assumed.length ? [`assumed equal to us-east-1: ${s.assumed.join(', ')}`] : []);
  const notOfferedText = (s: (typeof snapshots)[number]) =>
    s.notOffered.length ? [`not offered there: ${s.notOffered.map((id) => id.replace(/^ec2\.|\.hours$/g, '')).join(', ')}`] : [];

  if (opts.format === 'json') {
    const json = {
      schemaVersion: 1,
      tool: TOOL,
      command: 'pricing show --regions',
      regions: snapshots.map((s) => ({
        region: s.region,
        location: s.location,
        compiled: s.compiled,
        oldestPublication: s.oldestPublication,
        coverage: s.coverage,
        missing: s.missing,
        notOffered: s.notOffered,
        assumed: s.assumed,
      })),
      verdict,
    };
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, exitCode: 0 };
  }
  const rows = snapshots.map((s) => [
    s.region,
    s.location,
    s.compiled,
    s.oldestPublication,
    coverageText(s),
    [...missingText(s), ...assumedText(s), ...notOfferedText(s)].join('\n'),
  ]);
  const head = ['Region', 'Location', 'Snapshot', 'Oldest price', 'Coverage', 'Missing (why) / assumed / not offered'];
  if (opts.format === 'markdown') {
    const lines = [
      '## Bundled price snapshots',
      '',
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, '<br>')).join(' | ')} |`),
      '',
      ASSUMED_NOTE,
      '',
      `**${verdict}**`,
    ];
    return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
  }
  const t = new Table({ head, style: { head: [], border: [] }, colWidths: [null, null, null, null, null, 70], wordWrap: true });
  t.push(...rows);
  const text = [
    'Bundled price snapshots (pricing-data/index.json); show one with: apigw-plan pricing show --region R',
    t.toString(),
    ASSUMED_NOTE,
    verdict,
  ];
  return { stdout: `${text.join('\n')}\n`, exitCode: 0 };
}
