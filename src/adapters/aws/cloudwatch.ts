import { CloudWatchClient, paginateGetMetricData, paginateListMetrics, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  errorRate,
  fillInterior,
  maxOf,
  sumOf,
  type Coverage,
  type Percentiles,
  type StageMetrics,
} from '../../models/cloudwatch/detail.js';
import {
  alignWindow,
  choosePeriod,
  MAX_DATAPOINTS_PER_CALL,
  planWeighted,
  wholeWindowPeriod,
  type PeriodChoice,
} from '../../models/cloudwatch/plan.js';
import type { SeriesMeta } from '../../models/throttling/config.js';
import type { TrafficGrid } from '../../models/throttling/report.js';
import type { ApiInfo } from './apigateway.js';
import { clientConfig, track, mustRead, readOrDeny, type AwsSession } from './session.js';
import { DAY_MS } from '../../models/calendar.js';

const NS = 'AWS/ApiGateway';

/** Metric names API Gateway publishes (REST: 4XXError/5XXError; HTTP: 4xx/5xx, older docs 4XXError; WebSocket: MessageCount, ConnectCount…). */
export const TRAFFIC_METRICS = ['Count', 'MessageCount', 'ConnectCount'] as const;
export const DETAIL_METRICS = [
  '4XXError',
  '5XXError',
  '4xx',
  '5xx',
  'Latency',
  'IntegrationLatency',
  'DataProcessed',
  'ClientError',
  'IntegrationError',
  'ExecutionError',
] as const;

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
export async function discoverMetrics(
  s: AwsSession,
  cw: CloudWatchClient,
  apis: readonly ApiInfo[],
): Promise<DiscoveredMetric[] | undefined> {
  // REST metrics are keyed by ApiName: two REST APIs sharing a name publish one series that
  // belongs to neither alone, so it is labelled as shared rather than given to one of them
  const restByName = new Map<string, ApiInfo[]>();
  for (const a of apis.filter((x) => x.type === 'rest')) restByName.set(a.name, [...(restByName.get(a.name) ?? []), a]);
  const shared = [...restByName].filter(([, list]) => list.length > 1);
  for (const [name, list] of shared) {
    s.findings.push({
      code: 'REST_API_NAME_SHARED',
      level: 'warn',
      message: `${list.length} REST APIs are named "${name}" (ids ${list.map((a) => a.id).join(', ')}): CloudWatch keys REST metrics by ApiName, so their traffic is one merged series, reported as "${sharedLabel(name, list)}" and not attributed to either; rename one to measure them apart`,
    });
  }
  const byName = new Map([...restByName].filter(([, list]) => list.length === 1).map(([name, list]) => [name, list[0]!]));
  const sharedKey = new Map(shared.map(([name, list]) => [name, sharedLabel(name, list)]));
  const byId = new Map(apis.filter((a) => a.type !== 'rest').map((a) => [a.id, a]));
  const wanted = new Set<string>([...TRAFFIC_METRICS, ...DETAIL_METRICS]);
  return readOrDeny(s, 'cloudwatch:ListMetrics', async () => {
    const out: DiscoveredMetric[] = [];
    let pages = 0;
    // the SDK's own paginator follows NextToken
    for await (const page of paginateListMetrics({ client: cw }, { Namespace: NS })) {
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
        const apiKey = (apiName !== undefined ? sharedKey.get(apiName) : undefined) ?? apiName ?? apiId ?? '?';
        out.push({ metricName: m.MetricName, dimensions: dims, api, apiKey, stage: get('Stage'), route });
      }
      if (pages % 10 === 0) s.progress(`ListMetrics: ${pages} pages…`);
    }
    return out;
  });
}

/** The label of a metric series that several REST APIs share by name. */
function sharedLabel(name: string, list: readonly ApiInfo[]): string {
  return `${name} (${list.length} REST APIs: ${list.map((a) => a.id).join(', ')})`;
}

