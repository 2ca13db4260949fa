import { Decimal, ZERO, min } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import { expectedMeteredUnits } from '../payload/metering.js';
import { provenance, type ApiShare, type Finding, type LineItem } from '../types.js';
import type { ApiWorkload, Workload } from '../workload.js';
import { bytesToGb, dataTransferBoundariesGb, dataTransferLines } from './data-transfer.js';
import { flatLine, priceBoundaries, tieredLines } from './tiers.js';
import { cloudWatchLines } from './cloudwatch.js';
import { NLB_ASSUMPTION, nlbLines } from './nlb.js';
import { apiKey, evenShares, withShares } from './shares.js';
import { botControlRequests, webAclLines } from './waf.js';

/** HTTP API requests are metered in 512 KB increments (AWS: a 4.5 MB request counts as 9). */
export const HTTP_METERING_BYTES = new Decimal(512 * 1024);
/** WebSocket messages are metered in 32 KB increments (AWS: a 33 KB message counts as 2). */
export const WS_METERING_BYTES = new Decimal(32 * 1024);
/** API Gateway payload limit, all API types (413 beyond). */
export const MAX_PAYLOAD_BYTES = new Decimal(10 * 1024 * 1024);
/** WebSocket message payload limit (connection closed with 1009 beyond). */
export const WS_MAX_MESSAGE_BYTES = new Decimal(128 * 1024);

/** The REST API cache sizes API Gateway accepts (`cacheClusterSize`, GB). */
export const CACHE_CLUSTER_SIZES_GB = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const;

/**
 * How API Gateway is used in an option. "rest" / "http": request traffic as that API type
 * (flag mode compares both); "as-configured": each API at the type its scenario declares.
 * WebSocket traffic (messages) is always a WebSocket API.
 */
export type ApigwMode = 'rest' | 'http' | 'as-configured';

/** Billable units per request or message: ceil(size / increment), at least 1. */
export function meteredUnits(bytes: Decimal, increment: Decimal): Decimal {
  const units = bytes.div(increment).ceil();
  return units.lt(1) ? new Decimal(1) : units;
}

/**
 * The request API type an API runs as in this option, or undefined. Scenario APIs run as the type
 * they declare, with or without traffic (an idle REST API still pays for its cache, endpoint and
 * WAF); in flag mode an API runs as the compared type when it has requests or asks for something
 * fixed (cache, private endpoint, WAF, VPC link).
 */
function requestType(api: ApiWorkload, mode: ApigwMode, w: Workload): 'rest' | 'http' | undefined {
  if (mode === 'as-configured') return api.type === 'websocket' ? undefined : api.type;
  const fixed =
    api.cacheSizeGb !== undefined ||
    api.privateEndpointAzs !== undefined ||
    api.wafRules !== undefined ||
    (w.vpcLinks ?? []).some((l) => l.apis.includes(api.name));
  return api.requestsPerMonth.isZero() && !fixed ? undefined : mode;
}

function isWebSocket(api: ApiWorkload): boolean {
  return api.type === 'websocket' || !api.messagesPerMonth.isZero() || !api.connectionMinutesPerMonth.isZero();
}

/** HTTP metered units per request: per request from a size distribution when given, else ⌈mean / 512 KB⌉. */
export function httpUnitsPerRequest(api: ApiWorkload): { value: Decimal; from: 'distribution' | 'mean'; atMost: boolean } {
  if (api.requestSizes) {
    const e = expectedMeteredUnits(api.requestSizes, HTTP_METERING_BYTES.toNumber(), MAX_PAYLOAD_BYTES.toNumber());
    return { value: e.value, from: 'distribution', atMost: e.atMost };
  }
  return { value: meteredUnits(api.requestBytes, HTTP_METERING_BYTES), from: 'mean', atMost: false };
}

/** WebSocket metered units per message: from a size distribution when given, else ⌈mean / 32 KB⌉. */
export function wsUnitsPerMessage(api: ApiWorkload): { value: Decimal; from: 'distribution' | 'mean'; atMost: boolean } {
  if (api.messageSizes) {
    const e = expectedMeteredUnits(api.messageSizes, WS_METERING_BYTES.toNumber(), WS_MAX_MESSAGE_BYTES.toNumber());
    return { value: e.value, from: 'distribution', atMost: e.atMost };
  }
  return { value: meteredUnits(api.messageBytes, WS_METERING_BYTES), from: 'mean', atMost: false };
}

