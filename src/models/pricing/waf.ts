import { Decimal, ZERO, sum } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import type { Finding, LineItem } from '../types.js';
import type { ApiWorkload, WebAcl, Workload } from '../workload.js';
import { apiKey, evenShares, withShares } from './shares.js';
import { flatLine, tieredLines } from './tiers.js';

/**
 * AWS WAF in front of an option: one web ACL (monthly, prorated hourly: a full month here),
 * its rules or managed rule groups, and every request it inspects.
 */
export function wafLines(rules: number, requestsPerMonth: Decimal, book: PriceBook): LineItem[] {
  const lines = [flatLine(book.get('waf.web-acl'), new Decimal(1), 'AWS WAF web ACL')];
  if (rules > 0) lines.push(flatLine(book.get('waf.rule'), new Decimal(rules), 'AWS WAF rules'));
  lines.push(flatLine(book.get('waf.requests'), requestsPerMonth, 'AWS WAF requests inspected'));
  return lines;
}

/** What the WAF lines assume, printed with any option that carries them. */
export const WAF_ASSUMPTION =
  'AWS WAF: one web ACL for the option with the largest rule count of its APIs; every request inspected at the base request price (up to 1,500 WCU, default body inspection); WebSocket messages are not inspected.';

/** What the web ACL lines of API Gateway assume. */
export const WEB_ACL_ASSUMPTION =
  'AWS WAF as billed (https://aws.amazon.com/waf/pricing/): each web ACL $/month, each rule, rule group and managed rule group in it as one rule, and every request of the resources it is associated with inspected at the base price (up to 1,500 WCU, default body inspection); monthly fees for a full month.';

/** The web ACLs of a workload: the scenario's named ACLs, and one ACL per API that gives its own `waf.rules`. */
export function webAclsOf(w: Workload): WebAcl[] {
  const own: WebAcl[] = w.apis
    .filter((a) => a.wafRules !== undefined)
    .map((a) => ({ name: apiKey(a), rules: a.wafRules!, ruleGroups: 0, managedRuleGroups: [], protects: [apiKey(a)] }));
  return [...(w.webAcls ?? []), ...own];
}

/** Does an ACL's association ("name" or "name/stage") cover this API? */
export function protectsApi(acl: WebAcl, api: ApiWorkload): boolean {
  return acl.protects.some((p) => p === api.name || p === apiKey(api));
}

/** Billable rules of an ACL: rules, rule groups and managed rule groups each count as one. */
export function billableRules(acl: WebAcl): number {
  return acl.rules + acl.ruleGroups + acl.managedRuleGroups.length;
}

const BOT_CONTROL = 'AWSManagedRulesBotControlRuleSet';
const FRAUD_CONTROL = ['AWSManagedRulesATPRuleSet', 'AWSManagedRulesACFPRuleSet'];

/**
 * Web ACL lines for the resources an option runs: per ACL the ACL, its billable rules and the
 * requests of the APIs it protects (only APIs that can carry WAF in this option, `inspects`), plus
 * AWS Bot Control's own fees (subscription per ACL, and requests analysed, tiered account-wide)
 * where the snapshot prices them. Fraud Control (ATP, ACFP) and AWS Marketplace groups are counted
 * as rules but their own fees are not priced, and a finding says so. An ACL that protects nothing
 * in this option is not billed here.
 */
