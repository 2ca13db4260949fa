/**
 * Exact and numerical methods for a token bucket fed by Poisson arrivals
 * (throttle-model.md §4.2, §4.3). Preferred over Monte Carlo wherever their work budget allows.
 */

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(A = k) for A ~ Poisson(mean). */
export function poissonPmf(k: number, mean: number): number {
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(-mean + k * Math.log(mean) - lnGamma(k + 1));
}

/** Poisson probabilities 0..kMax where the upper tail beyond kMax is below 1e-16 (and kMax ≥ mean). */
export function poissonTable(mean: number): Float64Array {
  const values: number[] = [];
  let cum = 0;
  for (let k = 0; ; k++) {
    const p = poissonPmf(k, mean);
    values.push(p);
    cum += p;
    if (k > mean && (1 - cum < 1e-16 || p < 1e-300)) break;
  }
  return Float64Array.from(values);
}

/** Result of a window computation: P(any 429 in the window) and E[#429] with bounds. */
export interface WindowRisk {
  pAny: number;
  pAnyLow: number;
  pAnyHigh: number;
  e429: number;
  e429Low: number;
  e429High: number;
  /** How it was computed, for the report (e.g. "lattice DP m=16", "closed form"). */
  method: string;
}

export interface PoissonWindowInput {
  rate: number;
  burst: number;
  /** Arrival rate within the window, requests/s. */
  lambda: number;
  seconds: number;
  /** Tokens missing at the window start (0 = full bucket). */
  initialDeficit?: number;
  /** Elementary-operation budget; the lattice step m is lowered to fit. */
  budget?: number;
}

export const DEFAULT_DP_BUDGET = 3e7;

/**
 * P(any 429) and E[429] in a window with Poisson arrivals, by closed form where one exists,
 * else by the lattice DP of §4.2 with certified bounds: time is cut into slots of 1/(m·rate) s
 * (one 1/m-token refill per slot) and each slot's arrivals are moved to its start. With the
 * bucket threshold at b − 1 tokens this can only add 429s, with b − 1 − 1/m only remove them
 * (pairwise criterion §2.2), so the two runs bracket the continuous answer; the estimate is the
 * midpoint. Returns undefined if even m = 1 exceeds the budget (the caller falls back to sampling).
 */
export function poissonWindowRisk(input: PoissonWindowInput): WindowRisk | undefined {
  const { rate, burst, lambda, seconds } = input;
  const deficit = Math.min(burst, Math.max(0, input.initialDeficit ?? 0));
  const mean = lambda * seconds;
  if (mean <= 0) return exact(0, 0, 'closed form (no traffic)');
  const available = Math.floor(burst - deficit + 1e-9);
  if (burst < 1) return exact(1 - Math.exp(-mean), mean, 'closed form (burst < 1: every request is rejected)');
  if (rate === 0 || rate * seconds < 1e-12) {
    // no refill within the window: the (available+1)-th arrival is the first 429
    return exact(poissonTail(available + 1, mean), poissonExcess(available, mean), 'closed form (no refill in the window)');
  }
  const budget = input.budget ?? DEFAULT_DP_BUDGET;
  if (burst === 1 && deficit === 0) return burstOneWindow(rate, lambda, seconds, budget);
  for (let m = 64; m >= 1; m /= 2) {
    const slots = Math.ceil(seconds * rate * m);
    const table = poissonTable(lambda / (m * rate));
    const work = slots * (m * burst + 1) * Math.min(table.length, burst + 2);
    if (work > budget) continue;
    const d0 = deficit * m;
    const loose = latticeDp(m, Math.round(m * (burst - 1)), Math.floor(seconds * rate * m), table, Math.floor(d0));
    const tight = latticeDp(m, Math.round(m * (burst - 1)) - 1, slots, table, Math.ceil(d0));
    const pLow = 1 - loose.pOk;
    const pHigh = 1 - tight.pOk;
    const eLow = Math.min(loose.e429, tight.e429);
    const eHigh = Math.max(loose.e429, tight.e429);
    return {
      pAny: clamp01((pLow + pHigh) / 2),
      pAnyLow: clamp01(pLow),
      pAnyHigh: clamp01(pHigh),
      e429: (eLow + eHigh) / 2,
      e429Low: eLow,
      e429High: eHigh,
      method: `Poisson lattice DP (m=${m}, certified bounds)`,
    };
  }
  return undefined;
}

