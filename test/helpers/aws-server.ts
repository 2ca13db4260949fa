/**
 * A local stand-in for AWS on 127.0.0.1 that speaks each service's wire protocol as the pinned
 * SDK clients send it (checked in node_modules/@aws-sdk/client-* /dist-es/runtimeConfig.shared.js):
 *  - CloudWatch 3.1164: AWS JSON 1.0, X-Amz-Target "GraniteServiceVersion20100801.<Op>", awsQueryCompatible
 *    (x-amzn-query-mode: true; errors carry x-amzn-query-error "Code;Sender"); timestamps as epoch seconds.
 *  - Service Quotas: AWS JSON 1.1, X-Amz-Target "ServiceQuotasV20190624.<Op>".
 *  - Pricing: AWS JSON 1.1, X-Amz-Target "AWSPriceListService.<Op>".
 *  - API Gateway v1: REST-JSON, GET /restapis…, lists as { item: [...], position }.
 *  - API Gateway v2: REST-JSON, GET /v2/apis…, lists as { items: [...], nextToken }.
 * Errors: JSON protocols answer { "__type": Code, "message" }; REST-JSON sets x-amzn-errortype.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface Call {
  op: string;
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  headers: IncomingMessage['headers'];
}

export interface MetricFixture {
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  /**
   * Value at an epoch second (period start), or undefined for "no datapoint". `stat` is the
   * query's statistic as sent (Sum, Maximum, p99…), for fixtures that answer percentiles.
   */
  value: (tSec: number, periodSec: number, stat: string) => number | undefined;
}

export interface AwsState {
  account?: { rateLimit: number; burstLimit: number };
  restApis?: Array<{ id: string; name: string; endpointType?: string; stages: any[]; resources: number }>;
  v2Apis?: Array<{ ApiId: string; Name: string; ProtocolType: 'HTTP' | 'WEBSOCKET'; stages: any[]; routes: number }>;
  usagePlans?: Array<any & { keys: string[] }>;
  apiKeys?: number;
  domainNames?: number;
  quotasApplied?: any[];
  quotasDefault?: any[];
  metrics?: MetricFixture[];
  products?: Record<string, string[]>;
}

export type Handler = (c: Call) => Reply;

const json = (status: number, body: unknown, type?: string): Reply => ({
  status,
  headers: { 'content-type': type ?? 'application/json' },
  body: JSON.stringify(body),
});

/** AWS JSON 1.0/1.1 error (optionally with the query-compatible header CloudWatch's JSON protocol uses). */
export function jsonError(status: number, code: string, message: string, queryCode?: string): Reply {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': 'req-1',
      ...(queryCode ? { 'x-amzn-query-error': `${queryCode};Sender` } : {}),
    },
    body: JSON.stringify({ __type: code, message }),
  };
}

/** REST-JSON error (API Gateway). */
export function restError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': 'req-1' },
    body: JSON.stringify({ message }),
  };
}

export const garbage: Reply = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '<html><body>Captive portal</body></html>',
};

function page<T>(items: readonly T[], token: string | null | undefined, size: number): { items: T[]; next: string | undefined } {
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace('p:', '')) : 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(`p:${end}`).toString('base64') : undefined };
}

export class FakeAws {
  readonly calls: Call[] = [];
  /** Replies queued per operation: taken before the normal answer (throttling, denial, garbage…). */
  readonly scripted = new Map<string, Reply[]>();
  /** Operations that always answer this. */
  readonly always = new Map<string, Reply>();
  /** Page size the fake uses for list operations (small, to force several pages). */
  pageSize = 2;
  private server: Server | undefined;
  url = '';

  constructor(public state: AwsState) {}

  script(op: string, ...replies: Reply[]): this {
    this.scripted.set(op, [...(this.scripted.get(op) ?? []), ...replies]);
    return this;
  }

