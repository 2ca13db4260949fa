import { Option } from 'commander';

/** Flags of `apigw-plan pricing refresh`, as data (no SDK, no models: --help stays cheap). */
export function pricingRefreshOptions(): Option[] {
  return [
    new Option('-r, --region <region>', 'AWS Region to price (the Pricing API itself is called in us-east-1)'),
    new Option('-o, --output <file>', 'where to write the snapshot [default: ./pricing-data-<region>.json]'),
    new Option(
      '--profile <name>',
      'AWS profile from ~/.aws/config or ~/.aws/credentials (SSO profiles too) [default: AWS_PROFILE or the default chain]',
    ),
    new Option('--endpoint-url <url>', 'send the Pricing calls to this endpoint instead (LocalStack, proxies)'),
    new Option('-f, --format <format>', 'output format of the summary').choices(['table', 'json', 'markdown']).default('table'),
  ];
}
