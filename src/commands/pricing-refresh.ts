import { readFileSync } from 'node:fs';
import { withDeadline } from '../adapters/aws/session.js';
import { writeOutputFile } from '../files/output.js';
import { join, resolve, sep } from 'node:path';
import type { CommandResult, Io } from '../io.js';
import { InputError, InternalError } from '../errors.js';
import { readPriceList } from '../adapters/aws/pricing.js';
import { depsFromIo } from '../app/deps.js';
import { awsTarget, outputOptions, stringFlag } from '../app/requests.js';
import { PRICE_SPECS, planQueries } from '../models/pricing-list/catalog.js';
import { mapPriceList } from '../models/pricing-list/map.js';
import { buildSnapshot, diffPrices, type PriceChanges } from '../models/pricing-list/snapshot.js';
import { BUNDLED_PRICING_DIR, availableRegions, snapshotDir } from '../prices/load.js';
import { findRegion, knownRegionCodes } from '../prices/regions.js';
import { snapshotSchema, type PriceTierJson, type SnapshotJson } from '../prices/schema.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import { TOOL } from '../version.js';

export interface RefreshReport {
  schemaVersion: 1;
  tool: typeof TOOL;
  command: 'pricing refresh';
  region: string;
  file: string;
  compiled: string;
  origin: 'pricing-api';
  coverage: 'complete' | 'partial';
  prices: number;
  getProductsCalls: number;
  /** The bundled snapshot of the Region compared against; null = none bundled. */
  bundled: { compiled: string; coverage: string } | null;
  changes: PriceChanges | null;
  missing: Array<{ id: string; reason: string }>;
  allowances: { carried: string[]; dropped: string[] };
  notes: string[];
  verdict: string;
}

function today(io: Io): string {
  const fixed = io.env.APIGW_PLAN_TODAY ?? io.env.APIGW_PLAN_NOW;
  const ms = fixed ? Date.parse(fixed) : Number.NaN;
  return new Date(Number.isNaN(ms) ? Date.now() : ms).toISOString().slice(0, 10);
}

function readBundled(region: string): SnapshotJson | undefined {
  if (!availableRegions().includes(region)) return undefined;
  const file = join(snapshotDir(), `${region}.json`);
  const parsed = snapshotSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new InternalError(`the bundled snapshot ${file} does not match the snapshot schema`);
  return parsed.data;
}

