import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageSuffix, usageTypeCandidates } from '../../src/models/pricing-list/billing-codes.js';
import { PRICE_SPECS, planQueries, specOf } from '../../src/models/pricing-list/catalog.js';
import { checkTiers, normaliseDecimal, parsePriceListItem, rawTiers, type PriceListItem } from '../../src/models/pricing-list/item.js';
import { mapPriceList, nearestCacheSize, toPriceItem } from '../../src/models/pricing-list/map.js';
import { buildSnapshot, diffPrices } from '../../src/models/pricing-list/snapshot.js';
import { BUNDLED_PRICING_DIR } from '../../src/prices/load.js';
import { billingCode } from '../../src/prices/regions.js';
import { snapshotSchema, type PriceItemJson, type SnapshotJson } from '../../src/prices/schema.js';
import { priceListItem } from '../helpers/aws-server.js';

const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8')) as SnapshotJson;
const parse = (text: string): PriceListItem => {
  const r = parsePriceListItem(text);
  if ('problem' in r) throw new Error(r.problem);
  return r.item;
};

/** The REST API request product as GetProducts returns it (aws-facts.md A.1, A.8, D.3): 4 tiers, 10-decimal prices, dimensions in no particular order. */
const restItem = priceListItem({
  sku: 'KKDZ3TFSXUSMCZ3A',
  serviceCode: 'AmazonApiGateway',
  productFamily: 'API Calls',
  attributes: {
    regionCode: 'us-east-1',
    location: 'US East (N. Virginia)',
    locationType: 'AWS Region',
    usagetype: 'USE1-ApiGatewayRequest',
    operation: 'ApiGatewayRequest',
    description: 'API calls received',
    servicename: 'Amazon API Gateway',
  },
  publicationDate: '2026-10-07T22:41:09Z',
  dimensions: [
    {
      begin: '1000000000',
      end: '20000000000',
      usd: '0.0000023800',
      description: '$2.38/million requests - API Gateway REST API (next 19 billion)',
    },
    { begin: '0', end: '333000000', usd: '0.0000035000', description: '$3.50/million requests - API Gateway REST API (first 333 million)' },
    { begin: '20000000000', usd: '0.0000015100', description: '$1.51/million requests - API Gateway REST API (over 20 billion)' },
    {
      begin: '333000000',
      end: '1000000000',
      usd: '0.0000028000',
      description: '$2.80/million requests - API Gateway REST API (next 667 million)',
    },
  ],
});

describe('price-list decimals', () => {
  it.each([
    ['0.0000035000', '0.0000035'],
    ['0.0000000000', '0'],
    ['5.00', '5'],
    ['0.0200000000', '0.02'],
    ['333000000', '333000000'],
    ['00.50', '0.5'],
    ['1048576.0000000000', '1048576'],
  ])('%s → %s (string arithmetic, no float)', (input, out) => expect(normaliseDecimal(input)).toBe(out));
  it.each(['1e-7', '-0.01', '', 'Inf', '0.000000350000000000000000001x'])('%j is not a price', (input) =>
    expect(normaliseDecimal(input)).toBeUndefined(),
  );
  it('keeps every digit a float would lose', () =>
    expect(normaliseDecimal('0.00000012345678901234567890')).toBe('0.0000001234567890123456789'));
});

