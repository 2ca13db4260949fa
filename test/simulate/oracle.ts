/**
 * Independent event-level oracle for the throttling models (shares no code with src/).
 *
 * Arrivals: for each period, a Poisson process of rate Σ_s count_s / T on [0, T) built from
 * exponential gaps; each arrival belongs to series s with probability count_s / Σ count (the
 * superposition of independent Poisson processes). Buckets: continuous refill capped at burst,
 * full at the start of the traffic only, a request needs one whole token, a 429 takes nothing.
 * Layers: 'all-or-nothing' checks every bucket of the series' chain and debits all only if all
 * pass; 'sequential' debits in chain order and stops at the first failure. A 429 is charged to
 * the first failing bucket in the chain.
 */
export interface OracleInput {
  buckets: { rate: number; burst: number }[];
  /** Per series, bucket indices in AWS order. */
  chains: number[][];
  periodSeconds: number;
  /** Per series, one count per period. */
  counts: number[][];
  debit?: 'all-or-nothing' | 'sequential';
  replicates: number;
  seed: number;
  /**
   * Every arrival through the general loop, without the two fast paths (one series through one
   * bucket; every chain one or two buckets long): ./oracle.test.ts shows both give bit-identical results.
   */
  plain?: boolean;
}

export interface OracleStats {
  replicates: number;
  /** [bucket][period]: replicates with at least one 429 charged to the bucket in the period. */
  hits: number[][];
  /** [bucket][period]: mean 429s charged to the bucket in the period. */
  mean429: number[][];
  /** [bucket]: mean and standard error of the bucket's 429s over the whole traffic. */
  total429: { mean: number; se: number }[];
  /** [bucket]: replicates with any 429 charged to the bucket anywhere. */
  horizonHits: number[];
  /** All 429s of the run: mean and standard error. */
  all429: { mean: number; se: number };
  /** Replicates with at least one 429 in each period, any bucket. */
  anyHits: number[];
}

