import { formatUsd } from '../../money/format.js';
import { fmt } from '../../models/throttling/report.js';
import type { BucketReport } from '../../models/throttling/report.js';
import { countText, percent, riskText, type SimulateResult } from './result.js';

/** Shared cell text for the table and Markdown formatters. */
export const BUCKET_HEADERS = [
  'layer',
  'bucket',
  'rate, burst',
  'peak',
  'rate headroom',
  'P(429) busiest',
  'expected 429s',
  'first 429 at peak',
  'recommendation',
];

export function bucketCells(b: BucketReport): string[] {
  return [
    b.layer,
    b.label,
    `${fmt(b.rate)} req/s, burst ${fmt(b.burst)} (${b.origin})`,
    `${fmt(b.peakRps)} req/s`,
    Number.isFinite(b.rateHeadroom)
      ? percent(b.rateHeadroom < 0 ? 0 : b.rateHeadroom) + (b.rateHeadroom < 0 ? ` (over by ${percent(-b.rateHeadroom)})` : '')
      : 'n/a',
    `${riskText(b.peak.pAny, b.peak.pAnyLow, b.peak.pAnyHigh)} (${b.engine})`,
    countText(b.expected429, b.expected429High, b.engine),
    b.first429AtPeakSeconds === undefined ? 'never' : `${fmt(b.first429AtPeakSeconds)} s`,
    recommendationText(b),
  ];
}

/** The smallest settings that keep this bucket's risk under the target, as a reader says them. */
export function recommendationText(b: BucketReport): string {
  const rec = b.recommendation;
  return rec
    ? [
        rec.rateAtCurrentBurst !== undefined ? `rate ≥ ${fmt(rec.rateAtCurrentBurst)} req/s` : undefined,
        rec.burstAtCurrentRate !== undefined ? `or burst ≥ ${fmt(rec.burstAtCurrentRate)}` : 'burst alone cannot',
        rec.accountRateScaledBurst !== undefined ? `request ${fmt(rec.accountRateScaledBurst)} req/s (L-8A5B8E43)` : undefined,
      ]
        .filter(Boolean)
        .join('; ')
    : '';
}

export function payloadLines(r: SimulateResult): string[][] {
  if (!r.payload) return [];
  return r.payload.rows.map((row) => [
    row.what,
    `> ${row.limit}`,
    `${row.share.atMost ? '≤ ' : ''}${percent(row.share.value)}`,
    row.consequence,
  ]);
}

export function costLine(r: SimulateResult): string | undefined {
  const c = r.payload?.cost;
  const m = r.payload?.multiplier;
  if (!c || !m) return undefined;
  return `metered ${m.unit}: ${fmt(Number(c.quantity))} → ${fmt(Number(c.billedQuantity))} billed units (×${m.value.toFixed(4)}${m.atMost ? ', upper value' : ''}); ${formatUsd(c.unmeteredCost)} → ${formatUsd(c.meteredCost)} per month`;
}
