// cli-table3's string-width, with a fast path for plain ASCII (used in the bundle only: scripts/bundle.mjs).
//
// string-width 4 replaces emoji with a regular expression of some 10,000 characters on every call; cli-table3
// measures each cell several times, so a table of a few dozen cells made about a thousand such calls, most of
// the time it took to print one. A string of printable ASCII characters (space to tilde) has no escape code, no
// control or combining character and no emoji (every emoji sequence holds a code point above U+007F), so
// string-width counts each character as one column: its width is its length. Anything else goes to string-width.
'use strict';
const stringWidth = require('string-width');

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

module.exports = (string) => (typeof string === 'string' && PRINTABLE_ASCII.test(string) ? string.length : stringWidth(string));
module.exports.default = module.exports;
