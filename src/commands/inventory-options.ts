import { Option } from 'commander';

/** Options of `apigw-plan inventory` (plain data: no model code loads until the command runs). */
export function inventoryOptions(): Option[] {
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  return [
    new Option('--parameter <key=value>', 'CloudFormation parameter value (repeatable); wins over the template default').argParser(collect),
    new Option('-r, --region <region>', 'AWS Region: resolves AWS::Region, and goes into the limits file and scenario'),
    new Option('--openapi-as <type>', 'read a standalone OpenAPI file as this API type (default: from the file, else REST)').choices([
      'rest',
      'http',
    ]),
    new Option('--quotas <file>', 'applied quota values: the JSON of `apigw-plan limits --format json`, or {"L-01C8A9E0": 500, …}'),
    new Option('--from-account', 'read the applied quota values from Service Quotas (needs AWS credentials)'),
    new Option('--profile <name>', 'AWS profile, for --from-account'),
    new Option('--endpoint-url <url>', 'AWS endpoint override, for --from-account'),
    new Option(
      '--limits-out <file>',
      'write the throttles and usage plans as a limits file for `simulate --limits` (YAML; comments name each source)',
    ),
    new Option('--scenario-out <file>', 'write an estimate scenario (API types, cache, private endpoints, WAF) for `estimate --scenario`'),
    new Option('--requests <volume>', 'for --scenario-out: requests per month of each REST and HTTP API (e.g. 50M, 200/s)'),
    new Option('--messages <volume>', 'for --scenario-out: messages per month of each WebSocket API'),
    new Option('--connection-minutes <volume>', 'for --scenario-out: connection minutes per month of each WebSocket API'),
    new Option(
      '--traffic-file <file>',
      'for --scenario-out: traffic per API, by API name (JSON or YAML: {orders: {requests: 30M, responseSize: 8KB}})',
    ),
    new Option('--private-endpoint-azs <n>', 'for --scenario-out: AZs of the execute-api VPC endpoint when the code does not say'),
    new Option('--waf-rules <n>', 'for --scenario-out: rules of a web ACL the code does not define'),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
  ];
}
