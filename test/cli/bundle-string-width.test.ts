import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * The bundle gives cli-table3 a string-width with a fast path for printable ASCII
 * (scripts/bundle/string-width-ascii.cjs): it must measure every string exactly as string-width does.
 */
const require = createRequire(import.meta.url);
const fast = require('../../scripts/bundle/string-width-ascii.cjs') as (s: unknown) => number;
const stringWidth = require('string-width') as (s: unknown) => number;

describe("the bundle's string-width for cli-table3", () => {
  it('each printable ASCII character, and strings of them, measure as string-width measures them', () => {
    for (let c = 0x20; c <= 0x7e; c++) expect(fast(String.fromCharCode(c))).toBe(stringWidth(String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 }), (s) => {
        expect(fast(s)).toBe(stringWidth(s));
        expect(fast(s)).toBe(s.length);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('anything else goes to string-width: escape codes, control characters, wide and combining characters, emoji', () => {
    const others = [
      '\u001b[1mbold\u001b[22m',
      'a\tb',
      'line\nbreak',
      '★ ALB + SSO',
      '€1.50 — 10×',
      '日本語',
      'e\u0301',
      '👍🏽 ok',
      '#\uFE0F\u20E3',
      '',
      42,
    ];
    for (const s of others) expect(fast(s)).toBe(stringWidth(s));
    // these differ from their length: the fast path must not have taken them
    expect(fast('日本語')).toBe(6);
    expect(fast('\u001b[1mbold\u001b[22m')).toBe(4);
  });
});
