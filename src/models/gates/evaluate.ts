import { Decimal } from '../../money/decimal.js';
import { formatUsd } from '../../money/format.js';
import { judgeCostIncrease, judgeQuotaCrossing, judgeRiskIncrease } from './diff-gates.js';
import { GATE_NAMES } from './registry.js';
import type { Baseline, CheckFacts, CheckFinding, CheckOutcome, GateConfigs, GateName, GateResult, RequireMode } from './types.js';
import { judgeForecast } from './forecast.js';

/**
 * Judge the facts against the configured gates. Pure. A gate fails when it has an unmuted
 * finding; an error-level failure exits 1, a warn-level one only with `strict`. A gate whose
 * facts are missing is "skipped" (and says what it needed), never silently passed.
 */
export function evaluateGates(
  facts: CheckFacts,
  gates: GateConfigs,
  opts: { mutes: string[]; baseline: Baseline | undefined; strict: boolean; require?: RequireMode },
): CheckOutcome {
  // --strict and `require: all` make a skipped gate fail: a gate that could not look never passes
  const skipFails = opts.strict || opts.require === 'all';
  const results: GateResult[] = [];
  for (const name of GATE_NAMES) {
    const cfg = gates[name];
    if (!cfg) continue;
    if (cfg.level === 'off') {
      results.push({ gate: name, level: 'off', status: 'off', summary: 'off', findings: [] });
      continue;
    }
    const judged = JUDGES[name](facts, gates, opts.baseline, opts);
    const findings = judged.findings.map((f) => ({ ...f, muted: opts.mutes.some((m) => matches(m, f.id)) }));
    const status = judged.skipped ? 'skipped' : findings.some((f) => !f.muted) ? 'failed' : 'passed';
    results.push({ gate: name, level: cfg.level, status, summary: judged.summary, findings });
  }
  const failedErrors = results.filter((r) => r.status === 'failed' && r.level === 'error').length;
  const failedWarns = results.filter((r) => r.status === 'failed' && r.level === 'warn').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const exitCode = failedErrors > 0 || (opts.strict && failedWarns > 0) || (skipFails && skipped > 0) ? 1 : 0;
  return {
    gates: results,
    exitCode,
    verdict: verdictLine(results, exitCode, opts.strict, skipFails ? (opts.strict ? '--strict' : 'require: all') : undefined),
  };
}

/** "7 gates: 6 passed, 1 warning — exit 0" */
export function verdictLine(results: GateResult[], exitCode: number, strict: boolean, skipFails?: string): string {
  const active = results.filter((r) => r.status !== 'off');
  const passed = active.filter((r) => r.status === 'passed').length;
  const warnings = active.filter((r) => r.status === 'failed' && r.level === 'warn').length;
  const failed = active.filter((r) => r.status === 'failed' && r.level === 'error').length;
  const skipped = active.filter((r) => r.status === 'skipped').length;
  const parts = [`${passed} passed`];
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}${strict ? ' (--strict: failing)' : ''}`);
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} skipped${skipFails ? ` (${skipFails}: failing)` : ''}`);
  return `${active.length} gate${active.length === 1 ? '' : 's'}: ${parts.join(', ')} — exit ${exitCode}`;
}