/**
 * burst = 1 from a full bucket: no 429 iff every gap between arrivals is ≥ 1/rate, so
 * P(no 429 in T) = Σₙ P(N = n)·(1 − (n − 1)/(rT))₊ⁿ (spacings of n uniform points, §4.0).
 * E[429] comes from the lattice run that can only add 429s (an upper value).
 */
function burstOneWindow(rate: number, lambda: number, seconds: number, budget: number): WindowRisk {
  const mean = lambda * seconds;
  const rt = rate * seconds;
  let pOk = 0;
  for (let n = 0; n <= rt + 1; n++) {
    const spacing = n <= 1 ? 1 : Math.pow(Math.max(0, 1 - (n - 1) / rt), n);
    pOk += poissonPmf(n, mean) * spacing;
  }
  let m = 64;
  while (m > 1 && Math.ceil(seconds * rate * m) * (m + 1) * 4 > budget) m /= 2;
  const e = latticeDp(m, 0, Math.ceil(seconds * rate * m), poissonTable(lambda / (m * rate)), 0).e429;
  const p = clamp01(1 - pOk);
  return { pAny: p, pAnyLow: p, pAnyHigh: p, e429: e, e429Low: e, e429High: e, method: `closed form (burst 1, spacings); E[429] lattice m=${m}` };
}

function exact(p: number, e: number, method: string): WindowRisk {
  return { pAny: p, pAnyLow: p, pAnyHigh: p, e429: e, e429Low: e, e429High: e, method };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** P(A ≥ k), A ~ Poisson(mean). */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  let cdf = 0;
  for (let j = 0; j < k; j++) cdf += poissonPmf(j, mean);
  return clamp01(1 - cdf);
}

/** E[(A − c)+], A ~ Poisson(mean). */
function poissonExcess(c: number, mean: number): number {
  // E[(A−c)+] = E[A] − c + Σ_{j<c} (c − j)·P(A = j)
  let below = 0;
  for (let j = 0; j < c; j++) below += (c - j) * poissonPmf(j, mean);
  return Math.max(0, mean - c + below);
}

/**
 * One lattice run: deficit D in 1/m-token units, admit while D ≤ thr (each admission adds m),
 * one unit drains per slot. Returns P(no 429 in `slots` slots) and E[#429].
 */
function latticeDp(m: number, thr: number, slots: number, pmf: Float64Array, d0: number): { pOk: number; e429: number } {
  if (thr < 0) return { pOk: Math.pow(pmf[0]!, slots), e429: Number.NaN };
  const aMax = pmf.length - 1;
  // tail[c] = P(A ≥ c); excess[c] = E[(A − c)+]
  const tail = new Float64Array(aMax + 2);
  const excess = new Float64Array(aMax + 2);
  for (let c = aMax; c >= 0; c--) {
    tail[c] = tail[c + 1]! + pmf[c]!;
    excess[c] = excess[c + 1]! + tail[c + 1]!;
  }
  const size = thr + m + 1;
  let all = new Float64Array(size);
  let ok = new Float64Array(size);
  let nAll = new Float64Array(size);
  let nOk = new Float64Array(size);
  const start = Math.min(d0, size - 1);
  all[start] = 1;
  ok[start] = 1;
  let dMax = start;
  let e429 = 0;
  for (let s = 0; s < slots; s++) {
    nAll.fill(0, 0, Math.min(size, dMax + m * (aMax + 1) + 1));
    nOk.fill(0, 0, Math.min(size, dMax + m * (aMax + 1) + 1));
    let newMax = 0;
    for (let d = 0; d <= dMax; d++) {
      const pa = all[d]!;
      if (pa === 0) continue;
      const po = ok[d]!;
      const cap = d <= thr ? Math.floor((thr - d) / m) + 1 : 0;
      const top = Math.min(cap - 1, aMax);
      for (let a = 0; a <= top; a++) {
        const w = pmf[a]!;
        const nd = d + m * a - 1 > 0 ? d + m * a - 1 : 0;
        nAll[nd]! += pa * w;
        nOk[nd]! += po * w;
        if (nd > newMax) newMax = nd;
      }
      if (cap <= aMax) {
        const nd = d + m * cap - 1 > 0 ? d + m * cap - 1 : 0;
        nAll[nd]! += pa * tail[cap]!;
        nOk[nd]! += po * pmf[cap]!;
        e429 += pa * excess[cap]!;
        if (nd > newMax) newMax = nd;
      }
    }
    dMax = newMax;
    [all, nAll] = [nAll, all];
    [ok, nOk] = [nOk, ok];
  }
  let pOk = 0;
  for (let d = 0; d <= dMax; d++) pOk += ok[d]!;
  return { pOk, e429 };
}

