/**
 * Exact and numerical methods for a token bucket fed by Poisson arrivals
 * (the token-bucket semantics of https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).
 * Preferred over Monte Carlo wherever their work budget allows.
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
 * Below this certified upper bound P(any 429) is reported as 0 (with the bound as the interval's
 * upper end): float64 cannot resolve 1 − P(no 429) below ~1e-13 anyway.
 */
export const NEGLIGIBLE_P = 1e-12;

/**
 * P(any 429) and E[429] in a window with Poisson arrivals, by closed form where one exists,
 * else a certified zero-risk screen, else the lattice DP of §4.2 with certified bounds.
 *
 * Screen (`poissonRiskBound`): a proven upper bound; when it is below NEGLIGIBLE_P the window is
 * reported as P = 0 with that bound, no DP and no sampling.
 *
 * Lattice: the deficit is counted in units of 1/m token and each slot of g/(m·rate) s refills g
 * units; each slot's arrivals are moved to its start (m = 1…64 with g = 1 is the §4.2 lattice;
 * g > 1 with m = 1 is a coarser lattice for large windows). Moving an arrival shifts r·Δt by less
 * than g units, so by the pairwise criterion (§2.2) the run with admission threshold
 * m(b − 1) + g − 1 can only remove 429s and the run with m(b − 1) − g can only add them: the two
 * runs bracket the continuous answer; the estimate is the midpoint. The finest lattice whose
 * counted work fits the budget is used. Returns undefined if none fits (the caller samples).
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
  const screen = poissonRiskBound(rate, burst, lambda, seconds, deficit);
  if (screen.pHigh <= NEGLIGIBLE_P) {
    return {
      pAny: 0,
      pAnyLow: 0,
      pAnyHigh: screen.pHigh,
      e429: 0,
      e429Low: 0,
      e429High: screen.eHigh,
      method: `certified bound (Chernoff tails over ${screen.cells} sub-windows, union bound): P(any 429) ${screen.pHigh > 0 ? `≤ ${screen.pHigh.toExponential(1)}` : '< 1e-300'}`,
    };
  }
  if (burst === 1 && deficit === 0) return burstOneWindow(rate, lambda, seconds, budget);
  for (const lattice of latticeCandidates(burst)) {
    const r = latticeWindow(input, lattice, 2 * budget);
    if (r === 'over-budget') continue;
    if (r) return { ...r, pAnyHigh: Math.min(r.pAnyHigh, screen.pHigh) };
  }
  return undefined;
}

/**
 * Cheap certified brackets before the full computation, for a yes/no question (the settings
 * search asks "is P(any 429) ≤ target?" of the value `poissonWindowRisk` would report as its upper
 * end). A coarse lattice brackets the same continuous quantity, so when its interval lies wholly
 * on one side of the target the answer is the one the finer lattice would give (its upper end
 * is ≥ the true value ≥ the coarse lower end, and ≤ … the coarse upper end). Returns undefined
 * when no coarse bracket decides.
 */
export function poissonDecides(input: PoissonWindowInput, target: number): boolean | undefined {
  const { rate, burst, lambda, seconds } = input;
  if (lambda * seconds <= 0 || burst < 2 || rate === 0 || rate * seconds < 1e-12) return undefined;
  const deficit = Math.min(burst, Math.max(0, input.initialDeficit ?? 0));
  if (poissonRiskBound(rate, burst, lambda, seconds, deficit).pHigh <= Math.min(target, NEGLIGIBLE_P)) return true;
  const budget = input.budget ?? DEFAULT_DP_BUDGET;
  // coarsest first; at most three cheap runs (each brackets the same continuous value)
  let tries = 0;
  for (const lattice of [...latticeCandidates(burst)].reverse()) {
    if (tries >= 3) break;
    const r = latticeWindow(input, lattice, Math.min(2 * budget, 3e6));
    if (r === 'over-budget' || !r) continue;
    tries++;
    if (r.pAnyHigh <= target) return true;
    if (r.pAnyLow > target) return false;
  }
  return undefined;
}

