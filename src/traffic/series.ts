import { z } from 'zod';
import { InputError } from '../errors.js';
import { MAX_BYTES, parseJsonStrict, readLines } from '../files/input.js';
import { parseInstant, parseNumber } from '../options/units.js';
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

/** The rows of one series, as parallel arrays (a few bytes a row, not an object each: 50 MB of CSV stays small). */
interface Group {
  meta: SeriesMeta;
  t: number[];
  count: number[];
  /** Where each row came from: CSV line number, or JSON row index. */
  at: number[];
}

interface Rows {
  groups: Map<string, Group>;
  /** "file:LINE" or "file › series[i].points[k]" for a row. */
  where: (g: Group, i: number) => string;
}

const DIMENSIONS = ['api', 'stage', 'route', 'key'] as const;
/** Periods × series the simulator holds (8 bytes each): 20 M cells = 160 MB, within the 512 MB a run may take. */
const MAX_CELLS = 20_000_000;
/** The largest request count one period may hold: 10^12 (a trillion; the default account limit allows 10^4 a second). */
export const MAX_COUNT = 1e12;
/** The most rows a traffic file may have (before they go on the grid). */
export const MAX_ROWS = 20_000_000;

const countSchema = z.number().nonnegative('count must be >= 0').max(MAX_COUNT, `count must be at most ${MAX_COUNT}`).nullable();
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
      periodSeconds: z.number().int().positive().max(86_400).optional(),
      series: z
        .array(z.object({ ...dims, points: z.array(z.object({ timestamp: tsSchema, count: countSchema }).strict()).min(1) }).strict())
        .min(1),
    })
    .strict(),
  z.array(rowSchema).min(1),
]);

/**
 * Read a traffic file: CSV streamed line by line (at most MAX_BYTES.trafficCsv); JSON (a name
 * ending in .json, or a first line starting with { or [) parsed whole (at most
 * MAX_BYTES.trafficJson). Counts and timestamps use the shared strict grammar (src/options/units.ts).
 */
