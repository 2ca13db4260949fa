import { Decimal, ZERO } from '../money/decimal.js';
import { DEFAULT_SELF_HOSTED } from '../models/alternatives/self-hosted.js';
import { ESTIMATE_DEFAULTS } from '../models/defaults.js';
import type { Alternatives, ApiWorkload, TrafficShape, Workload } from '../models/workload.js';

/**
 * Every default the estimate uses, in one place. Each is printed as an assumption when it
 * was not given, and documented in the README ("Defaults").
 */
export const DEFAULTS = ESTIMATE_DEFAULTS;

export function defaultShape(): TrafficShape {
  return {
    hoursPerMonth: new Decimal(DEFAULTS.hoursPerMonth),
    peakToAverage: new Decimal(DEFAULTS.peakToAverage),
    peakHoursPerDay: new Decimal(DEFAULTS.peakHoursPerDay),
    requestsPerConnection: new Decimal(DEFAULTS.requestsPerConnection),
    connectionSeconds: new Decimal(DEFAULTS.connectionSeconds),
  };
}

/** An API workload with no traffic; callers set what they have. */
export function emptyApi(name: string, type: ApiWorkload['type'] = undefined): ApiWorkload {
  return {
    name,
    type,
    requestsPerMonth: ZERO,
    requestBytes: new Decimal(DEFAULTS.requestBytes),
    responseBytes: new Decimal(DEFAULTS.responseBytes),
    maxRequestBytes: new Decimal(DEFAULTS.requestBytes),
    maxResponseBytes: new Decimal(DEFAULTS.responseBytes),
    messagesPerMonth: ZERO,
    messageBytes: new Decimal(DEFAULTS.messageBytes),
    connectionMinutesPerMonth: ZERO,
    cacheSizeGb: undefined,
    privateEndpointAzs: undefined,
    wafRules: undefined,
  };
}

export function baseWorkload(apis: ApiWorkload[], overrides: Partial<Workload> = {}): Workload {
  return {
    region: DEFAULTS.region,
    shape: defaultShape(),
    apis,
    freeTier: DEFAULTS.freeTier,
    dataTransfer: { pricing: DEFAULTS.dtoPricing, freeAllowance: false },
    ...overrides,
  };
}

export function defaultAlternatives(): Alternatives {
  return {
    alb: { rules: DEFAULTS.albRules, targetType: DEFAULTS.albTargetType, publicIpv4Addresses: DEFAULTS.albPublicIpv4 },
    sso: {
      provider: DEFAULTS.ssoProvider,
      cognitoPlan: DEFAULTS.cognitoPlan,
      mau: new Decimal(DEFAULTS.mau),
      m2mAppClients: DEFAULTS.m2mClients,
      m2mTokenRequestsPerMonth: new Decimal(DEFAULTS.m2mTokens),
      oidcUsdPerMau: new Decimal(DEFAULTS.oidcPricePerMau),
      oidcProviderName: 'external OIDC provider',
    },
    // the self-hosted model owns its defaults (with the benchmark they come from)
    selfHosted: { ...DEFAULT_SELF_HOSTED, fargate: { ...DEFAULT_SELF_HOSTED.fargate } },
  };
}