/** Both lattice runs at one (m, g); 'over-budget' when their counted work exceeds `maxWork`. */
function latticeWindow(
  input: PoissonWindowInput,
  { m, g }: { m: number; g: number },
  maxWork: number,
): WindowRisk | 'over-budget' | undefined {
  const { rate, burst, lambda, seconds } = input;
  const deficit = Math.min(burst, Math.max(0, input.initialDeficit ?? 0));
  const slotsTight = Math.ceil((seconds * rate * m) / g - 1e-9);
  const slotsLoose = Math.floor((seconds * rate * m) / g + 1e-9);
  const thrLoose = Math.round(m * (burst - 1)) + g - 1;
  const thrTight = Math.round(m * (burst - 1)) - g;
  if (thrTight < 0) return undefined;
  const table = truncatedPoisson(lambda * (g / (m * rate)), Math.max(slotsTight, 1));
  const work = slotsLoose * slotWork(thrLoose, m, table.length - 1) + slotsTight * slotWork(thrTight, m, table.length - 1);
  if (work > maxWork) return 'over-budget';
  const d0 = deficit * m;
  const loose = latticeDp(m, g, thrLoose, slotsLoose, table, Math.floor(d0 + 1e-9), 'loose');
  const tight = latticeDp(m, g, thrTight, slotsTight, table, Math.ceil(d0 - 1e-9), 'tight');
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
    method: `Poisson lattice DP (${g === 1 ? `m=${m}` : `slots of ${g} tokens`}, certified bounds)`,
  };
}

/** Lattices from the finest to the coarsest: (m units per token, g units refilled per slot). */
function* latticeCandidates(burst: number): Generator<{ m: number; g: number }> {
  for (let m = 64; m >= 1; m /= 2) yield { m, g: 1 };
  for (const g of [2, 3, 4, 6, 8, 12, 16, 24, 32]) if (g <= Math.max(1, burst / 8)) yield { m: 1, g };
}

/** Inner-loop iterations of one lattice slot: Σ_d min(admissible arrivals + 1, table length), plus the overflow terms. */
function slotWork(thr: number, m: number, aMax: number): number {
  let w = 0;
  for (let d = 0; d <= thr; d++) w += Math.min(Math.floor((thr - d) / m) + 1, aMax + 1) + 1;
  return w + m;
}

/**
 * Poisson probabilities 0..aMax with the tail beyond aMax below 1e-13 / slots (so the truncation
 * moves at most 1e-13 of probability over the whole window); the DP keeps the bounds certified by
 * killing the tail in the run that bounds P(any 429) from above and dropping it (fewer arrivals)
 * in the run that bounds it from below.
 */
function truncatedPoisson(mean: number, slots: number): Float64Array {
  const eps = 1e-13 / slots;
  const values: number[] = [];
  let cum = 0;
  let p = Math.exp(-mean);
  for (let k = 0; ; k++) {
    if (k > 0) p = k < 50 && mean < 50 ? (p * mean) / k : poissonPmf(k, mean);
    values.push(p);
    cum += p;
    if (k >= mean && (1 - cum < eps || p < 1e-300)) break;
  }
  return Float64Array.from(values);
}

/**
 * Certified upper bounds on P(any 429) and E[429] in [0, T] for Poisson(λ) arrivals, bucket
 * (rate r, burst b) with `deficit` tokens missing at the start (a0 = b − deficit available).
 * A 429 needs an interval [s, t] with N[s, t] > a0 + r·(t − s) (pairwise criterion §2.2, with the
 * initial deficit as a pair with time 0). Cut [0, T] into n cells of length h: an interval touching
 * k consecutive cells holds at most their count M_k ~ Poisson(λkh) and is at least (k − 2)h long,
 * so P(any 429) ≤ Σ_k (n − k + 1)·P(M_k ≥ ⌊a0 + r·max(0, k − 2)·h⌋ + 1) (union bound), each tail
 * bounded by Chernoff: P(X ≥ c) ≤ exp(c − μ − c·ln(c/μ)) for c > μ. For E[429] ≤ E[N·1{any}]:
 * per window, E[N·1{M ≥ c}] = λ(T − kh)·P(M ≥ c) + μ·P(M ≥ c − 1). The best of a few n is kept.
 */
export function poissonRiskBound(
  rate: number,
  burst: number,
  lambda: number,
  seconds: number,
  deficit = 0,
): { pHigh: number; eHigh: number; cells: number } {
  const a0 = burst - deficit;
  let best = { pHigh: 1, eHigh: lambda * seconds, cells: 1 };
  if (a0 < 1 || lambda <= 0) return best;
  // cells short enough that two of them hold well under a burst of arrivals (long horizons)
  const fine = Math.min(1_000_000, Math.ceil((4 * lambda * seconds) / Math.max(1, a0)));
  const sizes = [8, 32, 128, 512, 2048];
  if (fine > 2048) sizes.push(fine);
  for (const n of sizes) {
    const h = seconds / n;
    let p = 0;
    let e = 0;
    for (let k = 1; k <= n && p <= best.pHigh; k++) {
      const mu = lambda * k * h;
      const c = Math.floor(a0 + rate * Math.max(0, k - 2) * h) + 1;
      const t1 = chernoffTail(c, mu);
      if (t1 >= 1) {
        p = 1;
        break;
      }
      p += (n - k + 1) * t1;
      e += (n - k + 1) * (lambda * (seconds - k * h) * t1 + mu * chernoffTail(c - 1, mu));
    }
    if (p < best.pHigh) best = { pHigh: Math.min(1, p), eHigh: Math.min(e, lambda * seconds), cells: n };
  }
  return best;
}

