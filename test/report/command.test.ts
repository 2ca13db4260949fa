import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/io.js';
import { run } from '../../src/commands/report.js';
import { REPORT_SIMULATE_FLAGS, reportOptions } from '../../src/commands/report-options.js';
import { simulateOptions } from '../../src/commands/simulate-options.js';
import { InputError } from '../../src/errors.js';
import { formatQuantity, formatUsd } from '../../src/money/format.js';
import { Decimal } from '../../src/money/decimal.js';
import { esc } from '../../src/formatters/report/html.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { memo } from '../helpers/memo.mjs';

const io = (): Io & { err: string[] } => {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (t) => void err.push(t), env: {}, cwd: ROOT };
};
/** What commander hands run() for `report` with these flags (simulate's defaults included). */
export function reportOpts(flags: Record<string, unknown>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const o of reportOptions()) if (o.defaultValue !== undefined) defaults[o.attributeName()] = o.defaultValue;
  return { ...defaults, ...flags };
}

const ESTIMATE_ARGS = ['--requests', '50M', '--mau', '25K', '--waf-rules', '5'];
const ESTIMATE_FLAGS = { requests: '50M', mau: '25K', wafRules: '5' };
const TRAFFIC_FLAGS = {
  traffic: 'examples/traffic/keys.json',
  limits: 'examples/limits/partner-plans.yaml',
  payload: 'examples/limits/payload-http.yaml',
};

let dir: string;
let html: string;
let json: {
  options: { id: string; priced: boolean; monthlyUsd?: string; monthlyUsdExact?: string }[];
  verdict: string;
  breakEven: { crossings: { volume: string }[] };
  cheapest: string;
};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apigw-plan-report-'));
  await run(reportOpts({ ...ESTIMATE_FLAGS, output: join(dir, 'a.html') }), io());
  html = readFileSync(join(dir, 'a.html'), 'utf8');
  const r = await runCli(['estimate', ...ESTIMATE_ARGS, '--format', 'json']);
  expect(r.code).toBe(0);
  json = JSON.parse(r.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report options', () => {
  it('take every estimate flag, simulate flags by their simulate names, and no flag twice', () => {
    const opts = reportOptions();
    const names = opts.map((o) => o.attributeName());
    expect(new Set(names).size).toBe(names.length);
    const shorts = opts.map((o) => o.short).filter(Boolean);
    expect(new Set(shorts).size).toBe(shorts.length);
    const simulate = new Map(simulateOptions().map((o) => [o.attributeName(), o.flags]));
    for (const n of REPORT_SIMULATE_FLAGS) expect(opts.find((o) => o.attributeName() === n)?.flags, n).toBe(simulate.get(n));
    const format = opts.find((o) => o.attributeName() === 'format')!;
    expect([format.argChoices, format.defaultValue]).toEqual([['html', 'markdown'], 'html']);
  });
});

describe('report (HTML)', () => {
  it('shows the same monthly cost per option, verdict and break-evens as estimate --format json', () => {
    const shown = [
      ...html.matchAll(
        /<tr[^>]*data-option="([^"]+)"><th scope="row">[^<]*(?:<span class="badge">cheapest<\/span>)?<\/th><td class="num" data-key="monthly-usd" data-usd="([^"]+)">([^<]+)<\/td><td class="num" data-key="vs-cheapest">([^<]+)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2], m[3], m[4]]);
    // cheapest first, each with its difference from the cheapest
    const cheapest = json.options.find((o) => o.id === json.cheapest)!;
    const expected = json.options
      .filter((o) => o.priced)
      .sort((a, b) => Number(a.monthlyUsdExact) - Number(b.monthlyUsdExact))
      .map((o) => [
        o.id,
        o.monthlyUsd,
        formatUsd(o.monthlyUsd!),
        o.id === json.cheapest
          ? '—'
          : `${Number(o.monthlyUsdExact) < Number(cheapest.monthlyUsdExact) ? '−' : '+'}${formatUsd(new Decimal(o.monthlyUsdExact!).minus(cheapest.monthlyUsdExact!).abs())}`,
      ]);
    expect(shown).toEqual(expected);
    expect(html).toContain(`<p class="verdict" data-key="verdict">${esc(json.verdict)}</p>`);
    expect([...html.matchAll(/data-key="break-even" data-volume="(\d+)"/g)].map((m) => m[1])).toEqual(
      json.breakEven.crossings.map((c) => c.volume),
    );
    expect(html).toContain(`<tr class="cheapest" data-option="${json.cheapest}">`);
  });

  it('is self-contained: no script, no external resource, only in-page links, a CSP that forbids loading', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=|url\((?!#clip\d+\))|@import/i);
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!).filter((h) => !h.startsWith('#'))).toEqual([]);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
  });

  it('embeds the cost chart as SVG with a title and a description, and marks the simulation sections omitted', () => {
    expect([...html.matchAll(/<svg data-chart="([^"]+)"/g)].map((m) => m[1])).toEqual(['cost-by-volume', 'cost-by-volume-full']);
    // focused: a decade either side of the given 50M; then the whole search range
    expect(html).toMatch(
      /<title id="cost-by-volume-title">Monthly cost around the given volume<\/title><desc id="cost-by-volume-desc">Line chart of monthly cost in USD against monthly requests on logarithmic axes, 5M to 500M requests\/month \(a decade either side of the given volume\)\./,
    );
    expect(html).toMatch(
      /<title id="cost-by-volume-full-title">Monthly cost over the whole search range<\/title><desc id="cost-by-volume-full-desc">Line chart of monthly cost in USD against monthly requests on logarithmic axes, 50K to 50B requests\/month\./,
    );
    // dollars on the money axis, never SI prefixes ($100m for ten cents)
    expect(html).not.toMatch(/>\$[\d.]+[mµkKMG]</);
    expect(html).toMatch(/>\$1,000</);
    // the risks box and the capabilities beside the costs; defaults listed once (inputs), not again as assumptions
    expect(html).toContain('data-key="risks"');
    expect(html).toContain('data-key="capabilities"');
    expect(html).not.toMatch(/<li>default /);
    expect(html).toContain('data-key="simulation-omitted"');
  });

  it('is byte-identical run to run (no clock unless --timestamp)', async () => {
    await run(reportOpts({ ...ESTIMATE_FLAGS, output: join(dir, 'b.html') }), io());
    expect(readFileSync(join(dir, 'b.html'), 'utf8') === html).toBe(true);
    expect(html).not.toContain('generated ');
    await run(reportOpts({ ...ESTIMATE_FLAGS, output: join(dir, 'c.html'), timestamp: true }), io());
    expect(readFileSync(join(dir, 'c.html'), 'utf8')).toMatch(/ · generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/p>/);
  });

  it('lists every price used with usage type, region and publication date', () => {
    const ids = [
      ...new Set(
        json.options.flatMap((o) =>
          ((o as unknown as { lines?: { source: { priceId: string } }[] }).lines ?? []).map((l) => l.source.priceId),
        ),
      ),
    ];
    expect([...html.matchAll(/data-key="price" data-price-id="([^"]+)"/g)].map((m) => m[1])).toEqual(ids);
  });

  it('needs --output for HTML, and --traffic for --limits / --payload (exit 2 errors)', async () => {
    await expect(run(reportOpts(ESTIMATE_FLAGS), io())).rejects.toMatchObject({ constructor: InputError, where: '--output' });
    await expect(
      run(reportOpts({ ...ESTIMATE_FLAGS, output: join(dir, 'x.html'), limits: 'examples/limits/orders.yaml' }), io()),
    ).rejects.toMatchObject({ where: '--limits' });
  });
});

