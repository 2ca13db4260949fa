import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { readIac } from '../iac/read.js';
import type { InventoryReportJson } from '../models/diff/sides.js';
import { buildInventory, type InventoryReport, type LimitSources } from '../models/iac/inventory.js';
import type { QuotaLimit } from '../models/iac/quotas.js';
import type { AppDeps } from './deps.js';
import type { InventoryReader } from './diff.js';
import type { InventoryRequest } from './requests.js';

/** Applied quota values: the JSON of `apigw-plan limits --format json`, or a plain map of code → value. */
const quotasFileSchema = z.union([
  z
    .object({
      rows: z.array(
        z.object({ code: z.string(), value: z.number(), source: z.string().optional(), raised: z.boolean().optional() }).loose(),
      ),
    })
    .loose(),
  z.record(z.string(), z.number()),
]);

interface BundledFile {
  compiled: string;
  quotas: Array<{ code: string; default: number; docUrl: string }>;
}

function bundledDefaults(): LimitSources['bundled'] {
  const file = JSON.parse(readFileSync(new URL('../../pricing-data/quota-defaults.json', import.meta.url), 'utf8')) as BundledFile;
  return Object.fromEntries(file.quotas.map((q) => [q.code, { value: q.default, docUrl: q.docUrl }]));
}

/** Where the quota values come from: a file, the account's Service Quotas, else the bundled defaults. */
async function limitSources(req: InventoryRequest, deps: AppDeps, notes: (line: string) => void): Promise<LimitSources> {
  const bundled = bundledDefaults();
  if (req.quotas !== undefined && req.fromAccount)
    throw new InputError('--quotas and --from-account both give applied quota values', { where: '--quotas', hint: 'use one of them' });
  if (req.quotas !== undefined) {
    const file = resolve(deps.cwd, req.quotas);
    const data = readStructuredFile(file, quotasFileSchema, { what: 'quotas file', flag: '--quotas', docs: 'docs/iac.md "Quota values"' });
    const applied: Record<string, QuotaLimit> = {};
    if ('rows' in data && Array.isArray(data.rows)) {
      for (const r of data.rows as Array<{ code: string; value: number; source?: string; raised?: boolean }>)
        applied[r.code] = {
          value: r.value,
          source: `${req.quotas}${r.source === 'bundled' ? ' (bundled default)' : r.raised ? ' (raised)' : ' (Service Quotas)'}`,
        };
    } else for (const [code, value] of Object.entries(data as Record<string, number>)) applied[code] = { value, source: req.quotas };
    return { bundled, applied, description: `applied values from ${req.quotas}, else bundled defaults` };
  }
  if (req.fromAccount) {
    // the AWS SDK loads only here
    const { readServiceQuotas } = await import('../adapters/aws/service-quotas.js');
    const s = deps.awsSession(req.fromAccount);
    const sq = await readServiceQuotas(s);
    for (const f of s.findings) notes(`inventory: ${f.level} ${f.code}: ${f.message}\n`);
    const applied: Record<string, QuotaLimit> = {};
    for (const q of sq.defaults ?? []) applied[q.code] = { value: q.value, source: 'AWS default (Service Quotas)' };
    for (const q of sq.applied ?? []) applied[q.code] = { value: q.value, source: 'applied (Service Quotas)' };
    return {
      bundled,
      applied,
      description:
        sq.applied || sq.defaults
          ? `Service Quotas in ${s.region}, else bundled defaults`
          : 'bundled defaults (Service Quotas could not be read)',
    };
  }
  return { bundled, description: 'bundled defaults (documented AWS defaults; pass --quotas or --from-account for applied values)' };
}

/**
 * The inventory of the request's paths: what `inventory` prints and `check` gates on. `notes`
 * takes the lines about reading AWS (the CLI prints them on stderr).
 */
export async function inventoryReport(
  req: InventoryRequest,
  deps: AppDeps,
  notes: (line: string) => void = () => {},
): Promise<InventoryReport> {
  const model = readIac(req.paths, { cwd: deps.cwd, parameters: req.parameters, region: req.region, openapiAs: req.openapiAs });
  return buildInventory(model, await limitSources(req, deps, notes));
}

/** `diff`'s reader of a code side: the inventory of one path from `root`, with the bundled quota defaults. */
export function inventoryReader(deps: AppDeps): InventoryReader {
  return async (root, path) =>
    (await inventoryReport(
      { paths: [path], parameters: {}, region: undefined, openapiAs: undefined, quotas: undefined, fromAccount: undefined },
      { ...deps, cwd: root },
    )) as unknown as InventoryReportJson;
}
