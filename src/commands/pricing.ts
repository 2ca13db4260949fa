import type { CommandResult, Io } from '../io.js';
import { depsFromIo } from '../app/deps.js';
import { loadIndex } from '../prices/load.js';
import { TOOL } from '../version.js';
import { pricingShow } from '../app/pricing.js';
import { stringFlag } from '../app/requests.js';
import { formatPricingShowJson, formatPricingShowMarkdown, formatPricingShowTable } from '../formatters/pricing/show.js';

/** `pricing show`: what is bundled for a region, where each price comes from, and how old it is. */
export async function runPricingShow(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const shown = await pricingShow({ region: stringFlag(opts, 'region') ?? 'us-east-1' }, depsFromIo(io));
  const stdout =
    opts.format === 'json'
      ? formatPricingShowJson(shown)
      : opts.format === 'markdown'
        ? formatPricingShowMarkdown(shown)
        : await (async () => {
            const term = await (await import('../formatters/terminal.js')).terminal({ color: opts.color !== false }, io);
            return formatPricingShowTable(shown, { width: term.width, ascii: !term.isTty, bold: term.colors.bold });
          })();
  return { stdout, exitCode: 0 };
}

const ASSUMED_NOTE =
  'Assumed: no source has the price for that Region, so it is taken from us-east-1 (status "assumed"; "pricing show --region R" and the snapshot notes say why).';

/**
 * `pricing show --regions`: every bundled Region with its location, snapshot date, oldest price and
 * completeness (what is missing and why). Reads index.json only, not the snapshots.
 */
export async function runPricingRegions(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
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
  const { fitTable, outputWidth, wrap } = await import('../formatters/terminal.js');
  const width = outputWidth(io);
  const text = [
    ...wrap(verdict, width),
    '',
    ...wrap('Bundled price snapshots (pricing-data/index.json); show one with: apigw-plan pricing show --region R', width),
    fitTable(
      head.map((h, i) => ({ head: h, wrap: true, min: i === 5 ? 16 : 8, ...(i === 3 ? { drop: 1 } : {}) })),
      rows,
      { width, ascii: !io.stdoutIsTty },
    ),
    ...wrap(ASSUMED_NOTE, width),
  ];
  return { stdout: `${text.join('\n')}\n`, exitCode: 0 };
}
