/**
 * Per API/stage CloudWatch figures (pure): the zero-vs-missing rule for per-period sums, error
 * rates, latency percentiles and the integration-timeout check.
 */
import type { Finding } from '../types.js';

/**
 * Integration timeouts: REST 29 s (raisable for Regional/private, L-E5AE38E3), WebSocket 29 s, HTTP 30 s.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */
export const INTEGRATION_TIMEOUT_MS = { rest: 29_000, websocket: 29_000, http: 30_000 } as const;
/** p99 at or above this share of the timeout is a risk. */
export const TIMEOUT_RISK_SHARE = 0.8;

export interface Coverage {
  /** Periods with a datapoint. */
  observed: number;
  /** Periods without a datapoint between the series' first and last datapoint: read as 0. */
  zeroFilled: number;
  /** Periods before the first or after the last datapoint (or all, with no datapoint): unknown. */
  missing: number;
  /** Index of the first missing period, -1 when none. */
  firstMissing: number;
}

/**
 * The zero-vs-missing rule, for a metric ListMetrics reports: API Gateway publishes no datapoint
 * for a period without traffic, so a period without a datapoint between the first and the last
 * datapoint of the window is zero (set to 0 here, and counted); before the first or after the
 * last datapoint the metric is not known to exist (stage not yet deployed, deleted, or data not
 * yet published): those periods stay NaN, missing data.
 */
export function fillInterior(v: Float64Array): Coverage {
  let first = -1;
  let last = -1;
  for (let p = 0; p < v.length; p++) {
    if (!Number.isNaN(v[p]!)) {
      if (first < 0) first = p;
      last = p;
    }
  }
  if (first < 0) return { observed: 0, zeroFilled: 0, missing: v.length, firstMissing: v.length ? 0 : -1 };
  let observed = 0;
  let zeroFilled = 0;
  for (let p = first; p <= last; p++) {
    if (Number.isNaN(v[p]!)) {
      v[p] = 0;
      zeroFilled++;
    } else observed++;
  }
  const missing = first + (v.length - 1 - last);
  return { observed, zeroFilled, missing, firstMissing: first > 0 ? 0 : last < v.length - 1 ? last + 1 : -1 };
}

/**
 * Per period, the larger of several series of the same events (an HTTP API's `4XXError` and
 * `4xx`, both listed around the rename): never added, so errors are not counted twice. NaN only
 * where every series is NaN.
 */
export function maxOf(series: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  for (const s of series)
    for (let p = 0; p < n; p++) if (!Number.isNaN(s[p]!) && (Number.isNaN(out[p]!) || s[p]! > out[p]!)) out[p] = s[p]!;
  return out;
}

/** Per period, the sum of series of different events (WebSocket `ExecutionError` + `IntegrationError`); NaN only where every series is NaN. */
export function sumOf(series: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  for (const s of series) for (let p = 0; p < n; p++) if (!Number.isNaN(s[p]!)) out[p] = (Number.isNaN(out[p]!) ? 0 : out[p]!) + s[p]!;
  return out;
}

export interface ErrorRate {
  /** CloudWatch metric names summed (or, for renamed ones, the larger per period). */
  metrics: string[];
  errors: number;
  requests: number;
  /** errors ÷ requests over the periods where both are known (observed or zero-filled); undefined when none are. */
  rate: number | undefined;
  /** Periods where both are known. */
  periods: number;
}

export function errorRate(metrics: string[], errors: Float64Array, requests: Float64Array): ErrorRate {
  let e = 0;
  let r = 0;
  let periods = 0;
  for (let p = 0; p < errors.length; p++) {
    if (Number.isNaN(errors[p]!) || Number.isNaN(requests[p]!)) continue;
    e += errors[p]!;
    r += requests[p]!;
    periods++;
  }
  return { metrics, errors: e, requests: r, rate: periods > 0 && r > 0 ? e / r : undefined, periods };
}

export interface Percentiles {
  p50: number | undefined;
  p90: number | undefined;
  p99: number | undefined;
  /** Maximum over the window (integration latency only: it closes the distribution for the timeout check). */
  max?: number | undefined;
}

export interface StageMetrics {
  api: string;
  apiType: 'rest' | 'http' | 'websocket' | undefined;
  endpointType: string | undefined;
  stage: string;
  /** Requests (REST/HTTP `Count`) or messages (WebSocket `MessageCount`) over the known periods. */
  requests: { metric: string; total: number } | undefined;
  /** undefined: no such metric listed for the stage (the rate is unknown, not 0). */
  errors4xx: ErrorRate | undefined;
  errors5xx: ErrorRate | undefined;
  /**
   * WebSocket `IntegrationError`: integration responses with a 4XX or a 5XX status
   * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html),
   * so neither a 4XX nor a 5XX count on its own. Absent for REST and HTTP APIs.
   */
  integrationErrors?: ErrorRate | undefined;
  /** Milliseconds, over the whole window; undefined: not listed. Values undefined: listed, no datapoint. */
  latency: Percentiles | undefined;
  integrationLatency: Percentiles | undefined;
  /** HTTP APIs: bytes over the known periods; undefined: not listed. */
  dataProcessedBytes: number | undefined;
  /** Metrics expected for this type of API that ListMetrics did not list. */
  notListed: string[];
}

export function timeoutMs(s: Pick<StageMetrics, 'apiType' | 'endpointType'>, restRaisedMs?: number): number {
  if (s.apiType === 'http') return INTEGRATION_TIMEOUT_MS.http;
  if (s.apiType === 'websocket') return INTEGRATION_TIMEOUT_MS.websocket;
  // the raisable quota applies to Regional and private REST APIs only
  if (restRaisedMs !== undefined && (s.endpointType === 'REGIONAL' || s.endpointType === 'PRIVATE')) return restRaisedMs;
  return INTEGRATION_TIMEOUT_MS.rest;
}

/** INTEGRATION_TIMEOUT_RISK when integration latency p99 is at least 80 % of the timeout (warn) or at or over it (error). */
export function timeoutFindings(stages: readonly StageMetrics[], restRaisedMs?: number): Finding[] {
  const out: Finding[] = [];
  for (const s of stages) {
    const p99 = s.integrationLatency?.p99;
    if (p99 === undefined) continue;
    const t = timeoutMs(s, restRaisedMs);
    if (p99 < TIMEOUT_RISK_SHARE * t) continue;
    const over = p99 >= t;
    out.push({
      code: 'INTEGRATION_TIMEOUT_RISK',
      level: over ? 'error' : 'warn',
      message: `${s.api}/${s.stage}: integration latency p99 ${fmtMs(p99)} is ${over ? 'at or over' : `${Math.floor((100 * p99) / t)} % of`} the ${t / 1000} s integration timeout${s.integrationLatency?.max !== undefined ? ` (max ${fmtMs(s.integrationLatency.max)})` : ''}: ${over ? 'at least 1 % of integration calls time out with 504' : 'the slowest 1 % of integration calls come close to a 504'}; make them asynchronous or faster`,
    });
  }
  return out;
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}
