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
/** Dollars as a reader writes them: $0.10, $5, $1,500 (SI prefixes would print $100m for ten cents). */
const USD_LABEL =
  "datum.value >= 1 ? '$' + format(datum.value, ',~r') : datum.value >= 0.01 ? '$' + format(datum.value, '.2f') : '$' + format(datum.value, '~r')";

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

/** Short option names for labels on the chart ("REST API", "ALB + SSO"). */
const shortLabel = (label: string) => label.replace(/^API Gateway /, '');

/** The volume range of the focused cost chart: a decade either side of the given volume, inside the searched range. */
export function focusRange(given: number, lo: number, hi: number): [number, number] {
  return [Math.max(lo, given / 10), Math.min(hi, given * 10)];
}

/**
 * Monthly cost against monthly volume, one line per option, on log axes. `range` narrows the
 * volume axis (the focused chart); break-even rules are labelled with the two options they
 * separate, and the given volume is a labelled rule.
 */
export function costChart(
  doc: ReportDocument,
  description: string,
  view: { id: string; title: string; range?: [number, number] } = { id: 'cost-by-volume', title: 'Monthly cost by monthly volume' },
): ChartSpec {
  const c = doc.cost;
  const [lo, hi] = view.range ?? [Math.min(...c.points.map((p) => p.volume)), Math.max(...c.points.map((p) => p.volume))];
  const inRange = (v: number) => v >= lo / 1.0000001 && v <= hi * 1.0000001;
  const points = c.points.filter((p) => inRange(p.volume));
  const options = [...new Set(points.map((p) => p.option))];
  const labels = options.map((id) => points.find((p) => p.option === id)!.label);
  const colourScale = { domain: labels, range: options.map((id) => chartStyle(id).colour) };
  const dashScale = { domain: labels, range: options.map((id) => chartStyle(id).dash) };
  const costs = points.map((p) => p.usd).filter((u) => u > 0);
  const yDomain = costs.length ? [Math.min(...costs) / 1.25, Math.max(...costs) * 1.25] : [1, 10];
  const decades = Math.log10(hi / lo);
  const x = {
    field: 'volume',
    type: 'quantitative',
    scale: { type: 'log', domain: [lo, hi], nice: false },
    title: `${c.measure} per month`,
    axis: { values: ladder(lo, hi, decades <= 3 ? [1, 2, 5] : [1]), labelExpr: VOLUME_LABEL },
  };
  const y = {
    field: 'usd',
    type: 'quantitative',
    scale: c.yScale === 'log' ? { type: 'log', domain: yDomain, nice: false } : { type: 'symlog' },
    title: 'USD per month',
    axis:
      c.yScale === 'log'
        ? { values: ladder(yDomain[0]!, yDomain[1]!, Math.log10(yDomain[1]! / yDomain[0]!) <= 3 ? [1, 2, 5] : [1]), labelExpr: USD_LABEL }
        : { labelExpr: USD_LABEL },
  };
  const given = points.filter((p) => p.kind === 'given');
  const label = (id: string) => shortLabel(doc.estimate.options.find((o) => o.id === id)?.label ?? id);
  const marks = c.breakEvens
    .filter((b) => inRange(b.volume))
    .map((b) => ({
      n: String(b.n),
      volume: b.volume,
      usd: b.usd,
      kind: b.kind,
      text: `${b.n}: ${label(b.between[0])} = ${label(b.between[1])}`,
    }));
  const top = yDomain[1]!;
  const layers: unknown[] = [
    {
      data: { values: points },
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
        // the two options each break-even separates, written along its rule from the top
        data: { values: marks.map((m) => ({ ...m, top })) },
        mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: 10, color: '#333', font: FONT },
        encoding: { x: { field: 'volume', type: 'quantitative' }, y: { field: 'top', type: 'quantitative' }, text: { field: 'text' } },
      },
    );
  }
  const givenVolume = c.givenVolume;
  if (givenVolume > 0 && inRange(givenVolume)) {
    const g = [{ volume: givenVolume, top, text: `given: ${formatVolumeLabel(givenVolume)} ${c.measure}/month` }];
    layers.push(
      {
        data: { values: g },
        mark: { type: 'rule', color: '#111', strokeWidth: 1.5 },
        encoding: { x: { field: 'volume', type: 'quantitative' } },
      },
      {
        data: { values: g },
        mark: {
          type: 'text',
          angle: 270,
          align: 'right',
          baseline: 'top',
          dx: -4,
          dy: 3,
          fontSize: 11,
          fontWeight: 'bold',
          color: '#111',
          font: FONT,
        },
        encoding: { x: { field: 'volume', type: 'quantitative' }, y: { field: 'top', type: 'quantitative' }, text: { field: 'text' } },
      },
    );
  }
  layers.push({
    data: { values: given },
    mark: { type: 'point', filled: true, size: 60, stroke: 'white', strokeWidth: 1 },
    encoding: { x, y, color: { field: 'label', type: 'nominal', scale: colourScale, title: null } },
  });
  return {
    id: view.id,
    title: view.title,
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

/** 50M, 1.5B: the volume as the chart's axis writes it. */
function formatVolumeLabel(v: number): string {
  for (const [suffix, size] of [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
    ['K', 1e3],
  ] as const) {
    if (v >= size) return `${Number((v / size).toPrecision(4))}${suffix}`;
  }
  return String(Number(v.toPrecision(4)));
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
        // no at-risk layer without points (an empty temporal layer has no extent)
        ...(points.some((q) => q.atRisk)
          ? [
              {
                data: { values: points.filter((q) => q.atRisk) },
                mark: { type: 'point', shape: 'triangle-up', filled: true, size: 36, color: '#C00000' },
                encoding: {
                  x: time,
                  y: { field: 'count', type: 'quantitative' },
                  shape: { field: 'status', type: 'nominal', scale: { range: ['triangle-up'] }, title: null },
                },
              },
            ]
          : []),
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
    text: `${(Math.round(r.headroom * 1000) / 10).toLocaleString('en-US')} %`,
    status: r.headroom < 0 ? 'over the limit' : r.headroom < 0.2 ? 'under 20 % left' : 'headroom',
  }));
  // the axis starts at 0 unless a bucket is over its limit, so a 2 % bar is not lost in a −100…100 % axis
  const min = Math.min(0, ...values.map((v) => v.pct));
  const x = {
    field: 'pct',
    type: 'quantitative',
    title: '1 − peak req/s ÷ rate limit (%)',
    scale: { domain: [min < 0 ? Math.max(-100, Math.floor(min / 10) * 10) : 0, 100], clamp: true },
  };
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } };
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
          mark: { type: 'bar', minBandSize: 2 },
          encoding: {
            y,
            x,
            color: {
              field: 'status',
              type: 'nominal',
              scale: { domain: ['over the limit', 'under 20 % left', 'headroom'], range: ['#C00000', '#E69F00', '#009E73'] },
              title: null,
              legend: { symbolType: 'square' },
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#111', font: FONT },
          encoding: { y, x: { ...x, field: 'pct' }, text: { field: 'text' } },
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
  // the share *above* each size, on a log scale: a 0.08 % tail over a limit is as visible as the bulk
  const points = d.points
    .filter((p) => p.x > 0 && p.f < 1)
    .map((p) => ({ x: p.x, above: Math.round((1 - p.f) * 1e8) / 1e6 }))
    .filter((p) => p.above > 0);
  const smallest = Math.min(100, ...points.map((p) => p.above));
  const yLo = 10 ** Math.floor(Math.log10(smallest / 2));
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
            y: {
              field: 'above',
              type: 'quantitative',
              title: '% above this (log)',
              scale: { type: 'log', domain: [yLo, 100], nice: false },
              axis: { values: ladder(yLo, 100, [1]), labelExpr: "format(datum.value, '~r') + ' %'" },
            },
          },
        },
        {
          data: { values: d.limits },
          mark: { type: 'rule', color: '#C00000', strokeDash: [6, 3], strokeWidth: 1.5 },
          encoding: { x: { field: 'x', type: 'quantitative' } },
        },
        {
          data: { values: d.limits },
          mark: { type: 'text', angle: 270, align: 'right', dx: -4, dy: -6, color: '#C00000', fontSize: 10, font: FONT },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { datum: 100 }, text: { field: 'label' } },
        },
      ],
    },
  };
}
