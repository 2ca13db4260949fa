import { CHART_CONFIG, type ChartSpec } from '../report/charts.js';
import { fmtCount, fmtValue, type ForecastReport } from './report.js';

const FONT = 'Helvetica, Arial, sans-serif';
const time = {
  field: 'date',
  type: 'temporal',
  scale: { type: 'utc' },
  title: 'date (UTC)',
  axis: { format: '%b %Y', labelOverlap: true },
};

/**
 * The forecast charts (Vega-Lite, rendered like the report's other charts): monthly requests and,
 * when the history has them, daily peak rates: the history, the forecast band (interval) and
 * median, and each threshold of that measure as a line with its crossing date marked.
 */
export function forecastCharts(f: ForecastReport): ChartSpec[] {
  const out: ChartSpec[] = [];
  const band = f.chart.band;
  const monthly = {
    history: f.chart.history.map((p) => ({ date: p.date, value: p.monthlyRequests })),
    band: band.map((b) => ({ date: b.date, lo: b.monthly.lo, mid: b.monthly.mid, hi: b.monthly.hi })),
  };
  out.push(
    chart(
      f,
      'forecast-monthly',
      'Monthly requests: history and forecast',
      'requests per month (trailing 28 days, 730-hour month)',
      monthly,
      ['monthly-requests'],
    ),
  );
  if (band.every((b) => b.peakRps)) {
    const peaks = { history: [], band: band.map((b) => ({ date: b.date, lo: b.peakRps!.lo, mid: b.peakRps!.mid, hi: b.peakRps!.hi })) };
    out.push(
      chart(f, 'forecast-peak', 'Daily peak request rate: forecast against the throttles', 'peak requests per second', peaks, [
        'daily-peak-rps',
      ]),
    );
  }
  return out;
}

function chart(
  f: ForecastReport,
  id: string,
  title: string,
  yTitle: string,
  data: { history: { date: string; value: number }[]; band: { date: string; lo: number; mid: number; hi: number }[] },
  measures: string[],
): ChartSpec {
  const top = Math.max(...data.band.map((b) => b.hi), ...data.history.map((h) => h.value));
  // thresholds of this measure that are in view (up to twice the band's top), with their crossing marks
  const lines = f.thresholds
    .filter((t) => measures.includes(t.measure) && t.status !== 'unknown' && t.value <= top * 2)
    .map((t, i) => ({ n: String(i + 1), label: t.label, value: t.value, median: t.median, low: t.low, high: t.high }));
  const crossings = lines.filter((l) => l.median !== null);
  const y = { type: 'quantitative', title: yTitle, axis: { format: '~s' }, scale: { zero: false } };
  const layers: unknown[] = [
    {
      data: { values: data.band },
      mark: { type: 'area', color: '#9ecae1', opacity: 0.5 },
      encoding: { x: time, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
    },
    {
      data: { values: data.band },
      mark: { type: 'line', color: '#08519c', strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: { x: time, y: { ...y, field: 'mid' } },
    },
  ];
  if (data.history.length)
    layers.push({
      data: { values: data.history },
      mark: { type: 'line', color: '#111', strokeWidth: 1.5 },
      encoding: { x: time, y: { ...y, field: 'value' } },
    });
  if (lines.length)
    layers.push(
      { data: { values: lines }, mark: { type: 'rule', color: '#C00000', strokeDash: [2, 2] }, encoding: { y: { ...y, field: 'value' } } },
      {
        data: { values: lines },
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, fontSize: 10, color: '#C00000', font: FONT },
        encoding: { x: { value: 0 }, y: { ...y, field: 'value' }, text: { field: 'n' } },
      },
    );
  if (crossings.length)
    layers.push(
      {
        data: { values: crossings.filter((c) => c.low !== null) },
        mark: { type: 'rule', color: '#C00000', strokeWidth: 3, opacity: 0.45 },
        encoding: { x: { ...time, field: 'low' }, x2: { field: 'high' }, y: { ...y, field: 'value' } },
      },
      {
        data: { values: crossings },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 70, color: '#C00000' },
        encoding: { x: { ...time, field: 'median' }, y: { ...y, field: 'value' } },
      },
    );
  const description = `${title}, ${f.history.from} to the ${f.horizonMonths}-month horizon: ${data.history.length ? 'the history as a solid line, ' : ''}the forecast median dashed with its ${f.intervalPercent} % band shaded. ${
    lines.length
      ? `Thresholds: ${lines
          .map(
            (l) =>
              `(${l.n}) ${l.label} at ${measures[0] === 'daily-peak-rps' ? fmtValue('daily-peak-rps', l.value) : fmtCount(l.value)}${l.median ? `, crossed around ${l.median} (${l.low} – ${l.high ?? 'beyond'})` : ', not crossed within the horizon'}`,
          )
          .join('; ')}.`
      : 'No threshold of this measure is in view.'
  }`;
  return { id, title, description, spec: { description, width: 720, height: 260, config: CHART_CONFIG, layer: layers } };
}
