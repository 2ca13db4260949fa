import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { alignWindow, choosePeriod, MAX_DATAPOINTS_PER_CALL, planBatches, type PeriodChoice } from '../../models/cloudwatch/plan.js';
import type { SeriesMeta } from '../../models/throttling/config.js';
import type { TrafficGrid } from '../../models/throttling/report.js';
import type { ApiInfo } from './apigateway.js';
import { clientConfig, mustRead, readOrDeny, type AwsSession } from './session.js';

const NS = 'AWS/ApiGateway';

/** Metric names API Gateway publishes (REST: 4XXError/5XXError; HTTP: 4xx/5xx, older docs 4XXError; WebSocket: MessageCount, ConnectCount…). */
export const TRAFFIC_METRICS = ['Count', 'MessageCount', 'ConnectCount'] as const;
export const DETAIL_METRICS = ['4XXError', '5XXError', '4xx', '5xx', 'Latency', 'IntegrationLatency', 'DataProcessed', 'ClientError', 'IntegrationError', 'ExecutionError'] as const;

export interface DiscoveredMetric {
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  /** The API this metric belongs to (by ApiName for REST, ApiId for HTTP/WebSocket). */
  api: ApiInfo | undefined;
  apiKey: string;
  stage: string | undefined;
  route: string | undefined;
}

/** ListMetrics over the API Gateway namespace: what exists, with the dimensions it really has. */
export async function discoverMetrics(s: AwsSession, cw: CloudWatchClient, apis: readonly ApiInfo[]): Promise<DiscoveredMetric[] | undefined> {
  const byName = new Map(apis.filter((a) => a.type === 'rest').map((a) => [a.name, a]));
  const byId = new Map(apis.filter((a) => a.type !== 'rest').map((a) => [a.id, a]));
  const wanted = new Set<string>([...TRAFFIC_METRICS, ...DETAIL_METRICS]);
  return readOrDeny(s, 'cloudwatch:ListMetrics', async () => {
    const out: DiscoveredMetric[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await cw.send(new ListMetricsCommand({ Namespace: NS, NextToken }));
      pages++;
      for (const m of page.Metrics ?? []) {
        if (!m.MetricName || !wanted.has(m.MetricName)) continue;
        const dims = (m.Dimensions ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' }));
        const get = (n: string) => dims.find((d) => d.Name === n)?.Value;
        const apiName = get('ApiName');
        const apiId = get('ApiId');
        const api = apiName !== undefined ? byName.get(apiName) : apiId !== undefined ? byId.get(apiId) : undefined;
        const method = get('Method');
        const resource = get('Resource');
        const route = get('Route') ?? (method && resource ? `${method} ${resource}` : undefined);
        out.push({ metricName: m.MetricName, dimensions: dims, api, apiKey: apiName ?? apiId ?? '?', stage: get('Stage'), route });
      }
      NextToken = page.NextToken;
      if (pages % 10 === 0) s.progress(`ListMetrics: ${pages} pages…`);
    } while (NextToken);
    return out;
  });
}

export interface SeriesRequest {
  id: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  stat: string;
}

export interface FetchResult {
  /** One array per request, NaN where CloudWatch returned no datapoint (missing data, not zero). */
  values: Float64Array[];
  calls: number;
  startMs: number;
  periodSeconds: number;
  points: number;
}

/**
 * GetMetricData for many series: batches of at most 500 queries chosen to minimise calls, each
 * followed through NextToken (CloudWatch pages at 100,800 datapoints).
 */
export async function fetchSeries(s: AwsSession, cw: CloudWatchClient, reqs: readonly SeriesRequest[], window: { startMs: number; endMs: number; periodSeconds: number }): Promise<FetchResult> {
  const w = alignWindow(window.startMs, window.endMs, window.periodSeconds);
  const values = reqs.map(() => new Float64Array(w.points).fill(Number.NaN));
  const plan = planBatches(reqs.length, w.points);
  let calls = 0;
  let done = 0;
  let offset = 0;
  for (const size of plan.batches) {
    const batch = reqs.slice(offset, offset + size);
    const index = new Map(batch.map((r, i) => [`q${i}`, offset + i]));
    const queries: MetricDataQuery[] = batch.map((r, i) => ({
      Id: `q${i}`,
      MetricStat: { Metric: { Namespace: NS, MetricName: r.metricName, Dimensions: r.dimensions }, Period: w.points > 0 ? window.periodSeconds : 60, Stat: r.stat },
      ReturnData: true,
    }));
    let NextToken: string | undefined;
    do {
      const page = await mustRead(s, 'cloudwatch:GetMetricData', () =>
        cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(w.startMs), EndTime: new Date(w.endMs), ScanBy: 'TimestampAscending', MaxDatapoints: MAX_DATAPOINTS_PER_CALL, NextToken })),
      );
      calls++;
      for (const r of page.MetricDataResults ?? []) {
        const k = index.get(r.Id ?? '');
        if (k === undefined) continue;
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let i = 0; i < ts.length; i++) {
          const p = (ts[i]!.getTime() - w.startMs) / (window.periodSeconds * 1000);
          if (Number.isInteger(p) && p >= 0 && p < w.points && vs[i] !== undefined) values[k]![p] = vs[i]!;
        }
      }
      NextToken = page.NextToken;
    } while (NextToken);
    offset += size;
    done += size;
    if (plan.batches.length > 1 || calls > 3) s.progress(`GetMetricData: ${done}/${reqs.length} series, ${calls} calls`);
  }
  return { values, calls, startMs: w.startMs, periodSeconds: window.periodSeconds, points: w.points };
}

