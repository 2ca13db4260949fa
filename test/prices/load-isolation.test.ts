import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** Every file the price loader reads, recorded by wrapping node:fs's readFileSync. */
const reads: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    reads.push(String(args[0]));
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { BUNDLED_PRICING_DIR, loadPriceBook } = await import('../../src/prices/load.js');

describe('loading one Region reads no other Region’s snapshot (start-up stays flat with 33 Regions)', () => {
  it('eu-west-1: index.json, then aws/eu-west-1.json, and nothing else', async () => {
    reads.length = 0;
    const book = await loadPriceBook('eu-west-1');
    expect(book.region).toBe('eu-west-1');
    expect(reads.map((f) => relative(BUNDLED_PRICING_DIR, f))).toEqual(['index.json', join('aws', 'eu-west-1.json')]);
  });

  it('a pricing-data/ with only the index and that one snapshot loads it (the others are not needed)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'apigw-plan-one-region-'));
    mkdirSync(join(root, 'aws'));
    copyFileSync(join(BUNDLED_PRICING_DIR, 'index.json'), join(root, 'index.json'));
    copyFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'sa-east-1.json'), join(root, 'aws', 'sa-east-1.json'));
    const book = await loadPriceBook('sa-east-1', { root });
    expect(book.get('apigw.http.requests').tiers[0]!.usdPerUnit.toFixed()).toBe('0.00000159');
  });

  it('an unknown Region is refused from the index alone', async () => {
    reads.length = 0;
    await expect(loadPriceBook('xx-west-9')).rejects.toThrow(/no price snapshot for region "xx-west-9"/);
    expect(reads.map((f) => relative(BUNDLED_PRICING_DIR, f))).toEqual(['index.json']);
  });
});
