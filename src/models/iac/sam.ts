import type { Template } from './resolve.js';
import type { LineIndex } from './source.js';
import type { IacFinding } from './types.js';

/**
 * The AWS SAM transform, for what API Gateway will count: AWS::Serverless::Api and ::HttpApi
 * become the API, its stage(s), usage plan, API key and custom domain that SAM generates, and
 * function `Api` / `HttpApi` events add their paths and routes, to the API they name or to the
 * implicit `ServerlessRestApi` (stage "Prod") / `ServerlessHttpApi` (stage "$default").
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-api.html
 * Pure: returns a plain CloudFormation template; generated objects keep the lines of what made them.
 */

type Resources = NonNullable<Template['Resources']>;
type Res = Resources[string];
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function isSamTemplate(t: unknown): boolean {
  if (!isObj(t)) return false;
  const tr = t.Transform;
  const names = Array.isArray(tr) ? tr : [tr];
  return names.some((n) => typeof n === 'string' && n.startsWith('AWS::Serverless'));
}

/** SAM's Globals: maps merge, lists append, scalars in the resource win. */
function mergeGlobals(g: unknown, own: unknown): unknown {
  if (own === undefined) return g;
  if (isObj(g) && isObj(own) && !isIntrinsic(own)) {
    const out: Record<string, unknown> = { ...g };
    for (const [k, v] of Object.entries(own)) out[k] = k in g ? mergeGlobals(g[k], v) : v;
    return out;
  }
  if (Array.isArray(g) && Array.isArray(own)) return [...g, ...own];
  return own;
}
const isIntrinsic = (v: Record<string, unknown>) => Object.keys(v).length === 1 && /^(Ref|Fn::|Condition)/.test(Object.keys(v)[0]!);

const refName = (v: unknown): string | undefined => (isObj(v) && typeof v.Ref === 'string' ? v.Ref : typeof v === 'string' ? v : undefined);

