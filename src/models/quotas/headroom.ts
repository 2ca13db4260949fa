import type { QuotaRow } from './merge.js';

/** Headroom below this share of a quota is "tight" in the limits verdict. */
export const TIGHT_HEADROOM = 0.2;

/** The one-line verdict of `limits`: the quotas with less than 20% headroom, or how many were measured. */
export function headroomVerdict(rows: readonly QuotaRow[], region: string): string {
  const tight = rows.filter((r) => r.headroom !== undefined && r.headroom < TIGHT_HEADROOM);
  return tight.length
    ? `verdict: ${tight.length} quota(s) with less than 20% headroom: ${tight.map((r) => `${r.name} ${(r.headroom! * 100).toFixed(0)}%`).join(', ')}`
    : `verdict: ${rows.filter((r) => r.usage).length} quotas measured in ${region}, all with at least 20% headroom`;
}
