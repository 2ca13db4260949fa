import Table from 'cli-table3';
import { type Colors, NO_COLORS } from './colors.js';

/**
 * Everything a terminal formatter needs to know about where its text goes, decided in one
 * place for every command: colour on or off, and the width tables must fit.
 */
export interface Terminal {
  colors: Colors;
  /** Columns the output must fit: COLUMNS, else the terminal's width, else 80 (pipes, files). */
  width: number;
  /** stdout is a terminal (not a pipe or a file). */
  isTty: boolean;
}

/** Where output goes, as the CLI sees it (injected, so tests can pretend to be a terminal). */
export interface OutputStreams {
  env: NodeJS.ProcessEnv;
  stdoutIsTty?: boolean | undefined;
  stdoutColumns?: number | undefined;
}

/** The narrowest width tables are fitted to, and the width used when nothing says otherwise. */
export const MIN_WIDTH = 40;
export const DEFAULT_WIDTH = 80;

/** COLUMNS (a positive integer) wins, then the terminal's own width, then 80. */
export function outputWidth(out: OutputStreams): number {
  const fromEnv = Number.parseInt(out.env.COLUMNS ?? '', 10);
  const w = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : out.stdoutIsTty && out.stdoutColumns ? out.stdoutColumns : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, w);
}

/**
 * Colour level 0–3, the same rule for every command:
 * --no-color → off; NO_COLOR set to anything non-empty → off (https://no-color.org);
 * FORCE_COLOR → on even when piped (0/false → off; 1/2/3 → that level; other → 1);
 * otherwise on only when stdout is a terminal (and TERM is not "dumb"), at the level chalk's
 * bundled supports-color detects for it.
 */
export function colorLevel(opts: { color?: boolean | undefined; env: NodeJS.ProcessEnv; isTty: boolean; detected?: number }): number {
  if (opts.color === false) return 0;
  if ((opts.env.NO_COLOR ?? '') !== '') return 0;
  const force = opts.env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '1' || force === '2' || force === '3') return Number(force);
    return 1;
  }
  if (!opts.isTty || opts.env.TERM === 'dumb') return 0;
  return Math.max(1, Math.min(3, opts.detected ?? 1));
}

/** Colours and width for a command's terminal output. chalk loads only when colour is on. */
export async function terminal(opts: { color?: boolean | undefined }, out: OutputStreams): Promise<Terminal> {
  const isTty = Boolean(out.stdoutIsTty);
  let detected = 1;
  if (isTty && opts.color !== false && (out.env.NO_COLOR ?? '') === '') {
    const { supportsColor } = await import('chalk');
    detected = supportsColor ? supportsColor.level : 1;
  }
  const level = colorLevel({ color: opts.color, env: out.env, isTty, detected });
  return { colors: level === 0 ? NO_COLORS : await chalkColors(level), width: outputWidth(out), isTty };
}

