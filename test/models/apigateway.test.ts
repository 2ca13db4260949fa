import { describe, expect, it } from 'vitest';
import { Decimal, sum } from '../../src/money/decimal.js';
import { roundUsd } from '../../src/money/format.js';
import { apigwLines, meteredUnits, HTTP_METERING_BYTES, WS_METERING_BYTES } from '../../src/models/pricing/apigateway.js';
import { tieredCost } from '../../src/models/pricing/tiers.js';
import { loadPriceBook } from '../../src/prices/load.js';
import { baseWorkload, emptyApi } from '../../src/scenario/defaults.js';
import type { ApiWorkload, Workload } from '../../src/models/workload.js';

const book = await loadPriceBook('us-east-1');
const KB = 1024;

function api(partial: Partial<ApiWorkload>, type: ApiWorkload['type'] = undefined): ApiWorkload {
  return { ...emptyApi('api', type), ...partial };
}
/** AWS's examples price data transfer at the flat first-tier rate, without the 100 GB allowance. */
function awsExampleWorkload(apis: ApiWorkload[], hours = '730'): Workload {
  const w = baseWorkload(apis, { dataTransfer: { pricing: 'first-tier', freeAllowance: false } });
  return { ...w, shape: { ...w.shape, hoursPerMonth: new Decimal(hours) } };
}
function total(w: Workload, mode: 'rest' | 'http' | 'as-configured'): Decimal {
  return sum(apigwLines(w, mode, book).lines.map((l) => l.cost));
}
const cents = (d: Decimal) => roundUsd(d).toFixed(2);

// Worked examples of https://aws.amazon.com/api-gateway/pricing/ (page copy of 2025-11-02,
// same in the 2026-09-20 harvest), listed in shared/reference/aws-facts.md A.7.
describe('AWS API Gateway pricing page worked examples (us-east-1)', () => {
  it('HTTP example 1: 432M requests → $300.00 + $118.80 = $418.80', () => {
    const w = awsExampleWorkload([api({ requestsPerMonth: new Decimal(432_000_000), responseBytes: new Decimal(0) })]);
    const lines = apigwLines(w, 'http', book).lines;
    expect(lines.map((l) => [l.tier, l.quantity.toFixed(), cents(l.cost)])).toEqual([
      ['first 300M', '300000000', '300.00'],
      ['over 300M', '132000000', '118.80'],
    ]);
    expect(cents(total(w, 'http'))).toBe('418.80');
  });

  it('HTTP example 2: 25 calls/min of 4.5 MB for 30 days = 9 metered units each → 9.72M → $9.72', () => {
    const calls = new Decimal(25 * 60 * 24 * 30);
    const w = awsExampleWorkload([
      api({ requestsPerMonth: calls, requestBytes: new Decimal(4.5 * 1024 * KB), responseBytes: new Decimal(0) }),
    ]);
    expect(meteredUnits(new Decimal(4.5 * 1024 * KB), HTTP_METERING_BYTES).toFixed()).toBe('9');
    const lines = apigwLines(w, 'http', book).lines;
    expect(lines[0]!.quantity.toFixed()).toBe('9720000');
    expect(cents(total(w, 'http'))).toBe('9.72');
  });

  it('REST example 1: 5M calls with 3 KB responses → $17.50 + DTO 14.3 GB × $0.09 ($1.29) = $18.79', () => {
    const w = awsExampleWorkload([api({ requestsPerMonth: new Decimal(5_000_000), responseBytes: new Decimal(3 * KB) })]);
    const lines = apigwLines(w, 'rest', book).lines;
    expect(cents(lines[0]!.cost)).toBe('17.50');
    const dto = lines.find((l) => l.component.startsWith('Data transfer'))!;
    expect(dto.quantity.toDecimalPlaces(1).toFixed()).toBe('14.3');
    expect(cents(dto.cost)).toBe('1.29');
    expect(cents(total(w, 'rest'))).toBe('18.79');
  });

  it('REST example 2: 15B calls with 4 KB responses → $36,353.10 + DTO $5,149.84 = $41,502.94', () => {
    const w = awsExampleWorkload([api({ requestsPerMonth: new Decimal(15_000_000_000), responseBytes: new Decimal(4 * KB) })]);
    const lines = apigwLines(w, 'rest', book).lines;
    expect(lines.slice(0, 3).map((l) => [l.tier, cents(l.cost)])).toEqual([
      ['first 333M', '1165.50'],
      ['next 667M', '1867.60'],
      ['next 19B', '33320.00'],
    ]);
    expect(cents(sum(lines.slice(0, 3).map((l) => l.cost)))).toBe('36353.10');
    const dto = lines[3]!;
    expect(dto.quantity.toDecimalPlaces(2).toFixed()).toBe('57220.46');
    expect(cents(dto.cost)).toBe('5149.84');
    expect(cents(total(w, 'rest'))).toBe('41502.94');
  });

  it('Private REST API: 5M calls, 0.3 KB / 3 KB, endpoint in 1 AZ for 720 h → $17.50 + $7.20 + $0.16 = $24.86', () => {
    const w = awsExampleWorkload(
      [
        api({
          requestsPerMonth: new Decimal(5_000_000),
          requestBytes: new Decimal(0.3 * KB),
          responseBytes: new Decimal(3 * KB),
          privateEndpointAzs: 1,
        }),
      ],
      '720',
    );
    const lines = apigwLines(w, 'rest', book).lines;
    expect(lines.map((l) => [l.component, cents(l.cost)])).toEqual([
      ['REST API requests', '17.50'],
      ['Interface VPC endpoint execute-api, 1 AZ (api)', '7.20'],
      ['Interface VPC endpoint data processed (api)', '0.16'],
    ]);
    expect(lines[2]!.quantity.toDecimalPlaces(1).toFixed()).toBe('15.7');
    expect(cents(total(w, 'rest'))).toBe('24.86');
  });

  it('Caching: 1.6 GB cache → $0.038 × 24 h = $0.912 a day', () => {
    const w = awsExampleWorkload([api({ requestsPerMonth: new Decimal(1), cacheSizeGb: '1.6', responseBytes: new Decimal(0) })], '24');
    const cache = apigwLines(w, 'rest', book).lines.find((l) => l.component.startsWith('REST API cache'))!;
    expect(cache.unitPrice.toFixed()).toBe('0.038');
    expect(cache.cost.toFixed(3)).toBe('0.912');
  });

  it('WebSocket chat: 1,000 users × 600 messages/day of 3 KB, 12 h/day connected, 30 days → $18.00 + $5.40 = $23.40', () => {
    const w = awsExampleWorkload([
      api({
        messagesPerMonth: new Decimal(1000 * 600 * 30),
        messageBytes: new Decimal(3 * KB),
        connectionMinutesPerMonth: new Decimal(1000 * 12 * 60 * 30),
        // AWS's example leaves out data transfer out: no message counted as sent to clients
        wsOutboundShare: new Decimal(0),
      }),
    ]);
    const lines = apigwLines(w, 'as-configured', book).lines;
    expect(lines.map((l) => [l.component, l.quantity.toFixed(), cents(l.cost)])).toEqual([
      ['WebSocket messages (32 KB metered)', '18000000', '18.00'],
      ['WebSocket connection minutes', '21600000', '5.40'],
    ]);
    expect(cents(total(w, 'as-configured'))).toBe('23.40');
  });
});