export interface SeriesRequest {
  id: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  stat: string;
  /** One datapoint over the whole window (Period = the aligned window's length) instead of one per period. */
  wholeWindow?: boolean;
}

export interface FetchResult {
  /** One array per request (length 1 for a whole-window request), NaN where CloudWatch returned no datapoint. */
  values: Float64Array[];
  calls: number;
  startMs: number;
  periodSeconds: number;
  points: number;
}

/**
 * GetMetricData for many series: batches of at most 500 queries chosen to minimise calls (per-
 * period series weigh `points` datapoints, whole-window statistics one), each followed through
 * NextToken (CloudWatch pages at 100,800 datapoints).
 */
export async function fetchSeries(
  s: AwsSession,
  cw: CloudWatchClient,
  reqs: readonly SeriesRequest[],
  window: { startMs: number; endMs: number; periodSeconds: number },
): Promise<FetchResult> {
  const w = alignWindow(window.startMs, window.endMs, window.periodSeconds);
  const values = reqs.map((r) => new Float64Array(r.wholeWindow ? 1 : w.points).fill(Number.NaN));
  const plan = planWeighted(reqs.map((r) => (r.wholeWindow ? 1 : w.points)));
  const whole = wholeWindowPeriod(w.points, window.periodSeconds);
  let calls = 0;
  let done = 0;
  for (const group of plan.groups) {
    const index = new Map(group.map((k, i) => [`q${i}`, k]));
    const queries: MetricDataQuery[] = group.map((k, i) => {
      const r = reqs[k]!;
      return {
        Id: `q${i}`,
        MetricStat: {
          Metric: { Namespace: NS, MetricName: r.metricName, Dimensions: r.dimensions },
          Period: r.wholeWindow ? whole : w.points > 0 ? window.periodSeconds : 60,
          Stat: r.stat,
        },
        ReturnData: true,
      };
    });
    const input = {
      MetricDataQueries: queries,
      StartTime: new Date(w.startMs),
      EndTime: new Date(w.endMs),
      ScanBy: 'TimestampAscending' as const,
      MaxDatapoints: MAX_DATAPOINTS_PER_CALL,
    };
    // the SDK's own paginator follows NextToken (CloudWatch pages at 100,800 datapoints)
    await mustRead(s, 'cloudwatch:GetMetricData', async () => {
      for await (const page of paginateGetMetricData({ client: cw }, input)) {
        calls++;
        for (const r of page.MetricDataResults ?? []) {
          const k = index.get(r.Id ?? '');
          if (k === undefined) continue;
          const ts = r.Timestamps ?? [];
          const vs = r.Values ?? [];
          for (let i = 0; i < ts.length; i++) {
            const t = ts[i]!.getTime();
            if (vs[i] === undefined) continue;
            if (reqs[k]!.wholeWindow) {
              // one datapoint for the window, whatever timestamp CloudWatch aligns it to
              if (t >= w.startMs && t < w.endMs && Number.isNaN(values[k]![0]!)) values[k]![0] = vs[i]!;
              continue;
            }
            const p = (t - w.startMs) / (window.periodSeconds * 1000);
            if (Number.isInteger(p) && p >= 0 && p < w.points) values[k]![p] = vs[i]!;
          }
        }
      }
    });
    done += group.length;
    if (plan.groups.length > 1 || calls > 3) s.progress(`GetMetricData: ${done}/${reqs.length} queries, ${calls} calls`);
  }
  return { values, calls, startMs: w.startMs, periodSeconds: window.periodSeconds, points: w.points };
}

export interface SeriesCoverage extends Omit<Coverage, 'firstMissing'> {
  series: string;
  metric: string;
}