export function readTraffic(file: string, periodFlag: number | undefined): ParsedTraffic {
  const byName = /\.json$/i.test(file);
  const kind = { what: 'traffic file', flag: '--traffic', maxBytes: byName ? MAX_BYTES.trafficJson : MAX_BYTES.trafficCsv };
  const lines = readLines(file, kind);
  let first = lines.next();
  while (!first.done && first.value.trim() === '') first = lines.next();
  const json = byName || (!first.done && /^\s*[[{]/.test(first.value));
  let parsed: { rows: Rows; period: number | undefined };
  if (json) {
    const parts: string[] = first.done ? [] : [first.value];
    let bytes = parts[0]?.length ?? 0;
    for (const line of lines) {
      bytes += line.length + 1;
      if (bytes > MAX_BYTES.trafficJson)
        throw new InputError(`traffic file ${file} is JSON over ${MAX_BYTES.trafficJson / 1024 / 1024} MiB`, {
          where: '--traffic',
          hint: 'write large series as CSV (timestamp,count,…), which is streamed',
        });
      parts.push(line);
    }
    parsed = parseJson(parts.join('\n'), file);
  } else parsed = parseCsv(first.done ? undefined : first.value, lines, file);
  return toGrid(parsed.rows, periodFlag ?? parsed.period, file);
}

/** Epoch milliseconds of a timestamp (ISO 8601 with a zone, the calendar checked; or epoch seconds/ms), or undefined. */
export function parseTimestamp(v: string | number): number | undefined {
  try {
    return parseInstant(v);
  } catch {
    return undefined;
  }
}

function why(v: string | number): string {
  try {
    parseInstant(v);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

function newGroups(): { groups: Map<string, Group>; add: (meta: SeriesMeta, t: number, count: number, at: number) => void } {
  const groups = new Map<string, Group>();
  let rows = 0;
  return {
    groups,
    add(meta, t, count, at) {
      const name = seriesName(meta);
      let g = groups.get(name);
      if (!g) groups.set(name, (g = { meta, t: [], count: [], at: [] }));
      g.t.push(t);
      g.count.push(count);
      g.at.push(at);
      if (++rows > MAX_ROWS)
        throw new InputError(`traffic has more than ${MAX_ROWS.toLocaleString('en-US')} rows`, {
          where: '--traffic',
          hint: 'aggregate to a coarser period or fewer series',
        });
    },
  };
}

function parseCsv(headerLine: string | undefined, lines: Iterator<string>, file: string): { rows: Rows; period: undefined } {
  const header = (headerLine ?? '').split(',').map((h) => h.trim().toLowerCase());
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
  const { groups, add } = newGroups();
  const ti = col('timestamp');
  const ci = col('count');
  const dimCols = DIMENSIONS.map((d) => col(d));
  // one SeriesMeta per distinct series, shared by its rows
  const metas = new Map<string, SeriesMeta>();
  let lineNo = 1;
  let rowCount = 0;
  for (let r = lines.next(); !r.done; r = lines.next()) {
    lineNo++;
    const line = r.value;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const where = `${file}:${lineNo}`;
    if (cells.length !== header.length) {
      problems.push(
        `${where}: ${cells.length} cells, the header has ${header.length}${cells.length > header.length ? ' (a decimal comma or thousands separator splits a cell: write 1500 or 1.5)' : ''}`,
      );
      if (problems.length >= 20) break;
      continue;
    }
    const tsText = cells[ti]!.trim();
    const t = parseTimestamp(tsText);
    if (t === undefined) problems.push(`${where}: timestamp "${tsText}": ${why(tsText)}`);
    const raw = cells[ci]!.trim();
    let count = Number.NaN;
    if (raw !== '') {
      try {
        count = parseNumber(raw, { max: MAX_COUNT });
      } catch (e) {
        problems.push(`${where}: count "${raw}": ${(e as Error).message} (leave it empty for a missing period)`);
      }
    }
    let key = '';
    for (const c of dimCols) key += `${c >= 0 ? cells[c]!.trim() : ''}\u0000`;
    let meta = metas.get(key);
    if (!meta) {
      meta = Object.fromEntries(
        DIMENSIONS.map((d, k) => {
          const c = dimCols[k]!;
          const v = c >= 0 ? cells[c]!.trim() : '';
          return [d, v === '' ? undefined : v];
        }),
      ) as unknown as SeriesMeta;
      metas.set(key, meta);
    }
    if (t !== undefined && problems.length === 0) add(meta, t, count, lineNo);
    rowCount++;
    if (problems.length >= 20) break;
  }
  if (problems.length)
    throw new InputError(`traffic file ${file} has ${problems.length}${problems.length >= 20 ? '+' : ''} bad rows`, {
      where: file,
      problems,
      hint: 'fix the rows listed',
    });
  if (rowCount === 0)
    throw new InputError(`traffic file ${file} has no data rows`, { where: file, hint: 'add one row per period: timestamp,count' });
  return { rows: { groups, where: (g, i) => `${file}:${g.at[i]}` }, period: undefined };
}

function parseJson(text: string, file: string): { rows: Rows; period: number | undefined } {
  const data = parseJsonStrict(text, file);
  const parsed = jsonSchema.safeParse(data);
  if (!parsed.success)
    throw new InputError(`traffic file ${file} does not match the traffic schema`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: 'see docs/simulate.md "Traffic input"',
    });
  const { groups, add } = newGroups();
  const problems: string[] = [];
  const metaOf = (o: Partial<SeriesMeta>): SeriesMeta => ({ api: o.api, stage: o.stage, route: o.route, key: o.key });
  const labels: string[] = [];
  const push = (ts: string | number, count: number | null, meta: SeriesMeta, label: string): void => {
    const t = parseTimestamp(ts);
    if (t === undefined) {
      if (problems.length < 20) problems.push(`${label}: timestamp ${JSON.stringify(ts)}: ${why(ts)}`);
    } else {
      add(meta, t, count ?? Number.NaN, labels.length);
      labels.push(label);
    }
  };
  if (Array.isArray(parsed.data)) {
    parsed.data.forEach((r, i) => {
      push(r.timestamp, r.count, metaOf(r), `${file} › [${i}]`);
    });
  } else
    parsed.data.series.forEach((s, i) => {
      const meta = metaOf(s);
      s.points.forEach((p, k) => {
        push(p.timestamp, p.count, meta, `${file} › series[${i}].points[${k}]`);
      });
    });
  if (problems.length)
    throw new InputError(`traffic file ${file} has bad timestamps`, {
      where: file,
      problems,
      hint: 'use 2024-05-01T12:00:00Z or epoch seconds',
    });
  return {
    rows: { groups, where: (g, i) => labels[g.at[i]!]! },
    period: Array.isArray(parsed.data) ? undefined : parsed.data.periodSeconds,
  };
}

function seriesName(m: SeriesMeta): string {
  const parts = DIMENSIONS.filter((d) => m[d] !== undefined).map((d) => `${d}=${m[d]}`);
  return parts.length ? parts.join(' ') : 'all traffic';
}

/** Put rows on one regular grid: infer the period, check alignment and duplicates, mark gaps. */
function toGrid(rows: Rows, periodGiven: number | undefined, file: string): ParsedTraffic {
  const { groups, where } = rows;
  let periodMs = periodGiven === undefined ? Infinity : periodGiven * 1000;
  for (const g of groups.values()) {
    // time order: an index sort only where the file is not already in order
    let sorted = true;
    for (let i = 1; i < g.t.length && sorted; i++) if (g.t[i]! < g.t[i - 1]!) sorted = false;
    const order = sorted ? undefined : Uint32Array.from(g.t.keys()).sort((a, b) => g.t[a]! - g.t[b]!);
    const at = (i: number) => (order ? order[i]! : i);
    for (let i = 1; i < g.t.length; i++) {
      const d = g.t[at(i)]! - g.t[at(i - 1)]!;
      if (d === 0)
        throw new InputError(`two counts for the same period in series "${seriesName(g.meta)}"`, {
          where: `${where(g, at(i - 1))} and ${where(g, at(i))}`,
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
  let start = Infinity;
  let end = -Infinity;
  for (const g of groups.values())
    for (const t of g.t) {
      if (t < start) start = t;
      if (t > end) end = t;
    }
  const nPeriods = Math.round((end - start) / periodMs) + 1;
  if (nPeriods * groups.size > MAX_CELLS)
    throw new InputError(`traffic too large: ${groups.size} series × ${nPeriods.toLocaleString('en-US')} periods`, {
      where: file,
      hint: `aggregate to a coarser period or fewer series (at most ${MAX_CELLS.toLocaleString('en-US')} cells)`,
    });
  const series: SeriesMeta[] = [];
  const counts: Float64Array[] = [];
  const gaps: Gap[] = [];
  for (const [name, g] of groups) {
    const c = new Float64Array(nPeriods).fill(Number.NaN);
    for (let i = 0; i < g.t.length; i++) {
      const off = g.t[i]! - start;
      if (off % periodMs !== 0)
        throw new InputError(
          `timestamp at ${where(g, i)} is not on the ${periodMs / 1000}-second grid starting ${new Date(start).toISOString()}`,
          { where: where(g, i), hint: 'align counts to whole periods, or pass --period with the right length' },
        );
      c[off / periodMs] = g.count[i]!;
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
