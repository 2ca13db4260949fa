import { Decimal, ZERO, min } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import { provenance, type Finding, type LineItem } from '../types.js';
import type { ApiWorkload, Workload } from '../workload.js';
import { bytesToGb, dataTransferBoundariesGb, dataTransferLines } from './data-transfer.js';
import { flatLine, priceBoundaries, tieredLines } from './tiers.js';
import { WAF_ASSUMPTION, wafLines } from './waf.js';

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

function requestType(api: ApiWorkload, mode: ApigwMode): 'rest' | 'http' | undefined {
  if (api.requestsPerMonth.isZero()) return undefined;
  if (mode === 'as-configured') return api.type === 'websocket' ? undefined : api.type;
  return mode;
}

/** The monthly quantities API Gateway bills, aggregated per account and Region as AWS tiers them. */
export interface ApigwQuantities {
  restRequests: Decimal;
  /** HTTP requests after 512 KB metering. */
  httpMeteredRequests: Decimal;
  /** WebSocket messages after 32 KB metering. */
  wsMeteredMessages: Decimal;
  wsConnectionMinutes: Decimal;
  /** Response bytes leaving AWS to the internet (private APIs excluded). */
  dtoGb: Decimal;
  cache: { api: string; sizeGb: string }[];
  privateEndpoints: { api: string; azs: number; gbProcessed: Decimal }[];
  /** WAF on REST stages: the largest rule count, and requests inspected. */
  waf: { rules: number; requests: Decimal } | undefined;
  findings: Finding[];
}

export function apigwQuantities(workload: Workload, mode: ApigwMode): ApigwQuantities {
  const q: ApigwQuantities = {
    restRequests: ZERO,
    httpMeteredRequests: ZERO,
    wsMeteredMessages: ZERO,
    wsConnectionMinutes: ZERO,
    dtoGb: ZERO,
    cache: [],
    privateEndpoints: [],
    waf: undefined,
    findings: [],
  };
  let dtoBytes = ZERO;
  for (const api of workload.apis) {
    const type = requestType(api, mode);
    if (type === 'rest') {
      q.restRequests = q.restRequests.plus(api.requestsPerMonth);
      if (api.cacheSizeGb !== undefined) q.cache.push({ api: api.name, sizeGb: api.cacheSizeGb });
      if (api.wafRules !== undefined) {
        const rules = Math.max(api.wafRules, q.waf?.rules ?? 0);
        q.waf = { rules, requests: (q.waf?.requests ?? ZERO).plus(api.requestsPerMonth) };
      }
    } else if (type === 'http') {
      q.httpMeteredRequests = q.httpMeteredRequests.plus(api.requestsPerMonth.times(meteredUnits(api.requestBytes, HTTP_METERING_BYTES)));
      for (const [set, code, what] of [
        [api.cacheSizeGb !== undefined, 'CACHE_REST_ONLY', 'API caching'],
        [api.wafRules !== undefined, 'WAF_NOT_SUPPORTED', 'AWS WAF'],
        [api.privateEndpointAzs !== undefined, 'PRIVATE_API_REST_ONLY', 'private endpoints'],
      ] as const) {
        if (set)
          q.findings.push({
            code,
            level: 'warn',
            message: `${api.name}: HTTP APIs do not support ${what}; it is left out of the HTTP API option`,
          });
      }
    }
    if (type !== undefined) {
      if (type === 'rest' && api.privateEndpointAzs !== undefined) {
        const bytes = api.requestsPerMonth.times(api.requestBytes.plus(api.responseBytes));
        q.privateEndpoints.push({ api: api.name, azs: api.privateEndpointAzs, gbProcessed: bytesToGb(bytes) });
      } else {
        dtoBytes = dtoBytes.plus(api.requestsPerMonth.times(api.responseBytes));
      }
    }
    if (!api.messagesPerMonth.isZero() || !api.connectionMinutesPerMonth.isZero()) {
      q.wsMeteredMessages = q.wsMeteredMessages.plus(api.messagesPerMonth.times(meteredUnits(api.messageBytes, WS_METERING_BYTES)));
      q.wsConnectionMinutes = q.wsConnectionMinutes.plus(api.connectionMinutesPerMonth);
      if (api.wafRules !== undefined && api.requestsPerMonth.isZero()) {
        q.findings.push({
          code: 'WAF_NOT_SUPPORTED',
          level: 'warn',
          message: `${api.name}: AWS WAF cannot be attached to WebSocket APIs; it is left out`,
        });
      }
    }
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

  const usesRest = workload.apis.some((a) => requestType(a, mode) === 'rest');
  const usesHttp = workload.apis.some((a) => requestType(a, mode) === 'http');
  if (usesRest) {
    lines.push(...tieredLines(book.get('apigw.rest.requests'), q.restRequests, 'REST API requests'));
    if (free) lines.push(...freeTierLine(book, 'free.apigw.rest.requests', q.restRequests));
  }
  if (usesHttp) {
    lines.push(...tieredLines(book.get('apigw.http.requests'), q.httpMeteredRequests, 'HTTP API requests (512 KB metered)'));
    if (free) lines.push(...freeTierLine(book, 'free.apigw.http.requests', q.httpMeteredRequests));
  }
  const usesWs = workload.apis.some((a) => !a.messagesPerMonth.isZero() || !a.connectionMinutesPerMonth.isZero());
  if (usesWs) {
    lines.push(...tieredLines(book.get('apigw.websocket.messages'), q.wsMeteredMessages, 'WebSocket messages (32 KB metered)'));
    if (free) lines.push(...freeTierLine(book, 'free.apigw.websocket.messages', q.wsMeteredMessages));
    lines.push(flatLine(book.get('apigw.websocket.connection-minutes'), q.wsConnectionMinutes, 'WebSocket connection minutes'));
    if (free) lines.push(...freeTierLine(book, 'free.apigw.websocket.connection-minutes', q.wsConnectionMinutes));
  }
  for (const c of q.cache) {
    lines.push(flatLine(book.get(cachePriceId(c.sizeGb)), hours, `REST API cache ${c.sizeGb} GB (${c.api})`));
  }
  for (const p of q.privateEndpoints) {
    lines.push(flatLine(book.get('privatelink.endpoint-hours'), hours.times(p.azs), `Interface VPC endpoint, ${p.azs} AZ (${p.api})`));
    lines.push(...tieredLines(book.get('privatelink.data-processed'), p.gbProcessed, `Interface VPC endpoint data processed (${p.api})`));
  }
  if (q.waf) lines.push(...wafLines(q.waf.rules, q.waf.requests, book));
  lines.push(...dataTransferLines(q.dtoGb, workload, book));

  const assumptions = [
    'REST, HTTP and WebSocket tiers apply to the total of all APIs of that type in the account and Region (AWS bills tiers per usage type).',
  ];
  if (usesHttp)
    assumptions.push('HTTP API requests are metered by request size in 512 KB increments: ceil(mean request size / 512 KB) units each.');
  if (usesWs) {
    assumptions.push('WebSocket messages (sent and received) are metered in 32 KB increments: ceil(mean message size / 32 KB) units each.');
    assumptions.push('WebSocket data transfer out is not included.');
  }
  if (q.waf) assumptions.push(WAF_ASSUMPTION);
  if (q.cache.length) assumptions.push(`REST cache runs all ${hours.toFixed()} hours of the month.`);
  return { lines, assumptions, findings: q.findings };
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
