import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { MAX_BYTES, parseJsonStrict, readBoundedText } from '../files/input.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, InternalError } from '../errors.js';
import { PriceBook } from './price-book.js';
import type { SnapshotIndex, SnapshotJson } from './schema.js';

/** `pricing-data/` of the installed package (same relative place from src/ and dist/). */
export const BUNDLED_PRICING_DIR = fileURLToPath(new URL('../../pricing-data/', import.meta.url));

export function snapshotDir(root = BUNDLED_PRICING_DIR): string {
  return join(root, 'aws');
}

/**
 * Whether a bundled snapshot's text is the file index.json was written from: its CRC-32 where Node has
 * zlib.crc32 (20.15 and later), else its SHA-256. The check guards against an edited file being trusted
 * without validation, not against an attacker (who could edit index.json too), and a CRC-32 detects any
 * accidental change of a few bytes; node:zlib loads in about half the time node:crypto takes.
 */
async function matchesIndex(text: string, entry: { sha256: string; crc32: number }): Promise<boolean> {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(text) === entry.crc32;
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex') === entry.sha256;
}

/** The index of bundled snapshots (its shape is checked by the tests against `indexSchema`). */
export function loadIndex(root = BUNDLED_PRICING_DIR): SnapshotIndex {
  const file = join(root, 'index.json');
  const index = readJson(file, readText(file)) as SnapshotIndex;
  if (index?.schemaVersion !== 1 || !Array.isArray(index.snapshots)) throw new InternalError(`${file} is not a snapshot index`);
  return index;
}

/** The Regions with a bundled snapshot, as listed in index.json (no other file is read). */
export function availableRegions(root = BUNDLED_PRICING_DIR): string[] {
  return loadIndex(root)
    .snapshots.map((s) => s.region)
    .sort();
}

/**
 * Load the price snapshot of a region, validated against the snapshot schema. A region with no
 * snapshot is an input error naming the regions that exist: never a silent fallback to another
 * region. `file` loads a snapshot from an explicit path instead (e.g. one from `pricing refresh`).
 *
 * Validation: a bundled snapshot whose checksum matches `pricing-data/index.json` is the very file
 * that passed the schema when the index was written (the test suite re-validates every bundled
 * file and its hash), so it is trusted without loading zod (~40 ms of start-up). Any other file
 * (edited, or given with --prices) is validated in full, and every problem is reported.
 */
export async function loadPriceBook(region: string, opts: { root?: string; file?: string } = {}): Promise<PriceBook> {
  const root = opts.root ?? BUNDLED_PRICING_DIR;
  const file = opts.file ?? join(snapshotDir(root), `${region}.json`);
  // index.json, then this Region's file: loading one Region reads no other Region's snapshot
  const index = opts.file ? undefined : loadIndex(root);
  const indexed = index?.snapshots.find((s) => s.region === region);
  if (index && !indexed) {
    throw new InputError(`no price snapshot for region "${region}"`, {
      where: '--region',
      hint: `bundled regions: ${index.snapshots
        .map((s) => s.region)
        .sort()
        .join(
          ', ',
        )} ("apigw-plan pricing show --regions" lists them with their coverage). For another region run "apigw-plan pricing refresh --region ${region}" with AWS credentials and pass the file with --prices.`,
    });
  }
  const text = readText(file);
  const json = readJson(file, text);
  const snapshot = indexed && (await matchesIndex(text, indexed)) ? (json as SnapshotJson) : await validateSnapshot(file, json);
  if (snapshot.region !== region) {
    throw new InputError(`price snapshot ${file} is for region ${snapshot.region}, not ${region}`, {
      where: file,
      hint: `pass --region ${snapshot.region} or use the snapshot of ${region}`,
    });
  }
  return new PriceBook(snapshot);
}

export async function validateSnapshot(file: string, json: unknown): Promise<SnapshotJson> {
  const [{ snapshotSchema }, { formatZodIssues }] = await Promise.all([import('./schema.js'), import('../scenario/zod-errors.js')]);
  const parsed = snapshotSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InputError(`price snapshot ${file} does not match the snapshot schema`, {
    where: file,
    problems: formatZodIssues(parsed.error, file),
    hint: 'regenerate it with "apigw-plan pricing refresh" or fix the fields listed',
  });
}

/** The bundled snapshots are the tool's own files; a user's price file (--prices) is read bounded (src/files/input.ts). */
function readText(file: string): string {
  if (file.startsWith(BUNDLED_PRICING_DIR)) {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        where: file,
        hint: 'reinstall apigw-plan',
      });
    }
  }
  return readBoundedText(file, { what: 'price file', flag: '--prices', maxBytes: MAX_BYTES.prices });
}

function readJson(file: string, text: string): unknown {
  // duplicate keys refused: JSON.parse would keep the last price silently
  return parseJsonStrict(text, file);
}
