import type { Rng } from '../throttling/prng.js';

/**
 * The weekly engine's pool of pre-drawn weeks (see weekly.ts for the model): how many weeks, their records,
 * how they are drawn (exactly as the daily engine draws days), and how each simulated week's paths pick from
 * them (a Latin hypercube over the pool sorted by each week's highest peak, or its total).
 */

/** Pooled weeks per path (at least). */
const POOL_PER_PATH = 8;

export function poolWeeksFor(paths: number): number {
  let size = 64;
  while (size < POOL_PER_PATH * paths) size *= 2;
  return size;
}

/**
 * Doubles per pooled week j, at [REC·j …]: e^ε of its 7 days (+0 … +6); their ĉ_d · e^ε · ratio,
 * the day's peak at the point estimate's weights (+7 … +13); max_d e^ε (+14); the second-highest
 * of the peaks (+15). One record: two cache lines.
 */
export const REC = 16;

/** The pool of pre-drawn weeks (exported for the tests of latinPicks). */
export interface Pool {
  rec: Float64Array;
  /** The day of each pooled week's highest peak (at the point estimate's weights). */
  bestDay: Uint8Array;
  /** The resampled history day of each pooled day (drawn in bulk before the records are built). */
  idx: Int32Array;
  /**
   * Each pooled week's sort key, with its index in the low mantissa bits (see latinPicks): its
   * highest day's peak at the point estimate's weights when the history has peaks, else its total.
   */
  keys: Float64Array;
  /** The same keys' 32-bit words (the index is read back from the low word). */
  keyWords: Uint32Array;
}
let kept: Pool | undefined;

/** The Uint32Array word holding a float64's low mantissa bits (0 on little-endian platforms). */
const LOW_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
/** Low mantissa bits that carry a pooled week's index (pools hold at most 2^17 weeks). */
const INDEX_BITS = 0xfffff;

/** The pool's arrays, kept between calls of the same size (a forecast per series would otherwise allocate them each time). */
export function poolArrays(weeks: number): Pool {
  if (kept?.rec.length !== weeks * REC) {
    const keys = new Float64Array(weeks);
    kept = {
      rec: new Float64Array(weeks * REC),
      bestDay: new Uint8Array(weeks),
      idx: new Int32Array(weeks * 7),
      keys,
      keyWords: new Uint32Array(keys.buffer),
    };
  }
  return kept;
}

/** latinPicks' buffers (picks, perm, bits), kept between calls like the outputs: latinPicks overwrites every entry it reads. */
let keptPicks = new Int32Array(0);

export function picksBuffer(size: number): Int32Array {
  if (keptPicks.length < size) keptPicks = new Int32Array(size);
  return keptPicks;
}

/** Draws the pool: each day as the daily engine draws one (a resampled innovation and its day's ratio). */
export function drawPool(
  rng: Rng,
  pool: Pool,
  weeks: number,
  expInnovations: Float64Array,
  ratios: Float64Array | undefined,
  cHat: Float64Array,
): void {
  const { rec, bestDay, idx: drawn, keys } = pool;
  const m = expInnovations.length;
  // every pooled day's draw first (the same stream, in the same order, as one draw per day)
  rng.fillIndices(drawn, weeks * 7, m);
  for (let j = 0; j < weeks; j++) {
    let me = 0;
    let b1 = -1;
    let b2 = 0;
    let arg = 0;
    let key = 0;
    const base = j * REC;
    for (let d = 0; d < 7; d++) {
      const idx = drawn[j * 7 + d]!;
      const e = expInnovations[idx]!;
      rec[base + d] = e;
      key += cHat[d]! * e;
      if (e > me) me = e;
      if (ratios) {
        const v = cHat[d]! * e * ratios[idx]!;
        rec[base + 7 + d] = v;
        if (v > b1) {
          if (b1 > b2) b2 = b1;
          b1 = v;
          arg = d;
        } else if (v > b2) b2 = v;
      }
    }
    rec[base + 14] = me;
    rec[base + 15] = b2;
    bestDay[j] = arg;
    keys[j] = ratios ? b1 : key;
  }
}

