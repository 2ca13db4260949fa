/**
 * Seeded pseudo-random numbers for the Monte Carlo engines: xoshiro128** 1.0
 * (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), state seeded with
 * splitmix32 so any integer seed gives a well-mixed state. Same seed → same stream on
 * every platform (32-bit integer arithmetic only). Not cryptographic.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // the state is kept as int32 (`| 0`): the same bits, but V8 keeps small integers unboxed,
    // where uint32 values above 2^31 would be stored as heap doubles (about 5× slower per draw)
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11) | 0;
    return result;
  }

  /**
   * `count` uniform indices in [0, m) (m < 2^31) into out[0 … count): ⌊u·m / 2^32⌋ for the next
   * `count` values u of nextU32, the same stream and values as that many separate draws, with the
   * state held in locals for the loop (a field store per step otherwise).
   */
  fillIndices(out: Int32Array, count: number, m: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < count; i++) {
      const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11) | 0;
      out[i] = ((result * m) / 4294967296) | 0;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** The top (32 − shift) bits of the next `count` values of nextU32 into out[0 … count) (0 < shift < 32). */
  fillTopBits(out: Int32Array, count: number, shift: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < count; i++) {
      out[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> shift;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11) | 0;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple to reason about). */
  normal(): number {
    const u = 1 - this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** Gamma(shape, 1): Marsaglia & Tsang (2000); shape < 1 via the u^(1/shape) boost. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Poisson(mean): inversion by sequential search for mean < 30 (exact); above, the normal
   * approximation with continuity correction (relative error O(1/√mean), used only for slot
   * counts of the fluid engine, where within-slot detail is smoothed anyway).
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) {
      let k = 0;
      let p = Math.exp(-mean);
      let cdf = p;
      const u = this.uniform();
      while (u > cdf && k < 1000) {
        k++;
        p *= mean / k;
        cdf += p;
      }
      return k;
    }
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }

  /**
   * Poisson(mean), exact for every mean: inversion by sequential search below 30; above, Hörmann's
   * PTRS transformed rejection (W. Hörmann, "The transformed rejection method for generating Poisson
   * random variables", Insurance: Mathematics and Economics 12, 1993), whose final test uses the
   * exact log pmf (Stirling series with tabulated corrections), so every value is drawn with its
   * Poisson probability. The event engine's leaps need exact counts; `poisson` above keeps its
   * normal approximation for the fluid engine's slot counts (and its random stream).
   */
  poissonExact(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 30) return this.poisson(mean);
    const smu = Math.sqrt(mean);
    const b = 0.931 + 2.53 * smu;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    const logMean = Math.log(mean);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - lnFactorial(k)) return k;
    }
  }

  /**
   * Binomial(n, p), exact: inversion (sequential search from 0) when n·min(p, 1−p) < 10, else
   * Hörmann's BTRS transformed rejection with squeeze (W. Hörmann, "The generation of binomial
   * random variates", J. Stat. Comput. Simul. 46, 1993), whose acceptance test uses the exact
   * log-ratio of binomial probabilities (Stirling series with tabulated corrections), so every
   * value is drawn with its binomial probability. O(1) expected uniforms per draw (≈ 2.3).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p < 10) {
      const q = 1 - p;
      const ratio = p / q;
      let k = 0;
      let prob = Math.exp(n * Math.log1p(-p));
      let cdf = prob;
      const u = this.uniform();
      while (u > cdf && k < n) {
        prob *= ((n - k) / (k + 1)) * ratio;
        k++;
        cdf += prob;
        if (prob === 0 && cdf < u) break; // u beyond the float64 total mass (≈ 1e-16): the last k with mass
      }
      return k;
    }
    return this.btrs(n, p);
  }

  private btrs(n: number, p: number): number {
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const r = p / (1 - p);
    const alpha = (2.83 + 5.1 / b) * spq;
    const m = Math.floor((n + 1) * p);
    const lpm = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
    for (;;) {
      const u = this.uniform() - 0.5;
      let v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      // log f(k) − log f(m), f the binomial pmf
      const bound =
        lpm +
        (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
        (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) -
        stirlingTail(k) -
        stirlingTail(n - k);
      if (v <= bound) return k;
    }
  }
}

/** ln k! − (ln √(2π) + (k + ½)·ln(k + 1) − (k + 1)): tabulated below 10, Stirling series above. */
const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
  0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];
function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k]!;
  const k1 = k + 1;
  const k1sq = k1 * k1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / k1sq) / k1sq) / k1;
}

/** ln k! (exact through the Stirling series with its tabulated corrections). */
function lnFactorial(k: number): number {
  return 0.9189385332046728 + (k + 0.5) * Math.log(k + 1) - (k + 1) + stirlingTail(k);
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
