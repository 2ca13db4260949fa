#!/usr/bin/env node
/**
 * Builds pricing-data/aws/<region>.json for every commercial Region in AWS's pricing-page feed, and
 * pricing-data/index.json with each file's SHA-256, coverage and what is missing.
 *
 *   node scripts/build-region-snapshots.mjs                 # read ../shared/reference/price-sources/ (relative to the repo)
 *   node scripts/build-region-snapshots.mjs --feed DIR --out DIR   # another feed copy / output root (the tests build into a temp dir)
 *
 * Deterministic: the same feed gives byte-identical files (no clock, no randomness; `COMPILED` is a
 * constant, bumped by hand when the inputs change). Plain Node, no dependencies: prices stay decimal
 * strings end to end and are never parsed as floats.
 *
 * Sources. The feed behind AWS's pricing pages and the Pricing Calculator
 * (https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<service>/USD/current/<service>.json), as
 * mirrored by github.com/QuinnyPig/aws-price-watcher at a6645eb2e53e9399396a714cdc4f3c346c7f06c0
 * (2025-06-18). `raw/<service>.json` has, per Price List "location", each price with its rateCode
 * (SKU.OfferTermCode.RateCode): the SKU kept on every price traces it to the Price List. Data
 * transfer and EC2 exist only in the mirror's `processed/` form (price per location, no rateCode):
 * those prices carry no SKU and the mirror's commit date. Location names map to Region codes with
 * pricing-data/regions.json (the Region facts; edit that file, not this one, to add a Region).
 *
 * us-east-1 keeps the hand-verified figures in `VERIFIED_US_EAST_1` (AWS's worked examples are tested
 * to the cent against them). The build compares each with the feed: equal figures gain the feed's
 * SKU; a difference is printed and the verified figure is kept.
 *
 * Adding a price item (e.g. CloudWatch Logs ingestion):
 *   1. If its service has no entry in `FEEDS`, add one: the feed file under raw/ (or processed/), the
 *      Price List service code and the pricing page. The feed must be in the shared price-sources copy.
 *   2. Append a row to `ITEMS`:
 *        { id: 'cloudwatch.logs.ingest', feed: 'cloudwatch', usage: 'DataProcessing-Bytes', unit: 'GB',
 *          description: 'CloudWatch Logs ingestion (standard)', tiers: [['<feed key>', '0', null]] }
 *      `usage` is the usage type without the Region's billing code (the prefix comes from regions.json);
 *      `tiers` lists [feed key, from, to] in order (to = null: open-ended), or use `key` for a flat price.
 *      `required: false` keeps a Region complete when the feed lacks the price there.
 *   3. Add the id to `PRICE_SPECS` in src/models/pricing-list/catalog.ts so `pricing refresh` finds it too.
 *   4. Run this script, then `npx vitest run test/prices` (hashes, tiers, cross-checks).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMPILED = '2026-11-29';
const MIRROR = 'github.com/QuinnyPig/aws-price-watcher@a6645eb2e53e9399396a714cdc4f3c346c7f06c0';
const MIRROR_DATE = '2025-06-18';
const feedUrl = (service) => `https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/${service}/USD/current/${service}.json`;

/** Feed files: `raw` ones carry rateCodes (SKUs) and a publication date; `processed` ones only prices. */
const FEEDS = {
  apigateway: { form: 'raw', service: 'AmazonApiGateway', page: 'https://aws.amazon.com/api-gateway/pricing/' },
  elb: { form: 'raw', service: 'AWSELB', page: 'https://aws.amazon.com/elasticloadbalancing/pricing/' },
  vpc: { form: 'raw', service: 'AmazonVPC', page: 'https://aws.amazon.com/vpc/pricing/' },
  waf: { form: 'raw', service: 'awswaf', page: 'https://aws.amazon.com/waf/pricing/' },
  ecs: { form: 'raw', service: 'AmazonECS', page: 'https://aws.amazon.com/fargate/pricing/' },
  cognito: { form: 'raw', service: 'AmazonCognito', page: 'https://aws.amazon.com/cognito/pricing/' },
  datatransfer: { form: 'processed', service: 'AWSDataTransfer', page: 'https://aws.amazon.com/ec2/pricing/on-demand/', ranged: true },
  ec2: { form: 'processed', service: 'AmazonEC2', page: 'https://aws.amazon.com/ec2/pricing/on-demand/' },
};

/** API Gateway cacheClusterSize → the size label of its usage type (the offer files say 1.55GB / 6.05GB). */
const CACHE_SIZES = [
  ['0.5', '0.5', 'Caching Memory Size 0 5'],
  ['1.6', '1.55', 'Caching Memory Size 1 6'],
  ['6.1', '6.05', 'Caching Memory Size 6 1'],
  ['13.5', '13.5', 'Caching Memory Size 13 5'],
  ['28.4', '28.4', 'Caching Memory Size 28 4'],
  ['58.2', '58.2', 'Caching Memory Size 58 2'],
  ['118', '118', 'Caching Memory Size 118'],
  ['237', '237', 'Caching Memory Size 237'],
];
/** The instance types the self-hosted model offers; c6g.large is its default (--instance-type). */
const EC2_TYPES = ['c6g.large', 'c7g.large', 'c6i.large', 'c7i.large', 'm6g.large', 'm7g.large', 'm6i.large', 't3.medium', 't4g.medium'];
const EC2_DEFAULT = 'c6g.large';

