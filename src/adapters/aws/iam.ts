/** The minimal read-only IAM policy the tool needs (printed by `apigw-plan iam-policy`, same text in docs/aws.md). No SDK import. */
export const IAM_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ApiGatewayReadConfiguration',
      Effect: 'Allow',
      Action: ['apigateway:GET'],
      Resource: [
        'arn:aws:apigateway:*::/account',
        'arn:aws:apigateway:*::/restapis',
        'arn:aws:apigateway:*::/restapis/*',
        'arn:aws:apigateway:*::/usageplans',
        'arn:aws:apigateway:*::/usageplans/*',
        'arn:aws:apigateway:*::/apikeys',
        'arn:aws:apigateway:*::/domainnames',
        'arn:aws:apigateway:*::/apis',
        'arn:aws:apigateway:*::/apis/*',
      ],
    },
    {
      Sid: 'CloudWatchReadApiGatewayMetrics',
      Effect: 'Allow',
      Action: ['cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'],
      Resource: '*',
    },
    {
      Sid: 'ServiceQuotasRead',
      Effect: 'Allow',
      Action: ['servicequotas:ListServiceQuotas', 'servicequotas:ListAWSDefaultServiceQuotas'],
      Resource: '*',
    },
    {
      Sid: 'PricingRead',
      Effect: 'Allow',
      Action: ['pricing:GetProducts'],
      Resource: '*',
    },
  ],
} as const;

/** What each command reads, by IAM action (for `iam-policy --command` and the docs). */
export const READS_BY_COMMAND: Record<string, string[]> = {
  limits: [
    'apigateway:GET',
    'servicequotas:ListServiceQuotas',
    'servicequotas:ListAWSDefaultServiceQuotas',
    'cloudwatch:ListMetrics',
    'cloudwatch:GetMetricData',
  ],
  'estimate --from-cloudwatch': ['apigateway:GET', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'],
  'simulate --from-cloudwatch': ['apigateway:GET', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'],
  'pricing refresh': ['pricing:GetProducts'],
};

export function policyText(): string {
  return `${JSON.stringify(IAM_POLICY, null, 2)}\n`;
}