export function webAclLines(
  w: Workload,
  inspects: (api: ApiWorkload) => boolean,
  book: PriceBook,
): { lines: LineItem[]; findings: Finding[]; assumptions: string[] } {
  const lines: LineItem[] = [];
  const findings: Finding[] = [];
  const bot = { common: [] as { api: string; weight: Decimal }[], targeted: [] as { api: string; weight: Decimal }[] };
  for (const acl of webAclsOf(w)) {
    const apis = w.apis.filter((a) => protectsApi(acl, a) && inspects(a));
    if (apis.length === 0) continue;
    const keys = apis.map(apiKey);
    const even = evenShares(keys);
    const requests = sum(apis.map((a) => a.requestsPerMonth));
    const byRequests = apis.map((a) => ({ api: apiKey(a), weight: a.requestsPerMonth }));
    const rules = billableRules(acl);
    const where = keys.length === 1 && keys[0] === acl.name ? acl.name : `${acl.name}: ${keys.join(', ')}`;
    const parts = [
      `${acl.rules} rule${acl.rules === 1 ? '' : 's'}`,
      ...(acl.ruleGroups ? [`${acl.ruleGroups} rule group${acl.ruleGroups === 1 ? '' : 's'}`] : []),
      ...(acl.managedRuleGroups.length
        ? [`${acl.managedRuleGroups.length} managed rule group${acl.managedRuleGroups.length === 1 ? '' : 's'}`]
        : []),
    ];
    lines.push(...withShares([flatLine(book.get('waf.web-acl'), new Decimal(1), `AWS WAF web ACL (${where})`)], even));
    if (rules > 0)
      lines.push(
        ...withShares([flatLine(book.get('waf.rule'), new Decimal(rules), `AWS WAF rules (${acl.name}: ${parts.join(', ')})`)], even),
      );
    lines.push(
      ...withShares(
        [flatLine(book.get('waf.requests'), requests, `AWS WAF requests inspected (${acl.name})`)],
        requests.isZero() ? even : byRequests,
      ),
    );
    for (const g of acl.managedRuleGroups) {
      if (g.vendor.toUpperCase() === 'AWS' && g.name === BOT_CONTROL) {
        lines.push(...withShares([flatLine(book.get('waf.bot-control.month'), new Decimal(1), `AWS WAF Bot Control (${acl.name})`)], even));
        bot[g.inspectionLevel ?? 'common'].push(...byRequests);
      } else if (g.vendor.toUpperCase() === 'AWS' && FRAUD_CONTROL.includes(g.name)) {
        findings.push({
          code: 'WAF_MANAGED_GROUP_NOT_PRICED',
          level: 'warn',
          message: `${acl.name}: ${g.name} (AWS WAF Fraud Control) is counted as a rule, but its own subscription and per-attempt fees are not priced (they depend on login or sign-up attempts, which the input does not give)`,
        });
      } else if (g.vendor.toUpperCase() !== 'AWS') {
        findings.push({
          code: 'WAF_MANAGED_GROUP_NOT_PRICED',
          level: 'warn',
          message: `${acl.name}: ${g.vendor} ${g.name} is an AWS Marketplace rule group: counted as a rule, its seller's subscription and request fees are not priced`,
        });
      }
    }
  }
  for (const level of ['common', 'targeted'] as const) {
    const shares = bot[level];
    if (shares.length === 0) continue;
    const requests = sum(shares.map((s) => s.weight));
    const merged = new Map<string, Decimal>();
    for (const s of shares) merged.set(s.api, (merged.get(s.api) ?? ZERO).plus(s.weight));
    lines.push(
      ...withShares(
        tieredLines(book.get(`waf.bot-control.${level}.requests`), requests, `AWS WAF Bot Control requests analysed (${level})`),
        [...merged].map(([api, weight]) => ({ api, weight })),
      ),
    );
  }
  return { lines, findings, assumptions: lines.length ? [WEB_ACL_ASSUMPTION] : [] };
}

/** Requests AWS Bot Control analyses per inspection level (its tiered request fee), for the break-even search. */
export function botControlRequests(w: Workload, inspects: (api: ApiWorkload) => boolean): { common: Decimal; targeted: Decimal } {
  const out = { common: ZERO, targeted: ZERO };
  for (const acl of webAclsOf(w)) {
    const requests = sum(w.apis.filter((a) => protectsApi(acl, a) && inspects(a)).map((a) => a.requestsPerMonth));
    for (const g of acl.managedRuleGroups) {
      if (g.vendor.toUpperCase() === 'AWS' && g.name === BOT_CONTROL) {
        const level = g.inspectionLevel ?? 'common';
        out[level] = out[level].plus(requests);
      }
    }
  }
  return out;
}
