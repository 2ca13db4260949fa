import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseJsonStrict } from '../../src/files/input.js';
import { BUNDLED_PRICING_DIR } from '../../src/prices/load.js';

/** The error parseJsonStrict throws for a text (its message, where and problems), or undefined. */
function refusal(text: string): { message: string; where?: string; problems?: string[] } | undefined {
  try {
    parseJsonStrict(text, 'f.json');
    return undefined;
  } catch (e) {
    const err = e as { message: string; where?: string; problems?: string[] };
    return { message: err.message, where: err.where, problems: err.problems };
  }
}

/** `inner` inside n arrays; nested(n): arrays n deep. */
const wrap = (n: number, inner: unknown): unknown => (n === 0 ? inner : [wrap(n - 1, inner)]);
const nested = (n: number) => wrap(n - 1, [1]);
/** As the tool prints JSON: two-space indentation, a final newline. */
const printed = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;

describe('parseJsonStrict: text laid out as JSON.stringify(…, null, 2) takes the fast path with the same answers', () => {
  it('a duplicate key in two-space layout is still refused, with its line and column', () => {
    // JSON.parse keeps {"a": 2}, whose print has one key: the text is not its own print
    expect(refusal('{\n  "a": 1,\n  "a": 2\n}\n')).toEqual({
      message: 'f.json has duplicate keys (JSON would keep only the last of each)',
      where: 'f.json',
      problems: ['f.json:3:3: duplicate key "a" in (top)'],
    });
    expect(refusal('[\n  {\n    "x": {\n      "k": 1,\n      "k": 1\n    }\n  }\n]')?.problems).toEqual([
      'f.json:5:7: duplicate key "k" in [0].x',
    ]);
  });

  it('nesting: MAX_DEPTH levels in that layout load, one more is refused as before', () => {
    expect(parseJsonStrict(printed(nested(MAX_DEPTH)), 'f.json')).toEqual(nested(MAX_DEPTH));
    // an empty array prints on its parent's line ("[]", no line of its own): still counted
    expect(parseJsonStrict(printed(wrap(MAX_DEPTH - 1, [])), 'f.json')).toEqual(wrap(MAX_DEPTH - 1, []));
    expect(refusal(printed(wrap(MAX_DEPTH, [])))?.message).toBe(`f.json nests deeper than ${MAX_DEPTH} levels`);
    expect(refusal(printed(nested(MAX_DEPTH + 1)))?.message).toBe(`f.json nests deeper than ${MAX_DEPTH} levels`);
    expect(refusal(printed([nested(MAX_DEPTH)]))?.where).toBe(`f.json:${MAX_DEPTH + 1}:${2 * MAX_DEPTH + 1}`);
  });

  it('the layout does not change the data: every bundled snapshot reads the same as through JSON.parse', () => {
    const index = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'index.json'), 'utf8')) as { snapshots: { region: string }[] };
    expect(index.snapshots.length).toBeGreaterThan(10);
    for (const file of ['index.json', ...index.snapshots.map((s) => join('aws', `${s.region}.json`))]) {
      const text = readFileSync(join(BUNDLED_PRICING_DIR, file), 'utf8');
      expect(text.startsWith('{\n')).toBe(true); // the fast path's layout: the bundled files are written that way
      expect(parseJsonStrict(text, file)).toEqual(JSON.parse(text));
    }
  });

  it('other layouts and bad syntax take the full path', () => {
    expect(parseJsonStrict('{"a":1,"b":[1,2]}', 'f.json')).toEqual({ a: 1, b: [1, 2] });
    expect(refusal('{"a":1,"a":2}')?.problems).toEqual(['f.json:1:8: duplicate key "a" in (top)']);
    expect(refusal('{\n  "a": 1,\n}\n')?.message).toMatch(/^f\.json is not valid JSON: /);
  });
});