describe('billing codes (usage-type prefixes)', () => {
  it('eu-west-1 is EU, not EUW1; Tokyo APN1; Mumbai APS3', () => {
    expect(billingCode('eu-west-1')).toBe('EU');
    expect(billingCode('ap-northeast-1')).toBe('APN1');
    expect(billingCode('ap-south-1')).toBe('APS3');
    expect(billingCode('xx-nowhere-1')).toBeUndefined();
    expect(billingCode('toString')).toBeUndefined();
  });
  it('us-east-1 is tried with and without USE1-, other Regions only prefixed', () => {
    expect(usageTypeCandidates('us-east-1', 'USE1', 'LCUUsage')).toEqual(['USE1-LCUUsage', 'LCUUsage']);
    expect(usageTypeCandidates('us-east-1', 'USE1', 'BoxUsage:c6g.large', true)).toEqual(['BoxUsage:c6g.large', 'USE1-BoxUsage:c6g.large']);
    expect(usageTypeCandidates('eu-west-1', 'EU', 'LCUUsage', true)).toEqual(['EU-LCUUsage']);
  });
  it("strips the Region prefix, and only that Region's", () => {
    expect(usageSuffix('eu-west-1', 'EU', 'EU-LCUUsage')).toBe('LCUUsage');
    expect(usageSuffix('eu-west-1', 'EU', 'EUW2-LCUUsage')).toBeUndefined();
    expect(usageSuffix('us-east-1', 'USE1', 'LoadBalancerUsage')).toBe('LoadBalancerUsage');
    expect(usageSuffix('us-east-1', 'USE1', 'USE2-LoadBalancerUsage')).toBeUndefined();
  });
});