  count(op: string): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = req.headers['x-amz-target'] as string | undefined;
      const op = target ?? opOfRest(req.method ?? 'GET', url.pathname);
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const call: Call = { op, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: req.headers };
      this.calls.push(call);
      let reply: Reply;
      const queued = this.scripted.get(op);
      if (queued?.length) reply = queued.shift()!;
      else if (this.always.has(op)) reply = this.always.get(op)!;
      else {
        try {
          reply = this.answer(call);
        } catch (e) {
          reply = jsonError(500, 'InternalFailure', String(e));
        }
      }
      res.writeHead(reply.status, { 'x-amzn-requestid': 'fake-request-id', ...reply.headers });
      res.end(reply.body);
    });
  }

  private answer(c: Call): Reply {
    const s = this.state;
    const n = this.pageSize;
    const q = (k: string) => c.query.get(k);
    if (c.method !== 'GET' && !c.op.includes('.')) return restError(405, 'MethodNotAllowed', `${c.method} is not a read`);
    const jsonType = c.headers['content-type'] as string | undefined;
    switch (c.op) {
      // ---- API Gateway v1 (REST-JSON)
      case 'apigateway.GetAccount':
        return json(200, { throttleSettings: s.account, features: [], apiKeyVersion: '4' });
      case 'apigateway.GetRestApis': {
        const p = page(s.restApis ?? [], q('position'), n);
        return json(200, {
          item: p.items.map((a) => ({ id: a.id, name: a.name, endpointConfiguration: { types: [a.endpointType ?? 'REGIONAL'] } })),
          ...(p.next ? { position: p.next } : {}),
        });
      }
      case 'apigateway.GetStages': {
        const api = (s.restApis ?? []).find((a) => c.path === `/restapis/${a.id}/stages`);
        return api ? json(200, { item: api.stages }) : restError(404, 'NotFoundException', 'Invalid API identifier specified');
      }
      case 'apigateway.GetResources': {
        const api = (s.restApis ?? []).find((a) => c.path === `/restapis/${a.id}/resources`)!;
        const all = Array.from({ length: api.resources }, (_, i) => ({ id: `r${i}`, path: i === 0 ? '/' : `/r${i}` }));
        const p = page(all, q('position'), Math.max(n, 100));
        return json(200, { item: p.items, ...(p.next ? { position: p.next } : {}) });
      }
      case 'apigateway.GetUsagePlans': {
        const p = page(s.usagePlans ?? [], q('position'), n);
        return json(200, { item: p.items.map(({ keys: _k, ...rest }) => rest), ...(p.next ? { position: p.next } : {}) });
      }
      case 'apigateway.GetUsagePlanKeys': {
        const plan = (s.usagePlans ?? []).find((p) => c.path === `/usageplans/${p.id}/keys`)!;
        const p = page(plan.keys as string[], q('position'), n);
        return json(200, {
          item: p.items.map((k, i) => ({ id: `k-${k}-${i}`, type: 'API_KEY', name: k })),
          ...(p.next ? { position: p.next } : {}),
        });
      }
      case 'apigateway.GetApiKeys': {
        const p = page(
          Array.from({ length: s.apiKeys ?? 0 }, (_, i) => ({ id: `key${i}`, name: `key${i}`, enabled: true })),
          q('position'),
          Math.max(n, 100),
        );
        return json(200, { item: p.items, ...(p.next ? { position: p.next } : {}) });
      }
      case 'apigateway.GetDomainNames':
        return json(200, { item: Array.from({ length: s.domainNames ?? 0 }, (_, i) => ({ domainName: `api${i}.example.com` })) });
      // ---- API Gateway v2 (REST-JSON, camelCase jsonName)
      case 'apigatewayv2.GetApis': {
        const p = page(s.v2Apis ?? [], q('nextToken'), n);
        return json(200, {
          items: p.items.map((a) => ({
            apiId: a.ApiId,
            name: a.Name,
            protocolType: a.ProtocolType,
            routeSelectionExpression: '$request.method $request.path',
          })),
          ...(p.next ? { nextToken: p.next } : {}),
        });
      }
      case 'apigatewayv2.GetStages': {
        const api = (s.v2Apis ?? []).find((a) => c.path === `/v2/apis/${a.ApiId}/stages`)!;
        const p = page(api.stages, q('nextToken'), n);
        return json(200, { items: p.items, ...(p.next ? { nextToken: p.next } : {}) });
      }
      case 'apigatewayv2.GetRoutes': {
        const api = (s.v2Apis ?? []).find((a) => c.path === `/v2/apis/${a.ApiId}/routes`)!;
        const all = Array.from({ length: api.routes }, (_, i) => ({ routeId: `rt${i}`, routeKey: `GET /r${i}` }));
        const p = page(all, q('nextToken'), Math.max(n, 100));
        return json(200, { items: p.items, ...(p.next ? { nextToken: p.next } : {}) });
      }
      case 'apigatewayv2.GetDomainNames':
        return json(200, { items: [] });
      // ---- Service Quotas (AWS JSON 1.1)
      case 'ServiceQuotasV20190624.ListServiceQuotas':
      case 'ServiceQuotasV20190624.ListAWSDefaultServiceQuotas': {
        if (c.body?.ServiceCode !== 'apigateway') return jsonError(400, 'NoSuchResourceException', 'unknown service');
        const all = c.op.endsWith('ListServiceQuotas') ? (s.quotasApplied ?? []) : (s.quotasDefault ?? []);
        const p = page(all, c.body?.NextToken, Math.min(n, c.body?.MaxResults ?? 100));
        return json(200, { Quotas: p.items, ...(p.next ? { NextToken: p.next } : {}) }, jsonType);
      }
      // ---- CloudWatch (AWS JSON 1.0, query-compatible)
      case 'GraniteServiceVersion20100801.ListMetrics': {
        const all = (s.metrics ?? [])
          .filter((m) => m.MetricName && (!c.body?.Namespace || c.body.Namespace === 'AWS/ApiGateway'))
          .map((m) => ({ Namespace: 'AWS/ApiGateway', MetricName: m.MetricName, Dimensions: m.Dimensions }));
        const p = page(all, c.body?.NextToken, n);
        return json(200, { Metrics: p.items, ...(p.next ? { NextToken: p.next } : {}) }, jsonType);
      }
      case 'GraniteServiceVersion20100801.GetMetricData':
        return this.getMetricData(c, jsonType);
      // ---- Pricing (AWS JSON 1.1)
      case 'AWSPriceListService.GetProducts': {
        // ServiceCode required; MaxResults 1–100; Filters: TERM_MATCH on a product attribute (or productFamily / sku), all must hold
        if (typeof c.body?.ServiceCode !== 'string') return jsonError(400, 'InvalidParameterException', 'ServiceCode is required');
        const max = c.body?.MaxResults ?? 100;
        if (!Number.isInteger(max) || max < 1 || max > 100)
          return jsonError(400, 'InvalidParameterException', 'MaxResults must be between 1 and 100');
        const filters: Array<{ Type: string; Field: string; Value: string }> = c.body?.Filters ?? [];
        if (filters.some((f) => f.Type !== 'TERM_MATCH'))
          return jsonError(400, 'InvalidParameterException', 'this fake only implements TERM_MATCH filters');
        const all = (s.products?.[c.body.ServiceCode] ?? []).filter((text) =>
          filters.every((f) => termMatch(JSON.parse(text), f.Field, f.Value)),
        );
        const p = page(all, c.body?.NextToken, Math.min(n, max));
        return json(200, { FormatVersion: 'aws_v1', PriceList: p.items, ...(p.next ? { NextToken: p.next } : {}) }, jsonType);
      }
      default:
        return jsonError(400, 'UnknownOperationException', `fake AWS does not implement ${c.op}`);
    }
  }

  /** GetMetricData: ≤ 500 queries; answers paged at MaxDatapoints (default 100,800) across the queries in order. */
  private getMetricData(c: Call, type: string | undefined): Reply {
    const b = c.body as { MetricDataQueries: any[]; StartTime: number; EndTime: number; NextToken?: string; MaxDatapoints?: number };
    if (!Array.isArray(b.MetricDataQueries) || b.MetricDataQueries.length === 0 || b.MetricDataQueries.length > 500) {
      return jsonError(
        400,
        'InvalidParameterValueException',
        `The collection MetricDataQueries must not have a size greater than 500.`,
        'InvalidParameterValue',
      );
    }
    if (typeof b.StartTime !== 'number' || typeof b.EndTime !== 'number')
      return jsonError(400, 'InvalidParameterValueException', 'StartTime/EndTime must be epoch seconds', 'InvalidParameterValue');
    const max = Math.min(b.MaxDatapoints ?? 100_800, 100_800);
    // MetricStat as CloudWatch checks it: a statistic name or a percentile pNN(.NN), and a standard-resolution period (a multiple of 60 s)
    for (const qq of b.MetricDataQueries) {
      const ms = qq.MetricStat;
      if (!ms || typeof ms.Stat !== 'string' || !/^(SampleCount|Average|Sum|Minimum|Maximum|p(\d{1,2}(\.\d{1,10})?|100))$/.test(ms.Stat))
        return jsonError(
          400,
          'InvalidParameterValueException',
          `The value ${String(ms?.Stat)} for parameter MetricDataQueries.member.Stat is not valid.`,
          'InvalidParameterValue',
        );
      if (!Number.isInteger(ms.Period) || ms.Period < 60 || ms.Period % 60 !== 0)
        return jsonError(
          400,
          'InvalidParameterValueException',
          `The parameter MetricDataQueries.member.MetricStat.Period must be a multiple of 60.`,
          'InvalidParameterValue',
        );
    }
    // the first stored metric of each name and set of dimensions (in any order), looked up once per query
    const key = (name: string, d: Array<{ Name: string; Value: string }>) =>
      JSON.stringify([name, [...d].sort((x, y) => x.Name.localeCompare(y.Name))]);
    const stored = new Map<string, MetricFixture>();
    for (const m of this.state.metrics ?? []) {
      const k = key(m.MetricName, m.Dimensions);
      if (!stored.has(k)) stored.set(k, m);
    }
    const per = b.MetricDataQueries.map((qq) => {
      const ms = qq.MetricStat;
      const fx = stored.get(key(ms.Metric.MetricName, ms.Metric.Dimensions ?? []));
      const ts: number[] = [];
      const vs: number[] = [];
      if (fx) {
        for (let t = b.StartTime; t < b.EndTime; t += ms.Period) {
          const v = fx.value(t, ms.Period, ms.Stat);
          if (v !== undefined) {
            ts.push(t);
            vs.push(v);
          }
        }
      }
      return { Id: qq.Id, Label: ms.Metric.MetricName, ts, vs };
    });
    const start = b.NextToken ? Number(Buffer.from(b.NextToken, 'base64').toString().replace('dp:', '')) : 0;
    let skip = start;
    let room = max;
    const results = [];
    let more = false;
    for (const r of per) {
      if (skip >= r.ts.length) {
        skip -= r.ts.length;
        if (start === 0 && r.ts.length === 0)
          results.push({ Id: r.Id, Label: r.Label, Timestamps: [], Values: [], StatusCode: 'Complete' });
        continue;
      }
      if (room === 0) {
        more = true;
        break;
      }
      const take = Math.min(room, r.ts.length - skip);
      results.push({
        Id: r.Id,
        Label: r.Label,
        Timestamps: r.ts.slice(skip, skip + take),
        Values: r.vs.slice(skip, skip + take),
        StatusCode: skip + take < r.ts.length ? 'PartialData' : 'Complete',
      });
      if (skip + take < r.ts.length) more = true;
      room -= take;
      skip = 0;
      if (more) break;
    }
    const served = max - room;
    return json(
      200,
      { MetricDataResults: results, Messages: [], ...(more ? { NextToken: Buffer.from(`dp:${start + served}`).toString('base64') } : {}) },
      type,
    );
  }
}