export interface CloudWatchTraffic {
  /** The same plain data src/traffic/series.ts builds from a file. */
  grid: TrafficGrid;
  gaps: Array<{ series: string; periods: number; firstMs: number }>;
  file: string;
  period: PeriodChoice;
  calls: number;
  /** Series that exist (ListMetrics) but had no datapoint at all in the window. */
  empty: string[];
  /** Totals over the window, per API type (Count for REST/HTTP, MessageCount for WebSocket). */
  totals: { rest: number; http: number; websocketMessages: number; websocketConnects: number };
  /** Region-wide peak period (sum of every stage's Count and MessageCount). */
  peak: { sum: number; periodSeconds: number; atMs: number } | undefined;
  peakConnects: { sum: number; periodSeconds: number; atMs: number } | undefined;
  windowMs: number;
}

function seriesName(m: SeriesMeta): string {
  return [m.api && `api=${m.api}`, m.stage && `stage=${m.stage}`, m.route && `route=${m.route}`].filter(Boolean).join(' ') || 'all traffic';
}

/**
 * Request counts per stage (or per route with `byRoute`, where detailed metrics exist) for the
 * last `days` days, at the finest period retention allows.
 */
export async function readCloudWatchTraffic(s: AwsSession, apis: readonly ApiInfo[], o: { days: number; nowMs: number; byRoute?: boolean; api?: string }): Promise<CloudWatchTraffic | undefined> {
  const cw = new CloudWatchClient(clientConfig(s));
  try {
    s.progress('discovering API Gateway metrics (ListMetrics)…');
    const found = await discoverMetrics(s, cw, apis);
    if (found === undefined) return undefined;
    const endMs = o.nowMs;
    const startMs = endMs - o.days * 86_400_000;
    const period = choosePeriod(startMs, o.nowMs);
    const traffic = found.filter((m) => {
      if (!(TRAFFIC_METRICS as readonly string[]).includes(m.metricName) || m.stage === undefined) return false;
      if (o.api && m.api?.label !== o.api && m.apiKey !== o.api) return false;
      const routeLevel = m.route !== undefined;
      return o.byRoute ? routeLevel || !found.some((x) => x.metricName === m.metricName && x.apiKey === m.apiKey && x.stage === m.stage && x.route !== undefined) : !routeLevel;
    });
    if (traffic.length === 0) {
      s.findings.push({ code: 'CLOUDWATCH_NO_METRICS', level: 'warn', message: `no API Gateway Count/MessageCount/ConnectCount metrics by stage in ${s.region}: no traffic recorded in the last two weeks, or none of the APIs found` });
    }
    const reqs: SeriesRequest[] = traffic.map((m, i) => ({ id: `s${i}`, metricName: m.metricName, dimensions: m.dimensions, stat: 'Sum' }));
    s.progress(`GetMetricData: ${reqs.length} series over ${o.days} days at ${period.periodSeconds} s…`);
    const r = await fetchSeries(s, cw, reqs, { startMs, endMs, periodSeconds: period.periodSeconds });

    const series: SeriesMeta[] = [];
    const counts: Float64Array[] = [];
    const gaps: CloudWatchTraffic['gaps'] = [];
    const empty: string[] = [];
    const totals = { rest: 0, http: 0, websocketMessages: 0, websocketConnects: 0 };
    const reqSum = new Float64Array(r.points);
    const conSum = new Float64Array(r.points);
    traffic.forEach((m, i) => {
      const v = r.values[i]!;
      const meta: SeriesMeta = { api: m.api?.label ?? m.apiKey, stage: m.stage, route: m.route, key: undefined };
      const name = `${seriesName(meta)} ${m.metricName}`;
      let missing = 0;
      let first = -1;
      let total = 0;
      for (let p = 0; p < v.length; p++) {
        if (Number.isNaN(v[p]!)) {
          missing++;
          if (first < 0) first = p;
        } else {
          total += v[p]!;
          if (m.metricName === 'ConnectCount') conSum[p]! += v[p]!;
          else reqSum[p]! += v[p]!;
        }
      }
      if (missing === v.length) {
        empty.push(name);
        return;
      }
      if (m.metricName === 'ConnectCount') totals.websocketConnects += total;
      else if (m.metricName === 'MessageCount') totals.websocketMessages += total;
      else if (m.api?.type === 'http') totals.http += total;
      else totals.rest += total;
      if (m.metricName === 'ConnectCount') return; // connections are not requests: not a simulator series
      if (missing > 0) gaps.push({ series: seriesName(meta), periods: missing, firstMs: r.startMs + first * r.periodSeconds * 1000 });
      series.push(meta);
      counts.push(v);
    });
    if (empty.length) s.findings.push({ code: 'CLOUDWATCH_EMPTY_SERIES', level: 'info', message: `${empty.length} metric series had no datapoint in the window (reported as missing data, not zero): ${empty.slice(0, 5).join('; ')}${empty.length > 5 ? '…' : ''}` });
    if (gaps.length) s.findings.push({ code: 'CLOUDWATCH_MISSING_DATA', level: 'warn', message: `${gaps.length} series have periods without a datapoint (${gaps.reduce((a, g) => a + g.periods, 0)} periods in all): CloudWatch stores nothing for them, so they are missing data, never read as zero` });
    const peakOf = (arr: Float64Array) => {
      let best = -1;
      for (let p = 0; p < arr.length; p++) if (best < 0 || arr[p]! > arr[best]!) best = p;
      return best < 0 || arr[best]! <= 0 ? undefined : { sum: arr[best]!, periodSeconds: r.periodSeconds, atMs: r.startMs + best * r.periodSeconds * 1000 };
    };
    return {
      grid: { startMs: r.startMs, periodSeconds: r.periodSeconds, nPeriods: r.points, series, counts },
      gaps,
      file: `cloudwatch:${s.region}:${o.days}d`,
      period,
      calls: r.calls,
      empty,
      totals,
      peak: peakOf(reqSum),
      peakConnects: peakOf(conSum),
      windowMs: r.points * r.periodSeconds * 1000,
    };
  } finally {
    cw.destroy();
  }
}
