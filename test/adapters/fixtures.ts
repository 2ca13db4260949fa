import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsState } from '../helpers/aws-server.js';

/** Static fake credentials and a 1-ms retry backoff: the SDK's own retry strategy, fast. */
export function testOverrides(): Record<string, unknown> {
  return {
    credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    retryStrategy: new ConfiguredRetryStrategy(4, () => 1),
  };
}

export const NOW = Date.parse('2026-11-20T00:00:00Z');
const DAY_START = NOW / 1000 - 86_400; // one day window

export function accountState(): AwsState {
  return {
    account: { rateLimit: 10000, burstLimit: 5000 },
    restApis: [
      {
        id: 'a1',
        name: 'orders',
        endpointType: 'REGIONAL',
        resources: 150,
        stages: [
          {
            stageName: 'prod',
            methodSettings: {
              '*/*': { throttlingRateLimit: 600, throttlingBurstLimit: 400, metricsEnabled: false },
              '~1orders/POST': { throttlingRateLimit: 150, throttlingBurstLimit: 100 },
            },
          },
          { stageName: 'dev' },
        ],
      },
      {
        id: 'a2',
        name: 'partner',
        endpointType: 'EDGE',
        resources: 3,
        stages: [{ stageName: 'v1', methodSettings: { '*/*': { throttlingRateLimit: 50, throttlingBurstLimit: 100 } } }],
      },
      { id: 'a3', name: 'internal', endpointType: 'PRIVATE', resources: 1, stages: [] },
    ],
    v2Apis: [
      {
        ApiId: 'h1',
        Name: 'web',
        ProtocolType: 'HTTP',
        routes: 12,
        stages: [
          {
            stageName: '$default',
            defaultRouteSettings: { throttlingRateLimit: 2000, throttlingBurstLimit: 1000, detailedMetricsEnabled: false },
            routeSettings: { 'GET /items': { throttlingRateLimit: 500, throttlingBurstLimit: 200 } },
          },
        ],
      },
      {
        ApiId: 'w1',
        Name: 'chat',
        ProtocolType: 'WEBSOCKET',
        routes: 4,
        stages: [{ stageName: 'live', defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 }, routeSettings: {} }],
      },
    ],
    usagePlans: [
      {
        id: 'up1',
        name: 'basic',
        throttle: { rateLimit: 10, burstLimit: 20 },
        quota: { limit: 2000, offset: 0, period: 'DAY' },
        apiStages: [{ apiId: 'a2', stage: 'v1', throttle: { '/quotes/GET': { rateLimit: 8, burstLimit: 16 } } }],
        keys: ['acme', 'globex', 'initech'],
      },
      { id: 'up2', name: 'empty', throttle: { rateLimit: 5, burstLimit: 5 }, apiStages: [], keys: [] },
    ],
    apiKeys: 130,
    domainNames: 2,
    quotasDefault: [
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-8A5B8E43',
        QuotaName: 'Throttle rate',
        Value: 10000,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-CDF5615A',
        QuotaName: 'Throttle burst rate',
        Value: 5000,
        Unit: 'None',
        Adjustable: false,
        GlobalQuota: false,
      },
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-AA0FF27B',
        QuotaName: 'Regional APIs per account',
        Value: 600,
        Unit: 'None',
        Adjustable: false,
        GlobalQuota: false,
      },
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-E8693075',
        QuotaName: 'Usage plans per account',
        Value: 300,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-01C8A9E0',
        QuotaName: 'Resources per API',
        Value: 300,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
    ],
    quotasApplied: [
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-8A5B8E43',
        QuotaName: 'Throttle rate',
        Value: 20000,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
      {
        ServiceCode: 'apigateway',
        QuotaCode: 'L-E8693075',
        QuotaName: 'Usage plans per account',
        Value: 300,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      },
    ],
    metrics: [
      // orders/prod: 120 requests per minute, with a 10-minute gap an hour into the window
      {
        MetricName: 'Count',
        Dimensions: [
          { Name: 'ApiName', Value: 'orders' },
          { Name: 'Stage', Value: 'prod' },
        ],
        value: (t) => (t >= DAY_START + 3600 && t < DAY_START + 4200 ? undefined : t === DAY_START + 7200 ? 60_000 : 120),
      },
      { MetricName: 'Count', Dimensions: [{ Name: 'ApiName', Value: 'orders' }], value: () => 120 },
      // HTTP API by ApiId (current metric names 4xx/5xx)
      {
        MetricName: 'Count',
        Dimensions: [
          { Name: 'ApiId', Value: 'h1' },
          { Name: 'Stage', Value: '$default' },
        ],
        value: () => 60,
      },
      {
        MetricName: '4xx',
        Dimensions: [
          { Name: 'ApiId', Value: 'h1' },
          { Name: 'Stage', Value: '$default' },
        ],
        value: () => 1,
      },
      // exists, but no datapoint in the window
      {
        MetricName: 'Count',
        Dimensions: [
          { Name: 'ApiName', Value: 'partner' },
          { Name: 'Stage', Value: 'v1' },
        ],
        value: () => undefined,
      },
      {
        MetricName: 'MessageCount',
        Dimensions: [
          { Name: 'ApiId', Value: 'w1' },
          { Name: 'Stage', Value: 'live' },
        ],
        value: () => 30,
      },
      {
        MetricName: 'ConnectCount',
        Dimensions: [
          { Name: 'ApiId', Value: 'w1' },
          { Name: 'Stage', Value: 'live' },
        ],
        value: () => 3,
      },
    ],
  };
}