/** Mute patterns match finding ids (CODE:subject); `*` matches any run of characters; a bare CODE mutes every subject. */
export function matches(pattern: string, id: string): boolean {
  const full = pattern.includes(':') ? pattern : `${pattern}:*`;
  const re = new RegExp(
    `^${full
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(id);
}

interface Judged {
  findings: Omit<CheckFinding, 'muted'>[];
  summary: string;
  skipped?: boolean;
}
type Judge = (facts: CheckFacts, gates: GateConfigs, baseline: Baseline | undefined, opts: { mutes: string[] }) => Judged;

const pct = (x: number) => `${(Math.round(x * 1e4) / 1e2).toString()} %`;

const JUDGES: Record<GateName, Judge> = {
  costIncrease: (facts, gates) => judgeCostIncrease(facts.diff, gates.costIncrease!),
  quotaCrossing: (facts, gates) => judgeQuotaCrossing(facts.diff, gates.quotaCrossing!),
  riskIncrease: (facts, gates) => judgeRiskIncrease(facts.diff, gates.riskIncrease!),

  quotaHeadroom(facts, gates, _baseline, opts) {
    const cfg = gates.quotaHeadroom!;
    if (!facts.quotas)
      return { findings: [], summary: 'no quota data (give simulate traffic and limits, or use the live account)', skipped: true };
    const selected = facts.quotas.filter((q) => q.origin === 'iac' || !cfg.quotas || cfg.quotas.includes(q.code));
    const findings: Judged['findings'] = [];
    let unknown = 0;
    const unread = selected.filter((q) => q.unknown !== undefined);
    for (const q of selected) {
      const subject = q.subject ? `${q.code}@${q.subject}` : q.code;
      if (q.unknown !== undefined) continue;
      if (q.used === undefined) {
        unknown++;
        // a count that was asked for and could not be made is not a pass
        if (q.unknownBlocks)
          findings.push({
            id: `QUOTA_USAGE_UNKNOWN:${subject}`,
            code: 'QUOTA_USAGE_UNKNOWN',
            subject,
            message: `${q.name} (${q.code}): the count is unknown (${q.unknownBlocks}), so its headroom cannot be checked`,
          });
        continue;
      }
      const headroom = q.limit - q.used;
      const headroomPct = q.limit > 0 ? (headroom / q.limit) * 100 : 0;
      const lowPct = cfg.minPercent !== undefined && headroomPct < cfg.minPercent;
      const lowAbs = cfg.minAbsolute !== undefined && headroom < cfg.minAbsolute;
      if (lowPct || lowAbs) {
        findings.push({
          id: `QUOTA_HEADROOM_LOW:${subject}`,
          code: 'QUOTA_HEADROOM_LOW',
          subject,
          message:
            `${q.name} (${q.code}): ${fmtNum(q.used)} of ${fmtNum(q.limit)} ${q.unit} used, headroom ${fmtNum(headroom)} (${headroomPct.toFixed(1)} %)` +
            ` — below ${[cfg.minPercent !== undefined ? `${cfg.minPercent} %` : '', cfg.minAbsolute !== undefined ? `${fmtNum(cfg.minAbsolute)} ${q.unit}` : ''].filter(Boolean).join(' / ')}; limit from ${q.source}`,
          actual: String(headroom),
          limit: String(cfg.minAbsolute ?? cfg.minPercent),
        });
      }
    }
    const checked = selected.length - unknown - unread.length;
    const blocked = findings.some((f) => f.code === 'QUOTA_USAGE_UNKNOWN');
    const notFound = (cfg.quotas ?? []).filter((code) => !facts.quotas!.some((q) => q.code === code));
    const missing = notFound.length ? `; not found: ${notFound.join(', ')}` : '';
    const reasons = [...new Set(unread.map((q) => q.unknown!))];
    const notRead = unread.length
      ? `; ${unread.length} quota(s) not checked, unknown (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; ${reasons.length - 3} more` : ''})`
      : '';
    // a gate that measured nothing, or only part of what it was asked for, is skipped, never passed (a shortfall it did see still fails it)
    if ((checked === 0 && !blocked) || (unread.length > 0 && findings.every((f) => opts.mutes.some((m) => matches(m, f.id)))))
      return {
        findings,
        summary: `${checked === 0 ? 'no quota with usage data to check' : `${checked} quota(s) checked, none below the minimum`}${unknown ? ` (${unknown} without usage data)` : ''}${notRead}${missing}`,
        skipped: true,
      };
    return {
      findings,
      summary: `${checked} quota(s) checked${unknown ? `, ${unknown} without usage data` : ''}${notRead}${missing}; ${findings.filter((f) => f.code === 'QUOTA_HEADROOM_LOW').length} below the minimum headroom`,
    };
  },

  throttleRisk(facts, gates) {
    const cfg = gates.throttleRisk!;
    const t = facts.throttle;
    if (!t) return { findings: [], summary: 'no throttling simulation (give simulate.traffic in the config)', skipped: true };
    const findings: Judged['findings'] = [];
    if (cfg.maxProbability !== undefined && t.pAnyBusiestWindow > cfg.maxProbability) {
      findings.push({
        id: 'THROTTLE_429_RISK:busiest-window',
        code: 'THROTTLE_429_RISK',
        subject: 'busiest-window',
        message:
          t.pAnyIs === 'unknown'
            ? `P(any 429 in the busiest ${t.window}) could not be computed (unknown is not zero), so it cannot be shown to be within the maximum ${pct(cfg.maxProbability)}`
            : t.pAnyIs === 'bound'
              ? `P(any 429 in the busiest ${t.window}) ≤ ${pct(t.pAnyBusiestWindow)} (proven bound; no estimate), which does not show it within the maximum ${pct(cfg.maxProbability)}`
              : `P(any 429 in the busiest ${t.window}) = ${pct(t.pAnyBusiestWindow)}, above the maximum ${pct(cfg.maxProbability)}`,
        actual: String(t.pAnyBusiestWindow),
        limit: String(cfg.maxProbability),
      });
    }
    if (cfg.maxExpectedThrottled !== undefined && !(t.expectedThrottled <= cfg.maxExpectedThrottled)) {
      findings.push({
        id: 'THROTTLE_EXPECTED_429S:horizon',
        code: 'THROTTLE_EXPECTED_429S',
        subject: 'horizon',
        message: Number.isFinite(t.expectedThrottled)
          ? `${fmtNum(t.expectedThrottled)} requests expected to be throttled (of ${fmtNum(t.offered)}), above the maximum ${fmtNum(cfg.maxExpectedThrottled)}`
          : `the requests expected to be throttled (of ${fmtNum(t.offered)}) could not be computed (unknown is not zero), so they cannot be shown to be within the maximum ${fmtNum(cfg.maxExpectedThrottled)}`,
        actual: String(t.expectedThrottled),
        limit: String(cfg.maxExpectedThrottled),
      });
    }
    return {
      findings,
      summary: `P(any 429, busiest ${t.window}) ${t.pAnyIs === 'unknown' ? 'unknown' : `${t.pAnyIs === 'bound' ? '≤ ' : ''}${pct(t.pAnyBusiestWindow)}`}; ${Number.isFinite(t.expectedThrottled) ? fmtNum(t.expectedThrottled) : 'unknown'} expected 429s`,
    };
  },

  payloadLimits(facts) {
    if (!facts.payload) return { findings: [], summary: 'no payload distribution (give simulate.payload in the config)', skipped: true };
    const over = facts.payload.findings.filter((f) => f.level !== 'info');
    // subject: the finding's rank among those with the same code (PAYLOAD_OVER_LIMIT:1, :2, …)
    const seen = new Map<string, number>();
    const subject = (code: string) => String(seen.set(code, (seen.get(code) ?? 0) + 1).get(code));
    return {
      findings: over.map((f) => {
        const n = subject(f.code);
        return { id: `${f.code}:${n}`, code: f.code, subject: n, message: f.message };
      }),
      summary: over.length ? `${over.length} payload limit finding(s)` : 'no payload over a limit',
    };
  },

  monthlyBudget(facts, gates) {
    const cfg = gates.monthlyBudget!;
    if (!facts.costs) return { findings: [], summary: 'no cost estimate (give estimate inputs in the config)', skipped: true };
    const budgets: [string, Decimal][] =
      typeof cfg.maxUsd === 'string'
        ? facts.costs.map((c) => [c.id, new Decimal(cfg.maxUsd as string)])
        : Object.entries(cfg.maxUsd).map(([id, usd]) => [id, new Decimal(usd)]);
    const findings: Judged['findings'] = [];
    const missing: string[] = [];
    for (const [id, max] of budgets) {
      const c = facts.costs.find((x) => x.id === id);
      if (!c) {
        missing.push(id);
        continue;
      }
      if (c.monthlyUsd.gt(max)) {
        findings.push({
          id: `BUDGET_EXCEEDED:${id}`,
          code: 'BUDGET_EXCEEDED',
          subject: id,
          message: `${c.label}: ${formatUsd(c.monthlyUsd)}/month, over the budget of ${formatUsd(max)} by ${formatUsd(c.monthlyUsd.minus(max))}`,
          actual: c.monthlyUsd.toFixed(2),
          limit: max.toFixed(2),
        });
      }
    }
    for (const id of missing) {
      findings.push({
        id: `BUDGET_OPTION_MISSING:${id}`,
        code: 'BUDGET_OPTION_MISSING',
        subject: id,
        message: `the budget names option "${id}", which the estimate did not price (priced: ${facts.costs.map((c) => c.id).join(', ')})`,
      });
    }
    return { findings, summary: `${budgets.length - missing.length} option(s) against their budget; ${findings.length} over or missing` };
  },

  growth(facts, gates, baseline) {
    const cfg = gates.growth!;
    if (!baseline)
      return { findings: [], summary: 'no baseline (pass --baseline FILE; write one with --write-baseline FILE)', skipped: true };
    if (!facts.costs) return { findings: [], summary: 'no cost estimate to compare with the baseline', skipped: true };
    const findings: Judged['findings'] = [];
    const minDelta = new Decimal(cfg.minDeltaUsd);
    let compared = 0;
    for (const c of facts.costs) {
      const before = baseline.costs[c.id];
      if (before === undefined) continue;
      compared++;
      const was = new Decimal(before);
      const delta = c.monthlyUsd.minus(was);
      const percent = was.isZero() ? (delta.isZero() ? new Decimal(0) : new Decimal(Infinity)) : delta.div(was).times(100);
      // both must be crossed, so small numbers do not cry wolf
      if (percent.gt(cfg.maxPercent) && delta.gt(minDelta)) {
        findings.push({
          id: `GROWTH_OVER_BASELINE:${c.id}`,
          code: 'GROWTH_OVER_BASELINE',
          subject: c.id,
          message: `${c.label}: ${formatUsd(was)} → ${formatUsd(c.monthlyUsd)}/month (+${formatUsd(delta)}, +${percent.isFinite() ? percent.toDecimalPlaces(1).toFixed() : '∞'} %), over ${cfg.maxPercent} % and ${formatUsd(minDelta)}`,
          actual: percent.isFinite() ? percent.toDecimalPlaces(2).toFixed() : 'Infinity',
          limit: String(cfg.maxPercent),
        });
      }
    }
    return { findings, summary: `${compared} option(s) compared with the baseline; ${findings.length} grew past the limit` };
  },

  forecast(facts, gates) {
    return judgeForecast(facts.forecast, gates.forecast!);
  },
};

function fmtNum(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
