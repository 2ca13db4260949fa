import { Decimal } from '../../money/decimal.js';
import type { PriceBook } from '../../prices/price-book.js';
import { costOption, OPTION_LABELS, totalOf, type Estimate, type OptionId } from '../estimate.js';
import { QUOTA_CODE_RATE, type LimitsConfig } from '../throttling/config.js';
import { scaleWorkload } from '../traffic.js';
import type { Alternatives, Workload } from '../workload.js';
import type { Band, MonthForecast, Threshold } from './types.js';

/**
 * The thresholds a forecast looks for, built from the tool's own sources: the price snapshot's
 * tiers, the estimate's break-even volumes, the limits file's throttles and quotas, and a
 * `check` config's budgets (priced with the estimate model). Pure.
 */

const fmt = (n: number) => (n >= 1e9 ? `${+(n / 1e9).toFixed(3)}B` : n >= 1e6 ? `${+(n / 1e6).toFixed(3)}M` : n.toLocaleString('en-US'));

/** Tier boundaries of REST and HTTP API requests, from the snapshot (not hard-coded). */
export function priceTierThresholds(book: PriceBook, types: ('rest' | 'http')[]): { thresholds: Threshold[]; notes: string[] } {
  const thresholds: Threshold[] = [];
  const notes: string[] = [];
  for (const type of types) {
    const id = `apigw.${type}.requests`;
    if (!book.has(id)) {
      notes.push(`PRICE_TIERS_UNKNOWN: the ${book.region} snapshot has no ${id} price: its tier boundaries are not forecast`);
      continue;
    }
    const price = book.get(id);
    for (const tier of price.tiers) {
      if (tier.to === undefined) continue;
      const v = tier.to.toNumber();
      thresholds.push({
        id: `price-tier:${type}:${tier.to.toFixed()}`,
        kind: 'price-tier',
        label: `${type === 'rest' ? 'REST' : 'HTTP'} API ${fmt(v)}/month tier boundary`,
        measure: 'monthly-requests',
        value: v,
        needsIncrease: false,
        source: `${book.region} price snapshot, ${id} (${price.usageType}), ${price.source.url}`,
      });
    }
  }
  return { thresholds, notes };
}

/** Break-even volumes of the estimate above the current volume (those below are already behind). */
export function breakEvenThresholds(est: Estimate, currentMonthly: number): Threshold[] {
  if (est.volumeMeasure !== 'requests') return [];
  return est.breakEvens
    .filter((b) => b.kind === 'crossing' && b.volume.toNumber() > currentMonthly)
    .map((b) => ({
      id: `break-even:${b.cheaperBelow}:${b.cheaperAbove}:${b.volume.round().toFixed()}`,
      kind: 'break-even' as const,
      label: `break-even ${label(b.cheaperAbove)} cheaper than ${label(b.cheaperBelow)} (${fmt(b.volume.toNumber())}/month)`,
      measure: 'monthly-requests' as const,
      value: b.volume.toNumber(),
      needsIncrease: false,
      source: `estimate break-even between ${b.between.join(' and ')}`,
    }));
}

function label(id: string): string {
  return OPTION_LABELS[id as OptionId] ?? id;
}

