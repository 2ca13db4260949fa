import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, expectNoStack } from '../helpers/cli.js';

const HISTORY = 'examples/forecast/orders-history.csv';
const LIMITS = 'examples/forecast/limits.yaml';

describe('forecast command', () => {
  it('prints the verdict first and last, the thresholds, the fit with its backtest; deterministic', async () => {
    const r = await runCli(['forecast', '--history', HISTORY, '--limits', LIMITS]);
    expect(r.code).toBe(0);
    // the verdict is the first paragraph and the last one (wrapped to the 80 columns of a pipe)
    const paragraphs = r.stdout.trimEnd().split('\n\n');
    const first = paragraphs[0]!.replace(/\n\s+/g, ' ');
    expect(first).toMatch(
      /^Verdict: traffic grows \d+\.\d %\/month; .*account throttle .* is reached around \d{4}-\d{2}-\d{2} \(80 % interval .*request the increase by \d{4}-\d{2}-\d{2}/,
    );
    expect(paragraphs[paragraphs.length - 1]).toBe(paragraphs[0]);
    expect(r.stdout).toMatch(/backtest: fitted on the first 144 days, scored on the newest 36: MAPE \d/);
    const wide = await runCli(['forecast', '--history', HISTORY, '--limits', LIMITS], { env: { COLUMNS: '200' } });
    expect(wide.stdout).toMatch(/REST API 333M\/month tier boundary/);
    expect(wide.stdout).toMatch(/usage plan partners quota/);
    expect((await runCli(['forecast', '--history', HISTORY, '--limits', LIMITS])).stdout).toBe(r.stdout);
  });

  it('JSON: crossings with intervals, month-by-month costs as decimal strings, the chart data', async () => {
    const r = await runCli([
      'forecast',
      '--history',
      HISTORY,
      '--limits',
      LIMITS,
      '--format',
      'json',
      '--horizon',
      '6',
      '--interval',
      '90',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('apigw-plan-forecast');
    expect(j.intervalPercent).toBe(90);
    // the paths (the default) and each simulated date's Monte Carlo error in days, the largest named
    // with the assumptions
    expect(j.paths).toBe(128);
    const simulated = j.thresholds.filter((t: { status: string }) => t.status === 'crossed');
    expect(simulated.length).toBeGreaterThan(0);
    let worst = 0;
    for (const t of simulated)
      for (const d of [t.monteCarloDays.low, t.monteCarloDays.median, t.monteCarloDays.high]) {
        expect(d).toBeGreaterThanOrEqual(0.3); // at least the whole day's rounding, √(1/12)
        worst = Math.max(worst, d);
      }
    for (const t of j.thresholds.filter((x: { status: string }) => x.status === 'already')) expect(t.monteCarloDays).toBeUndefined();
    expect(j.assumptions.join(' ')).toContain(
      `each date's Monte Carlo error, one standard deviation estimated from the spread of its own paths, is at most ${worst.toFixed(1)} days here`,
    );
    expect(j.fit.growthPerMonthPercent).toBeGreaterThan(8);
    expect(j.fit.growthPerMonthPercent).toBeLessThan(10.5);
    expect(j.fit.weekly.included).toBe(true);
    expect(j.backtest.holdoutDays).toBeGreaterThan(0);
    const stage = j.thresholds.find((t: { id: string }) => t.id === 'stage-throttle:orders/prod');
    expect(stage.status).toBe('crossed');
    expect(stage.low <= stage.median && stage.median <= stage.high).toBe(true);
    expect(j.months.length).toBeGreaterThanOrEqual(6);
    expect(j.months[1].costs.rest.median).toMatch(/^\d+\.\d{2}$/);
    expect(j.chart.band.length).toBeGreaterThan(5);
  });

  it('Markdown answers first', async () => {
    const r = await runCli(['forecast', '--history', HISTORY, '--format', 'markdown', '--horizon', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3).join('\n')).toMatch(/^## Traffic forecast\n\n\*\*traffic grows/);
  });

  it('reads the per-period counts simulate --traffic reads, aggregated to days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-forecast-'));
    const rows = ['timestamp,count,api'];
    const start = Date.UTC(2026, 8, 1);
    for (let h = 0; h < 24 * 35; h++) {
      const day = Math.floor(h / 24);
      for (const api of ['a', 'b'])
        rows.push(
          `${new Date(start + h * 3600_000).toISOString()},${Math.round(1000 * 1.004 ** day * (api === 'a' ? 1 : 2) * (1 + 0.3 * Math.sin(h)))},${api}`,
        );
    }
    writeFileSync(join(dir, 'counts.csv'), `${rows.join('\n')}\n`);
    const r = await runCli(['forecast', '--history', join(dir, 'counts.csv'), '--format', 'json', '--horizon', '3']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.history.days).toBe(35);
    expect(j.notes.join(' ')).toMatch(/DAILY_FROM_PERIODS: 2 series × 840 periods of 3600 s/);
    expect(j.fit.peakToAverage.median).toBeGreaterThan(1);
  });

  it('bad input: exit 2 with what, where and how to fix, no stack', async () => {
    const none = await runCli(['forecast']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/forecast needs a traffic history/);
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-forecast-'));
    writeFileSync(join(dir, 'h.csv'), 'date,requests\n2026-01-01,100\n2026-01-02,-5\n2026-13-01,4\n');
    const bad = await runCli(['forecast', '--history', join(dir, 'h.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/h.csv:3: requests "-5"/);
    expect(bad.stderr).toMatch(/h.csv:4: date "2026-13-01"/);
    writeFileSync(join(dir, 'short.csv'), 'date,requests\n2026-01-01,100\n2026-01-02,110\n');
    const short = await runCli(['forecast', '--history', join(dir, 'short.csv')]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 8/);
    const horizon = await runCli(['forecast', '--history', HISTORY, '--horizon', '0']);
    expect(horizon.code).toBe(2);
    for (const x of [none, bad, short, horizon]) expectNoStack(x.stderr);
  });

  it('check: the forecast gate fails on a throttle crossed within 90 days at the 10th percentile (exit 1)', async () => {
    const r = await runCli(['check', '--config', 'examples/forecast/apigw-plan.config.json', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const gate = j.gates.find((g: { gate: string }) => g.gate === 'forecast');
    expect(gate.status).toBe('failed');
    expect(gate.findings.map((f: { id: string }) => f.id)).toContain('FORECAST_CROSSING:stage-throttle:orders/prod');
    const finding = gate.findings.find((f: { id: string }) => f.id === 'FORECAST_CROSSING:stage-throttle:orders/prod');
    expect(finding.message).toMatch(/crossed by \d{4}-\d{2}-\d{2} \(Monte Carlo error ±\d+\.\d days\) at the 10th percentile/);
  });
});

describe('report --history', () => {
  it('adds the forecast section with its charts (history, band, thresholds with crossing dates)', async () => {
    const r = await runCli([
      'report',
      '--requests',
      '1.9B',
      '--history',
      HISTORY,
      '--limits',
      LIMITS,
      '--format',
      'markdown',
      '--horizon',
      '6',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/### Traffic forecast\n\n\*\*traffic grows/);
    expect(r.stdout).toMatch(/stage throttle orders\/prod/);
  });
  it('renders the forecast charts into the HTML page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-forecast-'));
    const out = join(dir, 'r.html');
    const r = await runCli(['report', '--requests', '1.9B', '--history', HISTORY, '--limits', LIMITS, '--output', out, '--horizon', '6']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/id="fig-forecast-monthly"/);
    expect(html).toMatch(/id="fig-forecast-peak"[\s\S]*<svg/);
    expect(html).toMatch(/stage throttle orders\/prod \(6,000 req\/s\) at 6,000 req\/s, crossed around \d{4}-\d{2}-\d{2}/);
  });
});
