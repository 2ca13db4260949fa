import type { Decimal } from '../money/decimal.js';
import type { Distribution } from './payload/distribution.js';

/**
 * The normalised input every cost model takes: plain data, all numbers as Decimal.
 * Built from flags or a scenario file by `src/scenario/`, never read from disk here.
 *
 * Scaling convention (used by break-even search): every traffic quantity below is
 * proportional to a scale factor s (s = 1 is the workload as given); fixed quantities
 * (hours, cache size, MAU, rule counts) do not scale.
 */
export type ApiType = 'rest' | 'http' | 'websocket';

export interface ApiWorkload {
  name: string;
  /** Declared type (scenario files); undefined in flag mode, where each type is costed. */
  type: ApiType | undefined;
  /** Request/response traffic (REST, HTTP, or through an ALB / self-hosted gateway). */
  requestsPerMonth: Decimal;
  /** Mean request payload in bytes. */
  requestBytes: Decimal;
  /** Mean response payload in bytes. */
  responseBytes: Decimal;
  /** Largest request payload expected, bytes (limit checks: 10 MB, ALB→Lambda 1 MB). */
  maxRequestBytes: Decimal;
  /** Largest response payload expected, bytes. */
  maxResponseBytes: Decimal;
  /** WebSocket traffic: messages sent plus received per month. */
  messagesPerMonth: Decimal;
  /** Mean WebSocket message size in bytes. */
  messageBytes: Decimal;
  /** WebSocket connection minutes per month. */
  connectionMinutesPerMonth: Decimal;
  /** REST cache size in GB (one of API Gateway's cacheClusterSize values), when enabled. */
  cacheSizeGb: string | undefined;
  /** Private REST API: number of AZs the interface VPC endpoint spans. */
  privateEndpointAzs: number | undefined;
  /**
   * AWS WAF in front (REST stage or ALB): number of rules / managed rule groups, as its own web
   * ACL (one ACL per API). Web ACLs shared by several APIs are `Workload.webAcls`.
   */
  wafRules: number | undefined;
  /** Stage name (scenario files), for cost per API and stage. */
  stage?: string | undefined;
  /** Private REST API: the VPC whose one `execute-api` interface endpoint it shares with the other private APIs there. */
  privateVpc?: string | undefined;
  /** Request size distribution (a payload file): HTTP requests are metered per request from it, not from the mean. */
  requestSizes?: Distribution | undefined;
  /** WebSocket message size distribution (a payload file): messages metered per message from it. */
  messageSizes?: Distribution | undefined;
  /** WebSocket: share of messages sent to clients (server → client), which leave AWS as data transfer out. */
  wsOutboundShare?: Decimal | undefined;
  /** CloudWatch Logs written for this API. */
  logs?: ApiLogs | undefined;
  /** Detailed CloudWatch metrics: how many methods (REST) or routes (HTTP, WebSocket) publish per-method metrics. */
  detailedMetrics?: { methods: number } | undefined;
}

/** CloudWatch Logs of one API: execution logs (REST, WebSocket) and access logs, kept `retentionDays` (or never expiring). */
export interface ApiLogs {
  /** Access log bytes per request (REST, HTTP) or per message (WebSocket). */
  access: { bytesPerRequest: Decimal } | undefined;
  /** Execution logs: at level INFO every request writes; at ERROR only the share that fails. */
  execution: { level: 'info' | 'error'; bytesPerRequest: Decimal; errorShare: Decimal | undefined } | undefined;
  retentionDays: number | 'never';
}

/**
 * An AWS WAF web ACL as AWS bills it (https://aws.amazon.com/waf/pricing/): the ACL, each rule,
 * each rule group and each managed rule group it holds (each counts as one rule), and every request
 * it inspects, for all the resources it is associated with.
 */
export interface WebAcl {
  name: string;
  rules: number;
  /** Rule groups you own, referenced in this ACL: each bills as one rule. */
  ruleGroups: number;
  managedRuleGroups: ManagedRuleGroup[];
  /** API names (or "api/stage") it is associated with. */
  protects: string[];
}

