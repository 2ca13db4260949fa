import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Node before 20.15 has no zlib.crc32: the loader then checks a bundled snapshot's SHA-256 instead
vi.mock('node:zlib', async (importOriginal) => {
  const { crc32: _absent, ...zlib } = await importOriginal<typeof import('node:zlib')>();
  return { ...zlib, crc32: undefined, default: { ...zlib, crc32: undefined } };
});

const { BUNDLED_PRICING_DIR, loadIndex, loadPriceBook } = await import('../../src/prices/load.js');

describe('without zlib.crc32, a bundled snapshot is checked by its SHA-256', () => {
  it('a matching SHA-256 is trusted, a wrong one means validation (whatever the CRC-32 says)', async () => {
    const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8'));
    // a file the strict schema refuses (an extra key) but the price book can read: trusted, it loads; validated, it fails
    const text = JSON.stringify({ ...usEast1, extra: 1 });
    const root = mkdtempSync(join(tmpdir(), 'apigw-plan-root-'));
    mkdirSync(join(root, 'aws'));
    writeFileSync(join(root, 'aws', 'us-east-1.json'), text);
    const withEntry = (entry: { sha256: string; crc32: number }) => {
      const index = loadIndex();
      Object.assign(index.snapshots.find((s) => s.region === 'us-east-1')!, entry);
      writeFileSync(join(root, 'index.json'), JSON.stringify(index));
    };
    const sha256 = createHash('sha256').update(text).digest('hex');
    withEntry({ sha256, crc32: 0 });
    expect((await loadPriceBook('us-east-1', { root })).region).toBe('us-east-1');
    withEntry({ sha256: '0'.repeat(64), crc32: 0 });
    await expect(loadPriceBook('us-east-1', { root })).rejects.toThrow('does not match the snapshot schema');
  });
});
