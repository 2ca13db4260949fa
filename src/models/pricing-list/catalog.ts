import { usageTypeCandidates } from './billing-codes.js';

/**
 * How each price id of the bundled snapshots is found in the AWS Price List (GetProducts).
 * Attribute values (usage types, product families, service codes): https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-an-offer.html
 * and https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html;
 * usage types without their Region prefix, which comes from the billing-code table.
 */
export interface PriceSpec {
  id: string;
  serviceCode: string;
  unit: string;
  description: string;
  /** Usage type after the Region's billing code ("ApiGatewayRequest", "ApiGatewayCacheUsage:1.55GB"). */
  usageSuffix?: string;
  productFamily?: string;
  /** Further TERM_MATCH filters (attribute → value). */
  attributes?: Readonly<Record<string, string>>;
  /** In us-east-1 the usage type is written without "USE1-" (EC2 BoxUsage): try that form first. */
  bareFirst?: boolean;
  /**
   * false: the service's products have no `regionCode` (AWSDataTransfer names from/to locations);
   * the usage type's billing-code prefix pins the Region instead.
   */
  regionFilter?: boolean;
  /** REST API cache: the API's cacheClusterSize in GB, matched to the price list's cacheMemorySizeGb by nearest size. */
  cacheSizeGb?: string;
  /** Read with one query for every product of the service in the Region, then matched here (API Gateway). */
  serviceWide?: boolean;
}

const APIGW = 'AmazonApiGateway';

/** API Gateway cacheClusterSize values (API_CreateStage), GB. */
export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const;

/**
 * The size label of each cache size's usage type, "<code>-ApiGatewayCacheUsage:<label>": the offer
 * files write 1.55GB and 6.05GB where cacheMemorySizeGb (and the API's cacheClusterSize) say 1.6 and 6.1
 * (AmazonApiGateway offer file, eu-west-2, 2026-08-31).
 */
export const CACHE_USAGE_LABEL: Readonly<Record<(typeof CACHE_CLUSTER_SIZES)[number], string>> = {
  '0.5': '0.5GB',
  '1.6': '1.55GB',
  '6.1': '6.05GB',
  '13.5': '13.5GB',
  '28.4': '28.4GB',
  '58.2': '58.2GB',
  '118': '118GB',
  '237': '237GB',
};

export const EC2_INSTANCE_TYPES = [
  'c6g.large',
  'c7g.large',
  'c6i.large',
  'c7i.large',
  'm6g.large',
  'm7g.large',
  'm6i.large',
  't3.medium',
  't4g.medium',
] as const;

export function cachePriceId(sizeGb: string): string {
  return `apigw.rest.cache.${sizeGb.replace('.', '-')}gb`;
}

