/**
 * Where a value came from in the user's infrastructure code: the file, the line when the format
 * keeps lines (YAML and pretty-printed JSON), and a logical address (CloudFormation logical id,
 * CDK construct path, Terraform resource address, OpenAPI path). Pure data.
 */
export interface Src {
  file: string;
  line?: number;
  at?: string;
}

/** Lines of the objects (and of their keys) of a parsed document; synthesised objects can be registered too. */
export interface LineIndex {
  /** Line of an object or array, or of one key inside an object. */
  lineOf(value: unknown, key?: string): number | undefined;
  /** Give a synthesised object the line of the object it was made from. */
  inherit(target: object, from: unknown, key?: string): void;
}

export function emptyLineIndex(): LineIndex {
  return makeLineIndex(new WeakMap(), new WeakMap());
}

export function makeLineIndex(objLines: WeakMap<object, number>, keyLines: WeakMap<object, Record<string, number>>): LineIndex {
  return {
    lineOf(value, key) {
      if (value === null || typeof value !== 'object') return undefined;
      if (key !== undefined) {
        const k = keyLines.get(value)?.[key];
        if (k !== undefined) return k;
      }
      return objLines.get(value);
    },
    inherit(target, from, key) {
      const line = this.lineOf(from, key);
      if (line !== undefined && !objLines.has(target)) objLines.set(target, line);
    },
  };
}

export function srcText(s: Src): string {
  return `${s.file}${s.line !== undefined ? `:${s.line}` : ''}${s.at ? ` (${s.at})` : ''}`;
}
