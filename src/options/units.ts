import { Decimal } from '../money/decimal.js';

/**
 * Parsers for the quantities users type: volumes with K/M/B/T suffixes ("50M"), rates
 * ("200/s", "1.5K/s", "12K/min", "1M/h", "20M/day"), byte sizes ("4.5MB", "300KB"), plain decimals, counts, bounded
 * numbers, instants and durations. Each returns a value or throws a ParseError whose message
 * says what was expected; the caller adds where (flag, file, line or field) and turns it into
 * an InputError (exit 2). The same grammar serves flags, CSV cells, JSON/YAML files and
 * configs. Strict by design:
 *  - digits with an optional "." fraction only: no decimal comma or thousands separator
 *    ("1,5M" is refused, not read as 15M), no hexadecimal/octal/binary, no exponent, no sign
 *    where a negative value makes no sense; "_" may group digits (1_000_000);
 *  - no silent rounding: a whole number must be whole and exactly representable;
 *  - ranges: every value has a ceiling (MAX_QUANTITY) so an absurd magnitude (1e300) is an
 *    input error before any work starts;
 *  - calendar dates are checked (30 February is refused, not rolled over to 1 March).
 */
export class ParseError extends Error {}

const VOLUME_SUFFIX: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
// API Gateway's own pricing examples use binary units (4.5 MB = 9 × 512 KB), so KB = 1024 B.
const SIZE_SUFFIX: Record<string, number> = {
  B: 1,
  KB: 1024,
  KIB: 1024,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
};

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;

/**
 * The largest magnitude any quantity may have (after its suffix): 10^15 — a quadrillion
 * requests a month, or bytes (a petabyte). Far beyond any real API; small enough that every
 * model stays in exact, finite arithmetic.
 */
export const MAX_QUANTITY = 1e15;

/** Digits "_"-grouped are allowed; underscores must sit between digits. */
function ungroup(text: string): string {
  const t = text.trim();
  if (/(^|[^\d])_|_($|[^\d])/.test(t)) throw new ParseError(`"${text}": "_" may only group digits (1_000_000)`);
  return t.replace(/_/g, '');
}

/** Why a number-like text was refused, when it is a known foreign form (decimal comma, hex, exponent…). */
function foreignForm(text: string): string | undefined {
  const t = text.trim();
  if (/^[+-]?\d*,\d/.test(t) || /\d,\d/.test(t))
    return 'it has a comma: write the decimal point as "." and no thousands separators (1.5M, 1500000)';
  if (/^[+-]?0[xXoObB][0-9a-fA-F]/.test(t)) return 'hexadecimal/octal/binary: write the number in decimal';
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+/.test(t)) return 'an exponent: write the number in full, or with a K/M/B/T suffix';
  if (/^\s*-/.test(t)) return 'negative';
  return undefined;
}

function refuse(text: string, expected: string): never {
  const why = foreignForm(text);
  throw new ParseError(`expected ${expected}, got "${text}"${why ? ` (${why})` : ''}`);
}

function ceiling(value: Decimal, text: string, max: number = MAX_QUANTITY): Decimal {
  if (value.gt(max)) throw new ParseError(`"${text}" is too large: at most ${new Decimal(max).toFixed()}`);
  return value;
}

/** A non-negative decimal ("0.6", "730"). */
export function parseDecimal(text: string): Decimal {
  const t = ungroup(text);
  if (!new RegExp(`^${NUMBER}$`).test(t)) refuse(text, 'a non-negative number such as 0.6 or 730');
  return ceiling(new Decimal(t), text);
}

/** A non-negative whole number ("2"). */
export function parseCount(text: string): number {
  const t = ungroup(text);
  if (!/^\d+$/.test(t)) refuse(text, 'a whole number');
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n > MAX_QUANTITY) throw new ParseError(`"${text}" is too large: at most ${MAX_QUANTITY}`);
  return n;
}

