import { ResourceRef, Resolver, Unknown, type Template } from '../resolve.js';
import type { LineIndex, Src } from '../source.js';
import {
  emptyModel,
  type EndpointType,
  type IacApi,
  type IacFinding,
  type IacModel,
  type IacStage,
  type IacThrottle,
  type SourceFormat,
} from '../types.js';

/**
 * What every part of the CloudFormation reader shares: the resolver, the resources that are
 * created, source locations, findings, value readers and the APIs and stages read so far. Each
 * part (apis.ts, stages.ts, usage-plans.ts, edges.ts) reads its resource types into `model`
 * through it, in the order cloudformation.ts calls them.
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

export type Resource = NonNullable<Template['Resources']>[string];
export type UnknownPart = 'resources' | 'routes' | 'stages' | 'authorizers';

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const ENDPOINTS: EndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE'];

export interface CfnContext {
  input: CfnInput;
  r: Resolver;
  model: IacModel;
  resources: NonNullable<Template['Resources']>;
  /** Resources whose Condition the template does not decide (what they add is unknown). */
  uncertain: Set<string>;
  /** APIs by logical id. */
  apis: Map<string, IacApi>;
  /** Parts of an API (by logical id) made unknown by a resource that may or may not exist. */
  unknownParts: Map<string, Set<UnknownPart>>;
  /** Stages by logical id (for usage plans, mappings and WAF associations that refer to one). */
  stageByLogical: Map<string, { api: IacApi; stage: IacStage }>;
  idOf(logicalId: string): string;
  src(logicalId: string, obj?: unknown, key?: string): Src;
  finding(code: string, level: IacFinding['level'], message: string, s?: Src): void;
  /** Created resources of the given types, in template order. */
  ofType(...types: string[]): Array<[string, Resource]>;
  prop(res: Resource, key: string): unknown;
  str(v: unknown): string | null;
  num(v: unknown): number | null;
  refId(v: unknown): string | undefined;
  throttle(rate: unknown, burst: unknown, s: Src): IacThrottle | undefined;
  markUnknown(apiLogical: string, what: UnknownPart): void;
  /** The API a property names, or a finding that it names none defined here. */
  apiOf(v: unknown, what: string, owner: string): IacApi | undefined;
}

export function cfnContext(input: CfnInput): CfnContext {
  const { template, file, stack, lines } = input;
  const r = new Resolver({ template, parameters: input.parameters, region: input.region, stackName: undefined });
  const model = emptyModel();
  const resources = template.Resources ?? {};
  const src = (logicalId: string, obj?: unknown, key?: string): Src => {
    const res = resources[logicalId];
    const line = lines.lineOf(obj ?? res, key) ?? lines.lineOf(resources, logicalId);
    const cdkPath = res?.Metadata?.['aws:cdk:path'];
    return { file, ...(line !== undefined ? { line } : {}), at: typeof cdkPath === 'string' ? cdkPath : logicalId };
  };
  const finding = (code: string, level: IacFinding['level'], message: string, s?: Src) => {
    model.findings.push({ code, level, message, ...(s ? { src: s } : {}) });
  };

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
  const num = (v: unknown): number | null => {
    const x = r.value(v);
    if (typeof x === 'number') return x;
    if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
    return null;
  };
  const refId = (v: unknown): string | undefined => (v instanceof ResourceRef ? v.logicalId : v instanceof Unknown ? v.refs[0] : undefined);
  const apis = new Map<string, IacApi>();
  const unknownParts = new Map<string, Set<UnknownPart>>();
  return {
    input,
    r,
    model,
    resources,
    uncertain,
    apis,
    unknownParts,
    stageByLogical: new Map(),
    idOf: (logicalId) => `${stack}/${logicalId}`,
    src,
    finding,
    ofType: (...types) => live.filter(([, res]) => types.includes(String(res.Type))),
    prop: (res, key) => r.value(res.Properties?.[key]),
    str: (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v instanceof Unknown && v.display ? v.display : null),
    num,
    refId,
    throttle: (rate, burst, s) => (rate === undefined && burst === undefined ? undefined : { rate: num(rate), burst: num(burst), src: s }),
    markUnknown: (apiLogical, what) => {
      const s = unknownParts.get(apiLogical) ?? new Set();
      s.add(what);
      unknownParts.set(apiLogical, s);
    },
    apiOf: (v, what, owner) => {
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
    },
  };
}
