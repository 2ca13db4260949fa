import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/decimal.js';
import { BUNDLED_PRICING_DIR } from '../../src/prices/load.js';
import type { SnapshotJson } from '../../src/prices/schema.js';

/**
 * The built snapshots against real AWS Price List offer files of 2026, to the unit price. Every
 * expected value below is copied from the offer file named above it (SKU, usage type, ranges,
 * PricePerUnit), not from the snapshots or the feed they were built from.
 */
const snapshot = (region: string) => JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', `${region}.json`), 'utf8')) as SnapshotJson;

type Tier = [from: string, to: string | null, usd: string];
interface Expected {
  id: string;
  sku?: string;
  usageType?: string;
  tiers: Tier[];
}

function check(region: string, expected: Expected[]) {
  const snap = snapshot(region);
  for (const e of expected) {
    const p = snap.prices.find((x) => x.id === e.id);
    expect(p, `${region} ${e.id}`).toBeDefined();
    if (e.sku) expect(p!.sku, `${region} ${e.id} SKU`).toBe(e.sku);
    if (e.usageType) expect(p!.usageType, `${region} ${e.id} usage type`).toBe(e.usageType);
    expect(
      p!.tiers.map((t) => [t.from, t.to]),
      `${region} ${e.id} ranges`,
    ).toEqual(e.tiers.map(([from, to]) => [from, to]));
    p!.tiers.forEach((t, i) => {
      expect(dec(t.usdPerUnit).eq(dec(e.tiers[i]![2])), `${region} ${e.id} tier ${i}: ${t.usdPerUnit} vs ${e.tiers[i]![2]}`).toBe(true);
    });
  }
}