export interface CloudWatchTraffic {
  /** The same plain data src/traffic/series.ts builds from a file. */
  grid: TrafficGrid;
  /** Periods of the traffic series that are missing data (before the first / after the last datapoint). */
  gaps: Array<{ series: string; periods: number; firstMs: number }>;
  file: string;
  period: PeriodChoice;
  calls: number;
  /** GetMetricData queries (per-period series and whole-window statistics). */
  queries: number;
  /** Series that exist (ListMetrics) but had no datapoint at all in the window. */
  empty: string[];
  /** Totals over the window, per API type (Count for REST/HTTP, MessageCount for WebSocket). */
  totals: { rest: number; http: number; websocketMessages: number; websocketConnects: number };
  /** Region-wide peak period (sum of every stage's Count and MessageCount). */
  peak: { sum: number; periodSeconds: number; atMs: number } | undefined;
  peakConnects: { sum: number; periodSeconds: number; atMs: number } | undefined;
  windowMs: number;
  /** Per API/stage: requests, error rates, latency and integration latency percentiles, DataProcessed. */
  stages: StageMetrics[];
  /** Every per-period series fetched: periods observed, zero-filled (inside the series) and missing (at its edges). */
  coverage: { observed: number; zeroFilled: number; missing: number; series: SeriesCoverage[] };
}

function seriesName(m: SeriesMeta): string {
  return [m.api && `api=${m.api}`, m.stage && `stage=${m.stage}`, m.route && `route=${m.route}`].filter(Boolean).join(' ') || 'all traffic';
}

/** Error metrics: names of the same errors across renames (HTTP `4XXError` → `4xx`), and different errors (WebSocket) that add up. */
const ERRORS_4XX: readonly string[][] = [['4XXError', '4xx'], ['ClientError']];
const ERRORS_5XX: readonly string[][] = [['5XXError', '5xx'], ['ExecutionError']];
/** WebSocket `IntegrationError` counts integration responses with 4XX and 5XX status: its own figure, not 5XX. */
const ERRORS_INTEGRATION: readonly string[][] = [['IntegrationError']];
const PCT = ['p50', 'p90', 'p99'] as const;

type ApiType = StageMetrics['apiType'];
function typeOf(metrics: readonly DiscoveredMetric[]): ApiType {
  const api = metrics.find((m) => m.api)?.api;
  if (api) return api.type as ApiType;
  const names = new Set(metrics.map((m) => m.metricName));
  if (metrics.some((m) => m.dimensions.some((d) => d.Name === 'ApiName'))) return 'rest';
  if (['MessageCount', 'ConnectCount', 'ClientError', 'ExecutionError'].some((n) => names.has(n))) return 'websocket';
  if (['4xx', '5xx', 'DataProcessed'].some((n) => names.has(n))) return 'http';
  return undefined;
}

/**
 * What a stage of each API type publishes, to say what was not listed:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
const EXPECTED: Record<'rest' | 'http' | 'websocket', Array<[string, string[]]>> = {
  rest: [
    ['Count', ['Count']],
    ['4XX errors', ['4XXError']],
    ['5XX errors', ['5XXError']],
    ['Latency', ['Latency']],
    ['IntegrationLatency', ['IntegrationLatency']],
  ],
  http: [
    ['Count', ['Count']],
    ['4XX errors', ['4xx', '4XXError']],
    ['5XX errors', ['5xx', '5XXError']],
    ['Latency', ['Latency']],
    ['IntegrationLatency', ['IntegrationLatency']],
    ['DataProcessed', ['DataProcessed']],
  ],
  websocket: [
    ['MessageCount', ['MessageCount']],
    ['client errors', ['ClientError']],
    ['execution/integration errors', ['ExecutionError', 'IntegrationError']],
    ['IntegrationLatency', ['IntegrationLatency']],
  ],
};

/**
 * Request counts per stage (or per route with `byRoute`, where detailed metrics exist) for the
 * last `days` days, at the finest period retention allows; and per stage, error counts, latency
 * and integration latency percentiles over the window, and DataProcessed, in the same calls.
 */
