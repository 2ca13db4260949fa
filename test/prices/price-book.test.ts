import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICING_DIR } from '../../src/prices/load.js';
import { PriceBook, PriceNotInSnapshotError } from '../../src/prices/price-book.js';
import type { SnapshotJson } from '../../src/prices/schema.js';

const snapshot = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'eu-west-1.json'), 'utf8')) as SnapshotJson;

describe('PriceBook (prices parsed when first asked for)', () => {
  it('every price reads back as the snapshot has it, in its order, and is the same object each time', () => {
    const book = new PriceBook(snapshot);
    const first = book.get('apigw.rest.requests');
    expect(book.get('apigw.rest.requests')).toBe(first);
    const all = book.all();
    expect(all.map((p) => p.id)).toEqual(snapshot.prices.map((p) => p.id));
    expect(all.find((p) => p.id === 'apigw.rest.requests')).toBe(first);
    for (const [i, p] of all.entries()) {
      const raw = snapshot.prices[i]!;
      expect(p.region).toBe('eu-west-1');
      expect([p.unit, p.usageType, p.source]).toEqual([raw.unit, raw.usageType, raw.source]);
      expect(p.tiers).toHaveLength(raw.tiers.length);
      for (const [k, t] of p.tiers.entries()) {
        const r = raw.tiers[k]!;
        expect([t.from.eq(r.from), t.usdPerUnit.eq(r.usdPerUnit), r.to === null ? t.to === undefined : t.to!.eq(r.to)]).toEqual([
          true,
          true,
          true,
        ]);
      }
    }
  });

  it('an unknown id is refused, and has() answers without parsing', () => {
    const book = new PriceBook(snapshot);
    expect(book.has('apigw.rest.requests')).toBe(true);
    expect(book.has('no.such.price')).toBe(false);
    expect(() => book.get('no.such.price')).toThrow(PriceNotInSnapshotError);
    expect(book.oldestPublication()).toBe(snapshot.prices.map((p) => p.source.publicationDate).sort()[0]);
  });
});
