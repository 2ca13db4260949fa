import { describe, expect, it } from 'vitest';
import { ParseError, parseBytes, parseCount, parseDecimal, parseVolume } from '../../src/options/units.js';

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
