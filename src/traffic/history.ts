import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { dailyFromGrid } from '../models/forecast/daily.js';
import type { DailyHistory } from '../models/forecast/types.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import { readTraffic } from './series.js';
import { DAY_MS } from '../models/calendar.js';

/**
 * Traffic history for `forecast` (docs/forecast.md "History input"), either
 *   daily:      CSV `date,requests[,peak_rps]` or JSON `{ "days": [{ "date", "requests", "peakRps"? }] }`,
 *               dates as YYYY-MM-DD (UTC days); an empty cell / null is a missing day;
 *   per period: the `simulate --traffic` format (timestamp,count[,api,stage,route,key]), summed
 *               over every series and aggregated to UTC days.
 */
export interface ReadHistory {
  history: DailyHistory;
  notes: string[];
  format: 'daily' | 'per-period';
}

const num = z.number().nonnegative('must be >= 0').nullable();
const dailyJson = z
  .object({
    days: z.array(z.object({ date: z.string(), requests: num, peakRps: num.optional() }).strict()).min(1, 'give at least one day'),
  })
  .strict();

function dayOf(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s ? undefined : ms / DAY_MS;
}

interface DayRow {
  day: number;
  requests: number;
  peak: number;
  where: string;
}

export function readHistory(file: string): ReadHistory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read history file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: '--history',
      hint: 'check the path and permissions',
    });
  }
  const json = /\.json$/i.test(file) || /^\s*[[{]/.test(text);
  if (json) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InputError(`history file ${file} is not valid JSON: ${(e as Error).message}`, { where: file, hint: 'fix the JSON syntax' });
    }
    if (data && typeof data === 'object' && !Array.isArray(data) && 'days' in data) {
      const parsed = dailyJson.safeParse(data);
      if (!parsed.success)
        throw new InputError(`history file ${file} does not match the daily history schema`, {
          where: file,
          problems: formatZodIssues(parsed.error, file, data),
          hint: 'see docs/forecast.md "History input"',
        });
      const rows: DayRow[] = [];
      const problems: string[] = [];
      parsed.data.days.forEach((d, i) => {
        const day = dayOf(d.date);
        if (day === undefined) problems.push(`${file} › days[${i}].date: "${d.date}" is not a date YYYY-MM-DD`);
        else rows.push({ day, requests: d.requests ?? Number.NaN, peak: d.peakRps ?? Number.NaN, where: `${file} › days[${i}]` });
      });
      return fromRows(
        rows,
        problems,
        file,
        parsed.data.days.some((d) => d.peakRps !== undefined),
      );
    }
    return perPeriod(file);
  }
  const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  if (header.includes('timestamp')) return perPeriod(file);
  return parseDailyCsv(text, header, file);
}

function perPeriod(file: string): ReadHistory {
  const t = readTraffic(file, undefined);
  const { history, notes } = dailyFromGrid(t.grid);
  for (const g of t.gaps) notes.push(`GAP: ${g.series}: ${g.periods} period(s) missing from ${new Date(g.firstMs).toISOString()}`);
  return { history, notes, format: 'per-period' };
}

function parseDailyCsv(text: string, header: string[], file: string): ReadHistory {
  const allowed = ['date', 'requests', 'peak_rps'];
  const problems: string[] = [];
  for (const h of header) if (!allowed.includes(h)) problems.push(`${file}:1: unknown column "${h}" (allowed: ${allowed.join(', ')})`);
  if (!header.includes('date') || !header.includes('requests'))
    problems.push(`${file}:1: the header must name the columns "date" and "requests" (or be the per-period "timestamp,count" format)`);
  if (problems.length)
    throw new InputError(`history file ${file} has a bad header`, {
      where: `${file}:1`,
      problems,
      hint: 'first line like: date,requests,peak_rps (peak_rps is optional)',
    });
  const col = (n: string) => header.indexOf(n);
  const rows: DayRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length && problems.length < 20; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${file}:${i + 1}`;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== header.length) {
      problems.push(`${where}: ${cells.length} cells, the header has ${header.length}`);
      continue;
    }
    const day = dayOf(cells[col('date')]!);
    if (day === undefined) problems.push(`${where}: date "${cells[col('date')]}" is not YYYY-MM-DD`);
    const value = (name: string): number => {
      if (col(name) < 0) return Number.NaN;
      const raw = cells[col(name)]!;
      if (raw === '') return Number.NaN;
      const v = Number(raw);
      if (!(Number.isFinite(v) && v >= 0))
        problems.push(`${where}: ${name} "${raw}" is not a non-negative number (leave it empty for a missing day)`);
      return v;
    };
    const requests = value('requests');
    const peak = value('peak_rps');
    if (day !== undefined) rows.push({ day, requests, peak, where });
  }
  return fromRows(rows, problems, file, header.includes('peak_rps'));
}

function fromRows(rows: DayRow[], problems: string[], file: string, hasPeaks: boolean): ReadHistory {
  if (problems.length)
    throw new InputError(`history file ${file} has ${problems.length}${problems.length >= 20 ? '+' : ''} bad rows`, {
      where: file,
      problems: problems.slice(0, 20),
      hint: 'fix the rows listed',
    });
  if (rows.length === 0)
    throw new InputError(`history file ${file} has no days`, { where: file, hint: 'add one row per day: date,requests' });
  rows.sort((a, b) => a.day - b.day);
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.day === rows[i - 1]!.day)
      throw new InputError(`two rows for the same day in ${file}`, {
        where: `${rows[i - 1]!.where} and ${rows[i]!.where}`,
        hint: 'keep one row per UTC day (sum them first)',
      });
  const firstDay = rows[0]!.day;
  const n = rows[rows.length - 1]!.day - firstDay + 1;
  const totals = new Float64Array(n).fill(Number.NaN);
  const peaks = new Float64Array(n).fill(Number.NaN);
  for (const r of rows) {
    totals[r.day - firstDay] = r.requests;
    peaks[r.day - firstDay] = r.peak;
  }
  return { history: { firstDay, totals, peaks: hasPeaks ? peaks : undefined }, notes: [], format: 'daily' };
}
