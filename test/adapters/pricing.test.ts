import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/io.js';
import { depsFromIo } from '../../src/app/deps.js';
import { estimate } from '../../src/app/estimate.js';
import { estimateRequest } from '../../src/app/requests.js';
import { run, type RefreshReport } from '../../src/commands/pricing-refresh.js';
import { EnvironmentError, InputError } from '../../src/errors.js';
import { BUNDLED_PRICING_DIR, loadPriceBook } from '../../src/prices/load.js';
import { snapshotSchema, type PriceItemJson, type SnapshotJson } from '../../src/prices/schema.js';
import { FakeAws, jsonError, priceListItem, type PriceDimensionFixture } from '../helpers/aws-server.js';
import { testOverrides } from './fixtures.js';

const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8')) as SnapshotJson;
const GET_PRODUCTS = 'AWSPriceListService.GetProducts';

/** "0.020" → "0.0200000000": the price list writes 10 decimals. */
const ten = (s: string) => {
  const [i, f = ''] = s.split('.');
  return `${i}.${f.padEnd(10, '0')}`;
};
const FAMILY: Record<string, string> = {
  AmazonVPC: 'VpcEndpoint',
  AWSDataTransfer: 'Data Transfer',
  awswaf: 'Web Application Firewall',
  AmazonCognito: 'User Pool MAU',
  AmazonEC2: 'Compute Instance',
  AmazonECS: 'Compute',
};
/** Usage-type size label → cacheMemorySizeGb, as the offer files pair them (AmazonApiGateway eu-west-2, 2026-08-31). */
const CACHE_MEMORY: Record<string, string> = {
  '0.5GB': '0.5',
  '1.55GB': '1.6',
  '6.05GB': '6.1',
  '13.5GB': '13.5',
  '28.4GB': '28.4',
  '58.2GB': '58.2',
  '118GB': '118',
  '237GB': '237',
};

/** A GetProducts product for a bundled price, with the attributes the price list carries. */
function productFor(
  p: PriceItemJson,
  i: number,
  change: { usageType?: string; dimensions?: PriceDimensionFixture[] } = {},
): [string, string] {
  const usageType = change.usageType ?? p.usageType;
  const attributes: Record<string, string> =
    p.service === 'AWSDataTransfer'
      ? {
          fromLocation: 'US East (N. Virginia)',
          fromRegionCode: 'us-east-1',
          toLocation: 'External',
          transferType: 'AWS Outbound',
          usagetype: usageType,
          operation: '',
        }
      : { regionCode: 'us-east-1', location: 'US East (N. Virginia)', locationType: 'AWS Region', usagetype: usageType };
  if (p.service === 'AmazonEC2')
    Object.assign(attributes, {
      operation: 'RunInstances',
      capacitystatus: 'Used',
      preInstalledSw: 'NA',
      tenancy: 'Shared',
      operatingSystem: 'Linux',
      instanceType: usageType.split(':')[1]!,
    });
  if (p.id.startsWith('apigw.rest.cache.')) attributes.cacheMemorySizeGb = CACHE_MEMORY[usageType.split(':')[1]!]!;
  const dimensions =
    change.dimensions ??
    p.tiers
      .filter((t) => !(p.service === 'AmazonCognito' && t.usdPerUnit === '0'))
      .map((t) => ({ begin: t.from, ...(t.to ? { end: t.to } : {}), usd: ten(t.usdPerUnit) }));
  // Cognito's free MAU are not in the price list: the first paid range starts at 0 there
  if (p.service === 'AmazonCognito' && dimensions[0] && dimensions[0].begin !== '0') dimensions[0] = { ...dimensions[0], begin: '0' };
  return [
    p.service,
    priceListItem({
      sku: p.sku ?? `SKU${String(i).padStart(4, '0')}`,
      serviceCode: p.service,
      productFamily: p.productFamily ?? FAMILY[p.service],
      attributes,
      dimensions,
    }),
  ];
}

