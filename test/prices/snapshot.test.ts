import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { BUNDLED_PRICING_DIR, availableRegions, loadIndex, loadPriceBook } from '../../src/prices/load.js';
import { indexSchema, snapshotSchema } from '../../src/prices/schema.js';
import { editedSnapshotRoot } from '../helpers/edited-snapshot.js';

const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8'));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** CRC-32 (IEEE 802.3, reflected, as zlib computes it) of the UTF-8 bytes, written here rather than taken from zlib. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('bundled price snapshots', () => {
  it.each(availableRegions())('%s validates against the snapshot schema, matches its index hash and names its sources', async (region) => {
    const text = readFileSync(join(BUNDLED_PRICING_DIR, 'aws', `${region}.json`), 'utf8');
    expect(snapshotSchema.safeParse(JSON.parse(text)).success).toBe(true);
    const entry = indexSchema.parse(loadIndex()).snapshots.find((s) => s.region === region)!;
    expect(entry.sha256).toBe(sha256(text));
    expect(entry.crc32).toBe(crc32(text));
    const book = await loadPriceBook(region);
    expect(book.region).toBe(region);
    for (const p of book.all()) {
      expect(p.source.url.length).toBeGreaterThan(0);
      expect(p.source.publicationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.usageType.length).toBeGreaterThan(0);
    }
  });

  it('index.json lists exactly the snapshot files, with their coverage', async () => {
    const index = loadIndex();
    const files = readdirSync(join(BUNDLED_PRICING_DIR, 'aws')).map((f) => f.replace(/\.json$/, ''));
    expect(index.snapshots.map((s) => s.region).sort()).toEqual(files.sort());
    for (const s of index.snapshots) expect((await loadPriceBook(s.region)).coverage).toBe(s.coverage);
  });

  it('us-east-1 carries every price the models use, and only the documented free-tier allowances', async () => {
    const book = await loadPriceBook('us-east-1');
    expect(book.coverage).toBe('complete');
    for (const id of [
      'apigw.rest.requests',
      'apigw.http.requests',
      'apigw.websocket.messages',
      'apigw.websocket.connection-minutes',
      'apigw.rest.cache.1-6gb',
      'privatelink.endpoint-hours',
      'privatelink.data-processed',
      'dto.internet-out',
      'waf.web-acl',
      'waf.rule',
      'waf.requests',
      'alb.hours',
      'alb.lcu-hours',
      'vpc.public-ipv4',
      'cognito.essentials.mau',
      'cognito.m2m.token-requests',
      'ec2.c6g-large.hours',
      'fargate.arm.vcpu-hours',
    ]) {
      expect(book.has(id), id).toBe(true);
    }
    expect(
      book
        .allowances()
        .map((a) => a.id)
        .sort(),
    ).toEqual([
      'free.alb.hours',
      'free.alb.lcu-hours',
      'free.apigw.http.requests',
      'free.apigw.rest.requests',
      'free.apigw.websocket.connection-minutes',
      'free.apigw.websocket.messages',
      'free.dto.internet-out',
    ]);
  });
});

describe('snapshot schema rejects what would make money wrong', () => {
  const withTiers = (tiers: unknown) => ({ ...usEast1, prices: [{ ...usEast1.prices[0], tiers }] });
  const messages = (doc: unknown) => {
    const r = snapshotSchema.safeParse(doc);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('a price as a float instead of a decimal string', () => {
    expect(messages(withTiers([{ from: '0', to: null, usdPerUnit: 0.0000035 }]))).toEqual([
      'prices.0.tiers.0.usdPerUnit: Invalid input: expected string, received number',
    ]);
  });
  it('tiers with a gap, or open-ended before the last', () => {
    expect(
      messages(
        withTiers([
          { from: '0', to: '100', usdPerUnit: '1' },
          { from: '200', to: null, usdPerUnit: '1' },
        ]),
      ),
    ).toEqual(['prices.0.tiers.1.from: tiers must be contiguous: expected "100"']);
    expect(
      messages(
        withTiers([
          { from: '0', to: null, usdPerUnit: '1' },
          { from: '100', to: null, usdPerUnit: '1' },
        ]),
      ),
    ).toContain('prices.0.tiers.0.to: only the last tier may be open-ended (null)');
  });
  it('a first tier that does not start at 0', () => {
    expect(messages(withTiers([{ from: '5', to: null, usdPerUnit: '1' }]))).toEqual([
      'prices.0.tiers.0.from: the first tier must start at "0"',
    ]);
  });

  it('a snapshot file that breaks the schema is an input error naming the fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-prices-'));
    const file = join(dir, 'snap.json');
    writeFileSync(file, JSON.stringify(withTiers([{ from: '0', to: null, usdPerUnit: '-1' }])));
    try {
      await loadPriceBook('us-east-1', { file });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0]).toContain('tiers[0].usdPerUnit: expected a non-negative decimal string');
    }
  });

  it('a snapshot of another region is refused rather than used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-prices-'));
    const file = join(dir, 'snap.json');
    writeFileSync(file, JSON.stringify(usEast1));
    await expect(loadPriceBook('eu-west-1', { file })).rejects.toThrow('is for region us-east-1, not eu-west-1');
  });

  it('a bundled file edited after its index hash was written is validated in full, not trusted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'apigw-plan-root-'));
    mkdirSync(join(root, 'aws'));
    copyFileSync(join(BUNDLED_PRICING_DIR, 'index.json'), join(root, 'index.json'));
    writeFileSync(join(root, 'aws', 'us-east-1.json'), JSON.stringify(withTiers([{ from: '0', to: null, usdPerUnit: '3.5e-6' }])));
    await expect(loadPriceBook('us-east-1', { root })).rejects.toThrow('does not match the snapshot schema');
    // the same content with a matching hash loads (the fast path)
    writeFileSync(join(root, 'aws', 'us-east-1.json'), readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json')));
    expect((await loadPriceBook('us-east-1', { root })).region).toBe('us-east-1');
  });

  it('the check is the CRC-32 where Node has zlib.crc32: a matching CRC-32 is trusted, a wrong one means validation', async () => {
    const { root, text, sha256, withEntry } = editedSnapshotRoot();
    withEntry({ sha256: '0'.repeat(64), crc32: crc32(text) });
    expect((await loadPriceBook('us-east-1', { root })).region).toBe('us-east-1');
    withEntry({ sha256, crc32: (crc32(text) + 1) >>> 0 });
    await expect(loadPriceBook('us-east-1', { root })).rejects.toThrow('does not match the snapshot schema');
  });
});