describe('report (Markdown)', () => {
  it('goes to stdout and contains estimate --format markdown verbatim', async () => {
    const r = await run(reportOpts({ ...ESTIMATE_FLAGS, format: 'markdown' }), io());
    const est = await runCli(['estimate', ...ESTIMATE_ARGS, '--format', 'markdown']);
    expect(r.stdout.startsWith('# API Gateway cost and limits report\n')).toBe(true);
    expect(r.stdout).toContain(est.stdout.trimEnd());
    expect(r.stdout).toContain('| 50,000,000 (given) | $457.17 | $292.17 | $307.94 | $407.22 |');
    expect(r.stdout).toContain('_Omitted: no traffic was given.');
    // the break-even rows of the cost table carry the volumes estimate prints
    const rows = [...r.stdout.matchAll(/^\| ([\d,]+) \(break-even\) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(
      JSON.parse((await runCli(['estimate', ...ESTIMATE_ARGS, '--format', 'json'])).stdout).breakEven.crossings.map(
        (c: { volume: string }) => formatQuantity(c.volume, 0),
      ),
    );
  });
});

describe('report with --traffic', () => {
  it('adds traffic, headroom, quota and payload sections with the numbers simulate prints', async () => {
    const out = join(dir, 't.html');
    // the run's store of simulations (as runCli below uses): the report's simulation and simulate's are computed once
    await run(reportOpts({ ...ESTIMATE_FLAGS, ...TRAFFIC_FLAGS, output: out }), { ...io(), memo });
    const page = readFileSync(out, 'utf8');
    const sim = await runCli([
      'simulate',
      '--traffic',
      TRAFFIC_FLAGS.traffic,
      '--limits',
      TRAFFIC_FLAGS.limits,
      '--payload',
      TRAFFIC_FLAGS.payload,
      '--format',
      'json',
    ]);
    expect(sim.code).toBe(0);
    const s = JSON.parse(sim.stdout) as { verdict: string; buckets: { id: string }[]; quotas: unknown[]; payload: { shares: unknown[] } };
    expect(page).toContain(`<p class="verdict" data-key="simulate-verdict">${esc(s.verdict)}</p>`);
    expect([...page.matchAll(/data-key="bucket" data-bucket="([^"]+)"/g)].map((m) => m[1])).toEqual(s.buckets.map((b) => b.id));
    expect([...page.matchAll(/data-key="quota"/g)].length).toBe(s.quotas.length);
    expect([...page.matchAll(/data-key="payload-share"/g)].length).toBe(s.payload.shares.length);
    const charts = [...page.matchAll(/<svg data-chart="([^"]+)"/g)].map((m) => m[1]!);
    expect(charts[0]).toBe('cost-by-volume');
    expect(charts.filter((c) => c.startsWith('traffic-')).length).toBeGreaterThanOrEqual(1);
    expect(charts.slice(-4)).toEqual(['headroom', 'payload-0', 'payload-1', 'payload-2']);
    expect(page).not.toContain('data-key="simulation-omitted"');
  });
});
