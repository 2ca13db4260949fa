/**
 * Usage types carry the Region's billing code in front ("USE1-ApiGatewayRequest", "EU-LCUUsage",
 * "APN1-Fargate-GB-Hours"). The codes themselves are Region facts in pricing-data/regions.json
 * (source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html),
 * read by src/prices/regions.ts and passed in here: this module stays pure. us-east-1 usage types
 * often carry no prefix at all (EC2 "BoxUsage:c6g.large"), so both forms are tried there.
 */

/**
 * The usage types to look for, in order: "<CODE>-<suffix>", and in us-east-1 also the bare
 * suffix (first when `bareFirst`, as EC2 writes its us-east-1 usage types).
 */
export function usageTypeCandidates(region: string, code: string, suffix: string, bareFirst = false): string[] {
  const prefixed = `${code}-${suffix}`;
  if (region !== 'us-east-1') return [prefixed];
  return bareFirst ? [suffix, prefixed] : [prefixed, suffix];
}

/** "USE1-ApiGatewayRequest" → "ApiGatewayRequest" when it starts with the Region's code (or is bare in us-east-1). */
export function usageSuffix(region: string, code: string, usageType: string): string | undefined {
  if (usageType.startsWith(`${code}-`)) return usageType.slice(code.length + 1);
  if (region === 'us-east-1' && !/^[A-Z]{2,4}\d?-/.test(usageType)) return usageType;
  return undefined;
}
