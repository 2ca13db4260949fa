/**
 * The Service Quotas codes apigw-plan reads or maps usage onto (service code `apigateway`), by
 * meaning, so code reads `QUOTA.throttleRate` rather than a bare "L-8A5B8E43".
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 * https://docs.aws.amazon.com/general/latest/gr/apigateway.html
 */
export const QUOTA = {
  /** Throttle rate (account, Region): requests per second. */
  throttleRate: 'L-8A5B8E43',
  /** Throttle burst rate (account, Region); set by AWS. */
  throttleBurst: 'L-CDF5615A',
  regionalApis: 'L-AA0FF27B',
  edgeApis: 'L-B97207D0',
  privateApis: 'L-A966AB5C',
  customDomains: 'L-A93447B8',
  apiKeys: 'L-1D180A63',
  usagePlans: 'L-E8693075',
  stagesPerApi: 'L-379E48B0',
  resourcesPerApi: 'L-01C8A9E0',
  routesPerApi: 'L-65B5C802',
  /** WebSocket: new connections per second per account per Region. */
  newConnectionsPerSecond: 'L-9ED1E49A',
  /** Integration timeout of Regional and private REST APIs (raisable). */
  restIntegrationTimeout: 'L-E5AE38E3',
} as const;