/** Chernoff bound on P(X ≥ c), X ~ Poisson(μ): exp(c − μ − c·ln(c/μ)) for c > μ, else 1. */
function chernoffTail(c: number, mu: number): number {
  if (c <= mu) return 1;
  return Math.exp(c - mu - c * Math.log(c / mu));
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
    const spacing = n <= 1 ? 1 : Math.max(0, 1 - (n - 1) / rt) ** n;
    pOk += poissonPmf(n, mean) * spacing;
  }
  let m = 64;
  while (m > 1 && Math.ceil(seconds * rate * m) * (m + 1) * 4 > budget) m /= 2;
  const e = latticeDp(m, 1, 0, Math.ceil(seconds * rate * m), poissonTable(lambda / (m * rate)), 0, 'tight').e429;
  const p = clamp01(1 - pOk);
  return {
    pAny: p,
    pAnyLow: p,
    pAnyHigh: p,
    e429: e,
    e429Low: e,
    e429High: e,
    method: `closed form (burst 1, spacings); E[429] lattice m=${m}`,
  };
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
 * g units drain per slot. Returns P(no 429 in `slots` slots) and E[#429]. `pmf` is truncated: in
 * the 'tight' run the missing tail counts as a 429 (P(no 429) can only go down), in the 'loose'
 * run as no arrival (it can only go up), so both runs stay bounds.
 */
function latticeDp(
  m: number,
  g: number,
  thr: number,
  slots: number,
  pmf: Float64Array,
  d0: number,
  kind: 'loose' | 'tight',
): { pOk: number; e429: number } {
  if (thr < 0) return { pOk: pmf[0]! ** slots, e429: Number.NaN };
  const aMax = pmf.length - 1;
  // tail[c] = P(c ≤ A ≤ aMax); excess[c] = E[(A − c)+; A ≤ aMax]
  const tail = new Float64Array(aMax + 2);
  const excess = new Float64Array(aMax + 2);
  for (let c = aMax; c >= 0; c--) {
    tail[c] = tail[c + 1]! + pmf[c]!;
    excess[c] = excess[c + 1]! + tail[c + 1]!;
  }
  const missing = Math.max(0, 1 - tail[0]!);
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
    const clear = Math.min(size, dMax + m * (aMax + 1) + 1);
    nAll.fill(0, 0, clear);
    nOk.fill(0, 0, clear);
    let newMax = 0;
    for (let d = 0; d <= dMax; d++) {
      const pa = all[d]!;
      if (pa === 0) continue;
      const po = ok[d]!;
      const cap = d <= thr ? Math.floor((thr - d) / m) + 1 : 0;
      const top = cap - 1 < aMax ? cap - 1 : aMax;
      const base = d - g;
      let a = 0;
      // arrivals that leave the bucket full after the slot's refill
      for (; a <= top && base + m * a <= 0; a++) {
        const w = pmf[a]!;
        nAll[0]! += pa * w;
        nOk[0]! += po * w;
      }
      for (; a <= top; a++) {
        const w = pmf[a]!;
        const nd = base + m * a;
        nAll[nd]! += pa * w;
        nOk[nd]! += po * w;
      }
      if (top >= 0 && base + m * top > newMax) newMax = base + m * top;
      if (cap <= aMax) {
        const nd = d + m * cap - g > 0 ? d + m * cap - g : 0;
        nAll[nd]! += pa * tail[cap]!;
        nOk[nd]! += po * pmf[cap]!;
        e429 += pa * excess[cap]!;
        if (nd > newMax) newMax = nd;
      }
      if (kind === 'loose' && missing > 0) {
        // the truncated tail as "no arrival in this slot"
        const nd = base > 0 ? base : 0;
        nAll[nd]! += pa * missing;
        nOk[nd]! += po * missing;
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
 * 1992): drift λ − r, variance λ·I (I = index of dispersion of counts).
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
