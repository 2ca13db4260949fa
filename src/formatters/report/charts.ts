import { OPTIONS, isOptionId } from '../../models/options.js';
import type { ReportDocument } from './document.js';
import type { PayloadPanel, TrafficPanel } from './simulation.js';

/**
 * Vega-Lite specifications of the report's charts, as plain data. They are rendered to SVG
 * in Node by render-svg.ts. Everything that could vary between machines is pinned: fonts are
 * named, times are UTC (`formatType: 'utc'`, `scale: utc`), the size is fixed, there is no
 * interactivity and no data URL (values are inline).
 */
export type VegaLiteSpec = Record<string, unknown>;

export interface ChartSpec {
  id: string;
  title: string;
  /** The chart's text alternative (also the SVG's aria-label). */
  description: string;
  spec: VegaLiteSpec;
}

/** One fixed colour and dash pattern per option, from the option registry. */
const chartStyle = (id: string) => (isOptionId(id) ? OPTIONS[id].chart : { colour: '#333', dash: [1, 0] });

const FONT = 'Helvetica, Arial, sans-serif';

/** Volumes as 50K / 1.5M / 2B (Vega's SI format says G for billions). */
const VOLUME_LABEL = "replace(replace(format(datum.value, '~s'), 'G', 'B'), 'k', 'K')";
const USD_LABEL = "'$' + replace(replace(format(datum.value, '~s'), 'G', 'B'), 'k', 'K')";

const BYTES_LABEL =
  "datum.value >= 1048576 ? format(datum.value / 1048576, '~r') + ' MB' : datum.value >= 1024 ? format(datum.value / 1024, '~r') + ' KB' : format(datum.value, '~r') + ' B'";

/** Byte ticks in binary units: 1, 10, 100 × 1 B / 1 KB / 1 MB / 1 GB inside [lo, hi]. */
export function byteTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (const unit of [1, 1024, 1024 ** 2, 1024 ** 3])
    for (const m of [1, 10, 100]) if (m * unit >= lo && m * unit <= hi && !(unit < 1024 ** 3 && m === 1000)) out.push(m * unit);
  return out;
}

/** Tick values m × 10^k (m in `mantissas`) covering [lo, hi] on a log axis, one decade beyond each end. */
export function ladder(lo: number, hi: number, mantissas: number[]): number[] {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of mantissas) {
      const v = Number(`${m}e${k}`);
      if (v >= lo / 1.0000001 && v <= hi * 1.0000001) out.push(v);
    }
  }
  return out;
}

export const CHART_CONFIG = {
  font: FONT,
  background: 'white',
  axis: { labelFont: FONT, titleFont: FONT, labelFontSize: 11, titleFontSize: 12, gridColor: '#e3e3e3' },
  legend: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 11,
    titleFontSize: 12,
    orient: 'bottom',
    columns: 4,
    columnPadding: 18,
    symbolType: 'stroke',
    symbolSize: 400,
    symbolStrokeWidth: 2.5,
    labelLimit: 0,
  },
  title: { font: FONT, fontSize: 14, anchor: 'start' },
  view: { stroke: '#bbb' },
};

