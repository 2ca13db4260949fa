import { QUOTA } from './codes.js';
/**
 * Service Quotas for API Gateway, merged (pure). Applied values (ListServiceQuotas) win over
 * AWS defaults (ListAWSDefaultServiceQuotas), which win over the documented defaults bundled
 * with the tool (pricing-data/quota-defaults.json). Resource quotas (counts), rate quotas (per
 * second), burst quotas and sizes stay different kinds: only like is compared with like.
 */

export type QuotaKind = 'rate' | 'burst' | 'count' | 'size';

/** A quota as Service Quotas returns it (plain data from the adapter). */
export interface SqQuota {
  code: string;
  name: string;
  value: number;
  unit: string | undefined;
  adjustable: boolean | undefined;
  /** QuotaPeriod, when the quota is a rate over a period. */
  period: { value: number; unit: string } | undefined;
}

/** A documented default bundled with the tool. */
export interface BundledQuota {
  code: string;
  name: string;
  scope: string;
  kind: QuotaKind;
  unit: string;
  default: number;
  adjustable: boolean | null;
  docUrl: string;
  status: string;
}

export interface QuotaRow {
  code: string;
  name: string;
  kind: QuotaKind;
  unit: string;
  /** Value in force: applied, else AWS default, else documented default. Rates are per second. */
  value: number;
  applied: number | undefined;
  default: number | undefined;
  raised: boolean;
  adjustable: boolean | undefined;
  /** Where `value` came from: GetAccount sets the account throttle (rate and burst) whenever it was read. */
  source: 'service-quotas' | 'bundled' | 'get-account';
  /** The Service Quotas (or bundled) value when GetAccount set `value` and the two differ. */
  serviceQuotasValue?: number;
  docUrl: string | undefined;
  usage?: { value: number; where: string | undefined; note?: string };
  /** 1 − usage ÷ value; negative = over the quota. */
  headroom?: number;
  /** Why the headroom is unknown: the usage or the value in force could not be read ("denied: apigateway:GET /restapis"). */
  unknown?: string;
}

const PERIOD_SECONDS: Record<string, number> = {
  MICROSECOND: 1e-6,
  MILLISECOND: 1e-3,
  SECOND: 1,
  MINUTE: 60,
  HOUR: 3600,
  DAY: 86400,
  WEEK: 604800,
};

/** Per-second value of a rate given over a period (e.g. 600 per MINUTE → 10 per second). */
export function perSecond(amount: number, periodSeconds: number): number {
  if (!(periodSeconds > 0)) throw new RangeError(`period must be > 0 seconds, got ${periodSeconds}`);
  return amount / periodSeconds;
}

function kindOf(q: SqQuota, bundled: BundledQuota | undefined): QuotaKind {
  if (bundled) return bundled.kind;
  if (q.period) return 'rate';
  if (/burst/i.test(q.name)) return 'burst';
  if (/rate|per second/i.test(q.name)) return 'rate';
  if (/size|length|bytes|timeout|ttl|duration/i.test(q.name)) return 'size';
  return 'count';
}

function normalise(q: SqQuota): number {
  if (!q.period) return q.value;
  const s = (PERIOD_SECONDS[q.period.unit] ?? 1) * q.period.value;
  return perSecond(q.value, s);
}

export interface MergeResult {
  rows: QuotaRow[];
  /** True when no Service Quotas answer was available and every row is a documented default. */
  bundledOnly: boolean;
}

/** A bundled quota's default in a Region: the Region's own account throttle for the two throttle quotas. */
export function regionalDefault(b: BundledQuota, accountThrottle: { rate: number; burst: number } | undefined): number {
  if (accountThrottle && b.code === 'L-8A5B8E43') return accountThrottle.rate;
  if (accountThrottle && b.code === 'L-CDF5615A') return accountThrottle.burst;
  return b.default;
}

