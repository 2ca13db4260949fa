import type { z } from 'zod';
import { InputError } from '../errors.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
import { MAX_BYTES, parseStructured, readBoundedText } from './input.js';

/**
 * Read a user's JSON or YAML file (YAML unless the name ends in .json) and validate it with a
 * zod schema. Every failure is an InputError (exit 2) that says what, where and how to fix:
 * an unreadable file, a syntax error, or every schema problem with its path in the file.
 */
export interface FileKind {
  /** "scenario file", "config file", "limits file"… */
  what: string;
  /** The flag that named the file (for an unreadable file). */
  flag: string;
  /** Where to read about the format, for schema problems. */
  docs: string;
}

/** The text of a hand-written input file, bounded (MAX_BYTES.structured unless `maxBytes`). */
export function readTextFile(file: string, kind: Pick<FileKind, 'what' | 'flag'> & { maxBytes?: number }): string {
  return readBoundedText(file, { what: kind.what, flag: kind.flag, maxBytes: kind.maxBytes ?? MAX_BYTES.structured });
}

export function readStructuredFile<S extends z.ZodType>(file: string, schema: S, kind: FileKind): z.infer<S> {
  const text = readTextFile(file, kind);
  // strict JSON or YAML: duplicate keys, non-decimal numbers and deep nesting are refused (src/files/input.ts)
  const data = parseStructured(text, file);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(`${kind.what} ${file} has ${parsed.error.issues.length} problem(s)`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: `see ${kind.docs}`,
    });
  }
  return parsed.data;
}
