import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
  type Tags,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { makeLineIndex, type LineIndex } from '../models/iac/source.js';

/**
 * YAML (and JSON) with CloudFormation's short-form intrinsic functions, parsed by the `yaml`
 * library with custom tags: `!Ref X` becomes `{ Ref: X }`, `!GetAtt A.B` becomes
 * `{ "Fn::GetAtt": ["A", "B"] }`, `!If [...]` becomes `{ "Fn::If": [...] }` and so on, exactly as
 * CloudFormation reads them. Every object, array and key keeps its line for the report.
 */

/** Short-form tags and the long-form key each becomes. */
const FN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

export interface ParsedText {
  data: unknown;
  lines: LineIndex;
}

export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

/** Deepest nesting accepted (a template is never this deep; a hostile file could be). */
export const MAX_DEPTH = 128;

/**
 * Parse YAML or JSON text into plain data with lines. Short-form intrinsics are resolved by
 * custom tags; anything else that is not plain YAML (unknown tags, duplicate keys, aliases
 * beyond a small budget) is a ParseFailure with its line.
 */
export function parseWithLines(text: string): ParsedText {
  const objLines = new WeakMap<object, number>();
  const keyLines = new WeakMap<object, Record<string, number>>();
  const lc = new LineCounter();
  const lineAt = (node: { range?: [number, number, number] | null | undefined }): number | undefined =>
    node.range ? lc.linePos(node.range[0]).line : undefined;

  let depthGuard = 0;
  const toPlain = (node: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new ParseFailure(`nested deeper than ${MAX_DEPTH} levels`, undefined);
    if (++depthGuard > 5_000_000) throw new ParseFailure('too many nodes', undefined);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) throw new ParseFailure('YAML aliases are not supported in templates', lineAt(node as YamlNode));
    if (isScalar(node)) {
      const v = node.value;
      // a short-form tag already turned this scalar into its intrinsic object: give it the scalar's line
      if (v && typeof v === 'object' && !objLines.has(v)) {
        const l = lineAt(node);
        if (l !== undefined) objLines.set(v, l);
      }
      return v;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const kl: Record<string, number> = {};
      for (const pair of (node as YAMLMap).items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const kLine = isScalar(pair.key) ? lineAt(pair.key) : undefined;
        if (kLine !== undefined) kl[key] = kLine;
        Object.defineProperty(out, key, {
          value: toPlain(pair.value, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      const l = lineAt(node);
      if (l !== undefined) objLines.set(out, l);
      keyLines.set(out, kl);
      return out;
    }
    if (isSeq(node)) {
      const out = (node as YAMLSeq).items.map((i) => toPlain(i, depth + 1));
      const l = lineAt(node);
      if (l !== undefined) objLines.set(out, l);
      return out;
    }
    return node;
  };

  // Each short form is a custom tag for each node kind it may annotate (CloudFormation allows a
  // scalar, a sequence or a mapping under most of them).
  const wrap = (fn: string, inner: unknown, line: number | undefined): Record<string, unknown> => {
    const value =
      fn === 'Fn::GetAtt' && typeof inner === 'string'
        ? // `!GetAtt Logical.Attr.Name`: the first dot separates the logical id
          [inner.slice(0, Math.max(0, inner.indexOf('.'))) || inner, inner.includes('.') ? inner.slice(inner.indexOf('.') + 1) : '']
        : inner;
    const out = { [fn]: value };
    if (line !== undefined) objLines.set(out, line);
    return out;
  };
  const customTags: Tags = [];
  for (const [tag, fn] of Object.entries(FN_TAGS)) {
    customTags.push({ tag, resolve: (str: string) => wrap(fn, str, undefined) });
    customTags.push({
      tag,
      collection: 'seq',
      resolve: (seq: unknown) => wrap(fn, toPlain(seq, 1), lineAt(seq as YamlNode)),
    } as Tags[number]);
    customTags.push({
      tag,
      collection: 'map',
      resolve: (map: unknown) => wrap(fn, toPlain(map, 1), lineAt(map as YamlNode)),
    } as Tags[number]);
  }

  const doc = parseDocument(text, { lineCounter: lc, customTags, uniqueKeys: true, prettyErrors: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    throw new ParseFailure(firstError.message.split('\n')[0]!, line);
  }
  const unknownTag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED' || /Unresolved tag/.test(w.message));
  if (unknownTag) {
    const tag = /tag: (\S+)/.exec(unknownTag.message)?.[1] ?? 'a tag';
    throw new ParseFailure(
      `${tag} is not a CloudFormation intrinsic function (short forms: ${Object.keys(FN_TAGS).join(', ')})`,
      unknownTag.linePos?.[0]?.line,
    );
  }
  const data = toPlain(doc.contents, 0);
  return { data, lines: makeLineIndex(objLines, keyLines) };
}