/** Default share of WebSocket messages sent to clients (data transfer out), when not given: half. */
export const DEFAULT_WS_OUTBOUND_SHARE = new Decimal('0.5');

/** The monthly quantities API Gateway bills, aggregated per account and Region as AWS tiers them. */
export interface ApigwQuantities {
  restRequests: Decimal;
  /** HTTP requests after 512 KB metering. */
  httpMeteredRequests: Decimal;
  /** WebSocket messages after 32 KB metering. */
  wsMeteredMessages: Decimal;
  wsConnectionMinutes: Decimal;
  /** Response bytes leaving AWS to the internet (private APIs excluded), WebSocket messages sent to clients included. */
  dtoGb: Decimal;
  /** Each API's part of the tiered quantities above (for cost per API). */
  shares: { rest: ApiShare[]; http: ApiShare[]; ws: ApiShare[]; wsMinutes: ApiShare[]; dto: ApiShare[] };
  cache: { api: string; sizeGb: string }[];
  /** One `execute-api` interface endpoint per VPC, shared by the private APIs in it. */
  privateEndpoints: { name: string; apis: string[]; azs: number; gbProcessed: Decimal; gbByApi: ApiShare[] }[];
  /** REST API VPC links, each with its Network Load Balancer. */
  restVpcLinks: { name: string; apis: ApiWorkload[] }[];
  /** Metering per request: where the HTTP and WebSocket units came from. */
  metering: { api: string; what: 'HTTP' | 'WebSocket'; unitsPerRequest: Decimal; from: 'distribution' | 'mean'; atMost: boolean }[];
  findings: Finding[];
}

export function apigwQuantities(workload: Workload, mode: ApigwMode): ApigwQuantities {
  const q: ApigwQuantities = {
    restRequests: ZERO,
    httpMeteredRequests: ZERO,
    wsMeteredMessages: ZERO,
    wsConnectionMinutes: ZERO,
    dtoGb: ZERO,
    shares: { rest: [], http: [], ws: [], wsMinutes: [], dto: [] },
    cache: [],
    privateEndpoints: [],
    restVpcLinks: [],
    metering: [],
    findings: [],
  };
  let dtoBytes = ZERO;
  const endpoints = new Map<string, ApigwQuantities['privateEndpoints'][number]>();
  for (const api of workload.apis) {
    const key = apiKey(api);
    const type = requestType(api, mode, workload);
    let outBytes = ZERO;
    if (type === 'rest') {
      q.restRequests = q.restRequests.plus(api.requestsPerMonth);
      q.shares.rest.push({ api: key, weight: api.requestsPerMonth });
      if (api.cacheSizeGb !== undefined) q.cache.push({ api: key, sizeGb: api.cacheSizeGb });
    } else if (type === 'http') {
      const units = httpUnitsPerRequest(api);
      const metered = api.requestsPerMonth.times(units.value);
      q.httpMeteredRequests = q.httpMeteredRequests.plus(metered);
      q.shares.http.push({ api: key, weight: metered });
      if (!api.requestsPerMonth.isZero() || api.requestSizes)
        q.metering.push({ api: key, what: 'HTTP', unitsPerRequest: units.value, from: units.from, atMost: units.atMost });
      for (const [set, code, what] of [
        [api.cacheSizeGb !== undefined, 'CACHE_REST_ONLY', 'API caching'],
        [api.wafRules !== undefined, 'WAF_NOT_SUPPORTED', 'AWS WAF'],
        [api.privateEndpointAzs !== undefined, 'PRIVATE_API_REST_ONLY', 'private endpoints'],
      ] as const) {
        if (set)
          q.findings.push({
            code,
            level: 'warn',
            message: `${key}: HTTP APIs do not support ${what}; it is left out of the HTTP API option`,
          });
      }
    }
    if (type !== undefined) {
      if (type === 'rest' && api.privateEndpointAzs !== undefined) {
        const bytes = api.requestsPerMonth.times(api.requestBytes.plus(api.responseBytes));
        const vpc = api.privateVpc ?? key;
        const e = endpoints.get(vpc) ?? { name: vpc, apis: [], azs: 0, gbProcessed: ZERO, gbByApi: [] };
        if (e.apis.length && e.azs !== api.privateEndpointAzs) {
          q.findings.push({
            code: 'PRIVATE_ENDPOINT_AZS_DIFFER',
            level: 'info',
            message: `VPC ${vpc}: its APIs give different endpoint AZ counts (${e.azs} and ${api.privateEndpointAzs}); the one execute-api endpoint is priced in ${Math.max(e.azs, api.privateEndpointAzs)} AZs`,
          });
        }
        e.apis.push(key);
        e.azs = Math.max(e.azs, api.privateEndpointAzs);
        e.gbProcessed = e.gbProcessed.plus(bytesToGb(bytes));
        e.gbByApi.push({ api: key, weight: bytesToGb(bytes) });
        endpoints.set(vpc, e);
      } else {
        outBytes = outBytes.plus(api.requestsPerMonth.times(api.responseBytes));
      }
    }
    if (isWebSocket(api) && (!api.messagesPerMonth.isZero() || !api.connectionMinutesPerMonth.isZero())) {
      const units = wsUnitsPerMessage(api);
      const metered = api.messagesPerMonth.times(units.value);
      q.wsMeteredMessages = q.wsMeteredMessages.plus(metered);
      q.wsConnectionMinutes = q.wsConnectionMinutes.plus(api.connectionMinutesPerMonth);
      q.shares.ws.push({ api: key, weight: metered });
      q.shares.wsMinutes.push({ api: key, weight: api.connectionMinutesPerMonth });
      if (!api.messagesPerMonth.isZero())
        q.metering.push({ api: key, what: 'WebSocket', unitsPerRequest: units.value, from: units.from, atMost: units.atMost });
      outBytes = outBytes.plus(api.messagesPerMonth.times(api.messageBytes).times(api.wsOutboundShare ?? DEFAULT_WS_OUTBOUND_SHARE));
      if (api.wafRules !== undefined && api.requestsPerMonth.isZero()) {
        q.findings.push({
          code: 'WAF_NOT_SUPPORTED',
          level: 'warn',
          message: `${key}: AWS WAF cannot be attached to WebSocket APIs; it is left out`,
        });
      }
    }
    dtoBytes = dtoBytes.plus(outBytes);
    q.shares.dto.push({ api: key, weight: outBytes });
  }
  q.privateEndpoints = [...endpoints.values()];
  for (const link of workload.vpcLinks ?? []) {
    const apis = workload.apis.filter((a) => link.apis.includes(a.name) || link.apis.includes(apiKey(a)));
    const rest = apis.filter((a) => requestType(a, mode, workload) === 'rest');
    if (rest.length) q.restVpcLinks.push({ name: link.name, apis: rest });
  }
  q.dtoGb = bytesToGb(dtoBytes);
  return q;
}

