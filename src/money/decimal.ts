import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one decimal type of the tool. 40 significant digits is far more than a
 * monthly bill needs (prices have 10 decimals, volumes up to ~1e13), so sums and
 * products of prices and quantities are exact; rounding happens only when a value
 * is presented (see `format.ts`).
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalInput = Decimal | string | number;

export const ZERO = new Decimal(0);

export function dec(value: DecimalInput): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

export function max(...values: Decimal[]): Decimal {
  return values.reduce((a, b) => (b.gt(a) ? b : a));
}

export function min(...values: Decimal[]): Decimal {
  return values.reduce((a, b) => (b.lt(a) ? b : a));
}
