// Benchmarks for `apigw-plan simulate` (issue 6). Imports the compiled engine from dist/
// (run `npm run build` first). Exports benchSimulate() for bench/run.mjs; runnable alone:
//   node bench/simulate.mjs
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runHorizon } from '../dist/models/throttling/horizon.js';
import { simulateEvents } from '../dist/models/throttling/layered.js';
import { simulateThrottling } from '../dist/models/throttling/report.js';
import { readTraffic } from '../dist/traffic/series.js';
import { buildLimits, readLimitsFile } from '../dist/traffic/limits.js';

const ROOT = new URL('..', import.meta.url).pathname;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Deterministic synthetic counts (no Math.random: a fixed LCG), diurnal shape plus noise. */
function syntheticCounts(nSeries, nPeriods, periodSeconds, meanRps) {
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out = [];
  for (let s = 0; s < nSeries; s++) {
    // Float32Array: counts are whole numbers well below 2^24, half the memory of Float64Array
    const c = new Float32Array(nPeriods);
    const scale = meanRps * periodSeconds * (0.5 + next());
    for (let p = 0; p < nPeriods; p++) {
      const day = Math.sin((2 * Math.PI * p * periodSeconds) / 86400);
      c[p] = Math.round(scale * (1 + 0.6 * day) * (0.8 + 0.4 * next()));
    }
    out.push(c);
  }
  return out;
}

function timed(fn, runs) {
  const ms = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  return { medianMs: median(ms), result };
}

