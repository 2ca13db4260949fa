import { isOpenApi, readOpenApi, restResources } from '../openapi.js';
import { ResourceRef, refsOf, Unknown } from '../resolve.js';
import type { EndpointType, IacApi } from '../types.js';
import { type CfnContext, ENDPOINTS, isObj } from './context.js';

/** REST APIs (AWS::ApiGateway::RestApi), with their inline OpenAPI body and private endpoints. */
export function readRestApis(cx: CfnContext): void {
  const { r, input, src, finding, str, prop, num } = cx;
  const { file, lines } = input;
  for (const [id, res] of cx.ofType('AWS::ApiGateway::RestApi')) {
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
      id: cx.idOf(id),
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
      cx.model.findings.push(...o.findings);
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
      api.privateEndpointAzs = privateAzs(cx, refsOf(ids).concat(Array.isArray(ids) ? ids.flatMap(refsOf) : []));
    }
    cx.apis.set(id, api);
  }
}

/** HTTP and WebSocket APIs (AWS::ApiGatewayV2::Api), with their inline OpenAPI body and quick create. */
export function readV2Apis(cx: CfnContext): void {
  const { input, src, finding, str, prop, num } = cx;
  const { file, lines } = input;
  for (const [id, res] of cx.ofType('AWS::ApiGatewayV2::Api')) {
    const p = res.Properties ?? {};
    const protocol = str(prop(res, 'ProtocolType'));
    const body = p.Body;
    const type = protocol === 'WEBSOCKET' ? 'websocket' : protocol === 'HTTP' || isOpenApi(body) || p.BodyS3Location ? 'http' : null;
    if (!type) {
      finding('IAC_PROTOCOL_UNKNOWN', 'warn', `${id}: ProtocolType is not decided by the template; the API is left out`, src(id));
      continue;
    }
    const api: IacApi = {
      id: cx.idOf(id),
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
      cx.model.findings.push(...o.findings);
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
    cx.apis.set(id, api);
  }
}

/** REST resources and methods (AWS::ApiGateway::Resource / ::Method): paths from the parent chain. */
export function readResourcesAndMethods(cx: CfnContext): void {
  const { r, resources, src, finding, str, num, refId } = cx;
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
  for (const [id, res] of cx.ofType('AWS::ApiGateway::Resource')) {
    const api = cx.apiOf(res.Properties?.RestApiId, 'RestApiId', id);
    if (!api) continue;
    const path = pathOf(id);
    if (cx.uncertain.has(id) || path === null) {
      cx.markUnknown(refId(r.value(res.Properties?.RestApiId))!, 'resources');
      if (path === null) finding('IAC_RESOURCE_PATH_UNKNOWN', 'warn', `${id}: its path is not decided by the template`, src(id));
      continue;
    }
    if (api.resources) api.resources = restResources([...api.resources, path]);
  }
  for (const [id, res] of cx.ofType('AWS::ApiGateway::Method')) {
    const api = cx.apiOf(res.Properties?.RestApiId, 'RestApiId', id);
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
}

/** Authorizers (REST and v2), v2 integrations and v2 routes. */
export function readAuthorizersIntegrationsRoutes(cx: CfnContext): void {
  const { r, src, str, prop, num, refId } = cx;
  for (const [id, res] of cx.ofType('AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer')) {
    const api = cx.apiOf(res.Properties?.RestApiId ?? res.Properties?.ApiId, 'API', id);
    if (!api) continue;
    if (cx.uncertain.has(id)) cx.markUnknown(refId(r.value(res.Properties?.RestApiId ?? res.Properties?.ApiId))!, 'authorizers');
    api.authorizers?.push({
      name: str(prop(res, 'Name')) ?? id,
      type: String(str(prop(res, res.Type === 'AWS::ApiGateway::Authorizer' ? 'Type' : 'AuthorizerType')) ?? '?'),
      src: src(id),
    });
  }
  for (const [id, res] of cx.ofType('AWS::ApiGatewayV2::Integration')) {
    const api = cx.apiOf(res.Properties?.ApiId, 'ApiId', id);
    if (!api) continue;
    if (api.integrations !== null) api.integrations++;
    const t = res.Properties?.TimeoutInMillis;
    if (t !== undefined) api.timeouts.push({ ms: num(t), what: `integration ${id}`, src: src(id, res.Properties, 'TimeoutInMillis') });
  }
  for (const [id, res] of cx.ofType('AWS::ApiGatewayV2::Route')) {
    const apiRef = refId(r.value(res.Properties?.ApiId));
    const api = cx.apiOf(res.Properties?.ApiId, 'ApiId', id);
    if (!api?.routes) continue;
    const key = str(prop(res, 'RouteKey'));
    if (key === null || cx.uncertain.has(id)) {
      cx.markUnknown(apiRef!, 'routes');
      continue;
    }
    api.routes.push({ key, src: src(id) });
  }
}

/** Private APIs: the interface VPC endpoint for execute-api, and its subnets (= AZs). */
function privateAzs(cx: CfnContext, endpointRefs: string[]): number | null {
  const { r } = cx;
  const endpoints = cx.ofType('AWS::EC2::VPCEndpoint').filter(([, res]) => {
    const svc = r.value(res.Properties?.ServiceName);
    const text = typeof svc === 'string' ? svc : svc instanceof Unknown ? (svc.display ?? '') : '';
    return /execute-api$/.test(text);
  });
  const chosen = endpointRefs.length ? endpoints.filter(([id]) => endpointRefs.includes(id)) : endpoints.length === 1 ? endpoints : [];
  if (chosen.length !== 1) return null;
  const subnets = r.value(chosen[0]![1].Properties?.SubnetIds);
  return Array.isArray(subnets) ? subnets.length : null;
}
