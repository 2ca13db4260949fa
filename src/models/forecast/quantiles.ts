import { quantileSorted } from 'simple-statistics';

/**
 * Percentiles of a column of path values: simple-statistics' type-7 quantiles (linear between the
 * two order statistics around (n − 1)·p), the same values a full sort would give, found without
 * sorting. A forecast takes about 80 such columns of 500 values; comparison sorts and quickselect
 * spend most of their time on mispredicted branches there, so the order statistics are found by
 * bucketing instead: one pass for the range, one to count values per bucket (the bucket is a
 * monotone function of the value, so bucket order is value order), then only the buckets that
 * hold a wanted rank are gathered and sorted. Exact for any values (+Infinity included: a path
 * that does not cross); NaN is not expected (it would sort last, as in a typed-array sort).
 */

const BUCKETS = 256;
const counts = new Int32Array(BUCKETS + 1);
let scratch = new Float64Array(0);
let gathered = new Float64Array(0);
const need = new Uint8Array(BUCKETS);
const start = new Int32Array(BUCKETS);
const fill = new Int32Array(BUCKETS);

/** The values at the wanted positions of `values` as if sorted ascending (positions ascending, deduplicated or not). */
function orderStatistics(values: Float64Array, positions: number[]): Map<number, number> {
  const n = values.length;
  const out = new Map<number, number>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < Number.POSITIVE_INFINITY) {
      finite++;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  // ranks ≥ finite are the non-finite values (+Infinity; NaN last); the ends are the range
  const tail = finite < n ? values.filter((x) => !(x < Number.POSITIVE_INFINITY)).sort() : values.subarray(0, 0);
  const wanted = positions.filter((r) => {
    if (r >= finite) out.set(r, tail[r - finite]!);
    else if (r === 0) out.set(r, lo);
    else if (r === finite - 1) out.set(r, hi);
    else return true;
    return false;
  });
  if (wanted.length === 0) return out;
  if (lo === hi) {
    for (const r of wanted) out.set(r, lo);
    return out;
  }
  const scale = BUCKETS / (hi - lo);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < Number.POSITIVE_INFINITY) {
      const b = ((x - lo) * scale) | 0; // x − lo ≥ 0: truncation is the floor
      counts[(b < BUCKETS ? b : BUCKETS - 1) + 1]!++;
    }
  }
  // counts[b] becomes the number of finite values in buckets before b
  for (let b = 1; b <= BUCKETS; b++) counts[b] = counts[b]! + counts[b - 1]!;
  const bucketOfRank = (r: number) => {
    let a = 0;
    let z = BUCKETS - 1;
    while (a < z) {
      const mid = (a + z + 1) >>> 1;
      if (counts[mid]! <= r) a = mid;
      else z = mid - 1;
    }
    return a;
  };
  // gather the wanted buckets in one pass, each at the offset its rank range gives it
  const rankBuckets = wanted.map(bucketOfRank);
  need.fill(0);
  let room = 0;
  for (const b of rankBuckets) {
    if (need[b] !== 0) continue;
    need[b] = 1;
    start[b] = room;
    fill[b] = room;
    room += counts[b + 1]! - counts[b]!;
  }
  if (gathered.length < room) gathered = new Float64Array(room);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < Number.POSITIVE_INFINITY) {
      let b = ((x - lo) * scale) | 0;
      if (b >= BUCKETS) b = BUCKETS - 1;
      if (need[b] !== 0) gathered[fill[b]!++] = x;
    }
  }
  const sorted = new Set<number>();
  wanted.forEach((r, i) => {
    const b = rankBuckets[i]!;
    const seg = gathered.subarray(start[b]!, fill[b]!);
    if (!sorted.has(b)) {
      seg.sort();
      sorted.add(b);
    }
    out.set(r, seg[r - counts[b]!]!);
  });
  return out;
}

/** Type-7 quantiles of the values at probabilities ps (each in [0, 1]); the values are not reordered. */
export function quantilesOf(values: Float64Array, ps: number[]): number[] {
  const n = values.length;
  if (n === 0) throw new RangeError('quantiles of no values');
  const positions: number[] = [];
  for (const p of ps) {
    const idx = (n - 1) * p;
    positions.push(Math.floor(idx), Math.ceil(idx));
  }
  const stats = orderStatistics(
    values,
    [...new Set(positions)].sort((a, b) => a - b),
  );
  if (scratch.length !== n) scratch = new Float64Array(n);
  for (const [r, v] of stats) scratch[r] = v;
  // simple-statistics reads only the order statistics placed above (and the length)
  return ps.map((p) => quantileSorted(scratch as unknown as number[], p));
}