export async function benchSimulate() {
  const rows = [];
  // 1) 30 days of 1-minute counts, 1,000 series (one API key each), three layers:
  //    usage-plan key bucket per series → stage bucket per 100 series → one account bucket.
  {
    const nSeries = 1000;
    const nPeriods = 30 * 24 * 60;
    const counts = syntheticCounts(nSeries, nPeriods, 60, 5);
    const buckets = [{ rate: 10000, burst: 5000, rank: 3 }];
    for (let g = 0; g < 10; g++) buckets.push({ rate: 1000, burst: 500, rank: 2 });
    const chains = [];
    for (let s = 0; s < nSeries; s++) {
      buckets.push({ rate: 10, burst: 20, rank: 1 });
      chains.push([buckets.length - 1, 1 + (s % 10), 0]);
    }
    const input = { periodSeconds: 60, nPeriods, counts, buckets, chains, quotas: [], within: 'uniform', debit: 'all-or-nothing' };
    const { medianMs, result } = timed(() => runHorizon(input), 3);
    const steps = nSeries * nPeriods * 3;
    rows.push({
      name: 'horizon: 30 d × 1-min × 1,000 series × 3 layers',
      medianMs: Math.round(medianMs),
      targetMs: 2000,
      bucketStepsPerSecond: Math.round(steps / (medianMs / 1000)),
      throttled: Math.round(result.buckets.reduce((a, b) => a + b.rejected, 0)),
      peakRssMb: Math.round(rssMb()),
      targetRssMb: 512,
    });
  }
  // 2) one per-second series, 30 days, one bucket: fluid steps per second
  {
    const nPeriods = 30 * 86400;
    const counts = syntheticCounts(1, nPeriods, 1, 900);
    const input = {
      periodSeconds: 1,
      nPeriods,
      counts,
      buckets: [{ rate: 1000, burst: 500, rank: 3 }],
      chains: [[0]],
      quotas: [],
      within: 'uniform',
      debit: 'all-or-nothing',
    };
    const { medianMs } = timed(() => runHorizon(input), 3);
    rows.push({
      name: 'horizon: 1 per-second series, 30 d, 1 bucket',
      medianMs: Math.round(medianMs),
      bucketStepsPerSecond: Math.round(nPeriods / (medianMs / 1000)),
      peakRssMb: Math.round(rssMb()),
    });
  }
  // 3) event engine: explicit arrivals through one bucket (decisions per second)
  {
    const n = 2_000_000;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = i / 1100;
    const { medianMs } = timed(() => simulateEvents([{ rate: 1000, burst: 500 }], [[0]], times, undefined), 3);
    rows.push({
      name: 'event engine: 2M requests, 1 bucket',
      medianMs: Math.round(medianMs),
      bucketStepsPerSecond: Math.round(n / (medianMs / 1000)),
      peakRssMb: Math.round(rssMb()),
    });
  }
  // 4) the full pipeline (horizon pass, per-bin risks, settings search) on the orders example, with
  //    the settings `simulate` uses by default; a fresh process per run would add ~0.15 s of start-up.
  //    Before the fast paths (fluid Monte Carlo fallback for Poisson, inversion/normal binomials, no
  //    common random numbers): median 4,008 ms Poisson, 8,111 ms overdispersed k=4 (this 2-core machine).
  {
    const { grid } = readTraffic(`${ROOT}examples/traffic/orders-2h.csv`, undefined);
    const limits = buildLimits(readLimitsFile(`${ROOT}examples/limits/orders.yaml`), {});
    const base = {
      target: 0.01,
      seed: 1,
      samples: 2000,
      dpBudget: 1e7,
      debit: 'all-or-nothing',
      retries: undefined,
      maxRecommendations: 5,
    };
    for (const [label, model] of [
      ['poisson', { kind: 'poisson' }],
      ['overdispersed k=4', { kind: 'overdispersed', k: 4 }],
    ]) {
      // each run in a fresh module state would re-draw the samples; here the sample cache is warm after
      // the first run, so the first run is reported too
      const t0 = performance.now();
      const first = simulateThrottling(grid, limits, { ...base, model });
      const firstMs = performance.now() - t0;
      const { medianMs } = timed(() => simulateThrottling(grid, limits, { ...base, model }), 3);
      rows.push({
        name: `simulateThrottling: orders example (2 series × 120 min), ${label}`,
        medianMs: Math.round(medianMs),
        firstRunMs: Math.round(firstMs),
        busiestWindowPAny: Number(first.busiestWindowPAny.toPrecision(4)),
        peakRssMb: Math.round(rssMb()),
      });
    }
  }
  // 5) issue 11: one account-scale period (10,000 rps / burst 5,000, 60 s at 95 % load), Poisson,
  //    state carried, no settings search; and the settings search on one 3,600 s period.
  {
    const mk = (periodSeconds, counts, series) => ({
      startMs: Date.UTC(2024, 4, 1, 12),
      periodSeconds,
      nPeriods: counts.length,
      series: [series ?? { api: undefined, stage: undefined, route: undefined, key: undefined }],
      counts: [Float64Array.from(counts)],
    });
    const base = {
      model: { kind: 'poisson' },
      target: 0.01,
      seed: 1,
      samples: 2000,
      dpBudget: 1e7,
      debit: 'all-or-nothing',
      retries: undefined,
    };
    const account = {
      region: 'us-east-1',
      account: { rate: 10000, burst: 5000, origin: 'flag' },
      stages: [],
      anyStage: undefined,
      usagePlans: [],
    };
    for (const [name, grid, limits, maxRecommendations, targetMs] of [
      ['account scale: 10,000 / 5,000, one 60 s period at 95 %, no search', mk(60, [570000]), account, 0, 10000],
      ['account scale: 10,000 / 5,000, one 60 s period at 107.5 %, with the settings search', mk(60, [645000]), account, 5, 20000],
      [
        'settings search: one 3,600 s period at 95 rps against 100 / 100',
        mk(3600, [95 * 3600]),
        { ...account, anyStage: { rate: 100, burst: 100, origin: 'flag' } },
        5,
        10000,
      ],
    ]) {
      const t0 = performance.now();
      const r = simulateThrottling(grid, limits, { ...base, maxRecommendations });
      const ms = performance.now() - t0;
      const b = r.buckets[r.binding];
      rows.push({
        name,
        medianMs: Math.round(ms),
        targetMs,
        engine: b.engine,
        busiestWindowPAny: Number(r.busiestWindowPAny.toPrecision(4)),
        recommendation: b.recommendation
          ? JSON.stringify({ rate: b.recommendation.rateAtCurrentBurst, burst: b.recommendation.burstAtCurrentRate })
          : '',
        peakRssMb: Math.round(rssMb()),
        targetRssMb: 512,
      });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchSimulate()) console.log(JSON.stringify(row));
}
