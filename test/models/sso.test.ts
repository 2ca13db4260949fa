import { describe, it, expect } from 'vitest';
import { type Decimal, dec, sum } from '../../src/money/decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PRICING_DIR, loadPriceBook } from '../../src/prices/load.js';
import { PriceBook } from '../../src/prices/price-book.js';
import type { SnapshotJson } from '../../src/prices/schema.js';
import { ssoLines } from '../../src/models/alternatives/sso.js';
import type { SsoConfig } from '../../src/models/workload.js';

const book = await loadPriceBook('us-east-1');

function sso(over: Partial<SsoConfig> = {}): SsoConfig {
  return {
    provider: 'cognito',
    cognitoPlan: 'essentials',
    mau: dec(0),
    m2mAppClients: 0,
    m2mTokenRequestsPerMonth: dec(0),
    oidcUsdPerMau: dec(0),
    oidcProviderName: 'Okta',
    ...over,
  };
}

const total = (lines: { cost: Decimal }[]): Decimal => sum(lines.map((l) => l.cost));

describe('Cognito MAU tiers (us-east-1 snapshot, https://aws.amazon.com/cognito/pricing/)', () => {
  // Lite: 10K free, $0.0055 to 100K, $0.0046 to 1M, $0.00325 to 10M. Essentials: 10K free, then $0.015. Plus: $0.02, none free.
  const cases: [SsoConfig['cognitoPlan'], string[]][] = [
    ['lite', ['0.0000', '0.0055', '495.0000', '7885.0000']],
    ['essentials', ['0.0000', '0.0150', '1350.0000', '29850.0000']],
    ['plus', ['200.0000', '200.0200', '2000.0000', '40000.0000']],
  ];
  for (const [plan, expected] of cases) {
    it(`${plan}: 10,000 / 10,001 / 100,000 / 2,000,000 MAU cost ${expected.join(' / ')}`, () => {
      const costs = ['10000', '10001', '100000', '2000000'].map((mau) =>
        total(ssoLines(sso({ cognitoPlan: plan, mau: dec(mau) }), book).lines).toFixed(4),
      );
      expect(costs).toEqual(expected);
    });
  }

  it('lite at 2M MAU: one line per tier reached, each traced to cognito.lite.mau', () => {
    const { lines } = ssoLines(sso({ cognitoPlan: 'lite', mau: dec(2_000_000) }), book);
    expect(lines.map((l) => [l.tier, l.quantity.toFixed(), l.cost.toFixed()])).toEqual([
      ['first 10K', '10000', '0'],
      ['next 90K', '90000', '495'],
      ['next 900K', '900000', '4140'],
      ['next 9M', '1000000', '3250'],
    ]);
    expect(new Set(lines.map((l) => l.source.priceId))).toEqual(new Set(['cognito.lite.mau']));
  });

  it('assumptions: the free MAU come from the snapshot’s $0 first tier; request volume and traffic do not drive SSO', () => {
    const essentials = ssoLines(sso({ mau: dec(5) }), book).assumptions.join('\n');
    expect(essentials).toContain('first 10,000 MAU are free');
    expect(essentials).toContain('request volume does not drive SSO cost');
    expect(essentials).toContain('do not scale with traffic');
    expect(ssoLines(sso({ cognitoPlan: 'plus', mau: dec(5) }), book).assumptions.join('\n')).toContain('no free MAU');
  });
});

describe('Cognito machine-to-machine', () => {
  it('3 app clients × $6 + 1,000,000 token requests × $0.00225 = $2,268.00', () => {
    const { lines, findings } = ssoLines(sso({ m2mAppClients: 3, m2mTokenRequestsPerMonth: dec(1_000_000) }), book);
    expect(lines.slice(1).map((l) => [l.source.priceId, l.quantity.toFixed(), l.cost.toFixed(2)])).toEqual([
      ['cognito.m2m.app-clients', '3', '18.00'],
      ['cognito.m2m.token-requests', '1000000', '2250.00'],
    ]);
    expect(total(lines).toFixed(2)).toBe('2268.00');
    expect(findings).toEqual([]);
  });

  it('token requests without an app client: COGNITO_M2M_WITHOUT_APP_CLIENT (warn)', () => {
    const { findings, assumptions } = ssoLines(sso({ m2mTokenRequestsPerMonth: dec(10) }), book);
    expect(findings.map((f) => [f.code, f.level])).toEqual([['COGNITO_M2M_WITHOUT_APP_CLIENT', 'warn']]);
    expect(findings[0]!.message).toContain('($6.00 a month each)');
    expect(assumptions.join('\n')).toContain('$2.25 per 1,000');
  });
});