export function samTransform(
  template: Template & Record<string, unknown>,
  lines: LineIndex,
): { template: Template; findings: IacFinding[] } {
  const findings: IacFinding[] = [];
  const globals = isObj(template.Globals) ? template.Globals : {};
  const src = template.Resources ?? {};
  const out: Resources = {};
  const mark = <T extends object>(obj: T, from: unknown, key?: string): T => {
    lines.inherit(obj, from, key);
    return obj;
  };
  const add = (id: string, res: Res, from: unknown) => {
    out[id] = mark(res, from);
    if (res.Properties) mark(res.Properties, from);
  };

  // copy what is not SAM
  for (const [id, res] of Object.entries(src)) if (isObj(res) && !String(res.Type).startsWith('AWS::Serverless::')) out[id] = res;

  // the APIs to build: explicit, then implicit ones that events ask for
  interface RestBuild {
    id: string;
    props: Record<string, unknown>;
    body: Record<string, unknown> | undefined;
    from: unknown;
    implicit: boolean;
  }
  const rest = new Map<string, RestBuild>();
  const http = new Map<string, RestBuild>();
  const newBody = (
    id: string,
    props: Record<string, unknown>,
    kind: 'rest' | 'http',
    from: unknown,
  ): Record<string, unknown> | undefined => {
    if (isObj(props.DefinitionBody)) return props.DefinitionBody;
    if (props.DefinitionUri !== undefined) return undefined; // in S3: unknown
    const v = props.OpenApiVersion;
    // SAM titles a generated definition with the stack name, unknown here: the logical id stands in
    return mark(
      kind === 'http'
        ? { openapi: '3.0.1', info: { title: id }, paths: mark({}, from) }
        : {
            ...(typeof v === 'string' && v.startsWith('3') ? { openapi: v } : { swagger: '2.0' }),
            info: { title: id },
            paths: mark({}, from),
          },
      from,
    );
  };
  for (const [id, res] of Object.entries(src)) {
    if (!isObj(res)) continue;
    if (res.Type === 'AWS::Serverless::Api') {
      const props = mergeGlobals(globals.Api, res.Properties ?? {}) as Record<string, unknown>;
      rest.set(id, { id, props, body: newBody(id, props, 'rest', res), from: res, implicit: false });
    } else if (res.Type === 'AWS::Serverless::HttpApi') {
      const props = mergeGlobals(globals.HttpApi, res.Properties ?? {}) as Record<string, unknown>;
      http.set(id, { id, props, body: newBody(id, props, 'http', res), from: res, implicit: false });
    }
  }

  // function (and state machine) events
  for (const [fnId, res] of Object.entries(src)) {
    if (!isObj(res) || !String(res.Type).startsWith('AWS::Serverless::')) continue;
    const events = isObj(res.Properties?.Events) ? res.Properties.Events : {};
    const fnProps = mergeGlobals(globals.Function, res.Properties ?? {}) as Record<string, unknown>;
    for (const [evId, ev] of Object.entries(events)) {
      if (!isObj(ev)) continue;
      const p = isObj(ev.Properties) ? ev.Properties : {};
      if (ev.Type === 'Api') {
        const target = refName(p.RestApiId) ?? 'ServerlessRestApi';
        if (!rest.has(target)) {
          if (target !== 'ServerlessRestApi') {
            findings.push({
              code: 'IAC_SAM_EVENT_API_UNKNOWN',
              level: 'warn',
              message: `${fnId} event ${evId}: RestApiId ${target} is not an AWS::Serverless::Api here; left out`,
            });
            continue;
          }
          const props = mergeGlobals(globals.Api, { StageName: 'Prod' }) as Record<string, unknown>;
          rest.set(target, { id: target, props, body: newBody(target, props, 'rest', ev), from: ev, implicit: true });
        }
        const b = rest.get(target)!;
        if (!b.body || typeof p.Path !== 'string' || typeof p.Method !== 'string') continue;
        const paths = b.body.paths as Record<string, Record<string, unknown>>;
        const pathItem = (paths[p.Path] ??= mark({}, ev));
        const method = p.Method.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : p.Method.toLowerCase();
        const auth = isObj(p.Auth) ? p.Auth : {};
        pathItem[method] = mark(
          {
            'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: `\${${fnId}.Arn}` },
            ...(typeof auth.Authorizer === 'string' && auth.Authorizer !== 'NONE' ? { security: [{ [auth.Authorizer]: [] }] } : {}),
          },
          ev,
        );
      } else if (ev.Type === 'HttpApi') {
        const target = refName(p.ApiId) ?? 'ServerlessHttpApi';
        if (!http.has(target)) {
          if (target !== 'ServerlessHttpApi') {
            findings.push({
              code: 'IAC_SAM_EVENT_API_UNKNOWN',
              level: 'warn',
              message: `${fnId} event ${evId}: ApiId ${target} is not an AWS::Serverless::HttpApi here; left out`,
            });
            continue;
          }
          const props = (mergeGlobals(globals.HttpApi, {}) ?? {}) as Record<string, unknown>;
          http.set(target, { id: target, props, body: newBody(target, props, 'http', ev), from: ev, implicit: true });
        }
        const b = http.get(target)!;
        if (!b.body) continue;
        const paths = b.body.paths as Record<string, Record<string, unknown>>;
        // an HttpApi event without Path and Method is the $default route
        const path = typeof p.Path === 'string' ? p.Path : '$default';
        const method =
          typeof p.Method === 'string' && p.Method.toLowerCase() !== 'any' ? p.Method.toLowerCase() : 'x-amazon-apigateway-any-method';
        const pathItem = (paths[path] ??= mark({}, ev));
        const timeout = p.TimeoutInMillis ?? fnProps.TimeoutInMillis;
        pathItem[method] = mark(
          {
            'x-amazon-apigateway-integration': {
              type: 'aws_proxy',
              httpMethod: 'POST',
              payloadFormatVersion: p.PayloadFormatVersion ?? '2.0',
              uri: `\${${fnId}.Arn}`,
              ...(timeout !== undefined ? { timeoutInMillis: timeout } : {}),
            },
          },
          ev,
        );
        if (timeout !== undefined)
          lines.inherit(
            (pathItem[method] as Record<string, Record<string, unknown>>)['x-amazon-apigateway-integration']!,
            p,
            'TimeoutInMillis',
          );
      }
    }
  }

  const authorizerSchemes = (auth: unknown, kind: 'rest' | 'http', from: unknown): Record<string, unknown> => {
    const list = isObj(auth) && isObj(auth.Authorizers) ? auth.Authorizers : {};
    const outS: Record<string, unknown> = {};
    for (const [name, a] of Object.entries(list)) {
      if (!isObj(a)) continue;
      const type =
        kind === 'http'
          ? a.JwtConfiguration !== undefined
            ? 'jwt'
            : 'request'
          : a.UserPoolArn !== undefined
            ? 'cognito_user_pools'
            : a.FunctionPayloadType === 'REQUEST'
              ? 'request'
              : 'token';
      outS[name] = mark({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type } }, list, name);
    }
    void from;
    return outS;
  };
  const addSchemes = (body: Record<string, unknown>, schemes: Record<string, unknown>) => {
    if (!Object.keys(schemes).length) return;
    if (typeof body.openapi === 'string') {
      const c = (body.components ??= {}) as Record<string, unknown>;
      c.securitySchemes = { ...(isObj(c.securitySchemes) ? c.securitySchemes : {}), ...schemes };
    } else body.securityDefinitions = { ...(isObj(body.securityDefinitions) ? body.securityDefinitions : {}), ...schemes };
  };

  let shared: { plan: Record<string, unknown>; stages: unknown[] } | undefined;
  for (const b of rest.values()) {
    const p = b.props;
    if (b.body) addSchemes(b.body, authorizerSchemes(p.Auth, 'rest', b.from));
    const ec = p.EndpointConfiguration;
    const ecType = typeof ec === 'string' ? ec : isObj(ec) ? ec.Type : undefined;
    const ecIds = isObj(ec) ? ec.VPCEndpointIds : undefined;
    add(
      b.id,
      {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: {
          ...(p.Name !== undefined ? { Name: p.Name } : b.implicit ? {} : {}),
          ...(ecType !== undefined
            ? { EndpointConfiguration: { Types: [ecType], ...(ecIds !== undefined ? { VpcEndpointIds: ecIds } : {}) } }
            : {}),
          ...(b.body ? { Body: b.body } : { BodyS3Location: p.DefinitionUri }),
          ...(isObj(p.Auth) && p.Auth.ApiKeySourceType !== undefined ? { ApiKeySourceType: p.Auth.ApiKeySourceType } : {}),
        },
      },
      b.from,
    );
    const stageName = p.StageName;
    const stageId = `${b.id}${typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
    add(
      stageId,
      {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { Ref: b.id },
          StageName: stageName,
          ...(p.MethodSettings !== undefined ? { MethodSettings: p.MethodSettings } : {}),
          ...(p.CacheClusterEnabled !== undefined ? { CacheClusterEnabled: p.CacheClusterEnabled } : {}),
          ...(p.CacheClusterSize !== undefined ? { CacheClusterSize: p.CacheClusterSize } : {}),
          ...(p.Variables !== undefined ? { Variables: p.Variables } : {}),
        },
      },
      isObj(b.from) && isObj((b.from as Res).Properties) ? ((b.from as Res).Properties as object) : b.from,
    );
    // SAM's own quirk: without OpenApiVersion it also deploys a stage named "Stage"
    if (p.OpenApiVersion === undefined) {
      add(
        `${b.id}Deployment`,
        { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: b.id }, StageName: 'Stage' } },
        b.from,
      );
      findings.push({
        code: 'IAC_SAM_STAGE_STAGE',
        level: 'info',
        message: `${b.id}: SAM also creates a stage named "Stage" because OpenApiVersion is not set (set it, e.g. Globals.Api.OpenApiVersion: 3.0.1, to drop it)`,
      });
    }
    const plan = isObj(p.Auth) && isObj(p.Auth.UsagePlan) ? p.Auth.UsagePlan : undefined;
    const create = plan?.CreateUsagePlan;
    if (plan && (create === 'PER_API' || create === 'SHARED')) {
      const stageRef = { Ref: stageId };
      if (create === 'PER_API') {
        add(
          `${b.id}UsagePlan`,
          {
            Type: 'AWS::ApiGateway::UsagePlan',
            Properties: {
              ApiStages: [{ ApiId: { Ref: b.id }, Stage: stageRef }],
              ...(plan.Quota !== undefined ? { Quota: plan.Quota } : {}),
              ...(plan.Throttle !== undefined ? { Throttle: plan.Throttle } : {}),
              ...(plan.UsagePlanName !== undefined ? { UsagePlanName: plan.UsagePlanName } : {}),
            },
          },
          plan,
        );
        add(`${b.id}ApiKey`, { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true } }, plan);
        add(
          `${b.id}UsagePlanKey`,
          {
            Type: 'AWS::ApiGateway::UsagePlanKey',
            Properties: { KeyId: { Ref: `${b.id}ApiKey` }, KeyType: 'API_KEY', UsagePlanId: { Ref: `${b.id}UsagePlan` } },
          },
          plan,
        );
      } else {
        if (!shared) {
          shared = {
            plan: {
              ...(plan.Quota !== undefined ? { Quota: plan.Quota } : {}),
              ...(plan.Throttle !== undefined ? { Throttle: plan.Throttle } : {}),
              ...(plan.UsagePlanName !== undefined ? { UsagePlanName: plan.UsagePlanName } : {}),
            },
            stages: [],
          };
          add(
            'ServerlessUsagePlan',
            { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ...shared.plan, ApiStages: shared.stages } },
            plan,
          );
          add('ServerlessApiKey', { Type: 'AWS::ApiGateway::ApiKey', Properties: { Enabled: true } }, plan);
          add(
            'ServerlessUsagePlanKey',
            {
              Type: 'AWS::ApiGateway::UsagePlanKey',
              Properties: { KeyId: { Ref: 'ServerlessApiKey' }, KeyType: 'API_KEY', UsagePlanId: { Ref: 'ServerlessUsagePlan' } },
            },
            plan,
          );
        }
        shared.stages.push({ ApiId: { Ref: b.id }, Stage: stageRef });
      }
    }
    const domain = isObj(p.Domain) ? p.Domain : undefined;
    if (domain) {
      const et = domain.EndpointConfiguration ?? 'REGIONAL';
      add(
        `${b.id}DomainName`,
        { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: domain.DomainName, EndpointConfiguration: { Types: [et] } } },
        domain,
      );
      const bases = Array.isArray(domain.BasePath) ? domain.BasePath : [domain.BasePath ?? '/'];
      bases.forEach((bp, i) => {
        add(
          `${b.id}BasePathMapping${i || ''}`,
          {
            Type: 'AWS::ApiGateway::BasePathMapping',
            Properties: {
              DomainName: { Ref: `${b.id}DomainName` },
              RestApiId: { Ref: b.id },
              Stage: { Ref: stageId },
              BasePath: bp === '/' ? '' : bp,
            },
          },
          domain,
        );
      });
    }
  }

  for (const b of http.values()) {
    const p = b.props;
    if (b.body) addSchemes(b.body, authorizerSchemes(p.Auth, 'http', b.from));
    add(
      b.id,
      {
        Type: 'AWS::ApiGatewayV2::Api',
        Properties: {
          ProtocolType: 'HTTP',
          ...(p.Name !== undefined ? { Name: p.Name } : {}),
          ...(b.body ? { Body: b.body } : { BodyS3Location: p.DefinitionUri }),
        },
      },
      b.from,
    );
    const stageName = p.StageName ?? '$default';
    const stageId = `${b.id}ApiGatewayDefaultStage`;
    add(
      stageId,
      {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: b.id },
          StageName: stageName,
          AutoDeploy: true,
          ...(p.DefaultRouteSettings !== undefined ? { DefaultRouteSettings: p.DefaultRouteSettings } : {}),
          ...(p.RouteSettings !== undefined ? { RouteSettings: p.RouteSettings } : {}),
          ...(p.StageVariables !== undefined ? { StageVariables: p.StageVariables } : {}),
        },
      },
      isObj(b.from) && isObj((b.from as Res).Properties) ? ((b.from as Res).Properties as object) : b.from,
    );
    const domain = isObj(p.Domain) ? p.Domain : undefined;
    if (domain) {
      add(`${b.id}DomainName`, { Type: 'AWS::ApiGatewayV2::DomainName', Properties: { DomainName: domain.DomainName } }, domain);
      const bases = Array.isArray(domain.BasePath) ? domain.BasePath : [domain.BasePath ?? '/'];
      bases.forEach((bp, i) => {
        add(
          `${b.id}ApiMapping${i || ''}`,
          {
            Type: 'AWS::ApiGatewayV2::ApiMapping',
            Properties: {
              DomainName: { Ref: `${b.id}DomainName` },
              ApiId: { Ref: b.id },
              Stage: { Ref: stageId },
              ApiMappingKey: bp === '/' ? '' : bp,
            },
          },
          domain,
        );
      });
    }
  }
  // the generated stage refers to the stage resource; a Ref to a stage resource resolves to its name
  return { template: { ...template, Resources: out } as Template, findings };
}
