// Benchmark for `apigw-plan forecast` (issue 17): the pure model (fit, backtest, simulated paths,
// crossing percentiles) over 1,000 synthetic daily series, with the command's defaults (128 paths,
// DEFAULT_PATHS; 12-month horizon, 80 % intervals). Imports the compiled model from dist/ (run `npm run build`
// first). Exports benchForecast() for bench/run.mjs; runnable alone: node bench/forecast.mjs
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PATHS } from '../dist/commands/forecast-options.js';
import { forecast } from '../dist/models/forecast/forecast.js';

const SERIES = 1000;
const DAYS = 180;
const TARGET_MS = 2000;
const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;

/** Deterministic synthetic histories (a fixed LCG, no Math.random): growth, weekday pattern, noise, peaks. */
function histories() {
  let x = 4242;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const week = [1.1, 1.14, 1.12, 1.1, 1.03, 0.78, 0.73];
  const out = [];
  for (let s = 0; s < SERIES; s++) {
    const growth = Math.log(1 + 0.02 + 0.1 * next()) / (730 / 24);
    const start = 1e6 * (1 + 50 * next());
    const totals = new Float64Array(DAYS);
    const peaks = new Float64Array(DAYS);
    for (let t = 0; t < DAYS; t++) {
      const noise = Math.exp(0.1 * (next() + next() + next() - 1.5));
      totals[t] = start * Math.exp(growth * t) * week[(FIRST_DAY + t + 3) % 7] * noise;
      peaks[t] = (totals[t] / 86400) * (3 + next());
    }
    out.push({ firstDay: FIRST_DAY, totals, peaks });
  }
  return out;
}

const THRESHOLDS = [
  {
    id: 'price-tier:rest:333000000',
    kind: 'price-tier',
    label: 'REST 333M',
    measure: 'monthly-requests',
    value: 333e6,
    needsIncrease: false,
    source: 'bench',
  },
  {
    id: 'price-tier:rest:1000000000',
    kind: 'price-tier',
    label: 'REST 1B',
    measure: 'monthly-requests',
    value: 1e9,
    needsIncrease: false,
    source: 'bench',
  },
  {
    id: 'account-throttle',
    kind: 'account-throttle',
    label: 'account 10,000 rps',
    measure: 'daily-peak-rps',
    value: 10000,
    needsIncrease: true,
    source: 'bench',
  },
  {
    id: 'usage-plan-quota:p',
    kind: 'usage-plan-quota',
    label: 'quota',
    measure: 'daily-requests',
    value: 5e7,
    needsIncrease: false,
    source: 'bench',
  },
];

export async function benchForecast() {
  const hs = histories();
  const runOnce = () => {
    let crossed = 0;
    for (let i = 0; i < hs.length; i++) {
      const r = forecast({
        history: hs[i],
        today: FIRST_DAY + DAYS - 1,
        horizonDays: 365,
        thresholds: THRESHOLDS,
        seed: i + 1,
        paths: DEFAULT_PATHS,
        interval: 0.8,
        leadTimeDays: 14,
      });
      crossed += r.crossings.filter((c) => c.status === 'crossed').length;
    }
    return crossed;
  };
  runOnce(); // warm-up: JIT
  const samples = [];
  const cpu = [];
  let crossed = 0;
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    crossed = runOnce();
    samples.push(Math.round(performance.now() - t0));
    cpu.push(Math.round((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return [
    {
      name: `forecast ${SERIES} series × ${DAYS} days, ${DEFAULT_PATHS} paths, 12 months`,
      medianMs: sorted[1],
      cpuMs: [...cpu].sort((a, b) => a - b)[1],
      samples,
      crossed,
      targetMs: TARGET_MS,
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await benchForecast());
