import { dec, type Decimal } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import { tieredLines } from '../pricing/tiers.js';
import type { Finding, LineItem } from '../types.js';
import { meteredMultiplier, shareAbove, type Distribution, type Share } from './distribution.js';

/** Sizes use binary units: 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes (assumption, printed). */
export const KB = 1024;
export const MB = 1024 * 1024;

/**
 * Limits: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html;
 * metering (512 KB HTTP requests, 32 KB WebSocket messages): https://aws.amazon.com/api-gateway/pricing/
 */
export const LIMITS = {
  payload: 10 * MB, // REST and HTTP: 413 REQUEST_TOO_LARGE
  wsMessage: 128 * KB, // WebSocket: connection closed (1009)
  wsFrame: 32 * KB,
  albLambda: 1 * MB, // ALB → Lambda request body / response JSON
  httpMeterUnit: 512 * KB,
  wsMeterUnit: 32 * KB,
  timeoutRestWsMs: 29_000, // REST (default, raisable for Regional/private) and WebSocket
  timeoutHttpMs: 30_000,
} as const;

export type PayloadApiType = 'rest' | 'http' | 'websocket';

export interface PayloadInput {
  apiType: PayloadApiType;
  requests: Distribution | undefined;
  responses: Distribution | undefined;
  messages: Distribution | undefined;
  integrationLatencyMs: Distribution | undefined;
  requestsPerMonth: number | undefined;
  messagesPerMonth: number | undefined;
}

export interface ShareRow {
  what: string;
  limit: string;
  share: Share;
  consequence: string;
}

export interface PayloadReport {
  apiType: PayloadApiType;
  rows: ShareRow[];
  /** Metered units per request (HTTP) or per message (WebSocket). */
  multiplier: { what: string; value: number; atMost: boolean; unit: string } | undefined;
  cost: { quantity: Decimal; billedQuantity: Decimal; lines: LineItem[]; unmeteredCost: Decimal; meteredCost: Decimal } | undefined;
  findings: Finding[];
  assumptions: string[];
}

const pctText = (s: Share): string => `${s.atMost ? '≤ ' : ''}${(100 * s.value).toPrecision(3)} %`;