const M2M_CLIENTS = 'User Pools M2M AppClients Full';
const M2M_TOKENS = 'User Pools M2M Tokens Full';

/**
 * The price items, in snapshot order. Fields: id, feed, usage (usage type after the billing code),
 * unit, description, productFamily?, tiers [[key, from, to]] or key (flat), required (default true), page (the
 * pricing page, when not the feed's),
 * bareInUsEast1 (EC2 writes "BoxUsage:…" without "USE1-"), assumed (copy us-east-1's verified tiers,
 * status "assumed"), usEast1Only (no feed: us-east-1's figure from `VERIFIED_US_EAST_1` with its own source,
 * and no price in the other Regions, which their notes say, so options needing it there are not priced), firstTierOf (a flat price from the first of several feed tiers; the rest go in the note),
 * uniformFallback (where the feed has no price for a Region, take us-east-1's feed price, status "assumed",
 * but only if the feed gives that price identically in every commercial Region it covers; otherwise the
 * price stays missing).
 */
const ITEMS = [
  {
    id: 'apigw.rest.requests',
    feed: 'apigateway',
    productFamily: 'API Calls',
    usage: 'ApiGatewayRequest',
    unit: 'request',
    description: 'REST API requests',
    tiers: [
      ['API Calls Number of up to 333 million', '0', '333000000'],
      ['API Calls Number of Request Next 667 million', '333000000', '1000000000'],
      ['API Calls Number of Request Next 19 billion', '1000000000', '20000000000'],
      ['API Calls Number of Request Over 20 billion', '20000000000', null],
    ],
  },
  {
    id: 'apigw.http.requests',
    feed: 'apigateway',
    productFamily: 'API Calls',
    usage: 'ApiGatewayHttpRequest',
    unit: 'request',
    description: 'HTTP API requests (metered in 512 KB increments)',
    tiers: [
      ['ApiGatewayHttpApi First 300 million', '0', '300000000'],
      ['ApiGatewayHttpApi more than 300 million', '300000000', null],
    ],
  },
  {
    id: 'apigw.websocket.messages',
    feed: 'apigateway',
    productFamily: 'WebSocket',
    usage: 'ApiGatewayMessage',
    unit: 'message',
    description: 'WebSocket messages (metered in 32 KB increments)',
    tiers: [
      ['WebSocket Messages Messages first 1 billion', '0', '1000000000'],
      ['WebSocket Messages Messages over 1 billion', '1000000000', null],
    ],
  },
  {
    id: 'apigw.websocket.connection-minutes',
    feed: 'apigateway',
    productFamily: 'WebSocket',
    usage: 'ApiGatewayMinute',
    unit: 'connection-minute',
    description: 'WebSocket connection minutes',
    key: 'WebSocket Connection Minutes',
  },
  ...CACHE_SIZES.map(([size, label, key]) => ({
    id: `apigw.rest.cache.${size.replace('.', '-')}gb`,
    feed: 'apigateway',
    productFamily: 'Amazon API Gateway Cache',
    usage: `ApiGatewayCacheUsage:${label}GB`,
    unit: 'hour',
    description: `REST API cache, ${size} GB`,
    key,
  })),
  {
    id: 'privatelink.endpoint-hours',
    feed: 'vpc',
    page: 'https://aws.amazon.com/privatelink/pricing/',
    usage: 'VpcEndpoint-Hours',
    unit: 'AZ-hour',
    description: 'Interface VPC endpoint (PrivateLink), per AZ',
    key: 'Hourly charge for VPC Endpoints per Hrs',
  },
  {
    id: 'privatelink.data-processed',
    feed: 'vpc',
    page: 'https://aws.amazon.com/privatelink/pricing/',
    usage: 'VpcEndpoint-Bytes',
    unit: 'GB',
    description: 'Interface VPC endpoint data processed',
    tiers: [
      ['Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576', '0', '1048576'],
      ['Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880', '1048576', '5242880'],
      ['Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf', '5242880', null],
    ],
  },
  {
    id: 'dto.internet-out',
    feed: 'datatransfer',
    usage: 'DataTransfer-Out-Bytes',
    unit: 'GB',
    description: 'Data transfer out to the internet',
    // the ranges are in the processed feed's location keys ("EU (Ireland) (StartingRange: 0, EndingRange: 10240)")
    tiers: [
      ['DataTransfer External Outbound Next 10 TB'],
      ['DataTransfer External Outbound Next 40 TB'],
      ['DataTransfer External Outbound Next 100 TB'],
      ['DataTransfer External Outbound Greater than 150 TB'],
    ],
    variants: [' New', ' No Wavelength'],
  },
  // The WAF feed lists the web ACL and rule twice ("Web ACL Activated per Month" / "WebACL per month",
  // "Rule Activated per Month" / "Rules added per WebACL per month") at equal prices in every location.
  {
    id: 'waf.web-acl',
    feed: 'waf',
    usage: 'WebACLV2',
    unit: 'web-ACL-month',
    description: 'AWS WAF web ACL',
    key: 'Web ACL Activated per Month',
    twin: 'WebACL per month',
  },
  {
    id: 'waf.rule',
    feed: 'waf',
    usage: 'RuleV2',
    unit: 'rule-month',
    description: 'AWS WAF rule or managed rule group',
    key: 'Rule Activated per Month',
    twin: 'Rules added per WebACL per month',
  },
  {
    id: 'waf.requests',
    feed: 'waf',
    usage: 'RequestV2-Tier1',
    unit: 'request',
    description: 'AWS WAF requests (up to 1,500 WCU, default body inspection)',
    key: 'Request Processed Tier1 per Request',
  },
  {
    id: 'alb.hours',
    feed: 'elb',
    productFamily: 'Load Balancer-Application',
    usage: 'LoadBalancerUsage',
    unit: 'ALB-hour',
    description: 'Application Load Balancer hours',
    key: 'Application Load Balancer Hours',
  },
  {
    id: 'alb.lcu-hours',
    feed: 'elb',
    productFamily: 'Load Balancer-Application',
    usage: 'LCUUsage',
    unit: 'LCU-hour',
    description: 'Application Load Balancer capacity units',
    key: 'Application Load Balancer LCU Hours',
  },
  {
    id: 'nlb.hours',
    feed: 'elb',
    productFamily: 'Load Balancer-Network',
    usage: 'LoadBalancerUsage',
    unit: 'NLB-hour',
    description: 'Network Load Balancer hours',
    key: 'Network Load Balancer Hours',
  },
  {
    id: 'nlb.lcu-hours',
    feed: 'elb',
    productFamily: 'Load Balancer-Network',
    usage: 'LCUUsage',
    unit: 'NLCU-hour',
    description: 'Network Load Balancer capacity units',
    key: 'Network Load Balancer LCU Hours',
  },
  {
    id: 'vpc.public-ipv4',
    feed: 'vpc',
    usage: 'PublicIPv4:InUseAddress',
    unit: 'IP-hour',
    description: 'Public IPv4 address in use',
    key: 'Hourly charge for In use Public IPv4 Addresses per Hrs',
  },
  ...[
    ['lite', 'Lite', 'CognitoLiteMAU'],
    ['essentials', 'Essentials', 'CognitoEssentialsMAU'],
    ['plus', 'Plus', 'CognitoPlusMAU'],
  ].map(([plan, label, usage]) => ({
    id: `cognito.${plan}.mau`,
    feed: 'cognito',
    usage,
    unit: 'MAU',
    description: `Cognito user pools, ${label} plan`,
    assumed: true,
  })),
  {
    id: 'cognito.m2m.app-clients',
    feed: 'cognito',
    usage: 'CUPM2MAppClients',
    unit: 'app-client-month',
    description: 'Cognito machine-to-machine app clients',
    uniformFallback: true,
    firstTierOf: [
      [`${M2M_CLIENTS} 0 upto 100 per CognitoUserPools M2MAppClientMo`, '0', '100'],
      [`${M2M_CLIENTS} 100 upto 500 per CognitoUserPools M2MAppClientMo`, '100', '500'],
      [`${M2M_CLIENTS} 500 upto Inf per CognitoUserPools M2MAppClientMo`, '500', null],
    ],
  },
  {
    id: 'cognito.m2m.token-requests',
    feed: 'cognito',
    usage: 'CUPM2MTokenRequestsFull',
    unit: 'token-request',
    description: 'Cognito machine-to-machine token requests',
    uniformFallback: true,
    firstTierOf: [
      [`${M2M_TOKENS} 0 upto 250000 per CognitoUserPools M2MTokens`, '0', '250000'],
      [`${M2M_TOKENS} 250000 upto 5000000 per CognitoUserPools M2MTokens`, '250000', '5000000'],
      [`${M2M_TOKENS} 5000000 upto Inf per CognitoUserPools M2MTokens`, '5000000', null],
    ],
  },
  ...EC2_TYPES.map((type) => ({
    id: `ec2.${type.replace('.', '-')}.hours`,
    feed: 'ec2',
    usage: `BoxUsage:${type}`,
    bareInUsEast1: true,
    unit: 'instance-hour',
    description: `EC2 ${type}, Linux on-demand`,
    key: `OnDemand Linux-instancetype-${type}`,
    // an instance type AWS does not offer in a Region is not a gap in the snapshot
    required: type === EC2_DEFAULT,
  })),
  // AWS WAF Bot Control (a paid AWS Managed Rules group): its own subscription per web ACL and its
  // request fee (free up to 10M a month at the common level, 1M at the targeted level). The feed has
  // no usage type for them: the names below are the tool's, and pricing refresh does not look them up.
  {
    id: 'waf.bot-control.month',
    feed: 'waf',
    usage: 'AMR-BotControl',
    unit: 'web-ACL-month',
    description: 'AWS WAF Bot Control subscription, per web ACL',
    key: 'AMR Bot Control Activated per Month',
    required: false,
  },
  {
    id: 'waf.bot-control.common.requests',
    feed: 'waf',
    usage: 'AMR-BotControl-Requests',
    unit: 'request',
    description: 'AWS WAF Bot Control requests analysed, common level',
    tiers: [
      ['AMR Bot Control Request Processed per Request from 0 to 10000000', '0', '10000000'],
      ['AMR Bot Control Request Processed per Request from 10000000 to Inf', '10000000', null],
    ],
    required: false,
  },
  {
    id: 'waf.bot-control.targeted.requests',
    feed: 'waf',
    usage: 'AMR-BotControl-Targeted-Requests',
    unit: 'request',
    description: 'AWS WAF Bot Control requests analysed, targeted level',
    tiers: [
      ['AMR Bot Control Targeted Request Processed per Request from 0 to 1000000', '0', '1000000'],
      ['AMR Bot Control Targeted Request Processed per Request from 1000000 to Inf', '1000000', null],
    ],
    required: false,
  },
  // CloudWatch: no pricing-page feed in the shared sources, so us-east-1 only (figures and sources in VERIFIED_US_EAST_1)
  {
    id: 'cloudwatch.logs.ingestion',
    usEast1Only: true,
    service: 'AmazonCloudWatch',
    usage: 'DataProcessing-Bytes',
    unit: 'GB',
    description: 'CloudWatch Logs data ingested (standard log class)',
  },
  {
    id: 'cloudwatch.logs.storage',
    usEast1Only: true,
    service: 'AmazonCloudWatch',
    usage: 'TimedStorage-ByteHrs',
    unit: 'GB-month',
    description: 'CloudWatch Logs archived storage',
  },
  {
    id: 'cloudwatch.metrics.custom',
    usEast1Only: true,
    service: 'AmazonCloudWatch',
    usage: 'CW:MetricMonitorUsage',
    unit: 'metric-month',
    description: 'CloudWatch custom metrics (API Gateway detailed metrics bill as these)',
  },
  {
    id: 'fargate.x86.vcpu-hours',
    feed: 'ecs',
    usage: 'Fargate-vCPU-Hours:perCPU',
    unit: 'vCPU-hour',
    description: 'Fargate Linux/x86 vCPU',
    key: 'perCPU per hour',
  },
  {
    id: 'fargate.x86.gb-hours',
    feed: 'ecs',
    usage: 'Fargate-GB-Hours',
    unit: 'GB-hour',
    description: 'Fargate Linux/x86 memory',
    key: 'perGB per hour',
  },
  {
    id: 'fargate.arm.vcpu-hours',
    feed: 'ecs',
    usage: 'Fargate-ARM-vCPU-Hours:perCPU',
    unit: 'vCPU-hour',
    description: 'Fargate Linux/ARM vCPU',
    key: 'ARM perCPU per hour',
  },
  {
    id: 'fargate.arm.gb-hours',
    feed: 'ecs',
    usage: 'Fargate-ARM-GB-Hours',
    unit: 'GB-hour',
    description: 'Fargate Linux/ARM memory',
    key: 'ARM perGB per hour',
  },
];

