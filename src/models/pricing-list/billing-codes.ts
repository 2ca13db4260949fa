/**
 * Region billing codes: the prefix AWS puts in front of a usage type ("USE1-ApiGatewayRequest",
 * "EU-LCUUsage", "APN1-Fargate-GB-Hours"). Pure data.
 *
 * Source: "AWS Region billing codes",
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html
 * (no date stated; North America, Africa and Asia Pacific rows read there). Europe, Middle East,
 * South America and GovCloud rows as in aws-facts.md A.5 (eu-west-1 is "EU", not "EUW1") and the
 * S3 usage-report pages that list the same codes. us-east-1 usage types often carry no prefix at
 * all (EC2 "BoxUsage:c6g.large"), so callers try both forms there.
 */
export const BILLING_CODES: Readonly<Record<string, string>> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-1': 'USW1',
  'us-west-2': 'USW2',
  'ca-central-1': 'CAN1',
  'ca-west-1': 'CAN2',
  'mx-central-1': 'MXC1',
  'af-south-1': 'AFS1',
  'ap-east-1': 'APE1',
  'ap-east-2': 'APE2',
  'ap-northeast-1': 'APN1',
  'ap-northeast-2': 'APN2',
  'ap-northeast-3': 'APN3',
  'ap-southeast-1': 'APS1',
  'ap-southeast-2': 'APS2',
  'ap-south-1': 'APS3',
  'ap-southeast-3': 'APS4',
  'ap-south-2': 'APS5',
  'ap-southeast-4': 'APS6',
  'ap-southeast-5': 'APS7',
  'ap-southeast-6': 'APS8',
  'ap-southeast-7': 'APS9',
  'eu-west-1': 'EU',
  'eu-west-2': 'EUW2',
  'eu-west-3': 'EUW3',
  'eu-central-1': 'EUC1',
  'eu-central-2': 'EUC2',
  'eu-north-1': 'EUN1',
  'eu-south-1': 'EUS1',
  'eu-south-2': 'EUS2',
  'il-central-1': 'ILC1',
  'me-south-1': 'MES1',
  'me-central-1': 'MEC1',
  'sa-east-1': 'SAE1',
  'us-gov-west-1': 'UGW1',
  'us-gov-east-1': 'UGE1',
};

/** The billing code of a Region, or undefined for a Region the table does not know. */
export function billingCode(region: string): string | undefined {
  return Object.hasOwn(BILLING_CODES, region) ? BILLING_CODES[region] : undefined;
}

export function knownRegions(): string[] {
  return Object.keys(BILLING_CODES).sort();
}

/**
 * The usage types to look for, in order: "<CODE>-<suffix>", and in us-east-1 also the bare
 * suffix (first when `bareFirst`, as EC2 writes its us-east-1 usage types).
 */
export function usageTypeCandidates(region: string, suffix: string, bareFirst = false): string[] {
  const code = billingCode(region);
  if (code === undefined) return [];
  const prefixed = `${code}-${suffix}`;
  if (region !== 'us-east-1') return [prefixed];
  return bareFirst ? [suffix, prefixed] : [prefixed, suffix];
}

/** "USE1-ApiGatewayRequest" → "ApiGatewayRequest" when it starts with the Region's code (or is bare in us-east-1). */
export function usageSuffix(region: string, usageType: string): string | undefined {
  const code = billingCode(region);
  if (code === undefined) return undefined;
  if (usageType.startsWith(`${code}-`)) return usageType.slice(code.length + 1);
  if (region === 'us-east-1' && !/^[A-Z]{2,4}\d?-/.test(usageType)) return usageType;
  return undefined;
}
