import { methodKeyToRoute } from '../method-key.js';
import type { IacModel, IacRouteThrottle, IacUsagePlan } from '../types.js';
import { type CfnContext, isObj } from './context.js';
import { stageName } from './stages.js';

/** API keys, usage plans (throttle, quota, API stages with per-method throttles) and usage-plan keys. */
export function readUsagePlans(cx: CfnContext): void {
  const { r, model, src, str, prop, num, refId, throttle, idOf } = cx;
  const keyIds = new Map<string, string>();
  for (const [id, res] of cx.ofType('AWS::ApiGateway::ApiKey')) {
    const keyName = prop(res, 'Name');
    model.apiKeys.push({ id: idOf(id), name: typeof keyName === 'string' ? keyName : id, src: src(id) });
    keyIds.set(id, idOf(id));
  }
  const plans = new Map<string, IacModel['usagePlans'][number]>();
  for (const [id, res] of cx.ofType('AWS::ApiGateway::UsagePlan')) {
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
        const api = ref ? cx.apis.get(ref) : undefined;
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
        apiStages.push({ api: api?.id ?? null, stage: stageName(cx, isObj(rawEntry) ? rawEntry.Stage : as.Stage), throttles });
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
  for (const [id, res] of cx.ofType('AWS::ApiGateway::UsagePlanKey')) {
    const plan = plans.get(refId(r.value(res.Properties?.UsagePlanId)) ?? '');
    const key = refId(r.value(res.Properties?.KeyId));
    if (plan && key) plan.keys.push(keyIds.get(key) ?? idOf(key));
    else cx.finding('IAC_USAGE_PLAN_KEY_UNRESOLVED', 'info', `${id}: its usage plan or API key is not defined here`, src(id));
  }
}
