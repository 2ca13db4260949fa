#!/usr/bin/env node
// Screenshots of `apigw-plan report` for a reviewer: desktop width and print preview.
//
//   npm run build && node scripts/report-screenshots.mjs [outDir]
//
// Writes to bench/results/report/ (git-ignored) by default: for each example, the HTML,
// <name>-desktop.png (1280 px wide, full page), <name>-print.png (print media at A4 width,
// full page) and <name>.pdf (Chromium's print to PDF). Needs Chromium: CHROMIUM=/path or
// /usr/bin/chromium (Debian's package), driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? join(ROOT, 'bench/results/report'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const { run } = await import(pathToFileURL(join(ROOT, 'dist/commands/report.js')).href);
const { chromium } = await import('playwright-core');

const examples = {
  flags: { requests: '50M', mau: '25K', wafRules: '5' },
  scenario: { scenario: 'examples/saas-scenario.yaml' },
  traffic: {
    requests: '200/s',
    traffic: 'examples/traffic/orders-2h.csv',
    limits: 'examples/limits/orders.yaml',
    payload: 'examples/limits/payload-http.yaml',
  },
};

mkdirSync(out, { recursive: true });
const io = { stdout: () => {}, stderr: () => {}, env: {}, cwd: ROOT };
const profile = mkdtempSync(join(tmpdir(), 'apigw-plan-shots-'));
// a fresh profile every run (playwright passes it to Chromium as --user-data-dir)
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
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
try {
  for (const [name, opts] of Object.entries(examples)) {
    const html = join(out, `${name}.html`);
    await run(
      {
        arrivals: 'poisson',
        dispersion: '25',
        target: '0.01',
        retries: 'none',
        maxAttempts: '3',
        layerDebit: 'all-or-nothing',
        seed: '1',
        samples: '2000',
        ...opts,
        format: 'html',
        output: html,
      },
      io,
    );
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: join(out, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(out, `${name}-print.png`), fullPage: true });
    writeFileSync(join(out, `${name}.pdf`), await page.pdf({ format: 'A4', printBackground: true }));
    await page.close();
    console.log(`${name}: ${html} + desktop/print PNG + PDF`);
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots in ${out}`);
