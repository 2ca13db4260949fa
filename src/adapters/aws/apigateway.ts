import {
  APIGatewayClient,
  GetAccountCommand,
  GetStagesCommand,
  paginateGetApiKeys,
  paginateGetDomainNames,
  paginateGetResources,
  paginateGetRestApis,
  paginateGetUsagePlanKeys,
  paginateGetUsagePlans,
  type MethodSetting,
  type ThrottleSettings,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  GetApisCommand,
  GetDomainNamesCommand as GetDomainNamesV2Command,
  GetRoutesCommand,
  GetStagesCommand as GetStagesV2Command,
  type RouteSettings,
} from '@aws-sdk/client-apigatewayv2';
import type { ApiKind } from '../../models/throttling/config.js';
import { clientConfig, track, readOrDeny, recordUnread, type AwsSession } from './session.js';

/** Plain data read from API Gateway (v1: REST; v2: HTTP and WebSocket). */
export interface ApiInfo {
  id: string;
  name: string;
  /** The name used in traffic series and limits: the API name, or name (id) where names repeat. */
  label: string;
  type: ApiKind;
  endpointType: 'REGIONAL' | 'EDGE' | 'PRIVATE' | undefined;
  stages: StageInfo[];
  /** REST resources or HTTP/WebSocket routes; undefined where the read was denied. */
  routeCount: number | undefined;
}

export interface Throttle {
  rate: number;
  burst: number;
}

export interface StageInfo {
  name: string;
  /** Stage default (the "*\/*" method setting, or default route settings). */
  default: Throttle | undefined;
  /** Per-method ("GET /pets") or per-route ("GET /pets", "$connect") overrides. */
  routes: Record<string, Throttle>;
  detailedMetrics: boolean;
}

export interface UsagePlanInfo {
  id: string;
  name: string;
  throttle: Throttle | undefined;
  quota: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset: number } | undefined;
  /** Names of the API keys in the plan (undefined when GetUsagePlanKeys was denied). */
  keys: string[] | undefined;
  /** Per-stage, per-method throttles: api label, stage, route. */
  methods: Array<{ api: string; stage: string; route: string; rate: number; burst: number }>;
  apiStages: Array<{ api: string; stage: string }>;
}

export interface ApiGatewayInventory {
  region: string;
  account: Throttle | undefined;
  apis: ApiInfo[];
  usagePlans: UsagePlanInfo[] | undefined;
  apiKeyCount: number | undefined;
  /** Public custom domain names (v1 and v2 list the same domains; v2 is used when v1 is denied). */
  domainNameCount: number | undefined;
  /** Facts that could not be read, with the first reason ("denied: apigateway:GET /account"): unknown, never zero. */
  unknown: Partial<Record<InventoryFact, string>>;
}

export type InventoryFact = 'account' | 'restApis' | 'v2Apis' | 'stages' | 'routes' | 'usagePlans' | 'apiKeys' | 'domainNames';

const PAGE = 500;

function throttleOf(rate: number | undefined, burst: number | undefined): Throttle | undefined {
  return rate === undefined || burst === undefined || rate < 0 || burst < 0 ? undefined : { rate, burst };
}

/** REST method-setting key "~1pets~1{id}/GET" (or "/pets/GET" in usage plans) → "GET /pets/{id}" ; the star-slash-star key → undefined (stage default). */
export function methodKeyToRoute(key: string): string | undefined {
  const k = key.replace(/~1/g, '/');
  const i = k.lastIndexOf('/');
  if (i < 0) return undefined;
  const path = k.slice(0, i);
  const method = k.slice(i + 1);
  if (path === '*' && method === '*') return undefined;
  return `${method} ${path.startsWith('/') ? path : `/${path}`}`;
}

function fromMethodSettings(ms: Record<string, MethodSetting> | undefined): {
  default: Throttle | undefined;
  routes: Record<string, Throttle>;
  detailed: boolean;
} {
  let def: Throttle | undefined;
  const routes: Record<string, Throttle> = {};
  let detailed = false;
  for (const [key, v] of Object.entries(ms ?? {})) {
    const t = throttleOf(v.throttlingRateLimit, v.throttlingBurstLimit);
    const route = methodKeyToRoute(key);
    if (route === undefined) {
      def = t;
      detailed = v.metricsEnabled ?? false;
    } else if (t) routes[route] = t;
  }
  return { default: def, routes, detailed };
}

function fromRouteSettings(
  d: RouteSettings | undefined,
  m: Record<string, RouteSettings> | undefined,
): { default: Throttle | undefined; routes: Record<string, Throttle>; detailed: boolean } {
  const routes: Record<string, Throttle> = {};
  for (const [k, v] of Object.entries(m ?? {})) {
    const t = throttleOf(v.ThrottlingRateLimit, v.ThrottlingBurstLimit);
    if (t) routes[k] = t;
  }
  return { default: throttleOf(d?.ThrottlingRateLimit, d?.ThrottlingBurstLimit), routes, detailed: d?.DetailedMetricsEnabled ?? false };
}

