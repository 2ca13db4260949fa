import { Decimal } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import type { LineItem } from '../types.js';
import { flatLine } from './tiers.js';

/**
 * AWS WAF in front of an option: one web ACL (monthly, prorated hourly: a full month here),
 * its rules or managed rule groups, and every request it inspects.
 */
export function wafLines(rules: number, requestsPerMonth: Decimal, book: PriceBook): LineItem[] {
  return [
    flatLine(book.get('waf.web-acl'), new Decimal(1), 'AWS WAF web ACL'),
    flatLine(book.get('waf.rule'), new Decimal(rules), 'AWS WAF rules'),
    flatLine(book.get('waf.requests'), requestsPerMonth, 'AWS WAF requests inspected'),
  ];
}
