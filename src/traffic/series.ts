import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import type { SeriesMeta } from '../models/throttling/config.js';
import type { TrafficGrid } from '../models/throttling/report.js';

/**
 * Traffic series input (docs/simulate.md "Traffic input"): request counts per period, as
 * CloudWatch `Count` Sum reports them, optionally split by api / stage / route / key.
 *   CSV:  header `timestamp,count[,api,stage,route,key]`, one row per series and period;
 *   JSON: `{ "periodSeconds"?, "series": [{ "api"?, "stage"?, "route"?, "key"?, "points": [{ "timestamp", "count" }] }] }`
 *         or an array of CSV-like row objects.
 * Timestamps: ISO 8601 with a zone (Z or ±hh:mm) or epoch seconds/milliseconds. A count left
 * empty (CSV) or null (JSON), and any period missing between the first and last timestamp,
 * is a gap: reported, never read as zero.
 */
export interface Gap {
  series: string;
  periods: number;
  firstMs: number;
}

export interface ParsedTraffic {
  grid: TrafficGrid;
  gaps: Gap[];
  file: string;
}

interface Row {
  t: number;
  count: number;
  meta: SeriesMeta;
  where: string;
}

const DIMENSIONS = ['api', 'stage', 'route', 'key'] as const;
const MAX_CELLS = 100_000_000;

const countSchema = z.number().nonnegative('count must be >= 0').nullable();
const tsSchema = z.union([z.string().min(1), z.number()]);
const dims = {
  api: z.string().min(1).optional(),
  stage: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
};
const rowSchema = z.object({ timestamp: tsSchema, count: countSchema, ...dims }).strict();
const jsonSchema = z.union([
  z
    .object({
      periodSeconds: z.number().int().positive().optional(),
      series: z
        .array(z.object({ ...dims, points: z.array(z.object({ timestamp: tsSchema, count: countSchema }).strict()).min(1) }).strict())
        .min(1),
    })
    .strict(),
  z.array(rowSchema).min(1),
]);

export function readTraffic(file: string, periodFlag: number | undefined): ParsedTraffic {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read traffic file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: '--traffic',
      hint: 'check the path and permissions',
    });
  }
  const json = /\.json$/i.test(file) || /^\s*[[{]/.test(text);
  const { rows, period } = json ? parseJson(text, file) : parseCsv(text, file);
  return toGrid(rows, periodFlag ?? period, file);
}

export function parseTimestamp(v: string | number): number | undefined {
  if (typeof v === 'number' || /^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n >= 1e11 ? n : n * 1000; // 13 digits: milliseconds; 10: seconds
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseCsv(text: string, file: string): { rows: Row[]; period: undefined } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const problems: string[] = [];
  const col = (name: string): number => header.indexOf(name);
  const allowed = ['timestamp', 'count', ...DIMENSIONS];
  for (const h of header) if (!allowed.includes(h)) problems.push(`${file}:1: unknown column "${h}" (allowed: ${allowed.join(', ')})`);
  if (col('timestamp') < 0 || col('count') < 0) problems.push(`${file}:1: the header must name the columns "timestamp" and "count"`);
  if (problems.length)
    throw new InputError(`traffic file ${file} has a bad header`, {
      where: `${file}:1`,
      problems,
      hint: 'first line like: timestamp,count,api,stage,route,key (only timestamp and count are required)',
    });
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const where = `${file}:${i + 1}`;
    if (cells.length !== header.length) {
      problems.push(`${where}: ${cells.length} cells, the header has ${header.length}`);
      continue;
    }
    const t = parseTimestamp(cells[col('timestamp')]!);
    if (t === undefined)
      problems.push(
        `${where}: timestamp "${cells[col('timestamp')]}" is not ISO 8601 with a zone (2024-05-01T12:00:00Z) nor epoch seconds/milliseconds`,
      );
    const raw = cells[col('count')]!;
    const count = raw === '' ? Number.NaN : Number(raw);
    if (raw !== '' && !(Number.isFinite(count) && count >= 0))
      problems.push(`${where}: count "${raw}" is not a non-negative number (leave it empty for a missing period)`);
    const meta = Object.fromEntries(
      DIMENSIONS.map((d) => [d, col(d) >= 0 && cells[col(d)] !== '' ? cells[col(d)] : undefined]),
    ) as unknown as SeriesMeta;
    if (t !== undefined) rows.push({ t, count, meta, where });
    if (problems.length >= 20) break;
  }
  if (problems.length)
    throw new InputError(`traffic file ${file} has ${problems.length}${problems.length >= 20 ? '+' : ''} bad rows`, {
      where: file,
      problems,
      hint: 'fix the rows listed',
    });
  if (rows.length === 0)
    throw new InputError(`traffic file ${file} has no data rows`, { where: file, hint: 'add one row per period: timestamp,count' });
  return { rows, period: undefined };
}

function parseJson(text: string, file: string): { rows: Row[]; period: number | undefined } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`traffic file ${file} is not valid JSON: ${(e as Error).message}`, { where: file, hint: 'fix the JSON syntax' });
  }
  const parsed = jsonSchema.safeParse(data);
  if (!parsed.success)
    throw new InputError(`traffic file ${file} does not match the traffic schema`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: 'see docs/simulate.md "Traffic input"',
    });
  const rows: Row[] = [];
  const problems: string[] = [];
  const push = (ts: string | number, count: number | null, meta: SeriesMeta, where: string): void => {
    const t = parseTimestamp(ts);
    if (t === undefined)
      problems.push(`${where}: timestamp ${JSON.stringify(ts)} is not ISO 8601 with a zone nor epoch seconds/milliseconds`);
    else rows.push({ t, count: count ?? Number.NaN, meta, where });
  };
  const metaOf = (o: Partial<SeriesMeta>): SeriesMeta => ({ api: o.api, stage: o.stage, route: o.route, key: o.key });
  if (Array.isArray(parsed.data)) {
    parsed.data.forEach((r, i) => {
      push(r.timestamp, r.count, metaOf(r), `${file} › [${i}]`);
    });
  } else
    parsed.data.series.forEach((s, i) => {
      s.points.forEach((p, k) => {
        push(p.timestamp, p.count, metaOf(s), `${file} › series[${i}].points[${k}]`);
      });
    });
  if (problems.length)
    throw new InputError(`traffic file ${file} has bad timestamps`, {
      where: file,
      problems: problems.slice(0, 20),
      hint: 'use 2024-05-01T12:00:00Z or epoch seconds',
    });
  return { rows, period: Array.isArray(parsed.data) ? undefined : parsed.data.periodSeconds };
}

