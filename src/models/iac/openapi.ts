import type { LineIndex, Src } from './source.js';
import type { IacAuthorizer, IacFinding, IacMethod, IacRoute } from './types.js';

/**
 * An OpenAPI 3 / Swagger 2 definition as API Gateway imports it, with the x-amazon-apigateway-*
 * extensions that change what is counted. Pure.
 *
 * REST: each path becomes the chain of resources along it, so the resources are every distinct
 * path prefix, the root "/" included (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html,
 * "Resources per API"). HTTP: one route per method and path, `$default` included
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html, "Routes per API").
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ANY = 'x-amazon-apigateway-any-method';

export interface OpenApiRead {
  version: string | null;
  title: string | null;
  resources: string[];
  methods: IacMethod[];
  routes: IacRoute[];
  integrations: number;
  authorizers: IacAuthorizer[];
  timeouts: Array<{ ms: number | null; what: string; src: Src }>;
  apiKeySource?: string | undefined;
  requestValidators?: number | undefined;
  vpcEndpointIds?: unknown;
  findings: IacFinding[];
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Normalise an OpenAPI path the way API Gateway splits it into resources. */
export function normalisePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '/') return '/';
  return trimmed.startsWith('/') ? trimmed.replace(/\/{2,}/g, '/') : `/${trimmed}`;
}

/** Every resource a path creates: "/a/{b}/c" → "/", "/a", "/a/{b}", "/a/{b}/c". */
export function pathPrefixes(path: string): string[] {
  const p = normalisePath(path);
  if (p === '/') return ['/'];
  const parts = p.split('/').slice(1);
  const out = ['/'];
  for (let i = 1; i <= parts.length; i++) out.push(`/${parts.slice(0, i).join('/')}`);
  return out;
}

/** Distinct resources of a set of paths, root included, sorted. */
export function restResources(paths: Iterable<string>): string[] {
  const set = new Set<string>(['/']);
  for (const p of paths) for (const r of pathPrefixes(p)) set.add(r);
  return [...set].sort();
}

/** Does this look like an OpenAPI or Swagger definition? */
export function isOpenApi(doc: unknown): doc is Record<string, unknown> {
  return isObj(doc) && (typeof doc.openapi === 'string' || doc.swagger === '2.0' || doc.swagger === 2) && isObj(doc.paths ?? {});
}

/**
 * Read a definition for an API of the given type. `num` turns a value that may hold an
 * intrinsic function (inline bodies in CloudFormation) into a number, or null when unknown.
 */
