import { isOpenApi, readOpenApi, restResources } from './openapi.js';
import { methodKeyToRoute } from './method-key.js';
import { emptyLineIndex, type Src } from './source.js';
import {
  emptyModel,
  type EndpointType,
  type IacApi,
  type IacModel,
  type IacRouteThrottle,
  type IacStage,
  type IacThrottle,
  type IacUsagePlan,
} from './types.js';

/**
 * The JSON of `terraform show -json <planfile>`: the resources the plan will leave in place
 * (planned_values), linked through the references in `configuration` (ids of resources not
 * yet created are unknown in the plan, the references are not). Pure.
 * https://developer.hashicorp.com/terraform/internals/json-format
 */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

interface TfResource {
  address: string;
  /** Address without the instance key: module.x.aws_api_gateway_rest_api.api */
  base: string;
  module: string;
  type: string;
  name: string;
  index: unknown;
  values: Record<string, unknown>;
  /** Per attribute: references from the configuration ("aws_api_gateway_rest_api.api.id"). */
  refs: Record<string, string[]>;
  unknown: Record<string, unknown>;
}

export function isTerraformPlan(doc: unknown): doc is Record<string, unknown> {
  return isObj(doc) && typeof doc.format_version === 'string' && (isObj(doc.planned_values) || Array.isArray(doc.resource_changes));
}

function collectModules(mod: unknown, out: Array<Record<string, unknown>>, depth = 0): void {
  if (!isObj(mod) || depth > 32) return;
  for (const r of Array.isArray(mod.resources) ? mod.resources : []) if (isObj(r) && r.mode !== 'data') out.push(r);
  for (const c of Array.isArray(mod.child_modules) ? mod.child_modules : []) collectModules(c, out, depth + 1);
}

/** configuration.root_module → expressions' references per resource base address. */
function collectRefs(mod: unknown, prefix: string, out: Map<string, Record<string, string[]>>, depth = 0): void {
  if (!isObj(mod) || depth > 32) return;
  for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
    if (!isObj(r) || typeof r.address !== 'string') continue;
    const refs: Record<string, string[]> = {};
    const walk = (expr: unknown, key: string) => {
      if (Array.isArray(expr)) {
        expr.forEach((e, i) => {
          walk(e, `${key}[${i}]`);
        });
      } else if (isObj(expr)) {
        if (Array.isArray(expr.references))
          (refs[key] ??= []).push(...expr.references.filter((x): x is string => typeof x === 'string').map((x) => `${prefix}${x}`));
        for (const [k, v] of Object.entries(expr))
          if (k !== 'references' && k !== 'constant_value') walk(v, key === '' ? k : `${key}.${k}`);
      }
    };
    for (const [k, v] of Object.entries(isObj(r.expressions) ? r.expressions : {})) walk(v, k);
    out.set(`${prefix}${r.address}`, refs);
  }
  const calls = isObj(mod.module_calls) ? mod.module_calls : {};
  for (const [name, call] of Object.entries(calls)) if (isObj(call)) collectRefs(call.module, `${prefix}module.${name}.`, out, depth + 1);
}