async function chalkColors(level: number): Promise<Colors> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: level as 1 | 2 | 3 });
  return { bold: (s) => c.bold(s), green: (s) => c.green(s), yellow: (s) => c.yellow(s), red: (s) => c.red(s), dim: (s) => c.dim(s) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on screen (ANSI colour codes take none). */
export function displayWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/**
 * Wrap prose to `width` columns at spaces; continuation lines get `indent`. A word longer
 * than a whole line (a URL) is cut into pieces that fit.
 */
export function wrap(text: string, width: number, indent = '  '): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const lead = paragraph.match(/^\s*/)?.[0] ?? '';
    // a word longer than a whole line (a long URL) is cut into line-sized pieces: no line exceeds the width
    const room = Math.max(10, width - indent.length);
    const words = paragraph
      .trim()
      .split(/ +/)
      .flatMap((w) => (displayWidth(w) <= room || w.includes('\u001b') ? [w] : (w.match(new RegExp(`.{1,${room}}`, 'gu')) ?? [w])));
    let line = lead;
    let first = true;
    for (const word of words) {
      const prefix = first ? lead : indent;
      const candidate = line.trim() === '' ? `${prefix}${word}` : `${line} ${word}`;
      if (displayWidth(candidate) <= width || line.trim() === '') line = candidate;
      else {
        lines.push(line);
        first = false;
        line = `${indent}${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
}

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** Columns with a `drop` rank are removed, highest rank first, when the table is too wide. */
  drop?: number;
  /** Redundant column (its content is in other columns): drop it before wrapping anything. */
  dropFirst?: boolean;
  /** May wrap onto several lines (prose, labels); other columns keep their width. */
  wrap?: boolean;
  /** Narrowest a wrapping column may become. */
  min?: number;
}

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * Borders in plain ASCII, for output that is not a terminal (pipes, files, CI logs): one byte per
 * column, so byte-counting tools (awk or cut in a C locale, wc -c) and log viewers see the table
 * exactly as wide as it is drawn. A terminal gets box drawing.
 */
const ASCII = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
};

/** Where a table goes: the columns it must fit, and whether its borders must be ASCII (not a terminal). */
export interface Layout {
  width: number;
  ascii?: boolean;
}

/**
 * A cli-table3 table that fits `width` columns: drop the optional columns (highest `drop`
 * first), then narrow the wrapping columns, widest first, down to their minimum. Rows have no
 * separators unless a cell wraps, so narrow tables stay readable and short ones stay short.
 */
export function fitTable(columns: Column[], rows: string[][], layout: number | Layout): string {
  const { width, ascii } = typeof layout === 'number' ? { width: layout, ascii: false } : layout;
  let keep = columns.map((_, i) => i);
  const natural = columns.map((c, i) =>
    Math.max(displayWidth(c.head), ...rows.map((r) => Math.max(0, ...(r[i] ?? '').split('\n').map(displayWidth)))),
  );
  const total = (idx: number[], w: number[]) => idx.reduce((s, i) => s + w[i]! + 3, 1);
  const droppable = columns
    .map((c, i) => ({ i, rank: c.drop }))
    .filter((x) => x.rank !== undefined)
    .sort((a, b) => b.rank! - a.rank!);
  const widths = [...natural];
  const shrinkable = () => keep.filter((i) => columns[i]!.wrap);
  // a wrapping column keeps room for its longest word (up to 20 columns), so words are not cut
  const longestWord = columns.map((c, i) =>
    Math.min(20, Math.max(0, ...[c.head, ...rows.map((r) => r[i] ?? '')].flatMap((x) => x.split(/\s+/)).map(displayWidth))),
  );
  const minOf = (i: number) => Math.min(natural[i]!, Math.max(columns[i]!.min ?? 10, longestWord[i]!));
  // the narrowest this set of columns can get by wrapping alone
  const narrowest = (idx: number[]) => idx.reduce((s, i) => s + (columns[i]!.wrap ? minOf(i) : natural[i]!) + 3, 1);
  // redundant columns go first, before anything wraps
  for (const i of columns.map((c, i) => (c.dropFirst ? i : -1)).filter((i) => i >= 0)) {
    if (total(keep, natural) > width) keep = keep.filter((k) => k !== i);
  }
  // other optional columns only when wrapping alone cannot make the table fit
  while (narrowest(keep) > width && droppable.length) {
    const { i } = droppable.shift()!;
    keep = keep.filter((k) => k !== i);
  }
  // narrow the wrapping columns, widest first, one column at a time
  let over = total(keep, widths) - width;
  while (over > 0) {
    const candidates = shrinkable().filter((i) => widths[i]! > minOf(i));
    if (!candidates.length) break;
    const widest = candidates.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    widths[widest]! -= 1;
    over -= 1;
  }
  const wrapped = keep.some((i) => widths[i]! < natural[i]!);
  const t = new Table({
    head: keep.map((i) => columns[i]!.head),
    colAligns: keep.map((i) => columns[i]!.align ?? 'left'),
    colWidths: keep.map((i) => widths[i]! + 2),
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
    chars: { ...(ascii ? ASCII : {}), ...(wrapped ? {} : COMPACT) },
  });
  for (const r of rows) t.push(keep.map((i) => r[i] ?? ''));
  return t.toString();
}
