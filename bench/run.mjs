// apigw-plan benchmarks. `npm run bench` builds first, then runs every bench below;
// `node bench/run.mjs startup` runs only the named ones. Plain Node ESM, built-ins only.
//
// Benchmarks inform, they do not gate: the exit code is 0 whether targets are met (PASS)
// or not (MISS), and when a benched command fails (FAILED). Only a bad argument or BENCH_*
// value (2) or a crash of a bench itself (1) exits non-zero.
//
// Environment: BENCH_RUNS timed runs per command (default 15), BENCH_WARMUPS untimed
// runs first (default 2). Results go to bench/results/<bench>.json (git-ignored).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleLogArgs, readModuleLog } from './module-log.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const CLI = 'bin/apigw-plan.js';

/**
 * Every bench: a name (CLI argument and results file name), what it measures, and an async
 * `run(ctx)` that prints its own report and returns a JSON-serialisable result.
 * Add later benches (e.g. the throttling simulator) as more entries.
 */
const BENCHES = [
  { name: 'startup', description: 'CLI start-up wall time relative to bare node', run: startupBench },
  { name: 'simulate', description: 'throttling simulator throughput and memory (bench/simulate.mjs)', run: simulateBench },
  { name: 'inputs', description: 'large inputs: 10,000-API scenario, 50 MB traffic CSV (bench/inputs.mjs)', run: inputsBench },
  { name: 'forecast', description: 'forecast model over 1,000 synthetic daily series (bench/forecast.mjs)', run: forecastBench },
];

/** Large inputs (bench/inputs.mjs): wall time and peak RSS of the built CLI against their targets. */
async function inputsBench(ctx) {
  const { benchInputs } = await import('./inputs.mjs');
  const rows = await benchInputs({ runs: Math.min(ctx.runs, 3) });
  const verdict = (r) => (r.exitCode !== 0 ? 'FAILED' : r.medianMs <= r.targetMs && r.peakRssMb <= r.targetRssMb ? 'PASS' : 'MISS');
  printTable(
    ['bench', 'median ms', 'peak RSS MB', 'target', 'result'],
    rows.map((r) => [r.name, String(r.medianMs), String(r.peakRssMb), `≤ ${r.targetMs} ms, ≤ ${r.targetRssMb} MB`, verdict(r)]),
  );
}

/** The forecast model's bench (bench/forecast.mjs): 1,000 series under 2 s. */
async function forecastBench() {
  const { benchForecast } = await import('./forecast.mjs');
  const rows = await benchForecast();
  printTable(
    ['bench', 'median ms', 'CPU ms', 'target', 'result'],
    rows.map((r) => [r.name, String(r.medianMs), String(r.cpuMs), `≤ ${r.targetMs} ms`, r.medianMs <= r.targetMs ? 'PASS' : 'MISS']),
  );
  for (const r of rows.filter((x) => x.medianMs > x.targetMs)) console.log(`MISS: ${r.name}: ${r.medianMs} ms (target ≤ ${r.targetMs} ms)`);
  return { rows };
}

/** The simulator's benches (bench/simulate.mjs), with PASS/MISS against their time and memory targets. */
async function simulateBench() {
  const { benchSimulate } = await import('./simulate.mjs');
  const rows = await benchSimulate();
  const verdict = (r) => (r.targetMs === undefined ? '' : r.medianMs <= r.targetMs && r.peakRssMb <= r.targetRssMb ? 'PASS' : 'MISS');
  printTable(
    ['bench', 'median ms', 'steps/s', 'peak RSS MB', 'target', 'result'],
    rows.map((r) => [
      r.name,
      String(r.medianMs),
      r.bucketStepsPerSecond === undefined ? '' : r.bucketStepsPerSecond.toLocaleString('en-US'),
      r.peakRssMb === undefined ? '' : String(r.peakRssMb),
      r.targetMs ? `≤ ${r.targetMs} ms, ≤ ${r.targetRssMb} MB` : '',
      verdict(r),
    ]),
  );
  for (const r of rows.filter((x) => verdict(x) === 'MISS'))
    console.log(`MISS: ${r.name}: ${r.medianMs} ms / ${r.peakRssMb} MB (target ≤ ${r.targetMs} ms, ≤ ${r.targetRssMb} MB)`);
  return { rows };
}

