import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money/decimal.js';
import {
  fromNumberOrString,
  ParseError,
  parseBytes,
  parseCount,
  parseDecimal,
  parseDuration,
  parseInstant,
  parseNumber,
  parseVolume,
  toNumber,
  volumePerMonth,
} from '../../src/options/units.js';

describe('volume, size and number parsing', () => {
  it.each([
    ['50M', '50000000', 'month'],
    ['1.5B', '1500000000', 'month'],
    ['333000000', '333000000', 'month'],
    ['2k', '2000', 'month'],
    ['1_000_000', '1000000', 'month'],
    ['200/s', '200', 'second'],
    ['1.5K/s', '1500', 'second'],
    ['3T/month', '3000000000000', 'month'],
  ])('%s', (text, value, per) => {
    const v = parseVolume(text);
    expect([v.value.toFixed(), v.per]).toEqual([value, per]);
  });

  it.each(['50MM', '-5', 'NaN', 'Infinity', '', '5 M x', '1e6'])('rejects volume %j', (text) => {
    expect(() => parseVolume(text)).toThrow(ParseError);
  });

  it('sizes use binary units as API Gateway examples do (4.5 MB = 9 × 512 KB)', () => {
    expect(parseBytes('4.5MB').toFixed()).toBe('4718592');
    expect(parseBytes('512 KB').toFixed()).toBe('524288');
    expect(parseBytes('300').toFixed()).toBe('300');
    expect(parseBytes('1MiB').toFixed()).toBe('1048576');
    expect(() => parseBytes('3 parsecs')).toThrow('expected a size such as 512, 3KB, 4.5MB');
  });

  it('plain decimals and counts', () => {
    expect(parseDecimal('0.6').toFixed()).toBe('0.6');
    expect(() => parseDecimal('-1')).toThrow(ParseError);
    expect(parseCount('12')).toBe(12);
    expect(() => parseCount('1.5')).toThrow('expected a whole number');
  });
});

describe('strict forms: refused, never reinterpreted', () => {
  it.each([
    ['1,5M', 'comma'],
    ['1,000,000', 'comma'],
    ['0x10', 'hexadecimal'],
    ['1e6', 'exponent'],
    ['-5', 'negative'],
    ['1__0', '"_" may only group digits'],
    ['2000T', 'too large'],
  ])('volume %j: %s', (text, word) => {
    expect(() => parseVolume(text)).toThrow(word);
  });

  it('sizes and decimals share the ceiling and the refusals', () => {
    expect(() => parseBytes('1,5MB')).toThrow('comma');
    expect(() => parseBytes('0x400')).toThrow(ParseError);
    expect(() => parseDecimal('1e300')).toThrow('exponent');
    expect(() => parseDecimal('9'.repeat(20))).toThrow('too large');
    expect(() => parseCount('0x10')).toThrow('hexadecimal');
    expect(() => fromNumberOrString(1e300, parseDecimal)).toThrow('too large');
    expect(fromNumberOrString(0.1, parseDecimal).toFixed()).toBe('0.1');
  });

  it('bounded numbers: range, whole, no rounding', () => {
    expect(parseNumber('0.5', { max: 1 })).toBe(0.5);
    expect(() => parseNumber('1.5', { integer: true })).toThrow('not whole');
    expect(() => parseNumber('9007199254740993', { integer: true, max: Number.MAX_SAFE_INTEGER * 2 })).toThrow('too large');
    expect(() => parseNumber('1', { max: 1, maxExclusive: true })).toThrow('below 1');
    expect(() => parseNumber('abc')).toThrow('expected a number');
    expect(() => parseNumber('-1')).toThrow('negative');
    expect(parseNumber('-1', { min: -5 })).toBe(-1);
    expect(toNumber(3, { integer: true })).toBe(3);
    expect(() => toNumber(Number.NaN)).toThrow('finite');
    expect(() => toNumber('0x1F')).toThrow('hexadecimal');
  });

  it('instants: the calendar is checked, the zone required, the range 2000–2100', () => {
    expect(parseInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseInstant(1714564800)).toBe(1714564800000);
    expect(parseInstant('1714564800000')).toBe(1714564800000);
    expect(() => parseInstant('2024-02-30T00:00:00Z')).toThrow('has 29 days');
    expect(() => parseInstant('2023-02-29T00:00:00Z')).toThrow('has 28 days');
    expect(() => parseInstant('2024-04-31T00:00:00Z')).toThrow('has 30 days');
    expect(() => parseInstant('2024-05-01T24:00:00Z')).toThrow('time of day');
    expect(() => parseInstant('2024-05-01T12:00:00')).toThrow('with a zone');
    expect(() => parseInstant('1e300')).toThrow(ParseError);
    expect(() => parseInstant(1e300)).toThrow('outside 2000–2100');
  });

  it('durations', () => {
    expect(parseDuration('120').toFixed()).toBe('120');
    expect(parseDuration('2m').toFixed()).toBe('120');
    expect(parseDuration('500ms').toFixed()).toBe('0.5');
    expect(() => parseDuration('1,5h')).toThrow('comma');
    expect(() => parseDuration('400d')).toThrow('too large');
  });
});

describe('rates per minute, hour and day', () => {
  it.each([
    ['12K/min', '12000', 'minute'],
    ['1M/h', '1000000', 'hour'],
    ['1M/hour', '1000000', 'hour'],
    ['20M/day', '20000000', 'day'],
    ['20M / d', '20000000', 'day'],
    ['5/sec', '5', 'second'],
  ])('%s', (text, value, per) => {
    const v = parseVolume(text);
    expect([v.value.toFixed(), v.per]).toEqual([value, per]);
  });

  it('scales each rate to the month exactly (730 h = 2,628,000 s)', () => {
    const month = new Decimal(730 * 3600);
    // hand-computed: 200/s × 2,628,000 s; 12K/min × 43,800 min; 1M/h × 730 h; 20M/day × 30.416… days
    expect(volumePerMonth(parseVolume('200/s'), month).toFixed()).toBe('525600000');
    expect(volumePerMonth(parseVolume('12K/min'), month).toFixed()).toBe('525600000');
    expect(volumePerMonth(parseVolume('1M/h'), month).toFixed()).toBe('730000000');
    expect(volumePerMonth(parseVolume('24M/day'), month).toFixed()).toBe('730000000');
    expect(volumePerMonth(parseVolume('50M'), month).toFixed()).toBe('50000000');
  });

  it.each(['5/m', '5/week', '5/yr', '5/'])('rejects %j with the rates it takes', (text) => {
    expect(() => parseVolume(text)).toThrow('"/s", "/min", "/h" or "/day"');
  });
});
