import { Decimal, ZERO } from '../money/decimal.js';
import { InputError } from '../errors.js';
import type { OptionId } from '../models/options.js';
import type { Need } from '../models/capabilities.js';
import { MAX_PAYLOAD_BYTES, WS_MAX_MESSAGE_BYTES } from '../models/pricing/apigateway.js';
import type { Alternatives, ApiWorkload, Workload } from '../models/workload.js';
import { ParseError, fromNumberOrString, parseBytes, parseCount, parseDecimal, parseVolume, volumePerMonth } from '../options/units.js';
import type { Distribution } from '../models/payload/distribution.js';
import type { ScenarioFile } from './schema.js';
import { type Pick, buildAlternatives } from './alternatives.js';
import { buildNeeds, chooseOptions } from './choices.js';
import { parseAzCount, parseCacheSize, parseHoursPerMonth } from './parsers.js';
import { DEFAULTS, defaultShape, emptyApi } from './defaults.js';

/** Where an input value came from: shown in JSON and, for defaults, printed as an assumption. */
export interface InputRecord {
  name: string;
  value: string;
  origin: 'flag' | 'scenario' | 'default';
}

export interface BuiltInput {
  workload: Workload;
  alternatives: Alternatives;
  options: OptionId[];
  inputs: InputRecord[];
  /** Capabilities the user requires (--needs, a scenario's needs) or implies (WAF rules, a cache, a private endpoint). */
  needs: Need[];
}

type Flags = Record<string, unknown>;

/** Size distributions read from payload files, by API name ("*" in flag mode: the one API). */
export type PayloadDistributions = Record<string, { requests: Distribution | undefined; messages: Distribution | undefined; file: string }>;

/**
 * Turn flags and an optional scenario file into the models' plain data. Precedence: flags >
 * scenario > defaults. Every problem is collected and reported at once (exit 2).
 */
