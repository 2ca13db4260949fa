import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyAccountThrottle, mergeQuotas, type BundledQuota } from '../../src/models/quotas/merge.js';
import { findRegion } from '../../src/prices/regions.js';

const bundled = JSON.parse(readFileSync(new URL('../../pricing-data/quota-defaults.json', import.meta.url), 'utf8')) as {
  quotas: BundledQuota[];
};
const byCode = (code: string) => bundled.quotas.find((q) => q.code === code)!;

describe('bundled quota defaults', () => {
  it('Maximum API caching TTL (L-8C2F9A1D) is 3,600 s, the top of the 0–3,600 s range (300 s is the default TTL, not the quota)', () => {
    expect(byCode('L-8C2F9A1D')).toMatchObject({ name: 'Maximum API caching TTL', default: 3600, unit: 'seconds', adjustable: false });
  });

  it('the two quotas the REST quota table documents as adjustable are marked so', () => {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html: "Can be increased: Yes"
    expect(byCode('L-4D98A8A5')).toMatchObject({ default: 100, adjustable: true });
    expect(byCode('L-68B79FF0')).toMatchObject({ default: 50, adjustable: true });
    expect(bundled.quotas.filter((q) => q.adjustable === null).map((q) => q.code)).not.toEqual(
      expect.arrayContaining(['L-4D98A8A5', 'L-68B79FF0']),
    );
  });
});

describe('account throttle from GetAccount', () => {
  // the Region's documented default, a Region fact (pricing-data/regions.json)
  const lower = (region: string) => findRegion(region)?.accountThrottle;
  const sq = (code: string, value: number) => ({ code, name: code, value, unit: 'None', adjustable: true, period: undefined });
  const rows = (region: string) => mergeQuotas([], [sq('L-8A5B8E43', 10000), sq('L-CDF5615A', 5000)], bundled.quotas, lower(region)).rows;

  it('replaces what Service Quotas says and reports both when they disagree', () => {
    const r = applyAccountThrottle(rows('af-south-1'), { rate: 2500, burst: 1250 }, 'af-south-1', lower('af-south-1'));
    const rate = r.rows.find((x) => x.code === 'L-8A5B8E43')!;
    expect([rate.value, rate.serviceQuotasValue, rate.source]).toEqual([2500, 10000, 'get-account']);
    expect(r.findings.map((f) => f.code)).toEqual(['ACCOUNT_THROTTLE_DIFFERS']);
  });

  it('agreeing values: source GetAccount, no finding, no second figure', () => {
    const r = applyAccountThrottle(rows('us-east-1'), { rate: 10000, burst: 5000 }, 'us-east-1', lower('us-east-1'));
    expect(r.findings).toEqual([]);
    expect(r.rows.find((x) => x.code === 'L-CDF5615A')).toMatchObject({ value: 5000, source: 'get-account' });
    expect(r.rows.find((x) => x.code === 'L-CDF5615A')!.serviceQuotasValue).toBeUndefined();
  });

  it('without GetAccount: Service Quotas stands; only a lower-default Region with a higher value is flagged', () => {
    expect(applyAccountThrottle(rows('us-east-1'), undefined, 'us-east-1', lower('us-east-1')).findings).toEqual([]);
    const r = applyAccountThrottle(rows('il-central-1'), undefined, 'il-central-1', lower('il-central-1'));
    expect(r.rows.find((x) => x.code === 'L-8A5B8E43')!.value).toBe(10000);
    expect(r.findings.map((f) => [f.code, f.level])).toEqual([['ACCOUNT_THROTTLE_UNCONFIRMED', 'warn']]);
  });
});
