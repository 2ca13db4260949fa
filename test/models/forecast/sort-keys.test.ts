import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/models/throttling/prng.js';
import { quantilesOfNumbers } from '../../../src/models/forecast/quantiles.js';
import { sortKeys } from '../../../src/models/forecast/pool.js';

/** The pool's sort keys as latinPicks makes them: values with their index in the low 20 mantissa bits. */
function keysOf(values: number[]): Float64Array {
  const keys = Float64Array.from(values);
  const words = new Uint32Array(keys.buffer);
  const low = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
  for (let j = 0; j < keys.length; j++) words[2 * j + low] = (words[2 * j + low]! & ~0xfffff) | j;
  return keys;
}

/** sortKeys against the typed-array sort (the reference): the same array, bit for bit. */
function expectSameAsTypedSort(keys: Float64Array): void {
  const reference = keys.slice().sort();
  const sorted = keys.slice();
  sortKeys(sorted);
  expect(new Uint32Array(sorted.buffer)).toEqual(new Uint32Array(reference.buffer));
}

describe('sortKeys: the pool keys in the typed-array sort order', () => {
  it('gives the typed-array sort of pools of lognormal-like keys, over seeds and sizes', () => {
    for (const n of [1, 2, 3, 64, 512, 2048]) {
      for (let seed = 1; seed <= 20; seed++) {
        const rng = new Rng(seed * 7919 + n);
        const values = Array.from({ length: n }, () => {
          let m = 0;
          for (let d = 0; d < 7; d++) m = Math.max(m, Math.exp(0.3 * (rng.uniform() + rng.uniform() - 1)) * (3 + rng.uniform()));
          return m * 1e5;
        });
        expectSameAsTypedSort(keysOf(values));
      }
    }
  });

  it('gives the typed-array sort where it falls back or meets edge values', () => {
    const rng = new Rng(11);
    const base = Array.from({ length: 256 }, () => 1 + rng.uniform());
    // heavy tail: most keys bunched in the lowest buckets (the fallback)
    expectSameAsTypedSort(keysOf(base.map((v, i) => (i % 50 === 0 ? v * 1e9 : v))));
    // a zero key, negative keys, equal values (only their index bits differ)
    expectSameAsTypedSort(keysOf(base.map((v, i) => (i === 0 ? 0 : i % 3 === 0 ? -v : v))));
    expectSameAsTypedSort(keysOf(base.map(() => 2.5)));
    // infinite and NaN keys (the index bits make an infinity a NaN): left to the typed-array sort
    expectSameAsTypedSort(keysOf(base.map((v, i) => (i === 7 ? Number.POSITIVE_INFINITY : i === 9 ? Number.NaN : v))));
    // the smallest subnormals (a range whose reciprocal overflows)
    expectSameAsTypedSort(keysOf(base.map(() => 0)));
  });
});

describe('quantilesOfNumbers: quantileSorted of the comparator sort of plain numbers', () => {
  it('gives the same quantiles as quantileSorted([...values].sort((a, b) => a - b)), ties, zeros and NaN included', () => {
    const rng = new Rng(3);
    const ratios = Array.from({ length: 180 }, () => 3 + Math.round(rng.uniform() * 40) / 10); // many ties
    const cases = [
      ratios,
      ratios.slice(0, 143),
      [5],
      ratios.map((v, i) => (i % 17 === 0 ? 0 : v)),
      ratios.map((v, i) => (i === 4 ? -0 : i === 9 ? 0 : v)),
      ratios.map((v, i) => (i % 5 === 0 ? -v : v)),
      ratios.map((v, i) => (i === 2 ? Number.NaN : v)),
    ];
    const ps = [0.5, 0.1, 0.9, 0.25, 0];
    for (const values of cases) {
      const sorted = [...values].sort((a, b) => a - b);
      // toEqual compares numbers with Object.is: −0 and +0 differ, NaN equals NaN
      expect(quantilesOfNumbers(values, ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
    }
  });
});