/** Every item of an API Gateway (v1) listing, through the SDK's own paginator (it follows `position`). */
async function collect<T>(pages: AsyncIterable<{ items?: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(page.items ?? []));
  return out;
}

/** Every item of an API Gateway v2 listing: the v2 client ships no paginators, so follow NextToken. */
async function collectV2<T>(page: (NextToken: string | undefined) => Promise<{ Items?: T[]; NextToken?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    out.push(...(p.Items ?? []));
    token = p.NextToken;
  } while (token);
  return out;
}

/**
 * Read every API, stage, throttle setting, usage plan, API key count and custom domain in the
 * Region. Only Get* operations (IAM action apigateway:GET). A denied read leaves its part out
 * with a finding; anything else fails the command.
 */
export async function readApiGateway(s: AwsSession): Promise<ApiGatewayInventory> {
  const v1 = track(s, new APIGatewayClient(clientConfig(s)));
  const v2 = track(s, new ApiGatewayV2Client(clientConfig(s)));
  const unknown: ApiGatewayInventory['unknown'] = {};
  /** A read whose failure leaves `fact` unknown (the first reason is kept). */
  const read = async <T>(fact: InventoryFact, action: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const v = await readOrDeny(s, action, fn);
    if (v === undefined) unknown[fact] ??= s.unread[s.unread.length - 1]?.reason ?? `not read: ${action}`;
    return v;
  };
  try {
    s.progress('reading API Gateway account, APIs and stages…');
    const accountRead = await read('account', 'apigateway:GET /account', async () => {
      const a = await v1.send(new GetAccountCommand({}));
      return { throttle: throttleOf(a.throttleSettings?.rateLimit, a.throttleSettings?.burstLimit) };
    });
    const account = accountRead?.throttle;
    if (accountRead && !account)
      unknown.account = recordUnread(s, 'apigateway:GET /account', 'empty', 'no throttle settings in the answer');

    const raw: Array<Omit<ApiInfo, 'label'>> = [];
    const v1Pages = { client: v1, pageSize: PAGE };
    const rest = await read('restApis', 'apigateway:GET /restapis', () => collect(paginateGetRestApis(v1Pages, {})));
    for (const api of rest ?? []) {
      const id = api.id!;
      const stages = await read(
        'stages',
        `apigateway:GET /restapis/${id}/stages`,
        async () => (await v1.send(new GetStagesCommand({ restApiId: id }))).item ?? [],
      );
      const resources = await read(
        'routes',
        `apigateway:GET /restapis/${id}/resources`,
        async () => (await collect(paginateGetResources(v1Pages, { restApiId: id }))).length,
      );
      const types = api.endpointConfiguration?.types ?? [];
      raw.push({
        id,
        name: api.name ?? id,
        type: 'rest',
        endpointType: (types[0] as ApiInfo['endpointType']) ?? undefined,
        routeCount: resources,
        stages: (stages ?? []).map((st) => {
          const m = fromMethodSettings(st.methodSettings);
          return { name: st.stageName!, default: m.default, routes: m.routes, detailedMetrics: m.detailed };
        }),
      });
    }

    const v2apis = await read('v2Apis', 'apigateway:GET /apis', () =>
      collectV2((NextToken) => v2.send(new GetApisCommand({ MaxResults: String(PAGE), NextToken }))),
    );
    for (const api of v2apis ?? []) {
      const id = api.ApiId!;
      const stages = await read('stages', `apigateway:GET /apis/${id}/stages`, () =>
        collectV2((NextToken) => v2.send(new GetStagesV2Command({ ApiId: id, MaxResults: String(PAGE), NextToken }))),
      );
      const routes = await read(
        'routes',
        `apigateway:GET /apis/${id}/routes`,
        async () =>
          (await collectV2((NextToken) => v2.send(new GetRoutesCommand({ ApiId: id, MaxResults: String(PAGE), NextToken })))).length,
      );
      raw.push({
        id,
        name: api.Name ?? id,
        type: api.ProtocolType === 'WEBSOCKET' ? 'websocket' : 'http',
        endpointType: 'REGIONAL',
        routeCount: routes,
        stages: (stages ?? []).map((st) => {
          const r = fromRouteSettings(st.DefaultRouteSettings, st.RouteSettings);
          return { name: st.StageName!, default: r.default, routes: r.routes, detailedMetrics: r.detailed };
        }),
      });
    }
    const nameCount = new Map<string, number>();
    for (const a of raw) nameCount.set(a.name, (nameCount.get(a.name) ?? 0) + 1);
    const apis: ApiInfo[] = raw.map((a) => ({ ...a, label: nameCount.get(a.name)! > 1 ? `${a.name} (${a.id})` : a.name }));
    const byId = new Map(apis.map((a) => [a.id, a]));

    s.progress('reading usage plans, API keys and custom domains…');
    const plans = await read('usagePlans', 'apigateway:GET /usageplans', () => collect(paginateGetUsagePlans(v1Pages, {})));
    const usagePlans: UsagePlanInfo[] | undefined = plans === undefined ? undefined : [];
    for (const p of plans ?? []) {
      const keys = await readOrDeny(s, `apigateway:GET /usageplans/${p.id}/keys`, async () =>
        (await collect(paginateGetUsagePlanKeys(v1Pages, { usagePlanId: p.id! }))).map((k) => k.name ?? k.id!),
      );
      const methods: UsagePlanInfo['methods'] = [];
      const apiStages: UsagePlanInfo['apiStages'] = [];
      for (const st of p.apiStages ?? []) {
        const api = byId.get(st.apiId ?? '')?.label ?? st.apiId ?? '?';
        apiStages.push({ api, stage: st.stage ?? '?' });
        for (const [key, t] of Object.entries(st.throttle ?? {}) as Array<[string, ThrottleSettings]>) {
          const route = methodKeyToRoute(key);
          const th = throttleOf(t.rateLimit, t.burstLimit);
          if (route && th) methods.push({ api, stage: st.stage ?? '?', route, ...th });
        }
      }
      const q = p.quota;
      usagePlans!.push({
        id: p.id!,
        name: p.name ?? p.id!,
        throttle: throttleOf(p.throttle?.rateLimit, p.throttle?.burstLimit),
        quota:
          q?.limit !== undefined && q.period
            ? { limit: q.limit, period: q.period as 'DAY' | 'WEEK' | 'MONTH', offset: q.offset ?? 0 }
            : undefined,
        keys,
        methods,
        apiStages,
      });
    }
    const apiKeyCount = await read(
      'apiKeys',
      'apigateway:GET /apikeys',
      async () => (await collect(paginateGetApiKeys(v1Pages, {}))).length,
    );
    let domainNameCount = await read(
      'domainNames',
      'apigateway:GET /domainnames',
      async () => (await collect(paginateGetDomainNames(v1Pages, {}))).length,
    );
    if (domainNameCount === undefined) {
      domainNameCount = await read(
        'domainNames',
        'apigateway:GET /domainnames (v2)',
        async () => (await collectV2((NextToken) => v2.send(new GetDomainNamesV2Command({ MaxResults: String(PAGE), NextToken })))).length,
      );
      if (domainNameCount !== undefined) delete unknown.domainNames;
    }
    return { region: s.region, account, apis, usagePlans, apiKeyCount, domainNameCount, unknown };
  } finally {
    v1.destroy();
    v2.destroy();
  }
}

