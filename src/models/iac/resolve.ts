/**
 * CloudFormation intrinsic functions, evaluated as far as the template and its parameters'
 * defaults (or values given with --parameter) decide them. What they do not decide is an
 * `Unknown` with the reason, never a guess. Pure.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

export class Unknown {
  constructor(
    readonly reason: string,
    /** Logical ids the value refers to (a resource's id or ARN), for linking resources. */
    readonly refs: string[] = [],
    /** The value as written, with `${…}` for what is not known (for display only). */
    readonly display?: string,
  ) {}
}

/** `Ref` to a resource: its physical id, known only after deployment; the logical id links resources. */
export class ResourceRef {
  constructor(
    readonly logicalId: string,
    readonly attribute?: string,
  ) {}
}

/** How a part that is not known shows in a display string. */
const UNKNOWN_PART = '$' + '{?}';

export const NO_VALUE = Symbol('AWS::NoValue');

export interface Template {
  Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<
    string,
    { Type?: string; Properties?: Record<string, unknown>; Condition?: string; Metadata?: Record<string, unknown> }
  >;
}

export interface ResolveContext {
  template: Template;
  /** --parameter Key=Value, which win over defaults. */
  parameters: Record<string, string>;
  region?: string | undefined;
  stackName?: string | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export class Resolver {
  private readonly condMemo = new Map<string, boolean | Unknown>();
  constructor(readonly ctx: ResolveContext) {}

  private get resources() {
    return this.ctx.template.Resources ?? {};
  }

  ref(name: string): unknown {
    const params = this.ctx.template.Parameters ?? {};
    if (name in this.ctx.parameters) return coerceParam(this.ctx.parameters[name]!, params[name]?.Type);
    if (name in params) {
      const p = params[name]!;
      if (p.Default === undefined)
        return new Unknown(`parameter ${name} has no default (give --parameter ${name}=VALUE)`, [], `\${${name}}`);
      return coerceParam(p.Default, p.Type);
    }
    switch (name) {
      case 'AWS::Region':
        return this.ctx.region ?? new Unknown('the Region is decided at deployment (give --region)', [], '$' + '{AWS::Region}');
      case 'AWS::StackName':
        return this.ctx.stackName ?? new Unknown('the stack name is decided at deployment', [], '$' + '{AWS::StackName}');
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::AccountId':
      case 'AWS::StackId':
      case 'AWS::NotificationARNs':
        return new Unknown(`${name} is decided at deployment`, [], `\${${name}}`);
    }
    if (name in this.resources) return new ResourceRef(name);
    return new Unknown(`Ref to ${name}, which the template does not define`, [], `\${${name}}`);
  }

  /** Resolve a value (deep for arrays and plain objects). */
  value(v: unknown, depth = 0): unknown {
    if (depth > 64) return new Unknown('intrinsic functions nested too deeply');
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1)).filter((x) => x !== NO_VALUE);
    if (!isObj(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const k = keys[0]!;
      const arg = v[k];
      if (k === 'Ref' && typeof arg === 'string') return this.ref(arg);
      if (k === 'Condition' && typeof arg === 'string') return this.condition(arg);
      if (k.startsWith('Fn::')) return this.fn(k, arg, depth);
    }
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) {
      const r = this.value(x, depth + 1);
      if (r !== NO_VALUE) out[key] = r;
    }
    return out;
  }

  private fn(name: string, arg: unknown, depth: number): unknown {
    const val = (x: unknown) => this.value(x, depth + 1);
    switch (name) {
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? [arg.split('.')[0], arg.split('.').slice(1).join('.')] : [];
        return typeof id === 'string'
          ? new ResourceRef(id, typeof attr === 'string' ? attr : String(val(attr)))
          : new Unknown('malformed Fn::GetAtt');
      }
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Join');
        const delim = val(arg[0]);
        const list = val(arg[1]);
        if (typeof delim !== 'string' || !Array.isArray(list)) return unknownFrom([delim, list], 'Fn::Join of an unknown list');
        return joinParts(list, delim);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Select');
        const i = Number(val(arg[0]));
        const list = val(arg[1]);
        if (!Array.isArray(list) || !Number.isInteger(i)) return unknownFrom([list], 'Fn::Select from an unknown list');
        return i >= 0 && i < list.length ? list[i] : new Unknown(`Fn::Select index ${i} is out of range`);
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Split');
        const delim = val(arg[0]);
        const s = val(arg[1]);
        return typeof delim === 'string' && typeof s === 'string' ? s.split(delim) : unknownFrom([s], 'Fn::Split of an unknown string');
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3) return new Unknown('malformed Fn::FindInMap');
        const [m, k1, k2] = arg.slice(0, 3).map(val);
        if (typeof m !== 'string' || typeof k1 !== 'string' || typeof k2 !== 'string')
          return unknownFrom([m, k1, k2], 'Fn::FindInMap with an unknown key');
        const hit = this.ctx.template.Mappings?.[m]?.[k1]?.[k2];
        return hit === undefined ? new Unknown(`Fn::FindInMap: ${m}.${k1}.${k2} is not in the Mappings`) : val(hit);
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unknown('malformed Fn::If');
        const c = this.condition(arg[0]);
        if (c instanceof Unknown) {
          const a = val(arg[1]);
          const b = val(arg[2]);
          if (a === b && !(a instanceof Unknown)) return a;
          return new Unknown(`depends on condition ${arg[0]} (${c.reason})`, [...refsOf(a), ...refsOf(b)]);
        }
        return val(c ? arg[1] : arg[2]);
      }
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
        return this.evalCondition({ [name]: arg }, depth);
      case 'Fn::Base64': {
        const s = val(arg);
        return typeof s === 'string'
          ? btoa(String.fromCharCode(...new TextEncoder().encode(s)))
          : unknownFrom([s], 'Fn::Base64 of an unknown string');
      }
      case 'Fn::Length': {
        const l = val(arg);
        return Array.isArray(l) ? l.length : unknownFrom([l], 'Fn::Length of an unknown list');
      }
      case 'Fn::ToJsonString': {
        const x = val(arg);
        return containsUnknown(x) ? unknownFrom([x], 'Fn::ToJsonString of unknown values') : JSON.stringify(x);
      }
      case 'Fn::ImportValue':
        return new Unknown('imported from another stack (Fn::ImportValue)');
      case 'Fn::GetAZs':
        return new Unknown('the Availability Zones are decided by the account and Region (Fn::GetAZs)');
      case 'Fn::Cidr':
        return new Unknown('Fn::Cidr is not evaluated');
      case 'Fn::Transform':
        return new Unknown('a macro (Fn::Transform) decides this value at deployment');
      default:
        return new Unknown(`${name} is not supported`);
    }
  }

  private sub(arg: unknown, depth: number): unknown {
    let text: unknown;
    let vars: Record<string, unknown> = {};
    if (typeof arg === 'string') text = arg;
    else if (Array.isArray(arg) && typeof arg[0] === 'string') {
      text = arg[0];
      vars = isObj(arg[1]) ? arg[1] : {};
    } else return new Unknown('malformed Fn::Sub');
    const refs: string[] = [];
    const reasons: string[] = [];
    const out = (text as string).replace(/\$\{([^}]*)\}/g, (whole, expr: string) => {
      if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
      let v: unknown;
      if (expr in vars) v = this.value(vars[expr], depth + 1);
      else if (expr.includes('.') && !expr.startsWith('AWS::')) {
        const [id, ...attr] = expr.split('.');
        v = new ResourceRef(id!, attr.join('.'));
      } else v = this.ref(expr);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (v instanceof ResourceRef) refs.push(v.logicalId);
      else if (v instanceof Unknown) {
        refs.push(...v.refs);
        reasons.push(v.reason);
      } else reasons.push(`\${${expr}} is not a string`);
      return whole;
    });
    return refs.length || reasons.length ? new Unknown(reasons[0] ?? 'refers to resources created at deployment', refs, out) : out;
  }

  /** A named condition: true, false, or Unknown. */
  condition(name: string): boolean | Unknown {
    const memo = this.condMemo.get(name);
    if (memo !== undefined) return memo;
    const def = this.ctx.template.Conditions?.[name];
    this.condMemo.set(name, new Unknown(`condition ${name} refers to itself`));
    const r = def === undefined ? new Unknown(`condition ${name} is not defined`) : this.evalCondition(def, 0);
    this.condMemo.set(name, r);
    return r;
  }

  private evalCondition(def: unknown, depth: number): boolean | Unknown {
    if (depth > 64) return new Unknown('conditions nested too deeply');
    if (!isObj(def)) return typeof def === 'boolean' ? def : new Unknown('malformed condition');
    const [k] = Object.keys(def);
    const arg = def[k!];
    const sub = (x: unknown) => this.evalCondition(x, depth + 1);
    switch (k) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg) : new Unknown('malformed Condition');
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unknown('malformed Fn::Equals');
        const [a, b] = arg.map((x) => this.value(x, depth + 1));
        if (containsUnknown(a) || containsUnknown(b) || a instanceof ResourceRef || b instanceof ResourceRef)
          return new Unknown(
            `Fn::Equals compares a value unknown before deployment${a instanceof Unknown ? `: ${a.reason}` : b instanceof Unknown ? `: ${b.reason}` : ''}`,
          );
        return JSON.stringify(String(a)) === JSON.stringify(String(b));
      }
      case 'Fn::Not': {
        const c = sub(Array.isArray(arg) ? arg[0] : arg);
        return c instanceof Unknown ? c : !c;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg)) return new Unknown(`malformed ${k}`);
        const cs = arg.map(sub);
        if (k === 'Fn::And' && cs.some((c) => c === false)) return false;
        if (k === 'Fn::Or' && cs.some((c) => c === true)) return true;
        const u = cs.find((c): c is Unknown => c instanceof Unknown);
        return u ?? k === 'Fn::And';
      }
      default:
        return new Unknown(`${k} is not a condition function`);
    }
  }

  /** Whether a resource is created: its Condition (true when it has none). */
  created(logicalId: string): boolean | Unknown {
    const c = this.resources[logicalId]?.Condition;
    return typeof c === 'string' ? this.condition(c) : true;
  }
}