// ---------------------------------------------------------------------------------------------
// us-east-1: the hand-verified figures (moved here from the former build-bundled-snapshots.py).

const PAGE = {
  apigw: 'https://aws.amazon.com/api-gateway/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  pl: 'https://aws.amazon.com/privatelink/pricing/',
  cognito: 'https://aws.amazon.com/cognito/pricing/',
  waf: 'https://aws.amazon.com/waf/pricing/',
  ec2: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  fargate: 'https://aws.amazon.com/fargate/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
};
const src = (url, publicationDate, status, note) => ({ url, publicationDate, status, ...(note ? { note } : {}) });
const flat = (p) => [['0', null, p]];
const apigwPage = src(
  PAGE.apigw,
  '2025-11-02',
  'verified',
  'pricing page copy of 2025-11-02; same figures in the 2026-09-20 harvest; infracost golden tests agree',
);
const cachePage = src(
  PAGE.apigw,
  '2025-11-02',
  'verified',
  'cache table of the pricing page; 1.6 GB = $0.038/h confirmed by its worked example',
);

/** id → [tiers [from, to, usdPerUnit], source]. Only 'verified' sources are kept over the feed. */
const VERIFIED_US_EAST_1 = {
  'apigw.rest.requests': [
    [
      ['0', '333000000', '0.0000035'],
      ['333000000', '1000000000', '0.0000028'],
      ['1000000000', '20000000000', '0.00000238'],
      ['20000000000', null, '0.00000151'],
    ],
    apigwPage,
  ],
  'apigw.http.requests': [
    [
      ['0', '300000000', '0.000001'],
      ['300000000', null, '0.0000009'],
    ],
    apigwPage,
  ],
  'apigw.websocket.messages': [
    [
      ['0', '1000000000', '0.000001'],
      ['1000000000', null, '0.0000008'],
    ],
    apigwPage,
  ],
  'apigw.websocket.connection-minutes': [flat('0.00000025'), apigwPage],
  ...Object.fromEntries(
    [
      ['0.5', '0.020'],
      ['1.6', '0.038'],
      ['6.1', '0.200'],
      ['13.5', '0.250'],
      ['28.4', '0.500'],
      ['58.2', '1.000'],
      ['118', '1.900'],
      ['237', '3.800'],
    ].map(([size, hourly]) => [`apigw.rest.cache.${size.replace('.', '-')}gb`, [flat(hourly), cachePage]]),
  ),
  'privatelink.data-processed': [[['0', '1048576', '0.01']], src(PAGE.pl, '2025-11-02', 'verified', 'first 1 PB per month')],
  'privatelink.endpoint-hours': [
    flat('0.01'),
    src(PAGE.pl, '2025-11-02', 'verified', "also in the API Gateway pricing page's private API example"),
  ],
  'dto.internet-out': [
    [
      ['0', '10240', '0.09'],
      ['10240', '51200', '0.085'],
      ['51200', '153600', '0.07'],
      ['153600', null, '0.05'],
    ],
    src(PAGE.ec2, '2026-11-24', 'verified', 'EC2 on-demand pricing page, Data Transfer section; 10 TB = 10,240 GB'),
  ],
  'waf.web-acl': [flat('5.00'), src(PAGE.waf, '2026-11-24', 'verified')],
  'waf.rule': [flat('1.00'), src(PAGE.waf, '2026-11-24', 'verified')],
  'waf.requests': [flat('0.0000006'), src(PAGE.waf, '2026-11-24', 'verified')],
  'alb.hours': [flat('0.0225'), src(PAGE.elb, '2026-09-20', 'verified', "pricing page example: 'Adding the hourly charge of $0.0225'")],
  'alb.lcu-hours': [flat('0.008'), src(PAGE.elb, '2026-09-20', 'verified')],
  'vpc.public-ipv4': [flat('0.005'), src(PAGE.vpc, '2026-11-24', 'verified', 'charged since 2024-02-01')],
  'cognito.lite.mau': [
    [
      ['0', '10000', '0'],
      ['10000', '100000', '0.0055'],
      ['100000', '1000000', '0.0046'],
      ['1000000', '10000000', '0.00325'],
      ['10000000', null, '0.0025'],
    ],
    src(PAGE.cognito, '2026-09-20', 'verified', 'first 10,000 MAU free (does not expire)'),
  ],
  'cognito.essentials.mau': [
    [
      ['0', '10000', '0'],
      ['10000', null, '0.015'],
    ],
    src(PAGE.cognito, '2026-09-20', 'verified', 'first 10,000 MAU free (does not expire)'),
  ],
  'cognito.plus.mau': [flat('0.02'), src(PAGE.cognito, '2026-09-20', 'verified', 'no free MAU')],
  'cloudwatch.logs.ingestion': [
    flat('0.50'),
    src(
      PAGE.cloudwatch,
      '2026-11-24',
      'third-party',
      "$0.50 per GB (standard logs): infracost's golden tests (aws_cloudwatch_log_group, from the Price List) and third-party guides quoting the page; not read on the AWS page itself",
    ),
  ],
  'cloudwatch.logs.storage': [
    flat('0.03'),
    src(
      PAGE.cloudwatch,
      '2026-11-24',
      'third-party',
      "$0.03 per GB-month ('Archival Storage'): infracost's golden tests and third-party guides; billed on compressed size",
    ),
  ],
  'cloudwatch.metrics.custom': [
    [
      ['0', '10000', '0.30'],
      ['10000', '250000', '0.10'],
      ['250000', '1000000', '0.05'],
      ['1000000', null, '0.02'],
    ],
    src(
      PAGE.cloudwatch,
      '2026-11-24',
      'aws-only',
      "first 10,000 at $0.30 per metric-month (the shared AWS facts, from the AWS page); next 240,000 $0.10, next 750,000 $0.05, over 1,000,000 $0.02 from a quote of the page's table (aws.amazon.com/jp/cloudwatch/pricing)",
    ),
  ],
  'fargate.x86.vcpu-hours': [flat('0.04048'), src(PAGE.fargate, '2026-11-24', 'verified')],
  'fargate.x86.gb-hours': [flat('0.004445'), src(PAGE.fargate, '2026-11-24', 'verified')],
  'fargate.arm.vcpu-hours': [flat('0.03238'), src(PAGE.fargate, '2026-11-24', 'verified')],
  'fargate.arm.gb-hours': [flat('0.00356'), src(PAGE.fargate, '2026-11-24', 'verified')],
};