export function mergeQuotas(
  applied: SqQuota[] | undefined,
  defaults: SqQuota[] | undefined,
  bundled: readonly BundledQuota[],
  /** The Region's default account throttle (a Region fact); undefined = the bundled quota defaults. */
  accountThrottle?: { rate: number; burst: number },
): MergeResult {
  const bundledBy = new Map(bundled.map((b) => [b.code, b]));
  const appliedBy = new Map((applied ?? []).map((q) => [q.code, q]));
  const defaultBy = new Map((defaults ?? []).map((q) => [q.code, q]));
  const bundledOnly = applied === undefined && defaults === undefined;
  const codes = bundledOnly ? bundled.map((b) => b.code) : [...new Set([...defaultBy.keys(), ...appliedBy.keys()])];
  const rows: QuotaRow[] = codes.map((code) => {
    const a = appliedBy.get(code);
    const d = defaultBy.get(code);
    const b = bundledBy.get(code);
    const any = (a ?? d)!;
    if (!any) {
      const def = regionalDefault(b!, accountThrottle);
      return {
        code,
        name: b!.name,
        kind: b!.kind,
        unit: b!.unit,
        value: def,
        applied: undefined,
        default: def,
        raised: false,
        adjustable: b!.adjustable ?? undefined,
        source: 'bundled',
        docUrl: b!.docUrl,
      };
    }
    const kind = kindOf(any, b);
    const appliedV = a ? normalise(a) : undefined;
    const defaultV = d ? normalise(d) : b && !bundledOnly ? undefined : undefined;
    const value = appliedV ?? defaultV!;
    return {
      code,
      name: any.name,
      kind,
      unit: kind === 'rate' ? 'per second' : any.unit && any.unit !== 'None' ? any.unit : (b?.unit ?? 'count'),
      value,
      applied: appliedV,
      default: defaultV ?? b?.default,
      raised: appliedV !== undefined && (defaultV ?? b?.default) !== undefined && appliedV > (defaultV ?? b!.default),
      adjustable: any.adjustable ?? b?.adjustable ?? undefined,
      source: 'service-quotas',
      docUrl: b?.docUrl,
    };
  });
  rows.sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.name.localeCompare(y.name));
  return { rows, bundledOnly };
}

/** The account-level throttle as API Gateway's GetAccount reports it (`throttleSettings`). */
export interface AccountThrottle {
  rate: number;
  burst: number;
}

const ACCOUNT_RATE = 'L-8A5B8E43';
const ACCOUNT_BURST = 'L-CDF5615A';

