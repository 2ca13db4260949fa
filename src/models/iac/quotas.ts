import type { IacApi, IacModel } from './types.js';

/**
 * The API Gateway quotas that infrastructure code alone decides, how each is counted, and the
 * AWS page that defines it. Quotas with a Service Quotas code take their default from the
 * bundled quota-defaults.json (or an applied value); the others have no code and their
 * documented default is here.
 */

export const DOCS = {
  account: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
  rest: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html',
  http: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
  websocket: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html',
} as const;

export type QuotaScope = 'api' | 'usage-plan' | 'account' | 'vpc-link' | 'api-key';
/** "count": headroom = limit − count; "max": the largest configured value against a maximum (not a usage). */
export type QuotaMeasure = 'count' | 'max';

export interface IacQuotaDef {
  /** Stable id: the Service Quotas code where AWS has one, else a name. */
  id: string;
  code?: string;
  name: string;
  apiType?: IacApi['type'];
  scope: QuotaScope;
  measure: QuotaMeasure;
  unit: string;
  /** Documented default when there is no code (codes take theirs from quota-defaults.json). */
  default?: number;
  docUrl: string;
  /** In the `check` gate unless the config names its own list (account-wide counts from code are only a lower bound). */
  gatedByDefault: boolean;
}

export const IAC_QUOTAS: IacQuotaDef[] = [
  {
    id: 'L-01C8A9E0',
    code: 'L-01C8A9E0',
    name: 'Resources per REST API',
    apiType: 'rest',
    scope: 'api',
    measure: 'count',
    unit: 'resources',
    docUrl: DOCS.rest,
    gatedByDefault: true,
  },
  {
    id: 'L-379E48B0',
    code: 'L-379E48B0',
    name: 'Stages per REST API',
    apiType: 'rest',
    scope: 'api',
    measure: 'count',
    unit: 'stages',
    docUrl: DOCS.rest,
    gatedByDefault: true,
  },
  {
    id: 'rest-authorizers-per-api',
    name: 'Authorizers per REST API',
    apiType: 'rest',
    scope: 'api',
    measure: 'count',
    unit: 'authorizers',
    default: 10,
    docUrl: DOCS.rest,
    gatedByDefault: true,
  },
  {
    id: 'L-95BA6EA5',
    code: 'L-95BA6EA5',
    name: 'Stage variables per stage (REST)',
    apiType: 'rest',
    scope: 'api',
    measure: 'count',
    unit: 'variables',
    docUrl: DOCS.rest,
    gatedByDefault: true,
  },
  {
    id: 'L-E5AE38E3',
    code: 'L-E5AE38E3',
    name: 'Integration timeout (REST)',
    apiType: 'rest',
    scope: 'api',
    measure: 'max',
    unit: 'ms',
    docUrl: DOCS.rest,
    gatedByDefault: false,
  },
  {
    id: 'rest-usage-plan-method-throttles',
    name: 'Method-level throttling settings for a stage in a usage plan',
    scope: 'usage-plan',
    measure: 'count',
    unit: 'settings',
    default: 20,
    docUrl: DOCS.rest,
    gatedByDefault: true,
  },
  {
    id: 'L-65B5C802',
    code: 'L-65B5C802',
    name: 'Routes per HTTP API',
    apiType: 'http',
    scope: 'api',
    measure: 'count',
    unit: 'routes',
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'http-integrations-per-api',
    name: 'Integrations per HTTP API',
    apiType: 'http',
    scope: 'api',
    measure: 'count',
    unit: 'integrations',
    default: 300,
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'http-stages-per-api',
    name: 'Stages per HTTP API',
    apiType: 'http',
    scope: 'api',
    measure: 'count',
    unit: 'stages',
    default: 10,
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'http-authorizers-per-api',
    name: 'Authorizers per HTTP API',
    apiType: 'http',
    scope: 'api',
    measure: 'count',
    unit: 'authorizers',
    default: 10,
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'http-stage-variables',
    name: 'Stage variables per stage (HTTP)',
    apiType: 'http',
    scope: 'api',
    measure: 'count',
    unit: 'variables',
    default: 100,
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'http-integration-timeout',
    name: 'Maximum integration timeout (HTTP)',
    apiType: 'http',
    scope: 'api',
    measure: 'max',
    unit: 'ms',
    default: 30000,
    docUrl: DOCS.http,
    gatedByDefault: false,
  },
  {
    id: 'L-01C8A9E0',
    code: 'L-01C8A9E0',
    name: 'Routes per WebSocket API',
    apiType: 'websocket',
    scope: 'api',
    measure: 'count',
    unit: 'routes',
    docUrl: DOCS.websocket,
    gatedByDefault: true,
  },
  {
    id: 'websocket-integrations-per-api',
    name: 'Integrations per WebSocket API',
    apiType: 'websocket',
    scope: 'api',
    measure: 'count',
    unit: 'integrations',
    default: 300,
    docUrl: DOCS.websocket,
    gatedByDefault: true,
  },
  {
    id: 'L-379E48B0',
    code: 'L-379E48B0',
    name: 'Stages per WebSocket API',
    apiType: 'websocket',
    scope: 'api',
    measure: 'count',
    unit: 'stages',
    docUrl: DOCS.websocket,
    gatedByDefault: true,
  },
  {
    id: 'websocket-authorizers-per-api',
    name: 'Lambda authorizers per WebSocket API',
    apiType: 'websocket',
    scope: 'api',
    measure: 'count',
    unit: 'authorizers',
    default: 10,
    docUrl: DOCS.websocket,
    gatedByDefault: true,
  },
  {
    id: 'websocket-integration-timeout',
    name: 'Integration timeout (WebSocket)',
    apiType: 'websocket',
    scope: 'api',
    measure: 'max',
    unit: 'ms',
    default: 29000,
    docUrl: DOCS.websocket,
    gatedByDefault: false,
  },
  {
    id: 'L-AA0FF27B',
    code: 'L-AA0FF27B',
    name: 'Regional APIs',
    scope: 'account',
    measure: 'count',
    unit: 'APIs',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-B97207D0',
    code: 'L-B97207D0',
    name: 'Edge-optimized APIs',
    scope: 'account',
    measure: 'count',
    unit: 'APIs',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-A966AB5C',
    code: 'L-A966AB5C',
    name: 'Private APIs',
    scope: 'account',
    measure: 'count',
    unit: 'APIs',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-A93447B8',
    code: 'L-A93447B8',
    name: 'Custom domain names',
    scope: 'account',
    measure: 'count',
    unit: 'domains',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-24E7E662',
    code: 'L-24E7E662',
    name: 'Private custom domain names',
    scope: 'account',
    measure: 'count',
    unit: 'domains',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-1D180A63',
    code: 'L-1D180A63',
    name: 'API keys',
    scope: 'account',
    measure: 'count',
    unit: 'keys',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-E8693075',
    code: 'L-E8693075',
    name: 'Usage plans',
    scope: 'account',
    measure: 'count',
    unit: 'plans',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-A4C7274F',
    code: 'L-A4C7274F',
    name: 'VPC links (REST)',
    scope: 'account',
    measure: 'count',
    unit: 'links',
    docUrl: DOCS.account,
    gatedByDefault: false,
  },
  {
    id: 'L-608BDCD4',
    code: 'L-608BDCD4',
    name: 'VPC links (HTTP, V2)',
    scope: 'account',
    measure: 'count',
    unit: 'links',
    docUrl: DOCS.http,
    gatedByDefault: false,
  },
  {
    id: 'L-668C9B28',
    code: 'L-668C9B28',
    name: 'Subnets per VPC link (V2)',
    scope: 'vpc-link',
    measure: 'count',
    unit: 'subnets',
    docUrl: DOCS.http,
    gatedByDefault: true,
  },
  {
    id: 'L-985EB478',
    code: 'L-985EB478',
    name: 'Usage plans per API key',
    scope: 'api-key',
    measure: 'count',
    unit: 'plans',
    docUrl: DOCS.account,
    gatedByDefault: true,
  },
];

