import { methodKeyToRoute } from '../method-key.js';
import { ResourceRef, Unknown } from '../resolve.js';
import type { Src } from '../source.js';
import type { IacApi, IacStage, IacThrottle } from '../types.js';
import { type CfnContext, isObj } from './context.js';

/**
 * Stages: AWS::ApiGateway::Stage, a Deployment's StageName/StageDescription (a stage no Stage
 * resource declares), AWS::ApiGatewayV2::Stage. Throttles, method/route settings, cache and
 * stage variables.
 */
export function readStages(cx: CfnContext): void {
  const { r, src, str, prop, refId, throttle } = cx;
  for (const [id, res] of cx.ofType('AWS::ApiGateway::Stage')) {
    const p = res.Properties ?? {};
    const api = cx.apiOf(p.RestApiId, 'RestApiId', id);
    if (!api) continue;
    if (cx.uncertain.has(id)) cx.markUnknown(refId(r.value(p.RestApiId))!, 'stages');
    const stage = restStage(cx, api, str(prop(res, 'StageName')), src(id), p);
    api.stages.push(stage);
    cx.stageByLogical.set(id, { api, stage });
  }
  for (const [id, res] of cx.ofType('AWS::ApiGateway::Deployment')) {
    const p = res.Properties ?? {};
    const name = str(prop(res, 'StageName'));
    if (name === null) continue;
    const api = cx.apiOf(p.RestApiId, 'RestApiId', id);
    if (!api || api.stages.some((s) => s.name === name)) continue;
    const d = isObj(p.StageDescription) ? p.StageDescription : {};
    const stage = restStage(cx, api, name, src(id), d, throttle(d.ThrottlingRateLimit, d.ThrottlingBurstLimit, src(id, d)));
    api.stages.push(stage);
  }
  for (const [id, res] of cx.ofType('AWS::ApiGatewayV2::Stage')) {
    const p = res.Properties ?? {};
    const api = cx.apiOf(p.ApiId, 'ApiId', id);
    if (!api) continue;
    if (cx.uncertain.has(id)) cx.markUnknown(refId(r.value(p.ApiId))!, 'stages');
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
    cx.stageByLogical.set(id, { api, stage });
  }
}

/** A REST stage from a Stage's properties or a Deployment's StageDescription. */
function restStage(
  cx: CfnContext,
  api: IacApi,
  name: string | null,
  s: Src,
  p: Record<string, unknown>,
  stageThrottle?: IacThrottle,
): IacStage {
  const { r, finding, throttle } = cx;
  const { lines } = cx.input;
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
}

/** A stage named by value, or by a Ref to a stage resource read here. */
export function stageName(cx: CfnContext, v: unknown): string | null {
  const x = cx.r.value(v);
  if (typeof x === 'string') return x;
  if (x instanceof ResourceRef && cx.stageByLogical.has(x.logicalId)) return cx.stageByLogical.get(x.logicalId)!.stage.name;
  return cx.str(x);
}