export const PRICE_SPECS: readonly PriceSpec[] = [
  {
    id: 'apigw.rest.requests',
    serviceCode: APIGW,
    serviceWide: true,
    productFamily: 'API Calls',
    usageSuffix: 'ApiGatewayRequest',
    unit: 'request',
    description: 'REST API requests',
  },
  {
    id: 'apigw.http.requests',
    serviceCode: APIGW,
    serviceWide: true,
    productFamily: 'API Calls',
    usageSuffix: 'ApiGatewayHttpRequest',
    unit: 'request',
    description: 'HTTP API requests (metered in 512 KB increments)',
  },
  {
    id: 'apigw.websocket.messages',
    serviceCode: APIGW,
    serviceWide: true,
    productFamily: 'WebSocket',
    usageSuffix: 'ApiGatewayMessage',
    unit: 'message',
    description: 'WebSocket messages (metered in 32 KB increments)',
  },
  {
    id: 'apigw.websocket.connection-minutes',
    serviceCode: APIGW,
    serviceWide: true,
    productFamily: 'WebSocket',
    usageSuffix: 'ApiGatewayMinute',
    unit: 'connection-minute',
    description: 'WebSocket connection minutes',
  },
  ...CACHE_CLUSTER_SIZES.map(
    (size): PriceSpec => ({
      id: cachePriceId(size),
      serviceCode: APIGW,
      serviceWide: true,
      productFamily: 'Amazon API Gateway Cache',
      usageSuffix: `ApiGatewayCacheUsage:${CACHE_USAGE_LABEL[size]}`,
      cacheSizeGb: size,
      unit: 'hour',
      description: `REST API cache, ${size} GB`,
    }),
  ),
  {
    id: 'privatelink.endpoint-hours',
    serviceCode: 'AmazonVPC',
    usageSuffix: 'VpcEndpoint-Hours',
    unit: 'AZ-hour',
    description: 'Interface VPC endpoint (PrivateLink), per AZ',
  },
  {
    id: 'privatelink.data-processed',
    serviceCode: 'AmazonVPC',
    usageSuffix: 'VpcEndpoint-Bytes',
    unit: 'GB',
    description: 'Interface VPC endpoint data processed',
  },
  {
    id: 'dto.internet-out',
    serviceCode: 'AWSDataTransfer',
    usageSuffix: 'DataTransfer-Out-Bytes',
    regionFilter: false,
    unit: 'GB',
    description: 'Data transfer out to the internet',
  },
  { id: 'waf.web-acl', serviceCode: 'awswaf', usageSuffix: 'WebACLV2', unit: 'web-ACL-month', description: 'AWS WAF web ACL' },
  { id: 'waf.rule', serviceCode: 'awswaf', usageSuffix: 'RuleV2', unit: 'rule-month', description: 'AWS WAF rule or managed rule group' },
  {
    id: 'waf.requests',
    serviceCode: 'awswaf',
    usageSuffix: 'RequestV2-Tier1',
    unit: 'request',
    description: 'AWS WAF requests (up to 1,500 WCU, default body inspection)',
  },
  {
    id: 'alb.hours',
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Application',
    usageSuffix: 'LoadBalancerUsage',
    unit: 'ALB-hour',
    description: 'Application Load Balancer hours',
  },
  {
    id: 'alb.lcu-hours',
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Application',
    usageSuffix: 'LCUUsage',
    unit: 'LCU-hour',
    description: 'Application Load Balancer capacity units',
  },
  {
    id: 'nlb.hours',
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Network',
    usageSuffix: 'LoadBalancerUsage',
    unit: 'NLB-hour',
    description: 'Network Load Balancer hours',
  },
  {
    id: 'nlb.lcu-hours',
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Network',
    usageSuffix: 'LCUUsage',
    unit: 'NLCU-hour',
    description: 'Network Load Balancer capacity units',
  },
  {
    id: 'cloudwatch.logs.ingestion',
    serviceCode: 'AmazonCloudWatch',
    usageSuffix: 'DataProcessing-Bytes',
    unit: 'GB',
    description: 'CloudWatch Logs data ingested (standard log class)',
  },
  {
    id: 'cloudwatch.logs.storage',
    serviceCode: 'AmazonCloudWatch',
    usageSuffix: 'TimedStorage-ByteHrs',
    unit: 'GB-month',
    description: 'CloudWatch Logs archived storage',
  },
  {
    id: 'cloudwatch.metrics.custom',
    serviceCode: 'AmazonCloudWatch',
    usageSuffix: 'CW:MetricMonitorUsage',
    unit: 'metric-month',
    description: 'CloudWatch custom metrics (API Gateway detailed metrics bill as these)',
  },
  {
    id: 'vpc.public-ipv4',
    serviceCode: 'AmazonVPC',
    usageSuffix: 'PublicIPv4:InUseAddress',
    unit: 'IP-hour',
    description: 'Public IPv4 address in use',
  },
  {
    id: 'cognito.lite.mau',
    serviceCode: 'AmazonCognito',
    usageSuffix: 'CognitoLiteMAU',
    unit: 'MAU',
    description: 'Cognito user pools, Lite plan',
  },
  {
    id: 'cognito.essentials.mau',
    serviceCode: 'AmazonCognito',
    usageSuffix: 'CognitoEssentialsMAU',
    unit: 'MAU',
    description: 'Cognito user pools, Essentials plan',
  },
  {
    id: 'cognito.plus.mau',
    serviceCode: 'AmazonCognito',
    usageSuffix: 'CognitoPlusMAU',
    unit: 'MAU',
    description: 'Cognito user pools, Plus plan',
  },
  {
    id: 'cognito.m2m.app-clients',
    serviceCode: 'AmazonCognito',
    usageSuffix: 'CUPM2MAppClients',
    unit: 'app-client-month',
    description: 'Cognito machine-to-machine app clients',
  },
  {
    id: 'cognito.m2m.token-requests',
    serviceCode: 'AmazonCognito',
    usageSuffix: 'CUPM2MTokenRequestsFull',
    unit: 'token-request',
    description: 'Cognito machine-to-machine token requests',
  },
  ...EC2_INSTANCE_TYPES.map(
    (type): PriceSpec => ({
      id: `ec2.${type.replace('.', '-')}.hours`,
      serviceCode: 'AmazonEC2',
      usageSuffix: `BoxUsage:${type}`,
      bareFirst: true,
      // Linux, no pre-installed software, shared tenancy, on-demand capacity (not a reservation)
      attributes: { operation: 'RunInstances', capacitystatus: 'Used', preInstalledSw: 'NA', tenancy: 'Shared' },
      unit: 'instance-hour',
      description: `EC2 ${type}, Linux on-demand`,
    }),
  ),
  {
    id: 'fargate.x86.vcpu-hours',
    serviceCode: 'AmazonECS',
    usageSuffix: 'Fargate-vCPU-Hours:perCPU',
    unit: 'vCPU-hour',
    description: 'Fargate Linux/x86 vCPU',
  },
  {
    id: 'fargate.x86.gb-hours',
    serviceCode: 'AmazonECS',
    usageSuffix: 'Fargate-GB-Hours',
    unit: 'GB-hour',
    description: 'Fargate Linux/x86 memory',
  },
  {
    id: 'fargate.arm.vcpu-hours',
    serviceCode: 'AmazonECS',
    usageSuffix: 'Fargate-ARM-vCPU-Hours:perCPU',
    unit: 'vCPU-hour',
    description: 'Fargate Linux/ARM vCPU',
  },
  {
    id: 'fargate.arm.gb-hours',
    serviceCode: 'AmazonECS',
    usageSuffix: 'Fargate-ARM-GB-Hours',
    unit: 'GB-hour',
    description: 'Fargate Linux/ARM memory',
  },
];

