import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
import type { JSONPath } from 'jsonc-parser';
import type { Tags } from 'yaml';
import { InputError } from '../errors.js';

// The parsers load on first use (synchronously, through require): a run that reads no user file,
// such as `estimate` with flags only, does not pay for them at start-up.
const require = createRequire(import.meta.url);
const yamlParser = () => require('yaml') as typeof import('yaml');
const jsoncParser = () => require('jsonc-parser') as typeof import('jsonc-parser');

/**
 * Bounded, strict reading of every file the tool takes (README "Input limits"):
 *  - a documented maximum size per kind of file, checked before reading (fstat) and again
 *    while reading, so a device or FIFO that never ends (/dev/zero) is refused after at most
 *    the maximum + 1 bytes, never read into memory whole;
 *  - a maximum nesting depth (MAX_DEPTH), checked before a schema walks the data;
 *  - duplicate keys refused in JSON (jsonc-parser's event scanner reports each property with
 *    its offset; JSON.parse keeps the last one silently) and in YAML (the yaml library's
 *    `uniqueKeys`); YAML numbers are decimal only (the core schema's hexadecimal and octal
 *    integers and .inf/.nan stay strings, which the schemas then refuse).
 */

const MiB = 1024 * 1024;

/** Maximum size of each kind of input file, in bytes. */
export const MAX_BYTES = {
  /** Scenario, check config, limits, payload and baseline files: written by hand, a few KB. */
  structured: 1 * MiB,
  /** A price snapshot (the bundled ones are < 50 KB; a refreshed one with every Region's items stays far below). */
  prices: 8 * MiB,
  /** Traffic CSV: read line by line, a few bytes a row. */
  trafficCsv: 200 * MiB,
  /** Traffic JSON: parsed whole, so smaller than CSV (convert large series to CSV). */
  trafficJson: 32 * MiB,
} as const;

/** Maximum nesting depth of a JSON/YAML document (the deepest valid input nests 6 levels). */
export const MAX_DEPTH = 32;

export interface InputKind {
  /** "scenario file", "traffic file"… */
  what: string;
  /** The flag or config key that named the file. */
  flag: string;
  maxBytes: number;
}

const mib = (n: number) => `${(n / MiB).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;

function tooLarge(file: string, kind: InputKind, actual: string): InputError {
  return new InputError(`${kind.what} ${file} is ${actual}: the limit is ${mib(kind.maxBytes)}`, {
    where: kind.flag,
    hint: kind.what.startsWith('traffic')
      ? 'aggregate to a coarser period or fewer series; large series read best as CSV, which is streamed'
      : `a ${kind.what} is a few KB; check that ${kind.flag} names the right file`,
  });
}

function openInput(file: string, kind: InputKind): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${kind.what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: kind.flag,
      hint: 'check the path (relative paths are from the current directory) and its permissions',
    });
  }
}

/**
 * Read chunks of at most `chunkBytes` until the end, refusing the file past `kind.maxBytes`
 * (a regular file by its size before reading, anything else as it streams).
 */
export function* readChunks(file: string, kind: InputKind, chunkBytes = MiB): Generator<Buffer> {
  const fd = openInput(file, kind);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${kind.what} ${file} is a directory`, { where: kind.flag, hint: 'name a file' });
    if (st.isFile() && st.size > kind.maxBytes) throw tooLarge(file, kind, `${mib(st.size)}`);
    const buf = Buffer.allocUnsafe(chunkBytes);
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, chunkBytes, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        throw new InputError(`cannot read ${kind.what} ${file}: ${code ?? String(e)}`, { where: kind.flag, hint: 'check the file' });
      }
      if (n === 0) return;
      total += n;
      if (total > kind.maxBytes) throw tooLarge(file, kind, `over ${mib(kind.maxBytes)} (still reading)`);
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole text of a bounded input file (UTF-8). */
export function readBoundedText(file: string, kind: InputKind): string {
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  for (const chunk of readChunks(file, kind)) parts.push(decoder.write(chunk));
  parts.push(decoder.end());
  return parts.join('');
}

/** The lines of a bounded input file, streamed (line numbers from 1); "\r\n" and "\n" both end a line. */
export function* readLines(file: string, kind: InputKind): Generator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for (const chunk of readChunks(file, kind)) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      yield text.charCodeAt(i - 1) === 13 ? text.slice(start, i - 1) : text.slice(start, i);
      start = i + 1;
    }
    rest = text.slice(start);
    if (rest.length > 1 * MiB)
      throw new InputError(`${kind.what} ${file} has a line longer than 1 MiB`, { where: kind.flag, hint: 'one row per line' });
  }
  rest += decoder.end();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `${line}:${offset - last}`;
}

/** Offset of the first bracket nested deeper than `max` outside JSON strings, if any (one flat pass, no recursion). */
function bracketDepthOver(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return undefined;
}

const pathText = (p: JSONPath) => p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('') || '(top)';

function depthError(file: string, where: string): InputError {
  return new InputError(`${file} nests deeper than ${MAX_DEPTH} levels`, {
    where,
    hint: 'no valid input nests that deep: check the file is the one meant',
  });
}

/**
 * JSON, strictly: syntax by JSON.parse; then one pass of jsonc-parser's scanner (events, no
 * tree) for nesting depth and duplicate keys, each reported with line:column.
 *
 * Fast path: a text that is exactly what `JSON.stringify(data, null, 2)` prints for the data
 * JSON.parse read from it (with or without one final newline) has no duplicate key, since
 * the printed text has none, and its indentation bounds its depth; neither scan runs. The
 * tool's own files (price snapshots, index.json) and its JSON reports are written that way,
 * so a cold start does not load jsonc-parser for them (~35 ms of `estimate`). Any other text
 * takes the full path: the same answers and the same errors.
 */