/** A limit in force for a quota: a documented default, or an applied value (limits file, Service Quotas). */
export interface QuotaLimit {
  value: number;
  source: string;
  docUrl?: string | undefined;
}

export interface QuotaUse {
  used: number | null;
  /** Why the count is unknown. */
  unknown?: string | undefined;
  /** Extra context, e.g. "lower bound: the account may hold more". */
  note?: string | undefined;
}

/** How many of what a quota counts does this API (or plan, key, link, the code as a whole) have. */
export function countFor(def: IacQuotaDef, api: IacApi): QuotaUse {
  const list = <T>(xs: T[] | null, what: string): QuotaUse =>
    xs ? { used: xs.length } : { used: null, unknown: `the ${what} are not known from the code` };
  const maxVars = (): QuotaUse => {
    if (api.stages.some((s) => s.variables === null)) return { used: null, unknown: 'a stage has variables the code does not decide' };
    return { used: api.stages.reduce((m, s) => Math.max(m, s.variables ?? 0), 0) };
  };
  const maxTimeout = (): QuotaUse => {
    if (api.timeouts.some((t) => t.ms === null)) return { used: null, unknown: 'an integration timeout is not decided by the code' };
    if (!api.timeouts.length) return { used: null, unknown: 'no integration timeout is set (the default applies)' };
    return { used: Math.max(...api.timeouts.map((t) => t.ms!)) };
  };
  switch (def.id) {
    case 'L-01C8A9E0':
      return api.type === 'rest' ? list(api.resources, 'resources') : list(api.routes, 'routes');
    case 'L-65B5C802':
      return list(api.routes, 'routes');
    case 'L-379E48B0':
    case 'http-stages-per-api':
      return api.stagesUnknown
        ? { used: null, unknown: 'a stage depends on a condition the code does not decide' }
        : { used: api.stages.length };
    case 'rest-authorizers-per-api':
    case 'http-authorizers-per-api':
    case 'websocket-authorizers-per-api':
      return list(api.authorizers, 'authorizers');
    case 'http-integrations-per-api':
    case 'websocket-integrations-per-api':
      return api.integrations === null
        ? { used: null, unknown: 'the integrations are not known from the code' }
        : { used: api.integrations };
    case 'L-95BA6EA5':
    case 'http-stage-variables':
      return maxVars();
    case 'L-E5AE38E3':
    case 'http-integration-timeout':
    case 'websocket-integration-timeout':
      return maxTimeout();
    default:
      return { used: null, unknown: `${def.id} is not counted per API` };
  }
}