function coerceParam(v: unknown, type: string | undefined): unknown {
  if (typeof v === 'string' && type && /^(List<|CommaDelimitedList)/.test(type)) return v.split(',').map((s) => s.trim());
  if (typeof v === 'string' && type === 'Number' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

export function containsUnknown(v: unknown): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObj(v) && !(v instanceof ResourceRef)) return Object.values(v).some(containsUnknown);
  return false;
}

export function refsOf(v: unknown): string[] {
  if (v instanceof ResourceRef) return [v.logicalId];
  if (v instanceof Unknown) return v.refs;
  if (Array.isArray(v)) return v.flatMap(refsOf);
  return [];
}

function unknownFrom(parts: unknown[], reason: string): Unknown {
  const u = parts.find((p): p is Unknown => p instanceof Unknown);
  return new Unknown(u ? u.reason : reason, parts.flatMap(refsOf));
}

function joinParts(list: unknown[], delim: string): unknown {
  const refs: string[] = [];
  let unknown: Unknown | undefined;
  const display = list
    .map((x) => {
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return String(x);
      if (x instanceof ResourceRef) {
        refs.push(x.logicalId);
        return `\${${x.logicalId}${x.attribute ? `.${x.attribute}` : ''}}`;
      }
      if (x instanceof Unknown) {
        refs.push(...x.refs);
        unknown ??= x;
        return x.display ?? UNKNOWN_PART;
      }
      unknown ??= new Unknown('Fn::Join of a non-string');
      return UNKNOWN_PART;
    })
    .join(delim);
  return refs.length || unknown ? new Unknown(unknown?.reason ?? 'refers to resources created at deployment', refs, display) : display;
}