/** Legacy 12-month free tier as its own negative line: the first N units at the first-tier price. */
function freeTierLine(book: PriceBook, allowanceId: string, used: Decimal): LineItem[] {
  if (used.isZero()) return [];
  const allowance = book.allowance(allowanceId);
  const price = book.get(allowance.appliesTo);
  const qty = min(allowance.quantity, used);
  const unitPrice = price.tiers[0]!.usdPerUnit;
  return [
    {
      component: allowance.description,
      tier: 'free tier (opt-in)',
      quantity: qty.negated(),
      unit: price.unit,
      unitPrice,
      cost: qty.times(unitPrice).negated(),
      source: {
        ...provenance(price),
        url: allowance.source.url,
        publicationDate: allowance.source.publicationDate,
        status: allowance.source.status,
      },
      note: 'legacy 12-month free tier (accounts created before 2025-07-15)',
    },
  ];
}

export interface ApigwCost {
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
}

export function apigwLines(workload: Workload, mode: ApigwMode, book: PriceBook): ApigwCost {
  const q = apigwQuantities(workload, mode);
  const free = workload.freeTier === 'legacy12m';
  const lines: LineItem[] = [];
  const hours = workload.shape.hoursPerMonth;
  const findings = [...q.findings];

  const typeOf = (a: ApiWorkload) => (isWebSocket(a) && a.requestsPerMonth.isZero() ? 'websocket' : requestType(a, mode, workload));
  const usesRest = workload.apis.some((a) => requestType(a, mode, workload) === 'rest');
  const usesHttp = workload.apis.some((a) => requestType(a, mode, workload) === 'http');
  if (usesRest) {
    lines.push(...withShares(tieredLines(book.get('apigw.rest.requests'), q.restRequests, 'REST API requests'), q.shares.rest));
    if (free) lines.push(...withShares(freeTierLine(book, 'free.apigw.rest.requests', q.restRequests), q.shares.rest));
  }
  const fromDistribution = q.metering.some((m) => m.from === 'distribution');
  if (usesHttp) {
    const how = q.metering.some((m) => m.what === 'HTTP' && m.from === 'distribution')
      ? 'metered per request from the payload distribution'
      : '512 KB metered';
    lines.push(
      ...withShares(tieredLines(book.get('apigw.http.requests'), q.httpMeteredRequests, `HTTP API requests (${how})`), q.shares.http),
    );
    if (free) lines.push(...withShares(freeTierLine(book, 'free.apigw.http.requests', q.httpMeteredRequests), q.shares.http));
  }
  const usesWs = workload.apis.some((a) => !a.messagesPerMonth.isZero() || !a.connectionMinutesPerMonth.isZero());
  if (usesWs) {
    const how = q.metering.some((m) => m.what === 'WebSocket' && m.from === 'distribution')
      ? 'metered per message from the payload distribution'
      : '32 KB metered';
    lines.push(
      ...withShares(tieredLines(book.get('apigw.websocket.messages'), q.wsMeteredMessages, `WebSocket messages (${how})`), q.shares.ws),
    );
    if (free) lines.push(...withShares(freeTierLine(book, 'free.apigw.websocket.messages', q.wsMeteredMessages), q.shares.ws));
    lines.push(
      ...withShares(
        [flatLine(book.get('apigw.websocket.connection-minutes'), q.wsConnectionMinutes, 'WebSocket connection minutes')],
        q.shares.wsMinutes,
      ),
    );
    if (free)
      lines.push(...withShares(freeTierLine(book, 'free.apigw.websocket.connection-minutes', q.wsConnectionMinutes), q.shares.wsMinutes));
  }
  for (const c of q.cache) {
    lines.push(
      ...withShares([flatLine(book.get(cachePriceId(c.sizeGb)), hours, `REST API cache ${c.sizeGb} GB (${c.api})`)], evenShares([c.api])),
    );
  }
  for (const p of q.privateEndpoints) {
    const label = p.apis.length === 1 && p.name === p.apis[0] ? p.name : `VPC ${p.name}: ${p.apis.join(', ')}`;
    lines.push(
      ...withShares(
        [
          flatLine(
            book.get('privatelink.endpoint-hours'),
            hours.times(p.azs),
            `Interface VPC endpoint execute-api, ${p.azs} AZ (${label})`,
          ),
        ],
        evenShares(p.apis),
      ),
    );
    lines.push(
      ...withShares(
        tieredLines(book.get('privatelink.data-processed'), p.gbProcessed, `Interface VPC endpoint data processed (${label})`),
        p.gbProcessed.isZero() ? evenShares(p.apis) : p.gbByApi,
      ),
    );
  }
  const waf = webAclLines(workload, (a) => requestType(a, mode, workload) === 'rest', book);
  lines.push(...waf.lines);
  findings.push(...waf.findings);
  for (const link of q.restVpcLinks) lines.push(...nlbLines(link.name, link.apis, workload, book));
  const cw = cloudWatchLines(workload, typeOf, book);
  lines.push(...cw.lines);
  findings.push(...cw.findings);
  lines.push(...withShares(dataTransferLines(q.dtoGb, workload, book), q.shares.dto));

  const assumptions = [
    'REST, HTTP and WebSocket tiers apply to the total of all APIs of that type in the account and Region (AWS bills tiers per usage type).',
  ];
  if (usesHttp)
    assumptions.push(
      q.metering.some((m) => m.what === 'HTTP' && m.from === 'distribution')
        ? 'HTTP API requests are metered per request in 512 KB increments: the expected units per request from the payload distribution, E[max(1, ⌈size / 512 KB⌉)]; APIs without a distribution use ⌈mean request size / 512 KB⌉.'
        : 'HTTP API requests are metered by request size in 512 KB increments: ceil(mean request size / 512 KB) units each (no payload distribution given; --payload meters each request).',
    );
  if (usesWs) {
    assumptions.push(
      q.metering.some((m) => m.what === 'WebSocket' && m.from === 'distribution')
        ? 'WebSocket messages (sent and received) are metered per message in 32 KB increments from the payload distribution.'
        : 'WebSocket messages (sent and received) are metered in 32 KB increments: ceil(mean message size / 32 KB) units each (no payload distribution given).',
    );
    const shares = [
      ...new Set(
        workload.apis.filter((a) => !a.messagesPerMonth.isZero()).map((a) => (a.wsOutboundShare ?? DEFAULT_WS_OUTBOUND_SHARE).toFixed()),
      ),
    ];
    if (shares.length)
      assumptions.push(
        `WebSocket data transfer out: the messages sent to clients (${shares.map((x) => `${new Decimal(x).times(100).toFixed()} %`).join(', ')} of the messages) leave AWS at the data transfer out price.`,
      );
  }
  for (const m of q.metering.filter((x) => x.from === 'distribution')) {
    findings.push({
      code: 'METERED_FROM_DISTRIBUTION',
      level: 'info',
      message: `${m.api}: ${m.what} ${m.what === 'HTTP' ? 'requests' : 'messages'} metered at ${m.atMost ? 'at most ' : ''}${m.unitsPerRequest.toDecimalPlaces(6).toFixed()} units each on average, from the payload distribution`,
    });
  }
  if (fromDistribution && q.metering.some((m) => m.atMost))
    assumptions.push(
      'Payload distributions that stop below 100 % place the rest at the largest size API Gateway accepts: the metered units are an upper value.',
    );
  assumptions.push(...waf.assumptions);
  if (q.restVpcLinks.length || (workload.vpcLinks ?? []).length) assumptions.push(NLB_ASSUMPTION);
  if (q.privateEndpoints.some((p) => p.apis.length > 1))
    assumptions.push('Private APIs in the same VPC share one execute-api interface endpoint (its AZ-hours once, its GB processed summed).');
  assumptions.push(...cw.assumptions);
  if (q.cache.length) assumptions.push(`REST cache runs all ${hours.toFixed()} hours of the month.`);
  if (workload.portals && (workload.portals.portals > 0 || workload.portals.products > 0)) {
    findings.push({
      code: 'PORTALS_NOT_PRICED',
      level: 'warn',
      message: `API Gateway portals (${workload.portals.portals} portals, ${workload.portals.products} portal products) are not priced: AWS bills them (per portal and per portal product, https://aws.amazon.com/api-gateway/pricing/), but no source the snapshots are built from gives a sourced price for this Region`,
    });
  }
  return { lines, assumptions, findings };
}

