import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { formatZodIssues } from '../scenario/zod-errors.js';

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

export function readTextFile(file: string, kind: Pick<FileKind, 'what' | 'flag'>): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${kind.what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: kind.flag,
      hint: 'check the path (relative paths are from the current directory) and its permissions',
    });
  }
}

export function readStructuredFile<S extends z.ZodType>(file: string, schema: S, kind: FileKind): z.infer<S> {
  const text = readTextFile(file, kind);
  const json = /\.json$/i.test(file);
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(`${file} is not valid ${json ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, {
      where: file,
      hint: `fix the ${json ? 'JSON' : 'YAML'} syntax`,
    });
  }
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