describe('OIDC provider and none', () => {
  it('OIDC: no AWS line; the user’s $0.05 × 1,000 MAU = $50.00, traced to user input', () => {
    const { lines, assumptions } = ssoLines(sso({ provider: 'oidc', mau: dec(1000), oidcUsdPerMau: dec('0.05') }), book);
    expect(lines.map((l) => [l.component, l.quantity.toFixed(), l.unitPrice.toFixed(), l.cost.toFixed(2)])).toEqual([
      ['Okta MAU (external OIDC)', '1000', '0.05', '50.00'],
    ]);
    expect(lines[0]!.source).toMatchObject({ priceId: 'user.oidc.mau', url: 'user input', status: 'user-input', service: 'Okta' });
    expect(assumptions.join('\n')).toContain('no AWS charge');
  });

  it('OIDC without a price: no lines, and an assumption saying the IdP charge is not modelled', () => {
    const { lines, assumptions } = ssoLines(sso({ provider: 'oidc', mau: dec(1000), m2mAppClients: 2 }), book);
    expect(lines).toEqual([]);
    expect(assumptions.join('\n')).toContain('not modelled');
  });

  it('none: no lines, assumptions or findings', () => {
    expect(ssoLines(sso({ provider: 'none', mau: dec(50_000), m2mAppClients: 1 }), book)).toEqual({
      lines: [],
      assumptions: [],
      findings: [],
    });
  });
});

describe('Cognito M2M prices are needed only when M2M is used', () => {
  // Asia Pacific (Thailand): the pricing-page feed has no Cognito prices there; the snapshot takes M2M from us-east-1
  it('prices MAU in a snapshot without M2M prices, and says M2M is not priced when it is asked for', async () => {
    // e.g. a partial "pricing refresh" result: the Thailand snapshot with its M2M prices left out
    const json = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'ap-southeast-7.json'), 'utf8')) as SnapshotJson;
    const noM2m = new PriceBook({ ...json, coverage: 'partial', prices: json.prices.filter((p) => !p.id.startsWith('cognito.m2m.')) });
    expect(noM2m.has('cognito.m2m.app-clients')).toBe(false);
    const lines = ssoLines(sso({ mau: dec(40_000) }), noM2m).lines;
    expect(total(lines).toFixed(2)).toBe('450.00');
    expect(lines[1]!.source).toMatchObject({ priceId: 'cognito.essentials.mau', status: 'assumed' });
    expect(() => ssoLines(sso({ mau: dec(40_000), m2mAppClients: 1 }), noM2m)).toThrow(/no price for cognito\.m2m\.app-clients/);
  });

  it('the bundled Thailand snapshot prices M2M at the us-east-1 figures, traced as assumed', async () => {
    const thailand = await loadPriceBook('ap-southeast-7');
    // 40,000 Essentials MAU: 30,000 × $0.015 = $450; 2 app clients × $6 = $12; 100,000 tokens × $0.00225 = $225
    const { lines } = ssoLines(sso({ mau: dec(40_000), m2mAppClients: 2, m2mTokenRequestsPerMonth: dec(100_000) }), thailand);
    expect(total(lines).toFixed(2)).toBe('687.00');
    const m2m = lines.filter((l) => l.source.priceId.startsWith('cognito.m2m.'));
    expect(m2m.map((l) => [l.source.priceId, l.source.status, l.cost.toFixed(2)])).toEqual([
      ['cognito.m2m.app-clients', 'assumed', '12.00'],
      ['cognito.m2m.token-requests', 'assumed', '225.00'],
    ]);
  });
});