export interface PriceListFilter {
  Type: 'TERM_MATCH';
  Field: string;
  Value: string;
}

/** One GetProducts query (all its pages). `attempts` are tried in order until one returns products. */
export interface PriceListQuery {
  key: string;
  serviceCode: string;
  attempts: PriceListFilter[][];
  /** The price ids its products can give. */
  ids: string[];
}

const term = (Field: string, Value: string): PriceListFilter => ({ Type: 'TERM_MATCH', Field, Value });

/**
 * The GetProducts queries for a Region: one for all of API Gateway's products in the Region
 * (few, and the cache's usage type is matched by size, not by name), and one per other price,
 * filtered on its usage type (with and without "USE1-" in us-east-1), product family and attributes.
 */
export function planQueries(region: string, code: string, specs: readonly PriceSpec[] = PRICE_SPECS): PriceListQuery[] {
  const queries: PriceListQuery[] = [];
  const wide = new Map<string, PriceListQuery>();
  for (const spec of specs) {
    if (spec.serviceWide) {
      let q = wide.get(spec.serviceCode);
      if (!q) {
        q = { key: spec.serviceCode, serviceCode: spec.serviceCode, attempts: [[term('regionCode', region)]], ids: [] };
        wide.set(spec.serviceCode, q);
        queries.push(q);
      }
      q.ids.push(spec.id);
      continue;
    }
    const usageTypes = usageTypeCandidates(region, code, spec.usageSuffix!, spec.bareFirst);
    const rest = [
      ...(spec.regionFilter === false ? [] : [term('regionCode', region)]),
      ...(spec.productFamily ? [term('productFamily', spec.productFamily)] : []),
      ...Object.entries(spec.attributes ?? {}).map(([k, v]) => term(k, v)),
    ];
    queries.push({
      key: spec.id,
      serviceCode: spec.serviceCode,
      attempts: usageTypes.map((u) => [term('usagetype', u), ...rest]),
      ids: [spec.id],
    });
  }
  return queries;
}

export function specOf(id: string, specs: readonly PriceSpec[] = PRICE_SPECS): PriceSpec | undefined {
  return specs.find((s) => s.id === id);
}