/**
 * Long-run 429 fraction of a bucket (rate r, integer burst b ≥ 1) under Poisson arrivals λ:
 * the bucket is an M/D/1/K loss system with K = b and ρ = λ/r (§2.2). Solved on the
 * departure-epoch embedded chain (states 0..K−1) with the subtraction-free GTH elimination,
 * then f = 1 − 1/(π₀ + ρ) (PASTA). Values below ~1e-12 are not resolvable in float64.
 * O(K³): callers keep K ≤ MD1K_MAX_K and use `diffusionLoss` above.
 */
export const MD1K_MAX_K = 400;

export function md1kLoss(rho: number, k: number): number {
  if (k < 1) return 1;
  if (rho <= 0) return 0;
  const n = k;
  const a = (j: number): number => (j < 0 ? 0 : poissonPmf(j, rho));
  // P[i][j]: from i waiting after a departure to j after the next one
  const p: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(n);
    let rowSum = 0;
    for (let j = 0; j < n - 1; j++) {
      row[j] = i === 0 ? a(j) : a(j - i + 1);
      rowSum += row[j]!;
    }
    row[n - 1] = Math.max(0, 1 - rowSum);
    p.push(row);
  }
  // GTH (Grassmann–Taksar–Heyman) state reduction
  for (let kk = n - 1; kk >= 1; kk--) {
    let s = 0;
    for (let j = 0; j < kk; j++) s += p[kk]![j]!;
    if (s === 0) continue;
    for (let i = 0; i < kk; i++) p[i]![kk]! /= s;
    for (let i = 0; i < kk; i++) {
      const pik = p[i]![kk]!;
      if (pik === 0) continue;
      for (let j = 0; j < kk; j++) p[i]![j]! += pik * p[kk]![j]!;
    }
  }
  const pi = new Float64Array(n);
  pi[0] = 1;
  for (let kk = 1; kk < n; kk++) {
    let v = 0;
    for (let i = 0; i < kk; i++) v += pi[i]! * p[i]![kk]!;
    pi[kk] = v;
  }
  let total = 0;
  for (const v of pi) total += v;
  const pi0 = pi[0]! / total;
  return Math.max(0, 1 - 1 / (pi0 + rho));
}

/**
 * Two-barrier reflected Brownian motion screen for the long-run 429 fraction (Berger & Whitt
 * 1992; throttle-model.md §4.3): drift λ − r, variance λ·I (I = index of dispersion of counts).
 * Accurate when the loss is not tiny; screening only.
 */
export function diffusionLoss(lambda: number, rate: number, burst: number, dispersion = 1): number {
  if (lambda <= 0) return 0;
  if (burst <= 0) return 1;
  const mu = lambda - rate;
  const sigma2 = lambda * dispersion;
  const theta = (2 * mu) / sigma2;
  const overflow = Math.abs(theta * burst) < 1e-9 ? sigma2 / (2 * burst) : mu / -Math.expm1(-theta * burst);
  return Math.min(1, Math.max(0, overflow / lambda));
}
