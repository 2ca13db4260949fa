import { describe, expect, it } from 'vitest';
import { forecastRequest } from '../../src/app/requests.js';
import { InputError } from '../../src/errors.js';
import { FORECAST_DEFAULTS } from '../../src/models/defaults.js';

/** The forecast's typed request: one validator for its numbers (app/requests.ts), defaults from models/defaults.ts. */
describe('forecastRequest', () => {
  it('gives the defaults and the flags as numbers', () => {
    const r = forecastRequest({ history: 'h.csv' });
    expect([r.horizonMonths, r.intervalPct, r.leadTimeDays, r.paths, r.seed]).toEqual([
      12,
      80,
      FORECAST_DEFAULTS.leadTimeDays,
      FORECAST_DEFAULTS.paths,
      1,
    ]);
    const s = forecastRequest({
      history: 'h.csv',
      horizon: '18',
      interval: 90,
      leadTime: '21',
      paths: '1000',
      seed: '7',
      today: '2026-11-30',
    });
    expect([s.horizonMonths, s.intervalPct, s.leadTimeDays, s.paths, s.seed]).toEqual([18, 90, 21, 1000, 7]);
    expect(s.today).toBe(Date.UTC(2026, 10, 30) / 86_400_000);
    expect(s.cloudWatch).toBeUndefined();
  });

  it('refuses numbers outside their ranges, naming the flag', () => {
    for (const [opts, flag] of [
      [{ horizon: '0' }, '--horizon'],
      [{ horizon: '61' }, '--horizon'],
      [{ interval: '99' }, '--interval'],
      [{ paths: '50' }, '--paths'],
      [{ seed: '1.5' }, '--seed'],
      [{ leadTime: '-1' }, '--lead-time'],
      [{ accountRate: '0' }, '--account-rate'],
      [{ today: '30/11/2026' }, '--today'],
    ] as const) {
      let error: unknown;
      try {
        forecastRequest(opts);
      } catch (e) {
        error = e;
      }
      expect(error, flag).toBeInstanceOf(InputError);
      expect((error as InputError).message.startsWith(flag), flag).toBe(true);
    }
  });

  it('reads CloudWatch only as the history source: --days is checked then, not beside --history', () => {
    const cw = forecastRequest({ fromCloudwatch: true, days: '90', region: 'eu-west-1' });
    expect(cw.cloudWatch).toMatchObject({ days: 90, aws: { region: 'eu-west-1' } });
    expect(() => forecastRequest({ fromCloudwatch: true, days: '0' })).toThrow(InputError);
    // both sources: the app reports the conflict; the request leaves --days alone
    const both = forecastRequest({ history: 'h.csv', fromCloudwatch: true, days: '0' });
    expect([both.fromCloudwatch, both.cloudWatch]).toEqual([true, undefined]);
  });
});