export interface ManagedRuleGroup {
  /** e.g. AWSManagedRulesCommonRuleSet, AWSManagedRulesBotControlRuleSet. */
  name: string;
  /** "AWS" for AWS Managed Rules; anything else is an AWS Marketplace seller. */
  vendor: string;
  /** Bot Control's inspection level (priced differently). */
  inspectionLevel?: 'common' | 'targeted' | undefined;
}

/** A VPC link and the APIs whose integrations use it (REST: through a Network Load Balancer). */
export interface VpcLink {
  name: string;
  apis: string[];
}

export interface TrafficShape {
  /** Hours in the billed month (730 is AWS's calculator convention). */
  hoursPerMonth: Decimal;
  /** Peak-hour request rate divided by the mean rate over the month. */
  peakToAverage: Decimal;
  /** How many hours a day run at the peak rate (the rest run below the mean so the monthly total holds). */
  peakHoursPerDay: Decimal;
  /** Client connection behaviour (ALB LCUs, self-hosted): requests carried per TCP/TLS connection. */
  requestsPerConnection: Decimal;
  /** How long a client connection stays open, seconds (active connections = new/s × duration). */
  connectionSeconds: Decimal;
}

export interface Workload {
  region: string;
  shape: TrafficShape;
  apis: ApiWorkload[];
  /** Opt-in legacy 12-month free tier (accounts created before 2025-07-15). */
  freeTier: 'none' | 'legacy12m';
  /** Web ACLs shared by several APIs (scenario files); per-API `wafRules` add one ACL each. */
  webAcls?: WebAcl[] | undefined;
  vpcLinks?: VpcLink[] | undefined;
  /** API Gateway portals in use (counted so the output can say whether they are priced). */
  portals?: { portals: number; products: number } | undefined;
  dataTransfer: {
    /**
     * "tiered": AWS's data-transfer-out tiers (default). "first-tier": a flat first-tier price,
     * as AWS's API Gateway pricing examples compute it.
     */
    pricing: 'tiered' | 'first-tier';
    /** Apply the account-wide 100 GB/month free data transfer out (only if nothing else uses it). */
    freeAllowance: boolean;
  };
}

export interface AlbConfig {
  /** Listener rules evaluated per request (the first 10 are free). */
  rules: number;
  /** Lambda targets process 0.4 GB per LCU-hour instead of 1 GB, and cap bodies at 1 MB. */
  targetType: 'instance' | 'ip' | 'lambda';
  /** Public IPv4 addresses billed (an internet-facing ALB has one per AZ). */
  publicIpv4Addresses: number;
}

export interface SsoConfig {
  provider: 'cognito' | 'oidc' | 'none';
  cognitoPlan: 'lite' | 'essentials' | 'plus';
  /** Monthly active users signing in. */
  mau: Decimal;
  /** Cognito machine-to-machine app clients and token requests per month. */
  m2mAppClients: number;
  m2mTokenRequestsPerMonth: Decimal;
  /** External OIDC provider price per MAU (0 = no charge modelled). */
  oidcUsdPerMau: Decimal;
  oidcProviderName: string;
}

export interface SelfHostedConfig {
  compute: 'ec2' | 'fargate';
  /** EC2 instance type (price id ec2.<type>.hours). */
  instanceType: string;
  fargate: { vcpu: Decimal; memoryGb: Decimal; arch: 'x86' | 'arm' };
  /** Sustained requests per second one node serves at 100 % (published benchmark, overridable). */
  rpsPerNode: Decimal;
  rpsPerNodeSource: string;
  /** Plan nodes to run at most this share of their capacity at peak (0–1). */
  targetUtilisation: Decimal;
  /** Minimum nodes, spread over availability zones. */
  minNodes: number;
  availabilityZones: number;
  /** Operations labour: hours per month × rate. */
  opsHoursPerMonth: Decimal;
  opsUsdPerHour: Decimal;
}

export interface Alternatives {
  alb: AlbConfig;
  sso: SsoConfig;
  selfHosted: SelfHostedConfig;
}