export async function readCloudWatchTraffic(
  s: AwsSession,
  apis: readonly ApiInfo[],
  o: { days: number; nowMs: number; byRoute?: boolean; api?: string },
): Promise<CloudWatchTraffic | undefined> {
  const cw = track(s, new CloudWatchClient(clientConfig(s)));
  try {
    s.progress('discovering API Gateway metrics (ListMetrics)…');
    const found = await discoverMetrics(s, cw, apis);
    if (found === undefined) return undefined;
    const endMs = o.nowMs;
    const startMs = endMs - o.days * DAY_MS;
    const period = choosePeriod(startMs, o.nowMs);
    const inScope = (m: DiscoveredMetric) => m.stage !== undefined && !(o.api && m.api?.label !== o.api && m.apiKey !== o.api);
    const traffic = found.filter((m) => {
      if (!(TRAFFIC_METRICS as readonly string[]).includes(m.metricName) || !inScope(m)) return false;
      const routeLevel = m.route !== undefined;
      return o.byRoute
        ? routeLevel ||
            !found.some((x) => x.metricName === m.metricName && x.apiKey === m.apiKey && x.stage === m.stage && x.route !== undefined)
        : !routeLevel;
    });
    if (traffic.length === 0) {
      s.findings.push({
        code: 'CLOUDWATCH_NO_METRICS',
        level: 'warn',
        message: `no API Gateway Count/MessageCount/ConnectCount metrics by stage in ${s.region}: no traffic recorded in the last two weeks, or none of the APIs found`,
      });
    }

    // one query per (metric, dimensions, statistic), shared between the traffic grid and the stage figures
    const reqs: SeriesRequest[] = [];
    const names: string[] = [];
    const byKey = new Map<string, number>();
    const want = (m: DiscoveredMetric, stat: string, wholeWindow: boolean): number => {
      const key = JSON.stringify([m.metricName, [...m.dimensions].sort((x, y) => x.Name.localeCompare(y.Name)), stat, wholeWindow]);
      let k = byKey.get(key);
      if (k === undefined) {
        k = reqs.length;
        byKey.set(key, k);
        reqs.push({ id: `s${k}`, metricName: m.metricName, dimensions: m.dimensions, stat, ...(wholeWindow ? { wholeWindow } : {}) });
        names.push(`${seriesName({ api: m.api?.label ?? m.apiKey, stage: m.stage, route: m.route, key: undefined })} ${m.metricName}`);
      }
      return k;
    };
    const trafficReq = traffic.map((m) => want(m, 'Sum', false));

    const groups = new Map<string, DiscoveredMetric[]>();
    for (const m of found) {
      if (!inScope(m) || m.route !== undefined) continue;
      const key = `${m.apiKey}\u0000${m.stage}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    const stagePlans = [...groups.values()].map((ms) => {
      const type = typeOf(ms);
      const get = (name: string) => ms.find((m) => m.metricName === name);
      const sum = (name: string) => (get(name) ? want(get(name)!, 'Sum', false) : undefined);
      const pct = (name: string, withMax: boolean) => {
        const m = get(name);
        if (!m) return undefined;
        return [...PCT.map((p) => want(m, p, true)), ...(withMax ? [want(m, 'Maximum', true)] : [])];
      };
      const errs = (groupsOf: readonly string[][]) =>
        groupsOf.map((g) => g.flatMap((n) => (get(n) ? [{ name: n, k: sum(n)! }] : []))).filter((g) => g.length > 0);
      const reqName = type === 'websocket' ? 'MessageCount' : 'Count';
      return {
        m: ms[0]!,
        type,
        requests: sum(reqName),
        reqName,
        e4: errs(ERRORS_4XX),
        e5: errs(ERRORS_5XX),
        eIntegration: errs(ERRORS_INTEGRATION),
        latency: pct('Latency', false),
        integration: pct('IntegrationLatency', true),
        data: type === 'http' || get('DataProcessed') ? sum('DataProcessed') : undefined,
        notListed: type ? EXPECTED[type].filter(([, alts]) => !alts.some((n) => get(n))).map(([what]) => what) : [],
      };
    });

    const whole = reqs.filter((r) => r.wholeWindow).length;
    s.progress(`GetMetricData: ${reqs.length - whole} series at ${period.periodSeconds} s and ${whole} percentiles over ${o.days} days…`);
    const r = await fetchSeries(s, cw, reqs, { startMs, endMs, periodSeconds: period.periodSeconds });

    // zero-vs-missing: fill each listed series' inside gaps with 0, keep its edges missing
    const cov: Array<Coverage | undefined> = reqs.map((q, k) => (q.wholeWindow ? undefined : fillInterior(r.values[k]!)));
    const perSeries: SeriesCoverage[] = [];
    const empty: string[] = [];
    const order = [...new Set([...trafficReq, ...reqs.map((_, k) => k)])];
    for (const k of order) {
      const c = cov[k];
      if (!c) continue;
      perSeries.push({
        series: names[k]!.slice(0, names[k]!.lastIndexOf(' ')),
        metric: reqs[k]!.metricName,
        observed: c.observed,
        zeroFilled: c.zeroFilled,
        missing: c.missing,
      });
      if (c.observed === 0) empty.push(names[k]!);
    }

    const series: SeriesMeta[] = [];
    const counts: Float64Array[] = [];
    const gaps: CloudWatchTraffic['gaps'] = [];
    const totals = { rest: 0, http: 0, websocketMessages: 0, websocketConnects: 0 };
    const reqSum = new Float64Array(r.points);
    const conSum = new Float64Array(r.points);
    traffic.forEach((m, i) => {
      const k = trafficReq[i]!;
      const v = r.values[k]!;
      const c = cov[k]!;
      if (c.observed === 0) return;
      const meta: SeriesMeta = { api: m.api?.label ?? m.apiKey, stage: m.stage, route: m.route, key: undefined };
      let total = 0;
      for (let p = 0; p < v.length; p++) {
        if (Number.isNaN(v[p]!)) continue;
        total += v[p]!;
        if (m.metricName === 'ConnectCount') conSum[p]! += v[p]!;
        else reqSum[p]! += v[p]!;
      }
      if (m.metricName === 'ConnectCount') totals.websocketConnects += total;
      else if (m.metricName === 'MessageCount') totals.websocketMessages += total;
      else if (m.api?.type === 'http') totals.http += total;
      else totals.rest += total;
      if (m.metricName === 'ConnectCount') return; // connections are not requests: not a simulator series
      if (c.missing > 0)
        gaps.push({ series: seriesName(meta), periods: c.missing, firstMs: r.startMs + c.firstMissing * r.periodSeconds * 1000 });
      series.push(meta);
      counts.push(v);
    });

    const nan = () => new Float64Array(r.points).fill(Number.NaN);
    const one = (k: number | undefined) => (k === undefined ? undefined : r.values[k]![0]!);
    const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
    const pctOf = (ks: number[] | undefined, withMax: boolean): Percentiles | undefined =>
      ks && { p50: num(one(ks[0])), p90: num(one(ks[1])), p99: num(one(ks[2])), ...(withMax ? { max: num(one(ks[3])) } : {}) };
    const total = (k: number | undefined) =>
      k === undefined ? undefined : r.values[k]!.reduce((a, x) => (Number.isNaN(x) ? a : a + x), 0);
    const stages: StageMetrics[] = stagePlans.map((p) => {
      const requests = p.requests === undefined ? nan() : r.values[p.requests]!;
      const rate = (g: Array<Array<{ name: string; k: number }>>) =>
        g.length === 0
          ? undefined
          : errorRate(
              g.flat().map((x) => x.name),
              sumOf(
                g.map((same) =>
                  maxOf(
                    same.map((x) => r.values[x.k]!),
                    r.points,
                  ),
                ),
                r.points,
              ),
              requests,
            );
      return {
        api: p.m.api?.label ?? p.m.apiKey,
        apiType: p.type,
        endpointType: p.m.api?.endpointType,
        stage: p.m.stage!,
        requests: p.requests === undefined ? undefined : { metric: p.reqName, total: total(p.requests)! },
        errors4xx: rate(p.e4),
        errors5xx: rate(p.e5),
        ...(p.type === 'websocket' || p.eIntegration.length ? { integrationErrors: rate(p.eIntegration) } : {}),
        latency: pctOf(p.latency, false),
        integrationLatency: pctOf(p.integration, true),
        dataProcessedBytes: total(p.data),
        notListed: p.notListed,
      };
    });

    const withGaps = perSeries.filter((c) => c.missing > 0 && c.observed > 0);
    const zeroFilled = perSeries.filter((c) => c.zeroFilled > 0);
    const sumOfField = (xs: SeriesCoverage[], f: 'observed' | 'zeroFilled' | 'missing') => xs.reduce((a, c) => a + c[f], 0);
    if (empty.length)
      s.findings.push({
        code: 'CLOUDWATCH_EMPTY_SERIES',
        level: 'info',
        message: `${empty.length} metric series had no datapoint in the window (reported as missing data, not zero): ${empty.slice(0, 5).join('; ')}${empty.length > 5 ? '…' : ''}`,
      });
    if (zeroFilled.length)
      s.findings.push({
        code: 'CLOUDWATCH_ZERO_FILLED',
        level: 'info',
        message: `${sumOfField(zeroFilled, 'zeroFilled')} period(s) in ${zeroFilled.length} series had no datapoint between the series' first and last datapoint in the window: read as zero (API Gateway publishes no datapoint for a period without traffic)`,
      });
    if (withGaps.length)
      s.findings.push({
        code: 'CLOUDWATCH_MISSING_DATA',
        level: 'warn',
        message: `${withGaps.length} series have periods before their first or after their last datapoint in the window (${sumOfField(withGaps, 'missing')} periods in all): the metric is not known to exist then, so they are missing data, never read as zero`,
      });
    const unlisted = stages.filter((x) => x.notListed.length > 0);
    if (unlisted.length)
      s.findings.push({
        code: 'CLOUDWATCH_METRIC_NOT_LISTED',
        level: 'info',
        message: `ListMetrics lists no ${unlisted
          .slice(0, 5)
          .map((x) => `${x.notListed.join('/')} for ${x.api}/${x.stage}`)
          .join('; ')}${unlisted.length > 5 ? '…' : ''}: those figures are unknown (missing data, not zero)`,
      });

    const peakOf = (arr: Float64Array) => {
      let best = -1;
      for (let p = 0; p < arr.length; p++) if (best < 0 || arr[p]! > arr[best]!) best = p;
      return best < 0 || arr[best]! <= 0
        ? undefined
        : { sum: arr[best]!, periodSeconds: r.periodSeconds, atMs: r.startMs + best * r.periodSeconds * 1000 };
    };
    return {
      grid: { startMs: r.startMs, periodSeconds: r.periodSeconds, nPeriods: r.points, series, counts },
      gaps,
      file: `cloudwatch:${s.region}:${o.days}d`,
      period,
      calls: r.calls,
      queries: reqs.length,
      empty,
      totals,
      peak: peakOf(reqSum),
      peakConnects: peakOf(conSum),
      windowMs: r.points * r.periodSeconds * 1000,
      stages,
      coverage: {
        observed: sumOfField(perSeries, 'observed'),
        zeroFilled: sumOfField(perSeries, 'zeroFilled'),
        missing: sumOfField(perSeries, 'missing'),
        series: perSeries,
      },
    };
  } finally {
    cw.destroy();
  }
}
