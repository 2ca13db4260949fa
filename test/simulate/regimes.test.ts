import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/commands/simulate.js';
import { runChain } from '../../src/models/throttling/chain.js';
import { forecastBucket, type ForecastOptions, DEFAULT_FORECAST } from '../../src/models/throttling/forecast.js';
import { simulateThrottling, type ThrottleSettings, type TrafficGrid } from '../../src/models/throttling/report.js';
import type { LimitsConfig } from '../../src/models/throttling/config.js';
import { agrees, oracle, propSe } from './oracle.js';

// Every regime of issue 11 against the independent event-level oracle in ./oracle.ts.
// Tolerance: 1 % relative or 3 standard errors (model and oracle combined), whichever is larger.

const opts = (seed = 1): ForecastOptions => ({ ...DEFAULT_FORECAST, k: Infinity, seed, samples: 2000 });
const combined = (...se: number[]): number => Math.sqrt(se.reduce((a, x) => a + x * x, 0));
/** Standard error of a model figure from its 95 % interval (0 for exact engines with a point value). */
const seOf = (f: { low: number; high: number }): number => (Number.isFinite(f.high - f.low) ? (f.high - f.low) / (2 * 1.96) : 0);

const LONG = 240_000;

function grid(periodSeconds: number, series: { route?: string; stage?: string; api?: string; counts: number[] }[]): TrafficGrid {
  return {
    startMs: Date.UTC(2024, 4, 1, 12),
    periodSeconds,
    nPeriods: series[0]!.counts.length,
    series: series.map((s) => ({ api: s.api, stage: s.stage, route: s.route, key: undefined })),
    counts: series.map((s) => Float64Array.from(s.counts)),
  };
}

const limitsWith = (
  account: { rate: number; burst: number },
  stages: LimitsConfig['stages'] = [],
  anyStage?: { rate: number; burst: number },
): LimitsConfig => ({
  region: 'us-east-1',
  account: { ...account, origin: 'flag' },
  stages,
  anyStage: anyStage ? { ...anyStage, origin: 'flag' } : undefined,
  usagePlans: [],
});

const settings = (over: Partial<ThrottleSettings> = {}): ThrottleSettings => ({
  model: { kind: 'poisson' },
  target: 0.01,
  seed: 1,
  samples: 2000,
  dpBudget: 1e7,
  debit: 'all-or-nothing',
  retries: undefined,
  maxRecommendations: 0,
  ...over,
});

/** The flash crowd (80 → 130 → 80 req/s over five minutes) against 100 / 2,000: one oracle run of 1,000 replicates serves both tests that need its truth. */
const FLASH = [80, 100, 130, 90, 80].map((r) => r * 60);
let flash: ReturnType<typeof oracle> | undefined;
const flashOracle = () =>
  (flash ??= oracle({
    buckets: [{ rate: 100, burst: 2000 }],
    chains: [[0]],
    periodSeconds: 60,
    counts: [FLASH],
    replicates: 1000,
    seed: 13,
  }));

