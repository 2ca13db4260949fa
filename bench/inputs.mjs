// Input-size benches (issue 10): a scenario of 10,000 APIs through `estimate`, and a 50 MB
// traffic CSV through `simulate`, each run as the built CLI in its own process, timed, with
// the child's peak RSS (process.resourceUsage of the waited child via /usr/bin/time is not
// portable, so the child reports it: node --import a one-line hook that prints maxRSS on exit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin/apigw-plan.js');

function scenario(dir, n) {
  const file = join(dir, `apis-${n}.json`);
  const apis = Array.from({ length: n }, (_, i) => ({
    name: `api${i}`,
    type: ['http', 'rest'][i % 2],
    requests: `${1 + (i % 7)}M`,
    requestSize: `${1 + (i % 3)}KB`,
  }));
  writeFileSync(file, JSON.stringify({ apis }));
  return file;
}

/** A traffic CSV of about `mb` MB: 60-s periods for a few series, one row per series and period. */
function trafficCsv(dir, mb) {
  const file = join(dir, `traffic-${mb}mb.csv`);
  const series = ['orders', 'web', 'partner', 'chat'];
  const rows = ['timestamp,count,api'];
  let bytes = rows[0].length + 1;
  const start = Date.UTC(2026, 0, 1) / 1000;
  for (let p = 0; bytes < mb * 1e6; p++)
    for (const s of series) {
      const line = `${start + p * 60},${(p * 7919 + s.length * 104729) % 5000},${s}`;
      rows.push(line);
      bytes += line.length + 1;
    }
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

function timed(args, runs) {
  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nMAXRSS "+process.resourceUsage().maxRSS+"\\n"))';
  const ms = [];
  let rssKb = 0;
  let code = 0;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', hook, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    code = r.status ?? -1;
    const m = /MAXRSS (\d+)/.exec(r.stderr ?? '');
    if (m) rssKb = Math.max(rssKb, Number(m[1]));
  }
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]), peakRssMb: Math.round(rssKb / 1024), exitCode: code };
}

export async function benchInputs({ runs = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-bench-inputs-'));
  try {
    const sc = scenario(dir, 10_000);
    const csv = trafficCsv(dir, 50);
    return [
      {
        name: 'estimate: scenario of 10,000 APIs',
        ...timed(['estimate', '--scenario', sc, '--format', 'json'], runs),
        targetMs: 1000,
        targetRssMb: 512,
      },
      {
        name: 'simulate: 50 MB traffic CSV',
        ...timed(['simulate', '--traffic', csv, '--rate', '5000', '--burst', '5000', '--format', 'json'], runs),
        targetMs: 10_000,
        targetRssMb: 512,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