// infracost golden tests (us-east-1), shared/reference/aws-facts.json apiGateway.infracostGoldenVectors
describe('tier ladders agree with infracost golden values', () => {
  const cases: [string, string, string][] = [
    ['apigw.rest.requests', '333000000', '1165.50'],
    ['apigw.rest.requests', '1000000000', '3033.10'], // 1165.50 + 1867.60
    ['apigw.rest.requests', '20000000000', '48253.10'], // + 45220.00
    ['apigw.rest.requests', '21000000000', '49763.10'], // + 1510.00
    ['apigw.http.requests', '300000000', '300.00'],
    ['apigw.http.requests', '1000000000', '930.00'], // + 630.00
    ['apigw.websocket.messages', '1000000000', '1000.00'],
    ['apigw.websocket.messages', '1500000000', '1400.00'], // + 400.00
    ['apigw.websocket.connection-minutes', '10000000', '2.50'],
  ];
  it.each(cases)('%s × %s → $%s', (id, qty, usd) => {
    expect(cents(tieredCost(book.get(id), new Decimal(qty)))).toBe(usd);
  });
  it('cache 0.5 GB and 237 GB for 730 h → $14.60 and $2,774.00', () => {
    expect(cents(tieredCost(book.get('apigw.rest.cache.0-5gb'), new Decimal(730)))).toBe('14.60');
    expect(cents(tieredCost(book.get('apigw.rest.cache.237gb'), new Decimal(730)))).toBe('2774.00');
  });
});