function seriesName(m: SeriesMeta): string {
  const parts = DIMENSIONS.filter((d) => m[d] !== undefined).map((d) => `${d}=${m[d]}`);
  return parts.length ? parts.join(' ') : 'all traffic';
}

/** Put rows on one regular grid: infer the period, check alignment and duplicates, mark gaps. */
function toGrid(rows: Row[], periodGiven: number | undefined, file: string): ParsedTraffic {
  const groups = new Map<string, { meta: SeriesMeta; rows: Row[] }>();
  for (const r of rows) {
    const name = seriesName(r.meta);
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { meta: r.meta, rows: [] }));
    g.rows.push(r);
  }
  let periodMs = periodGiven === undefined ? Infinity : periodGiven * 1000;
  for (const g of groups.values()) {
    g.rows.sort((a, b) => a.t - b.t);
    for (let i = 1; i < g.rows.length; i++) {
      const d = g.rows[i]!.t - g.rows[i - 1]!.t;
      if (d === 0)
        throw new InputError(`two counts for the same period in series "${seriesName(g.meta)}"`, {
          where: `${g.rows[i - 1]!.where} and ${g.rows[i]!.where}`,
          hint: 'keep one row per series and period (sum them first if they are parts of one count)',
        });
      if (periodGiven === undefined && d < periodMs) periodMs = d;
    }
  }
  if (!Number.isFinite(periodMs)) periodMs = 60_000;
  if (periodMs < 1000 || periodMs % 1000 !== 0)
    throw new InputError(`the period between counts is ${periodMs} ms; it must be a whole number of seconds`, {
      where: file,
      hint: 'pass --period <seconds> or fix the timestamps',
    });
  const start = Math.min(...[...groups.values()].map((g) => g.rows[0]!.t));
  const end = Math.max(...[...groups.values()].map((g) => g.rows[g.rows.length - 1]!.t));
  const nPeriods = Math.round((end - start) / periodMs) + 1;
  if (nPeriods * groups.size > MAX_CELLS)
    throw new InputError(`traffic too large: ${groups.size} series × ${nPeriods} periods`, {
      where: file,
      hint: `aggregate to a coarser period or fewer series (at most ${MAX_CELLS.toLocaleString('en-US')} cells)`,
    });
  const series: SeriesMeta[] = [];
  const counts: Float64Array[] = [];
  const gaps: Gap[] = [];
  for (const [name, g] of groups) {
    const c = new Float64Array(nPeriods).fill(Number.NaN);
    for (const r of g.rows) {
      const off = r.t - start;
      if (off % periodMs !== 0)
        throw new InputError(
          `timestamp at ${r.where} is not on the ${periodMs / 1000}-second grid starting ${new Date(start).toISOString()}`,
          { where: r.where, hint: 'align counts to whole periods, or pass --period with the right length' },
        );
      c[off / periodMs] = r.count;
    }
    let missing = 0;
    let first = -1;
    for (let p = 0; p < nPeriods; p++) {
      if (Number.isNaN(c[p]!)) {
        missing++;
        if (first < 0) first = p;
      }
    }
    if (missing > 0) gaps.push({ series: name, periods: missing, firstMs: start + first * periodMs });
    series.push(g.meta);
    counts.push(c);
  }
  return { grid: { startMs: start, periodSeconds: periodMs / 1000, nPeriods, series, counts }, gaps, file };
}
