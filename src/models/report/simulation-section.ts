import type { LimitsConfig } from '../throttling/config.js';
import { buildTopology } from '../throttling/config.js';
import { bucketSeed, type ThrottleReport, type ThrottleSettings, type TrafficGrid } from '../throttling/report.js';
import { windowRisk } from '../throttling/window-risk.js';
import type { PayloadInput, PayloadReport } from '../payload/payload.js';
import { LIMITS } from '../payload/payload.js';
import { atRiskThreshold, bucketCounts, downsampleMax, quotaMaxUsed } from './traffic.js';
import type { Finding } from '../types.js';

/** One period of a bucket's traffic, for the traffic-over-time chart. */
export interface TrafficPoint {
  /** ISO 8601 UTC start of the period. */
  time: string;
  count: number;
  /** P(any 429) in this period is above the target (count at or above the at-risk threshold). */
  atRisk: boolean;
}

/** A bucket drawn in the traffic chart: its offered counts per period against its limit per period. */
export interface TrafficPanel {
  bucketId: string;
  label: string;
  layer: string;
  rate: number;
  burst: number;
  /** Requests one period admits from a full bucket when spread evenly: rate × period + burst. */
  limitPerPeriod: number;
  /** rate × period: what the bucket sustains period after period. */
  sustainedPerPeriod: number;
  /** Smallest count among the periods whose P(any 429) is above the target; undefined if none. */
  atRiskFromCount: number | undefined;
  points: TrafficPoint[];
  atRiskPeriods: number;
}

export interface HeadroomRow {
  bucketId: string;
  label: string;
  layer: string;
  rate: number;
  burst: number;
  origin: string;
  peakRps: number;
  rateHeadroom: number | null;
  burstHeadroom: number;
  /** Estimate; NaN when the engine gave only a bound (`pAnyPeakHigh`) or nothing. */
  pAnyPeak: number;
  pAnyPeakLow: number;
  pAnyPeakHigh: number;
  expected429: number;
  expected429High: number;
  engine: string;
  binding: boolean;
}

export interface QuotaRow {
  id: string;
  plan: string;
  key: string;
  limit: number;
  period: string;
  /** Most requests counted against the quota in one quota window (offset included). */
  maxUsed: number;
  headroom: number;
  rejected: number;
  exhaustedAt: string | null;
}

export interface PayloadPanel {
  apiType: string;
  rows: { what: string; limit: string; shareAbove: number; atMost: boolean; consequence: string }[];
  /** CDF points per distribution (bytes or ms) and the limits drawn over them. */
  distributions: {
    what: string;
    unit: 'bytes' | 'ms';
    source: string;
    points: { x: number; f: number }[];
    limits: { label: string; x: number }[];
  }[];
  multiplier: { what: string; value: number; atMost: boolean; unit: string } | null;
}

/** The throttling, quota and payload part of the report (present with --traffic). */
export interface SimulationSection {
  inputs: { name: string; value: string; origin: string }[];
  periodSeconds: number;
  nPeriods: number;
  start: string;
  offered: number;
  expected429: number;
  /** Proven bound on the 429s of buckets that only have a bound (see ThrottleReport). */
  expected429Bound: number;
  busiestWindowPAny: number;
  busiestIsBound: boolean;
  horizonPAny: number;
  horizonIsBound: boolean;
  target: number;
  panels: TrafficPanel[];
  headroom: HeadroomRow[];
  quotas: QuotaRow[];
  payload: PayloadPanel | undefined;
  findings: Finding[];
  assumptions: string[];
  verdict: string;
}

/** Periods drawn per traffic chart at most (longer horizons keep each group's peak). */
export const MAX_TRAFFIC_POINTS = 1500;
/** Buckets drawn: the binding one and those at risk, at most this many. */
export const MAX_TRAFFIC_PANELS = 4;

export interface SimulationInputs {
  grid: TrafficGrid;
  limits: LimitsConfig;
  settings: ThrottleSettings;
  throttle: ThrottleReport;
  payloadInput: PayloadInput | undefined;
  payload: PayloadReport | undefined;
  inputs: { name: string; value: string; origin: string }[];
  findings: Finding[];
  assumptions: string[];
  verdict: string;
}

/**
 * Assemble the report's simulation section from the simulator's own results: the per-period view
 * (which periods are at risk, with the simulator's seed rule), headroom and quota usage. Pure; the
 * formatters only print what this returns.
 */
