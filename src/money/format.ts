import { Decimal, dec, type DecimalInput } from './decimal.js';

/** Money rounds half-up to the cent, and only here, when it is presented. */
export function roundUsd(value: DecimalInput, places = 2): Decimal {
  return dec(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/** "$1,234.56" (negative: "-$1.00"). */
export function formatUsd(value: DecimalInput, places = 2): string {
  const d = roundUsd(value, places);
  const neg = d.isNegative() && !d.isZero();
  const [int, frac] = d.abs().toFixed(places).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}$${grouped}${frac ? `.${frac}` : ''}`;
}

/** Decimal string for JSON: full precision, no exponent. */
export function toJsonMoney(value: DecimalInput): string {
  return dec(value).toFixed();
}

/** Unit prices keep their own precision: "$0.0000035". */
export function formatUnitPrice(value: DecimalInput): string {
  const d = dec(value);
  return `$${d.toFixed()}`;
}

/** Human quantity: 50,000,000 or 14.3051 (up to 4 decimals, trailing zeros dropped). */
export function formatQuantity(value: DecimalInput, places = 4): string {
  const d = dec(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  const [int, frac] = d.toFixed().split('.');
  const neg = int!.startsWith('-');
  const digits = neg ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** 50M, 1.5B, 333K — for tier labels and break-even volumes. */
export function formatVolume(value: DecimalInput): string {
  const d = dec(value);
  const units: [string, number][] = [
    ['T', 1e12],
    ['B', 1e9],
    ['M', 1e6],
    ['K', 1e3],
  ];
  for (const [suffix, size] of units) {
    if (d.abs().gte(size)) {
      const scaled = d.div(size).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return `${scaled.toFixed()}${suffix}`;
    }
  }
  return d.toDecimalPlaces(2).toFixed();
}

/** "+$412.00": a change in dollars, signed, rounded half-up to the cent. */
export function signedUsd(delta: Decimal): string {
  const r = delta.toDecimalPlaces(2);
  const [int, frac] = r.abs().toFixed(2).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${r.isNegative() && !r.isZero() ? '-' : '+'}$${grouped}.${frac}`;
}

/** "+8 %", "-0.5 %": a relative change, signed. */
export function signedPercent(p: number): string {
  const v = Math.abs(p) >= 10 ? p.toFixed(0) : Number(p.toPrecision(2)).toString();
  return `${p >= 0 ? '+' : ''}${v} %`;
}

/** A probability as a percentage: "0 %", "4.2 %", "1.0e-4 %". */
export function riskPercent(x: number): string {
  if (x === 0) return '0 %';
  const v = 100 * x;
  return `${v >= 10 ? v.toFixed(0) : v >= 0.001 ? Number(v.toPrecision(2)).toString() : v.toExponential(1)} %`;
}

/** A size as a reader says it, in binary units as AWS's API Gateway pages do: 512 B, 1.5 KB, 10 MB. */
export function formatBytes(value: DecimalInput): string {
  const d = dec(value);
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  for (const [suffix, size] of units) {
    if (d.abs().gte(size)) return `${d.div(size).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()} ${suffix}`;
  }
  return `${d.toFixed()} B`;
}
