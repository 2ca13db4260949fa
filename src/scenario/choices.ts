import { NEED_IDS, type Need, type NeedId } from '../models/capabilities.js';
import { type FitContext, isOptionId, OPTION_IDS, OPTIONS, type OptionId } from '../models/options.js';
import type { Workload } from '../models/workload.js';
import type { ScenarioFile } from './schema.js';

type Flags = Record<string, unknown>;

/** The options to compare (what fits the traffic, or --api-type / --options checked against it). */
export function chooseOptions(flags: Flags, w: Workload, scenario: boolean, problems: string[]): OptionId[] {
  // request traffic, or a request API's fixed costs alone (--requests 0 with a cache, endpoint or WAF)
  const hasRequests = w.apis.some(
    (a) => !a.requestsPerMonth.isZero() || a.cacheSizeGb !== undefined || a.privateEndpointAzs !== undefined || a.wafRules !== undefined,
  );
  const hasMessages = w.apis.some((a) => !a.messagesPerMonth.isZero() || !a.connectionMinutesPerMonth.isZero());
  // What fits the traffic: scenario files are costed as configured; flags compare REST and HTTP
  // (with a WebSocket API for any message traffic), or WebSocket alone for message-only input.
  const fit: FitContext = { scenario, hasRequests, hasMessages };
  let fitting: OptionId[] = OPTION_IDS.filter((id) => OPTIONS[id].kind === 'api-type' && OPTIONS[id].byDefault(fit));
  if (typeof flags.apiType === 'string' && !scenario) {
    const asked = list(flags.apiType);
    const bad = asked.filter((t) => !['rest', 'http', 'websocket'].includes(t));
    if (bad.length) problems.push(`--api-type: unknown type(s) ${bad.join(', ')}; use rest, http, websocket`);
    if (asked.includes('websocket') && !hasMessages) problems.push('--api-type websocket needs --messages or --connection-minutes');
    const requestTypes = asked.filter((t): t is 'rest' | 'http' => t === 'rest' || t === 'http');
    if (requestTypes.length && !hasRequests) problems.push('--api-type rest/http needs --requests');
    if (hasRequests && requestTypes.length === 0)
      problems.push('--api-type: WebSocket APIs carry messages, not requests; add rest or http, or drop --requests');
    // message traffic rides along as a WebSocket API in the rest/http options
    fitting = hasRequests ? requestTypes : ['websocket'];
  }
  let chosen: OptionId[] = [...fitting, ...OPTION_IDS.filter((id) => OPTIONS[id].kind === 'alternative' && OPTIONS[id].byDefault(fit))];
  if (typeof flags.options === 'string') {
    if (typeof flags.apiType === 'string') problems.push('--options and --api-type both choose what to compare: use one of them');
    const asked = [...new Set(list(flags.options))];
    const bad = asked.filter((o) => !isOptionId(o));
    if (bad.length) problems.push(`--options: unknown option(s) ${bad.join(', ')}; use ${OPTION_IDS.join(', ')}`);
    chosen = asked.filter(isOptionId);
    // an option only prices traffic it can carry, so it must fit what was given
    for (const o of chosen) {
      const why = OPTIONS[o].unfit(fit);
      if (why) problems.push(why);
    }
  }
  return chosen;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Stated needs (--needs a,b or the scenario's needs) plus the ones an input implies: WAF rules
 * need AWS WAF, a cache size needs caching, a private endpoint needs a private API. An option
 * that cannot provide one is not named cheapest (it is still priced).
 */
export function buildNeeds(flags: Flags, sc: ScenarioFile | undefined, file: string, w: Workload, problems: string[]): Need[] {
  const needs: Need[] = [];
  const add = (id: NeedId, origin: string) => {
    if (!needs.some((n) => n.id === id)) needs.push({ id, origin });
  };
  if (typeof flags.needs === 'string') {
    for (const raw of flags.needs
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      if ((NEED_IDS as readonly string[]).includes(raw)) add(raw as NeedId, '--needs');
      else problems.push(`--needs: unknown capability "${raw}"; known: ${NEED_IDS.join(', ')}`);
    }
  }
  for (const id of sc?.needs ?? []) add(id, `${file} › needs`);
  const inScenario = sc !== undefined;
  w.apis.forEach((a, i) => {
    const where = (flag: string, key: string) => (inScenario ? `${file} › apis[${i}].${key}` : flag);
    if (a.wafRules !== undefined) add('waf', `${where(`--waf-rules ${a.wafRules}`, 'waf')} asks for AWS WAF`);
    if (a.cacheSizeGb !== undefined) add('caching', `${where(`--cache-size ${a.cacheSizeGb}`, 'cacheSizeGb')} asks for a cache`);
    if (a.privateEndpointAzs !== undefined)
      add('private-endpoint', `${where(`--private-endpoint-azs ${a.privateEndpointAzs}`, 'private')} asks for a private API`);
  });
  return needs;
}
