/**
 * One token bucket fed by Poisson arrivals, period after period, with the bucket state carried
 * across periods (throttle-model.md §2.1 semantics: continuous refill, full at the start of the
 * traffic, a request needs one whole token, a 429 takes nothing).
 *
 * Method: a Markov chain on the deficit D = burst − tokens, counted in units of 1/m token. A slot
 * lasts 1/(m·rate) s, drains exactly one unit, and receives Poisson(λ/(m·rate)) arrivals at
 * uniformly spread instants. From a lattice state d (in units) every admission decision inside the
 * slot is exact: before the i-th arrival the deficit is d + m·(admitted so far) − δ with
 * 0 < δ < 1 unit, so it is admitted iff d + m·(admitted so far) ≤ m·(burst − 1), an integer test.
 * Likewise the end state d + m·admitted − 1 is exact whenever the deficit stays positive through
 * the slot (d ≥ 1). The one inexact step is a slot that starts with a full bucket (d = 0) and has
 * arrivals: the true end state lies in [m·j − 1, m·j] (j admitted). Two chains round it down
 * ('low') and up ('high'); a bucket with more deficit can only throttle sooner, so for any event
 * "no 429 from the start of the traffic until t" the two chains bracket the truth (proven: the
 * coupled systems admit the same requests until the first 429 of the higher-deficit one).
 * A rate with r·T·m not an integer uses ⌈·⌉ slots (more drain: 'low') and ⌊·⌋ slots (less drain:
 * 'high'), same argument.
 *
 * Per period it returns P(any 429 in the period) and E[429] from both chains; the start
 * distribution of each period is the end distribution of the previous one. Periods after the
 * first are not covered by the proof (state after a 429 is not ordered), so their [low, high] is a
 * discretisation spread, not a certificate; it shrinks as 1/m and is checked against an
 * independent event-level simulator in the tests.
 *
 * Work: slots × occupied states × arrivals per slot. Two devices keep long periods cheap:
 *   - the state vector is sparse (states whose probability underflows below 1e-300 are dropped);
 *   - within a period of constant rate, once the unconditional distribution is stationary to
 *     1e-12 (L1 change over one block; the truncated Poisson tails alone move ~1e-14) its remaining blocks are skipped: each adds the same E[429];
 *     the probability of no 429 decays by the killed chain's per-block factor, bracketed by the
 *     smallest and largest per-state ratio of successive "no 429 yet" vectors (Collatz–Wielandt:
 *     if x·P ≥ c·x elementwise for the non-negative killed transition P, then x·Pⁿ ≥ cⁿ·x), over
 *     the states holding at least 1e-12 of the largest state's mass (the rest is below the float
 *     resolution of the total).
 * The computation stops with `undefined` when its counted work exceeds `maxWork`.
 */

export interface ChainInput {
  rate: number;
  burst: number;
  periodSeconds: number;
  /** Arrival rate of each period, requests/s (NaN or ≤ 0: no arrivals in that period). */
  lambdas: ArrayLike<number>;
  /** Units per token (power of two). */
  m: number;
  /** Abort (return undefined) beyond this many inner-loop steps, summed over both chains. */
  maxWork: number;
  /** Stop early once this period's P(any 429) lower end exceeds `stopAbove` (a settings search asks only "≤ target?"). */
  stopAbove?: number;
}

export interface PeriodFigures {
  pLow: number;
  pHigh: number;
  eLow: number;
  eHigh: number;
}

export interface ChainResult {
  periods: PeriodFigures[];
  /** P(any 429 over all periods): [low, high] certified. */
  horizonLow: number;
  horizonHigh: number;
  m: number;
  work: number;
  /** True when the run stopped early (stopAbove); later periods are missing. */
  stopped: boolean;
}

const TINY = 1e-300;
const TAIL_EPS = 1e-17;

interface Pmf {
  p: Float64Array;
  /** tail[c] = P(c ≤ A ≤ aMax) */
  tail: Float64Array;
  /** excess[c] = E[(A − c)+; A ≤ aMax] */
  excess: Float64Array;
  aMax: number;
}

