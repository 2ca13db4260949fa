// Monte Carlo error of `apigw-plan forecast` (issue 17): how far the reported percentiles move between
// seeds at a given --paths, measured against a 16,384-path reference. Six synthetic histories (180 days,
// 8 % growth a month, weekly pattern, 5 % log-normal daily noise, a peak-to-average ratio per day; independent
// days, so the weekly engine runs; with --ar, AR(1) noise with phi = 0.4, so the daily one); for each, 100 seeds
// at each path count. Reported per quantity: the root
// mean square difference of the 10th / 50th / 90th percentiles from the reference's (crossing dates in days,
// as printed; monthly requests in %), and the reference's 80 % interval width.
// Imports the compiled model from dist/ (run `npm run build` first). Runs in about half a minute:
//   node bench/mc-error.mjs [--ar] [--interval 80] [paths ...]      (default: 128 250 500)
import { pathToFileURL } from 'node:url';
import { forecast } from '../dist/models/forecast/forecast.js';

const FIRST_DAY = Date.UTC(2026, 5, 1) / 86_400_000;
const DAYS = 180;
const WEEKDAY = [1.12, 1.15, 1.13, 1.1, 1.02, 0.75, 0.73];
const REFERENCE_PATHS = 16_384;
const SEEDS = 100;

/** The histories' own generator (a fixed LCG, as bench/forecast.mjs; not the model's). */
function lcg(seed) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function history(seed, phi) {
  const u = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const b = Math.log(1.08) / (730 / 24);
  const start = 8e6 * (1 + u());
  const totals = new Float64Array(DAYS);
  const peaks = new Float64Array(DAYS);
  let e = 0.05 * normal();
  for (let t = 0; t < DAYS; t++) {
    if (t > 0) e = phi * e + 0.05 * Math.sqrt(1 - phi * phi) * normal();
    const dow = (FIRST_DAY + t + 3) % 7;
    totals[t] = start * Math.exp(b * t) * WEEKDAY[dow] * Math.exp(e);
    peaks[t] = (totals[t] / 86400) * 3 * Math.exp(0.1 * normal());
  }
  return { firstDay: FIRST_DAY, totals, peaks };
}

/** Thresholds about 2 months (monthly requests) and 6 months (daily peak) beyond the history's level. */
function thresholds(h) {
  let month = 0;
  for (let t = DAYS - 28; t < DAYS; t++) month += h.totals[t];
  month *= 730 / 24 / 28;
  let peak = 0;
  for (let t = DAYS - 28; t < DAYS; t++) peak = Math.max(peak, h.peaks[t]);
  return [
    {
      id: 'tier',
      kind: 'price-tier',
      label: 'tier',
      measure: 'monthly-requests',
      value: month * 1.08 ** 2,
      needsIncrease: false,
      source: 'mc',
    },
    {
      id: 'throttle',
      kind: 'account-throttle',
      label: 'throttle',
      measure: 'daily-peak-rps',
      value: peak * 1.08 ** 6,
      needsIncrease: true,
      source: 'mc',
    },
  ];
}

function run(h, ths, paths, seed, interval) {
  const r = forecast({
    history: h,
    today: FIRST_DAY + DAYS - 1,
    horizonDays: 365,
    thresholds: ths,
    seed,
    paths,
    interval,
    leadTimeDays: 14,
  });
  const band = (b) => [b.lo, b.mid, b.hi];
  return {
    tier: [r.crossings[0].lo, r.crossings[0].mid, r.crossings[0].hi],
    throttle: [r.crossings[1].lo, r.crossings[1].mid, r.crossings[1].hi],
    month3: band(r.months[2].requests),
    month12: band(r.months[11].requests),
  };
}

const QUANTITIES = [
  ['tier', '333M-style tier crossing, 2 months out', 'days'],
  ['throttle', 'daily-peak throttle crossing, 6 months out', 'days'],
  ['month3', 'requests in the 3rd month', '%'],
  ['month12', 'requests in the 12th month', '%'],
];

/** phi: the histories' AR(1) noise coefficient (0: independent days, the weekly engine; 0.4: the daily one). */
export function mcError(pathCounts, phi = 0, interval = 0.8) {
  const sums = new Map(pathCounts.map((p) => [p, Object.fromEntries(QUANTITIES.map(([k]) => [k, [0, 0, 0]]))]));
  const widths = Object.fromEntries(QUANTITIES.map(([k]) => [k, []]));
  let missing = 0;
  for (let hi = 0; hi < 6; hi++) {
    const h = history(1000 + hi, phi);
    const ths = thresholds(h);
    const ref = run(h, ths, REFERENCE_PATHS, 7, interval);
    for (const [k, , unit] of QUANTITIES)
      widths[k].push(unit === '%' ? (100 * (ref[k][2] - ref[k][0])) / ref[k][1] : ref[k][2] - ref[k][0]);
    for (const p of pathCounts) {
      for (let s = 0; s < SEEDS; s++) {
        const got = run(h, ths, p, 101 + s, interval);
        for (const [k, , unit] of QUANTITIES) {
          for (let i = 0; i < 3; i++) {
            if (got[k][i] === undefined || ref[k][i] === undefined) {
              missing++;
              continue;
            }
            const d = unit === '%' ? (100 * (got[k][i] - ref[k][i])) / ref[k][i] : got[k][i] - ref[k][i];
            sums.get(p)[k][i] += d * d;
          }
        }
      }
    }
  }
  const n = 6 * SEEDS;
  const rows = QUANTITIES.map(([k, label, unit]) => {
    const w = widths[k].reduce((a, b) => a + b, 0) / widths[k].length;
    const cells = pathCounts.map((p) =>
      sums
        .get(p)
        [k].map((s) => Math.sqrt(s / n).toFixed(2))
        .join(' / '),
    );
    return {
      quantity: label,
      unit,
      meanWidth: Number(w.toFixed(unit === '%' ? 1 : 1)),
      rms: Object.fromEntries(pathCounts.map((p, i) => [p, cells[i]])),
    };
  });
  return { rows, missing };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const ar = args.includes('--ar');
  const at = args.indexOf('--interval');
  const interval = at >= 0 ? Number(args[at + 1]) / 100 : 0.8;
  const counts = args.filter((a, i) => a !== '--ar' && a !== '--interval' && !(at >= 0 && i === at + 1)).map(Number);
  const { rows, missing } = mcError(counts.length ? counts : [128, 250, 500], ar ? 0.4 : 0, interval);
  if (ar) console.log('histories with AR(1) noise, phi = 0.4 (the daily engine)');
  const level = `${Math.round(interval * 100)} %`;
  console.table(rows.map((r) => ({ quantity: `${r.quantity} (${r.unit}; ${level} width ${r.meanWidth})`, ...r.rms })));
  if (missing) console.log(`${missing} percentile(s) beyond the horizon were left out`);
}
