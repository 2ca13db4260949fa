// cli-table3's string-width, with a fast path for plain text (used in the bundle only: scripts/bundle.mjs).
//
// string-width 4 replaces emoji with a regular expression of some 10,000 characters on every call (compiled
// at the first), and cli-table3 measures each cell several times: about 500 calls for the estimate's table,
// most of the time it took to print it. A string made only of printable ASCII (space to tilde) and the
// typographic characters below has no escape code, no control, combining or wide character and no emoji
// (each of these characters is one column and no emoji on its own, and every emoji sequence needs a code
// point outside this set: test/cli/bundle-string-width.test.ts checks both against string-width itself), so
// string-width counts one column per character: its width is its length. Anything else goes to string-width.
'use strict';
const stringWidth = require('string-width');

// ASCII printable, then · − × – → ≤ ≥ … — ÷ ★ ≈ ± • ‘ ’ “ ” ′ µ € £ °
const PLAIN =
  /^[\x20-\x7e\u00b7\u2212\u00d7\u2013\u2192\u2264\u2265\u2026\u2014\u00f7\u2605\u2248\u00b1\u2022\u2018\u2019\u201c\u201d\u2032\u00b5\u20ac\u00a3\u00b0]*$/;

module.exports = (string) => (typeof string === 'string' && PLAIN.test(string) ? string.length : stringWidth(string));
module.exports.default = module.exports;
/** The characters besides printable ASCII that the fast path takes (for the test). */
module.exports.PLAIN = PLAIN;
