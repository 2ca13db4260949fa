import type { CheckFinding, ForecastFacts, GateConfigs } from './types.js';
import { isoDay } from '../calendar.js';

/**
 * The `forecast` gate, a pure judge: fails when a selected threshold is already reached, or is
 * crossed within `withinDays` of today at the configured percentile of its crossing date (the
 * 10th by default: the early side). Thresholds whose crossing is unknown (no peak rates for a
 * throttle) are counted, never passed; when every selected one is unknown the gate is skipped.
 */
export function judgeForecast(
  facts: ForecastFacts | undefined,
  cfg: NonNullable<GateConfigs['forecast']>,
): { findings: Omit<CheckFinding, 'muted'>[]; summary: string; skipped?: boolean } {
  if (!facts) return { findings: [], summary: 'no forecast (give forecast.history in the config)', skipped: true };
  const kinds: readonly string[] | undefined = cfg.kinds;
  const selected = facts.thresholds.filter((t) => !kinds || kinds.includes(t.kind));
  const unknown = selected.filter((t) => t.status === 'unknown');
  const judged = selected.filter((t) => t.status !== 'unknown');
  const by = facts.today + cfg.withinDays;
  const findings: Omit<CheckFinding, 'muted'>[] = [];
  for (const t of judged) {
    if (t.status === 'already') {
      findings.push({
        id: `FORECAST_ALREADY_CROSSED:${t.id}`,
        code: 'FORECAST_ALREADY_CROSSED',
        subject: t.id,
        message: `${t.label}: already reached`,
        actual: 'already',
        limit: `not before ${isoDay(by)}`,
      });
    } else if (t.dayAtPercentile !== undefined && t.dayAtPercentile <= by) {
      findings.push({
        id: `FORECAST_CROSSING:${t.id}`,
        code: 'FORECAST_CROSSING',
        subject: t.id,
        message: `${t.label}: crossed by ${isoDay(t.dayAtPercentile)}${t.monteCarloDays === undefined ? '' : ` (Monte Carlo error ±${t.monteCarloDays.toFixed(1)} days)`} at the ${facts.percentile}th percentile, within ${cfg.withinDays} days of ${isoDay(facts.today)}`,
        actual: isoDay(t.dayAtPercentile),
        limit: `after ${isoDay(by)}`,
      });
    }
  }
  const unknownText = unknown.length ? `, ${unknown.length} unknown (${unknown.map((t) => t.label).join('; ')})` : '';
  if (judged.length === 0) return { findings: [], summary: `no threshold could be forecast${unknownText}`, skipped: true };
  return {
    findings,
    summary: `${judged.length} threshold(s) forecast${unknownText}; ${findings.length} reached within ${cfg.withinDays} days at the ${facts.percentile}th percentile`,
  };
}