/** TERM_MATCH: the product's attribute (field name case-insensitive; productFamily and sku from the product) equals the value. */
function termMatch(item: any, field: string, value: string): boolean {
  const product = item?.product ?? {};
  const key = field.toLowerCase();
  if (key === 'productfamily') return product.productFamily === value;
  if (key === 'sku') return product.sku === value;
  if (key === 'servicecode') return item.serviceCode === value;
  const attrs: Record<string, string> = product.attributes ?? {};
  const name = Object.keys(attrs).find((k) => k.toLowerCase() === key);
  return name !== undefined && attrs[name] === value;
}

export interface PriceDimensionFixture {
  begin?: string;
  /** "Inf" when left out. */
  end?: string;
  usd: string;
  unit?: string;
  description?: string;
}

/**
 * A PriceList entry as GetProducts sends it (a JSON string; aws-facts.md D.3): product with
 * attributes, publicationDate, and one OnDemand term JRTCKXETXF with its price dimensions.
 */
export function priceListItem(p: {
  sku: string;
  serviceCode: string;
  productFamily?: string;
  attributes: Record<string, string>;
  publicationDate?: string;
  dimensions: PriceDimensionFixture[];
  /** Replaces the OnDemand terms (to test other shapes). */
  onDemand?: Record<string, unknown>;
}): string {
  const termKey = `${p.sku}.JRTCKXETXF`;
  const priceDimensions = Object.fromEntries(
    p.dimensions.map((d, i) => {
      const rateCode = `${termKey}.RATE${i}`;
      return [
        rateCode,
        {
          rateCode,
          description: d.description ?? `$${d.usd} per unit`,
          beginRange: d.begin ?? '0',
          endRange: d.end ?? 'Inf',
          unit: d.unit ?? 'Requests',
          pricePerUnit: { USD: d.usd },
          appliesTo: [],
        },
      ];
    }),
  );
  return JSON.stringify({
    product: { productFamily: p.productFamily, attributes: { servicecode: p.serviceCode, ...p.attributes }, sku: p.sku },
    serviceCode: p.serviceCode,
    terms: p.onDemand
      ? { OnDemand: p.onDemand }
      : {
          OnDemand: {
            [termKey]: {
              priceDimensions,
              sku: p.sku,
              effectiveDate: '2026-11-01T00:00:00Z',
              offerTermCode: 'JRTCKXETXF',
              termAttributes: {},
            },
          },
        },
    version: '20261120000000',
    publicationDate: p.publicationDate ?? '2026-11-20T01:02:03Z',
  });
}

function opOfRest(method: string, path: string): string {
  const v2 = path.startsWith('/v2/');
  const p = v2 ? path.slice(3) : path;
  const svc = v2 ? 'apigatewayv2' : 'apigateway';
  const routes: Array<[RegExp, string]> = [
    [/^\/account$/, 'GetAccount'],
    [/^\/restapis$/, 'GetRestApis'],
    [/^\/restapis\/[^/]+\/stages$/, 'GetStages'],
    [/^\/restapis\/[^/]+\/resources$/, 'GetResources'],
    [/^\/usageplans$/, 'GetUsagePlans'],
    [/^\/usageplans\/[^/]+\/keys$/, 'GetUsagePlanKeys'],
    [/^\/apikeys$/, 'GetApiKeys'],
    [/^\/domainnames$/, 'GetDomainNames'],
    [/^\/apis$/, 'GetApis'],
    [/^\/apis\/[^/]+\/stages$/, 'GetStages'],
    [/^\/apis\/[^/]+\/routes$/, 'GetRoutes'],
  ];
  for (const [re, name] of routes) if (re.test(p)) return `${svc}.${method === 'GET' ? name : `${method}:${name}`}`;
  return `${svc}.${method} ${path}`;
}