/**
 * The price list of us-east-1 as the fake serves it: every bundled price, with these differences:
 * REST first tier $3.70/M; PrivateLink's cheaper tiers beyond 1 PB; the ALB-hour usage type
 * without "USE1-"; cache sizes as the price list writes them (1.55, 6.05); and decoys that the
 * filters must leave out (a Classic LB hour, Windows and reserved-capacity c6g.large, a
 * us-west-2 REST price, an API Gateway Portals product).
 */
function usEast1Products(): Record<string, string[]> {
  const products: Record<string, string[]> = {};
  const add = ([svc, text]: [string, string]) => (products[svc] ??= []).push(text);
  usEast1.prices.forEach((p, i) => {
    if (p.id === 'apigw.rest.requests')
      add(
        productFor(p, i, {
          dimensions: [
            { begin: '0', end: '333000000', usd: '0.0000037000' },
            { begin: '333000000', end: '1000000000', usd: '0.0000028000' },
            { begin: '1000000000', end: '20000000000', usd: '0.0000023800' },
            { begin: '20000000000', usd: '0.0000015100' },
          ],
        }),
      );
    else if (p.id === 'privatelink.data-processed')
      add(
        productFor(p, i, {
          dimensions: [
            { begin: '0', end: '1048576', usd: '0.0100000000' },
            { begin: '1048576', end: '5242880', usd: '0.0060000000' },
            { begin: '5242880', usd: '0.0040000000' },
          ],
        }),
      );
    else if (p.id === 'alb.hours') add(productFor(p, i, { usageType: 'LoadBalancerUsage' }));
    else add(productFor(p, i));
  });
  add([
    'AWSELB',
    priceListItem({
      sku: 'CLBHOUR',
      serviceCode: 'AWSELB',
      productFamily: 'Load Balancer',
      attributes: { regionCode: 'us-east-1', usagetype: 'USE1-LoadBalancerUsage' },
      dimensions: [{ usd: '0.0250000000', unit: 'Hrs' }],
    }),
  ]);
  const c6g = { regionCode: 'us-east-1', usagetype: 'BoxUsage:c6g.large', capacitystatus: 'Used', preInstalledSw: 'NA', tenancy: 'Shared' };
  add([
    'AmazonEC2',
    priceListItem({
      sku: 'WINC6G',
      serviceCode: 'AmazonEC2',
      productFamily: 'Compute Instance',
      attributes: { ...c6g, operation: 'RunInstances:0002' },
      dimensions: [{ usd: '0.1600000000', unit: 'Hrs' }],
    }),
  ]);
  add([
    'AmazonEC2',
    priceListItem({
      sku: 'RESC6G',
      serviceCode: 'AmazonEC2',
      productFamily: 'Compute Instance',
      attributes: { ...c6g, operation: 'RunInstances', capacitystatus: 'UnusedCapacityReservation' },
      dimensions: [{ usd: '0.0680000000', unit: 'Hrs' }],
    }),
  ]);
  add([
    'AmazonApiGateway',
    priceListItem({
      sku: 'WESTREST',
      serviceCode: 'AmazonApiGateway',
      productFamily: 'API Calls',
      attributes: { regionCode: 'us-west-2', usagetype: 'USW2-ApiGatewayRequest' },
      dimensions: [{ end: '333000000', usd: '0.0000035000' }],
    }),
  ]);
  add([
    'AmazonApiGateway',
    priceListItem({
      sku: 'PORTALS',
      serviceCode: 'AmazonApiGateway',
      productFamily: 'Amazon API Gateway Portals',
      attributes: { regionCode: 'us-east-1', usagetype: 'USE1-PortalProducts' },
      dimensions: [{ usd: '125.0000000000', unit: 'Quantity' }],
    }),
  ]);
  return products;
}

let aws: FakeAws;
let dir: string;
beforeEach(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  aws = new FakeAws({ products: usEast1Products() });
  await aws.start();
  dir = mkdtempSync(join(tmpdir(), 'apigw-plan-refresh-'));
});
afterEach(async () => {
  await aws.stop();
  vi.unstubAllEnvs();
});

function io(): Io & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (t) => err.push(t), env: { APIGW_PLAN_TODAY: '2026-11-21' }, cwd: dir, err };
}
const refresh = (extra: Record<string, unknown> = {}, overrides: Record<string, unknown> = testOverrides()) =>
  run({ region: 'us-east-1', endpointUrl: aws.url, format: 'table', ...extra }, io(), overrides);

