import { Option } from 'commander';
import { fromCloudWatchOptions } from './aws-options.js';

/**
 * Flags of `apigw-plan estimate`, as data. Values stay strings here and are parsed (with
 * every problem reported at once) by src/scenario/build.ts, which also records where each
 * value came from. Defaults are applied there, not here, so "not given" stays visible.
 */
export function estimateOptions(): Option[] {
  const o = (flags: string, description: string) => new Option(flags, description);
  return [
    o('--requests <volume>', 'requests per month (50M, 1.5B) or per second (200/s)'),
    o('--request-size <size>', 'mean request payload (e.g. 2KB; KB = 1,024 bytes) [default 1KB]'),
    o('--response-size <size>', 'mean response payload [default 4KB]'),
    o('--max-request-size <size>', 'largest request payload (limit checks) [default: the mean]'),
    o('--max-response-size <size>', 'largest response payload (limit checks) [default: the mean]'),
    o('--messages <volume>', 'WebSocket messages per month, sent plus received'),
    o('--message-size <size>', 'mean WebSocket message size [default 1KB]'),
    o('--connection-minutes <volume>', 'WebSocket connection minutes per month'),
    o('--peak-to-average <factor>', 'peak-hour rate ÷ monthly mean rate [default 2]'),
    o('--peak-hours <hours>', 'hours per day at the peak rate [default 4]'),
    o('--requests-per-connection <n>', 'requests a client sends per connection (ALB, self-hosted) [default 5]'),
    o('--connection-duration <seconds>', 'how long a client connection stays open [default 120]'),
    o('--hours-per-month <hours>', 'hours in the billed month [default 730]'),
    o('-r, --region <region>', 'AWS Region of the price snapshot [default us-east-1]'),
    o('--prices <file>', 'price snapshot file to use instead of the bundled one (from "pricing refresh")'),
    o('--api-type <types>', 'API Gateway types to cost: rest,http,websocket [default: all that fit the traffic]'),
    o('--options <ids>', 'options to compare: rest,http,websocket,apigw,alb-sso,self-hosted [default: all that apply]'),
    o('--cache-size <GB>', 'REST API cache size (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237) [default: no cache]'),
    o('--private-endpoint-azs <n>', 'private REST API: AZs of the interface VPC endpoint'),
    o('--waf-rules <n>', 'put AWS WAF in front with this many rules (REST and ALB)'),
    new Option('--free-tier <tier>', 'legacy 12-month free tier (accounts created before 2025-07-15) [default none]').choices([
      'none',
      'legacy12m',
    ]),
    new Option('--dto <pricing>', 'data transfer out pricing [default tiered]').choices(['tiered', 'first-tier']),
    o('--dto-free-allowance', 'subtract the account-wide 100 GB/month free data transfer out'),
    o('--alb-rules <n>', 'ALB listener rules evaluated per request (first 10 free) [default 10]'),
    new Option('--alb-target <type>', 'ALB target type [default instance]').choices(['instance', 'ip', 'lambda']),
    o('--alb-public-ips <n>', 'public IPv4 addresses of the ALB (one per AZ) [default 2]'),
    new Option('--sso <provider>', 'identity provider for SSO [default cognito]').choices(['cognito', 'oidc', 'none']),
    new Option('--cognito-plan <plan>', 'Cognito feature plan [default essentials]').choices(['lite', 'essentials', 'plus']),
    o('--mau <n>', 'monthly active users signing in (e.g. 25K) [default 0]'),
    o('--m2m-clients <n>', 'Cognito machine-to-machine app clients [default 0]'),
    o('--m2m-tokens <volume>', 'Cognito machine-to-machine token requests per month [default 0]'),
    o('--oidc-price-per-mau <usd>', 'external OIDC provider price per MAU [default 0]'),
    new Option('--compute <kind>', 'self-hosted gateway nodes [default ec2]').choices(['ec2', 'fargate']),
    o('--instance-type <type>', 'EC2 instance type of a gateway node [default c6g.large]'),
    o('--fargate-vcpu <n>', 'Fargate task vCPU [default 2]'),
    o('--fargate-memory <GB>', 'Fargate task memory in GB [default 4]'),
    new Option('--fargate-arch <arch>', 'Fargate architecture [default arm]').choices(['x86', 'arm']),
    o('--rps-per-node <n>', 'requests per second one gateway node sustains [default: published benchmark]'),
    o('--target-utilisation <share>', 'plan nodes to run at most this share of capacity at peak (0–1) [default 0.6]'),
    o('--min-nodes <n>', 'minimum gateway nodes [default 2]'),
    o('--azs <n>', 'availability zones the fleet spreads over [default 2]'),
    o('--ops-hours <hours>', 'operations labour per month for the self-hosted gateway [default 0]'),
    o('--ops-rate <usd>', 'cost of an hour of operations labour [default 0]'),
    o('--scenario <file>', 'scenario file (JSON or YAML) describing several APIs'),
    ...fromCloudWatchOptions(),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
    o('--no-color', 'disable colours (also NO_COLOR)'),
  ];
}
