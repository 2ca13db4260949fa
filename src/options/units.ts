import { Decimal } from '../money/decimal.js';

/**
 * Parsers for the quantities users type: volumes with K/M/B/T suffixes ("50M"), rates
 * ("200/s", "1.5K/s"), byte sizes ("4.5MB", "300KB") and plain decimals. Each returns a
 * Decimal or throws a ParseError whose message says what was expected; the caller adds
 * where (flag or file path) and turns it into an InputError (exit 2).
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

/** A non-negative decimal ("0.6", "730"). */
export function parseDecimal(text: string): Decimal {
  const t = text.trim().replace(/_/g, '');
  if (!new RegExp(`^${NUMBER}$`).test(t)) throw new ParseError(`expected a non-negative number, got "${text}"`);
  return new Decimal(t);
}

/** A non-negative whole number ("2"). */
export function parseCount(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new ParseError(`expected a whole number, got "${text}"`);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new ParseError(`"${text}" is too large`);
  return n;
}

export interface ParsedVolume {
  value: Decimal;
  /** "month" = a monthly total; "second" = a rate per second to multiply by the month's seconds. */
  per: 'month' | 'second';
}

/** "50M", "1.5B", "333000000", "200/s", "2K/s", "50M/month". */
export function parseVolume(text: string): ParsedVolume {
  const t = text.trim().replace(/[_,]/g, '');
  const m = new RegExp(`^${NUMBER}\\s*([kKmMbBtT]?)\\s*(?:/\\s*(s|sec|second|mo|month))?$`).exec(t);
  if (!m) {
    throw new ParseError(`expected a number with an optional K/M/B/T suffix and an optional "/s" (e.g. 50M, 1.5B, 200/s), got "${text}"`);
  }
  const value = new Decimal(m[1]!).times(VOLUME_SUFFIX[m[2]!.toUpperCase()]!);
  const per = m[3]?.startsWith('s') ? 'second' : 'month';
  return { value, per };
}

/** "4.5MB", "300KB", "512", "1 MiB" → bytes (binary units: KB = 1,024 bytes). */
export function parseBytes(text: string): Decimal {
  const t = text.trim().replace(/_/g, '');
  const m = new RegExp(`^${NUMBER}\\s*([a-zA-Z]*)$`).exec(t);
  const unit = (m?.[2] ?? '').toUpperCase() || 'B';
  if (!m || SIZE_SUFFIX[unit] === undefined) {
    throw new ParseError(`expected a size such as 512, 3KB, 4.5MB (KB = 1,024 bytes), got "${text}"`);
  }
  return new Decimal(m[1]!).times(SIZE_SUFFIX[unit]!);
}

/** Accept either a number (from JSON/YAML) or a string in the given grammar. */
export function fromNumberOrString<T>(value: number | string, parse: (s: string) => T): T {
  return parse(typeof value === 'number' ? numberToPlainString(value) : value);
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new ParseError(`expected a finite number, got ${n}`);
  if (n < 0) throw new ParseError(`expected a non-negative number, got ${n}`);
  return new Decimal(n).toFixed();
}
