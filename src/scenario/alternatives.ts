import type { Decimal } from '../money/decimal.js';
import { DEFAULT_SELF_HOSTED } from '../models/alternatives/self-hosted.js';
import type { Alternatives } from '../models/workload.js';
import { parseCount, parseDecimal } from '../options/units.js';
import { DEFAULTS, defaultAlternatives } from './defaults.js';
import { parseMonthlyCount, parsePositive, parsePositiveCount, parseShare } from './parsers.js';
import type { ScenarioFile } from './schema.js';

/** Reads one setting from flag, scenario or default (see `pick` in buildInput). */
export type Pick = <T>(
  name: string,
  flag: string | undefined,
  fromScenario: number | string | undefined,
  scenarioPathLabel: string,
  fallback: string | number | undefined,
  parse: (text: string) => T,
  show?: (v: T) => string,
) => T | undefined;

/** The alternatives to API Gateway (ALB, SSO, a self-hosted gateway): flags > scenario > defaults, through `pick`. */
export function buildAlternatives(pick: Pick, sc: ScenarioFile | undefined, volume: (text: string) => Decimal): Alternatives {
  const alt = defaultAlternatives();
  const d = (x: Decimal) => x.toFixed();
  const choice = <T extends string>(s: string) => s as T;
  alt.alb.rules = pick('alb.rules', 'albRules', sc?.alb?.rules, 'alb.rules', DEFAULTS.albRules, parseCount) ?? alt.alb.rules;
  alt.alb.targetType =
    pick(
      'alb.targetType',
      'albTarget',
      sc?.alb?.targetType,
      'alb.targetType',
      DEFAULTS.albTargetType,
      choice<'instance' | 'ip' | 'lambda'>,
    ) ?? alt.alb.targetType;
  alt.alb.publicIpv4Addresses =
    pick(
      'alb.publicIpv4Addresses',
      'albPublicIps',
      sc?.alb?.publicIpv4Addresses,
      'alb.publicIpv4Addresses',
      DEFAULTS.albPublicIpv4,
      parseCount,
    ) ?? alt.alb.publicIpv4Addresses;

  const s = sc?.sso;
  alt.sso.provider =
    pick('sso.provider', 'sso', s?.provider, 'sso.provider', DEFAULTS.ssoProvider, choice<'cognito' | 'oidc' | 'none'>) ?? alt.sso.provider;
  alt.sso.cognitoPlan =
    pick('sso.plan', 'cognitoPlan', s?.plan, 'sso.plan', DEFAULTS.cognitoPlan, choice<'lite' | 'essentials' | 'plus'>) ??
    alt.sso.cognitoPlan;
  alt.sso.mau = pick('sso.mau', 'mau', s?.mau, 'sso.mau', DEFAULTS.mau, parseMonthlyCount, d) ?? alt.sso.mau;
  alt.sso.m2mAppClients =
    pick('sso.m2mAppClients', 'm2mClients', s?.m2mAppClients, 'sso.m2mAppClients', DEFAULTS.m2mClients, parseCount) ?? DEFAULTS.m2mClients;
  alt.sso.m2mTokenRequestsPerMonth =
    pick('sso.m2mTokenRequests', 'm2mTokens', s?.m2mTokenRequests, 'sso.m2mTokenRequests', DEFAULTS.m2mTokens, volume, d) ??
    alt.sso.m2mTokenRequestsPerMonth;
  alt.sso.oidcUsdPerMau =
    pick('sso.oidcUsdPerMau', 'oidcPricePerMau', s?.oidcUsdPerMau, 'sso.oidcUsdPerMau', DEFAULTS.oidcPricePerMau, parseDecimal, d) ??
    alt.sso.oidcUsdPerMau;
  if (s?.oidcProviderName) alt.sso.oidcProviderName = s.oidcProviderName;

  const h = sc?.selfHosted;
  const sh = alt.selfHosted;
  sh.compute = pick('selfHosted.compute', 'compute', h?.compute, 'selfHosted.compute', 'ec2', choice<'ec2' | 'fargate'>) ?? sh.compute;
  sh.instanceType =
    pick('selfHosted.instanceType', 'instanceType', h?.instanceType, 'selfHosted.instanceType', DEFAULT_SELF_HOSTED.instanceType, (x) =>
      x.trim(),
    ) ?? sh.instanceType;
  sh.fargate.vcpu =
    pick(
      'selfHosted.fargate.vcpu',
      'fargateVcpu',
      h?.fargate?.vcpu,
      'selfHosted.fargate.vcpu',
      DEFAULT_SELF_HOSTED.fargate.vcpu.toFixed(),
      parsePositive,
      d,
    ) ?? sh.fargate.vcpu;
  sh.fargate.memoryGb =
    pick(
      'selfHosted.fargate.memoryGb',
      'fargateMemory',
      h?.fargate?.memoryGb,
      'selfHosted.fargate.memoryGb',
      DEFAULT_SELF_HOSTED.fargate.memoryGb.toFixed(),
      parsePositive,
      d,
    ) ?? sh.fargate.memoryGb;
  sh.fargate.arch =
    pick('selfHosted.fargate.arch', 'fargateArch', h?.fargate?.arch, 'selfHosted.fargate.arch', 'arm', choice<'x86' | 'arm'>) ??
    sh.fargate.arch;
  const rps = pick('selfHosted.rpsPerNode', 'rpsPerNode', h?.rpsPerNode, 'selfHosted.rpsPerNode', undefined, parsePositive, d);
  if (rps) {
    sh.rpsPerNode = rps;
    sh.rpsPerNodeSource = 'given by the user';
  }
  sh.targetUtilisation =
    pick(
      'selfHosted.targetUtilisation',
      'targetUtilisation',
      h?.targetUtilisation,
      'selfHosted.targetUtilisation',
      DEFAULT_SELF_HOSTED.targetUtilisation.toFixed(),
      parseShare,
      d,
    ) ?? sh.targetUtilisation;
  sh.minNodes =
    pick('selfHosted.minNodes', 'minNodes', h?.minNodes, 'selfHosted.minNodes', DEFAULT_SELF_HOSTED.minNodes, parsePositiveCount) ??
    sh.minNodes;
  sh.availabilityZones =
    pick(
      'selfHosted.availabilityZones',
      'azs',
      h?.availabilityZones,
      'selfHosted.availabilityZones',
      DEFAULT_SELF_HOSTED.availabilityZones,
      parsePositiveCount,
    ) ?? sh.availabilityZones;
  sh.opsHoursPerMonth =
    pick('selfHosted.opsHoursPerMonth', 'opsHours', h?.opsHoursPerMonth, 'selfHosted.opsHoursPerMonth', '0', parseDecimal, d) ??
    sh.opsHoursPerMonth;
  sh.opsUsdPerHour =
    pick('selfHosted.opsUsdPerHour', 'opsRate', h?.opsUsdPerHour, 'selfHosted.opsUsdPerHour', '0', parseDecimal, d) ?? sh.opsUsdPerHour;
  return alt;
}
