import { Option } from 'commander';

/** Flags shared by every command that reads AWS (as the AWS CLI takes them). Plain data, no SDK import. */
export function awsOptions(): Option[] {
  return [
    new Option(
      '--profile <name>',
      'AWS profile from ~/.aws/config or ~/.aws/credentials (SSO profiles too) [default: AWS_PROFILE or the default chain]',
    ),
    new Option('-r, --region <region>', 'AWS Region [default: AWS_REGION, else us-east-1]'),
    new Option('--endpoint-url <url>', 'send AWS calls to this endpoint instead (LocalStack, proxies)'),
  ];
}

/** `apigw-plan limits`. */
export function limitsOptions(): Option[] {
  return [
    ...awsOptions(),
    new Option('--days <n>', 'CloudWatch window for peak request rates (0 = skip CloudWatch)').default('14'),
    new Option('--limits-out <file>', 'also write the configured throttles as a limits file for `simulate --limits`'),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
  ];
}

/** `apigw-plan iam-policy`. */
export function iamPolicyOptions(): Option[] {
  return [new Option('-f, --format <format>', 'output format').choices(['json', 'markdown']).default('json')];
}

/** Added to `estimate` and `simulate`. */
export function fromCloudWatchOptions(): Option[] {
  return [
    new Option('--from-cloudwatch', 'use the real traffic of the last --days days from CloudWatch instead of a file'),
    new Option('--days <n>', 'CloudWatch window in days, for --from-cloudwatch').default('14'),
    new Option('--api <name>', 'only this API (name or id), for --from-cloudwatch'),
    new Option('--profile <name>', 'AWS profile, for --from-cloudwatch'),
    new Option('--endpoint-url <url>', 'AWS endpoint override, for --from-cloudwatch'),
  ];
}