export function buildInput(
  flags: Flags,
  scenario: ScenarioFile | undefined,
  scenarioPath: string | undefined,
  payloads: PayloadDistributions = {},
): BuiltInput {
  const problems: string[] = [];
  const inputs: InputRecord[] = [];
  const file = scenarioPath ?? 'scenario';

  /** Read one setting: flag (string) > scenario value > default; parse; record its origin. */
  const pick: Pick = (name, flag, fromScenario, scenarioPathLabel, fallback, parse, show = String) => {
    const flagValue = flags[flag ?? ''];
    let origin: InputRecord['origin'];
    let raw: string | number;
    let where: string;
    if (flag && flagValue !== undefined && flagValue !== false) {
      [origin, raw, where] = ['flag', flagValue as string, `--${kebab(flag)}`];
    } else if (fromScenario !== undefined) {
      [origin, raw, where] = ['scenario', fromScenario, `${file} › ${scenarioPathLabel}`];
    } else if (fallback !== undefined) {
      [origin, raw, where] = ['default', fallback, `default of ${name}`];
    } else {
      return undefined;
    }
    try {
      const value = fromNumberOrString(raw, parse);
      inputs.push({ name, value: show(value), origin });
      return value;
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      problems.push(`${where}: ${e.message}`);
      return undefined;
    }
  };

  const sc = scenario;
  const region = pick('region', 'region', sc?.region, 'region', DEFAULTS.region, (s) => s.trim());
  const hoursPerMonth = pick(
    'hoursPerMonth',
    'hoursPerMonth',
    sc?.hoursPerMonth,
    'hoursPerMonth',
    DEFAULTS.hoursPerMonth,
    parseHoursPerMonth,
    (d) => d.toFixed(),
  );
  const shape = defaultShape();
  if (hoursPerMonth) shape.hoursPerMonth = hoursPerMonth;
  const t = sc?.traffic;
  const dec = (d: Decimal) => d.toFixed();
  shape.peakToAverage =
    pick('peakToAverage', 'peakToAverage', t?.peakToAverage, 'traffic.peakToAverage', DEFAULTS.peakToAverage, parseDecimal, dec) ??
    shape.peakToAverage;
  shape.peakHoursPerDay =
    pick('peakHoursPerDay', 'peakHours', t?.peakHoursPerDay, 'traffic.peakHoursPerDay', DEFAULTS.peakHoursPerDay, parseDecimal, dec) ??
    shape.peakHoursPerDay;
  shape.requestsPerConnection =
    pick(
      'requestsPerConnection',
      'requestsPerConnection',
      t?.requestsPerConnection,
      'traffic.requestsPerConnection',
      DEFAULTS.requestsPerConnection,
      parseDecimal,
      dec,
    ) ?? shape.requestsPerConnection;
  shape.connectionSeconds =
    pick(
      'connectionSeconds',
      'connectionDuration',
      t?.connectionSeconds,
      'traffic.connectionSeconds',
      DEFAULTS.connectionSeconds,
      parseDecimal,
      dec,
    ) ?? shape.connectionSeconds;
  if (shape.peakToAverage.lt(1))
    problems.push('--peak-to-average / traffic.peakToAverage: must be at least 1 (the peak hour cannot be below the mean)');
  if (shape.peakHoursPerDay.gt(24)) problems.push('--peak-hours / traffic.peakHoursPerDay: a day has 24 hours');
  if (shape.peakHoursPerDay.times(shape.peakToAverage).gt(24)) {
    problems.push(
      `peak-to-average × peak hours per day = ${shape.peakToAverage.times(shape.peakHoursPerDay).toFixed()} exceeds 24: ` +
        'the peak hours alone would carry more than a whole day of traffic; lower --peak-to-average or --peak-hours',
    );
  }
  if (shape.requestsPerConnection.isZero() || shape.connectionSeconds.isZero())
    problems.push('requests per connection and connection duration must be above 0');

  const secondsPerMonth = shape.hoursPerMonth.times(3600);
  const volume = (text: string): Decimal => {
    return volumePerMonth(parseVolume(text), secondsPerMonth);
  };
  const vol = (d: Decimal) => d.toFixed();

  const apis: ApiWorkload[] = [];
  if (sc && (flags.requests !== undefined || flags.messages !== undefined || flags.connectionMinutes !== undefined)) {
    problems.push(
      '--requests/--messages/--connection-minutes and --scenario both describe traffic: give the traffic in one place (remove the flags, or the file)',
    );
  }
  if (sc) {
    sc.apis.forEach((a, i) => {
      const at = (k: string) => `apis[${i}].${k}`;
      const api = emptyApi(a.name, a.type);
      const p = `${a.name}.`;
      api.requestsPerMonth = pick(`${p}requestsPerMonth`, undefined, a.requests, at('requests'), 0, volume, vol) ?? ZERO;
      api.requestBytes =
        pick(`${p}requestBytes`, 'requestSize', a.requestSize, at('requestSize'), DEFAULTS.requestBytes, parseBytes, vol) ??
        api.requestBytes;
      api.responseBytes =
        pick(`${p}responseBytes`, 'responseSize', a.responseSize, at('responseSize'), DEFAULTS.responseBytes, parseBytes, vol) ??
        api.responseBytes;
      api.maxRequestBytes =
        pick(
          `${p}maxRequestBytes`,
          'maxRequestSize',
          a.maxRequestSize,
          at('maxRequestSize'),
          api.requestBytes.toFixed(),
          parseBytes,
          vol,
        ) ?? api.requestBytes;
      api.maxResponseBytes =
        pick(
          `${p}maxResponseBytes`,
          'maxResponseSize',
          a.maxResponseSize,
          at('maxResponseSize'),
          api.responseBytes.toFixed(),
          parseBytes,
          vol,
        ) ?? api.responseBytes;
      api.messagesPerMonth = pick(`${p}messagesPerMonth`, undefined, a.messages, at('messages'), 0, volume, vol) ?? ZERO;
      api.messageBytes =
        pick(`${p}messageBytes`, 'messageSize', a.messageSize, at('messageSize'), DEFAULTS.messageBytes, parseBytes, vol) ??
        api.messageBytes;
      api.connectionMinutesPerMonth =
        pick(`${p}connectionMinutes`, undefined, a.connectionMinutes, at('connectionMinutes'), 0, volume, vol) ?? ZERO;
      api.cacheSizeGb = pick(`${p}cacheSizeGb`, undefined, a.cacheSizeGb, at('cacheSizeGb'), undefined, parseCacheSize);
      api.privateEndpointAzs = a.private?.endpointAzs;
      api.privateVpc = a.private?.vpc;
      api.wafRules = a.waf?.rules;
      api.stage = a.stage;
      if (a.outboundShare !== undefined) api.wsOutboundShare = new Decimal(a.outboundShare);
      if (a.detailedMetrics) api.detailedMetrics = { methods: a.detailedMetrics.methods };
      if (a.logs) {
        const bytes = (v: number | string, k: string) => {
          try {
            return fromNumberOrString(v, parseBytes);
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            problems.push(`${file} › ${at(k)}: ${e.message}`);
            return ZERO;
          }
        };
        const ex = a.logs.execution;
        if (ex?.level === 'error' && ex.errorShare === undefined)
          problems.push(
            `${file} › ${at('logs.execution.errorShare')}: execution logs at level "error" write only for failing requests: give the share that fails (e.g. 0.01)`,
          );
        api.logs = {
          access: a.logs.access ? { bytesPerRequest: bytes(a.logs.access.bytesPerRequest, 'logs.access.bytesPerRequest') } : undefined,
          execution: ex
            ? {
                level: ex.level,
                bytesPerRequest: bytes(ex.bytesPerRequest, 'logs.execution.bytesPerRequest'),
                errorShare: ex.errorShare === undefined ? undefined : new Decimal(ex.errorShare),
              }
            : undefined,
          retentionDays: a.logs.retentionDays,
        };
      }
      const pd = payloads[a.name];
      if (pd) {
        api.requestSizes = pd.requests;
        api.messageSizes = pd.messages;
        inputs.push({ name: `${p}payload`, value: pd.file, origin: 'scenario' });
      }
      if (a.type !== 'websocket' && a.outboundShare !== undefined)
        problems.push(`${file} › ${at('outboundShare')}: the share of messages sent to clients belongs to a websocket API`);
      if (a.type === 'websocket' && api.messagesPerMonth.isZero() && api.connectionMinutesPerMonth.isZero()) {
        problems.push(`${file} › ${at('messages')}: a websocket API needs messages and/or connectionMinutes`);
      }
      if (a.type !== 'websocket' && api.requestsPerMonth.isZero() && a.requests === undefined)
        problems.push(`${file} › ${at('requests')}: a ${a.type} API needs requests`);
      // each API carries the traffic of its type, so every option prices the same traffic
      if (a.type === 'websocket' && a.requests !== undefined) {
        problems.push(
          `${file} › ${at('requests')}: a websocket API carries messages and connection minutes, not requests; describe request traffic as a rest or http API`,
        );
      }
      if (a.type !== 'websocket' && (a.messages !== undefined || a.connectionMinutes !== undefined)) {
        problems.push(
          `${file} › apis[${i}]: messages and connectionMinutes belong to a websocket API (type is ${a.type}); describe them as an API of their own`,
        );
      }
      if (sc.apis.findIndex((other) => other.name === a.name && other.stage === a.stage) < i)
        problems.push(
          `${file} › ${at('name')}: "${a.name}"${a.stage ? ` stage "${a.stage}"` : ''} is listed twice; give each API its own name (or each entry its own stage)`,
        );
      if (a.type !== 'rest' && (a.cacheSizeGb !== undefined || a.private)) {
        problems.push(`${file} › apis[${i}]: caching and private endpoints exist only for REST APIs (type is ${a.type})`);
      }
      apis.push(api);
    });
  } else {
    const api = emptyApi('api');
    api.requestsPerMonth = pick('requestsPerMonth', 'requests', undefined, '', undefined, volume, vol) ?? ZERO;
    api.requestBytes = pick('requestBytes', 'requestSize', undefined, '', DEFAULTS.requestBytes, parseBytes, vol) ?? api.requestBytes;
    api.responseBytes = pick('responseBytes', 'responseSize', undefined, '', DEFAULTS.responseBytes, parseBytes, vol) ?? api.responseBytes;
    api.maxRequestBytes =
      pick('maxRequestBytes', 'maxRequestSize', undefined, '', api.requestBytes.toFixed(), parseBytes, vol) ?? api.requestBytes;
    api.maxResponseBytes =
      pick('maxResponseBytes', 'maxResponseSize', undefined, '', api.responseBytes.toFixed(), parseBytes, vol) ?? api.responseBytes;
    api.messagesPerMonth = pick('messagesPerMonth', 'messages', undefined, '', undefined, volume, vol) ?? ZERO;
    api.messageBytes = pick('messageBytes', 'messageSize', undefined, '', DEFAULTS.messageBytes, parseBytes, vol) ?? api.messageBytes;
    api.connectionMinutesPerMonth = pick('connectionMinutes', 'connectionMinutes', undefined, '', undefined, volume, vol) ?? ZERO;
    api.cacheSizeGb = pick('cacheSizeGb', 'cacheSize', undefined, '', undefined, parseCacheSize);
    api.privateEndpointAzs = pick('privateEndpointAzs', 'privateEndpointAzs', undefined, '', undefined, parseAzCount);
    api.wafRules = pick('wafRules', 'wafRules', undefined, '', undefined, parseCount);
    const pd = payloads['*'];
    if (pd) {
      api.requestSizes = pd.requests;
      api.messageSizes = pd.messages;
      inputs.push({ name: 'payload', value: pd.file, origin: 'flag' });
    }
    // fixed costs stand without traffic: --requests 0 is an estimate when something fixed is asked for
    const fixed = api.cacheSizeGb !== undefined || api.privateEndpointAzs !== undefined || api.wafRules !== undefined;
    const requestsGiven = flags.requests !== undefined && flags.requests !== false;
    if (
      api.requestsPerMonth.isZero() &&
      api.messagesPerMonth.isZero() &&
      api.connectionMinutesPerMonth.isZero() &&
      !(requestsGiven && fixed) &&
      problems.length === 0
    ) {
      problems.push(
        requestsGiven
          ? '--requests 0 prices only fixed costs: add one (--cache-size, --private-endpoint-azs, --waf-rules), or give traffic'
          : 'nothing to estimate: give --requests (e.g. --requests 50M), --messages, or --scenario FILE',
      );
    }
    apis.push(api);
  }
  for (const api of apis) checkLimits(api, problems);

  const alternatives = buildAlternatives(pick, sc, volume);
  const freeTier =
    pick('freeTier', 'freeTier', sc?.freeTier, 'freeTier', DEFAULTS.freeTier, (s) => s as Workload['freeTier']) ?? DEFAULTS.freeTier;
  const dtoPricing =
    pick(
      'dataTransfer.pricing',
      'dto',
      sc?.dataTransfer?.pricing,
      'dataTransfer.pricing',
      DEFAULTS.dtoPricing,
      (s) => s as 'tiered' | 'first-tier',
    ) ?? DEFAULTS.dtoPricing;
  const dtoFree = flags.dtoFreeAllowance === true || sc?.dataTransfer?.freeAllowance === true;
  inputs.push({
    name: 'dataTransfer.freeAllowance',
    value: String(dtoFree),
    origin: flags.dtoFreeAllowance ? 'flag' : sc?.dataTransfer?.freeAllowance !== undefined ? 'scenario' : 'default',
  });

  const workload: Workload = {
    region: region ?? DEFAULTS.region,
    shape,
    apis,
    freeTier,
    dataTransfer: { pricing: dtoPricing, freeAllowance: dtoFree },
  };
  if (sc) sharedResources(sc, file, apis, workload, problems);
  const options = chooseOptions(flags, workload, sc !== undefined, problems);
  const needs = buildNeeds(flags, sc, scenarioPath ?? 'scenario', workload, problems);
  if (problems.length) {
    throw new InputError(`${problems.length} problem(s) with the estimate input`, {
      problems,
      hint: 'see "apigw-plan estimate --help"; sizes take B/KB/MB (1 KB = 1,024 bytes), volumes take K/M/B/T and an optional rate /s, /min, /h or /day',
    });
  }
  return { workload, alternatives, options, inputs, needs };
}