async function main() {
  let ctx;
  try {
    ctx = { runs: envInt('BENCH_RUNS', 15, 1), warmups: envInt('BENCH_WARMUPS', 2, 0) };
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')} (available: ${BENCHES.map((b) => b.name).join(', ')})`);
    return 2;
  }
  const selected = names.length === 0 ? BENCHES : BENCHES.filter((b) => names.includes(b.name));
  const machine = { node: process.version, platform: process.platform, arch: process.arch, cpu: cpus()[0]?.model ?? 'unknown CPU' };
  console.log(`node ${machine.node} · ${machine.platform}/${machine.arch} · ${machine.cpu}`);
  console.log(`${ctx.runs} timed runs per command after ${ctx.warmups} warm-ups (BENCH_RUNS, BENCH_WARMUPS)`);

  let exitCode = 0;
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.description}\n`);
    try {
      const result = await bench.run(ctx);
      const file = join(RESULTS_DIR, `${bench.name}.json`);
      const record = { bench: bench.name, date: new Date().toISOString(), ...machine, ...ctx, ...result };
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`\nwrote ${relative(ROOT, file)}`);
    } catch (e) {
      console.error(`bench ${bench.name} crashed: ${e instanceof Error ? e.stack : String(e)}`);
      exitCode = 1;
    }
  }
  return exitCode;
}

// ---------------------------------------------------------------------------------------
// startup: how much slower than `node -e 0` the CLI starts. Targets are ratios, so they
// hold across machines; the medians themselves only compare runs on one machine.

async function startupBench(ctx) {
  const commands = [
    { id: 'bare node', argv: ['-e', '0'], target: undefined },
    { id: '--version', argv: [CLI, '--version'], target: 1.2 },
    { id: 'estimate', argv: [CLI, 'estimate', '--requests', '50M'], target: 1.5 },
    // a first run (no code cache yet, src/launch.ts) compiles everything it runs, as every run did before the cache
    {
      id: 'estimate, no code cache',
      argv: [CLI, 'estimate', '--requests', '50M'],
      env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      target: undefined,
    },
  ];
  const timings = timeInterleaved(commands, ctx);
  const baseline = timings[0];
  if (baseline.failure) throw new Error(`bare node failed: ${baseline.failure}`);

  const rows = timings.map((t) => {
    const cmd = commands.find((c) => c.id === t.id);
    if (t.failure) return { ...t, target: cmd.target, result: 'FAILED' };
    const ratio = t.medianMs / baseline.medianMs;
    const result = cmd.target === undefined ? 'baseline' : ratio <= cmd.target ? 'PASS' : 'MISS';
    return { ...t, ratio: round(ratio, 3), target: cmd.target, result };
  });

  printTable(
    ['command', 'median ms', 'p90 ms', '× node', 'target', 'result'],
    rows.map((r) => [
      `${Object.entries(commands.find((c) => c.id === r.id).env ?? {})
        .map(([k, v]) => `${k}=${v} `)
        .join('')}node ${r.argv.join(' ')}`,
      r.failure ? '—' : r.medianMs.toFixed(1),
      r.failure ? '—' : r.p90Ms.toFixed(1),
      r.ratio === undefined ? (r.failure ? '—' : '1.00x') : `${r.ratio.toFixed(2)}x`,
      r.target === undefined ? '' : `≤ ${r.target}x`,
      r.result === 'baseline' ? '' : r.result,
    ]),
  );
  for (const r of rows) {
    if (r.result === 'MISS') console.log(`MISS: ${r.id} starts in ${r.ratio.toFixed(2)}x the time of bare node (target ≤ ${r.target}x)`);
    if (r.result === 'FAILED') console.log(`FAILED: node ${r.argv.join(' ')}\n  ${r.failure.replaceAll('\n', '\n  ')}`);
  }

  const versionModules = rows[1].failure ? undefined : loadedModules(commands[1].argv);
  if (versionModules?.error) console.log(`\ncould not list the files --version loads: ${versionModules.error}`);
  else if (versionModules) {
    console.log(`\n--version loads ${versionModules.total} files:`);
    for (const [group, files] of Object.entries(versionModules.groups)) console.log(`  ${group} (${files.length}): ${files.join(', ')}`);
  }
  // what the estimate loads, per group: the start-up cost to cut when it misses its target
  const estimateModules = rows[2].failure ? undefined : loadedModules(commands[2].argv);
  if (estimateModules?.error) console.log(`\ncould not list the files estimate loads: ${estimateModules.error}`);
  else if (estimateModules) {
    const groups = Object.entries(estimateModules.groups).map(([group, files]) => `${group} (${files.length})`);
    console.log(`\nestimate loads ${estimateModules.total} files: ${groups.join(', ')}`);
  }
  return { commands: rows, versionModules, estimateModules };
}

// ---------------------------------------------------------------------------------------
// Helpers shared by benches.

/**
 * Time node processes: one untimed check run each (a failing command is reported, not
 * timed), `warmups` untimed rounds, then `runs` timed rounds. Within a round every command
 * runs once, in an order rotated each round, so drift in machine load hits them alike.
 */
function timeInterleaved(commands, { runs, warmups }) {
  const state = commands.map((c) => ({ id: c.id, argv: c.argv, env: c.env, samples: [], failure: spawnNode(c.argv, c.env).failure }));
  for (let round = 0; round < warmups + runs; round++) {
    const live = state.filter((s) => !s.failure);
    for (let k = 0; k < live.length; k++) {
      const s = live[(round + k) % live.length];
      const run = spawnNode(s.argv, s.env);
      if (run.failure) s.failure = `failed on a later run: ${run.failure}`;
      else if (round >= warmups) s.samples.push(run.ms);
    }
  }
  return state.map((s) => (s.failure ? { id: s.id, argv: s.argv, failure: s.failure } : { id: s.id, argv: s.argv, ...stats(s.samples) }));
}

/** Run `node ...argv` from the repository root; wall time in ms, or why it failed. */
function spawnNode(argv, env = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) return { ms, failure: r.error.message };
  if (r.status !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    // Start the excerpt at the error message, past any stack-frame preamble Node prints first.
    const lines = r.stderr.trim().split('\n');
    const from = Math.max(
      0,
      lines.findIndex((l) => /^(\w*Error\b|(internal )?error:)/i.test(l.trim())),
    );
    const excerpt = lines.slice(from, from + 4).join('\n');
    return { ms, failure: excerpt ? `${why}:\n${excerpt}` : why };
  }
  return { ms };
}

/** Median and p90 (nearest rank) of samples in ms. */
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs: round(median, 3), p90Ms: round(at(0.9), 3), minMs: round(sorted[0], 3), samplesMs: samples.map((s) => round(s, 3)) };
}

/**
 * The files a command loads, grouped as "dist", "bin", or a package name. ES modules are
 * seen by a loader hook (running in Node's hooks thread, it appends to a log file);
 * CommonJS files required inside packages by reading require.cache at exit.
 */
function loadedModules(argv) {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-bench-'));
  const log = join(dir, 'modules.log');
  try {
    const run = spawnNode([...moduleLogArgs(log), ...argv]);
    if (run.failure) return { error: run.failure };
    const files = readModuleLog(log, ROOT);
    const groups = {};
    for (const file of files) {
      const parts = file.split('/');
      const nm = parts.lastIndexOf('node_modules');
      const group =
        nm >= 0 ? parts.slice(nm + 1, parts[nm + 1]?.startsWith('@') ? nm + 3 : nm + 2).join('/') : parts.length > 1 ? parts[0] : '.';
      (groups[group] ??= []).push(nm >= 0 ? parts.slice(nm + 1).join('/') : file);
    }
    return { total: files.length, groups };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => i > 0 && i < 4);
  const line = (cells) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function envInt(name, fallback, least) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < least) throw new Error(`${name} must be a whole number ≥ ${least}, got "${raw}"`);
  return n;
}

function round(x, places) {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

process.exitCode = await main();
