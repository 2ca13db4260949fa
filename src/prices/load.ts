import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { InputError, InternalError } from '../errors.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import { PriceBook } from './price-book.js';
import { indexSchema, snapshotSchema, type SnapshotIndex } from './schema.js';

/** `pricing-data/` of the installed package (same relative place from src/ and dist/). */
export const BUNDLED_PRICING_DIR = fileURLToPath(new URL('../../pricing-data/', import.meta.url));

export function snapshotDir(root = BUNDLED_PRICING_DIR): string {
  return join(root, 'aws');
}

export function loadIndex(root = BUNDLED_PRICING_DIR): SnapshotIndex {
  const file = join(root, 'index.json');
  const parsed = indexSchema.safeParse(readJson(file));
  if (!parsed.success) throw new InternalError(`${file} is not a valid snapshot index: ${formatZodIssues(parsed.error, file).join('; ')}`);
  return parsed.data;
}

export function availableRegions(root = BUNDLED_PRICING_DIR): string[] {
  return readdirSync(snapshotDir(root))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Load and validate the price snapshot of a region. A region with no snapshot is an
 * input error naming the regions that exist: never a silent fallback to another region.
 * `file` loads a snapshot from an explicit path instead (e.g. one written by `pricing refresh`).
 */
export function loadPriceBook(region: string, opts: { root?: string; file?: string } = {}): PriceBook {
  const root = opts.root ?? BUNDLED_PRICING_DIR;
  const regions = availableRegions(root);
  const file = opts.file ?? join(snapshotDir(root), `${region}.json`);
  if (!opts.file && !regions.includes(region)) {
    throw new InputError(`no price snapshot for region "${region}"`, {
      where: '--region',
      hint: `bundled regions: ${regions.join(', ')}. For another region run "apigw-plan pricing refresh --region ${region}" with AWS credentials and pass the file with --prices.`,
    });
  }
  const json = readJson(file);
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const problems = formatZodIssues(parsed.error, file);
    throw new InputError(`price snapshot ${file} does not match the snapshot schema`, {
      where: file,
      problems,
      hint: 'regenerate it with "apigw-plan pricing refresh" or fix the fields listed',
    });
  }
  if (parsed.data.region !== region) {
    throw new InputError(`price snapshot ${file} is for region ${parsed.data.region}, not ${region}`, {
      where: file,
      hint: `pass --region ${parsed.data.region} or use the snapshot of ${region}`,
    });
  }
  return new PriceBook(parsed.data);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: file,
      hint: 'check the path and permissions',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${file} is not valid JSON: ${(e as Error).message}`, { where: file, hint: 'fix the JSON syntax' });
  }
}
