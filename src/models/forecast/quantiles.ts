import { quantileSorted } from 'simple-statistics';

/**
 * Percentiles of a column of path values: simple-statistics' type-7 quantiles (linear between the
 * two order statistics around (n − 1)·p), the same values a full sort would give, found without
 * sorting. A forecast takes over a hundred such columns of 128 values (--paths); comparison sorts and quickselect
 * spend most of their time on mispredicted branches there, so the order statistics are found by
 * bucketing instead: one pass for the range, one to count values per bucket (the bucket is a
 * monotone function of the value, so bucket order is value order), then only the buckets that
 * hold a wanted rank are gathered and sorted. Exact for any values (+Infinity included: a path
 * that does not cross); NaN is not expected (it would sort last, as in a typed-array sort).
 */

/** At most this many buckets: about one per value (the next power of two at or above n, at least 16). */
const BUCKETS = 256;
const counts = new Int32Array(BUCKETS + 1);
let scratch = new Float64Array(0);
let gathered = new Float64Array(0);
/** need[buckets]: the non-finite values' mark, never needed. */
const need = new Uint8Array(BUCKETS + 1);
/** Each value's bucket (buckets: not finite), from the counting pass for the gathering one. */
let bucketOf = new Uint16Array(0);
const start = new Int32Array(BUCKETS);
const fill = new Int32Array(BUCKETS);
/** Wanted ranks (ascending, distinct), their buckets and their values: kept between calls (no allocation per column). */
let ranks = new Int32Array(16);
let rankBucket = new Int32Array(16);
let rankValue = new Float64Array(16);

/**
 * The values at ranks[0 … k) (ascending, distinct) of `values` as if sorted ascending, into
 * rankValue. Nothing is allocated per call: the buffers above are reused (their contents do not
 * outlive the call that fills them).
 */
function orderStatistics(values: Float64Array, k: number): void {
  const n = values.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let finite = 0;
  let nan = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < Number.POSITIVE_INFINITY) {
      finite++;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    } else if (Number.isNaN(x)) nan++;
  }
  // ranks ≥ finite are the non-finite values: +Infinity, then NaN last (as a typed-array sort
  // orders them); the ends of the finite ones are the range
  const infinite = n - finite - nan;
  let open = 0;
  for (let i = 0; i < k; i++) {
    const r = ranks[i]!;
    rankBucket[i] = -1;
    if (r >= finite) rankValue[i] = r - finite < infinite ? Number.POSITIVE_INFINITY : Number.NaN;
    else if (r === 0) rankValue[i] = lo;
    else if (r === finite - 1) rankValue[i] = hi;
    else if (lo === hi) rankValue[i] = lo;
    else {
      rankBucket[i] = 0;
      open++;
    }
  }
  if (open === 0) return;
  // about one value per bucket: fewer buckets for fewer values (the fills and the prefix sum below
  // are per bucket); the non-finite values' mark is `buckets`
  let buckets = 16;
  while (buckets < n && buckets < BUCKETS) buckets *= 2;
  const scale = buckets / (hi - lo);
  counts.fill(0, 0, buckets + 1);
  if (bucketOf.length < n) bucketOf = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < Number.POSITIVE_INFINITY) {
      let b = ((x - lo) * scale) | 0; // x − lo ≥ 0: truncation is the floor
      if (b >= buckets) b = buckets - 1;
      bucketOf[i] = b;
      counts[b + 1]!++;
    } else bucketOf[i] = buckets;
  }
  // counts[b] becomes the number of finite values in buckets before b
  // (the running sum in a local: the loop then has no store-to-load dependency between iterations)
  let before = 0;
  for (let b = 1; b <= buckets; b++) {
    before += counts[b]!;
    counts[b] = before;
  }
  // the bucket of each open rank (the last b with counts[b] ≤ r); gather those buckets in one
  // pass, each at the offset its rank range gives it
  need.fill(0, 0, buckets + 1);
  let room = 0;
  for (let i = 0; i < k; i++) {
    if (rankBucket[i] !== 0) continue;
    const r = ranks[i]!;
    let a = 0;
    let z = buckets - 1;
    while (a < z) {
      const mid = (a + z + 1) >>> 1;
      if (counts[mid]! <= r) a = mid;
      else z = mid - 1;
    }
    rankBucket[i] = a;
    if (need[a] !== 0) continue;
    need[a] = 1;
    start[a] = room;
    fill[a] = room;
    room += counts[a + 1]! - counts[a]!;
  }
  if (gathered.length < room) gathered = new Float64Array(room);
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i]!;
    if (need[b] !== 0) gathered[fill[b]!++] = values[i]!;
  }
  for (let i = 0; i < k; i++) {
    const b = rankBucket[i]!;
    if (b < 0) continue;
    if (need[b] === 1) {
      sortRange(gathered, start[b]!, fill[b]!);
      need[b] = 2; // sorted
    }
    rankValue[i] = gathered[start[b]! + ranks[i]! - counts[b]!]!;
  }
}

/**
 * Sorts a[from … to) of finite values ascending, in the typed-array sort's order (−0 before +0):
 * a bucket's few values, where that sort's call and its subarray cost more than the sorting.
 * Insertion sort; a longer range (values bunched into one bucket) goes to the typed-array sort.
 */
function sortRange(a: Float64Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const x = a[i]!;
    let j = i - 1;
    // −0 before +0, as the typed-array sort orders them
    while (j >= from && (a[j]! > x || (a[j] === 0 && x === 0 && 1 / a[j]! > 1 / x))) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** Type-7 quantiles of the values at probabilities ps (each in [0, 1]); the values are not reordered. */
export function quantilesOf(values: Float64Array, ps: number[]): number[] {
  const n = values.length;
  if (n === 0) throw new RangeError('quantiles of no values');
  if (ranks.length < 2 * ps.length) {
    ranks = new Int32Array(2 * ps.length);
    rankBucket = new Int32Array(2 * ps.length);
    rankValue = new Float64Array(2 * ps.length);
  }
  // the two order statistics around each (n − 1)·p, ascending and distinct
  let k = 0;
  for (const p of ps) {
    const idx = (n - 1) * p;
    k = insertRank(k, Math.floor(idx));
    k = insertRank(k, Math.ceil(idx));
  }
  orderStatistics(values, k);
  if (scratch.length !== n) scratch = new Float64Array(n);
  for (let i = 0; i < k; i++) scratch[ranks[i]!] = rankValue[i]!;
  // simple-statistics reads only the order statistics placed above (and the length)
  return ps.map((p) => quantileSorted(scratch as unknown as number[], p));
}

/** Inserts rank r into the ascending, distinct ranks[0 … k); returns the new count. */
function insertRank(k: number, r: number): number {
  let i = k;
  while (i > 0 && ranks[i - 1]! > r) i--;
  if (i > 0 && ranks[i - 1] === r) return k;
  ranks.copyWithin(i + 1, i, k);
  ranks[i] = r;
  return k + 1;
}

/**
 * Type-7 quantiles of plain numbers at probabilities ps: quantileSorted of the values sorted by
 * `[...values].sort((a, b) => a - b)` at each p, by quantilesOf (no sort). With a zero or a NaN among the values (whose order the
 * comparator sort and the typed-array order could disagree on), the comparator sort is used.
 */
export function quantilesOfNumbers(values: readonly number[], ps: number[]): number[] {
  for (const x of values) {
    if (x === 0 || Number.isNaN(x)) {
      const sorted = [...values].sort((a, b) => a - b);
      return ps.map((p) => quantileSorted(sorted, p));
    }
  }
  return quantilesOf(Float64Array.from(values), ps);
}