export function analysePayloads(input: PayloadInput, prices: PriceBook | undefined): PayloadReport {
  const rows: ShareRow[] = [];
  const findings: Finding[] = [];
  const ws = input.apiType === 'websocket';
  const add = (what: string, d: Distribution | undefined, limit: number, limitText: string, consequence: string): Share | undefined => {
    if (!d) return undefined;
    const share = shareAbove(d, limit);
    rows.push({ what, limit: limitText, share, consequence });
    return share;
  };
  const s3 =
    'send large bodies straight to S3 with a pre-signed URL (API Gateway returns the URL; the client PUTs/GETs the object) instead of through API Gateway';
  if (!ws) {
    const req = add('requests', input.requests, LIMITS.payload, '10 MB', '413 REQUEST_TOO_LARGE');
    if (req && req.value > 0)
      findings.push({
        code: 'PAYLOAD_OVER_LIMIT',
        level: 'error',
        message: `${pctText(req)} of requests exceed the 10 MB payload limit and get 413; ${s3}`,
      });
    const res = add('responses', input.responses, LIMITS.payload, '10 MB', 'response cannot be returned');
    if (res && res.value > 0)
      findings.push({
        code: 'PAYLOAD_OVER_LIMIT',
        level: 'error',
        message: `${pctText(res)} of responses exceed the 10 MB payload limit; return a pre-signed S3 GET URL instead`,
      });
    const albReq = add('requests (ALB → Lambda)', input.requests, LIMITS.albLambda, '1 MB', 'fails behind an ALB with a Lambda target');
    const albRes = add('responses (ALB → Lambda)', input.responses, LIMITS.albLambda, '1 MB', 'fails behind an ALB with a Lambda target');
    const alb = Math.max(albReq?.value ?? 0, albRes?.value ?? 0);
    if (alb > 0)
      findings.push({
        code: 'PAYLOAD_OVER_ALB_LAMBDA_LIMIT',
        level: 'info',
        message: `up to ${(100 * alb).toPrecision(3)} % of bodies exceed 1 MB: an ALB with a Lambda target could not carry them (it can with EC2/IP targets); ${s3}`,
      });
  } else {
    const msg = add('messages', input.messages, LIMITS.wsMessage, '128 KB', 'connection closed (1009)');
    if (msg && msg.value > 0)
      findings.push({
        code: 'WS_MESSAGE_OVER_LIMIT',
        level: 'error',
        message: `${pctText(msg)} of WebSocket messages exceed 128 KB: API Gateway closes the connection; ${s3}`,
      });
    const frame = add('messages (frames)', input.messages, LIMITS.wsFrame, '32 KB', 'must be split into frames ≤ 32 KB');
    if (frame && frame.value > 0)
      findings.push({
        code: 'WS_FRAME_OVER_LIMIT',
        level: 'warn',
        message: `${pctText(frame)} of WebSocket messages exceed 32 KB: clients must send them as several frames of at most 32 KB`,
      });
  }
  const timeoutMs = input.apiType === 'http' ? LIMITS.timeoutHttpMs : LIMITS.timeoutRestWsMs;
  const lat = add('integration latency', input.integrationLatencyMs, timeoutMs, `${timeoutMs / 1000} s`, '504 INTEGRATION_TIMEOUT');
  if (lat && lat.value > 0) {
    const hint =
      input.apiType === 'rest'
        ? ' (Regional and private REST APIs can raise it with quota L-E5AE38E3, possibly at the cost of account throttle)'
        : '';
    findings.push({
      code: 'INTEGRATION_TIMEOUT_RISK',
      level: 'warn',
      message: `${pctText(lat)} of integration calls take longer than the ${timeoutMs / 1000} s integration timeout and get 504${hint}; make them asynchronous or faster`,
    });
  }
  const multiplier = metering(input);
  const cost = multiplier && prices ? meteredCost(input, multiplier.value, prices) : undefined;
  if (multiplier && multiplier.value > 1) {
    findings.push({
      code: 'PAYLOAD_METERED_MULTIPLIER',
      level: 'info',
      message: `${multiplier.what} are metered in ${multiplier.unit} increments: ${multiplier.atMost ? 'at most ' : ''}×${multiplier.value.toFixed(4)} billed units per ${ws ? 'message' : 'request'}`,
    });
  }
  const assumptions = ['PAYLOAD_UNITS: 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes; distributions are linear between the given points'];
  if (!ws && input.apiType === 'http')
    assumptions.push(
      'PAYLOAD_METERING: HTTP API requests are metered on the request payload, ⌈size / 512 KB⌉ (pricing page example: a 4.5 MB request counts as 9)',
    );
  if (ws) assumptions.push('PAYLOAD_METERING: WebSocket messages are metered ⌈size / 32 KB⌉ (pricing page: a 33 KB message counts as 2)');
  return { apiType: input.apiType, rows, multiplier, cost, findings, assumptions };
}

function metering(input: PayloadInput): PayloadReport['multiplier'] {
  if (input.apiType === 'http' && input.requests) {
    const m = meteredMultiplier(input.requests, LIMITS.httpMeterUnit, LIMITS.payload);
    return { what: 'HTTP API requests', ...m, unit: '512 KB' };
  }
  if (input.apiType === 'websocket' && input.messages) {
    const m = meteredMultiplier(input.messages, LIMITS.wsMeterUnit, LIMITS.wsMessage);
    return { what: 'WebSocket messages', ...m, unit: '32 KB' };
  }
  return undefined;
}

/** Monthly cost with and without the size metering, through the price book's tiers. */
function meteredCost(input: PayloadInput, multiplier: number, prices: PriceBook): PayloadReport['cost'] {
  const ws = input.apiType === 'websocket';
  const volume = ws ? input.messagesPerMonth : input.requestsPerMonth;
  if (volume === undefined) return undefined;
  const price = prices.get(ws ? 'apigw.websocket.messages' : 'apigw.http.requests');
  const quantity = dec(Math.round(volume));
  // billed units are whole: the expected multiplier (6 decimals) times the volume, rounded up
  const billedQuantity = quantity.times(dec(multiplier.toFixed(6))).ceil();
  const lines = tieredLines(price, billedQuantity, ws ? 'WebSocket messages (metered 32 KB)' : 'HTTP API requests (metered 512 KB)');
  const meteredCostValue = lines.reduce((a, l) => a.plus(l.cost), dec(0));
  const unmetered = tieredLines(price, quantity, 'unmetered').reduce((a, l) => a.plus(l.cost), dec(0));
  return { quantity, billedQuantity, lines, unmeteredCost: unmetered, meteredCost: meteredCostValue };
}
