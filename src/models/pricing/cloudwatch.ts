import { Decimal, ZERO, sum } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import type { ApiShare, Finding, LineItem } from '../types.js';
import type { ApiWorkload, Workload } from '../workload.js';
import { BYTES_PER_GB } from './data-transfer.js';
import { apiKey, withShares } from './shares.js';
import { tieredLines } from './tiers.js';

/**
 * CloudWatch for API Gateway (https://aws.amazon.com/cloudwatch/pricing/): execution and access
 * logs ingested into CloudWatch Logs (per GB) and stored (per GB-month) for their retention, and
 * detailed metrics, which API Gateway publishes per method or route and CloudWatch bills as custom
 * metrics (tiered per account: the per-metric price falls at 10,000, 250,000 and 1,000,000).
 */

/** Metrics per method (REST) or route (HTTP, WebSocket) with detailed metrics on (API Gateway's metric lists). */
export function metricsPerMethod(api: ApiWorkload, type: 'rest' | 'http' | 'websocket'): number {
  // REST: Count, 4XXError, 5XXError, Latency, IntegrationLatency, plus CacheHitCount and CacheMissCount with a cache
  if (type === 'rest') return api.cacheSizeGb !== undefined ? 7 : 5;
  // HTTP: Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed
  if (type === 'http') return 6;
  // WebSocket: MessageCount, ClientError, ExecutionError, IntegrationError, IntegrationLatency
  return 5;
}

/** Days of logs held at steady state: the retention, or twelve months' worth when logs never expire (said in the assumptions). */
const NEVER_EXPIRE_MONTHS = 12;

export interface CloudWatchParts {
  lines: LineItem[];
  assumptions: string[];
  findings: Finding[];
}

/**
 * Logs and detailed-metric lines for the APIs an option runs, each API with the type it runs as
 * (`typeOf`; undefined: not run here). Log volume: bytes per request (or per message for WebSocket)
 * × requests; execution logs at ERROR only for the share of requests that fail. Storage at steady
 * state holds `retentionDays` of ingestion, billed on the ingested bytes (an upper value: CloudWatch
 * bills archived logs compressed).
 */
export function cloudWatchLines(
  w: Workload,
  typeOf: (api: ApiWorkload) => 'rest' | 'http' | 'websocket' | undefined,
  book: PriceBook,
): CloudWatchParts {
  const findings: Finding[] = [];
  const ingest: ApiShare[] = [];
  const stored: ApiShare[] = [];
  const metrics: ApiShare[] = [];
  const daysPerMonth = w.shape.hoursPerMonth.div(24);
  let never = false;
  for (const api of w.apis) {
    const type = typeOf(api);
    if (!type) continue;
    const key = apiKey(api);
    const units = type === 'websocket' ? api.messagesPerMonth : api.requestsPerMonth;
    if (api.logs) {
      let bytes = ZERO;
      if (api.logs.access) bytes = bytes.plus(units.times(api.logs.access.bytesPerRequest));
      const ex = api.logs.execution;
      if (ex && type === 'http') {
        findings.push({
          code: 'EXECUTION_LOGS_NOT_SUPPORTED',
          level: 'warn',
          message: `${key}: HTTP APIs write no execution logs (access logs only); the execution logs are left out of the HTTP API option`,
        });
      } else if (ex) {
        const share = ex.level === 'info' ? new Decimal(1) : (ex.errorShare ?? ZERO);
        bytes = bytes.plus(units.times(share).times(ex.bytesPerRequest));
      }
      const gb = bytes.div(BYTES_PER_GB);
      ingest.push({ api: key, weight: gb });
      const keptDays = api.logs.retentionDays === 'never' ? daysPerMonth.times(NEVER_EXPIRE_MONTHS) : new Decimal(api.logs.retentionDays);
      if (api.logs.retentionDays === 'never') never = true;
      stored.push({ api: key, weight: gb.times(keptDays).div(daysPerMonth) });
    }
    if (api.detailedMetrics && api.detailedMetrics.methods > 0) {
      metrics.push({ api: key, weight: new Decimal(api.detailedMetrics.methods * metricsPerMethod(api, type)) });
    }
  }
  const lines: LineItem[] = [];
  const assumptions: string[] = [];
  if (ingest.length) {
    lines.push(
      ...withShares(
        tieredLines(
          book.get('cloudwatch.logs.ingestion'),
          sum(ingest.map((s) => s.weight)),
          'CloudWatch Logs ingestion (execution and access logs)',
        ),
        ingest,
      ),
      ...withShares(
        tieredLines(
          book.get('cloudwatch.logs.storage'),
          sum(stored.map((s) => s.weight)),
          'CloudWatch Logs storage (retention, steady state)',
        ),
        stored,
      ),
    );
    assumptions.push(
      `CloudWatch Logs: standard log class; GB of 2^30 bytes; storage at steady state holds each log group's retention (${daysPerMonth.toDecimalPlaces(4).toFixed()} days a month), billed on the ingested size (an upper value: archived logs are billed compressed); the free tier (5 GB a month, account-wide) is not applied.`,
    );
    if (never)
      assumptions.push(
        `CloudWatch Logs that never expire grow every month: their storage is priced after ${NEVER_EXPIRE_MONTHS} months of ingestion.`,
      );
  }
  if (metrics.length) {
    lines.push(
      ...withShares(
        tieredLines(
          book.get('cloudwatch.metrics.custom'),
          sum(metrics.map((s) => s.weight)),
          'CloudWatch detailed metrics (billed as custom metrics)',
        ),
        metrics,
      ),
    );
    assumptions.push(
      'Detailed CloudWatch metrics: per method (REST: 5 metrics, 7 with a cache) or route (HTTP: 6, WebSocket: 5), each a custom metric for the whole month (metrics are prorated by the hour they are published: a method without traffic for hours costs less); tiers are account-wide; the free tier (10 metrics) is not applied.',
    );
  }
  return { lines, assumptions, findings };
}
