import type { z } from 'zod';

/**
 * One line per zod issue: `file › path.to.field: message (found: value)`.
 * Every problem is reported, not just the first.
 */
export function formatZodIssues(error: z.ZodError, where: string, input?: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    const found = input === undefined ? undefined : describeFound(valueAt(input, issue.path));
    return `${where} › ${path}: ${issue.message}${found !== undefined ? ` (found ${found})` : ''}`;
  });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describeFound(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const s = JSON.stringify(v);
  if (s === undefined) return undefined;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