/**
 * A number for a flag or field of the simulator and the like: plain decimal digits (a leading "-"
 * only with `min` below 0), within [min, max], whole when `integer`. Returns a JS number; a whole
 * number beyond 2^53 or a fraction on an integer is refused, never rounded.
 */
export function parseNumber(
  text: string,
  o: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean; maxExclusive?: boolean } = {},
): number {
  const min = o.min ?? 0;
  const max = o.max ?? MAX_QUANTITY;
  const t = ungroup(text);
  const signed = min < 0 ? '-?' : '';
  const what = `${o.integer ? 'a whole number' : 'a number'} ${o.minExclusive ? 'above' : 'from'} ${min} ${o.maxExclusive ? 'below' : 'to'} ${max}`;
  if (!new RegExp(`^${signed}${o.integer ? '\\d+' : NUMBER}$`).test(t)) {
    if (o.integer && new RegExp(`^${signed}${NUMBER}$`).test(t)) throw new ParseError(`expected ${what}, got "${text}" (not whole)`);
    refuse(text, what);
  }
  const n = Number(t);
  if (o.integer && !Number.isSafeInteger(n)) throw new ParseError(`"${text}" is too large: at most ${max}`);
  if (n < min || n > max || (o.minExclusive && n === min) || (o.maxExclusive && n === max))
    throw new ParseError(`expected ${what}, got "${text}"`);
  return n;
}

/** A number from JSON/YAML or text (flags, CSV cells, config strings) in the same grammar and range as parseNumber. */
export function toNumber(value: unknown, o: Parameters<typeof parseNumber>[1] = {}): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ParseError(`expected a finite number, got ${value}`);
    return parseNumber(plain(value), o);
  }
  if (typeof value === 'string') return parseNumber(value, o);
  throw new ParseError(`expected a number, got ${JSON.stringify(value)}`);
}

/** A finite JS number written out in plain decimal (no exponent) for the text grammars. */
function plain(n: number): string {
  if (Math.abs(n) > 1e21) return n < 0 ? `-${'9'.repeat(22)}` : '9'.repeat(22); // beyond every ceiling: refused with "too large"
  return new Decimal(n).toFixed();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Instants from 2000 to 2100 (epoch milliseconds): traffic, CloudWatch windows, "now". */
export const INSTANT_RANGE_MS = { min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) } as const;

/**
 * An instant: ISO 8601 with a zone ("2024-05-01T12:00:00Z", "…+02:00"), the calendar checked
 * (30 February and hour 24 are refused), or epoch seconds (10 digits) or milliseconds (13
 * digits); between 2000 and 2100. Returns epoch milliseconds.
 */
export function parseInstant(text: string | number): number {
  let ms: number;
  if (typeof text === 'number' || /^\d+(\.\d+)?$/.test(text.trim())) {
    const n = typeof text === 'number' ? text : Number(text.trim());
    if (!Number.isFinite(n)) throw new ParseError(`expected a timestamp, got ${String(text)}`);
    ms = n >= 1e11 ? n : n * 1000; // 13 digits: milliseconds; 10: seconds
  } else {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/i.exec(text.trim());
    if (!m) throw new ParseError(`expected ISO 8601 with a zone (2024-05-01T12:00:00Z) or epoch seconds/milliseconds, got "${text}"`);
    const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const dim = mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0);
    if (mo < 1 || mo > 12 || d < 1 || d > dim) throw new ParseError(`"${text}" is not a date: ${y}-${m[2]} has ${dim || 'no'} days`);
    if (h > 23 || mi > 59 || se > 59) throw new ParseError(`"${text}" is not a time of day (00:00:00 to 23:59:59)`);
    if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) throw new ParseError(`"${text}" has an impossible zone offset`);
    ms = Date.parse(text.trim());
  }
  if (!(ms >= INSTANT_RANGE_MS.min && ms < INSTANT_RANGE_MS.max))
    throw new ParseError(`timestamp ${String(text)} is outside 2000–2100 (epoch seconds have 10 digits, milliseconds 13)`);
  return ms;
}

