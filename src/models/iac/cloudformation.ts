import { isOpenApi, readOpenApi, restResources } from './openapi.js';
import { ResourceRef, Resolver, Unknown, refsOf, type Template } from './resolve.js';
import type { LineIndex, Src } from './source.js';
import {
  emptyModel,
  type EndpointType,
  type IacApi,
  type IacFinding,
  type IacModel,
  type IacRouteThrottle,
  type IacStage,
  type IacThrottle,
  type IacUsagePlan,
  type SourceFormat,
} from './types.js';

/**
 * A CloudFormation template (after the SAM transform where there was one) → what it declares
 * about API Gateway. Pure: the template is plain data (the file was read by src/iac).
 */

export interface CfnInput {
  template: Template;
  file: string;
  /** Stack name for ids: the CDK stack, or the template's file name. */
  stack: string;
  format: SourceFormat;
  lines: LineIndex;
  parameters: Record<string, string>;
  region?: string | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
type Resource = NonNullable<Template['Resources']>[string];

const ENDPOINTS: EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE'];

/** Usage-plan and method-setting keys: "/pets/GET", "/~1pets~1{id}/GET", "*\/*" → "GET /pets/{id}" (undefined: every method). */
export function methodKeyToRoute(key: string): string | undefined {
  const k = key.replace(/~1/g, '/');
  const i = k.lastIndexOf('/');
  if (i < 0) return undefined;
  let path = k.slice(0, i).replace(/^\/+/, '/');
  const method = k.slice(i + 1).toUpperCase();
  if ((path === '*' || path === '/*') && method === '*') return undefined;
  if (!path.startsWith('/')) path = `/${path}`;
  return `${method} ${path}`;
}

export function readCloudFormation(input: CfnInput): IacModel {
  const { template, file, stack, lines } = input;
  const r = new Resolver({ template, parameters: input.parameters, region: input.region, stackName: undefined });
  const model = emptyModel();
  const findings = model.findings;
  const resources = template.Resources ?? {};
  const idOf = (logicalId: string) => `${stack}/${logicalId}`;
  const src = (logicalId: string, obj?: unknown, key?: string): Src => {
    const res = resources[logicalId];
    const line = lines.lineOf(obj ?? res, key) ?? lines.lineOf(resources, logicalId);
    const cdkPath = res?.Metadata?.['aws:cdk:path'];
    return { file, ...(line !== undefined ? { line } : {}), at: typeof cdkPath === 'string' ? cdkPath : logicalId };
  };
  const finding = (code: string, level: IacFinding['level'], message: string, s?: Src) =>
    findings.push({ code, level, message, ...(s ? { src: s } : {}) });

  // resources whose Condition is false are not created; unknown conditions make what they add unknown
  const live: Array<[string, Resource]> = [];
  const uncertain = new Set<string>();
  for (const [id, res] of Object.entries(resources)) {
    if (!isObj(res)) continue;
    const c = r.created(id);
    if (c === false) continue;
    if (c instanceof Unknown) {
      uncertain.add(id);
      finding(
        'IAC_CONDITION_UNKNOWN',
        'warn',
        `${id} (${res.Type}) is created only when condition ${res.Condition} holds, which the template does not decide: ${c.reason}`,
        src(id),
      );
    }
    live.push([id, res]);
  }
  const ofType = (...types: string[]) => live.filter(([, res]) => types.includes(String(res.Type)));
  const prop = (res: Resource, key: string) => r.value(res.Properties?.[key]);
  const str = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v instanceof Unknown && v.display ? v.display : null;
  const num = (v: unknown): number | null => {
    const x = r.value(v);
    if (typeof x === 'number') return x;
    if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
    return null;
  };
  const refId = (v: unknown): string | undefined => (v instanceof ResourceRef ? v.logicalId : v instanceof Unknown ? v.refs[0] : undefined);
  const throttle = (rate: unknown, burst: unknown, s: Src): IacThrottle | undefined =>
    rate === undefined && burst === undefined ? undefined : { rate: num(rate), burst: num(burst), src: s };

  // ---- APIs ----
  const apis = new Map<string, IacApi>();
  const unknownCounts = new Map<string, Set<'resources' | 'routes' | 'stages' | 'authorizers'>>();
  const markUnknown = (apiLogical: string, what: 'resources' | 'routes' | 'stages' | 'authorizers') => {
    const s = unknownCounts.get(apiLogical) ?? new Set();
    s.add(what);
    unknownCounts.set(apiLogical, s);
  };

  for (const [id, res] of ofType('AWS::ApiGateway::RestApi')) {
    const p = res.Properties ?? {};
    const ec = r.value(p.EndpointConfiguration);
    const types = isObj(ec) ? ec.Types : undefined;
    let endpointType: EndpointType | null = 'EDGE';
    if (Array.isArray(types)) endpointType = ENDPOINTS.includes(types[0] as EndpointType) ? (types[0] as EndpointType) : null;
    else if (types !== undefined) endpointType = null;
    if (endpointType === null)
      finding(
        'IAC_ENDPOINT_UNKNOWN',
        'warn',
        `${id}: the endpoint type is not decided by the template`,
        src(id, p, 'EndpointConfiguration'),
      );
    const api: IacApi = {
      id: idOf(id),
      name: str(prop(res, 'Name')),
      type: 'rest',
      endpointType,
      format: input.format,
      src: src(id),
      resources: ['/'],
      methods: [],
      routes: null,
      integrations: null,
      authorizers: [],
      stages: [],
      timeouts: [],
    };
    const body = p.Body;
    if (isOpenApi(body)) {
      const o = readOpenApi(body, 'rest', { file, at: `${id} › Body`, lines, num });
      api.resources = o.resources;
      api.methods = o.methods;
      api.authorizers = o.authorizers;
      api.timeouts = o.timeouts;
      api.name ??= o.title;
      if (o.apiKeySource) api.apiKeySource = o.apiKeySource;
      if (o.requestValidators !== undefined) api.requestValidators = o.requestValidators;
      findings.push(...o.findings);
    } else if (body !== undefined || p.BodyS3Location !== undefined) {
      api.resources = null;
      api.methods = null;
      api.authorizers = null;
      finding(
        'IAC_BODY_UNKNOWN',
        'warn',
        `${id}: the OpenAPI definition is ${p.BodyS3Location !== undefined ? 'in S3 (BodyS3Location)' : 'not an inline OpenAPI object'}; its resources, methods and authorizers are unknown (pass the definition file as well, or inline it)`,
        src(id, p, p.BodyS3Location !== undefined ? 'BodyS3Location' : 'Body'),
      );
    }
    const ks = str(prop(res, 'ApiKeySourceType'));
    if (ks) api.apiKeySource = ks;
    if (endpointType === 'PRIVATE') {
      const ids = isObj(ec) ? ec.VpcEndpointIds : undefined;
      api.privateEndpointAzs = privateAzs(refsOf(ids).concat(Array.isArray(ids) ? ids.flatMap(refsOf) : []));
    }
    apis.set(id, api);
  }

  for (const [id, res] of ofType('AWS::ApiGatewayV2::Api')) {
    const p = res.Properties ?? {};
    const protocol = str(prop(res, 'ProtocolType'));
    const body = p.Body;
    const type = protocol === 'WEBSOCKET' ? 'websocket' : protocol === 'HTTP' || isOpenApi(body) || p.BodyS3Location ? 'http' : null;
    if (!type) {
      finding('IAC_PROTOCOL_UNKNOWN', 'warn', `${id}: ProtocolType is not decided by the template; the API is left out`, src(id));
      continue;
    }
    const api: IacApi = {
      id: idOf(id),
      name: str(prop(res, 'Name')),
      type,
      endpointType: 'REGIONAL',
      format: input.format,
      src: src(id),
      resources: null,
      methods: null,
      routes: [],
      integrations: 0,
      authorizers: [],
      stages: [],
      timeouts: [],
    };
    if (isOpenApi(body)) {
      const o = readOpenApi(body, 'http', { file, at: `${id} › Body`, lines, num });
      api.routes = o.routes;
      api.integrations = o.integrations;
      api.authorizers = o.authorizers;
      api.timeouts = o.timeouts;
      api.name ??= o.title;
      findings.push(...o.findings);
    } else if (body !== undefined || p.BodyS3Location !== undefined) {
      api.routes = null;
      api.integrations = null;
      api.authorizers = null;
      finding('IAC_BODY_UNKNOWN', 'warn', `${id}: the OpenAPI definition is not inline; its routes are unknown`, src(id));
    }
    // quick create: a Target makes a $default route, its integration and a $default stage
    if (p.Target !== undefined && api.routes) {
      api.routes.push({ key: '$default', src: src(id, p, 'Target') });
      api.integrations = (api.integrations ?? 0) + 1;
      api.stages.push({ name: '$default', src: src(id, p, 'Target'), routeThrottles: [], variables: 0 });
    }
    apis.set(id, api);
  }

  const apiOf = (v: unknown, what: string, owner: string): IacApi | undefined => {
    const ref = refId(r.value(v));
    const api = ref ? apis.get(ref) : undefined;
    if (!api && !uncertain.has(owner))
      finding(
        'IAC_API_UNRESOLVED',
        'warn',
        `${owner}: its ${what} does not name an API defined here (${ref ?? 'not a Ref'}); left out`,
        src(owner),
      );
    return api;
  };

  // ---- REST resources and methods (AWS::ApiGateway::Resource / ::Method) ----
  const resourcePath = new Map<string, string | null>();
  const pathOf = (logicalId: string, seen: Set<string> = new Set()): string | null => {
    if (resourcePath.has(logicalId)) return resourcePath.get(logicalId)!;
    if (seen.has(logicalId)) return null;
    seen.add(logicalId);
    const res = resources[logicalId];
    if (res?.Type !== 'AWS::ApiGateway::Resource') return null;
    const parent = r.value(res.Properties?.ParentId);
    const part = r.value(res.Properties?.PathPart);
    let parentPath: string | null = null;
    if (parent instanceof ResourceRef && parent.attribute === 'RootResourceId') parentPath = '/';
    else if (parent instanceof ResourceRef) parentPath = pathOf(parent.logicalId, seen);
    const path = parentPath === null || typeof part !== 'string' ? null : `${parentPath === '/' ? '' : parentPath}/${part}`;
    resourcePath.set(logicalId, path);
    return path;
  };
  for (const [id, res] of ofType('AWS::ApiGateway::Resource')) {
    const api = apiOf(res.Properties?.RestApiId, 'RestApiId', id);
    if (!api) continue;
    const path = pathOf(id);
    if (uncertain.has(id) || path === null) {
      markUnknown(refId(r.value(res.Properties?.RestApiId))!, 'resources');
      if (path === null) finding('IAC_RESOURCE_PATH_UNKNOWN', 'warn', `${id}: its path is not decided by the template`, src(id));
      continue;
    }
    if (api.resources) api.resources = restResources([...api.resources, path]);
  }
  for (const [id, res] of ofType('AWS::ApiGateway::Method')) {
    const api = apiOf(res.Properties?.RestApiId, 'RestApiId', id);
    if (!api?.methods) continue;
    const p = res.Properties ?? {};
    const target = r.value(p.ResourceId);
    const path =
      target instanceof ResourceRef && target.attribute === 'RootResourceId'
        ? '/'
        : target instanceof ResourceRef
          ? pathOf(target.logicalId)
          : null;
    const method = str(r.value(p.HttpMethod));
    if (path === null || method === null) {
      finding('IAC_METHOD_UNKNOWN', 'warn', `${id}: its path or HTTP method is not decided by the template`, src(id));
      continue;
    }
    const auth = str(r.value(p.AuthorizationType));
    const apiKey = r.value(p.ApiKeyRequired);
    api.methods.push({
      method: method.toUpperCase(),
      path,
      src: src(id),
      ...(auth ? { authorization: auth } : {}),
      ...(typeof apiKey === 'boolean' ? { apiKeyRequired: apiKey } : apiKey === 'true' ? { apiKeyRequired: true } : {}),
    });
    const integ = isObj(p.Integration) ? p.Integration : undefined;
    if (integ?.TimeoutInMillis !== undefined)
      api.timeouts.push({
        ms: num(integ.TimeoutInMillis),
        what: `${method.toUpperCase()} ${path}`,
        src: src(id, integ, 'TimeoutInMillis'),
      });
  }

  // ---- authorizers, integrations, routes (REST and v2) ----
  for (const [id, res] of ofType('AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer')) {
    const api = apiOf(res.Properties?.RestApiId ?? res.Properties?.ApiId, 'API', id);
    if (!api) continue;
    if (uncertain.has(id)) markUnknown(refId(r.value(res.Properties?.RestApiId ?? res.Properties?.ApiId))!, 'authorizers');
    api.authorizers?.push({
      name: str(prop(res, 'Name')) ?? id,
      type: String(str(prop(res, res.Type === 'AWS::ApiGateway::Authorizer' ? 'Type' : 'AuthorizerType')) ?? '?'),
      src: src(id),
    });
  }
  for (const [id, res] of ofType('AWS::ApiGatewayV2::Integration')) {
    const api = apiOf(res.Properties?.ApiId, 'ApiId', id);
    if (!api) continue;
    if (api.integrations !== null) api.integrations++;
    const t = res.Properties?.TimeoutInMillis;
    if (t !== undefined) api.timeouts.push({ ms: num(t), what: `integration ${id}`, src: src(id, res.Properties, 'TimeoutInMillis') });
  }
  for (const [id, res] of ofType('AWS::ApiGatewayV2::Route')) {
    const apiRef = refId(r.value(res.Properties?.ApiId));
    const api = apiOf(res.Properties?.ApiId, 'ApiId', id);
    if (!api?.routes) continue;
    const key = str(prop(res, 'RouteKey'));
    if (key === null || uncertain.has(id)) {
      markUnknown(apiRef!, 'routes');
      continue;
    }
    api.routes.push({ key, src: src(id) });
  }

  // ---- stages ----
  const stageByLogical = new Map<string, { api: IacApi; stage: IacStage }>();
  const restStage = (api: IacApi, name: string | null, s: Src, p: Record<string, unknown>, stageThrottle?: IacThrottle): IacStage => {
    const stage: IacStage = { name, src: s, routeThrottles: [], variables: null };
    if (stageThrottle) stage.throttle = stageThrottle;
    const settings = r.value(p.MethodSettings);
    if (Array.isArray(settings)) {
      const rawSettings = Array.isArray(p.MethodSettings) ? p.MethodSettings : [];
      for (const [i, m] of settings.entries()) {
        if (!isObj(m)) continue;
        const line = lines.lineOf(rawSettings[i]);
        const path = typeof m.ResourcePath === 'string' ? m.ResourcePath : '/*';
        const method = typeof m.HttpMethod === 'string' ? m.HttpMethod : '*';
        const route = methodKeyToRoute(`${path}/${method}`);
        const t = throttle(m.ThrottlingRateLimit, m.ThrottlingBurstLimit, {
          ...s,
          ...(line !== undefined ? { line } : {}),
        });
        if (!t) continue;
        if (route === undefined) stage.throttle = t;
        else stage.routeThrottles.push({ ...t, route });
      }
    } else if (settings instanceof Unknown)
      finding('IAC_VALUE_UNKNOWN', 'warn', `${api.id} stage ${name}: MethodSettings: ${settings.reason}`, s);
    const cacheOn = r.value(p.CacheClusterEnabled);
    const size = r.value(p.CacheClusterSize);
    if (cacheOn !== undefined || size !== undefined)
      stage.cache = {
        enabled:
          typeof cacheOn === 'boolean'
            ? cacheOn
            : cacheOn === 'true'
              ? true
              : cacheOn === 'false'
                ? false
                : cacheOn === undefined
                  ? false
                  : null,
        sizeGb:
          cacheOn === undefined && size === undefined
            ? null
            : typeof size === 'string' || typeof size === 'number'
              ? String(size)
              : size === undefined
                ? '0.5'
                : null,
        src: { ...s, ...(lines.lineOf(p, 'CacheClusterEnabled') !== undefined ? { line: lines.lineOf(p, 'CacheClusterEnabled')! } : {}) },
      };
    const vars = r.value(p.Variables);
    stage.variables = vars === undefined ? 0 : isObj(vars) ? Object.keys(vars).length : null;
    return stage;
  };
  for (const [id, res] of ofType('AWS::ApiGateway::Stage')) {
    const p = res.Properties ?? {};
    const api = apiOf(p.RestApiId, 'RestApiId', id);
    if (!api) continue;
    if (uncertain.has(id)) markUnknown(refId(r.value(p.RestApiId))!, 'stages');
    const stage = restStage(api, str(prop(res, 'StageName')), src(id), p);
    api.stages.push(stage);
    stageByLogical.set(id, { api, stage });
  }
  for (const [id, res] of ofType('AWS::ApiGateway::Deployment')) {
    const p = res.Properties ?? {};
    const name = str(prop(res, 'StageName'));
    if (name === null) continue;
    const api = apiOf(p.RestApiId, 'RestApiId', id);
    if (!api || api.stages.some((s) => s.name === name)) continue;
    const d = isObj(p.StageDescription) ? p.StageDescription : {};
    const stage = restStage(api, name, src(id), d, throttle(d.ThrottlingRateLimit, d.ThrottlingBurstLimit, src(id, d)));
    api.stages.push(stage);
  }
  for (const [id, res] of ofType('AWS::ApiGatewayV2::Stage')) {
    const p = res.Properties ?? {};
    const api = apiOf(p.ApiId, 'ApiId', id);
    if (!api) continue;
    if (uncertain.has(id)) markUnknown(refId(r.value(p.ApiId))!, 'stages');
    const name = str(prop(res, 'StageName'));
    const stage: IacStage = { name, src: src(id), routeThrottles: [], variables: null };
    const d = r.value(p.DefaultRouteSettings);
    if (isObj(d)) stage.throttle = throttle(d.ThrottlingRateLimit, d.ThrottlingBurstLimit, src(id, p, 'DefaultRouteSettings'));
    const rs = r.value(p.RouteSettings);
    if (isObj(rs)) {
      const raw = isObj(p.RouteSettings) ? p.RouteSettings : {};
      for (const [route, v] of Object.entries(rs)) {
        if (!isObj(v)) continue;
        const t = throttle(v.ThrottlingRateLimit, v.ThrottlingBurstLimit, src(id, raw, route));
        if (t) stage.routeThrottles.push({ ...t, route });
      }
    }
    const vars = r.value(p.StageVariables);
    stage.variables = vars === undefined ? 0 : isObj(vars) ? Object.keys(vars).length : null;
    const existing = api.stages.findIndex((s) => s.name === name);
    if (existing >= 0) api.stages[existing] = stage;
    else api.stages.push(stage);
    stageByLogical.set(id, { api, stage });
  }

  // ---- usage plans and API keys ----
  const keyIds = new Map<string, string>();
  for (const [id, res] of ofType('AWS::ApiGateway::ApiKey')) {
    const keyName = prop(res, 'Name');
    model.apiKeys.push({ id: idOf(id), name: typeof keyName === 'string' ? keyName : id, src: src(id) });
    keyIds.set(id, idOf(id));
  }
  const stageName = (v: unknown): string | null => {
    const x = r.value(v);
    if (typeof x === 'string') return x;
    if (x instanceof ResourceRef && stageByLogical.has(x.logicalId)) return stageByLogical.get(x.logicalId)!.stage.name;
    return str(x);
  };
  const plans = new Map<string, IacModel['usagePlans'][number]>();
  for (const [id, res] of ofType('AWS::ApiGateway::UsagePlan')) {
    const p = res.Properties ?? {};
    const t = isObj(p.Throttle) ? p.Throttle : undefined;
    const q = isObj(p.Quota) ? p.Quota : undefined;
    const period = q ? str(r.value(q.Period)) : null;
    const apiStages: IacModel['usagePlans'][number]['apiStages'] = [];
    const raw = p.ApiStages;
    const list = r.value(raw);
    if (Array.isArray(list)) {
      list.forEach((as, i) => {
        if (!isObj(as)) return;
        const ref = refId(as.ApiId);
        const api = ref ? apis.get(ref) : undefined;
        const throttles: IacRouteThrottle[] = [];
        const rawEntry = Array.isArray(raw) ? raw[i] : undefined;
        if (isObj(as.Throttle)) {
          for (const [key, v] of Object.entries(as.Throttle)) {
            const route = methodKeyToRoute(key);
            if (!route || !isObj(v)) continue;
            const rawT = isObj(rawEntry) && isObj(rawEntry.Throttle) ? rawEntry.Throttle[key] : undefined;
            throttles.push({
              route,
              rate: num(v.RateLimit),
              burst: num(v.BurstLimit),
              src: rawT ? src(id, rawEntry.Throttle, key) : src(id, rawEntry),
            });
          }
        }
        apiStages.push({ api: api?.id ?? null, stage: stageName(isObj(rawEntry) ? rawEntry.Stage : as.Stage), throttles });
      });
    }
    const plan: IacUsagePlan = {
      id: idOf(id),
      name: str(prop(res, 'UsagePlanName')) ?? id,
      src: src(id),
      ...(t ? { throttle: throttle(t.RateLimit, t.BurstLimit, src(id, p, 'Throttle'))! } : {}),
      ...(q
        ? {
            quota: {
              limit: num(q.Limit),
              period: period === 'DAY' || period === 'WEEK' || period === 'MONTH' ? (period as 'DAY' | 'WEEK' | 'MONTH') : null,
              offset: num(q.Offset) ?? 0,
              src: src(id, p, 'Quota'),
            },
          }
        : {}),
      apiStages,
      keys: [] as string[],
    };
    model.usagePlans.push(plan);
    plans.set(id, plan);
  }
  for (const [id, res] of ofType('AWS::ApiGateway::UsagePlanKey')) {
    const plan = plans.get(refId(r.value(res.Properties?.UsagePlanId)) ?? '');
    const key = refId(r.value(res.Properties?.KeyId));
    if (plan && key) plan.keys.push(keyIds.get(key) ?? idOf(key));
    else finding('IAC_USAGE_PLAN_KEY_UNRESOLVED', 'info', `${id}: its usage plan or API key is not defined here`, src(id));
  }

  // ---- custom domains, mappings, VPC links, load balancers ----
  const domains = new Map<string, IacModel['domains'][number]>();
  for (const [id, res] of ofType('AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName')) {
    const p = res.Properties ?? {};
    const ec = r.value(p.EndpointConfiguration);
    const types = isObj(ec) ? ec.Types : undefined;
    const isV1 = res.Type !== 'AWS::ApiGatewayV2::DomainName';
    const priv = res.Type === 'AWS::ApiGateway::DomainNameV2';
    let endpointType: EndpointType | null = isV1
      ? priv
        ? 'PRIVATE'
        : p.RegionalCertificateArn !== undefined
          ? 'REGIONAL'
          : 'EDGE'
      : 'REGIONAL';
    if (Array.isArray(types) && ENDPOINTS.includes(types[0] as EndpointType)) endpointType = types[0] as EndpointType;
    else if (types !== undefined) endpointType = null;
    const d = {
      id: idOf(id),
      name: str(prop(res, 'DomainName')),
      endpointType,
      kind: isV1 ? ('v1' as const) : ('v2' as const),
      private: priv || endpointType === 'PRIVATE',
      src: src(id),
      mappings: [],
    };
    model.domains.push(d);
    domains.set(id, d);
  }
  for (const [id, res] of ofType(
    'AWS::ApiGateway::BasePathMapping',
    'AWS::ApiGateway::BasePathMappingV2',
    'AWS::ApiGatewayV2::ApiMapping',
  )) {
    const p = res.Properties ?? {};
    const dn = r.value(p.DomainName ?? p.DomainNameArn);
    const domain = domains.get(refId(dn) ?? '') ?? model.domains.find((d) => d.name !== null && d.name === dn);
    const api = apis.get(refId(r.value(p.RestApiId ?? p.ApiId)) ?? '');
    const mapping = { api: api?.id ?? null, stage: stageName(p.Stage), basePath: str(r.value(p.BasePath ?? p.ApiMappingKey)) ?? '' };
    if (domain) domain.mappings.push(mapping);
    else finding('IAC_MAPPING_UNRESOLVED', 'info', `${id}: its custom domain is not defined here`, src(id));
  }
  for (const [id, res] of ofType('AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink')) {
    const v2 = res.Type === 'AWS::ApiGatewayV2::VpcLink';
    const subnets = v2 ? r.value(res.Properties?.SubnetIds) : undefined;
    model.vpcLinks.push({
      id: idOf(id),
      name: str(prop(res, 'Name')),
      version: v2 ? 'v2' : 'v1',
      subnets: v2 ? (Array.isArray(subnets) ? subnets.length : null) : null,
      src: src(id),
    });
  }
  for (const [id, res] of ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const t = str(prop(res, 'Type')) ?? 'application';
    model.loadBalancers.push({
      id: idOf(id),
      name: str(prop(res, 'Name')),
      type: t === 'application' || t === 'network' || t === 'gateway' ? t : null,
      src: src(id),
    });
  }

  // ---- WAF associations ----
  const webAclRules = (logicalId: string | undefined): number | null => {
    const acl = logicalId ? resources[logicalId] : undefined;
    if (!acl) return null;
    const rules = r.value(acl.Properties?.Rules);
    return Array.isArray(rules) ? rules.length : rules === undefined ? 0 : null;
  };
  for (const [id, res] of ofType('AWS::WAFv2::WebACLAssociation', 'AWS::WAFRegional::WebACLAssociation')) {
    const p = res.Properties ?? {};
    const aclRef = refId(r.value(p.WebACLArn ?? p.WebACLId));
    const target = r.value(p.ResourceArn);
    const text = typeof target === 'string' ? target : target instanceof Unknown ? (target.display ?? '') : '';
    const m = /\/restapis\/([^/]+)\/stages\/([^/]+)/.exec(text);
    let api: IacApi | undefined;
    let stage: string | null = null;
    if (m) {
      const apiRef = /^\$\{([^}.]+)/.exec(m[1]!)?.[1];
      api = apiRef ? apis.get(apiRef) : undefined;
      const stageRef = /^\$\{([^}.]+)/.exec(m[2]!)?.[1];
      stage = stageRef ? (stageByLogical.get(stageRef)?.stage.name ?? null) : m[2]!;
    } else {
      // a Ref/GetAtt to a stage resource
      for (const ref of refsOf(target)) {
        const hit = stageByLogical.get(ref);
        if (hit) {
          api = hit.api;
          stage = hit.stage.name;
        }
      }
    }
    if (!api) finding('IAC_WAF_TARGET_UNKNOWN', 'info', `${id}: the protected resource is not an API Gateway stage defined here`, src(id));
    model.waf.push({
      id: idOf(id),
      webAcl: aclRef ?? str(r.value(p.WebACLArn ?? p.WebACLId)),
      rules: webAclRules(aclRef),
      api: api?.id ?? null,
      stage,
      src: src(id),
    });
  }

  // private APIs: the interface VPC endpoint for execute-api, and its subnets (= AZs)
  function privateAzs(endpointRefs: string[]): number | null {
    const endpoints = ofType('AWS::EC2::VPCEndpoint').filter(([, res]) => {
      const svc = r.value(res.Properties?.ServiceName);
      const text = typeof svc === 'string' ? svc : svc instanceof Unknown ? (svc.display ?? '') : '';
      return /execute-api$/.test(text);
    });
    const chosen = endpointRefs.length ? endpoints.filter(([id]) => endpointRefs.includes(id)) : endpoints.length === 1 ? endpoints : [];
    if (chosen.length !== 1) return null;
    const subnets = r.value(chosen[0]![1].Properties?.SubnetIds);
    return Array.isArray(subnets) ? subnets.length : null;
  }

  for (const [logical, what] of unknownCounts) {
    const api = apis.get(logical);
    if (!api) continue;
    for (const w of what) {
      if (w === 'resources') {
        api.resources = null;
        api.methods = null;
      } else if (w === 'routes') api.routes = null;
      else if (w === 'authorizers') api.authorizers = null;
      else if (w === 'stages') api.stagesUnknown = true;
    }
  }
  model.apis.push(...apis.values());
  for (const api of model.apis)
    if (api.methods) api.methods.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return model;
}