function poissonPmf(mean: number): Pmf {
  const vals: number[] = [];
  let p = Math.exp(-mean);
  let cum = 0;
  // mean is small in practice (≈ λ/(m·r)); for large means start from the log-space mode
  if (mean > 600) {
    // fall back to log-space evaluation
    for (let k = 0; ; k++) {
      const q = Math.exp(-mean + k * Math.log(mean) - lnFactorial(k));
      vals.push(q);
      cum += q;
      if (k > mean && (1 - cum < TAIL_EPS || q < TINY)) break;
    }
  } else {
    for (let k = 0; ; k++) {
      if (k > 0) p = (p * mean) / k;
      vals.push(p);
      cum += p;
      if (k >= mean && (1 - cum < TAIL_EPS || p < TINY)) break;
    }
  }
  const aMax = vals.length - 1;
  const pp = Float64Array.from(vals);
  const tail = new Float64Array(aMax + 2);
  const excess = new Float64Array(aMax + 2);
  for (let c = aMax; c >= 0; c--) {
    tail[c] = tail[c + 1]! + pp[c]!;
    excess[c] = excess[c + 1]! + tail[c + 1]!;
  }
  return { p: pp, tail, excess, aMax };
}

function lnFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** One chain's state: unconditional, "no 429 in this period yet", "no 429 since the start". */
class ChainState {
  all: Float64Array;
  ok: Float64Array;
  hok: Float64Array;
  nAll: Float64Array;
  nOk: Float64Array;
  nHok: Float64Array;
  lo = 0;
  hi = 0;
  /** log of the multiplicative bracket on hok accumulated by skipped blocks: hok true ∈ hok·[e^lo, e^hi] */
  hokLogLo = 0;
  hokLogHi = 0;
  constructor(size: number) {
    this.all = new Float64Array(size);
    this.ok = new Float64Array(size);
    this.hok = new Float64Array(size);
    this.nAll = new Float64Array(size);
    this.nOk = new Float64Array(size);
    this.nHok = new Float64Array(size);
    this.all[0] = 1;
    this.ok[0] = 1;
    this.hok[0] = 1;
  }
  swap(): void {
    [this.all, this.nAll] = [this.nAll, this.all];
    [this.ok, this.nOk] = [this.nOk, this.ok];
    [this.hok, this.nHok] = [this.nHok, this.hok];
  }
}

/**
 * Advance one chain by `slots` slots; returns E[429] over them and the work done.
 * `up`: round the full-bucket slot up (pessimistic) instead of down.
 */
function advance(st: ChainState, pmf: Pmf, m: number, thr: number, slots: number, up: boolean, trackOk: boolean): number {
  const size = st.all.length;
  const { p, tail, excess, aMax } = pmf;
  let e429 = 0;
  for (let s = 0; s < slots; s++) {
    const { all, ok, hok, nAll, nOk, nHok } = st;
    const lo = st.lo;
    const hi = st.hi;
    const clearTo = Math.min(size - 1, hi + m * (aMax + 1));
    const clearFrom = lo > 0 ? lo - 1 : 0;
    nAll.fill(0, clearFrom, clearTo + 1);
    if (trackOk) {
      nOk.fill(0, clearFrom, clearTo + 1);
      nHok.fill(0, clearFrom, clearTo + 1);
    }
    for (let d = lo; d <= hi; d++) {
      const pa = all[d]!;
      if (pa === 0) continue;
      const po = trackOk ? ok[d]! : 0;
      const ph = trackOk ? hok[d]! : 0;
      const cap = d <= thr ? Math.floor((thr - d) / m) + 1 : 0;
      const top = cap - 1 < aMax ? cap - 1 : aMax; // arrivals that are all admitted: 0..top
      if (d === 0) {
        // full bucket at the slot start: a = 0 stays at 0; a ≥ 1 ends in [m·a − 1, m·a]
        const w0 = p[0]!;
        nAll[0]! += pa * w0;
        if (trackOk) {
          nOk[0]! += po * w0;
          nHok[0]! += ph * w0;
        }
        const off = up ? 0 : -1;
        for (let a = 1; a <= top; a++) {
          const w = p[a]!;
          const t = m * a + off;
          nAll[t]! += pa * w;
          if (trackOk) {
            nOk[t]! += po * w;
            nHok[t]! += ph * w;
          }
        }
        if (cap <= aMax) {
          const t = m * cap + off;
          nAll[t]! += pa * tail[cap]!;
          e429 += pa * excess[cap]!;
          if (trackOk) {
            const w = p[cap]!;
            nOk[t]! += po * w;
            nHok[t]! += ph * w;
          }
        }
        continue;
      }
      const base = d - 1;
      for (let a = 0; a <= top; a++) {
        const w = p[a]!;
        const t = base + m * a;
        nAll[t]! += pa * w;
        if (trackOk) {
          nOk[t]! += po * w;
          nHok[t]! += ph * w;
        }
      }
      if (cap <= aMax) {
        // exactly cap admitted; a > cap rejects a − cap
        const t = base + m * cap;
        nAll[t]! += pa * tail[cap]!;
        e429 += pa * excess[cap]!;
        if (trackOk) {
          const w = p[cap]!;
          nOk[t]! += po * w;
          nHok[t]! += ph * w;
        }
      }
    }
    st.swap();
    // new band
    let nlo = clearFrom;
    let nhi = clearTo;
    const a2 = st.all;
    while (nhi > nlo && a2[nhi]! < TINY) {
      a2[nhi] = 0;
      st.ok[nhi] = 0;
      st.hok[nhi] = 0;
      nhi--;
    }
    while (nlo < nhi && a2[nlo]! < TINY) {
      a2[nlo] = 0;
      st.ok[nlo] = 0;
      st.hok[nlo] = 0;
      nlo++;
    }
    st.lo = nlo;
    st.hi = nhi;
  }
  return e429;
}

