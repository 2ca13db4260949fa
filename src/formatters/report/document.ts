import { Decimal } from '../../money/decimal.js';
import { formatUsd, formatVolume, roundUsd } from '../../money/format.js';
import type { CurvePoint } from '../../models/report/curves.js';
import type { PriceProvenance } from '../../models/types.js';
import type { EstimateReport } from '../estimate/report.js';
import { sourceIndex } from '../estimate/sources.js';
import type { SimulationSection } from './simulation.js';
import type { ForecastReport } from '../forecast/report.js';

/** One point of the cost-by-volume chart, as plain data (numbers for the chart, strings for the text). */
export interface ChartCostPoint {
  option: string;
  label: string;
  volume: number;
  volumeExact: string;
  usd: number;
  /** Exact monthly cost, full precision. */
  usdExact: string;
  /** Rounded half-up to the cent, as every format prints it. */
  usdCents: string;
  kind: CurvePoint['kind'];
}

export interface ChartBreakEven {
  /** 1-based number shown on the chart and in the table. */
  n: number;
  volume: number;
  volumeExact: string;
  between: [string, string];
  cheaperBelow: string;
  cheaperAbove: string;
  kind: 'crossing' | 'step';
  /** Cost of the two options at the crossing (equal: the property test of `estimate` checks it). */
  usd: number;
}

/** A price the estimate used, with where it comes from and which options use it. */
export interface PriceRow {
  ref: number;
  source: PriceProvenance;
  /** Distinct unit prices used from it (tiers), as decimal strings. */
  unitPrices: string[];
  units: string[];
  usedBy: string[];
}

/** Everything the HTML and Markdown reports show: built once, so both show the same numbers. */
export interface ReportDocument {
  title: string;
  /** ISO 8601, only with --timestamp. */
  generatedAt: string | undefined;
  estimate: EstimateReport;
  cost: {
    measure: 'requests' | 'messages';
    givenVolume: number;
    points: ChartCostPoint[];
    breakEvens: ChartBreakEven[];
    /** The y scale the chart uses: log when every cost is positive. */
    yScale: 'log' | 'symlog';
  };
  prices: PriceRow[];
  simulation: SimulationSection | undefined;
  /** With --history: the traffic forecast (`apigw-plan forecast`). */
  forecast?: ForecastReport | undefined;
}

export function labelOf(report: EstimateReport, id: string): string {
  return report.options.find((o) => o.id === id)?.label ?? id;
}

export function buildCostChartData(report: EstimateReport, points: CurvePoint[]): ReportDocument['cost'] {
  const chartPoints: ChartCostPoint[] = points.map((p) => ({
    option: p.option,
    label: labelOf(report, p.option),
    volume: p.volume.toNumber(),
    // break-evens round as `estimate` prints them (up), so the two tables show the same volume
    volumeExact: p.volume.toDecimalPlaces(0, p.kind === 'break-even' ? Decimal.ROUND_CEIL : Decimal.ROUND_HALF_UP).toFixed(),
    usd: p.usd.toNumber(),
    usdExact: p.usd.toFixed(),
    usdCents: roundUsd(p.usd).toFixed(2),
    kind: p.kind,
  }));
  const breakEvens: ChartBreakEven[] = report.breakEven.crossings.map((x, i) => {
    // the exact point costed at this break-even (the crossing's volume is rounded for print)
    const at = chartPoints.filter((p) => p.option === x.between[0]);
    const nearest = at.reduce<ChartCostPoint | undefined>(
      (best, p) => (!best || Math.abs(p.volume - Number(x.volume)) < Math.abs(best.volume - Number(x.volume)) ? p : best),
      undefined,
    );
    return {
      n: i + 1,
      volume: Number(x.volume),
      volumeExact: x.volume,
      between: x.between,
      cheaperBelow: x.cheaperBelow,
      cheaperAbove: x.cheaperAbove,
      kind: x.kind,
      usd: nearest?.usd ?? 0,
    };
  });
  return {
    measure: report.volume.measure,
    givenVolume: Number(report.volume.perMonth),
    points: chartPoints,
    breakEvens,
    yScale: chartPoints.every((p) => p.usd > 0) ? 'log' : 'symlog',
  };
}

/** Every distinct price used, numbered as the estimate's tables cite them. */
export function priceRows(report: EstimateReport): PriceRow[] {
  const { sources, refOf } = sourceIndex(report);
  const rows: PriceRow[] = sources.map((source, i) => ({ ref: i + 1, source, unitPrices: [], units: [], usedBy: [] }));
  for (const o of report.options) {
    if (!o.priced) continue;
    for (const l of o.lines) {
      const row = rows[refOf(l.source) - 1]!;
      if (!row.unitPrices.includes(l.unitPriceUsd)) row.unitPrices.push(l.unitPriceUsd);
      if (!row.units.includes(l.unit)) row.units.push(l.unit);
      if (!row.usedBy.includes(o.id)) row.usedBy.push(o.id);
    }
  }
  return rows;
}

/** A sentence describing the cost chart, for screen readers and for the Markdown report. */
export function describeCostChart(doc: ReportDocument, range?: [number, number]): string {
  const c = doc.cost;
  const r = doc.estimate;
  const inRange = (v: number) => !range || (v >= range[0] / 1.0000001 && v <= range[1] * 1.0000001);
  const points = c.points.filter((p) => inRange(p.volume));
  const options = [...new Set(points.map((p) => p.option))];
  const parts = options.map((id) => {
    const pts = points.filter((p) => p.option === id);
    const first = pts[0]!;
    const last = pts[pts.length - 1]!;
    return `${labelOf(r, id)} from ${formatUsd(first.usdExact)} at ${formatVolume(first.volumeExact)} to ${formatUsd(last.usdExact)} at ${formatVolume(last.volumeExact)}`;
  });
  const marked = c.breakEvens.filter((b) => inRange(b.volume));
  const crossings = marked.length
    ? ` ${marked.length} break-even volume(s) are marked, each labelled with the two options: ${marked.map((b) => `(${b.n}) ${formatVolume(b.volumeExact)} between ${labelOf(r, b.between[0])} and ${labelOf(r, b.between[1])}`).join('; ')}.`
    : ' No break-even volume in the range.';
  const from = range ? formatVolume(String(Math.round(range[0]))) : formatVolume(r.breakEven.searchedFrom);
  const to = range ? formatVolume(String(Math.round(range[1]))) : formatVolume(r.breakEven.searchedTo);
  return (
    `Line chart of monthly cost in USD against monthly ${c.measure} on logarithmic axes, ` +
    `${from} to ${to} ${c.measure}/month${range ? ' (a decade either side of the given volume)' : ''}. ` +
    `${parts.join('; ')}. The given volume, ${formatVolume(r.volume.perMonth)}, is a labelled rule with a dot on each line.` +
    crossings
  );
}
