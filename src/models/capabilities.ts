/**
 * What each option provides besides its price, as data with the AWS page each fact comes from.
 * API Gateway rows follow AWS's own comparison of REST and HTTP APIs
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html); the
 * limits rows follow the API Gateway quota pages; the ALB rows follow the Application Load
 * Balancer guide. A self-hosted gateway provides what the software you run provides: those
 * rows say "self-managed", never yes.
 */

/** A capability a user can require with `--needs` (or `needs:` in a scenario). */
export type NeedId =
  | 'usage-plans'
  | 'per-client-throttling'
  | 'caching'
  | 'request-validation'
  | 'waf'
  | 'private-endpoint'
  | 'mtls'
  | 'lambda-authorizer'
  | 'jwt-authorizer'
  | 'iam-auth'
  | 'websocket';

export const NEED_IDS: readonly NeedId[] = [
  'usage-plans',
  'per-client-throttling',
  'caching',
  'request-validation',
  'waf',
  'private-endpoint',
  'mtls',
  'lambda-authorizer',
  'jwt-authorizer',
  'iam-auth',
  'websocket',
];

export const NEED_LABELS: Record<NeedId, string> = {
  'usage-plans': 'usage plans & API keys',
  'per-client-throttling': 'per-client throttling',
  caching: 'caching',
  'request-validation': 'request validation',
  waf: 'AWS WAF',
  'private-endpoint': 'private endpoint',
  mtls: 'mTLS',
  'lambda-authorizer': 'Lambda authorizer',
  'jwt-authorizer': 'JWT authorizer',
  'iam-auth': 'IAM authorization',
  websocket: 'WebSocket',
};

/** yes / no as documented; partial: possible with a documented workaround (see note); self-managed: the software you run. */
export type Support = 'yes' | 'partial' | 'no' | 'self-managed';

export interface CapabilityFact {
  support: Support;
  note?: string;
  source: string;
}

export interface LimitFact {
  /** The limit with its unit, as a reader would say it ("29 s", "10 MB"). */
  text: string;
  source: string;
}

export interface OptionCapabilities {
  features: Record<NeedId, CapabilityFact>;
  integrationTimeout: LimitFact;
  payloadLimit: LimitFact;
}

/** The kinds of option whose capabilities are documented (an estimate's "apigw" option combines the API types it declares). */
export type CapabilityKind = 'rest' | 'http' | 'websocket' | 'alb-sso' | 'self-hosted';

const COMPARE = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html';
const REST_LIMITS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html';
const HTTP_LIMITS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const WS_LIMITS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html';
const WS_GUIDE = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api.html';
const APIGW_WAF = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html';
const USAGE_PLANS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html';
const MTLS = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html';
const ALB = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html';
const ALB_LB = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html';
const ALB_AUTH = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html';
const ALB_JWT = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html';
const ALB_MTLS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html';
const ALB_LAMBDA = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html';
const ALB_LISTENERS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html';

const yes = (source: string, note?: string): CapabilityFact => (note ? { support: 'yes', note, source } : { support: 'yes', source });
const no = (source: string, note?: string): CapabilityFact => (note ? { support: 'no', note, source } : { support: 'no', source });
const partial = (source: string, note: string): CapabilityFact => ({ support: 'partial', note, source });
const selfManaged = (note = 'provided by the gateway software you run (e.g. plugins), not by AWS'): CapabilityFact => ({
  support: 'self-managed',
  note,
  source: 'https://developer.konghq.com/gateway/',
});