describe('metering and options', () => {
  it('meters at least one unit and rounds up at the increment', () => {
    expect(meteredUnits(new Decimal(0), HTTP_METERING_BYTES).toFixed()).toBe('1');
    expect(meteredUnits(new Decimal(512 * KB), HTTP_METERING_BYTES).toFixed()).toBe('1');
    expect(meteredUnits(new Decimal(512 * KB + 1), HTTP_METERING_BYTES).toFixed()).toBe('2');
    expect(meteredUnits(new Decimal(33 * KB), WS_METERING_BYTES).toFixed()).toBe('2'); // AWS: a 33 KB message is billed as two
  });

  it('aggregates REST tiers across APIs rather than per API', () => {
    const w = awsExampleWorkload([
      api({ name: 'a', requestsPerMonth: new Decimal(200_000_000), responseBytes: new Decimal(0) }, 'rest'),
      api({ name: 'b', requestsPerMonth: new Decimal(200_000_000), responseBytes: new Decimal(0) }, 'rest'),
    ]);
    // 333M × 3.50 + 67M × 2.80 = 1165.50 + 187.60
    expect(cents(total(w, 'as-configured'))).toBe('1353.10');
  });

  it('the legacy free tier is its own negative line and only when opted in', () => {
    const apis = [api({ requestsPerMonth: new Decimal(5_000_000), responseBytes: new Decimal(0) })];
    const without = apigwLines(awsExampleWorkload(apis), 'rest', book).lines;
    expect(without.some((l) => l.tier === 'free tier (opt-in)')).toBe(false);
    const w = { ...awsExampleWorkload(apis), freeTier: 'legacy12m' as const };
    const lines = apigwLines(w, 'rest', book).lines;
    const free = lines.find((l) => l.tier === 'free tier (opt-in)')!;
    expect(free.quantity.toFixed()).toBe('-1000000');
    expect(cents(free.cost)).toBe('-3.50');
    expect(cents(total(w, 'rest'))).toBe('14.00');
  });

  it('HTTP options leave out REST-only features with a finding', () => {
    const w = awsExampleWorkload([api({ requestsPerMonth: new Decimal(1_000_000), cacheSizeGb: '0.5', wafRules: 3 })]);
    const res = apigwLines(w, 'http', book);
    expect(res.findings.map((f) => f.code).sort()).toEqual(['CACHE_REST_ONLY', 'WAF_NOT_SUPPORTED']);
    expect(res.lines.some((l) => l.component.includes('cache') || l.component.includes('WAF'))).toBe(false);
    const rest = apigwLines(w, 'rest', book);
    expect(rest.lines.filter((l) => l.component.startsWith('AWS WAF')).map((l) => cents(l.cost))).toEqual(['5.00', '3.00', '0.60']);
  });

  it('tiered data transfer out crosses its 10 TB boundary and the 100 GB allowance is opt-in', () => {
    const gbBytes = new Decimal(1024).pow(3);
    const w = baseWorkload([api({ requestsPerMonth: new Decimal(20480), responseBytes: gbBytes })]); // 20,480 GB out
    const dto = apigwLines(w, 'rest', book).lines.filter((l) => l.component.startsWith('Data transfer'));
    expect(dto.map((l) => [l.tier, l.quantity.toFixed(), cents(l.cost)])).toEqual([
      ['first 10 TB', '10240', '921.60'],
      ['next 40 TB', '10240', '870.40'],
    ]);
    const withFree = apigwLines({ ...w, dataTransfer: { pricing: 'tiered', freeAllowance: true } }, 'rest', book).lines;
    expect(cents(withFree.find((l) => l.component.includes('free allowance'))!.cost)).toBe('-9.00');
  });
});

describe('data transfer with a $0 opening tier (as a refreshed price list may have)', () => {
  it('first-tier pricing and the free allowance use the first paid rate', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { BUNDLED_PRICING_DIR } = await import('../../src/prices/load.js');
    const { PriceBook } = await import('../../src/prices/price-book.js');
    const json = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8'));
    const dto = json.prices.find((p: { id: string }) => p.id === 'dto.internet-out');
    dto.tiers = [{ from: '0', to: '1', usdPerUnit: '0' }, { ...dto.tiers[0], from: '1' }, ...dto.tiers.slice(1)];
    const zeroFirst = new PriceBook(json);
    const gbBytes = new Decimal(1024).pow(3);
    const w = baseWorkload([api({ requestsPerMonth: new Decimal(500), responseBytes: gbBytes })], {
      dataTransfer: { pricing: 'first-tier', freeAllowance: true },
    });
    const lines = apigwLines(w, 'rest', zeroFirst).lines.filter((l) => l.component.startsWith('Data transfer'));
    expect(lines.map((l) => [l.quantity.toFixed(), l.unitPrice.toFixed(), cents(l.cost)])).toEqual([
      ['500', '0.09', '45.00'],
      ['-100', '0.09', '-9.00'],
    ]);
  });
});