/** Account and stage throttles against the daily peak rate; usage-plan quotas against requests per period. */
export function limitThresholds(limits: LimitsConfig): Threshold[] {
  const out: Threshold[] = [
    {
      id: 'account-throttle',
      kind: 'account-throttle',
      label: `account throttle (${limits.account.rate.toLocaleString('en-US')} req/s, ${limits.region})`,
      measure: 'daily-peak-rps',
      value: limits.account.rate,
      needsIncrease: true,
      source: `${limits.account.origin === 'default' ? 'AWS default' : `limits ${limits.account.origin}`}; Service Quotas ${QUOTA_CODE_RATE}`,
    },
  ];
  for (const s of limits.stages) {
    if (!s.default) continue;
    out.push({
      id: `stage-throttle:${s.api}/${s.stage}`,
      kind: 'stage-throttle',
      label: `stage throttle ${s.api}/${s.stage} (${s.default.rate.toLocaleString('en-US')} req/s)`,
      measure: 'daily-peak-rps',
      value: s.default.rate,
      needsIncrease: false,
      source: 'limits file (compared with the peak of all traffic: an upper bound for one stage)',
    });
  }
  if (limits.anyStage)
    out.push({
      id: 'stage-throttle:*',
      kind: 'stage-throttle',
      label: `stage throttle (${limits.anyStage.rate.toLocaleString('en-US')} req/s, every stage)`,
      measure: 'daily-peak-rps',
      value: limits.anyStage.rate,
      needsIncrease: false,
      source: '--rate',
    });
  for (const p of limits.usagePlans) {
    if (!p.quota) continue;
    const measure = p.quota.period === 'DAY' ? 'daily-requests' : p.quota.period === 'WEEK' ? 'weekly-requests' : 'monthly-requests';
    out.push({
      id: `usage-plan-quota:${p.name}`,
      kind: 'usage-plan-quota',
      label: `usage plan ${p.name} quota (${p.quota.limit.toLocaleString('en-US')}/${p.quota.period.toLowerCase()})`,
      measure,
      value: p.quota.limit,
      needsIncrease: false,
      source: 'limits file (compared with all traffic: an upper bound for the plan’s keys)',
    });
  }
  return out;
}

export interface CostModel {
  workload: Workload;
  alternatives: Alternatives;
  book: PriceBook;
  options: OptionId[];
  /** The monthly requests the workload was built with (costs scale from it). */
  baseVolume: Decimal;
}

function costAt(m: CostModel, id: OptionId, volume: Decimal): Decimal {
  return totalOf(costOption(id, scaleWorkload(m.workload, volume.div(m.baseVolume)), m.alternatives, m.book).lines);
}

/**
 * The monthly volume at which an option's cost reaches the budget: costs rise with volume, so
 * bisection on the volume finds it (to 1 request). Undefined when the budget is not reached
 * below 1,000 × the base volume, or already exceeded at zero traffic.
 */
export function volumeAtBudget(m: CostModel, id: OptionId, budgetUsd: Decimal): number | undefined {
  let lo = new Decimal(0);
  let hi = m.baseVolume.times(1000);
  if (costAt(m, id, lo).gte(budgetUsd) || costAt(m, id, hi).lt(budgetUsd)) return undefined;
  for (let i = 0; i < 200 && hi.minus(lo).gt(1); i++) {
    const mid = lo.plus(hi).div(2);
    if (costAt(m, id, mid).gte(budgetUsd)) hi = mid;
    else lo = mid;
  }
  return hi.ceil().toNumber();
}

export function budgetThresholds(m: CostModel, maxUsd: string | Record<string, string>, source: string): Threshold[] {
  const budgets: [OptionId, string][] =
    typeof maxUsd === 'string' ? m.options.map((id) => [id, maxUsd]) : (Object.entries(maxUsd) as [OptionId, string][]);
  const out: Threshold[] = [];
  for (const [id, usd] of budgets) {
    if (!m.options.includes(id)) continue;
    const v = volumeAtBudget(m, id, new Decimal(usd));
    if (v === undefined) continue;
    out.push({
      id: `budget:${id}`,
      kind: 'budget',
      label: `budget $${usd}/month on ${label(id)} (reached at ${fmt(v)}/month)`,
      measure: 'monthly-requests',
      value: v,
      needsIncrease: false,
      source,
    });
  }
  return out;
}

export interface MonthCost {
  month: string;
  option: OptionId;
  /** Cost at the interval's low end, the median and the high end of the month's requests (cost rises with volume). */
  usd: { lo: Decimal; mid: Decimal; hi: Decimal };
}

/** Month by month, each option's cost at the forecast requests (the estimate model, exact decimals). */
export function monthlyCosts(m: CostModel, months: MonthForecast[]): MonthCost[] {
  const at = (id: OptionId, b: Band) => ({
    lo: costAt(m, id, new Decimal(Math.round(b.lo))),
    mid: costAt(m, id, new Decimal(Math.round(b.mid))),
    hi: costAt(m, id, new Decimal(Math.round(b.hi))),
  });
  return months.flatMap((mo) => m.options.map((id) => ({ month: mo.month, option: id, usd: at(id, mo.requests) })));
}