export const CAPABILITIES: Record<CapabilityKind, OptionCapabilities> = {
  rest: {
    features: {
      'usage-plans': yes(COMPARE),
      'per-client-throttling': yes(USAGE_PLANS, 'usage plan throttles per API key'),
      caching: yes(COMPARE),
      'request-validation': yes(COMPARE),
      waf: yes(APIGW_WAF),
      'private-endpoint': yes(COMPARE),
      mtls: yes(COMPARE),
      'lambda-authorizer': yes(COMPARE),
      'jwt-authorizer': partial(COMPARE, 'validate JWTs with a Lambda or Amazon Cognito authorizer'),
      'iam-auth': yes(COMPARE),
      websocket: no(COMPARE, 'a separate WebSocket API'),
    },
    integrationTimeout: { text: '29 s (raisable for Regional and private APIs)', source: REST_LIMITS },
    payloadLimit: { text: '10 MB', source: REST_LIMITS },
  },
  http: {
    features: {
      'usage-plans': no(COMPARE),
      'per-client-throttling': no(COMPARE, 'route and stage throttling only'),
      caching: no(COMPARE),
      'request-validation': no(COMPARE),
      waf: no(APIGW_WAF),
      'private-endpoint': no(COMPARE),
      mtls: yes(COMPARE),
      'lambda-authorizer': yes(COMPARE),
      'jwt-authorizer': yes(COMPARE),
      'iam-auth': yes(COMPARE),
      websocket: no(COMPARE, 'a separate WebSocket API'),
    },
    integrationTimeout: { text: '30 s', source: HTTP_LIMITS },
    payloadLimit: { text: '10 MB', source: HTTP_LIMITS },
  },
  websocket: {
    features: {
      'usage-plans': no(USAGE_PLANS, 'usage plans apply to REST APIs'),
      'per-client-throttling': no(USAGE_PLANS, 'route and stage throttling only'),
      caching: no(WS_GUIDE),
      'request-validation': yes(WS_GUIDE, 'route request models'),
      waf: no(APIGW_WAF),
      'private-endpoint': no(WS_GUIDE),
      mtls: no(MTLS, 'mutual TLS is documented for REST and HTTP APIs'),
      'lambda-authorizer': yes(WS_GUIDE, 'on the $connect route'),
      'jwt-authorizer': no(WS_GUIDE, 'use a Lambda authorizer'),
      'iam-auth': yes(WS_GUIDE, 'on the $connect route'),
      websocket: yes(WS_GUIDE),
    },
    integrationTimeout: { text: '29 s; idle connection 10 min', source: WS_LIMITS },
    payloadLimit: { text: '128 KB message (32 KB frames)', source: WS_LIMITS },
  },
  'alb-sso': {
    features: {
      'usage-plans': no(ALB),
      'per-client-throttling': no(ALB, 'no request throttling; WAF rate-based rules per IP'),
      caching: no(ALB),
      'request-validation': no(ALB),
      waf: yes(APIGW_WAF),
      'private-endpoint': partial(ALB_LB, 'internal scheme: reachable only from inside the VPC'),
      mtls: yes(ALB_MTLS),
      'lambda-authorizer': no(ALB_AUTH, 'authenticate-oidc / authenticate-cognito actions instead'),
      'jwt-authorizer': yes(ALB_JWT, 'JWT validation action'),
      'iam-auth': no(ALB_AUTH),
      websocket: yes(ALB_LISTENERS, 'not to Lambda targets'),
    },
    integrationTimeout: { text: 'idle timeout 60 s (1–4,000 s)', source: ALB_LB },
    payloadLimit: { text: 'none documented; 1 MB to Lambda targets', source: ALB_LAMBDA },
  },
  'self-hosted': {
    features: {
      'usage-plans': selfManaged(),
      'per-client-throttling': selfManaged(),
      caching: selfManaged(),
      'request-validation': selfManaged(),
      waf: yes(APIGW_WAF, 'AWS WAF on the ALB in front'),
      'private-endpoint': partial(ALB_LB, 'internal ALB: reachable only from inside the VPC'),
      mtls: selfManaged(),
      'lambda-authorizer': selfManaged('a plugin can call Lambda; not an API Gateway authorizer'),
      'jwt-authorizer': selfManaged(),
      'iam-auth': selfManaged('SigV4 checks are the gateway software’s job'),
      websocket: selfManaged(),
    },
    integrationTimeout: { text: 'configurable (ALB idle timeout up to 4,000 s)', source: ALB_LB },
    payloadLimit: { text: 'configurable', source: ALB_LB },
  },
};

/** Does this support level meet a stated need? Partial and self-managed do, with their note. */
export function meets(s: Support): boolean {
  return s !== 'no';
}

/** A need and where it came from: the user's list, or an input that implies it (WAF rules → waf). */
export interface Need {
  id: NeedId;
  origin: string;
}

export interface UnmetNeed {
  need: NeedId;
  reason: string;
  source: string;
}

/**
 * The capabilities of an option built from several API Gateway types (a scenario's "apigw"):
 * a feature is there when any of its API types has it (the scenario chose each API's type).
 */
export function combine(kinds: CapabilityKind[]): OptionCapabilities {
  const first = CAPABILITIES[kinds[0] ?? 'rest'];
  if (kinds.length <= 1) return first;
  const order: Support[] = ['yes', 'partial', 'self-managed', 'no'];
  const features = {} as Record<NeedId, CapabilityFact>;
  for (const id of NEED_IDS) {
    const facts = kinds.map((k) => CAPABILITIES[k].features[id]);
    const best = facts.reduce((a, b) => (order.indexOf(b.support) < order.indexOf(a.support) ? b : a));
    const who = kinds.filter((k) => CAPABILITIES[k].features[id].support === best.support);
    features[id] = { ...best, note: `${best.note ? `${best.note}; ` : ''}the ${who.join(', ')} APIs` };
  }
  return {
    features,
    integrationTimeout: { text: kinds.map((k) => `${k}: ${CAPABILITIES[k].integrationTimeout.text}`).join('; '), source: COMPARE },
    payloadLimit: { text: kinds.map((k) => `${k}: ${CAPABILITIES[k].payloadLimit.text}`).join('; '), source: COMPARE },
  };
}

/** The stated needs an option cannot meet, each with the documented reason. */
export function unmetNeeds(caps: OptionCapabilities, label: string, needs: Need[]): UnmetNeed[] {
  return needs
    .filter((n) => !meets(caps.features[n.id].support))
    .map((n) => {
      const f = caps.features[n.id];
      return {
        need: n.id,
        reason: `${label} has no ${NEED_LABELS[n.id]}${f.note ? ` (${f.note})` : ''}; needed: ${n.origin}`,
        source: f.source,
      };
    });
}

/** What an option lacks compared with a REST API (the features REST has and it does not). */
export function lacksComparedWithRest(caps: OptionCapabilities): NeedId[] {
  return NEED_IDS.filter((id) => CAPABILITIES.rest.features[id].support === 'yes' && caps.features[id].support === 'no');
}
