import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { run } from '../../src/commands/report.js';
import { reportOptions } from '../../src/commands/report-options.js';
import { formatUsd, formatQuantity } from '../../src/money/format.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { memo } from '../helpers/memo.mjs';

/**
 * The report in real headless Chromium (Debian's `chromium`, driven by playwright-core). Under
 * CI=true it must run: a missing browser fails the suite. On a developer machine without
 * Chromium it is skipped, and says so.
 */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
if (!available && inCi)
  throw new Error(
    `CI=true but Chromium is not installed at ${CHROMIUM}: install Debian's "chromium" package (see .ci/run); this test must not be skipped in CI`,
  );
if (!available)
  console.warn(`report Chromium test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path/to/chromium)`);

const FLAGS = {
  requests: '50M',
  mau: '25K',
  wafRules: '5',
  traffic: 'examples/traffic/keys.json',
  limits: 'examples/limits/partner-plans.yaml',
  payload: 'examples/limits/payload-http.yaml',
};

function opts(flags: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  for (const o of reportOptions()) if (o.defaultValue !== undefined) d[o.attributeName()] = o.defaultValue;
  return { ...d, ...flags };
}

describe.skipIf(!available)(`report in headless Chromium (${available ? CHROMIUM : `skipped: no Chromium at ${CHROMIUM}`})`, () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let file: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apigw-plan-chromium-'));
    file = join(dir, 'report.html');
    // the run's store of simulations: the page's simulation is the one test/report/command.test.ts and runCli print
    await run(opts({ ...FLAGS, output: file }), { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: ROOT, memo });
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    context.on('request', (r) => void requests.push(r.url()));
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => void consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 25_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error and requests nothing but the file itself', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.title()).toBe('API Gateway cost and limits report');
  });

  it('renders every chart: visible, sized, with its marks drawn', async () => {
    const charts = await page.$$eval('svg[data-chart]', (els) =>
      els.map((e) => {
        const box = e.getBoundingClientRect();
        const count = (sel: string) => e.querySelectorAll(sel).length;
        return {
          id: e.getAttribute('data-chart'),
          w: Math.round(box.width) > 300,
          h: Math.round(box.height) > 100,
          lines: count('g.mark-line path'),
          areas: count('g.mark-area path'),
          rects: count('g.mark-rect path'),
          label: e.querySelector('desc')?.textContent?.length ?? 0,
        };
      }),
    );
    const html = readFileSync(file, 'utf8');
    const buckets = [...html.matchAll(/data-key="bucket"/g)].length;
    const priced = [...html.matchAll(/data-key="monthly-usd"/g)].length;
    expect(charts.map((c) => c.id)).toEqual([
      'cost-by-volume',
      'cost-by-volume-full',
      ...charts.filter((c) => c.id!.startsWith('traffic-')).map((c) => c.id),
      'headroom',
      'payload-0',
      'payload-1',
      'payload-2',
    ]);
    for (const c of charts) {
      expect([c.id, c.w, c.h, c.label > 50]).toEqual([c.id, true, true, true]);
      if (c.id!.startsWith('cost-by-volume')) expect(c.lines).toBe(priced);
      else if (c.id!.startsWith('traffic-')) expect(c.areas).toBe(1);
      else if (c.id === 'headroom') expect(c.rects).toBe(buckets);
      else expect(c.lines).toBe(1);
    }
  });

  it('shows the numbers of estimate --format json and simulate --format json', async () => {
    // the report's estimate meters HTTP requests from its --payload file, as estimate --payload does
    const est = JSON.parse(
      (await runCli(['estimate', '--requests', '50M', '--mau', '25K', '--waf-rules', '5', '--payload', FLAGS.payload, '--format', 'json']))
        .stdout,
    ) as {
      options: { id: string; priced: boolean; monthlyUsd: string }[];
      verdict: string;
      breakEven: { crossings: { volume: string }[] };
    };
    const sim = JSON.parse(
      (await runCli(['simulate', '--traffic', FLAGS.traffic, '--limits', FLAGS.limits, '--payload', FLAGS.payload, '--format', 'json']))
        .stdout,
    ) as { verdict: string };
    const shown = await page.$$eval('tr[data-option] td[data-key="monthly-usd"]', (tds) =>
      tds.map((td) => [td.parentElement!.getAttribute('data-option'), td.textContent]),
    );
    // the summary lists the options cheapest first
    expect(shown).toEqual(
      est.options
        .filter((o) => o.priced)
        .sort((a, b) => Number(a.monthlyUsd) - Number(b.monthlyUsd))
        .map((o) => [o.id, formatUsd(o.monthlyUsd)]),
    );
    expect(await page.textContent('[data-key="verdict"]')).toBe(est.verdict);
    const volumes = await page.$$eval('tr[data-key="break-even"] td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    expect(volumes).toEqual(est.breakEven.crossings.map((c) => formatQuantity(c.volume, 0)));
    expect(await page.textContent('[data-key="simulate-verdict"]')).toBe(sim.verdict);
  });

  it('prints: navigation hidden, charts kept', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('nav')).toBe(false);
    expect(await page.isVisible('svg[data-chart="cost-by-volume"]')).toBe(true);
    // the risks and what each option provides stay in print
    expect(await page.isVisible('[data-key="risks"]')).toBe(true);
    expect(await page.isVisible('table[data-key="capabilities"]')).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });
});
