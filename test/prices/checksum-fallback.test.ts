import { describe, expect, it, vi } from 'vitest';

// Node before 20.15 has no zlib.crc32: the loader then checks a bundled snapshot's SHA-256 instead
vi.mock('node:zlib', async (importOriginal) => {
  const { crc32: _absent, ...zlib } = await importOriginal<typeof import('node:zlib')>();
  return { ...zlib, crc32: undefined, default: { ...zlib, crc32: undefined } };
});

const { loadPriceBook } = await import('../../src/prices/load.js');
const { editedSnapshotRoot } = await import('../helpers/edited-snapshot.js');

describe('without zlib.crc32, a bundled snapshot is checked by its SHA-256', () => {
  it('a matching SHA-256 is trusted, a wrong one means validation (whatever the CRC-32 says)', async () => {
    const { root, sha256, withEntry } = editedSnapshotRoot();
    withEntry({ sha256, crc32: 0 });
    expect((await loadPriceBook('us-east-1', { root })).region).toBe('us-east-1');
    withEntry({ sha256: '0'.repeat(64), crc32: 0 });
    await expect(loadPriceBook('us-east-1', { root })).rejects.toThrow('does not match the snapshot schema');
  });
});