function mass(v: Float64Array, lo: number, hi: number): number {
  let s = 0;
  for (let d = lo; d <= hi; d++) s += v[d]!;
  return s;
}

/** Units per token and the chain sizes the budget allows; callers try finer m first. */
export function chainWorkEstimate(rate: number, burst: number, periodSeconds: number, nPeriods: number, m: number): number {
  return 2 * periodSeconds * nPeriods * rate * m * (m * burst + 1) * 4;
}

/**
 * Run both chains over all periods. Returns undefined if rate·T·m < 1 per period (use the closed
 * forms), burst < 1, or the work budget is exceeded.
 */
export function runChain(input: ChainInput): ChainResult | undefined {
  const { rate, burst, periodSeconds: T, lambdas, m } = input;
  if (!(rate > 0) || burst < 1 || !Number.isInteger(burst)) return undefined;
  const exactSlots = T * rate * m;
  const slotsLow = Math.ceil(exactSlots - 1e-9);
  const slotsHigh = Math.max(1, Math.floor(exactSlots + 1e-9));
  if (exactSlots < 1) return undefined;
  const thr = m * (burst - 1);
  const size = thr + m + 1;
  const low = new ChainState(size);
  const high = new ChainState(size);
  const n = lambdas.length;
  const periods: PeriodFigures[] = [];
  let work = 0;
  let stopped = false;
  const pmfCache = new Map<number, Pmf>();
  const pmfFor = (mean: number): Pmf => {
    let x = pmfCache.get(mean);
    if (!x) {
      x = poissonPmf(mean);
      if (pmfCache.size > 64) pmfCache.clear();
      pmfCache.set(mean, x);
    }
    return x;
  };
  for (let pi = 0; pi < n; pi++) {
    const lam = lambdas[pi]!;
    const lambda = Number.isFinite(lam) && lam > 0 ? lam : 0;
    const figs: number[] = [];
    for (const [st, slots, up] of [
      [low, slotsLow, false],
      [high, slotsHigh, true],
    ] as const) {
      const mean = (lambda * T) / slots;
      const pmf = pmfFor(mean);
      // this period's "no 429 yet" starts as the unconditional distribution
      st.ok.fill(0);
      st.ok.set(st.all.subarray(st.lo, st.hi + 1), st.lo);
      const block = Math.max(1, Math.min(slots, Math.round(rate * m * Math.max(0.25, Math.min(1, T / 8)))));
      let done = 0;
      let e429 = 0;
      let okLogLo = 0;
      let okLogHi = 0;
      let prevAll: Float64Array | undefined;
      let prevOk: Float64Array | undefined;
      let prevHok: Float64Array | undefined;
      let prevE = 0;
      while (done < slots) {
        const k = Math.min(block, slots - done);
        const band = st.hi - st.lo + 1;
        work += k * (band + m * (pmf.aMax + 1)) * Math.min(pmf.aMax + 2, burst + 1);
        if (work > input.maxWork) return undefined;
        // remember the block start for the stationarity test
        const lo0 = st.lo;
        const hi0 = st.hi;
        prevAll = st.all.slice();
        prevOk = st.ok.slice();
        prevHok = st.hok.slice();
        const e = advance(st, pmf, m, thr, k, up, true);
        e429 += e;
        done += k;
        if (k !== block || done >= slots) continue;
        // stationary? (only meaningful for full blocks of a constant-rate period)
        let diff = 0;
        const from = Math.min(lo0, st.lo);
        const to = Math.max(hi0, st.hi);
        for (let d = from; d <= to; d++) diff += Math.abs(st.all[d]! - prevAll[d]!);
        if (diff > 1e-12 || Math.abs(e - prevE) > 1e-12 * Math.max(1, e)) {
          prevE = e;
          continue;
        }
        const rest = Math.floor((slots - done) / block);
        if (rest < 2) {
          prevE = e;
          continue;
        }
        const okB = ratioBounds(prevOk, st.ok, from, to, rest);
        const hokB = ratioBounds(prevHok, st.hok, from, to, rest);
        if (!okB || !hokB) {
          prevE = e;
          continue;
        }
        // skip `rest` blocks: unconditional unchanged, E[429] adds `e` per block, ok/hok decay
        e429 += rest * e;
        done += rest * block;
        const midOk = Math.exp((okB.lo + okB.hi) / 2);
        const midHok = Math.exp((hokB.lo + hokB.hi) / 2);
        scale(st.ok, st.lo, st.hi, midOk ** rest);
        scale(st.hok, st.lo, st.hi, midHok ** rest);
        okLogLo += rest * (okB.lo - (okB.lo + okB.hi) / 2);
        okLogHi += rest * (okB.hi - (okB.lo + okB.hi) / 2);
        st.hokLogLo += rest * (hokB.lo - (hokB.lo + hokB.hi) / 2);
        st.hokLogHi += rest * (hokB.hi - (hokB.lo + hokB.hi) / 2);
        prevE = e;
      }
      const okMass = Math.min(1, mass(st.ok, st.lo, st.hi));
      // bracket from the skipped blocks: ok ∈ okMass·[e^okLogLo, e^okLogHi]
      figs.push(1 - Math.min(1, okMass * Math.exp(okLogHi)), 1 - okMass * Math.exp(okLogLo), e429);
    }
    // low chain gives the lower P, high chain the higher (from the start); take min/max for carried periods
    const [pl1, pl2, el] = figs as [number, number, number, number, number, number];
    const [ph1, ph2, eh] = figs.slice(3) as [number, number, number];
    const pLow = clamp01(Math.min(pl1, ph1));
    const pHigh = clamp01(Math.max(pl2, ph2));
    periods.push({ pLow, pHigh, eLow: Math.min(el, eh), eHigh: Math.max(el, eh) });
    if (input.stopAbove !== undefined && pLow > input.stopAbove) {
      stopped = pi < n - 1;
      break;
    }
  }
  const hLow = 1 - Math.min(1, mass(low.hok, low.lo, low.hi) * Math.exp(low.hokLogHi));
  const hHigh = 1 - mass(high.hok, high.lo, high.hi) * Math.exp(high.hokLogLo);
  return { periods, horizonLow: clamp01(Math.min(hLow, hHigh)), horizonHigh: clamp01(Math.max(hLow, hHigh)), m, work, stopped };
}

