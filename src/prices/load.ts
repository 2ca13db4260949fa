import { readFileSync } from 'node:fs';
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

/** 2^64 − 59, the largest prime below 2^64. */
const CHECKSUM_PRIME = 2n ** 64n - 59n;

/**
 * A bundled snapshot's checksum, as index.json records it: the file's UTF-8 bytes read as one big-endian
 * integer, modulo the prime 2^64 − 59, in hexadecimal. Any change within 8 consecutive bytes changes it (256
 * is invertible modulo the prime, and such a change is smaller than the prime); any other accidental change
 * goes unseen with a chance of about 2^-64. It guards against an edited file being trusted without
 * validation, not against an attacker (who could edit index.json as well). V8's BigInt arithmetic computes
 * it in about 0.3 ms for 40 KB, without node:crypto or node:zlib, each of which loads the stream modules
 * (2 to 3 ms of every start).
 */
export function snapshotChecksum(text: string): string {
  if (text.length === 0) return '0';
  return (BigInt(`0x${Buffer.from(text, 'utf8').toString('hex')}`) % CHECKSUM_PRIME).toString(16);
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
  const snapshot = indexed && indexed.checksum === snapshotChecksum(text) ? (json as SnapshotJson) : await validateSnapshot(file, json);
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