export function oracle(input: OracleInput): OracleStats {
  const { buckets, chains, periodSeconds: T, counts, replicates: R } = input;
  const debit = input.debit ?? 'all-or-nothing';
  const nP = counts[0]!.length;
  const nB = buckets.length;
  const hits = buckets.map(() => new Array<number>(nP).fill(0));
  const sum429 = buckets.map(() => new Array<number>(nP).fill(0));
  const tot = buckets.map(() => ({ s: 0, s2: 0 }));
  const horizonHits = new Array<number>(nB).fill(0);
  const anyHits = new Array<number>(nP).fill(0);
  let all = 0;
  let all2 = 0;
  // the same arithmetic in the same order as a loop over the objects, on flat arrays (every arrival
  // passes here: hundreds of millions in the suite)
  const rate = Float64Array.from(buckets, (b) => b.rate);
  const burst = Float64Array.from(buckets, (b) => b.burst);
  const chainOf = chains.map((c) => Int32Array.from(c));
  const sequential = debit === 'sequential';
  const nS = counts.length;
  const tokens = new Float64Array(nB);
  const last = new Float64Array(nB);
  const repTot = new Float64Array(nB);
  const per = new Float64Array(nB);
  const ratesOf = Array.from({ length: nP }, (_, p) => Float64Array.from(counts, (c) => Math.max(0, c[p]! || 0) / T));
  const totalOf = ratesOf.map((rates) => rates.reduce((a, x) => a + x, 0));
  // mulberry32 (test/helpers/random.ts: `uniform` below is its body) with its state in a local
  // variable of this loop rather than in a closure: the same stream, faster
  let a = input.seed >>> 0;
  // Two fast paths, the same arithmetic in the same order as the general loop, for the shapes the
  // tests use most: one series through one bucket (the series draw only advances the stream: there
  // is no choice to make; the bucket's state in local variables) and chains of one or two buckets (a
  // stage under the account)
  const single = !input.plain && nS === 1 && chainOf[0]!.length === 1 ? chainOf[0]![0]! : -1;
  const pair = !input.plain && chainOf.every((c) => c.length === 1 || c.length === 2);
  const first = Int32Array.from(chainOf, (c) => c[0]!);
  const second = Int32Array.from(chainOf, (c) => c[1] ?? -1);
  const below = 1 - 1e-9;
  for (let rep = 0; rep < R; rep++) {
    tokens.set(burst);
    last.fill(0);
    repTot.fill(0);
    for (let p = 0; p < nP; p++) {
      const rates = ratesOf[p]!;
      const total = totalOf[p]!;
      per.fill(0);
      if (total > 0 && single >= 0) {
        let t = p * T;
        const end = (p + 1) * T;
        const r = rate[single]!;
        const b = burst[single]!;
        let tk = tokens[single]!;
        let lt = last[single]!;
        let n429 = 0;
        for (;;) {
          a = (a + 0x6d2b79f5) >>> 0;
          let x = Math.imul(a ^ (a >>> 15), a | 1);
          x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
          t += -Math.log(1 - ((x ^ (x >>> 14)) >>> 0) / 4294967296) / total;
          if (t >= end) break;
          a = (a + 0x6d2b79f5) >>> 0; // the series draw, unused
          tk = Math.min(b, tk + r * (t - lt));
          lt = t;
          if (tk < below) n429++;
          else tk = tk - 1;
        }
        tokens[single] = tk;
        last[single] = lt;
        per[single] = n429;
      } else if (total > 0) {
        let t = p * T;
        const end = (p + 1) * T;
        for (;;) {
          // uniform
          a = (a + 0x6d2b79f5) >>> 0;
          let x = Math.imul(a ^ (a >>> 15), a | 1);
          x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
          t += -Math.log(1 - ((x ^ (x >>> 14)) >>> 0) / 4294967296) / total;
          if (t >= end) break;
          // uniform
          a = (a + 0x6d2b79f5) >>> 0;
          x = Math.imul(a ^ (a >>> 15), a | 1);
          x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
          let u = (((x ^ (x >>> 14)) >>> 0) / 4294967296) * total;
          let s = 0;
          while (s < nS - 1 && u >= rates[s]!) u -= rates[s++]!;
          if (pair) {
            const j0 = first[s]!;
            const j1 = second[s]!;
            tokens[j0] = Math.min(burst[j0]!, tokens[j0]! + rate[j0]! * (t - last[j0]!));
            last[j0] = t;
            if (j1 < 0) {
              if (tokens[j0]! < below) per[j0]!++;
              else tokens[j0] = tokens[j0]! - 1;
              continue;
            }
            tokens[j1] = Math.min(burst[j1]!, tokens[j1]! + rate[j1]! * (t - last[j1]!));
            last[j1] = t;
            if (tokens[j0]! < below) per[j0]!++;
            else if (sequential) {
              tokens[j0] = tokens[j0]! - 1;
              if (tokens[j1]! < below) per[j1]!++;
              else tokens[j1] = tokens[j1]! - 1;
            } else if (tokens[j1]! < below) per[j1]!++;
            else {
              tokens[j0] = tokens[j0]! - 1;
              tokens[j1] = tokens[j1]! - 1;
            }
            continue;
          }
          const chain = chainOf[s]!;
          const n = chain.length;
          for (let i = 0; i < n; i++) {
            const j = chain[i]!;
            tokens[j] = Math.min(burst[j]!, tokens[j]! + rate[j]! * (t - last[j]!));
            last[j] = t;
          }
          let failed = -1;
          if (!sequential) {
            for (let i = 0; i < n; i++)
              if (tokens[chain[i]!]! < below) {
                failed = chain[i]!;
                break;
              }
            if (failed < 0) for (let i = 0; i < n; i++) tokens[chain[i]!] = tokens[chain[i]!]! - 1;
          } else {
            for (let i = 0; i < n; i++) {
              const j = chain[i]!;
              if (tokens[j]! < below) {
                failed = j;
                break;
              }
              tokens[j] = tokens[j]! - 1;
            }
          }
          if (failed >= 0) per[failed]!++;
        }
      }
      let anyHere = false;
      for (let j = 0; j < nB; j++) {
        if (per[j]! > 0) {
          hits[j]![p]!++;
          anyHere = true;
        }
        sum429[j]![p]! += per[j]!;
        repTot[j]! += per[j]!;
      }
      if (anyHere) anyHits[p]!++;
    }
    let r = 0;
    for (let j = 0; j < nB; j++) {
      tot[j]!.s += repTot[j]!;
      tot[j]!.s2 += repTot[j]! ** 2;
      if (repTot[j]! > 0) horizonHits[j]!++;
      r += repTot[j]!;
    }
    all += r;
    all2 += r * r;
  }
  const ms = (s: number, s2: number): { mean: number; se: number } => {
    const mean = s / R;
    return { mean, se: Math.sqrt(Math.max(0, s2 / R - mean * mean) / R) };
  };
  return {
    replicates: R,
    hits,
    mean429: sum429.map((row) => row.map((x) => x / R)),
    total429: tot.map((x) => ms(x.s, x.s2)),
    horizonHits,
    all429: ms(all, all2),
    anyHits,
  };
}

/** Standard error of a proportion estimated from `hits` of `n`. */
export function propSe(hits: number, n: number): number {
  const p = hits / n;
  return Math.sqrt(Math.max(p * (1 - p), 1 / n) / n);
}

/** The acceptance rule: within 1 % relative or 3 standard errors, whichever is larger. */
export function agrees(model: number, truth: number, se: number): boolean {
  return Math.abs(model - truth) <= Math.max(0.01 * Math.abs(truth), 3 * se);
}