async function expectError<T extends Error>(p: Promise<unknown>, type: new (...a: any[]) => T, message: RegExp): Promise<T> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(type);
  expect((e as Error).message).toMatch(message);
  return e as T;
}

describe('pricing refresh: GetProducts over AWS JSON 1.1 with the real PricingClient', () => {
  it('rebuilds us-east-1 across several pages, writes a valid snapshot and summarises the changes', async () => {
    const r = await refresh();
    expect(r.exitCode).toBe(0);
    const file = join(dir, 'pricing-data-us-east-1.json');
    // API Gateway: 13 us-east-1 products in pages of 2 = 7 calls; 29 other prices, 1 call each, + 1 for the ALB hour (USE1-LoadBalancerUsage first, then LoadBalancerUsage)
    const apigw = aws.calls.filter((c) => c.op === GET_PRODUCTS && c.body.ServiceCode === 'AmazonApiGateway');
    expect(apigw).toHaveLength(7);
    expect(apigw.map((c) => c.body.NextToken === undefined)).toEqual([true, false, false, false, false, false, false]);
    expect(apigw[0]!.body).toEqual({
      ServiceCode: 'AmazonApiGateway',
      Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }],
      FormatVersion: 'aws_v1',
      MaxResults: 100,
    });
    expect(aws.count(GET_PRODUCTS)).toBe(40);
    expect(aws.calls.filter((c) => c.body.ServiceCode === 'AWSELB').map((c) => c.body.Filters[0].Value)).toEqual(
      expect.arrayContaining(['USE1-LoadBalancerUsage', 'LoadBalancerUsage', 'USE1-LCUUsage']),
    );
    expect(aws.calls.every((c) => c.op === GET_PRODUCTS && c.headers['x-amz-target'] === GET_PRODUCTS)).toBe(true);
    expect(aws.calls[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/pricing\/aws4_request/,
    );

    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Pricing API snapshot for us-east-1: 44 prices, complete, compiled 2026-11-21 (40 GetProducts calls)');
    expect(lines).toContain(
      // the 3 AWS WAF Bot Control prices have no Price List filter (no usage type in any source): removed
      'Against the bundled us-east-1 snapshot (compiled 2026-11-29, complete): 1 changed, 0 added, 3 removed, 43 unchanged',
    );
    expect(lines).toContain('  apigw.rest.requests  0–333000000: $0.0000035 → $0.0000037');
    expect(lines).toContain(
      '  - AmazonApiGateway: skipped 1 product(s) the models do not use: Amazon API Gateway Portals USE1-PortalProducts',
    );
    // cache products are matched by their usage type (ApiGatewayCacheUsage:1.55GB), not by a nearest size
    expect(lines.filter((l) => l.includes('nearest size'))).toEqual([]);
    expect(lines).toContain(
      '  - cognito.essentials.mau: first 10000 MAU free carried over from the bundled snapshot (not in the price list)',
    );
    expect(lines).toContain(
      '  - free-tier allowances are not in the price list: 7 carried over from the bundled us-east-1 snapshot (free.apigw.rest.requests, free.apigw.http.requests, free.apigw.websocket.messages, free.apigw.websocket.connection-minutes, free.alb.hours, free.alb.lcu-hours, free.dto.internet-out)',
    );
    expect(lines.at(-2)).toBe(
      `verdict: 44 prices for us-east-1 from the Pricing API (complete); 1 changed, 0 added, 3 removed against the bundled snapshot; written to ${file}`,
    );

    const snap = snapshotSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(snap).toMatchObject({ region: 'us-east-1', compiled: '2026-11-21', origin: 'pricing-api', coverage: 'complete' });
    expect(snap.prices.find((p) => p.id === 'apigw.rest.requests')).toEqual({
      id: 'apigw.rest.requests',
      service: 'AmazonApiGateway',
      productFamily: 'API Calls',
      usageType: 'USE1-ApiGatewayRequest',
      sku: 'KKDZ3TFSXUSMCZ3A',
      unit: 'request',
      description: 'REST API requests',
      tiers: [
        { from: '0', to: '333000000', usdPerUnit: '0.0000037' },
        { from: '333000000', to: '1000000000', usdPerUnit: '0.0000028' },
        { from: '1000000000', to: '20000000000', usdPerUnit: '0.00000238' },
        { from: '20000000000', to: null, usdPerUnit: '0.00000151' },
      ],
      source: { url: 'AWS Price List API GetProducts (AmazonApiGateway)', publicationDate: '2026-11-20', status: 'pricing-api' },
    });
    // filters left the decoys out: the Application LB hour (bare usage type), Linux on-demand c6g.large
    expect(snap.prices.find((p) => p.id === 'alb.hours')).toMatchObject({
      usageType: 'LoadBalancerUsage',
      tiers: [{ from: '0', to: null, usdPerUnit: '0.0225' }],
    });
    expect(snap.prices.find((p) => p.id === 'ec2.c6g-large.hours')).toMatchObject({
      usageType: 'BoxUsage:c6g.large',
      tiers: [{ from: '0', to: null, usdPerUnit: '0.068' }],
    });
    expect(snap.allowances.map((a) => a.id)).toEqual(usEast1.allowances.map((a) => a.id));

    const book = await loadPriceBook('us-east-1', { file });
    expect(book.origin).toBe('pricing-api');
    expect(book.get('apigw.rest.cache.1-6gb').tiers[0]!.usdPerUnit.toFixed()).toBe('0.038');
    expect(book.get('cognito.essentials.mau').tiers.map((t) => t.usdPerUnit.toFixed())).toEqual(['0', '0.015']);
  });

  it('estimate --prices FILE prices the README case (--requests 50M) with the refreshed REST price', async () => {
    await refresh();
    const { report } = await estimate(estimateRequest({ requests: '50M', prices: 'pricing-data-us-east-1.json' }), depsFromIo(io()));
    expect(report.pricing).toMatchObject({ region: 'us-east-1', origin: 'pricing-api', coverage: 'complete' });
    const rest = report.options.find((o) => o.id === 'rest')!;
    if (!('lines' in rest)) throw new Error(`rest not priced: ${rest.reason}`);
    expect(rest.lines[0]).toMatchObject({
      component: 'REST API requests',
      tier: 'first 333M',
      quantity: '50000000',
      unitPriceUsd: '0.0000037',
      costUsd: '185',
    });
    expect(rest.lines[0]!.source).toMatchObject({
      priceId: 'apigw.rest.requests',
      usageType: 'USE1-ApiGatewayRequest',
      sku: 'KKDZ3TFSXUSMCZ3A',
      url: 'AWS Price List API GetProducts (AmazonApiGateway)',
      publicationDate: '2026-11-20',
      status: 'pricing-api',
    });
    // 50M × $3.70/M = $185.00, + 190.73 GB × $0.09 = $17.17
    expect(rest.monthlyUsd).toBe('202.17');
  });

  it('retries throttling answers (ThrottlingException) with the SDK retry strategy', async () => {
    aws.script(
      GET_PRODUCTS,
      jsonError(400, 'ThrottlingException', 'Rate exceeded'),
      jsonError(429, 'ThrottlingException', 'Rate exceeded'),
    );
    const r = await refresh({ format: 'json' });
    const j = JSON.parse(r.stdout) as RefreshReport;
    expect(j.getProductsCalls).toBe(40);
    expect(aws.count(GET_PRODUCTS)).toBe(42);
    expect(j.coverage).toBe('complete');
    expect(j.changes!.changed[0]).toEqual({
      id: 'apigw.rest.requests',
      tiers: [{ range: '0–333000000', old: '0.0000035', new: '0.0000037' }],
    });
  });

  it('a Region with no bundled snapshot: prices what the price list has, partial, "no bundled snapshot"; still signs for us-east-1', async () => {
    aws.state.products = {
      AmazonApiGateway: [
        priceListItem({
          sku: 'NZREST',
          serviceCode: 'AmazonApiGateway',
          productFamily: 'API Calls',
          attributes: { regionCode: 'ap-southeast-6', usagetype: 'APS8-ApiGatewayRequest' },
          publicationDate: '2026-09-01T00:00:00Z',
          dimensions: [
            { end: '333000000', usd: '0.0000037000' },
            { begin: '333000000', usd: '0.0000031900' },
          ],
        }),
      ],
      AWSELB: [
        priceListItem({
          sku: 'NZLCU',
          serviceCode: 'AWSELB',
          productFamily: 'Load Balancer-Application',
          attributes: { regionCode: 'ap-southeast-6', usagetype: 'APS8-LCUUsage' },
          dimensions: [{ usd: '0.0080000000', unit: 'LCU-Hrs' }],
        }),
      ],
    };
    const r = await refresh({ region: 'ap-southeast-6', output: 'eu.json' });
    expect(aws.count(GET_PRODUCTS)).toBe(33);
    expect(aws.calls.find((c) => c.body.ServiceCode === 'AWSELB' && c.body.Filters[0].Value === 'APS8-LCUUsage')).toBeDefined();
    expect(aws.calls[0]!.headers.authorization).toMatch(/\/us-east-1\/pricing\/aws4_request/);
    expect(r.stdout).toContain('\nno bundled snapshot for ap-southeast-6: nothing to compare with\n');
    expect(r.stdout).toContain('\n  waf.web-acl: no product in the price list\n');
    expect(r.stdout).toContain(
      '  - no free-tier allowances: they are not in the price list and there is no bundled ap-southeast-6 snapshot to carry them from (--free-tier legacy12m and --dto-free-allowance will report them missing)',
    );
    const snap = snapshotSchema.parse(JSON.parse(readFileSync(join(dir, 'eu.json'), 'utf8')));
    expect(snap).toMatchObject({ region: 'ap-southeast-6', coverage: 'partial', allowances: [] });
    expect(
      snap.prices.map((p) => `${p.id} ${p.usageType} ${p.tiers.map((t) => t.usdPerUnit).join('/')} ${p.source.publicationDate}`),
    ).toEqual([
      'apigw.rest.requests APS8-ApiGatewayRequest 0.0000037/0.00000319 2026-09-01',
      'alb.lcu-hours APS8-LCUUsage 0.008 2026-11-20',
    ]);
    expect((await loadPriceBook('ap-southeast-6', { file: join(dir, 'eu.json') })).coverage).toBe('partial');
  });
});

