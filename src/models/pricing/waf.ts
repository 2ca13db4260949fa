import { Decimal } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import type { LineItem } from '../types.js';
import { flatLine } from './tiers.js';

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