export function readOpenApi(
  doc: Record<string, unknown>,
  as: 'rest' | 'http',
  ctx: { file: string; at: string; lines: LineIndex; num?: (v: unknown) => number | null },
): OpenApiRead {
  const num = ctx.num ?? ((v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null));
  const src = (obj: unknown, at: string, key?: string): Src => {
    const line = ctx.lines.lineOf(obj, key);
    return { file: ctx.file, ...(line !== undefined ? { line } : {}), at: `${ctx.at}${at}` };
  };
  const findings: IacFinding[] = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  const methods: IacMethod[] = [];
  const routes: IacRoute[] = [];
  const timeouts: OpenApiRead['timeouts'] = [];
  const integrationRefs = new Set<string>();
  let integrations = 0;
  const restPaths: string[] = [];
  for (const [rawPath, item] of Object.entries(paths)) {
    if (rawPath.startsWith('x-')) continue;
    if (!isObj(item)) continue;
    const isDefault = rawPath === '$default';
    const path = isDefault ? rawPath : normalisePath(rawPath);
    if (as === 'rest') restPaths.push(path);
    for (const [k, op] of Object.entries(item)) {
      const lower = k.toLowerCase();
      const method = lower === ANY ? 'ANY' : METHODS.includes(lower) ? lower.toUpperCase() : undefined;
      if (!method || !isObj(op)) continue;
      const where = `${path} ${method}`;
      const s = src(item, ` › paths › ${rawPath} › ${k}`, k);
      if (as === 'rest') {
        methods.push({
          method,
          path,
          src: s,
          ...(Array.isArray(op.security) && op.security.length
            ? { authorization: op.security.flatMap((x) => (isObj(x) ? Object.keys(x) : [])).join(', ') }
            : {}),
        });
      } else routes.push({ key: isDefault ? '$default' : `${method} ${path}`, src: s });
      const integ = op['x-amazon-apigateway-integration'];
      if (isObj(integ)) {
        const ref = typeof integ.$ref === 'string' ? integ.$ref : undefined;
        if (ref) {
          if (!integrationRefs.has(ref)) {
            integrationRefs.add(ref);
            integrations++;
          }
        } else {
          integrations++;
          if (integ.timeoutInMillis !== undefined)
            timeouts.push({
              ms: num(integ.timeoutInMillis),
              what: where,
              src: src(integ, ` › paths › ${rawPath} › ${k}`, 'timeoutInMillis'),
            });
        }
      }
    }
  }
  // integrations shared through components (HTTP APIs: x-amazon-apigateway-integrations)
  const components = isObj(doc.components) ? doc.components : {};
  const shared = components['x-amazon-apigateway-integrations'];
  if (isObj(shared)) {
    for (const [name, integ] of Object.entries(shared)) {
      if (isObj(integ) && integ.timeoutInMillis !== undefined)
        timeouts.push({
          ms: num(integ.timeoutInMillis),
          what: `integration ${name}`,
          src: src(integ, ` › integration ${name}`, 'timeoutInMillis'),
        });
    }
  }
  const schemes = isObj(components.securitySchemes)
    ? components.securitySchemes
    : isObj(doc.securityDefinitions)
      ? doc.securityDefinitions
      : {};
  const authorizers: IacAuthorizer[] = [];
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObj(scheme)) continue;
    const a = scheme['x-amazon-apigateway-authorizer'];
    if (isObj(a))
      authorizers.push({ name, type: String(a.type ?? 'unknown').toUpperCase(), src: src(scheme, ` › securitySchemes › ${name}`) });
  }
  const info = isObj(doc.info) ? doc.info : {};
  const version = typeof doc.openapi === 'string' ? doc.openapi : doc.swagger !== undefined ? String(doc.swagger) : null;
  const validators = doc['x-amazon-apigateway-request-validators'];
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'];
  const keySource = doc['x-amazon-apigateway-api-key-source'];
  if (as === 'http' && routes.length === 0)
    findings.push({ code: 'IAC_OPENAPI_NO_ROUTES', level: 'info', message: 'the definition has no paths: no routes', src: src(doc, '') });
  return {
    version,
    title: typeof info.title === 'string' ? info.title : null,
    resources: as === 'rest' ? restResources(restPaths) : [],
    methods,
    routes,
    integrations,
    authorizers,
    timeouts,
    ...(typeof keySource === 'string' ? { apiKeySource: keySource } : {}),
    ...(isObj(validators) ? { requestValidators: Object.keys(validators).length } : {}),
    ...(isObj(endpoint) && endpoint.vpcEndpointIds !== undefined ? { vpcEndpointIds: endpoint.vpcEndpointIds } : {}),
    findings,
  };
}

/**
 * A standalone definition file as the API it would create on import. The API type is HTTP when
 * the file says so (an HTTP API export's x-amazon-apigateway-importexport-version, or `as`),
 * else REST. The endpoint type is not part of a definition (it is an import parameter), so it
 * stays unknown unless the definition lists VPC endpoints (private APIs only).
 */
export function openApiModel(
  doc: Record<string, unknown>,
  ctx: { file: string; id: string; lines: LineIndex; as?: 'rest' | 'http' | undefined },
): { api: import('./types.js').IacApi; findings: IacFinding[] } {
  const as = ctx.as ?? (doc['x-amazon-apigateway-importexport-version'] !== undefined ? 'http' : 'rest');
  const o = readOpenApi(doc, as, { file: ctx.file, at: '', lines: ctx.lines });
  const line = ctx.lines.lineOf(doc, 'paths');
  const src: Src = { file: ctx.file, ...(line !== undefined ? { line } : {}), at: 'paths' };
  const findings = [...o.findings];
  const priv = Array.isArray(o.vpcEndpointIds) && o.vpcEndpointIds.length > 0;
  if (as === 'rest' && !priv)
    findings.push({
      code: 'IAC_OPENAPI_ENDPOINT_UNKNOWN',
      level: 'info',
      message: `${ctx.file}: a definition does not say its endpoint type (edge, Regional or private): it is unknown`,
      src,
    });
  return {
    api: {
      id: ctx.id,
      name: o.title,
      type: as,
      endpointType: as === 'http' ? 'REGIONAL' : priv ? 'PRIVATE' : null,
      format: 'openapi',
      src,
      resources: as === 'rest' ? o.resources : null,
      methods: as === 'rest' ? o.methods : null,
      routes: as === 'http' ? o.routes : null,
      integrations: as === 'http' ? o.integrations : null,
      authorizers: o.authorizers,
      stages: [],
      timeouts: o.timeouts,
      ...(o.apiKeySource ? { apiKeySource: o.apiKeySource } : {}),
      ...(o.requestValidators !== undefined ? { requestValidators: o.requestValidators } : {}),
    },
    findings,
  };
}