export function readTerraformPlan(plan: Record<string, unknown>, file: string): IacModel {
  const model = emptyModel();
  const raw: Array<Record<string, unknown>> = [];
  collectModules(isObj(plan.planned_values) ? plan.planned_values.root_module : undefined, raw);
  const refsByBase = new Map<string, Record<string, string[]>>();
  collectRefs(isObj(plan.configuration) ? plan.configuration.root_module : undefined, '', refsByBase);
  const unknownByAddress = new Map<string, Record<string, unknown>>();
  const deleted = new Set<string>();
  for (const rc of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!isObj(rc) || !isObj(rc.change) || typeof rc.address !== 'string') continue;
    const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
    if (actions.length === 1 && actions[0] === 'delete') deleted.add(rc.address);
    if (isObj(rc.change.after_unknown)) unknownByAddress.set(rc.address, rc.change.after_unknown);
  }
  const all: TfResource[] = raw
    .filter((r) => typeof r.address === 'string' && !deleted.has(r.address as string))
    .map((r) => {
      const address = r.address as string;
      const base = address.replace(/\[[^\]]*\]$/, '');
      return {
        address,
        base,
        module: address.slice(0, address.length - `${r.type}.${r.name}`.length - (address.length - base.length)).replace(/\.$/, ''),
        type: String(r.type),
        name: String(r.name),
        index: r.index,
        values: isObj(r.values) ? r.values : {},
        refs: refsByBase.get(base.replace(/\[[^\]]*\]/g, '')) ?? {},
        unknown: unknownByAddress.get(address) ?? {},
      };
    });
  const src = (r: TfResource): Src => ({ file, at: r.address });
  const ofType = (t: string) => all.filter((r) => r.type === t);
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const num = (v: unknown): number | null =>
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;
  const first = (v: unknown): Record<string, unknown> | undefined => (Array.isArray(v) && isObj(v[0]) ? v[0] : isObj(v) ? v : undefined);

  /** The resource an attribute refers to: by configuration reference (same instance key when counted), else by a known id value. */
  const target = (r: TfResource, attr: string, types: string[]): TfResource | undefined => {
    const refs = r.refs[attr] ?? [];
    for (const ref of refs) {
      // "aws_x.name.attr" or "module.m.aws_x.name.attr"
      const candidates = all.filter((o) => {
        const b = o.base.replace(/\[[^\]]*\]/g, '');
        return types.includes(o.type) && (ref === b || ref.startsWith(`${b}.`));
      });
      if (candidates.length === 1) return candidates[0];
      const same = candidates.find((c) => JSON.stringify(c.index) === JSON.stringify(r.index));
      if (same) return same;
    }
    const id = r.values[attr];
    if (typeof id === 'string') return all.find((o) => types.includes(o.type) && (o.values.id === id || o.values.root_resource_id === id));
    return undefined;
  };
  const refAttr = (r: TfResource, attr: string): string | undefined => (r.refs[attr] ?? [])[0]?.split('.').pop();

  const apis = new Map<string, IacApi>();
  for (const r of ofType('aws_api_gateway_rest_api')) {
    const ec = first(r.values.endpoint_configuration);
    const types = ec?.types;
    const endpointType: EndpointType | null = Array.isArray(types)
      ? ((types[0] as EndpointType) ?? null)
      : ec === undefined
        ? 'EDGE'
        : null;
    const api: IacApi = {
      id: r.address,
      name: str(r.values.name),
      type: 'rest',
      endpointType,
      format: 'terraform',
      src: src(r),
      resources: ['/'],
      methods: [],
      routes: null,
      integrations: null,
      authorizers: [],
      stages: [],
      timeouts: [],
    };
    const body = r.values.body;
    if (typeof body === 'string' && body.trim()) {
      const doc = openApiBody(body);
      if (doc) {
        const o = readOpenApi(doc, 'rest', { file, at: `${r.address} › body`, lines: emptyLineIndex() });
        api.resources = o.resources;
        api.methods = o.methods;
        api.authorizers = o.authorizers;
        api.timeouts = o.timeouts;
      } else {
        api.resources = null;
        api.methods = null;
        model.findings.push({
          code: 'IAC_BODY_UNKNOWN',
          level: 'warn',
          message: `${r.address}: body is not an OpenAPI JSON document (YAML bodies are not read); resources unknown`,
          src: src(r),
        });
      }
    } else if (r.unknown.body === true) {
      api.resources = null;
      api.methods = null;
      model.findings.push({
        code: 'IAC_BODY_UNKNOWN',
        level: 'warn',
        message: `${r.address}: body is known only after apply; resources unknown`,
        src: src(r),
      });
    }
    if (typeof r.values.api_key_source === 'string') api.apiKeySource = r.values.api_key_source;
    apis.set(r.address, api);
  }
  for (const r of ofType('aws_apigatewayv2_api')) {
    const type = r.values.protocol_type === 'WEBSOCKET' ? 'websocket' : 'http';
    const api: IacApi = {
      id: r.address,
      name: str(r.values.name),
      type,
      endpointType: 'REGIONAL',
      format: 'terraform',
      src: src(r),
      resources: null,
      methods: null,
      routes: [],
      integrations: 0,
      authorizers: [],
      stages: [],
      timeouts: [],
    };
    const body = r.values.body;
    if (typeof body === 'string' && body.trim()) {
      const doc = openApiBody(body);
      if (doc) {
        const o = readOpenApi(doc, 'http', { file, at: `${r.address} › body`, lines: emptyLineIndex() });
        api.routes = o.routes;
        api.integrations = o.integrations;
        api.authorizers = o.authorizers;
        api.timeouts = o.timeouts;
      } else {
        api.routes = null;
        api.integrations = null;
      }
    }
    if (typeof r.values.target === 'string' || r.unknown.target === true) {
      api.routes?.push({ key: '$default', src: src(r) });
      api.integrations = api.integrations === null ? null : api.integrations + 1;
      api.stages.push({ name: '$default', src: src(r), routeThrottles: [], variables: 0 });
    }
    apis.set(r.address, api);
  }
  const apiFor = (r: TfResource, attr: string) => {
    const t = target(r, attr, ['aws_api_gateway_rest_api', 'aws_apigatewayv2_api']);
    const api = t ? apis.get(t.address) : undefined;
    if (!api)
      model.findings.push({
        code: 'IAC_API_UNRESOLVED',
        level: 'warn',
        message: `${r.address}: ${attr} does not refer to an API in this plan; left out`,
        src: src(r),
      });
    return api;
  };

  // REST resources: parent chain by reference
  const pathMemo = new Map<string, string | null>();
  const pathOf = (r: TfResource, depth = 0): string | null => {
    if (pathMemo.has(r.address)) return pathMemo.get(r.address)!;
    if (depth > 64) return null;
    let parent: string | null = null;
    if (refAttr(r, 'parent_id') === 'root_resource_id') parent = '/';
    else {
      const p = target(r, 'parent_id', ['aws_api_gateway_resource', 'aws_api_gateway_rest_api']);
      if (p?.type === 'aws_api_gateway_rest_api') parent = '/';
      else if (p) parent = pathOf(p, depth + 1);
    }
    const part = str(r.values.path_part);
    const path = parent === null || part === null ? null : `${parent === '/' ? '' : parent}/${part}`;
    pathMemo.set(r.address, path);
    return path;
  };
  for (const r of ofType('aws_api_gateway_resource')) {
    const api = apiFor(r, 'rest_api_id');
    if (!api) continue;
    const path = pathOf(r);
    if (path === null) {
      api.resources = null;
      model.findings.push({
        code: 'IAC_RESOURCE_PATH_UNKNOWN',
        level: 'warn',
        message: `${r.address}: its path is not known from the plan`,
        src: src(r),
      });
    } else if (api.resources) api.resources = restResources([...api.resources, path]);
  }
  const resourcePath = (r: TfResource): string | null => {
    if (refAttr(r, 'resource_id') === 'root_resource_id') return '/';
    const t = target(r, 'resource_id', ['aws_api_gateway_resource', 'aws_api_gateway_rest_api']);
    return t?.type === 'aws_api_gateway_rest_api' ? '/' : t ? pathOf(t) : null;
  };
  for (const r of ofType('aws_api_gateway_method')) {
    const api = apiFor(r, 'rest_api_id');
    if (!api?.methods) continue;
    const path = resourcePath(r);
    const method = str(r.values.http_method);
    if (path === null || method === null) continue;
    api.methods.push({
      method,
      path,
      src: src(r),
      ...(typeof r.values.authorization === 'string' ? { authorization: r.values.authorization } : {}),
      ...(typeof r.values.api_key_required === 'boolean' ? { apiKeyRequired: r.values.api_key_required } : {}),
    });
  }
  for (const r of ofType('aws_api_gateway_integration')) {
    const api = apiFor(r, 'rest_api_id');
    if (!api) continue;
    if (r.values.timeout_milliseconds !== undefined && r.values.timeout_milliseconds !== null)
      api.timeouts.push({
        ms: num(r.values.timeout_milliseconds),
        what: `${str(r.values.http_method) ?? '?'} ${resourcePath(r) ?? '?'}`,
        src: src(r),
      });
  }
  for (const r of [...ofType('aws_api_gateway_authorizer'), ...ofType('aws_apigatewayv2_authorizer')]) {
    const api = apiFor(r, r.type === 'aws_api_gateway_authorizer' ? 'rest_api_id' : 'api_id');
    api?.authorizers?.push({
      name: str(r.values.name) ?? r.address,
      type: String(r.values.type ?? r.values.authorizer_type ?? '?').toUpperCase(),
      src: src(r),
    });
  }
  for (const r of ofType('aws_apigatewayv2_route')) {
    const api = apiFor(r, 'api_id');
    const key = str(r.values.route_key);
    if (api?.routes && key) api.routes.push({ key, src: src(r) });
  }
  for (const r of ofType('aws_apigatewayv2_integration')) {
    const api = apiFor(r, 'api_id');
    if (!api) continue;
    if (api.integrations !== null) api.integrations++;
    if (r.values.timeout_milliseconds !== undefined && r.values.timeout_milliseconds !== null)
      api.timeouts.push({ ms: num(r.values.timeout_milliseconds), what: `integration ${r.address}`, src: src(r) });
  }

  // stages and their settings
  const thr = (rate: unknown, burst: unknown, s: Src): IacThrottle | undefined =>
    (rate === undefined || rate === null) && (burst === undefined || burst === null)
      ? undefined
      : { rate: num(rate), burst: num(burst), src: s };
  const stageByAddress = new Map<string, { api: IacApi; stage: IacStage }>();
  for (const r of ofType('aws_api_gateway_stage')) {
    const api = apiFor(r, 'rest_api_id');
    if (!api) continue;
    const vars = r.values.variables;
    const stage: IacStage = {
      name: str(r.values.stage_name),
      src: src(r),
      routeThrottles: [],
      variables: isObj(vars) ? Object.keys(vars).length : vars == null ? 0 : null,
    };
    if (r.values.cache_cluster_enabled !== undefined)
      stage.cache = {
        enabled: r.values.cache_cluster_enabled === true,
        sizeGb:
          typeof r.values.cache_cluster_size === 'string'
            ? r.values.cache_cluster_size
            : r.values.cache_cluster_enabled === true
              ? null
              : null,
        src: src(r),
      };
    api.stages.push(stage);
    stageByAddress.set(r.address, { api, stage });
  }
  // the deprecated stage_name of a deployment creates a stage too
  for (const r of ofType('aws_api_gateway_deployment')) {
    const name = str(r.values.stage_name);
    if (!name) continue;
    const api = apiFor(r, 'rest_api_id');
    if (api && !api.stages.some((s) => s.name === name)) api.stages.push({ name, src: src(r), routeThrottles: [], variables: 0 });
  }
  for (const r of ofType('aws_api_gateway_method_settings')) {
    const api = apiFor(r, 'rest_api_id');
    if (!api) continue;
    const stageRes = target(r, 'stage_name', ['aws_api_gateway_stage']);
    const name = stageRes ? str(stageRes.values.stage_name) : str(r.values.stage_name);
    const stage = api.stages.find((s) => s.name === name);
    const s = first(r.values.settings);
    const t = s ? thr(s.throttling_rate_limit, s.throttling_burst_limit, src(r)) : undefined;
    if (!stage || !t) continue;
    // terraform's method_path is "path/METHOD" without the leading slash, or "*/*"
    const mp = str(r.values.method_path) ?? '*/*';
    const route = methodKeyToRoute(mp.startsWith('/') || mp === '*/*' ? mp : `/${mp}`);
    // AWS's default -1 means "not set"
    if ((t.rate ?? 0) < 0 || (t.burst ?? 0) < 0) continue;
    if (route === undefined) stage.throttle = t;
    else stage.routeThrottles.push({ ...t, route });
  }
  for (const r of ofType('aws_apigatewayv2_stage')) {
    const api = apiFor(r, 'api_id');
    if (!api) continue;
    const vars = r.values.stage_variables;
    const stage: IacStage = {
      name: str(r.values.name),
      src: src(r),
      routeThrottles: [],
      variables: isObj(vars) ? Object.keys(vars).length : vars == null ? 0 : null,
    };
    const d = first(r.values.default_route_settings);
    if (d) stage.throttle = thr(d.throttling_rate_limit, d.throttling_burst_limit, src(r));
    for (const rs of Array.isArray(r.values.route_settings) ? r.values.route_settings : []) {
      if (!isObj(rs) || typeof rs.route_key !== 'string') continue;
      const t = thr(rs.throttling_rate_limit, rs.throttling_burst_limit, src(r));
      if (t) stage.routeThrottles.push({ ...t, route: rs.route_key });
    }
    const existing = api.stages.findIndex((s) => s.name === stage.name);
    if (existing >= 0) api.stages[existing] = stage;
    else api.stages.push(stage);
    stageByAddress.set(r.address, { api, stage });
  }

  // usage plans and keys
  for (const r of ofType('aws_api_gateway_api_key')) model.apiKeys.push({ id: r.address, name: str(r.values.name), src: src(r) });
  const plans = new Map<string, IacModel['usagePlans'][number]>();
  for (const r of ofType('aws_api_gateway_usage_plan')) {
    const t = first(r.values.throttle_settings);
    const q = first(r.values.quota_settings);
    const stagesList = Array.isArray(r.values.api_stages) ? r.values.api_stages : [];
    const period = q ? str(q.period) : null;
    const plan: IacUsagePlan = {
      id: r.address,
      name: str(r.values.name),
      src: src(r),
      ...(t ? { throttle: thr(t.rate_limit, t.burst_limit, src(r))! } : {}),
      ...(q
        ? {
            quota: {
              limit: num(q.limit),
              period: period === 'DAY' || period === 'WEEK' || period === 'MONTH' ? (period as 'DAY' | 'WEEK' | 'MONTH') : null,
              offset: num(q.offset) ?? 0,
              src: src(r),
            },
          }
        : {}),
      apiStages: stagesList.filter(isObj).map((as, i) => {
        // each api_stages block's references, from the configuration
        const apiAddr = (r.refs[`api_stages[${i}].api_id`] ?? [])
          .map((x) => x.replace(/\.id$/, ''))
          .find((x) => /aws_api_gateway_rest_api\.[^.]+$/.test(x));
        const api = apiAddr
          ? [...apis.values()].find((a) => a.id === apiAddr || a.id.replace(/\[[^\]]*\]$/, '') === apiAddr)
          : [...apis.values()].find((a) => as.api_id !== undefined && all.find((o) => o.address === a.id)?.values.id === as.api_id);
        const throttles: IacRouteThrottle[] = (Array.isArray(as.throttle) ? as.throttle : []).filter(isObj).flatMap((x) => {
          const route = typeof x.path === 'string' ? methodKeyToRoute(x.path) : undefined;
          return route ? [{ route, rate: num(x.rate_limit), burst: num(x.burst_limit), src: src(r) }] : [];
        });
        return { api: api?.id ?? null, stage: str(as.stage), throttles };
      }),
      keys: [] as string[],
    };
    // stage names referenced through aws_api_gateway_stage.x.stage_name are unknown only if the stage is
    plan.apiStages.forEach((as, i) => {
      const stageRef = (r.refs[`api_stages[${i}].stage`] ?? []).find((x) => /aws_api_gateway_stage\.[^.]+\.stage_name$/.test(x));
      if (as.stage === null && stageRef) {
        const st = all.find((o) => `${o.base}.stage_name` === stageRef);
        as.stage = st ? str(st.values.stage_name) : null;
      }
    });
    model.usagePlans.push(plan);
    plans.set(r.address, plan);
  }
  for (const r of ofType('aws_api_gateway_usage_plan_key')) {
    const p = target(r, 'usage_plan_id', ['aws_api_gateway_usage_plan']);
    const k = target(r, 'key_id', ['aws_api_gateway_api_key']);
    if (p && k) plans.get(p.address)?.keys.push(k.address);
  }

  // domains, mappings, VPC links, WAF, load balancers
  const domains = new Map<string, IacModel['domains'][number]>();
  for (const r of [...ofType('aws_api_gateway_domain_name'), ...ofType('aws_apigatewayv2_domain_name')]) {
    const v1 = r.type === 'aws_api_gateway_domain_name';
    const ec = first(r.values.endpoint_configuration);
    const types = ec?.types;
    const et: EndpointType | null = v1 ? (Array.isArray(types) ? ((types[0] as EndpointType) ?? null) : 'EDGE') : 'REGIONAL';
    const d = {
      id: r.address,
      name: str(r.values.domain_name),
      endpointType: et,
      kind: v1 ? ('v1' as const) : ('v2' as const),
      private: et === 'PRIVATE',
      src: src(r),
      mappings: [],
    };
    model.domains.push(d);
    domains.set(r.address, d);
  }
  for (const r of [...ofType('aws_api_gateway_base_path_mapping'), ...ofType('aws_apigatewayv2_api_mapping')]) {
    const d =
      target(r, 'domain_name', ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name']) ??
      all.find((o) => o.values.domain_name === r.values.domain_name && domains.has(o.address));
    const api = apiFor(r, r.type === 'aws_api_gateway_base_path_mapping' ? 'api_id' : 'api_id');
    const st = target(r, r.type === 'aws_api_gateway_base_path_mapping' ? 'stage_name' : 'stage', [
      'aws_api_gateway_stage',
      'aws_apigatewayv2_stage',
    ]);
    const stage = st ? (stageByAddress.get(st.address)?.stage.name ?? null) : str(r.values.stage_name ?? r.values.stage);
    if (d)
      domains
        .get(d.address)
        ?.mappings.push({ api: api?.id ?? null, stage, basePath: str(r.values.base_path ?? r.values.api_mapping_key) ?? '' });
  }
  for (const r of [...ofType('aws_api_gateway_vpc_link'), ...ofType('aws_apigatewayv2_vpc_link')]) {
    const v2 = r.type === 'aws_apigatewayv2_vpc_link';
    const subnets = r.values.subnet_ids;
    model.vpcLinks.push({
      id: r.address,
      name: str(r.values.name),
      version: v2 ? 'v2' : 'v1',
      subnets: v2 ? (Array.isArray(subnets) ? subnets.length : null) : null,
      src: src(r),
    });
  }
  for (const r of ofType('aws_lb')) {
    const t = str(r.values.load_balancer_type) ?? 'application';
    model.loadBalancers.push({
      id: r.address,
      name: str(r.values.name),
      type: t === 'application' || t === 'network' || t === 'gateway' ? t : null,
      src: src(r),
    });
  }
  for (const r of ofType('aws_wafv2_web_acl_association')) {
    const st = target(r, 'resource_arn', ['aws_api_gateway_stage']);
    const hit = st ? stageByAddress.get(st.address) : undefined;
    let apiId = hit?.api.id ?? null;
    let stage = hit?.stage.name ?? null;
    const arn = str(r.values.resource_arn);
    const m = arn ? /\/restapis\/([^/]+)\/stages\/([^/]+)$/.exec(arn) : null;
    if (!hit && m) {
      const api = [...apis.values()].find((a) => all.find((o) => o.address === a.id)?.values.id === m[1]);
      apiId = api?.id ?? null;
      stage = m[2]!;
    }
    const acl = target(r, 'web_acl_arn', ['aws_wafv2_web_acl']);
    const rules = acl ? acl.values.rule : undefined;
    model.waf.push({
      id: r.address,
      webAcl: acl?.address ?? str(r.values.web_acl_arn),
      rules: Array.isArray(rules) ? rules.length : null,
      api: apiId,
      stage,
      src: src(r),
    });
    if (!apiId)
      model.findings.push({
        code: 'IAC_WAF_TARGET_UNKNOWN',
        level: 'info',
        message: `${r.address}: the protected resource is not an API Gateway stage in this plan`,
        src: src(r),
      });
  }
  // private REST APIs: the execute-api interface endpoint's subnets
  const endpoints = ofType('aws_vpc_endpoint').filter((r) => /execute-api$/.test(String(r.values.service_name ?? '')));
  for (const api of apis.values()) {
    if (api.endpointType !== 'PRIVATE') continue;
    const ep = endpoints.length === 1 ? endpoints[0] : undefined;
    const subnets = ep?.values.subnet_ids;
    api.privateEndpointAzs = Array.isArray(subnets) ? subnets.length : null;
  }
  model.apis.push(...apis.values());
  for (const api of model.apis)
    if (api.methods) api.methods.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  return model;
}

/** A Terraform `body` attribute as an OpenAPI document: JSON only (a plan holds the string as written); undefined otherwise. */
function openApiBody(body: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(body);
    return isOpenApi(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}
