/**
 * The defaults `estimate` applies when an input is not given, as plain values with no imports:
 * the models and the input builder use them, and the `--help` text prints them (so the
 * "[default X]" strings cannot drift from what the code does). Sizes are bytes (KB = 1,024).
 */
export const ESTIMATE_DEFAULTS = {
  region: 'us-east-1',
  hoursPerMonth: '730',
  peakToAverage: '2',
  peakHoursPerDay: '4',
  // AWS's ALB pricing example: 1 new connection/s carrying 5 requests/s, each connection open 2 minutes.
  requestsPerConnection: '5',
  connectionSeconds: '120',
  requestBytes: '1024',
  responseBytes: '4096',
  messageBytes: '1024',
  albRules: 10,
  albTargetType: 'instance',
  albPublicIpv4: 2,
  ssoProvider: 'cognito',
  cognitoPlan: 'essentials',
  mau: '0',
  m2mClients: 0,
  m2mTokens: 0,
  oidcPricePerMau: '0',
  freeTier: 'none',
  dtoPricing: 'tiered',
} as const;

/** The self-hosted gateway's defaults (the capacity per node comes with its benchmark, in the self-hosted model). */
export const SELF_HOSTED_DEFAULTS = {
  compute: 'ec2',
  instanceType: 'c6g.large',
  fargateVcpu: '2',
  fargateMemoryGb: '4',
  fargateArch: 'arm',
  targetUtilisation: '0.6',
  minNodes: 2,
  availabilityZones: 2,
  opsHoursPerMonth: '0',
  opsUsdPerHour: '0',
} as const;

/**
 * Forecast defaults. Quota increases are not instant: the lead time the verdict allows (docs/forecast.md
 * "Assumptions"). The paths' trend coefficients are a randomised lattice and their weeks a Latin hypercube
 * over the pool (src/models/forecast/sim-common.ts, weekly.ts). At 128 of them a crossing date's Monte
 * Carlo error is an RMS of 5.6–6.7 % of its interval's width (about a day for a price tier's crossing two
 * months out, 3–5 days for a throttle's six months out); every forecast estimates each date's own, and
 * more paths lower it (docs/forecast.md, "Monte Carlo error", says what it means for a reader). A power of
 * two: the weekly engine's pool is then exactly 8 × paths weeks.
 */
export const FORECAST_DEFAULTS = {
  leadTimeDays: 14,
  paths: 128,
} as const;

/** 1024 → "1KB", 4096 → "4KB", 1048576 → "1MB": how help text shows a default size. */
export function sizeLabel(bytes: string | number): string {
  const n = Number(bytes);
  return n % 1048576 === 0 ? `${n / 1048576}MB` : n % 1024 === 0 ? `${n / 1024}KB` : `${n}B`;
}
