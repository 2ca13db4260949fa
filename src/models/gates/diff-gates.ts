import { Decimal } from '../../money/decimal.js';
import type { DiffResult } from '../diff/diff.js';
import { formatUsd, riskPercent, signedPercent, signedUsd } from '../../money/format.js';
import type { CheckFinding } from './types.js';

/**
 * Gates on what a change does (`check` with a `diff` block): the cost of an option rising over a
 * percentage and an amount, a quota falling under a headroom threshold it was above, and the
 * 429 risk rising above a target. Pure. A gate whose side of the diff is unknown is skipped.
 */
export interface CostIncreaseGate {
  maxPercent?: number | undefined;
  maxUsd?: string | undefined;
  /** Option ids to judge (default: the diff's headline option). */
  options?: string[] | undefined;
}
export interface QuotaCrossingGate {
  minPercent: number;
}
export interface RiskIncreaseGate {
  maxProbability: number;
}

export interface DiffJudged {
  findings: Omit<CheckFinding, 'muted'>[];
  summary: string;
  skipped?: boolean;
}

const NO_DIFF = 'no diff (give diff.base in the config, or --diff-base PATH)';

export function judgeCostIncrease(diff: DiffResult | undefined, cfg: CostIncreaseGate): DiffJudged {
  if (!diff) return { findings: [], summary: NO_DIFF, skipped: true };
  if (!diff.costs)
    return { findings: [], summary: `no cost on both sides of the diff (${diff.notes.join('; ') || 'unknown'})`, skipped: true };
  const ids = cfg.options ?? (diff.headlineOption ? [diff.headlineOption] : []);
  const findings: DiffJudged['findings'] = [];
  const missing: string[] = [];
  let judged = 0;
  for (const id of ids) {
    // the diff a gate reads lists unchanged options too: one not listed is on neither side
    const c = diff.costs.find((x) => x.id === id);
    if (!c || c.deltaUsd === null || c.beforeUsd === null) {
      missing.push(id);
      continue;
    }
    judged++;
    const delta = new Decimal(c.deltaUsd!);
    const overPercent = cfg.maxPercent === undefined || (c.deltaPercent !== null && c.deltaPercent > cfg.maxPercent);
    const overUsd = cfg.maxUsd === undefined || delta.gt(cfg.maxUsd);
    if (delta.gt(0) && overPercent && overUsd) {
      findings.push({
        id: `COST_INCREASE:${id}`,
        code: 'COST_INCREASE',
        subject: id,
        message:
          `${c.label}: ${formatUsd(c.beforeUsd!)} → ${formatUsd(c.afterUsd!)}/month, ${signedUsd(delta)}` +
          `${c.deltaPercent !== null ? ` (${signedPercent(c.deltaPercent)})` : ''}, over ` +
          [cfg.maxPercent !== undefined ? `${cfg.maxPercent} %` : '', cfg.maxUsd !== undefined ? formatUsd(cfg.maxUsd) : '']
            .filter(Boolean)
            .join(' and '),
        actual: delta.toFixed(2),
        ...(cfg.maxUsd !== undefined ? { limit: cfg.maxUsd } : {}),
      });
    }
  }
  const notOnBoth = missing.length ? `; not on both sides: ${missing.join(', ')}` : '';
  if (judged === 0)
    return { findings: [], summary: `no option on both sides to compare (asked: ${ids.join(', ') || 'none'})`, skipped: true };
  return { findings, summary: `${judged} option(s) compared with the base${notOnBoth}; ${findings.length} over the allowed increase` };
}

export function judgeQuotaCrossing(diff: DiffResult | undefined, cfg: QuotaCrossingGate): DiffJudged {
  if (!diff) return { findings: [], summary: NO_DIFF, skipped: true };
  if (!diff.quotas) return { findings: [], summary: 'no quota counts in the diff', skipped: true };
  const findings: DiffJudged['findings'] = [];
  let unknown = 0;
  for (const q of diff.quotas) {
    const after = q.after?.headroomPercent;
    if (after === null || after === undefined) {
      if (q.after) unknown++;
      continue;
    }
    const before = q.before?.headroomPercent;
    if (after < cfg.minPercent && (before === null || before === undefined || before >= cfg.minPercent)) {
      findings.push({
        id: `QUOTA_HEADROOM_CROSSED:${q.id}`,
        code: 'QUOTA_HEADROOM_CROSSED',
        subject: q.id,
        message: `${q.name}: headroom ${before === null || before === undefined ? 'new' : `${before.toFixed(1)} %`} → ${after.toFixed(1)} % (${q.after!.used} of ${q.after!.limit} ${q.unit}), under ${cfg.minPercent} %${q.where ? ` — ${q.where.file}${q.where.line ? `:${q.where.line}` : ''}` : ''}`,
        actual: after.toFixed(1),
        limit: String(cfg.minPercent),
        ...(q.where ? { where: q.where } : {}),
      });
    }
  }
  return {
    findings,
    summary: `${diff.quotas.length} changed quota(s)${unknown ? `, ${unknown} with unknown headroom` : ''}; ${findings.length} newly under ${cfg.minPercent} % headroom`,
  };
}

export function judgeRiskIncrease(diff: DiffResult | undefined, cfg: RiskIncreaseGate): DiffJudged {
  if (!diff) return { findings: [], summary: NO_DIFF, skipped: true };
  const r = diff.risk;
  if (r === null) return { findings: [], summary: 'no 429 risk on either side (simulate both sides)', skipped: true };
  if (!r.after || !r.before) return { findings: [], summary: `429 risk on the ${r.after ? 'head' : 'base'} only`, skipped: true };
  const findings: DiffJudged['findings'] = [];
  if (r.after.pAnyBusiestWindow > cfg.maxProbability && r.after.pAnyBusiestWindow > r.before.pAnyBusiestWindow) {
    findings.push({
      id: 'RISK_INCREASE:busiest-window',
      code: 'RISK_INCREASE',
      subject: 'busiest-window',
      message: `P(any 429 in the busiest ${r.window}) ${riskPercent(r.before.pAnyBusiestWindow)} → ${riskPercent(r.after.pAnyBusiestWindow)}, above ${riskPercent(cfg.maxProbability)}`,
      actual: String(r.after.pAnyBusiestWindow),
      limit: String(cfg.maxProbability),
    });
  }
  return { findings, summary: `429 risk ${riskPercent(r.before.pAnyBusiestWindow)} → ${riskPercent(r.after.pAnyBusiestWindow)}` };
}
