import type { QuotaRow } from './merge.js';

/** Headroom below this share of a quota is "tight" in the limits verdict. */
export const TIGHT_HEADROOM = 0.2;

/** The one-line verdict of `limits`: the quotas with less than 20% headroom, or how many were measured. */
export function headroomVerdict(rows: readonly QuotaRow[], region: string): string {
  const tight = rows.filter((r) => r.headroom !== undefined && r.headroom < TIGHT_HEADROOM);
  const measured = rows.filter((r) => r.headroom !== undefined).length;
  // what could not be read is said, never counted as measured
  const notChecked = rows.filter((r) => r.unknown !== undefined);
  const reasons = [...new Set(notChecked.map((r) => r.unknown!))];
  const notCheckedText = notChecked.length
    ? `; ${notChecked.length} quota(s) not checked, headroom unknown (${reasons.slice(0, 4).join('; ')}${reasons.length > 4 ? `; ${reasons.length - 4} more` : ''})`
    : '';
  return tight.length
    ? `verdict: ${tight.length} quota(s) with less than 20% headroom: ${tight.map((r) => `${r.name} ${(r.headroom! * 100).toFixed(0)}%`).join(', ')}${notCheckedText}`
    : measured === 0
      ? `verdict: no quota headroom could be checked in ${region}${notCheckedText}`
      : `verdict: ${measured} quota(s) measured in ${region}, all with at least 20% headroom${notCheckedText}`;
}