/**
 * Web ACLs, VPC links and portals of a scenario, checked against its APIs: every name they give
 * must be an API of the scenario; WAF associates with REST API stages only (not HTTP or WebSocket
 * APIs), and a stage takes one web ACL; VPC links carry REST and HTTP integrations.
 */
function sharedResources(sc: ScenarioFile, file: string, apis: ApiWorkload[], w: Workload, problems: string[]): void {
  const find = (ref: string) => apis.filter((a) => a.name === ref || (a.stage !== undefined && `${a.name}/${a.stage}` === ref));
  const aclOf = new Map<ApiWorkload, string>();
  for (const a of apis) if (a.wafRules !== undefined) aclOf.set(a, `${a.name} (its own waf.rules)`);
  (sc.webAcls ?? []).forEach((acl, i) => {
    const at = `${file} › webAcls[${i}]`;
    if ((sc.webAcls ?? []).findIndex((o) => o.name === acl.name) < i) problems.push(`${at}.name: "${acl.name}" names two web ACLs`);
    for (const ref of acl.protects) {
      const hit = find(ref);
      if (hit.length === 0) problems.push(`${at}.protects: "${ref}" is not an API of the scenario (use "name" or "name/stage")`);
      for (const a of hit) {
        if (a.type !== 'rest')
          problems.push(
            `${at}.protects: "${ref}" is a ${a.type} API; AWS WAF associates with REST API stages (and ALBs), not HTTP or WebSocket APIs`,
          );
        const other = aclOf.get(a);
        if (other) problems.push(`${at}.protects: "${ref}" is already protected by ${other}; a stage is associated with one web ACL`);
        aclOf.set(a, `web ACL "${acl.name}"`);
      }
    }
  });
  w.webAcls = (sc.webAcls ?? []).map((acl) => ({
    name: acl.name,
    rules: acl.rules ?? 0,
    ruleGroups: acl.ruleGroups ?? 0,
    managedRuleGroups: (acl.managedRuleGroups ?? []).map((g) => ({
      name: g.name,
      vendor: g.vendor ?? 'AWS',
      inspectionLevel: g.inspectionLevel,
    })),
    protects: acl.protects,
  }));
  (sc.vpcLinks ?? []).forEach((link, i) => {
    const at = `${file} › vpcLinks[${i}]`;
    const hits = link.apis.map((ref) => [ref, find(ref)] as const);
    for (const [ref, hit] of hits) if (hit.length === 0) problems.push(`${at}.apis: "${ref}" is not an API of the scenario`);
    const types = new Set(hits.flatMap(([, hit]) => hit.map((a) => a.type)));
    if (types.has('websocket')) problems.push(`${at}.apis: WebSocket APIs are not priced behind VPC links here; list REST or HTTP APIs`);
    if (types.has('rest') && types.has('http'))
      problems.push(`${at}.apis: a VPC link serves REST APIs (through an NLB) or HTTP APIs (VPC link v2), not both`);
  });
  w.vpcLinks = (sc.vpcLinks ?? []).map((l) => ({ name: l.name, apis: l.apis }));
  if (sc.portals) w.portals = { portals: sc.portals.portals, products: sc.portals.products };
}