/**
 * Every path's pooled weeks, a Latin hypercube over the sorted pool: path-major into picks
 * (paths × nW). The W pooled weeks are sorted by a key (the week's highest peak at the point
 * estimate's weights when the history has peaks, else its total). For each simulated week, the
 * paths are put in a uniformly random order (Fisher–Yates), and the path of rank r takes the
 * pooled week at sorted position ⌊(r + v)·W / paths⌋ (v uniform on [0, 1), to 31 bits). For one
 * path, its rank in each week is uniform and independent of the other weeks' (independent
 * permutations), so its week's position is uniform over the pool and independent across weeks:
 * each path takes its pooled weeks exactly as with independent uniform picks. Across paths, each
 * week's picks cover the pool's range evenly (one per stratum of W / paths sorted weeks), so
 * sums over weeks (a month's total) and the first week to reach a level (a throttle crossing)
 * vary less between runs than with independent picks (Latin hypercube sampling: McKay, Beckman
 * & Conover 1979; Stein 1987). Sorting by the highest peak rather than the total made the
 * daily-peak crossings' percentiles about as precise as 500 independent paths' at 250 paths,
 * with the monthly ones unchanged (docs/forecast.md, "Monte Carlo error").
 */
export function latinPicks(
  rng: Rng,
  pool: Pool,
  weeks: number,
  nW: number,
  paths: number,
  picks: Int32Array,
  perm: Int32Array,
  bits: Int32Array,
): void {
  const { keys, keyWords } = pool;
  // the pool's order by total: each key carries its index in its lowest mantissa bits (a change
  // of the key below 2^-32 of its value, which only breaks near-ties), so one typed-array sort
  // gives the order
  for (let j = 0; j < weeks; j++) keyWords[2 * j + LOW_WORD] = (keyWords[2 * j + LOW_WORD]! & ~INDEX_BITS) | j;
  sortKeys(keys);
  const scale = weeks / paths;
  // per week, 2·paths − 1 draws of 31 bits (the top bits of nextU32): paths − 1 for the
  // permutation, then one offset v per path
  for (let w = 0; w < nW; w++) {
    rng.fillTopBits(bits, 2 * paths - 1, 1);
    for (let i = 0; i < paths; i++) perm[i] = i;
    for (let k = paths - 1; k > 0; k--) {
      const j = ((bits[paths - 1 - k]! * (k + 1)) / 2147483648) | 0;
      const t = perm[k]!;
      perm[k] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < paths; i++) {
      const v = bits[paths - 1 + i]! / 2147483648;
      const at = Math.min(weeks - 1, ((perm[i]! + v) * scale) | 0);
      picks[i * nW + w] = keyWords[2 * at + LOW_WORD]! & INDEX_BITS;
    }
  }
}

let sortCounts = new Int32Array(0);
let sortOut = new Float64Array(0);
/** A pool's keys beyond which sortKeys leaves the order to the typed-array sort (values bunched in one bucket). */
const MAX_BUCKET = 48;

/**
 * Sorts the pool's keys ascending: the same array as keys.sort(), faster for a pool's 2,048 keys
 * (a bucket sort: about a fifth of the typed-array sort's time there). The keys are distinct
 * doubles (each carries its own index in its low bits; only the index-0 key can be a zero), so any
 * correct ascending sort gives the one same array. Values spread over [min, max] go to one bucket
 * each by (x − min)·n / (max − min) (a monotone map: bucket order is value order); the
 * bucket-ordered array is then insertion-sorted, which moves values only within their buckets.
 * Anything else (a NaN or infinite key, a zero or overflowing range, a bucket holding more than
 * MAX_BUCKET keys) is left to keys.sort().
 */
export function sortKeys(keys: Float64Array): void {
  const n = keys.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = keys[i]!;
    if (!(x > Number.NEGATIVE_INFINITY && x < Number.POSITIVE_INFINITY)) {
      keys.sort();
      return;
    }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const scale = n / (hi - lo);
  if (!(scale < Number.POSITIVE_INFINITY)) {
    keys.sort();
    return;
  }
  if (sortCounts.length < n + 1) {
    sortCounts = new Int32Array(n + 1);
    sortOut = new Float64Array(n);
  }
  const counts = sortCounts;
  const out = sortOut;
  counts.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) {
    let b = ((keys[i]! - lo) * scale) | 0; // x − lo ≥ 0: truncation is the floor
    if (b >= n) b = n - 1;
    counts[b + 1]!++;
  }
  for (let b = 1; b <= n; b++) {
    if (counts[b]! > MAX_BUCKET) {
      keys.sort();
      return;
    }
    counts[b] = counts[b]! + counts[b - 1]!;
  }
  for (let i = 0; i < n; i++) {
    const x = keys[i]!;
    let b = ((x - lo) * scale) | 0;
    if (b >= n) b = n - 1;
    out[counts[b]!++] = x;
  }
  // insertion sort of the bucket-ordered values: each moves at most within its bucket
  for (let i = 1; i < n; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && out[j]! > x) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = x;
  }
  keys.set(out.subarray(0, n));
}