describe('single bucket regimes vs the oracle', () => {
  test(
    'rate 1,000 / burst 5,000 at 107.5 % for one minute: P(any 429) ≈ 2.8 %, above a 1 % target',
    () => {
      const f = forecastBucket({ rate: 1000, burst: 5000 }, [64_500], 60, opts());
      const o = oracle({
        buckets: [{ rate: 1000, burst: 5000 }],
        chains: [[0]],
        periodSeconds: 60,
        counts: [[64_500]],
        replicates: 600,
        seed: 11,
      });
      const truth = o.hits[0]![0]! / o.replicates;
      const p = f.pAny[0]!;
      expect(f.engine).toBe('monte carlo');
      expect(agrees(p.est, truth, combined(seOf(p), propSe(o.hits[0]![0]!, o.replicates)))).toBe(true);
      expect(p.est).toBeGreaterThan(0.01); // the old engine printed 0 %
    },
    LONG,
  );

  test(
    'account 10,000 / 5,000 at 150 % for 1 s: P(any 429) ≈ 50 %',
    () => {
      const f = forecastBucket({ rate: 10_000, burst: 5000 }, [15_000], 1, opts());
      const o = oracle({
        buckets: [{ rate: 10_000, burst: 5000 }],
        chains: [[0]],
        periodSeconds: 1,
        counts: [[15_000]],
        replicates: 1000,
        seed: 12,
      });
      const truth = o.hits[0]![0]! / o.replicates;
      const p = f.pAny[0]!;
      expect(truth).toBeGreaterThan(0.4);
      expect(agrees(p.est, truth, combined(seOf(p), propSe(o.hits[0]![0]!, o.replicates)))).toBe(true);
      const e = f.total429;
      expect(agrees(e.est, o.total429[0]!.mean, combined(seOf(e), o.total429[0]!.se))).toBe(true);
    },
    LONG,
  );

  test(
    'flash crowd peaking at 130 req/s against 100 / 2,000 (five minutes, state carried)',
    () => {
      const counts = FLASH;
      const f = forecastBucket({ rate: 100, burst: 2000 }, counts, 60, opts());
      const o = flashOracle();
      for (let p = 0; p < counts.length; p++) {
        const truth = o.hits[0]![p]! / o.replicates;
        const x = f.pAny[p]!;
        expect(agrees(x.est, truth, combined(seOf(x), propSe(o.hits[0]![p]!, o.replicates))), `period ${p}: ${x.est} vs ${truth}`).toBe(
          true,
        );
      }
      expect(Math.max(...f.pAny.map((x) => x.est))).toBeGreaterThan(0.01); // the old engine printed 0 % [0 %, 4.5e-51 %]
    },
    LONG,
  );

  test(
    'sustained 100 % load for an hour (100 / 100, 60 one-minute periods): ≈ 1,783 429s, ≈ 0.61 per minute after the first',
    () => {
      const counts = new Array(60).fill(6000);
      const f = forecastBucket({ rate: 100, burst: 100 }, counts, 60, opts());
      const o = oracle({
        buckets: [{ rate: 100, burst: 100 }],
        chains: [[0]],
        periodSeconds: 60,
        counts: [counts],
        replicates: 100,
        seed: 14,
      });
      const e = f.total429;
      expect(agrees(e.est, o.total429[0]!.mean, combined(seOf(e), o.total429[0]!.se))).toBe(true);
      expect(e.est).toBeGreaterThan(1600); // not 890: state is carried across periods
      // per-minute risk after the first minute, pooled over minutes 2..60
      let hits = 0;
      let est = 0;
      for (let p = 1; p < 60; p++) {
        hits += o.hits[0]![p]!;
        est += f.pAny[p]!.est;
      }
      const n = 59 * o.replicates;
      const truth = hits / n;
      expect(truth).toBeGreaterThan(0.55);
      expect(agrees(est / 59, truth, combined(seOf(f.pAny[30]!) / Math.sqrt(59), propSe(hits, n) * 3))).toBe(true);
    },
    LONG,
  );
});

describe('the exact lattice chain vs the oracle', () => {
  test(
    'small bucket over three periods: carried state, every period and the total within tolerance; first period certified',
    () => {
      const lambdas = [8, 12, 9];
      const r = runChain({ rate: 10, burst: 5, periodSeconds: 10, lambdas, m: 8, maxWork: 1e9 })!;
      const o = oracle({
        buckets: [{ rate: 10, burst: 5 }],
        chains: [[0]],
        periodSeconds: 10,
        counts: [lambdas.map((l) => l * 10)],
        replicates: 20_000,
        seed: 15,
      });
      for (let p = 0; p < 3; p++) {
        const truth = o.hits[0]![p]! / o.replicates;
        const x = r.periods[p]!;
        const est = (x.pLow + x.pHigh) / 2;
        expect(agrees(est, truth, combined((x.pHigh - x.pLow) / 2, propSe(o.hits[0]![p]!, o.replicates))), `period ${p}`).toBe(true);
      }
      // the first period's bracket is a proof: the oracle's 99.9 % band must overlap it
      const t0 = o.hits[0]![0]! / o.replicates;
      const se0 = propSe(o.hits[0]![0]!, o.replicates);
      expect(r.periods[0]!.pLow).toBeLessThan(t0 + 3.3 * se0);
      expect(r.periods[0]!.pHigh).toBeGreaterThan(t0 - 3.3 * se0);
      const e = r.periods.reduce((a, x) => a + (x.eLow + x.eHigh) / 2, 0);
      expect(agrees(e, o.total429[0]!.mean, combined(0.01 * e, o.total429[0]!.se))).toBe(true);
    },
    LONG,
  );

  test('a long quiet period is skipped once stationary and stays bounded', () => {
    const r = runChain({ rate: 120, burst: 100, periodSeconds: 3600, lambdas: [100], m: 1, maxWork: 5e8 })!;
    expect(r.periods[0]!.pHigh).toBeLessThan(1e-9);
    expect(r.periods[0]!.pLow).toBeLessThanOrEqual(r.periods[0]!.pHigh);
    expect(r.work).toBeLessThan(5e8);
  });
});