function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function checkLimits(api: ApiWorkload, problems: string[]): void {
  const mb = (d: Decimal) =>
    `${d
      .div(1024 * 1024)
      .toDecimalPlaces(2)
      .toFixed()} MB`;
  // the largest payload is at least the mean: report the mean when it is already over, else the largest
  for (const [what, mean, largest] of [
    ['request', api.requestBytes, api.maxRequestBytes],
    ['response', api.responseBytes, api.maxResponseBytes],
  ] as const) {
    const [label, bytes] = mean.gt(MAX_PAYLOAD_BYTES) ? [`mean ${what} size`, mean] : [`largest ${what} size`, largest];
    if (bytes.gt(MAX_PAYLOAD_BYTES)) {
      problems.push(
        `${api.name}: ${label} ${mb(bytes)} is over API Gateway's 10 MB payload limit (413 REQUEST_TOO_LARGE, not adjustable); ` +
          'send large bodies through pre-signed S3 URLs and give the size of what still goes through the API',
      );
    }
  }
  if (api.messageBytes.gt(WS_MAX_MESSAGE_BYTES)) {
    problems.push(
      `${api.name}: WebSocket message size ${api.messageBytes.div(1024).toFixed()} KB is over the 128 KB message limit (connection closed with 1009); split messages or use S3`,
    );
  }
  if (api.maxRequestBytes.lt(api.requestBytes) || api.maxResponseBytes.lt(api.responseBytes)) {
    problems.push(`${api.name}: the largest payload cannot be smaller than the mean`);
  }
}