/** `apigw-plan pricing refresh`: rebuild a Region's price snapshot from the AWS Price List API. `overrides` is for tests. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const region = stringFlag(opts, 'region');
  if (region === undefined || region === '') {
    throw new InputError('pricing refresh needs the Region to price', {
      where: '--region',
      hint: 'e.g. apigw-plan pricing refresh --region eu-west-1',
    });
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new InputError(`"${region}" is not an AWS Region code`, {
      where: '--region',
      hint: 'e.g. --region us-east-1, --region eu-west-1',
    });
  }
  const facts = findRegion(region);
  if (facts === undefined) {
    throw new InputError(`unknown Region "${region}": its billing code (the usage-type prefix) is not known`, {
      where: '--region',
      hint: `known Regions (pricing-data/regions.json): ${knownRegionCodes().join(', ')}`,
    });
  }
  const output = stringFlag(opts, 'output');
  const file = resolve(io.cwd, output ?? `pricing-data-${region}.json`);
  if (output === undefined && file.startsWith(resolve(BUNDLED_PRICING_DIR) + sep)) {
    throw new InputError(`the default output ${file} is inside the bundled pricing-data/`, {
      where: '--output',
      hint: 'pass --output FILE explicitly to overwrite a bundled snapshot',
    });
  }

  const s = depsFromIo(io, overrides).awsSession(awsTarget(opts));
  const bundled = readBundled(region);
  // complete = every bundled us-east-1 price the Price List mapping can look up (Bot Control has no known usage type)
  const mappable = new Set(PRICE_SPECS.map((p) => p.id));
  const requiredIds = (region === 'us-east-1' ? bundled : readBundled('us-east-1'))!.prices
    .map((p) => p.id)
    .filter((id) => mappable.has(id));

  const queries = planQueries(region, facts.billingCode);
  const read = await withDeadline(s, () => readPriceList(s, queries));
  const mapped = mapPriceList(read.answers, { region, billingCode: facts.billingCode, ...(bundled ? { bundled: bundled.prices } : {}) });
  if (mapped.prices.length === 0) {
    throw new InputError(`the AWS price list has none of the prices apigw-plan uses for ${region}`, {
      where: '--region',
      hint: 'check the Region offers API Gateway; with --endpoint-url, check it points at the Pricing API',
    });
  }
  const compiled = today(io);
  const built = buildSnapshot({ region, compiled, mapped, requiredIds, bundled });
  const valid = snapshotSchema.safeParse(built.snapshot);
  if (!valid.success) {
    throw new InternalError(
      `the refreshed snapshot does not match the snapshot schema: ${formatZodIssues(valid.error, 'snapshot').join('; ')}`,
    );
  }
  writeOutputFile(file, `${JSON.stringify(valid.data, null, 2)}\n`, '--output');

  const changes = bundled ? diffPrices(bundled.prices, valid.data.prices) : null;
  const notes = [...mapped.notes];
  if (built.carriedAllowances.length)
    notes.push(
      `free-tier allowances are not in the price list: ${built.carriedAllowances.length} carried over from the bundled ${region} snapshot (${built.carriedAllowances.join(', ')})`,
    );
  else
    notes.push(
      bundled
        ? `no free-tier allowances: none in the price list, none in the bundled ${region} snapshot`
        : `no free-tier allowances: they are not in the price list and there is no bundled ${region} snapshot to carry them from (--free-tier legacy12m and --dto-free-allowance will report them missing)`,
    );
  if (built.droppedAllowances.length)
    notes.push(`allowances of the bundled snapshot left out because their price was not found: ${built.droppedAllowances.join(', ')}`);

  const coverage = valid.data.coverage;
  const diffText = changes
    ? `${changes.changed.length} changed, ${changes.added.length} added, ${changes.removed.length} removed against the bundled snapshot`
    : 'no bundled snapshot to compare with';
  const report: RefreshReport = {
    schemaVersion: 1,
    tool: TOOL,
    command: 'pricing refresh',
    region,
    file,
    compiled,
    origin: 'pricing-api',
    coverage,
    prices: valid.data.prices.length,
    getProductsCalls: read.calls,
    bundled: bundled ? { compiled: bundled.compiled, coverage: bundled.coverage } : null,
    changes,
    missing: mapped.missing,
    allowances: { carried: built.carriedAllowances, dropped: built.droppedAllowances },
    notes,
    verdict: `verdict: ${valid.data.prices.length} prices for ${region} from the Pricing API (${coverage}); ${diffText}; written to ${file}`,
  };
  const { format } = outputOptions(opts, 'table');
  const stdout =
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? formatMarkdown(report) : formatText(report);
  return { stdout, exitCode: 0 };
}

const tiersText = (tiers: readonly PriceTierJson[]) =>
  tiers.map((t) => `${t.to === null ? `${t.from}+` : `${t.from}–${t.to}`}: $${t.usdPerUnit}`).join(', ');
const priceText = (p: string | null) => (p === null ? '(none)' : `$${p}`);

export function formatText(r: RefreshReport): string {
  const lines = [
    `Pricing API snapshot for ${r.region}: ${r.prices} prices, ${r.coverage}, compiled ${r.compiled} (${r.getProductsCalls} GetProducts calls)`,
    `written to ${r.file} (validated against the snapshot schema)`,
    '',
  ];
  if (!r.changes) lines.push(`no bundled snapshot for ${r.region}: nothing to compare with`);
  else {
    const c = r.changes;
    lines.push(
      `Against the bundled ${r.region} snapshot (compiled ${r.bundled!.compiled}, ${r.bundled!.coverage}): ${c.changed.length} changed, ${c.added.length} added, ${c.removed.length} removed, ${c.unchanged} unchanged`,
    );
    if (c.changed.length) {
      lines.push('changed (unit price, bundled → price list):');
      for (const ch of c.changed) for (const t of ch.tiers) lines.push(`  ${ch.id}  ${t.range}: ${priceText(t.old)} → ${priceText(t.new)}`);
    }
    if (c.added.length) {
      lines.push('added:');
      for (const a of c.added) lines.push(`  ${a.id}  ${tiersText(a.tiers)}`);
    }
    if (c.removed.length) {
      lines.push('removed (not found in the price list):');
      for (const a of c.removed) lines.push(`  ${a.id}  was ${tiersText(a.tiers)}`);
    }
  }
  if (r.missing.length) {
    lines.push('', 'not found:');
    for (const m of r.missing) lines.push(`  ${m.id}: ${m.reason}`);
  }
  if (r.notes.length) {
    lines.push('', 'notes:');
    for (const n of r.notes) lines.push(`  - ${n}`);
  }
  lines.push('', `Use it with: apigw-plan estimate --region ${r.region} --prices ${r.file}`, r.verdict);
  return `${lines.join('\n')}\n`;
}

export function formatMarkdown(r: RefreshReport): string {
  const lines = [
    `## Pricing API snapshot for ${r.region}`,
    '',
    `${r.prices} prices, **${r.coverage}**, compiled ${r.compiled}; written to \`${r.file}\`.`,
    '',
  ];
  if (!r.changes) lines.push(`No bundled snapshot for ${r.region}: nothing to compare with.`, '');
  else {
    const c = r.changes;
    lines.push(
      `Against the bundled snapshot (compiled ${r.bundled!.compiled}): ${c.changed.length} changed, ${c.added.length} added, ${c.removed.length} removed, ${c.unchanged} unchanged.`,
      '',
    );
    if (c.changed.length || c.added.length || c.removed.length) {
      lines.push('| Price | Tier | Bundled | Price list |', '|---|---|---|---|');
      for (const ch of c.changed)
        for (const t of ch.tiers) lines.push(`| ${ch.id} | ${t.range} | ${priceText(t.old)} | ${priceText(t.new)} |`);
      for (const a of c.added)
        for (const t of a.tiers)
          lines.push(`| ${a.id} (added) | ${t.to === null ? `${t.from}+` : `${t.from}–${t.to}`} | (none) | $${t.usdPerUnit} |`);
      for (const a of c.removed)
        for (const t of a.tiers)
          lines.push(`| ${a.id} (removed) | ${t.to === null ? `${t.from}+` : `${t.from}–${t.to}`} | $${t.usdPerUnit} | (none) |`);
      lines.push('');
    }
  }
  for (const m of r.missing) lines.push(`- not found: ${m.id}: ${m.reason}`);
  for (const n of r.notes) lines.push(`- ${n}`);
  lines.push('', `**${r.verdict}**`);
  return `${lines.join('\n')}\n`;
}