/** Account-wide counts over everything the code defines: a lower bound for the account. */
export function accountCount(def: IacQuotaDef, m: IacModel): QuotaUse {
  const note = 'counts what these files define: the account may already hold more';
  const rest = m.apis.filter((a) => a.type === 'rest');
  const byEndpoint = (t: string): QuotaUse =>
    rest.some((a) => a.endpointType === null)
      ? { used: null, unknown: 'an endpoint type is not decided by the code' }
      : { used: rest.filter((a) => a.endpointType === t).length, note };
  switch (def.id) {
    case 'L-AA0FF27B':
      return byEndpoint('REGIONAL');
    case 'L-B97207D0':
      return byEndpoint('EDGE');
    case 'L-A966AB5C':
      return byEndpoint('PRIVATE');
    case 'L-A93447B8':
      return { used: m.domains.filter((d) => !d.private).length, note };
    case 'L-24E7E662':
      return { used: m.domains.filter((d) => d.private).length, note };
    case 'L-1D180A63':
      return { used: m.apiKeys.length, note };
    case 'L-E8693075':
      return { used: m.usagePlans.length, note };
    case 'L-A4C7274F':
      return { used: m.vpcLinks.filter((l) => l.version === 'v1').length, note };
    case 'L-608BDCD4':
      return { used: m.vpcLinks.filter((l) => l.version === 'v2').length, note };
    default:
      return { used: null, unknown: `${def.id} is not an account count` };
  }
}
