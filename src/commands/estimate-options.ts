import { Option } from 'commander';
import { ESTIMATE_DEFAULTS as E, SELF_HOSTED_DEFAULTS as H, sizeLabel } from '../models/defaults.js';
import { OPTION_IDS } from '../models/options.js';
import { fromCloudWatchOptions } from './aws-options.js';

/**
 * Flags of `apigw-plan estimate`, as data. Values stay strings here and are parsed (with
 * every problem reported at once) by src/scenario/build.ts, which also records where each
 * value came from. Defaults are applied there, not here, so "not given" stays visible.
 */
export function estimateOptions(): Option[] {
  const o = (flags: string, description: string) => new Option(flags, description);
  return [
    o('--requests <volume>', 'requests per month (50M, 1.5B) or a rate (200/s, 12K/min, 1M/h, 20M/day)'),
    o('--request-size <size>', `mean request payload (e.g. 2KB; KB = 1,024 bytes) [default ${sizeLabel(E.requestBytes)}]`),
    o('--response-size <size>', `mean response payload [default ${sizeLabel(E.responseBytes)}]`),
    o('--max-request-size <size>', 'largest request payload (limit checks) [default: the mean]'),
    o('--max-response-size <size>', 'largest response payload (limit checks) [default: the mean]'),
    o('--messages <volume>', 'WebSocket messages per month, sent plus received'),
    o('--message-size <size>', `mean WebSocket message size [default ${sizeLabel(E.messageBytes)}]`),
    o('--connection-minutes <volume>', 'WebSocket connection minutes per month'),
    o('--peak-to-average <factor>', `peak-hour rate ÷ monthly mean rate [default ${E.peakToAverage}]`),
    o('--peak-hours <hours>', `hours per day at the peak rate [default ${E.peakHoursPerDay}]`),
    o('--requests-per-connection <n>', `requests a client sends per connection (ALB, self-hosted) [default ${E.requestsPerConnection}]`),
    o('--connection-duration <seconds>', `how long a client connection stays open [default ${E.connectionSeconds}]`),
    o('--hours-per-month <hours>', `hours in the billed month [default ${E.hoursPerMonth}]`),
    o('-r, --region <region>', `AWS Region of the price snapshot [default ${E.region}]`),
    o('--prices <file>', 'price snapshot file to use instead of the bundled one (from "pricing refresh")'),
    o('--api-type <types>', 'API Gateway types to cost: rest,http,websocket [default: all that fit the traffic]'),
    o('--options <ids>', `options to compare: ${OPTION_IDS.join(',')} [default: all that apply]`),
    o('--cache-size <GB>', 'REST API cache size (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237) [default: no cache]'),
    o('--private-endpoint-azs <n>', 'private REST API: AZs of the interface VPC endpoint'),
    o('--waf-rules <n>', 'put AWS WAF in front with this many rules (REST and ALB); implies --needs waf'),
    o(
      '--payload <file>',
      'payload size distribution (the file simulate --payload reads): HTTP requests and WebSocket messages metered per request [default: the mean size]',
    ),
    o(
      '--needs <capabilities>',
      'capabilities the design requires; options without one are not named cheapest: usage-plans, per-client-throttling, caching, request-validation, waf, private-endpoint, mtls, lambda-authorizer, jwt-authorizer, iam-auth, websocket',
    ),
    new Option('--free-tier <tier>', `legacy 12-month free tier (accounts created before 2025-07-15) [default ${E.freeTier}]`).choices([
      'none',
      'legacy12m',
    ]),
    new Option('--dto <pricing>', `data transfer out pricing [default ${E.dtoPricing}]`).choices(['tiered', 'first-tier']),
    o('--dto-free-allowance', 'subtract the account-wide 100 GB/month free data transfer out'),
    o('--alb-rules <n>', `ALB listener rules evaluated per request (first 10 free) [default ${E.albRules}]`),
    new Option('--alb-target <type>', `ALB target type [default ${E.albTargetType}]`).choices(['instance', 'ip', 'lambda']),
    o('--alb-public-ips <n>', `public IPv4 addresses of the ALB (one per AZ) [default ${E.albPublicIpv4}]`),
    new Option('--sso <provider>', `identity provider for SSO [default ${E.ssoProvider}]`).choices(['cognito', 'oidc', 'none']),
    new Option('--cognito-plan <plan>', `Cognito feature plan [default ${E.cognitoPlan}]`).choices(['lite', 'essentials', 'plus']),
    o('--mau <n>', `monthly active users signing in (e.g. 25K) [default ${E.mau}]`),
    o('--m2m-clients <n>', `Cognito machine-to-machine app clients [default ${E.m2mClients}]`),
    o('--m2m-tokens <volume>', `Cognito machine-to-machine token requests per month [default ${E.m2mTokens}]`),
    o('--oidc-price-per-mau <usd>', `external OIDC provider price per MAU [default ${E.oidcPricePerMau}]`),
    new Option('--compute <kind>', `self-hosted gateway nodes [default ${H.compute}]`).choices(['ec2', 'fargate']),
    o('--instance-type <type>', `EC2 instance type of a gateway node [default ${H.instanceType}]`),
    o('--fargate-vcpu <n>', `Fargate task vCPU [default ${H.fargateVcpu}]`),
    o('--fargate-memory <GB>', `Fargate task memory in GB [default ${H.fargateMemoryGb}]`),
    new Option('--fargate-arch <arch>', `Fargate architecture [default ${H.fargateArch}]`).choices(['x86', 'arm']),
    o('--rps-per-node <n>', 'requests per second one gateway node sustains [default: published benchmark]'),
    o('--target-utilisation <share>', `plan nodes to run at most this share of capacity at peak (0–1) [default ${H.targetUtilisation}]`),
    o('--min-nodes <n>', `minimum gateway nodes [default ${H.minNodes}]`),
    o('--azs <n>', `availability zones the fleet spreads over [default ${H.availabilityZones}]`),
    o('--ops-hours <hours>', `operations labour per month for the self-hosted gateway [default ${H.opsHoursPerMonth}]`),
    o('--ops-rate <usd>', `cost of an hour of operations labour [default ${H.opsUsdPerHour}]`),
    o('--scenario <file>', 'scenario file (JSON or YAML) describing several APIs'),
    ...fromCloudWatchOptions(),
    new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'),
    o(
      '--details [sections]',
      'table output: also print these sections (all when none named): ladders, capabilities, breakevens, assumptions, sources',
    ),
    o('--no-color', 'disable colours (also NO_COLOR)'),
  ];
}

/** The estimate flags' defaults, as commander applies them: for pricing a scenario side of `diff` and `check`. */
export function estimateDefaults(): Record<string, unknown> {
  return Object.fromEntries(
    estimateOptions()
      .filter((o) => o.defaultValue !== undefined)
      .map((o) => [o.attributeName(), o.defaultValue as unknown]),
  );
}
