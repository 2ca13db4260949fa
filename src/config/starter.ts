/**
 * The starter config `apigw-plan init` writes: every gate at a sensible level, a comment on each,
 * and the schema line editors use. It must load with `loadCheckConfig` and make `check` run with
 * every gate evaluated or skipped with its reason (a test proves both).
 */
export const STARTER_CONFIG_NAME = 'apigw-plan.config.yaml';

export interface StarterInputs {
  /** Monthly requests to price (a volume such as 50M, or a rate such as 200/s). */
  requests: string;
  /** The schema path written on the `$schema` line, relative to the config file. */
  schema: string;
}

export function starterConfig(inputs: StarterInputs): string {
  return `# apigw-plan check: the CI gate's config. Written by \`apigw-plan init\`; edit freely.
# Run \`npx apigw-plan check\` next to this file. Exit codes: 0 gates passed · 1 a gate failed ·
# 2 bad input or config · 3 AWS or environment failure · 4 internal error.
# yaml-language-server: $schema=${inputs.schema}
$schema: ${inputs.schema}

# What to price: the estimate command's flags in camelCase. Paths in this file are relative to it.
# Replace the volume with yours, or describe your APIs in a scenario file (scenario: ./apis.yaml).
estimate:
  requests: ${inputs.requests}

# Throttling: uncomment with your traffic (CloudWatch-style counts) and throttles to gate 429 risk
# and payload limits (see the simulate command's --traffic, --limits and --payload).
# simulate:
#   traffic: ./traffic.csv
#   limits: ./limits.yaml

# Quotas of the live account (needs read-only AWS credentials; \`apigw-plan iam-policy\` prints the policy).
# limits:
#   region: us-east-1

# Written by \`apigw-plan check --write-baseline\` (on your main branch); the growth gate compares with it.
baseline: ./apigw-plan.baseline.json

gates:
  # Each gate has a level: off, warn (reported; fails only with --strict) or error (fails the check).
  # A gate whose facts are missing is reported as skipped, with the reason, never as passed.
  monthlyBudget:
    level: error
    maxUsd: "1000.00"        # one budget for every option, or by option id: { rest: "500.00", alb-sso: "800.00" }
  growth:
    level: warn
    maxPercent: 10           # cost growth against the baseline, in percent…
    minDeltaUsd: "50.00"     # …and in dollars: both must be exceeded
  quotaHeadroom:
    level: error
    minPercent: 20           # needs a simulate or limits block to measure anything
  throttleRisk:
    level: warn
    maxProbability: 0.01     # chance of any 429 in the busiest window; needs a simulate block
  payloadLimits:
    level: warn              # payloads over API Gateway's limits; needs simulate.payload
`;
}
