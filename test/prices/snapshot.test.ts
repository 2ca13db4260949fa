import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { BUNDLED_PRICING_DIR, availableRegions, loadIndex, loadPriceBook, snapshotChecksum } from '../../src/prices/load.js';
import { indexSchema, snapshotSchema } from '../../src/prices/schema.js';
import { editedSnapshotRoot } from '../helpers/edited-snapshot.js';

const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8'));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The index's checksum, computed here by Horner's rule six bytes at a time (the loader reads the whole file as
 * one hexadecimal BigInt): the UTF-8 bytes as a big-endian integer, modulo 2^64 − 59.
 */
function checksum(text: string): string {
  const p = 2n ** 64n - 59n;
  const bytes = Buffer.from(text, 'utf8');
  let h = 0n;
  for (let i = 0; i < bytes.length; i += 6) {
    const chunk = bytes.subarray(i, i + 6);
    h = (h * 256n ** BigInt(chunk.length) + BigInt(chunk.readUIntBE(0, chunk.length))) % p;
  }
  return h.toString(16);
}

describe('bundled price snapshots', () => {
  it.each(availableRegions())('%s validates against the snapshot schema, matches its index hash and names its sources', async (region) => {
    const text = readFileSync(join(BUNDLED_PRICING_DIR, 'aws', `${region}.json`), 'utf8');
    expect(snapshotSchema.safeParse(JSON.parse(text)).success).toBe(true);
    const entry = indexSchema.parse(loadIndex()).snapshots.find((s) => s.region === region)!;
    expect(entry.sha256).toBe(sha256(text));
    expect(entry.checksum).toBe(checksum(text));
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

  it('the check is the checksum: a matching one is trusted, a wrong one means validation', async () => {
    const { root, text, withEntry } = editedSnapshotRoot();
    withEntry({ checksum: checksum(text) });
    expect((await loadPriceBook('us-east-1', { root })).region).toBe('us-east-1');
    withEntry({ checksum: checksum(`${text} `) });
    await expect(loadPriceBook('us-east-1', { root })).rejects.toThrow('does not match the snapshot schema');
  });

  it('the checksum changes with any one byte changed, and with two bytes swapped however far apart', () => {
    const text = readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8');
    const base = snapshotChecksum(text);
    expect(base).toBe(checksum(text));
    const digits = [...text.matchAll(/\d/g)].map((m) => m.index!);
    const seen = new Set([base]);
    // a digit changed, at 40 places spread over the file
    for (let k = 0; k < 40; k++) {
      const i = digits[Math.floor((k * digits.length) / 40)]!;
      const edited = text.slice(0, i) + String((Number(text[i]) + 1) % 10) + text.slice(i + 1);
      seen.add(snapshotChecksum(edited));
    }
    // two different digits swapped, 61, 64 and 1,000 bytes apart (a Mersenne modulus would miss the first)
    for (const gap of [61, 64, 1000]) {
      const i = digits.find((j) => /\d/.test(text[j + gap] ?? '') && text[j] !== text[j + gap])!;
      const edited = text.slice(0, i) + text[i + gap] + text.slice(i + 1, i + gap) + text[i] + text.slice(i + gap + 1);
      seen.add(snapshotChecksum(edited));
    }
    expect(seen.size).toBe(1 + 40 + 3);
  });
});
