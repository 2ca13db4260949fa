import { toJsonMoney } from '../../money/format.js';
import { verdict, type SimulateResult } from './result.js';

/**
 * Versioned JSON: numbers as numbers, money as decimal strings, times as ISO 8601. The verdict
 * is the last field (not a trailing line, so stdout stays parseable JSON).
 */
export function formatSimulateJson(r: SimulateResult): string {
  const t = r.throttle;
  const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const out = {
    schemaVersion: 1,
    tool: r.tool,
    command: 'simulate',
    seed: r.seed,
    inputs: r.inputs,
    horizon: { start: iso(t.startMs), periodSeconds: t.periodSeconds, periods: t.nPeriods },
    summary: {
      offeredRequests: t.offered,
      throttledRequests: finite(t.expected429),
      throttledRequestsBound: t.expected429Bound,
      quotaRejectedRequests: t.quota429,
      busiestWindowPAny429: t.busiestWindowPAny,
      busiestWindowIsBound: t.busiestIsBound,
      horizonPAny429: t.horizonPAny,
      horizonIsBound: t.horizonIsBound,
      target: r.target,
      bindingBucket: t.buckets[t.binding]?.id ?? null,
    },
    buckets: t.buckets.map((b) => ({
      id: b.id,
      label: b.label,
      layer: b.layer,
      rate: b.rate,
      burst: b.burst,
      origin: b.origin,
      bindingInLayer: b.bindingInLayer,
      offered: b.offered,
      fluid429: b.fluid429,
      expected429: finite(b.expected429),
      expected429Interval: [finite(b.expected429Low), finite(b.expected429High)],
      engine: b.engine,
      riskiestPeriodStart: iso(b.riskiestStartMs),
      pAnyHorizonInterval: [finite(b.pAnyHorizonLow), finite(b.pAnyHorizonHigh)],
      peak: { start: iso(b.peakStartMs), count: b.peakCount, rps: b.peakRps, ...b.peak },
      rateHeadroom: finite(b.rateHeadroom),
      burstHeadroom: b.burstHeadroom,
      first429Seconds: b.first429Seconds ?? null,
      first429AtPeakSeconds: b.first429AtPeakSeconds ?? null,
      pAnyHorizon: b.pAnyHorizon,
      periodsWith429: finite(b.periodsWith429),
      longRun429AtPeak: b.longRun429AtPeak,
      recommendation: b.recommendation ?? null,
    })),
    quotas: t.quotas.map((q) => ({ ...q, exhaustedAt: iso(q.exhaustedAtMs), exhaustedAtMs: undefined })),
    retries: t.retries ?? null,
    gaps: r.gaps.map((g) => ({ series: g.series, periods: g.periods, first: iso(g.firstMs) })),
    payload: r.payload
      ? {
          apiType: r.payload.apiType,
          shares: r.payload.rows.map((row) => ({
            what: row.what,
            limit: row.limit,
            shareAbove: row.share.value,
            atMost: row.share.atMost,
            consequence: row.consequence,
          })),
          meteredMultiplier: r.payload.multiplier ?? null,
          cost: r.payload.cost
            ? {
                quantity: r.payload.cost.quantity.toFixed(),
                billedQuantity: r.payload.cost.billedQuantity.toFixed(),
                unmeteredUsd: toJsonMoney(r.payload.cost.unmeteredCost),
                meteredUsd: toJsonMoney(r.payload.cost.meteredCost),
                lines: r.payload.cost.lines.map((l) => ({
                  component: l.component,
                  tier: l.tier ?? null,
                  quantity: l.quantity.toFixed(),
                  unit: l.unit,
                  unitPriceUsd: toJsonMoney(l.unitPrice),
                  costUsd: toJsonMoney(l.cost),
                  priceId: l.source.priceId,
                })),
              }
            : null,
        }
      : null,
    findings: r.findings,
    assumptions: r.assumptions,
    verdict: verdict(r),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