export function cachePriceId(sizeGb: string): string {
  return `apigw.rest.cache.${sizeGb.replace('.', '-')}gb`;
}

/**
 * Traffic scale factors s where the API Gateway cost's slope changes: every tier boundary and
 * free-tier end of each tiered quantity. All those quantities are proportional to s, so a
 * boundary b of a quantity q(1) = q is crossed at s = b / q; in between, the cost is linear in s.
 */
export function apigwBreakpoints(workload: Workload, mode: ApigwMode, book: PriceBook): Decimal[] {
  const q = apigwQuantities(workload, mode);
  const free = workload.freeTier === 'legacy12m';
  const pairs: [Decimal, Decimal[]][] = [];
  const boundaries = (id: string, freeId: string | undefined): Decimal[] => [
    ...(book.has(id) ? priceBoundaries(book.get(id)) : []),
    ...(free && freeId ? [book.allowance(freeId).quantity] : []),
  ];
  pairs.push([q.restRequests, boundaries('apigw.rest.requests', 'free.apigw.rest.requests')]);
  pairs.push([q.httpMeteredRequests, boundaries('apigw.http.requests', 'free.apigw.http.requests')]);
  pairs.push([q.wsMeteredMessages, boundaries('apigw.websocket.messages', 'free.apigw.websocket.messages')]);
  pairs.push([q.wsConnectionMinutes, free ? [book.allowance('free.apigw.websocket.connection-minutes').quantity] : []]);
  pairs.push([q.dtoGb, dataTransferBoundariesGb(workload, book)]);
  for (const p of q.privateEndpoints) pairs.push([p.gbProcessed, boundaries('privatelink.data-processed', undefined)]);
  const bot = botControlRequests(workload, (a) => requestType(a, mode, workload) === 'rest');
  pairs.push([bot.common, boundaries('waf.bot-control.common.requests', undefined)]);
  pairs.push([bot.targeted, boundaries('waf.bot-control.targeted.requests', undefined)]);
  return scaleBreakpoints(pairs);
}

/** For quantities q (at s = 1) and the boundaries where their price changes, the s of each crossing. */
export function scaleBreakpoints(pairs: [Decimal, Decimal[]][]): Decimal[] {
  const out: Decimal[] = [];
  for (const [q, bs] of pairs) {
    if (q.isZero()) continue;
    for (const b of bs) out.push(b.div(q));
  }
  return out;
}