/** The limits file the simulator takes (src/traffic/limits.ts `limitsSchema`), from what is configured in the account. */
export interface LimitsFileData {
  region: string;
  account?: Throttle;
  stages: Array<{ api: string; stage: string; type: ApiKind; rate?: number; burst?: number; routes: Record<string, Throttle> }>;
  usagePlans: Array<{
    name: string;
    rate?: number;
    burst?: number;
    quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset: number };
    keys: string[];
    methods: Array<{ api: string; stage: string; route: string; rate: number; burst: number }>;
  }>;
}

/** Configured throttles as a limits file. Usage plans without API keys are left out (the schema needs a key), with a note. */
export function toLimitsFile(inv: ApiGatewayInventory, accountFallback: Throttle | undefined, notes: string[] = []): LimitsFileData {
  const account = inv.account ?? accountFallback;
  const out: LimitsFileData = { region: inv.region, ...(account ? { account } : {}), stages: [], usagePlans: [] };
  for (const api of inv.apis) {
    for (const st of api.stages) {
      out.stages.push({
        api: api.label,
        stage: st.name,
        type: api.type,
        ...(st.default ? { rate: st.default.rate, burst: st.default.burst } : {}),
        routes: st.routes,
      });
    }
  }
  for (const p of inv.usagePlans ?? []) {
    if (!p.keys || p.keys.length === 0) {
      notes.push(`usage plan "${p.name}" has ${p.keys ? 'no API keys' : 'keys that could not be read'}: left out of the limits`);
      continue;
    }
    out.usagePlans.push({
      name: p.name,
      ...(p.throttle ? { rate: p.throttle.rate, burst: p.throttle.burst } : {}),
      ...(p.quota ? { quota: p.quota } : {}),
      keys: p.keys,
      methods: p.methods,
    });
  }
  return out;
}
