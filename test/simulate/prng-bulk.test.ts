import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/models/throttling/prng.js';

/**
 * The bulk draws (fillIndices, fillTopBits) keep the xoshiro state in locals for speed; they must
 * give the values, and leave the state, that the same number of single nextU32 draws would.
 */
describe('Rng bulk draws equal single draws', () => {
  it('fillIndices: ⌊u·m / 2^32⌋ for each of the next count values, and the same state after', () => {
    for (const [seed, count, m] of [
      [1, 1000, 7],
      [42, 28_672, 180],
      [7, 513, 2 ** 31 - 1],
    ] as const) {
      const bulk = new Rng(seed);
      const single = new Rng(seed);
      const out = new Int32Array(count);
      bulk.fillIndices(out, count, m);
      const want = Int32Array.from({ length: count }, () => ((single.nextU32() * m) / 4294967296) | 0);
      expect(out).toEqual(want);
      expect(Math.max(...out)).toBeLessThan(m);
      expect(bulk.nextU32()).toBe(single.nextU32());
    }
  });

  it('fillTopBits: the next count values shifted right by shift, and the same state after', () => {
    for (const [seed, count, shift] of [
      [3, 53, 20],
      [99, 4096, 1],
      [5, 100, 31],
    ] as const) {
      const bulk = new Rng(seed);
      const single = new Rng(seed);
      const out = new Int32Array(count);
      bulk.fillTopBits(out, count, shift);
      expect(out).toEqual(Int32Array.from({ length: count }, () => single.nextU32() >>> shift));
      expect(bulk.uniform()).toBe(single.uniform());
    }
  });
});