describe('catalog: every bundled price id has a price-list filter', () => {
  // AWS WAF Bot Control's usage types are not in any source: its prices come from the pricing-page feed only
  const UNMAPPED = ['waf.bot-control.common.requests', 'waf.bot-control.month', 'waf.bot-control.targeted.requests'];
  it('covers exactly the ids of the bundled us-east-1 snapshot, but for the Bot Control prices no usage type is known for', () => {
    expect(PRICE_SPECS.map((s) => s.id).sort()).toEqual(
      usEast1.prices
        .map((p) => p.id)
        .filter((id) => !UNMAPPED.includes(id))
        .sort(),
    );
  });
  it('units and usage types agree with the bundled snapshot', () => {
    for (const p of usEast1.prices.filter((x) => !UNMAPPED.includes(x.id))) {
      const spec = specOf(p.id)!;
      expect(spec.unit, p.id).toBe(p.unit);
      expect(spec.serviceCode, p.id).toBe(p.service);
      if (spec.usageSuffix) expect(usageTypeCandidates('us-east-1', 'USE1', spec.usageSuffix, spec.bareFirst), p.id).toContain(p.usageType);
    }
  });
  it('eu-west-1: one query for API Gateway, one per other price, filtered by regionCode and the EU- usage type', () => {
    const q = planQueries('eu-west-1', 'EU');
    expect(q).toHaveLength(1 + PRICE_SPECS.length - 12);
    expect(q[0]).toEqual({
      key: 'AmazonApiGateway',
      serviceCode: 'AmazonApiGateway',
      attempts: [[{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' }]],
      ids: PRICE_SPECS.slice(0, 12).map((s) => s.id),
    });
    expect(q.find((x) => x.key === 'ec2.c6g-large.hours')!.attempts).toEqual([
      [
        { Type: 'TERM_MATCH', Field: 'usagetype', Value: 'EU-BoxUsage:c6g.large' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
        { Type: 'TERM_MATCH', Field: 'operation', Value: 'RunInstances' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
      ],
    ]);
    expect(q.find((x) => x.key === 'alb.hours')!.attempts[0]).toContainEqual({
      Type: 'TERM_MATCH',
      Field: 'productFamily',
      Value: 'Load Balancer-Application',
    });
    // AWSDataTransfer products name from/to locations, not a regionCode: the usage type's prefix pins the Region
    expect(q.find((x) => x.key === 'dto.internet-out')!.attempts).toEqual([
      [{ Type: 'TERM_MATCH', Field: 'usagetype', Value: 'EU-DataTransfer-Out-Bytes' }],
    ]);
  });
});

describe('cache sizes: price-list cacheMemorySizeGb → API cacheClusterSize by nearest size', () => {
  it.each([
    ['1.55', '1.6'],
    ['6.05', '6.1'],
    ['0.5', '0.5'],
    ['13.5', '13.5'],
    ['118.0', '118'],
    ['237', '237'],
  ])('%s GB → %s', (memory, size) => expect(nearestCacheSize(memory)).toBe(size));
  it.each(['3.0', '300', '0.25', 'n/a'])('%s GB is near no API size', (memory) => expect(nearestCacheSize(memory)).toBeUndefined());
});

describe('PriceList item → snapshot price', () => {
  it('REST requests: tiers sorted from beginRange/endRange, "Inf" open-ended, prices normalised, source from the item', () => {
    const r = toPriceItem(parse(restItem), specOf('apigw.rest.requests')!);
    expect(r).toEqual({
      notes: [],
      price: {
        id: 'apigw.rest.requests',
        service: 'AmazonApiGateway',
        productFamily: 'API Calls',
        usageType: 'USE1-ApiGatewayRequest',
        sku: 'KKDZ3TFSXUSMCZ3A',
        unit: 'request',
        description: 'REST API requests',
        tiers: [
          { from: '0', to: '333000000', usdPerUnit: '0.0000035' },
          { from: '333000000', to: '1000000000', usdPerUnit: '0.0000028' },
          { from: '1000000000', to: '20000000000', usdPerUnit: '0.00000238' },
          { from: '20000000000', to: null, usdPerUnit: '0.00000151' },
        ],
        source: { url: 'AWS Price List API GetProducts (AmazonApiGateway)', publicationDate: '2026-10-07', status: 'pricing-api' },
      },
    });
    // the result is what the bundled snapshot holds for this price
    const bundled = usEast1.prices.find((p) => p.id === 'apigw.rest.requests')!;
    expect((r as { price: PriceItemJson }).price.tiers).toEqual(bundled.tiers);
  });

  it('a PriceList entry the SDK already parsed is read too; one that is not JSON is reported', () => {
    expect(parsePriceListItem(JSON.parse(restItem))).toMatchObject({ item: { product: { sku: 'KKDZ3TFSXUSMCZ3A' } } });
    expect(parsePriceListItem('<html>')).toEqual({ problem: 'a PriceList entry is not valid JSON' });
    expect(parsePriceListItem('{"terms":{}}')).toEqual({ problem: 'a PriceList entry has no product.sku or product.attributes' });
  });

  it('a dimension without a USD price is skipped with a note; overlapping dimensions make the price unusable', () => {
    const item = parse(
      priceListItem({
        sku: 'SKU1',
        serviceCode: 'awswaf',
        attributes: { regionCode: 'us-east-1', usagetype: 'USE1-WebACLV2' },
        dimensions: [{ usd: '5.0000000000', unit: 'WebACL-Mo' }],
      }).replace(
        '"pricePerUnit":{"USD":"5.0000000000"}',
        '"pricePerUnit":{"USD":"5.0000000000"}},"SKU1.JRTCKXETXF.CNY":{"rateCode":"SKU1.JRTCKXETXF.CNY","beginRange":"0","endRange":"Inf","pricePerUnit":{"CNY":"36.0000000000"}',
      ),
    );
    const r = rawTiers(item);
    expect(r).toEqual({
      tiers: [{ from: '0', to: null, usdPerUnit: '5', rateCode: 'SKU1.JRTCKXETXF.RATE0' }],
      notes: ['SKU SKU1: price dimension SKU1.JRTCKXETXF.CNY skipped (no USD price: {"CNY":"36.0000000000"})'],
    });
    expect(
      checkTiers([
        { from: '0', to: '10', usdPerUnit: '1', rateCode: 'a' },
        { from: '5', to: null, usdPerUnit: '2', rateCode: 'b' },
      ]),
    ).toEqual({ problem: 'price dimensions overlap or leave a gap: 0–10 then 5–Inf' });
    expect(
      checkTiers([
        { from: '0', to: null, usdPerUnit: '1', rateCode: 'a' },
        { from: '0', to: null, usdPerUnit: '2', rateCode: 'b' },
      ]),
    ).toEqual({ problem: 'price dimensions overlap or leave a gap: 0–Inf then 0–Inf' });
  });

  it('uses the JRTCKXETXF term; a single other on-demand term is used with a note; several are refused', () => {
    const base = {
      sku: 'S2',
      serviceCode: 'AWSELB',
      productFamily: 'Load Balancer-Application',
      attributes: { regionCode: 'us-east-1', usagetype: 'USE1-LCUUsage' },
      dimensions: [],
    };
    const dims = {
      'S2.OTHER.R': { rateCode: 'S2.OTHER.R', beginRange: '0', endRange: 'Inf', unit: 'LCU-Hrs', pricePerUnit: { USD: '0.0080000000' } },
    };
    const one = toPriceItem(
      parse(priceListItem({ ...base, onDemand: { 'S2.OTHER': { offerTermCode: 'OTHER', priceDimensions: dims } } })),
      specOf('alb.lcu-hours')!,
    );
    expect(one).toMatchObject({
      price: { tiers: [{ from: '0', to: null, usdPerUnit: '0.008' }] },
      notes: ['SKU S2: on-demand term OTHER used (no JRTCKXETXF)'],
    });
    const two = toPriceItem(
      parse(
        priceListItem({
          ...base,
          onDemand: { 'S2.A': { offerTermCode: 'A', priceDimensions: dims }, 'S2.B': { offerTermCode: 'B', priceDimensions: dims } },
        }),
      ),
      specOf('alb.lcu-hours')!,
    );
    expect(two).toEqual({ problem: 'SKU S2 has 2 OnDemand terms and none is JRTCKXETXF' });
  });

  it('Cognito: the free MAU the price list leaves out are carried over from the bundled price', () => {
    const essentials = parse(
      priceListItem({
        sku: 'COGE',
        serviceCode: 'AmazonCognito',
        productFamily: 'User Pool MAU',
        attributes: { regionCode: 'us-east-1', usagetype: 'USE1-CognitoEssentialsMAU' },
        dimensions: [{ usd: '0.0150000000', unit: 'MAU' }],
      }),
    );
    const bundledE = usEast1.prices.find((p) => p.id === 'cognito.essentials.mau')!;
    const e = toPriceItem(essentials, specOf('cognito.essentials.mau')!, { bundled: bundledE });
    expect(e).toMatchObject({
      price: {
        tiers: [
          { from: '0', to: '10000', usdPerUnit: '0' },
          { from: '10000', to: null, usdPerUnit: '0.015' },
        ],
        source: { note: 'first 10000 MAU free: carried over from the bundled snapshot' },
      },
      notes: ['cognito.essentials.mau: first 10000 MAU free carried over from the bundled snapshot (not in the price list)'],
    });
    const lite = parse(
      priceListItem({
        sku: 'COGL',
        serviceCode: 'AmazonCognito',
        attributes: { regionCode: 'us-east-1', usagetype: 'USE1-CognitoLiteMAU' },
        dimensions: [
          { begin: '0', end: '100000', usd: '0.0055000000' },
          { begin: '100000', end: '1000000', usd: '0.0046000000' },
          { begin: '1000000', end: '10000000', usd: '0.0032500000' },
          { begin: '10000000', usd: '0.0025000000' },
        ],
      }),
    );
    const bundledL = usEast1.prices.find((p) => p.id === 'cognito.lite.mau')!;
    expect((toPriceItem(lite, specOf('cognito.lite.mau')!, { bundled: bundledL }) as { price: PriceItemJson }).price.tiers).toEqual(
      bundledL.tiers,
    );
    // a price list that has the free tier itself is taken as it is
    const withFree = parse(
      priceListItem({
        sku: 'COGE2',
        serviceCode: 'AmazonCognito',
        attributes: { regionCode: 'us-east-1', usagetype: 'USE1-CognitoEssentialsMAU' },
        dimensions: [
          { begin: '0', end: '10000', usd: '0.0000000000' },
          { begin: '10000', usd: '0.0160000000' },
        ],
      }),
    );
    expect(toPriceItem(withFree, specOf('cognito.essentials.mau')!, { bundled: bundledE })).toMatchObject({
      notes: [],
      price: {
        tiers: [
          { from: '0', to: '10000', usdPerUnit: '0' },
          { from: '10000', to: null, usdPerUnit: '0.016' },
        ],
      },
    });
  });
});

describe('mapPriceList', () => {
  const q = planQueries('us-east-1', 'USE1');
  const ec2 = q.find((x) => x.key === 'ec2.c6g-large.hours')!;
  const ec2Item = (sku: string, usd: string, attrs: Record<string, string> = {}) =>
    priceListItem({
      sku,
      serviceCode: 'AmazonEC2',
      productFamily: 'Compute Instance',
      attributes: {
        regionCode: 'us-east-1',
        usagetype: 'BoxUsage:c6g.large',
        operation: 'RunInstances',
        capacitystatus: 'Used',
        preInstalledSw: 'NA',
        tenancy: 'Shared',
        instanceType: 'c6g.large',
        ...attrs,
      },
      dimensions: [{ usd, unit: 'Hrs' }],
    });

  it('one fitting product → the price; a product that does not fit the spec is skipped with a note', () => {
    const r = mapPriceList(
      [
        {
          query: ec2,
          attempt: 0,
          entries: [ec2Item('EC2A', '0.0680000000'), ec2Item('EC2W', '0.1600000000', { operation: 'RunInstances:0002' })],
        },
      ],
      { region: 'us-east-1', billingCode: 'USE1' },
    );
    expect(r.prices.map((p) => [p.id, p.sku, p.tiers])).toEqual([
      ['ec2.c6g-large.hours', 'EC2A', [{ from: '0', to: null, usdPerUnit: '0.068' }]],
    ]);
    expect(r.missing).toEqual([]);
    expect(r.notes).toEqual(['AmazonEC2: skipped 1 product(s) the models do not use: Compute Instance BoxUsage:c6g.large']);
  });

  it('several fitting products → ambiguous, left out with their SKUs; none → missing', () => {
    const r = mapPriceList(
      [
        { query: ec2, attempt: 0, entries: [ec2Item('EC2B', '0.0680000000'), ec2Item('EC2A', '0.0690000000')] },
        { query: q.find((x) => x.key === 'waf.rule')!, attempt: undefined, entries: [] },
      ],
      { region: 'us-east-1', billingCode: 'USE1' },
    );
    expect(r.prices).toEqual([]);
    expect(r.missing).toEqual([
      { id: 'waf.rule', reason: 'no product in the price list' },
      { id: 'ec2.c6g-large.hours', reason: '2 products fit (SKUs EC2A, EC2B): ambiguous, left out' },
    ]);
  });

  it('API Gateway: matched by usage-type suffix and cache size; other Regions and unused products skipped', () => {
    const apigw = q[0]!;
    const cache = (sku: string, gb: string, usd: string) =>
      priceListItem({
        sku,
        serviceCode: 'AmazonApiGateway',
        productFamily: 'Amazon API Gateway Cache',
        attributes: { regionCode: 'us-east-1', usagetype: `USE1-CacheUsage:${gb}`, cacheMemorySizeGb: gb },
        dimensions: [{ usd, unit: 'Hrs' }],
      });
    const r = mapPriceList(
      [
        {
          query: apigw,
          attempt: 0,
          entries: [
            restItem,
            restItem
              .replace(/us-east-1/g, 'us-west-2')
              .replace('USE1-', 'USW2-')
              .replace(/KKDZ3TFSXUSMCZ3A/g, 'WEST'),
            cache('C155', '1.55', '0.0380000000'),
            cache('C300', '300', '9.0000000000'),
            priceListItem({
              sku: 'PORT',
              serviceCode: 'AmazonApiGateway',
              productFamily: 'Amazon API Gateway Portals',
              attributes: { regionCode: 'us-east-1', usagetype: 'USE1-PortalProducts' },
              dimensions: [{ usd: '125.0000000000' }],
            }),
          ],
        },
      ],
      { region: 'us-east-1', billingCode: 'USE1' },
    );
    expect(r.prices.map((p) => `${p.id} ${p.sku} ${p.usageType} ${p.tiers[0]!.usdPerUnit} ${p.source.note ?? ''}`)).toEqual([
      'apigw.rest.requests KKDZ3TFSXUSMCZ3A USE1-ApiGatewayRequest 0.0000035 ',
      'apigw.rest.cache.1-6gb C155 USE1-CacheUsage:1.55 0.038 price-list cacheMemorySizeGb 1.55 mapped to cacheClusterSize 1.6 (nearest size)',
    ]);
    expect(r.notes).toEqual([
      'AmazonApiGateway: skipped 2 product(s) the models do not use: Amazon API Gateway Cache USE1-CacheUsage:300 (cacheMemorySizeGb 300), Amazon API Gateway Portals USE1-PortalProducts',
      'apigw.rest.cache.1-6gb: price-list cacheMemorySizeGb 1.55 mapped to cacheClusterSize 1.6 (nearest size)',
    ]);
    expect(r.missing.map((m) => m.id)).toEqual([
      'apigw.http.requests',
      'apigw.websocket.messages',
      'apigw.websocket.connection-minutes',
      'apigw.rest.cache.0-5gb',
      'apigw.rest.cache.6-1gb',
      'apigw.rest.cache.13-5gb',
      'apigw.rest.cache.28-4gb',
      'apigw.rest.cache.58-2gb',
      'apigw.rest.cache.118gb',
      'apigw.rest.cache.237gb',
    ]);
  });
});

describe('snapshot and changes', () => {
  it('partial when a bundled us-east-1 id is missing; allowances carried over only with their price; validates', () => {
    const prices = usEast1.prices
      .filter((p) => p.id !== 'alb.lcu-hours')
      .map((p) => ({
        ...p,
        source: { url: 'AWS Price List API GetProducts (X)', publicationDate: '2026-11-20', status: 'pricing-api' as const },
      }));
    const b = buildSnapshot({
      region: 'us-east-1',
      compiled: '2026-11-21',
      mapped: { prices, missing: [], notes: [] },
      requiredIds: usEast1.prices.map((p) => p.id),
      bundled: usEast1,
    });
    expect(b.snapshot.coverage).toBe('partial');
    expect(b.missingRequired).toEqual(['alb.lcu-hours']);
    expect(b.droppedAllowances).toEqual(['free.alb.lcu-hours']);
    expect(b.carriedAllowances).toHaveLength(6);
    expect(snapshotSchema.safeParse(b.snapshot).success).toBe(true);
    const full = buildSnapshot({
      region: 'us-east-1',
      compiled: '2026-11-21',
      mapped: { prices: usEast1.prices, missing: [], notes: [] },
      requiredIds: usEast1.prices.map((p) => p.id),
      bundled: undefined,
    });
    expect(full.snapshot).toMatchObject({ coverage: 'complete', origin: 'pricing-api', allowances: [] });
  });

  it('prices compare as decimals ("5.00" = "5"); changed, added and removed tiers are listed', () => {
    const item = (id: string, tiers: Array<[string, string | null, string]>): PriceItemJson => ({
      id,
      service: 's',
      usageType: 'u',
      unit: 'x',
      description: 'd',
      tiers: tiers.map(([from, to, usdPerUnit]) => ({ from, to, usdPerUnit })),
      source: { url: 'u', publicationDate: '2026-01-01', status: 'verified' },
    });
    const d = diffPrices(
      [
        item('waf.web-acl', [['0', null, '5.00']]),
        item('a', [
          ['0', '333000000', '0.0000035'],
          ['333000000', null, '0.0000028'],
        ]),
        item('p', [['0', '1048576', '0.01']]),
        item('gone', [['0', null, '1']]),
      ],
      [
        item('waf.web-acl', [['0', null, '5']]),
        item('a', [
          ['0', '333000000', '0.0000037'],
          ['333000000', null, '0.0000028'],
        ]),
        item('p', [
          ['0', '1048576', '0.01'],
          ['1048576', null, '0.006'],
        ]),
        item('new', [['0', null, '2']]),
      ],
    );
    expect(d).toEqual({
      added: [{ id: 'new', tiers: [{ from: '0', to: null, usdPerUnit: '2' }] }],
      removed: [{ id: 'gone', tiers: [{ from: '0', to: null, usdPerUnit: '1' }] }],
      changed: [
        { id: 'a', tiers: [{ range: '0–333000000', old: '0.0000035', new: '0.0000037' }] },
        { id: 'p', tiers: [{ range: '1048576+', old: null, new: '0.006' }] },
      ],
      unchanged: 1,
    });
  });
});

describe('pricing refresh finds the usage types the offer files use', () => {
  it('Fargate ARM: <prefix>-Fargate-ARM-vCPU-Hours:perCPU and <prefix>-Fargate-ARM-GB-Hours', () => {
    const q = planQueries('eu-west-2', 'EUW2');
    expect(q.find((x) => x.key === 'fargate.arm.vcpu-hours')!.attempts[0]).toContainEqual({
      Type: 'TERM_MATCH',
      Field: 'usagetype',
      Value: 'EUW2-Fargate-ARM-vCPU-Hours:perCPU',
    });
    expect(q.find((x) => x.key === 'fargate.arm.gb-hours')!.attempts[0]).toContainEqual({
      Type: 'TERM_MATCH',
      Field: 'usagetype',
      Value: 'EUW2-Fargate-ARM-GB-Hours',
    });
  });

  it('cache: <prefix>-ApiGatewayCacheUsage:1.55GB with cacheMemorySizeGb 1.6, as in the eu-west-2 offer file of 2026-08-31', () => {
    // rows of AmazonApiGateway-eu-west-2.csv (mooncitizen/togen@36c1abbf, internal/cost/cmd/testdata): SKU, usageType, Cache Memory Size (GB), price
    const rows: Array<[string, string, string, string]> = [
      ['4YW7EQ9JRNYD7SGX', 'EUW2-ApiGatewayCacheUsage:1.55GB', '1.6', '0.0380000000'],
      ['JH5Z3JRFJ2SVCYYT', 'EUW2-ApiGatewayCacheUsage:6.05GB', '6.1', '0.2000000000'],
      ['43R4BMN9UGAUJNJP', 'EUW2-ApiGatewayCacheUsage:237GB', '237', '3.8000000000'],
    ];
    const q = planQueries('eu-west-2', 'EUW2');
    const r = mapPriceList(
      [
        {
          query: q[0]!,
          attempt: 0,
          entries: rows.map(([sku, usagetype, gb, usd]) =>
            priceListItem({
              sku,
              serviceCode: 'AmazonApiGateway',
              productFamily: 'Amazon API Gateway Cache',
              attributes: { regionCode: 'eu-west-2', usagetype, cacheMemorySizeGb: gb },
              dimensions: [{ usd, unit: 'Hrs' }],
            }),
          ),
        },
      ],
      { region: 'eu-west-2', billingCode: 'EUW2' },
    );
    expect(r.prices.map((p) => `${p.id} ${p.sku} ${p.usageType} ${p.tiers[0]!.usdPerUnit}`)).toEqual([
      'apigw.rest.cache.1-6gb 4YW7EQ9JRNYD7SGX EUW2-ApiGatewayCacheUsage:1.55GB 0.038',
      'apigw.rest.cache.6-1gb JH5Z3JRFJ2SVCYYT EUW2-ApiGatewayCacheUsage:6.05GB 0.2',
      'apigw.rest.cache.237gb 43R4BMN9UGAUJNJP EUW2-ApiGatewayCacheUsage:237GB 3.8',
    ]);
    expect(r.notes.filter((n) => n.includes('nearest'))).toEqual([]);
  });
});
