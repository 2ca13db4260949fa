import { describe, expect, it } from 'vitest';
import { judgeForecast } from '../../../src/models/gates/forecast.js';
import { dailyFromGrid } from '../../../src/models/forecast/daily.js';
import { limitThresholds, priceTierThresholds } from '../../../src/models/forecast/thresholds.js';
import { loadPriceBook } from '../../../src/prices/load.js';
import { buildLimits } from '../../../src/traffic/limits.js';

const DAY = 86_400_000;

describe('dailyFromGrid', () => {
  it('sums series per period into UTC days, takes the busiest period as the peak, drops incomplete end days', () => {
    // two series, 1-hour periods, from 2026-01-01T12:00Z for 2 days: day 1 is half, day 2 whole, day 3 half
    const start = Date.UTC(2026, 0, 1, 12);
    const n = 48;
    const a = new Float64Array(n).map((_, p) => 3600 * (p === 20 ? 10 : 1));
    const b = new Float64Array(n).fill(7200);
    b[15] = Number.NaN; // a gap inside series b: that hour's total is unknown (23 of 24 h seen: scaled up)
    const { history, notes } = dailyFromGrid({ startMs: start, periodSeconds: 3600, nPeriods: n, series: [], counts: [a, b] });
    expect(history.firstDay).toBe(Date.UTC(2026, 0, 2) / DAY);
    expect(history.totals.length).toBe(1);
    // day 2 = periods 12..35 less the unknown hour 15: 23 h × 3 requests/s × 3600 + 9 × 3600 extra at p = 20, × 24/23
    expect(history.totals[0]).toBeCloseTo(((23 * 3 * 3600 + 9 * 3600) * 24) / 23, 6);
    expect(history.peaks![0]).toBe(12); // p = 20: 10 + 2 requests/s
    expect(notes[0]).toMatch(/busiest 3600-second period/);
  });

  it('rejects a period that does not divide a day', () => {
    expect(() => dailyFromGrid({ startMs: 0, periodSeconds: 7000, nPeriods: 3, series: [], counts: [new Float64Array(3)] })).toThrow(
      /does not divide a day/,
    );
  });
});

describe('thresholds from the tool’s own sources', () => {
  it('price tier boundaries come from the snapshot: REST 333M / 1B / 20B and HTTP 300M in us-east-1', async () => {
    const book = await loadPriceBook('us-east-1', {});
    const { thresholds } = priceTierThresholds(book, ['rest', 'http']);
    expect(thresholds.map((t) => [t.id, t.value])).toEqual([
      ['price-tier:rest:333000000', 333e6],
      ['price-tier:rest:1000000000', 1e9],
      ['price-tier:rest:20000000000', 20e9],
      ['price-tier:http:300000000', 300e6],
    ]);
    const fromBook = book.get('apigw.rest.requests').tiers.flatMap((t) => (t.to ? [t.to.toNumber()] : []));
    expect(thresholds.filter((t) => t.id.includes(':rest:')).map((t) => t.value)).toEqual(fromBook);
  });

  it('throttles and quotas from a limits file; the account throttle needs an increase, the others are the team’s own', () => {
    const limits = buildLimits(
      {
        region: 'us-east-1',
        account: { rate: 8000, burst: 4000 },
        stages: [{ api: 'a', stage: 'prod', type: 'rest', rate: 500, burst: 100, routes: {} }],
        usagePlans: [{ name: 'p', quota: { limit: 1000, period: 'WEEK', offset: 0 }, keys: ['k'], methods: [] }],
      },
      {},
    );
    const t = limitThresholds(limits);
    expect(t.map((x) => [x.kind, x.measure, x.value, x.needsIncrease])).toEqual([
      ['account-throttle', 'daily-peak-rps', 8000, true],
      ['stage-throttle', 'daily-peak-rps', 500, false],
      ['usage-plan-quota', 'weekly-requests', 1000, false],
    ]);
  });
});

describe('the forecast gate', () => {
  const facts = {
    today: 20000,
    percentile: 10,
    thresholds: [
      {
        id: 'account-throttle',
        kind: 'account-throttle',
        label: 'account',
        status: 'crossed' as const,
        dayAtPercentile: 20050,
        monteCarloDays: 3.46,
      },
      { id: 'price-tier:rest:333000000', kind: 'price-tier', label: 'tier', status: 'crossed' as const, dayAtPercentile: 20010 },
      { id: 'budget:rest', kind: 'budget', label: 'budget', status: 'not-within-horizon' as const, dayAtPercentile: undefined },
      { id: 'stage-throttle:a/b', kind: 'stage-throttle', label: 'stage', status: 'unknown' as const, dayAtPercentile: undefined },
    ],
  };
  it('fails on a crossing within the window at the percentile, passes outside it, counts unknowns', () => {
    const within = judgeForecast(facts, {
      level: 'error',
      withinDays: 60,
      percentile: 10,
      kinds: ['account-throttle', 'budget', 'stage-throttle'],
    });
    expect(within.findings.map((f) => f.id)).toEqual(['FORECAST_CROSSING:account-throttle']);
    // the judged date with its Monte Carlo error
    expect(within.findings[0]!.message).toBe(
      'account: crossed by 2024-11-23 (Monte Carlo error ±3.5 days) at the 10th percentile, within 60 days of 2024-10-04',
    );
    expect(within.summary).toMatch(/1 unknown/);
    const later = judgeForecast(facts, { level: 'error', withinDays: 49, percentile: 10, kinds: ['account-throttle'] });
    expect(later.findings).toEqual([]);
    expect(later.skipped).toBeUndefined();
  });
  it('an already reached threshold fails; all unknown or no forecast is skipped, never passed', () => {
    const already = judgeForecast(
      { ...facts, thresholds: [{ ...facts.thresholds[0]!, status: 'already', dayAtPercentile: undefined }] },
      { level: 'error', withinDays: 1, percentile: 10 },
    );
    expect(already.findings[0]!.code).toBe('FORECAST_ALREADY_CROSSED');
    expect(judgeForecast(facts, { level: 'error', withinDays: 60, percentile: 10, kinds: ['stage-throttle'] }).skipped).toBe(true);
    expect(judgeForecast(undefined, { level: 'error', withinDays: 60, percentile: 10 }).skipped).toBe(true);
  });
});
