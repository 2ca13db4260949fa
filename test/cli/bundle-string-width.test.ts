import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * The bundle gives cli-table3 a string-width with a fast path for plain text
 * (scripts/bundle/string-width-ascii.cjs): it must measure every string exactly as string-width does.
 */
const require = createRequire(import.meta.url);
const fast = require('../../scripts/bundle/string-width-ascii.cjs') as ((s: unknown) => number) & { PLAIN: RegExp };
const stringWidth = require('string-width') as (s: unknown) => number;
// the emoji-regex string-width itself uses
const emojiRegex = createRequire(require.resolve('string-width'))('emoji-regex') as () => RegExp;

/** Every BMP character the fast path takes. */
const plain = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((c) => fast.PLAIN.test(c));

describe("the bundle's string-width for cli-table3", () => {
  it('each character the fast path takes is one column for string-width and no emoji', () => {
    expect(plain.length).toBe(95 + 23);
    for (const c of plain) {
      expect(stringWidth(c)).toBe(1);
      expect(emojiRegex().test(c)).toBe(false);
      expect(fast(c)).toBe(1);
    }
  });

  it('strings of them measure as string-width measures them', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...plain), maxLength: 80 }), (s) => {
        expect(fast(s)).toBe(stringWidth(s));
        expect(fast(s)).toBe(s.length);
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });

  it('anything else goes to string-width: escape codes, control characters, wide and combining characters, emoji', () => {
    const others = [
      '\u001b[1mbold\u001b[22m',
      'a\tb',
      'line\nbreak',
      '⚠ careful',
      '✅ ok',
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
    expect(fast('👍🏽 ok')).toBe(5);
  });
});