export function costChart(doc: ReportDocument, description: string): ChartSpec {
  const c = doc.cost;
  const options = [...new Set(c.points.map((p) => p.option))];
  const labels = options.map((id) => c.points.find((p) => p.option === id)!.label);
  const colourScale = { domain: labels, range: options.map((id) => chartStyle(id).colour) };
  const dashScale = { domain: labels, range: options.map((id) => chartStyle(id).dash) };
  const volumes = c.points.map((p) => p.volume);
  const costs = c.points.map((p) => p.usd).filter((u) => u > 0);
  const yDomain = costs.length ? [Math.min(...costs) / 1.25, Math.max(...costs) * 1.25] : [1, 10];
  const x = {
    field: 'volume',
    type: 'quantitative',
    scale: { type: 'log', domain: [Math.min(...volumes), Math.max(...volumes)], nice: false },
    title: `${c.measure} per month`,
    axis: { values: ladder(Math.min(...volumes), Math.max(...volumes), [1]), labelExpr: VOLUME_LABEL },
  };
  const y = {
    field: 'usd',
    type: 'quantitative',
    scale: c.yScale === 'log' ? { type: 'log', domain: yDomain, nice: false } : { type: 'symlog' },
    title: 'USD per month',
    axis: c.yScale === 'log' ? { values: ladder(yDomain[0]!, yDomain[1]!, [1, 2, 5]), labelExpr: USD_LABEL } : { labelExpr: USD_LABEL },
  };
  const given = c.points.filter((p) => p.kind === 'given');
  const marks = c.breakEvens.map((b) => ({ n: String(b.n), volume: b.volume, usd: b.usd, kind: b.kind }));
  const layers: unknown[] = [
    {
      data: { values: c.points },
      mark: { type: 'line', strokeWidth: 2.25, clip: true },
      encoding: {
        x,
        y,
        color: { field: 'label', type: 'nominal', scale: colourScale, title: null },
        strokeDash: { field: 'label', type: 'nominal', scale: dashScale, title: null },
        order: { field: 'volume', type: 'quantitative' },
      },
    },
  ];
  if (marks.length) {
    layers.push(
      {
        data: { values: marks },
        mark: { type: 'rule', color: '#555', strokeDash: [3, 3], strokeWidth: 1 },
        encoding: { x: { field: 'volume', type: 'quantitative' } },
      },
      {
        data: { values: marks },
        mark: { type: 'point', shape: 'diamond', size: 70, filled: true, color: '#111' },
        encoding: { x: { field: 'volume', type: 'quantitative' }, y: { field: 'usd', type: 'quantitative' } },
      },
      {
        data: { values: marks },
        mark: { type: 'text', dy: -10, fontSize: 11, fontWeight: 'bold', color: '#111', font: FONT },
        encoding: { x: { field: 'volume', type: 'quantitative' }, y: { field: 'usd', type: 'quantitative' }, text: { field: 'n' } },
      },
    );
  }
  layers.push({
    data: { values: given },
    mark: { type: 'point', filled: true, size: 60, stroke: 'white', strokeWidth: 1 },
    encoding: { x, y, color: { field: 'label', type: 'nominal', scale: colourScale, title: null } },
  });
  return {
    id: 'cost-by-volume',
    title: 'Monthly cost by monthly volume',
    description,
    spec: {
      description,
      width: 860,
      height: 360,
      config: CHART_CONFIG,
      resolve: { scale: { color: 'shared' } },
      layer: layers,
    },
  };
}

export function trafficChart(p: TrafficPanel, periodSeconds: number, description: string): ChartSpec {
  const points = p.points.map((q) => ({ ...q, status: q.atRisk ? 'P(any 429) above target' : 'within target' }));
  const time = {
    field: 'time',
    type: 'temporal',
    scale: { type: 'utc' },
    title: 'time (UTC)',
    axis: { format: '%b %d %H:%M', labelOverlap: true },
  };
  const limits = [
    { what: `burst + rate × ${periodSeconds} s (one full bucket)`, y: p.limitPerPeriod },
    { what: `rate × ${periodSeconds} s (sustained)`, y: p.sustainedPerPeriod },
  ];
  return {
    id: `traffic-${p.bucketId}`,
    title: `Requests per ${periodSeconds}-s period through ${p.label}`,
    description,
    spec: {
      description,
      width: 720,
      height: 220,
      config: CHART_CONFIG,
      layer: [
        {
          data: { values: points },
          mark: { type: 'area', color: '#9ecae1', opacity: 0.55, line: { color: '#08519c', strokeWidth: 1 } },
          encoding: {
            x: time,
            y: { field: 'count', type: 'quantitative', title: `requests per ${periodSeconds} s`, axis: { format: '~s' } },
          },
        },
        {
          data: { values: points.filter((q) => q.atRisk) },
          mark: { type: 'point', shape: 'triangle-up', filled: true, size: 36, color: '#C00000' },
          encoding: {
            x: time,
            y: { field: 'count', type: 'quantitative' },
            shape: { field: 'status', type: 'nominal', scale: { range: ['triangle-up'] }, title: null },
          },
        },
        {
          data: { values: limits },
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: {
            y: { field: 'y', type: 'quantitative' },
            color: {
              field: 'what',
              type: 'nominal',
              scale: { domain: limits.map((l) => l.what), range: ['#C00000', '#E69F00'] },
              title: null,
            },
            strokeDash: {
              field: 'what',
              type: 'nominal',
              scale: {
                domain: limits.map((l) => l.what),
                range: [
                  [6, 3],
                  [2, 2],
                ],
              },
              title: null,
            },
          },
        },
      ],
    },
  };
}