export function buildSimulationSection(x: SimulationInputs): SimulationSection {
  const { grid, throttle: t, settings: s } = x;
  const T = grid.periodSeconds;
  const topo = buildTopology(grid.series, x.limits);
  const iso = (ms: number) => new Date(ms).toISOString();
  // the same order simulate ranks buckets in: peak-window risk, then expected 429s
  const risk = (b: (typeof t.buckets)[number]): number =>
    Number.isFinite(b.peak.pAny) ? b.peak.pAny : Number.isFinite(b.peak.pAnyHigh) ? b.peak.pAnyHigh : 1;
  const ranked = t.buckets
    .map((_, j) => j)
    .sort((a, b) => risk(t.buckets[b]!) - risk(t.buckets[a]!) || t.buckets[b]!.expected429 - t.buckets[a]!.expected429 || a - b);
  const chosen = ranked
    .filter((j, i) => i === 0 || risk(t.buckets[j]!) > x.settings.target || t.buckets[j]!.fluid429 > 0)
    .slice(0, MAX_TRAFFIC_PANELS);
  const panels: TrafficPanel[] = chosen.map((j) => {
    const b = t.buckets[j]!;
    const j0 = topo.buckets.findIndex((d) => d.id === b.id);
    const counts = bucketCounts(grid.counts, topo.chains, j0, grid.nPeriods);
    // the simulator's own per-period figures (state carried across periods); unknown counts as at risk
    const byPeriod = b.pAnyByPeriod;
    let all: TrafficPoint[];
    let threshold: number | undefined;
    if (byPeriod) {
      all = Array.from(counts, (count, p) => ({
        time: iso(grid.startMs + p * T * 1000),
        count,
        atRisk: count > 0 && !(byPeriod[p]! <= s.target),
      }));
      for (const q of all) if (q.atRisk && (threshold === undefined || q.count < threshold)) threshold = q.count;
    } else {
      // deterministic arrivals: the period's own window from a full bucket, a function of its count
      const seed = bucketSeed(s.seed, j0);
      const pAny = (count: number) =>
        windowRisk(b, count, 0, { model: s.model, seconds: T, seed, samples: s.samples, dpBudget: s.dpBudget }).pAny;
      threshold = atRiskThreshold(counts, pAny, s.target);
      all = Array.from(counts, (count, p) => ({
        time: iso(grid.startMs + p * T * 1000),
        count,
        atRisk: threshold !== undefined && count >= threshold,
      }));
    }
    const { points } = downsampleMax(all, MAX_TRAFFIC_POINTS);
    return {
      bucketId: b.id,
      label: b.label,
      layer: b.layer,
      rate: b.rate,
      burst: b.burst,
      limitPerPeriod: b.rate * T + b.burst,
      sustainedPerPeriod: b.rate * T,
      atRiskFromCount: threshold,
      points: points.filter((q) => !Number.isNaN(q.count)),
      atRiskPeriods: all.filter((q) => q.atRisk).length,
    };
  });
  const headroom: HeadroomRow[] = t.buckets.map((b, j) => ({
    bucketId: b.id,
    label: b.label,
    layer: b.layer,
    rate: b.rate,
    burst: b.burst,
    origin: b.origin,
    peakRps: b.peakRps,
    rateHeadroom: Number.isFinite(b.rateHeadroom) ? b.rateHeadroom : null,
    burstHeadroom: b.burstHeadroom,
    pAnyPeak: b.peak.pAny,
    pAnyPeakLow: b.peak.pAnyLow,
    pAnyPeakHigh: b.peak.pAnyHigh,
    expected429: b.expected429,
    expected429High: b.expected429High,
    engine: b.engine,
    binding: j === t.binding,
  }));
  const quotas: QuotaRow[] = t.quotas.map((q) => {
    const def = topo.quotas.find((d) => d.id === q.id)!;
    const maxUsed = quotaMaxUsed(grid.counts, def, grid);
    return {
      id: q.id,
      plan: q.plan,
      key: q.key,
      limit: q.limit,
      period: q.period,
      maxUsed,
      headroom: 1 - maxUsed / q.limit,
      rejected: q.rejected,
      exhaustedAt: q.exhaustedAtMs === undefined ? null : iso(q.exhaustedAtMs),
    };
  });
  return {
    inputs: x.inputs,
    periodSeconds: T,
    nPeriods: grid.nPeriods,
    start: iso(grid.startMs),
    offered: t.offered,
    expected429: t.expected429,
    expected429Bound: t.expected429Bound,
    busiestWindowPAny: t.busiestWindowPAny,
    busiestIsBound: t.busiestIsBound,
    horizonPAny: t.horizonPAny,
    horizonIsBound: t.horizonIsBound,
    target: s.target,
    panels,
    headroom,
    quotas,
    payload: x.payload && x.payloadInput ? payloadPanel(x.payloadInput, x.payload) : undefined,
    findings: x.findings,
    assumptions: x.assumptions,
    verdict: x.verdict,
  };
}

function payloadPanel(input: PayloadInput, report: PayloadReport): PayloadPanel {
  const ws = input.apiType === 'websocket';
  const bodyLimits = [
    { label: '10 MB payload limit', x: LIMITS.payload },
    { label: '1 MB ALB → Lambda', x: LIMITS.albLambda },
    ...(input.apiType === 'http' ? [{ label: '512 KB metering unit', x: LIMITS.httpMeterUnit }] : []),
  ];
  const distributions: PayloadPanel['distributions'] = [];
  const add = (what: string, d: PayloadInput['requests'], unit: 'bytes' | 'ms', limits: { label: string; x: number }[]) => {
    if (d) distributions.push({ what, unit, source: d.source, points: d.points, limits });
  };
  if (!ws) {
    add('request sizes', input.requests, 'bytes', bodyLimits);
    add(
      'response sizes',
      input.responses,
      'bytes',
      bodyLimits.filter((l) => l.x !== LIMITS.httpMeterUnit),
    );
  } else {
    add('message sizes', input.messages, 'bytes', [
      { label: '128 KB message limit', x: LIMITS.wsMessage },
      { label: '32 KB frame / metering unit', x: LIMITS.wsFrame },
    ]);
  }
  const timeout = input.apiType === 'http' ? LIMITS.timeoutHttpMs : LIMITS.timeoutRestWsMs;
  add('integration latency', input.integrationLatencyMs, 'ms', [{ label: `${timeout / 1000} s integration timeout`, x: timeout }]);
  return {
    apiType: report.apiType,
    rows: report.rows.map((r) => ({
      what: r.what,
      limit: r.limit,
      shareAbove: r.share.value,
      atMost: r.share.atMost,
      consequence: r.consequence,
    })),
    distributions,
    multiplier: report.multiplier ?? null,
  };
}