/** A finding as the limits command reports it (kept structural: this module has no dependency on the estimate types). */
export interface QuotaFinding {
  code: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/**
 * The account throttle API Gateway enforces is the one GetAccount reports
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html): in the Regions whose
 * default is 2,500 rps / 1,250 burst (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html)
 * Service Quotas can still report 10,000 / 5,000, which would make headroom 4× too optimistic.
 * So GetAccount's values replace the rate and burst rows (source "get-account"), and any
 * disagreement is reported with both figures. Without GetAccount, Service Quotas stands, and in
 * a lower-default Region a value above the documented default is flagged as unconfirmed.
 */
export function applyAccountThrottle(
  rows: QuotaRow[],
  account: AccountThrottle | undefined,
  region: string,
  /** The Region's documented default account throttle (a Region fact), when known. */
  regionDefault?: AccountThrottle,
): { rows: QuotaRow[]; findings: QuotaFinding[] } {
  const findings: QuotaFinding[] = [];
  const lower = regionDefault !== undefined && regionDefault.rate < 10_000;
  const defaultText = regionDefault
    ? `${regionDefault.rate.toLocaleString('en-US')} rps / ${regionDefault.burst.toLocaleString('en-US')} burst`
    : '';
  if (!account) {
    const rate = rows.find((r) => r.code === ACCOUNT_RATE);
    if (lower && rate && rate.value > regionDefault.rate) {
      findings.push({
        code: 'ACCOUNT_THROTTLE_UNCONFIRMED',
        level: 'warn',
        message: `${region} defaults to ${defaultText}, and Service Quotas says ${rate.value} rps; GetAccount (what API Gateway enforces) could not be read, so headroom may be overstated: allow apigateway:GET on /account`,
      });
    }
    return { rows, findings };
  }
  const differ: string[] = [];
  const out = rows.map((r) => {
    const v = r.code === ACCOUNT_RATE ? account.rate : r.code === ACCOUNT_BURST ? account.burst : undefined;
    if (v === undefined) return r;
    const row: QuotaRow = { ...r, value: v, source: 'get-account' };
    if (r.value !== v) {
      row.serviceQuotasValue = r.value;
      differ.push(
        `${r.code === ACCOUNT_RATE ? 'rate' : 'burst'} ${v} (GetAccount) vs ${r.value} (${r.source === 'bundled' ? 'documented default' : 'Service Quotas'})`,
      );
    }
    return row;
  });
  if (differ.length) {
    findings.push({
      code: 'ACCOUNT_THROTTLE_DIFFERS',
      level: 'warn',
      message: `account throttle: ${differ.join('; ')}. API Gateway enforces what GetAccount reports, so headroom is computed against it${lower ? ` (${region} defaults to ${defaultText})` : ''}`,
    });
  }
  return { rows: out, findings };
}

const KIND_ORDER: Record<QuotaKind, number> = { rate: 0, burst: 1, count: 2, size: 3 };

/** Current usage, as plain numbers (from API Gateway counts and CloudWatch peaks). */
export interface AccountUsage {
  regionalApis?: number;
  edgeApis?: number;
  privateApis?: number;
  customDomains?: number;
  apiKeys?: number;
  usagePlans?: number;
  maxStagesPerApi?: { value: number; api: string };
  maxRestResources?: { value: number; api: string };
  maxHttpRoutes?: { value: number; api: string };
  maxWebSocketRoutes?: { value: number; api: string };
  /** Peak of the region-wide Count sum over one period, and that period. */
  peakRequests?: { sum: number; periodSeconds: number; atMs: number };
  peakNewConnections?: { sum: number; periodSeconds: number; atMs: number };
  /** Usage figures that could not be read, with why: unknown, never zero. */
  unknown?: Partial<Record<Exclude<keyof AccountUsage, 'unknown'>, string>>;
}

/** Which usage figure measures which quota. */
const USAGE_OF: Record<string, Exclude<keyof AccountUsage, 'unknown'>> = {
  'L-AA0FF27B': 'regionalApis',
  'L-B97207D0': 'edgeApis',
  'L-A966AB5C': 'privateApis',
  'L-A93447B8': 'customDomains',
  'L-1D180A63': 'apiKeys',
  'L-E8693075': 'usagePlans',
  'L-379E48B0': 'maxStagesPerApi',
  'L-01C8A9E0': 'maxRestResources',
  'L-65B5C802': 'maxHttpRoutes',
  'L-8A5B8E43': 'peakRequests',
  'L-9ED1E49A': 'peakNewConnections',
};

/**
 * Attach usage and headroom to the quota rows they measure. Rates are compared per second. A
 * usage figure in `u.unknown`, or a value in force that was not read (`limitUnknown`), leaves
 * the row's headroom unknown with the reason, never computed from a stand-in.
 */
export function withUsage(rows: QuotaRow[], u: AccountUsage, limitUnknown?: string | ((r: QuotaRow) => string | undefined)): QuotaRow[] {
  const maxOf = (...xs: Array<{ value: number; api: string } | undefined>) =>
    xs.filter((x): x is { value: number; api: string } => x !== undefined).sort((a, b) => b.value - a.value)[0];
  const count = (v: number | undefined) => (v === undefined ? undefined : { value: v, where: undefined });
  const rate = (p: AccountUsage['peakRequests']) =>
    p === undefined
      ? undefined
      : {
          value: perSecond(p.sum, p.periodSeconds),
          where: `peak ${p.periodSeconds}-s period at ${new Date(p.atMs).toISOString()}`,
          note:
            p.periodSeconds > 1
              ? `mean over the ${p.periodSeconds}-s period: bursts within it can be higher (see \`simulate\`)`
              : undefined,
        };
  const resources = maxOf(u.maxRestResources, u.maxWebSocketRoutes);
  const usage: Record<string, { value: number; where: string | undefined; note?: string | undefined } | undefined> = {
    [QUOTA.regionalApis]: count(u.regionalApis),
    [QUOTA.edgeApis]: count(u.edgeApis),
    [QUOTA.privateApis]: count(u.privateApis),
    [QUOTA.customDomains]: count(u.customDomains),
    [QUOTA.apiKeys]: count(u.apiKeys),
    [QUOTA.usagePlans]: count(u.usagePlans),
    [QUOTA.stagesPerApi]: u.maxStagesPerApi ? { value: u.maxStagesPerApi.value, where: `most in API ${u.maxStagesPerApi.api}` } : undefined,
    [QUOTA.resourcesPerApi]: resources ? { value: resources.value, where: `most in API ${resources.api}` } : undefined,
    [QUOTA.routesPerApi]: u.maxHttpRoutes ? { value: u.maxHttpRoutes.value, where: `most in API ${u.maxHttpRoutes.api}` } : undefined,
    [QUOTA.throttleRate]: rate(u.peakRequests),
    [QUOTA.newConnectionsPerSecond]: rate(u.peakNewConnections),
  };
  return rows.map((r) => {
    const key = USAGE_OF[r.code];
    const usageUnknown = key === undefined ? undefined : u.unknown?.[key];
    // the resources quota takes the larger of REST resources and WebSocket routes: unknown if either is
    const unknown =
      usageUnknown ??
      (r.code === 'L-01C8A9E0' ? u.unknown?.maxWebSocketRoutes : undefined) ??
      (key ? (typeof limitUnknown === 'function' ? limitUnknown(r) : limitUnknown) : undefined);
    const us = usage[r.code];
    if (unknown !== undefined) {
      const { headroom: _h, ...rest } = r;
      const known = usageUnknown === undefined && us ? { usage: us.note ? us : { value: us.value, where: us.where } } : {};
      return { ...rest, ...known, unknown };
    }
    if (!us) return r;
    const { note, ...rest } = us;
    return { ...r, usage: note ? { ...rest, note } : rest, headroom: r.value > 0 ? 1 - us.value / r.value : undefined };
  });
}