const DURATION_UNIT: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** A duration: "120", "120s", "2m", "1.5h", "500ms", "14d" → seconds (a bare number is seconds). */
export function parseDuration(text: string, o: { max?: number } = {}): Decimal {
  const t = ungroup(text);
  const m = new RegExp(`^${NUMBER}\\s*(ms|s|sec|m|min|h|d)?$`, 'i').exec(t);
  if (!m) refuse(text, 'a duration such as 120s, 2m, 1.5h or 500ms');
  const seconds = new Decimal(m[1]!).times(DURATION_UNIT[(m[2] ?? 's').toLowerCase()]!);
  return ceiling(seconds, text, o.max ?? 366 * 86400);
}

/** The period a volume is given per: a monthly total, or a rate per second, minute, hour or day. */
export type VolumePeriod = 'month' | 'second' | 'minute' | 'hour' | 'day';

/** Seconds in each rate period (a month's seconds depend on the hours per month, so it is not here). */
export const PERIOD_SECONDS: Record<Exclude<VolumePeriod, 'month'>, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

export interface ParsedVolume {
  value: Decimal;
  /** "month" = a monthly total; otherwise a rate per that period, to scale to the month's seconds. */
  per: VolumePeriod;
}

const PERIOD_WORDS: Record<string, VolumePeriod> = {
  s: 'second',
  sec: 'second',
  second: 'second',
  min: 'minute',
  minute: 'minute',
  h: 'hour',
  hr: 'hour',
  hour: 'hour',
  d: 'day',
  day: 'day',
  mo: 'month',
  month: 'month',
};

/** "50M", "1.5B", "333000000", "200/s", "2K/s", "12K/min", "1M/h", "20M/day", "50M/month". */
export function parseVolume(text: string): ParsedVolume {
  const t = ungroup(text);
  const m = new RegExp(`^${NUMBER}\\s*([kKmMbBtT]?)\\s*(?:/\\s*([a-zA-Z]+))?$`).exec(t);
  const per = m?.[3] === undefined ? 'month' : PERIOD_WORDS[m[3].toLowerCase()];
  if (!m || per === undefined)
    refuse(
      text,
      'a number with an optional K/M/B/T suffix and an optional rate "/s", "/min", "/h" or "/day" (e.g. 50M, 1.5B, 200/s, 12K/min)',
    );
  const value = ceiling(new Decimal(m[1]!).times(VOLUME_SUFFIX[m[2]!.toUpperCase()]!), text);
  return { value, per };
}

/**
 * A parsed volume as a monthly total: rates are multiplied by the month's seconds first and
 * divided by the period after, so "1M/h" over 730 h is exactly 730M.
 */
export function volumePerMonth(v: ParsedVolume, secondsPerMonth: Decimal): Decimal {
  return v.per === 'month' ? v.value : v.value.times(secondsPerMonth).div(PERIOD_SECONDS[v.per]);
}

/** "4.5MB", "300KB", "512", "1 MiB" → bytes (binary units: KB = 1,024 bytes). */
export function parseBytes(text: string): Decimal {
  const t = ungroup(text);
  const m = new RegExp(`^${NUMBER}\\s*([a-zA-Z]*)$`).exec(t);
  const unit = (m?.[2] ?? '').toUpperCase() || 'B';
  if (!m || SIZE_SUFFIX[unit] === undefined) refuse(text, 'a size such as 512, 3KB, 4.5MB (KB = 1,024 bytes)');
  return ceiling(new Decimal(m[1]!).times(SIZE_SUFFIX[unit]!), text);
}

/** Accept either a number (from JSON/YAML) or a string in the given grammar. */
export function fromNumberOrString<T>(value: number | string, parse: (s: string) => T): T {
  return parse(typeof value === 'number' ? numberToPlainString(value) : value);
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new ParseError(`expected a finite number, got ${n}`);
  if (n < 0) throw new ParseError(`expected a non-negative number, got ${n}`);
  return plain(n);
}
