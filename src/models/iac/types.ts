import type { Src } from './source.js';

/**
 * What infrastructure code declares about API Gateway, normalised over every format
 * (CloudFormation, SAM, CDK, Terraform plans, OpenAPI). Plain, JSON-serialisable data.
 * `null` means unknown (it could not be resolved from the code), never zero.
 */

export type ApiType = 'rest' | 'http' | 'websocket';
export type EndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';
export type SourceFormat = 'cloudformation' | 'sam' | 'cdk' | 'terraform' | 'openapi';

export interface IacThrottle {
  rate: number | null;
  burst: number | null;
  src: Src;
}

export interface IacRouteThrottle extends IacThrottle {
  /** "GET /pets/{id}" (REST method, HTTP route) or a WebSocket route key ("$connect"). */
  route: string;
}

export interface IacStage {
  name: string | null;
  src: Src;
  /** The stage default: REST "*\/*" method setting or stage-level throttle, HTTP/WebSocket DefaultRouteSettings. */
  throttle?: IacThrottle | undefined;
  routeThrottles: IacRouteThrottle[];
  /** REST only: the stage's cache cluster (size in GB as AWS names it: "0.5", "1.6", …). */
  cache?: { enabled: boolean | null; sizeGb: string | null; src: Src } | undefined;
  /** Number of stage variables (null: unknown). */
  variables: number | null;
}

export interface IacMethod {
  /** GET, POST, …, ANY. */
  method: string;
  path: string;
  src: Src;
  authorization?: string | undefined;
  apiKeyRequired?: boolean | undefined;
}

export interface IacRoute {
  /** "GET /pets", "$default", "$connect", a WebSocket route key. */
  key: string;
  src: Src;
}

export interface IacAuthorizer {
  name: string;
  type: string;
  src: Src;
}

export interface IacApi {
  /** Stable id: "<stack or file>/<logical id or address>". */
  id: string;
  name: string | null;
  type: ApiType;
  /** null: unknown (e.g. decided by an unresolvable condition). HTTP and WebSocket APIs are Regional. */
  endpointType: EndpointType | null;
  format: SourceFormat;
  src: Src;
  /** REST: every resource path, root "/" included (null: unknown, e.g. a body in S3). */
  resources: string[] | null;
  /** REST methods (null: unknown). */
  methods: IacMethod[] | null;
  /** HTTP and WebSocket routes (null: unknown). */
  routes: IacRoute[] | null;
  /** HTTP and WebSocket integrations (null: unknown). */
  integrations: number | null;
  authorizers: IacAuthorizer[] | null;
  stages: IacStage[];
  /** True when a stage depends on a condition the code does not decide: the stage count is unknown. */
  stagesUnknown?: boolean | undefined;
  /** Integration timeouts the code sets (REST method integrations, HTTP/WebSocket integrations); null: unknown. */
  timeouts: Array<{ ms: number | null; what: string; src: Src }>;
  apiKeySource?: string | undefined;
  requestValidators?: number | undefined;
  /** The interface VPC endpoint(s) of a private API: number of AZs (subnets), when the code says. */
  privateEndpointAzs?: number | null | undefined;
}

export interface IacUsagePlan {
  id: string;
  name: string | null;
  src: Src;
  throttle?: IacThrottle | undefined;
  quota?: { limit: number | null; period: 'DAY' | 'WEEK' | 'MONTH' | null; offset: number; src: Src } | undefined;
  apiStages: Array<{ api: string | null; stage: string | null; throttles: IacRouteThrottle[] }>;
  /** Ids of the API keys attached (UsagePlanKey). */
  keys: string[];
}

export interface IacApiKey {
  id: string;
  name: string | null;
  src: Src;
}

export interface IacDomain {
  id: string;
  name: string | null;
  endpointType: EndpointType | null;
  /** REST v1 or v2 (HTTP/WebSocket) domain resource. */
  kind: 'v1' | 'v2';
  private: boolean;
  src: Src;
  mappings: Array<{ api: string | null; stage: string | null; basePath: string | null }>;
}

export interface IacVpcLink {
  id: string;
  name: string | null;
  version: 'v1' | 'v2';
  subnets: number | null;
  src: Src;
}

export interface IacWafAssociation {
  id: string;
  /** The web ACL (id or name as the code names it) and its rule count, when the code defines it. */
  webAcl: string | null;
  rules: number | null;
  /** The API and stage it protects (null: not resolvable from the code). */
  api: string | null;
  stage: string | null;
  src: Src;
}

export interface IacLoadBalancer {
  id: string;
  name: string | null;
  type: 'application' | 'network' | 'gateway' | null;
  src: Src;
}

export interface IacFinding {
  code: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  src?: Src | undefined;
}

/** One parsed input: what a file (or a cdk.out stack) declares. */
export interface IacModel {
  apis: IacApi[];
  usagePlans: IacUsagePlan[];
  apiKeys: IacApiKey[];
  domains: IacDomain[];
  vpcLinks: IacVpcLink[];
  waf: IacWafAssociation[];
  loadBalancers: IacLoadBalancer[];
  findings: IacFinding[];
  /** Files read and the format each was read as. */
  sources: Array<{ file: string; format: SourceFormat; stack?: string | undefined }>;
}

export function emptyModel(): IacModel {
  return { apis: [], usagePlans: [], apiKeys: [], domains: [], vpcLinks: [], waf: [], loadBalancers: [], findings: [], sources: [] };
}

export function mergeModels(models: IacModel[]): IacModel {
  const out = emptyModel();
  for (const m of models) {
    out.apis.push(...m.apis);
    out.usagePlans.push(...m.usagePlans);
    out.apiKeys.push(...m.apiKeys);
    out.domains.push(...m.domains);
    out.vpcLinks.push(...m.vpcLinks);
    out.waf.push(...m.waf);
    out.loadBalancers.push(...m.loadBalancers);
    out.findings.push(...m.findings);
    out.sources.push(...m.sources);
  }
  return out;
}