describe('pricing refresh: failures', () => {
  it('access denied: exit 3 naming pricing:GetProducts, nothing written', async () => {
    aws.always.set(
      GET_PRODUCTS,
      jsonError(400, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: pricing:GetProducts'),
    );
    const e = await expectError(refresh(), EnvironmentError, /^access denied for pricing:GetProducts$/);
    expect(e.exitCode).toBe(3);
    expect(e.hint).toBe('run `apigw-plan iam-policy` for the permissions the tool needs');
    expect(existsSync(join(dir, 'pricing-data-us-east-1.json'))).toBe(false);
  });

  it('no credentials: exit 3 before any call', async () => {
    const { credentials: _c, ...noCreds } = testOverrides();
    const e = await expectError(
      run({ region: 'us-east-1', endpointUrl: aws.url }, { ...io(), env: {} }, noCreds),
      EnvironmentError,
      /^no AWS credentials found$/,
    );
    expect(e.exitCode).toBe(3);
    expect(aws.calls).toHaveLength(0);
  });

  it('unreachable endpoint: exit 3', async () => {
    await aws.stop();
    const e = await expectError(refresh(), EnvironmentError, /^cannot reach the AWS endpoint for pricing:GetProducts: ECONNREFUSED/);
    expect(e.exitCode).toBe(3);
  });

  it.each([
    ['US-EAST-1', /^"US-EAST-1" is not an AWS Region code$/],
    ['xx-nowhere-1', /^unknown Region "xx-nowhere-1": its billing code \(the usage-type prefix\) is not known$/],
    ['', /^pricing refresh needs the Region to price$/],
  ])('bad region %j: exit 2, no call', async (region, message) => {
    const e = await expectError(refresh({ region }), InputError, message);
    expect(e.exitCode).toBe(2);
    expect(e.where).toBe('--region');
    expect(aws.calls).toHaveLength(0);
  });
});