describe('layers computed jointly', () => {
  test(
    'two stage buckets (80 / 20) under an account bucket (150 / 40): both debit rules agree with the oracle and differ from each other',
    () => {
      const g = grid(60, [
        { api: 'shop', stage: 'prod', route: 'GET /a', counts: [4500] },
        { api: 'shop', stage: 'prod', route: 'GET /b', counts: [4500] },
      ]);
      const limits = limitsWith({ rate: 150, burst: 40 }, [
        { api: 'shop', stage: 'prod', type: 'rest', default: { rate: 80, burst: 20, origin: 'file' }, routes: {} },
      ]);
      const totals: { e: number; se: number }[] = [];
      for (const debit of ['all-or-nothing', 'sequential'] as const) {
        const r = simulateThrottling(g, limits, settings({ debit }));
        const ids = r.buckets.map((b) => b.id);
        const chains = [
          [ids.indexOf('stage:shop/prod/GET /a'), ids.indexOf('account')],
          [ids.indexOf('stage:shop/prod/GET /b'), ids.indexOf('account')],
        ];
        const o = oracle({
          buckets: r.buckets.map((b) => ({ rate: b.rate, burst: b.burst })),
          chains,
          periodSeconds: 60,
          counts: [[4500], [4500]],
          debit,
          replicates: 2000,
          seed: 16,
        });
        r.buckets.forEach((b, j) => {
          expect(b.engine).toBe('monte carlo');
          const seE = (b.expected429High - b.expected429Low) / (2 * 1.96);
          expect(agrees(b.expected429, o.total429[j]!.mean, combined(seE, o.total429[j]!.se)), `${debit} ${b.id} E`).toBe(true);
          const seP = (b.peak.pAnyHigh - b.peak.pAnyLow) / (2 * 1.96);
          expect(
            agrees(b.peak.pAny, o.hits[j]![0]! / o.replicates, combined(seP, propSe(o.hits[j]![0]!, o.replicates))),
            `${debit} ${b.id} P`,
          ).toBe(true);
        });
        const stages = r.buckets.filter((b) => b.layer === 'stage');
        totals.push({
          e: stages.reduce((a, b) => a + b.expected429, 0),
          se: combined(...stages.map((b) => (b.expected429High - b.expected429Low) / (2 * 1.96))),
        });
      }
      // sequential: a request the account rejects has already taken a stage token, so the stages throttle more
      expect(totals[1]!.e - totals[0]!.e).toBeGreaterThan(3 * combined(totals[0]!.se, totals[1]!.se));
    },
    LONG,
  );
});

describe('recommendations are checked by the same engine', () => {
  test(
    'the sustained hour: each printed setting re-runs at or under the target, and the oracle agrees',
    () => {
      const g = grid(60, [{ counts: new Array(10).fill(6000) }]);
      const r = simulateThrottling(
        g,
        limitsWith({ rate: 10_000, burst: 5000 }, [], { rate: 100, burst: 100 }),
        settings({ maxRecommendations: 1 }),
      );
      const b = r.buckets.find((x) => x.layer === 'stage')!;
      const rec = b.recommendation!;
      expect(rec.rateAtCurrentBurst).toBeDefined();
      expect(rec.checked!.rate!).toBeLessThanOrEqual(0.01);
      const o = oracle({
        buckets: [{ rate: rec.rateAtCurrentBurst!, burst: 100 }],
        chains: [[0]],
        periodSeconds: 60,
        counts: [new Array(10).fill(6000)],
        replicates: 300,
        seed: 17,
      });
      const worst = Math.max(...o.hits[0]!) / o.replicates;
      expect(worst).toBeLessThanOrEqual(0.01 + 3 * propSe(Math.max(...o.hits[0]!), o.replicates));
    },
    LONG,
  );
});

describe('--fail-above-target follows the true risk', () => {
  const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd() };
  const base = {
    arrivals: 'poisson',
    dispersion: '25',
    target: '0.01',
    retries: 'none',
    maxAttempts: '3',
    layerDebit: 'all-or-nothing',
    seed: '1',
    samples: '1000',
    format: 'json',
    failAboveTarget: true,
  };
  const dir = mkdtempSync(join(tmpdir(), 'regimes-'));
  const csv = (name: string, counts: number[]): string => {
    const p = join(dir, name);
    writeFileSync(p, `timestamp,count\n${counts.map((c, i) => `2024-05-01T12:${String(i).padStart(2, '0')}:00Z,${c}`).join('\n')}\n`);
    return p;
  };
  test(
    'the flash crowd (true risk above 1 %) fails the gate; the same traffic against 1,000 / 5,000 passes',
    async () => {
      const traffic = csv('flash.csv', FLASH);
      const o = flashOracle();
      expect(Math.max(...o.hits[0]!) / o.replicates).toBeGreaterThan(0.01);
      const failing = await run({ ...base, traffic, rate: '100', burst: '2000' }, io);
      expect(failing.exitCode).toBe(1);
      const passing = await run({ ...base, traffic, rate: '1000', burst: '5000' }, io);
      expect(passing.exitCode).toBe(0);
    },
    LONG,
  );
});