export function parseJsonStrict(text: string, file: string): unknown {
  const canonical = parsedIfCanonical(text);
  if (canonical.ok) return canonical.data;
  // the scanner's visitor recurses per level: bound the depth first with a flat pass over the brackets
  const deep = bracketDepthOver(text, MAX_DEPTH);
  if (deep !== undefined) throw depthError(file, `${file}:${lineCol(text, deep)}`);
  const problems: string[] = [];
  let tooDeep: string | undefined;
  let depth = 0;
  const keys: Array<Set<string> | undefined> = [];
  jsoncParser().visit(
    text,
    {
      onObjectBegin: (offset) => {
        if (++depth > MAX_DEPTH && !tooDeep) tooDeep = `${file}:${lineCol(text, offset)}`;
        keys.push(new Set());
        return !tooDeep;
      },
      onObjectEnd: () => {
        depth--;
        keys.pop();
      },
      onArrayBegin: (offset) => {
        if (++depth > MAX_DEPTH && !tooDeep) tooDeep = `${file}:${lineCol(text, offset)}`;
        keys.push(undefined);
        return !tooDeep;
      },
      onArrayEnd: () => {
        depth--;
        keys.pop();
      },
      onObjectProperty: (property, offset, _length, _line, _col, pathSupplier) => {
        const seen = keys[keys.length - 1];
        if (!seen) return;
        if (seen.has(property) && problems.length < 20)
          problems.push(`${file}:${lineCol(text, offset)}: duplicate key "${property}" in ${pathText(pathSupplier())}`);
        seen.add(property);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (tooDeep) throw depthError(file, tooDeep);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid JSON: ${(e as Error).message.split('\n')[0]}`, { where: file, hint: 'fix the JSON syntax' });
  }
  if (problems.length)
    throw new InputError(`${file} has duplicate keys (JSON would keep only the last of each)`, {
      where: file,
      problems,
      hint: 'keep one of each key',
    });
  return data;
}

/**
 * JSON.parse's value when `text` is its own two-space JSON.stringify print (so no key repeats)
 * and nests at most MAX_DEPTH levels; else not ok, and the full path decides.
 */
function parsedIfCanonical(text: string): { ok: true; data: unknown } | { ok: false } {
  // JSON.stringify(…, null, 2) opens a non-empty object or array with a line break
  if (!text.startsWith('{\n') && !text.startsWith('[\n')) return { ok: false };
  // in that print a line indented 2k spaces is inside k levels (line breaks inside strings are
  // escaped), so with no line indented 2 × MAX_DEPTH no bracket is deeper than MAX_DEPTH
  if (text.includes(`\n${' '.repeat(2 * MAX_DEPTH)}`)) return { ok: false };
  try {
    const data: unknown = JSON.parse(text);
    const printed = JSON.stringify(data, null, 2);
    return text === printed || text === `${printed}\n` ? { ok: true, data } : { ok: false };
  } catch {
    return { ok: false }; // a syntax error (or a print too deep for the stack): the full path reports it
  }
}

/** The core schema without hexadecimal/octal integers and .inf/.nan: such scalars stay strings, which the schemas refuse. */
const decimalOnly = (tags: Tags): Tags =>
  tags.filter((t) => {
    const tag = t as { tag?: string; format?: string; test?: RegExp };
    if (tag.format === 'HEX' || tag.format === 'OCT') return false;
    if (tag.tag === 'tag:yaml.org,2002:float' && tag.test && /nan|inf/i.test(tag.test.source)) return false;
    return true;
  });

/** YAML, strictly: duplicate keys refused (`uniqueKeys`), decimal numbers only, nesting depth checked. */
export function parseYamlStrict(text: string, file: string): unknown {
  // flow collections ([[[…]]]) nest without indentation: bound them before the parser recurses
  const deep = bracketDepthOver(text, MAX_DEPTH);
  if (deep !== undefined) throw depthError(file, `${file}:${lineCol(text, deep)}`);
  let doc: ReturnType<typeof import('yaml').parseDocument>;
  try {
    doc = yamlParser().parseDocument(text, { uniqueKeys: true, prettyErrors: true, customTags: decimalOnly });
  } catch (e) {
    if (e instanceof RangeError) throw depthError(file, file);
    throw e;
  }
  if (doc.errors.some((e) => /call stack/i.test(e.message))) throw depthError(file, file);
  if (doc.errors.length) {
    const problems = doc.errors.slice(0, 20).map((e) => {
      const at = e.linePos?.[0];
      return `${file}${at ? `:${at.line}:${at.col}` : ''}: ${e.message.split('\n')[0]}`;
    });
    const dup = doc.errors.some((e) => e.code === 'DUPLICATE_KEY');
    throw new InputError(`${file} is not valid YAML${dup ? ' (duplicate keys)' : ''}`, {
      where: file,
      problems,
      hint: dup ? 'keep one of each key' : 'fix the YAML syntax',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof RangeError) throw depthError(file, file);
    throw new InputError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { where: file, hint: 'fix the YAML' });
  }
  checkDepth(data, file);
  return data;
}

/** Nesting depth of plain data, iteratively (no recursion to overflow). */
export function checkDepth(data: unknown, file: string): void {
  const stack: Array<[unknown, number]> = [[data, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > MAX_DEPTH) throw depthError(file, file);
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
}

/** JSON for a name ending in .json, else YAML (or JSON when `sniff` and the text starts with { or [). */
export function parseStructured(text: string, file: string, o: { sniff?: boolean } = {}): unknown {
  const json = /\.json$/i.test(file) || (o.sniff === true && /^\s*[[{]/.test(text));
  return json ? parseJsonStrict(text, file) : parseYamlStrict(text, file);
}
