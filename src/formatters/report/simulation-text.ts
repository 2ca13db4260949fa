import { fmt } from '../../models/throttling/report.js';
import { percent } from '../simulate/result.js';
import type { PayloadPanel, SimulationSection, TrafficPanel } from './simulation.js';

/** Text alternatives of the simulation charts (the SVG's description and the Markdown report's text). */
export function describeTrafficPanel(p: TrafficPanel, s: SimulationSection): string {
  const peak = p.points.reduce((a, q) => Math.max(a, q.count), 0);
  const risk =
    p.atRiskFromCount === undefined
      ? `No period is at risk: even the busiest has P(any 429) within the ${percent(s.target)} target.`
      : `${p.atRiskPeriods} period(s) have P(any 429) above the ${percent(s.target)} target (the smallest of them has ${fmt(p.atRiskFromCount)} requests), marked with red triangles.`;
  return (
    `Area chart of requests per ${s.periodSeconds}-s period through ${p.label} (${p.layer}, ${fmt(p.rate)} rps / burst ${fmt(p.burst)}) from ${s.start}, ${s.nPeriods} periods; ` +
    `busiest ${fmt(peak)} requests. Horizontal lines: rate × period = ${fmt(p.sustainedPerPeriod)} (sustained) and rate × period + burst = ${fmt(p.limitPerPeriod)} (one full bucket). ${risk}`
  );
}

export function describeHeadroom(s: SimulationSection): string {
  const parts = s.headroom.map(
    (b) =>
      `${b.label}: ${b.rateHeadroom === null ? 'no rate' : b.rateHeadroom < 0 ? `over the rate limit by ${percent(-b.rateHeadroom)}` : `${percent(b.rateHeadroom)} left`}`,
  );
  return `Bar chart of rate headroom (1 − busiest-period rps ÷ rate limit) per throttle bucket. ${parts.join('; ')}.`;
}

export function describePayload(d: PayloadPanel['distributions'][number]): string {
  const unit = d.unit === 'bytes' ? 'bytes' : 'ms';
  const pts = d.points.filter((p) => p.x > 0).map((p) => `${share(p.f)} at or below ${fmt(p.x)} ${unit}`);
  return `Share of ${d.what} above each value (${d.source}), both axes logarithmic so the tail over a limit shows: ${pts.join(', ')}. Limits drawn: ${d.limits.map((l) => `${l.label} (${fmt(l.x)} ${unit})`).join(', ')}.`;
}

/** A CDF level as given (p99.9 stays 99.9 %, not rounded up to 100 %). */
export function share(f: number): string {
  return `${Number((100 * f).toPrecision(6))} %`;
}