export function headroomChart(rows: { label: string; headroom: number }[], description: string): ChartSpec {
  const values = rows.map((r) => ({
    ...r,
    pct: Math.round(r.headroom * 1000) / 10,
    status: r.headroom < 0 ? 'over the limit' : r.headroom < 0.2 ? 'under 20 % left' : 'headroom',
  }));
  return {
    id: 'headroom',
    title: 'Rate headroom at the busiest period',
    description,
    spec: {
      description,
      width: 560,
      height: { step: 22 },
      config: CHART_CONFIG,
      data: { values },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
            x: {
              field: 'pct',
              type: 'quantitative',
              title: '1 − peak rps ÷ rate limit (%)',
              scale: { domain: [Math.min(-100, ...values.map((v) => v.pct)), 100], clamp: true },
            },
            color: {
              field: 'status',
              type: 'nominal',
              scale: { domain: ['over the limit', 'under 20 % left', 'headroom'], range: ['#C00000', '#E69F00', '#009E73'] },
              title: null,
              legend: { symbolType: 'square' },
            },
          },
        },
        { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#111' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      ],
    },
  };
}

export function payloadChart(d: PayloadPanel['distributions'][number], index: number, description: string): ChartSpec {
  const xs = [...d.points.map((p) => p.x), ...d.limits.map((l) => l.x)].filter((v) => v > 0);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const points = d.points.filter((p) => p.x > 0).map((p) => ({ x: p.x, share: Math.round(p.f * 1e6) / 1e4 }));
  const title = d.unit === 'bytes' ? 'size (bytes, KB = 1,024)' : 'integration latency (ms)';
  return {
    id: `payload-${index}`,
    title: `Distribution of ${d.what} against the limits`,
    description,
    spec: {
      description,
      width: 560,
      height: 200,
      config: CHART_CONFIG,
      layer: [
        {
          data: { values: points },
          mark: { type: 'line', color: '#0072B2', strokeWidth: 2, point: { filled: true, size: 30, color: '#0072B2' } },
          encoding: {
            x: {
              field: 'x',
              type: 'quantitative',
              scale: { type: 'log', domain: [lo / 2, hi * 2], nice: false },
              title,
              axis:
                d.unit === 'bytes'
                  ? { values: byteTicks(lo / 2, hi * 2), labelExpr: BYTES_LABEL }
                  : { values: ladder(lo / 2, hi * 2, [1]), format: ',~r' },
            },
            y: { field: 'share', type: 'quantitative', title: '% at or below', scale: { domain: [0, 100] } },
          },
        },
        {
          data: { values: d.limits },
          mark: { type: 'rule', color: '#C00000', strokeDash: [6, 3], strokeWidth: 1.5 },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values: d.limits },
          mark: { type: 'text', angle: 270, align: 'left', dx: 4, dy: -6, color: '#C00000', fontSize: 10, font: FONT },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { datum: 2 }, text: { field: 'label' } },
        },
      ],
    },
  };
}