/** Account-wide free-tier allowances (the same in every Region: AWS aggregates them across Regions). */
/** The text's UTF-8 bytes as one big-endian integer, modulo the prime 2^64 − 59, in hex: what a run checks a bundled snapshot against (snapshotChecksum, src/prices/load.ts). */
function checksum(text) {
  return (BigInt(`0x${Buffer.from(text, 'utf8').toString('hex')}`) % (2n ** 64n - 59n)).toString(16);
}

function allowances() {
  const legacy = src(
    PAGE.apigw,
    '2025-11-02',
    'verified',
    'legacy 12-month free tier: accounts created before 2025-07-15, first 12 months only',
  );
  const a = (id, description, quantity, unit, appliesTo, source) => ({ id, description, quantity, unit, appliesTo, source });
  return [
    a('free.apigw.rest.requests', 'Legacy free tier: REST API calls', '1000000', 'request', 'apigw.rest.requests', legacy),
    a('free.apigw.http.requests', 'Legacy free tier: HTTP API calls', '1000000', 'request', 'apigw.http.requests', legacy),
    a('free.apigw.websocket.messages', 'Legacy free tier: WebSocket messages', '1000000', 'message', 'apigw.websocket.messages', legacy),
    a(
      'free.apigw.websocket.connection-minutes',
      'Legacy free tier: WebSocket connection minutes',
      '750000',
      'connection-minute',
      'apigw.websocket.connection-minutes',
      legacy,
    ),
    a(
      'free.alb.hours',
      'Legacy free tier: load balancer hours',
      '750',
      'ALB-hour',
      'alb.hours',
      src(PAGE.elb, '2026-09-20', 'aws-only', 'legacy 12-month free tier, shared by ALB and CLB'),
    ),
    a(
      'free.alb.lcu-hours',
      'Legacy free tier: ALB LCU-hours (15 LCUs)',
      '10950',
      'LCU-hour',
      'alb.lcu-hours',
      src(PAGE.elb, '2026-09-20', 'aws-only', '15 LCUs for a 730-hour month'),
    ),
    a(
      'free.dto.internet-out',
      'Data transfer out: first 100 GB per month free (aggregated across services and Regions)',
      '100',
      'GB',
      'dto.internet-out',
      src(PAGE.ec2, '2026-11-24', 'verified', 'account-wide since 2021-12; applies only if no other service uses it'),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

const DECIMAL = /^\d+(\.\d+)?$/;
/** "0.0000035000" → "0.0000035", "5.0000000000" → "5", without floats. */
function normalise(s) {
  const t = String(s).trim();
  if (!DECIMAL.test(t)) throw new Error(`not a decimal price: ${JSON.stringify(s)}`);
  let [int, frac = ''] = t.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
const sameDecimal = (a, b) => normalise(a) === normalise(b);

/**
 * The feed: `../shared/reference/price-sources/pricing-page-feed` next to the repository, or next to its
 * main checkout when this is a git worktree elsewhere.
 */
function defaultFeedDir() {
  const rel = join('..', 'shared', 'reference', 'price-sources', 'pricing-page-feed');
  const candidates = [join(REPO, rel)];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: REPO, encoding: 'utf8' }).trim();
    candidates.push(join(dirname(common), rel));
  } catch {
    // not a git checkout: only the first candidate
  }
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

function args(argv) {
  const out = { feed: defaultFeedDir(), out: join(REPO, 'pricing-data') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--feed') out.feed = resolve(argv[++i]);
    else if (argv[i] === '--out') out.out = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (use --feed DIR, --out DIR)`);
  }
  return out;
}

function loadFeeds(dir) {
  const feeds = {};
  for (const [name, f] of Object.entries(FEEDS)) {
    const file = join(dir, f.form, `${name}.json`);
    if (!existsSync(file)) throw new Error(`feed file missing: ${file}`);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const published = f.form === 'raw' ? data.manifest.hawkFilePublicationDate.slice(0, 10) : MIRROR_DATE;
    feeds[name] = { ...f, name, data, published };
  }
  return feeds;
}

/** One feed value for a location: { price, sku?, from?, to? } or undefined. */
function lookup(feed, key, location) {
  if (feed.form === 'raw') {
    const v = feed.data.regions[location]?.[key];
    return v ? { price: normalise(v.price), sku: v.rateCode.split('.')[0], rateCode: v.rateCode } : undefined;
  }
  const byLocation = feed.data[key];
  if (!byLocation) return undefined;
  if (!feed.ranged) return byLocation[location] === undefined ? undefined : { price: normalise(byLocation[location]) };
  const prefix = `${location} (StartingRange: `;
  const hit = Object.keys(byLocation).find((k) => k.startsWith(prefix));
  if (!hit) return undefined;
  const m = /\(StartingRange: (\d+), EndingRange: (\d+|Inf)\)$/.exec(hit);
  if (!m) throw new Error(`cannot read the range of ${key} / ${hit}`);
  return { price: normalise(byLocation[hit]), from: m[1], to: m[2] === 'Inf' ? null : m[2] };
}

function usageType(item, region) {
  if (item.bareInUsEast1 && region.code === 'us-east-1') return item.usage;
  return `${region.billingCode}-${item.usage}`;
}

function feedSource(feed, note, page = feed.page) {
  const base =
    feed.form === 'raw'
      ? `AWS pricing-page feed (${feed.name}), as shown on ${page}; mirrored at ${MIRROR}`
      : `AWS pricing-page feed (${feed.name}), as shown on ${page}; only the processed form is mirrored (${MIRROR}): no SKU, mirror date`;
  return src(feedUrl(feed.name), feed.published, 'aws-pricing-feed', note ? `${base}; ${note}` : base);
}

/** An item's tiers and SKU from the feed for one Region, or { missing: reason }. */
function fromFeed(item, region, feeds) {
  const feed = feeds[item.feed];
  const where = `${region.location} (${item.feed} feed)`;
  if (item.firstTierOf) {
    const got = item.firstTierOf.map(([key, from, to]) => ({ ...lookup(feed, key, region.location), from, to, key }));
    if (got.some((g) => g.price === undefined)) return { missing: `not in the feed for ${where}` };
    const rest = got
      .slice(1)
      .map((g) => `${g.from}–${g.to ?? '∞'}: ${g.price}`)
      .join(', ');
    return {
      tiers: [{ from: '0', to: null, usdPerUnit: got[0].price }],
      sku: got[0].sku,
      note: `flat first-tier price (0–${got[0].to}); the feed's further tiers (${rest}) are lower, so at volume this is an upper bound`,
    };
  }
  const rows = item.key ? [[item.key, '0', null]] : item.tiers;
  const tiers = [];
  const skus = new Set();
  for (const [key, from, to] of rows) {
    const v = lookup(feed, key, region.location);
    if (!v) return { missing: `"${key}" not in the feed for ${where}` };
    tiers.push({ from: v.from ?? from, to: v.from !== undefined ? v.to : to, usdPerUnit: v.price });
    if (v.sku) skus.add(v.sku);
    if (item.twin) {
      const t = lookup(feed, item.twin, region.location);
      if (t && !sameDecimal(t.price, v.price))
        throw new Error(`${item.id} ${where}: "${item.twin}" (${t.price}) differs from "${key}" (${v.price})`);
    }
    for (const suffix of item.variants ?? []) {
      const t = lookup(feed, key + suffix, region.location);
      if (t && (!sameDecimal(t.price, v.price) || t.from !== v.from || t.to !== v.to))
        throw new Error(`${item.id} ${where}: "${key}${suffix}" (${t.price}) differs from "${key}" (${v.price})`);
    }
  }
  if (skus.size > 1) throw new Error(`${item.id} ${where}: tiers from several SKUs (${[...skus].join(', ')})`);
  for (let i = 0; i < tiers.length; i++) {
    const next = tiers[i + 1];
    if (i === 0 && tiers[0].from !== '0') throw new Error(`${item.id} ${where}: first tier starts at ${tiers[0].from}`);
    if (next && tiers[i].to !== next.from) throw new Error(`${item.id} ${where}: tiers not contiguous at ${tiers[i].to}/${next.from}`);
    if (!next && tiers[i].to !== null) throw new Error(`${item.id} ${where}: last tier ends at ${tiers[i].to}`);
  }
  return { tiers, sku: [...skus][0] };
}

/**
 * A `uniformFallback` item that the feed lacks for `region`: us-east-1's feed price, status "assumed", if
 * the feed gives every one of the item's tiers identically in every commercial Region that has it (and
 * us-east-1 is one of them); otherwise { missing: reason }. Deterministic: reads only the feed.
 */
function uniformFallback(item, region, feeds, commercial, reason) {
  const feed = feeds[item.feed];
  const keys = (item.firstTierOf ?? item.tiers ?? [[item.key]]).map(([key]) => key);
  const byPrices = new Map();
  for (const r of commercial) {
    if (r.code === region.code) continue;
    const values = keys.map((k) => lookup(feed, k, r.location)?.price);
    if (values.some((v) => v === undefined)) continue;
    const sig = values.join(' / ');
    byPrices.set(sig, [...(byPrices.get(sig) ?? []), r.code]);
  }
  const covered = [...byPrices.values()].flat();
  if (byPrices.size !== 1 || !covered.includes('us-east-1'))
    return {
      missing: `${reason}; not assumed from us-east-1: the feed's prices for it differ between the ${covered.length} commercial Regions it covers`,
    };
  const [[sig]] = [...byPrices];
  const usEast1 = fromFeed(item, { code: 'us-east-1', location: commercial.find((r) => r.code === 'us-east-1').location }, feeds);
  const note =
    `assumed equal to us-east-1: the pricing-page feed (${feed.name}, ${feed.published}) has no price for it in ${region.location}, ` +
    `and gives it identically (tiers ${sig}) in all ${covered.length} commercial Regions it covers; us-east-1 SKU ${usEast1.sku}` +
    (usEast1.note ? `; ${usEast1.note}` : '');
  return { tiers: usEast1.tiers, source: src(feedUrl(feed.name), feed.published, 'assumed', `${note}; ${feedSource(feed).note}`) };
}

const tiersJson = (tiers) => tiers.map(([from, to, usdPerUnit]) => ({ from, to, usdPerUnit }));
const sameTiers = (a, b) =>
  a.length === b.length && a.every((t, i) => t.from === b[i].from && t.to === b[i].to && sameDecimal(t.usdPerUnit, b[i].usdPerUnit));
const tierText = (tiers) => tiers.map((t) => `${t.from}–${t.to ?? '∞'}: ${t.usdPerUnit}`).join(', ');

function priceItem(item, region, tiers, sku, source) {
  return {
    id: item.id,
    service: item.service ?? FEEDS[item.feed].service,
    ...(item.productFamily ? { productFamily: item.productFamily } : {}),
    usageType: usageType(item, region),
    ...(sku ? { sku } : {}),
    unit: item.unit,
    description: item.description,
    tiers,
    source,
  };
}

/** The snapshot of one Region, with what is missing and (us-east-1) where the feed differs from the verified figures. */
function buildRegion(region, feeds, commercial, log) {
  const prices = [];
  const missing = [];
  const notOffered = [];
  const usEast1 = region.code === 'us-east-1';
  const noSource = [];
  for (const item of ITEMS) {
    if (item.usEast1Only) {
      const [tiers, source] = VERIFIED_US_EAST_1[item.id];
      if (usEast1) prices.push(priceItem(item, region, tiersJson(tiers), undefined, source));
      else noSource.push(item.id);
      continue;
    }
    if (item.assumed) {
      const [tiers, source] = VERIFIED_US_EAST_1[item.id];
      if (usEast1) prices.push(priceItem(item, region, tiersJson(tiers), undefined, source));
      else
        prices.push(
          priceItem(
            item,
            region,
            tiersJson(tiers),
            undefined,
            src(
              source.url,
              source.publicationDate,
              'assumed',
              `assumed equal to us-east-1: the pricing-page feed (cognito, ${feeds.cognito.published}) predates the Lite/Essentials/Plus plans and no ${region.code} source was found (Essentials is $0.015/MAU wherever one was: us-east-1, ap-northeast-1, eu-west-2)`,
            ),
          ),
        );
      continue;
    }
    const got = fromFeed(item, region, feeds);
    if (got.missing && item.uniformFallback) {
      const fb = uniformFallback(item, region, feeds, commercial, got.missing);
      if (fb.missing) missing.push({ id: item.id, reason: fb.missing });
      else prices.push(priceItem(item, region, fb.tiers, undefined, fb.source));
      continue;
    }
    if (got.missing) {
      if (item.required === false) notOffered.push(item.id);
      else missing.push({ id: item.id, reason: got.missing });
      continue;
    }
    let source = feedSource(feeds[item.feed], got.note, item.page);
    let tiers = got.tiers;
    const verified = usEast1 ? VERIFIED_US_EAST_1[item.id] : undefined;
    if (verified) {
      const mine = tiersJson(verified[0]);
      if (sameTiers(mine, tiers)) {
        source = {
          ...verified[1],
          note: [verified[1].note, `equals the AWS pricing-page feed of ${feeds[item.feed].published}`].filter(Boolean).join('; '),
        };
        tiers = mine;
      } else if (mine.every((t, i) => tiers[i] && t.from === tiers[i].from && sameDecimal(t.usdPerUnit, tiers[i].usdPerUnit))) {
        log.push(`us-east-1 ${item.id}: the feed adds tiers beyond the verified ones (${tierText(tiers)}); feed tiers used`);
        source = {
          ...source,
          note: `${source.note}; its first ${mine.length === 1 ? 'tier equals' : `${mine.length} tiers equal`} the hand-verified figure on ${verified[1].url} (${verified[1].publicationDate})`,
        };
      } else {
        log.push(
          `us-east-1 ${item.id}: the feed (${tierText(tiers)}) differs from the verified figures (${tierText(mine)}); verified kept`,
        );
        source = {
          ...verified[1],
          note: [verified[1].note, `the AWS pricing-page feed of ${feeds[item.feed].published} says ${tierText(tiers)}`]
            .filter(Boolean)
            .join('; '),
        };
        tiers = mine;
      }
    }
    prices.push(priceItem(item, region, tiers, got.sku, source));
  }
  const notes = [
    `Built by scripts/build-region-snapshots.mjs from AWS's pricing-page feed (the data behind the pricing pages and the Pricing Calculator; published ${[...new Set(Object.values(feeds).map((f) => `${f.name} ${f.published}`))].join(', ')}). Each price names its SKU where the feed has one.`,
  ];
  if (!usEast1)
    notes.push(
      'Cognito Lite/Essentials/Plus MAU prices are assumed equal to us-east-1 (status "assumed"): the feed predates those plans. Free-tier allowances are account-wide, as in us-east-1.',
    );
  else notes.push('Hand-verified figures (status "verified") are kept; the feed agrees with them and adds SKUs.');
  if (notOffered.length)
    notes.push(
      `Not offered in ${region.code} according to the feed: ${notOffered.map((id) => id.replace(/^ec2\.|\.hours$/g, '')).join(', ')}.`,
    );
  const assumedM2m = prices.filter((p) => p.source.status === 'assumed' && p.id.startsWith('cognito.m2m.'));
  if (assumedM2m.length)
    notes.push(
      `Cognito M2M prices (${assumedM2m.map((p) => p.id).join(', ')}) are assumed equal to us-east-1 (status "assumed"): the pricing-page feed (cognito, ${feeds.cognito.published}) has none for ${region.location}, and its M2M prices are identical in every commercial Region it covers. No SKU: AWS publishes none for ${region.code} in the sources used.`,
    );
  if (noSource.length)
    notes.push(
      `Not priced here: ${noSource.join(', ')} (no source for ${region.code} in the shared price sources: the pricing-page feed has no CloudWatch file). Options that need them are reported as not priced; "apigw-plan pricing refresh" fetches them.`,
    );
  if (missing.length)
    notes.push(
      `Partial: no price in the feed for ${missing.map((m) => m.id).join(', ')}. Options needing them are reported as not priced.`,
    );
  const doc = {
    schemaVersion: 1,
    region: region.code,
    currency: 'USD',
    compiled: COMPILED,
    origin: 'bundled',
    coverage: missing.length ? 'partial' : 'complete',
    notes,
    prices,
    allowances: allowances().filter((a) => prices.some((p) => p.id === a.appliesTo)),
  };
  return { doc, missing, notOffered };
}

function main() {
  const opts = args(process.argv.slice(2));
  const feeds = loadFeeds(opts.feed);
  const facts = JSON.parse(readFileSync(join(REPO, 'pricing-data', 'regions.json'), 'utf8'));
  const byLocation = new Map(facts.regions.map((r) => [r.location, r]));
  const locations = Object.keys(feeds.apigateway.data.regions);
  const unknown = locations.filter((l) => !byLocation.has(l));
  if (unknown.length) throw new Error(`locations with no Region in pricing-data/regions.json: ${unknown.join(', ')}`);
  const regions = locations
    .map((l) => byLocation.get(l))
    .filter((r) => r.partition === 'aws')
    .sort((a, b) => (a.code < b.code ? -1 : 1));

  const dir = join(opts.out, 'aws');
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
  const log = [];
  const index = { schemaVersion: 1, snapshots: [] };
  for (const region of regions) {
    const { doc, missing, notOffered } = buildRegion(region, feeds, regions, log);
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    writeFileSync(join(dir, `${region.code}.json`), text);
    index.snapshots.push({
      region: region.code,
      location: region.location,
      file: `aws/${region.code}.json`,
      compiled: COMPILED,
      coverage: doc.coverage,
      oldestPublication: doc.prices.map((p) => p.source.publicationDate).sort()[0],
      missing,
      notOffered,
      assumed: doc.prices.filter((p) => p.source.status === 'assumed').map((p) => p.id),
      sha256: createHash('sha256').update(text).digest('hex'),
      checksum: checksum(text),
    });
  }
  writeFileSync(join(opts.out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  const complete = index.snapshots.filter((s) => s.coverage === 'complete');
  const withAssumed = complete.filter((s) => s.assumed.length).length;
  process.stdout.write(
    `${index.snapshots.length} Regions written to ${dir}: ${complete.length} complete (${withAssumed} of them with prices assumed equal to us-east-1)\n`,
  );
  for (const s of index.snapshots.filter((x) => x.coverage !== 'complete'))
    process.stdout.write(`  ${s.region}: ${s.missing.map((m) => `${m.id} (${m.reason})`).join('; ')}\n`);
  for (const line of log) process.stdout.write(`${line}\n`);
}

main();
