import { describe, expect, it } from 'vitest';
import { type HorizonInput, runHorizon } from '../../src/models/throttling/horizon.js';
import { mulberry32 } from '../helpers/random.js';

/**
 * The horizon pass reads counts a block of periods at a time. With 1,200 series a block holds 54
 * periods, so 130 periods cross two block boundaries and end in a partial block. Checked against a
 * plain period-by-period reference of the fluid token bucket (written here, independently):
 * deficit x = Δ + a − r·T, 429s = max(0, x − b), next deficit clamp(x, 0, b).
 */
const SERIES = 1200;
const PERIODS = 130;
const T = 60;

function counts(): Float32Array[] {
  const rnd = mulberry32(99);
  return Array.from({ length: SERIES }, () => {
    const c = new Float32Array(PERIODS);
    for (let p = 0; p < PERIODS; p++) c[p] = rnd() < 0.02 ? Number.NaN : Math.floor(rnd() * 900);
    return c;
  });
}

function reference(cs: Float32Array[], rate: number, burst: number): { rejected: number[]; offered: number[]; gaps: number[] } {
  const rejected: number[] = [];
  const offered: number[] = [];
  const gaps: number[] = [];
  cs.forEach((c) => {
    let deficit = 0;
    let rej = 0;
    let off = 0;
    let gap = 0;
    for (let p = 0; p < PERIODS; p++) {
      const a = Number.isNaN(c[p]!) ? 0 : c[p]!;
      if (Number.isNaN(c[p]!)) gap++;
      off += a;
      const x = deficit + a - rate * T;
      const r = Math.max(0, x - burst);
      rej += r;
      deficit = Math.min(burst, Math.max(0, x - r));
    }
    rejected.push(rej);
    offered.push(off);
    gaps.push(gap);
  });
  return { rejected, offered, gaps };
}

describe('horizon pass across blocks of periods', () => {
  it('one bucket per series: every series matches the period-by-period reference', () => {
    const cs = counts();
    const input: HorizonInput = {
      periodSeconds: T,
      nPeriods: PERIODS,
      counts: cs,
      buckets: cs.map(() => ({ rate: 10, burst: 20, rank: 1 })),
      chains: cs.map((_, s) => [s]),
      quotas: [],
      within: 'uniform',
      debit: 'all-or-nothing',
    };
    const got = runHorizon(input);
    const want = reference(cs, 10, 20);
    expect(Array.from(got.seriesGaps)).toEqual(want.gaps);
    expect(Array.from(got.seriesOffered)).toEqual(want.offered);
    for (let s = 0; s < SERIES; s++) {
      expect(got.buckets[s]!.rejected).toBeCloseTo(want.rejected[s]!, 6);
      expect(got.seriesRejected[s]).toBeCloseTo(want.rejected[s]!, 6);
    }
    expect(want.rejected.filter((r) => r > 0).length).toBeGreaterThan(SERIES / 2);
  });

  it('one bucket shared by every series: its 429s and peak period match the reference of the summed counts', () => {
    const cs = counts();
    const sum = new Float32Array(PERIODS);
    for (const c of cs) for (let p = 0; p < PERIODS; p++) if (!Number.isNaN(c[p]!)) sum[p] = sum[p]! + c[p]!;
    const rate = 8000;
    const burst = 5000;
    const got = runHorizon({
      periodSeconds: T,
      nPeriods: PERIODS,
      counts: cs,
      buckets: [{ rate, burst, rank: 1 }],
      chains: cs.map(() => [0]),
      quotas: [],
      within: 'uniform',
      debit: 'all-or-nothing',
    });
    const want = reference([sum], rate, burst);
    let peak = 0;
    for (let p = 1; p < PERIODS; p++) if (sum[p]! > sum[peak]!) peak = p;
    expect(got.buckets[0]!.offered).toBeCloseTo(want.offered[0]!, 3);
    expect(got.buckets[0]!.rejected).toBeCloseTo(want.rejected[0]!, 3);
    expect(want.rejected[0]).toBeGreaterThan(0);
    expect(got.buckets[0]!.peakPeriod).toBe(peak);
  });
});