describe('eu-west-2 against the 2026-08-31 offer files', () => {
  // AmazonApiGateway-eu-west-2.csv, publication 2026-08-31T09:21:34Z:
  // github.com/mooncitizen/togen @ 36c1abbf17c7cd190fb02627aefb401567190523, internal/cost/cmd/testdata/
  it('API Gateway: REST, HTTP, WebSocket and the 8 cache sizes', () => {
    check('eu-west-2', [
      {
        id: 'apigw.rest.requests',
        sku: 'Z5KFC4J7492YHH8P',
        usageType: 'EUW2-ApiGatewayRequest',
        tiers: [
          ['0', '333000000', '0.0000035000'],
          ['333000000', '1000000000', '0.0000033300'],
          ['1000000000', '20000000000', '0.0000028300'],
          ['20000000000', null, '0.0000018000'],
        ],
      },
      {
        id: 'apigw.http.requests',
        sku: 'MFY3FVZZSQWYVNHM',
        usageType: 'EUW2-ApiGatewayHttpRequest',
        tiers: [
          ['0', '300000000', '0.0000011600'],
          ['300000000', null, '0.0000010400'],
        ],
      },
      {
        id: 'apigw.websocket.messages',
        sku: 'DTYB27HD2NY6J9PE',
        usageType: 'EUW2-ApiGatewayMessage',
        tiers: [
          ['0', '1000000000', '0.0000011900'],
          ['1000000000', null, '0.0000009900'],
        ],
      },
      {
        id: 'apigw.websocket.connection-minutes',
        sku: '6D5C8TZF2MZR23T2',
        usageType: 'EUW2-ApiGatewayMinute',
        tiers: [['0', null, '0.0000002970']],
      },
      {
        id: 'apigw.rest.cache.0-5gb',
        sku: 'U9TEZ938XU4FEKFE',
        usageType: 'EUW2-ApiGatewayCacheUsage:0.5GB',
        tiers: [['0', null, '0.0200000000']],
      },
      {
        id: 'apigw.rest.cache.1-6gb',
        sku: '4YW7EQ9JRNYD7SGX',
        usageType: 'EUW2-ApiGatewayCacheUsage:1.55GB',
        tiers: [['0', null, '0.0380000000']],
      },
      {
        id: 'apigw.rest.cache.6-1gb',
        sku: 'JH5Z3JRFJ2SVCYYT',
        usageType: 'EUW2-ApiGatewayCacheUsage:6.05GB',
        tiers: [['0', null, '0.2000000000']],
      },
      {
        id: 'apigw.rest.cache.13-5gb',
        sku: 'QPSUEK8GD8PAKZSZ',
        usageType: 'EUW2-ApiGatewayCacheUsage:13.5GB',
        tiers: [['0', null, '0.2500000000']],
      },
      {
        id: 'apigw.rest.cache.28-4gb',
        sku: 'RMSFGVHH65KMV2UQ',
        usageType: 'EUW2-ApiGatewayCacheUsage:28.4GB',
        tiers: [['0', null, '0.5000000000']],
      },
      {
        id: 'apigw.rest.cache.58-2gb',
        sku: 'K5UP5MV7CDS92WYD',
        usageType: 'EUW2-ApiGatewayCacheUsage:58.2GB',
        tiers: [['0', null, '1.0000000000']],
      },
      {
        id: 'apigw.rest.cache.118gb',
        sku: 'Q2DQZVEXAMHHRAQQ',
        usageType: 'EUW2-ApiGatewayCacheUsage:118GB',
        tiers: [['0', null, '1.9000000000']],
      },
      {
        id: 'apigw.rest.cache.237gb',
        sku: '43R4BMN9UGAUJNJP',
        usageType: 'EUW2-ApiGatewayCacheUsage:237GB',
        tiers: [['0', null, '3.8000000000']],
      },
    ]);
  });

  // AWSELB-eu-west-2.csv, publication 2026-08-31T09:22:55Z: same repository @ fdee117423ceda3ca613fa90f8411ac1d32a0127
  it('ELB: ALB and NLB hours and LCU-hours', () => {
    check('eu-west-2', [
      { id: 'alb.hours', sku: '6AP766DZF74JPTE2', usageType: 'EUW2-LoadBalancerUsage', tiers: [['0', null, '0.0264600000']] },
      { id: 'alb.lcu-hours', sku: 'D4JRRS3AFPHRV7RF', usageType: 'EUW2-LCUUsage', tiers: [['0', null, '0.0084000000']] },
      { id: 'nlb.hours', sku: 'QSWHNGUEGEPBSPC6', usageType: 'EUW2-LoadBalancerUsage', tiers: [['0', null, '0.0264600000']] },
      { id: 'nlb.lcu-hours', sku: 'T9SXURTB56US7RTF', usageType: 'EUW2-LCUUsage', tiers: [['0', null, '0.0060000000']] },
    ]);
    const snap = snapshot('eu-west-2');
    expect(snap.prices.find((p) => p.id === 'alb.hours')!.productFamily).toBe('Load Balancer-Application');
    expect(snap.prices.find((p) => p.id === 'nlb.hours')!.productFamily).toBe('Load Balancer-Network');
  });

  // AWSDataTransfer-eu-west-2.csv, publication 2026-08-31T12:14:48Z: same repository @ cfc3c384dbc96449dc936479107b9bc0723104e8
  // (SKU QZ73H5RGR5JYYB4D there; the feed's data-transfer form has no SKU, so none is compared)
  it('data transfer out to the internet: all four tiers', () => {
    check('eu-west-2', [
      {
        id: 'dto.internet-out',
        usageType: 'EUW2-DataTransfer-Out-Bytes',
        tiers: [
          ['0', '10240', '0.0900000000'],
          ['10240', '51200', '0.0850000000'],
          ['51200', '153600', '0.0700000000'],
          ['153600', null, '0.0500000000'],
        ],
      },
    ]);
  });
});

describe('eu-west-1 against the 2026-09-21 API Gateway offer (extract)', () => {
  // pricing_eu-west-1.json, AmazonApiGateway published 2026-09-21T23:14:04Z:
  // github.com/mamtha4u/SDLC @ 45b7bae453281a7599bcbe863f7e547e2fd5e1ef, backend/config/pricing_eu-west-1.json
  it('REST 4 tiers and HTTP 2 tiers', () => {
    check('eu-west-1', [
      {
        id: 'apigw.rest.requests',
        usageType: 'EU-ApiGatewayRequest',
        tiers: [
          ['0', '333000000', '0.0000035'],
          ['333000000', '1000000000', '0.00000319'],
          ['1000000000', '20000000000', '0.00000271'],
          ['20000000000', null, '0.00000172'],
        ],
      },
      {
        id: 'apigw.http.requests',
        usageType: 'EU-ApiGatewayHttpRequest',
        tiers: [
          ['0', '300000000', '0.00000111'],
          ['300000000', null, '0.000001'],
        ],
      },
    ]);
  });
});