/** log of the min and max of cur[d]/prev[d] over states with prev mass; undefined if no state qualifies or all mass is gone. */
function ratioBounds(
  prev: Float64Array,
  cur: Float64Array,
  from: number,
  to: number,
  rest: number,
): { lo: number; hi: number } | undefined {
  let max = 0;
  for (let d = from; d <= to; d++) if (prev[d]! > max) max = prev[d]!;
  if (max < 1e-250) return { lo: 0, hi: 0 }; // nothing left to decay: P(no 429) is already 0 to float precision
  let lo = Infinity;
  let hi = -Infinity;
  for (let d = from; d <= to; d++) {
    const a = prev[d]!;
    const b = cur[d]!;
    if (a <= max * RATIO_FLOOR) {
      if (b > max * RATIO_FLOOR * 2) return undefined; // mass appeared where there was none: not settled
      continue;
    }
    const r = b / a;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  if (!(lo > 0) || hi > 1 + 1e-12) return undefined;
  // settled: the spread of ratios must be small (else keep iterating)
  if ((hi - lo) * rest > 1e-6 * hi) return undefined;
  return { lo: Math.log(lo), hi: Math.log(Math.min(1, hi)) };
}

/** States holding less than this share of the largest are left out of the ratio test (their mass is below float resolution of the total). */
const RATIO_FLOOR = 1e-12;

function scale(v: Float64Array, lo: number, hi: number, f: number): void {
  for (let d = lo; d <= hi; d++) v[d]! *= f;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
