import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const src = join(ROOT, 'src');

/** Relative imports of a source file: static (value and type), re-exports and dynamic `import()`, as src-relative .ts paths. */
interface ImportRef {
  target: string;
  typeOnly: boolean;
  names: string[];
}
function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const refs: ImportRef[] = [];
  const to = (spec: string) => relative(src, resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"](\.[^'"]+)['"]/g)) {
    const clause = m[3] ?? '';
    const names = [...clause.replace(/^\{|\}$/g, '').matchAll(/(?:^|,)\s*(type\s+)?([\w$*]+)/g)]
      .filter((n) => n[1] === undefined)
      .map((n) => n[2]!);
    refs.push({ target: to(m[4]!), typeOnly: m[2] !== undefined || (clause.startsWith('{') && names.length === 0), names });
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) refs.push({ target: to(m[1]!), typeOnly: false, names: [] });
  for (const m of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) refs.push({ target: to(m[1]!), typeOnly: false, names: ['*'] });
  return refs;
}
const under = (dir: string) => files(join(src, dir)).map((f) => ({ file: relative(src, f), refs: importsOf(f) }));

describe('architecture', () => {
  it('models are pure: no file system, network, SDK, clock or unseeded randomness', () => {
    const offenders = files(join(src, 'models')).filter((f) =>
      /from ['"](node:)?(fs|http|https|net|child_process)['"]|@aws-sdk\/|Math\.random\(|Date\.now\(|new Date\(\)/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('models import nothing from commands, formatters or adapters', () => {
    const offenders = files(join(src, 'models')).filter((f) =>
      /from ['"]\.\.?\/.*(commands|formatters|adapters)\//.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('no mutating AWS operation is named anywhere in src (read-only tool)', () => {
    const mutating = /\b(Put|Create|Update|Delete|Request|Tag|Untag|Start|Stop|Set|Associate|Import)[A-Za-z]*Command\b/;
    const offenders = files(src).filter((f) => mutating.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the start-up path does not load the AWS SDK or the models', () => {
    for (const f of [
      'cli.ts',
      'commands/estimate-options.ts',
      'commands/simulate-options.ts',
      'commands/check-options.ts',
      'commands/report-options.ts',
      'commands/aws-options.ts',
      'commands/pricing-refresh-options.ts',
      'commands/inventory-options.ts',
      'commands/forecast-options.ts',
    ]) {
      const text = readFileSync(join(src, f), 'utf8');
      const staticImports = [...text.matchAll(/^import .* from ['"](.+)['"];$/gm)].map((m) => m[1]);
      expect(
        // the option registry and the defaults are data with no imports of their own
        staticImports.filter((i) => /@aws-sdk|models\/|formatters\/|decimal/.test(i!) && !/models\/(options|defaults)\.js$/.test(i!)),
        f,
      ).toEqual([]);
    }
    for (const data of ['models/options.ts', 'models/defaults.ts']) expect(readFileSync(join(src, data), 'utf8')).not.toMatch(/^import /m);
  });

  it('adapters import nothing from the CLI, commands, the app layer or formatters', () => {
    const offenders = under('adapters').flatMap(({ file, refs }) =>
      refs.filter((r) => /^(cli|io)\.ts$|^(commands|app|formatters)\//.test(r.target)).map((r) => `${file} → ${r.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the app layer imports neither commands nor the CLI', () => {
    const offenders = under('app').flatMap(({ file, refs }) =>
      refs.filter((r) => /^cli\.ts$|^commands\//.test(r.target)).map((r) => `${file} → ${r.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('a command imports no other command: only option definitions (*-options.ts); shared work is in the app layer', () => {
    const offenders = under('commands').flatMap(({ file, refs }) =>
      refs.filter((r) => /^commands\//.test(r.target) && !/-options\.ts$/.test(r.target)).map((r) => `${file} → ${r.target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('formatters compute nothing: from models they import types, registries and number formatting only', () => {
    // the registries are data (ids, labels, chart styles, gate titles); fmt/windowLabel/fmtMs print numbers and periods, srcText a source location
    // NEED_IDS / NEED_LABELS: the capability registry (ids and labels of what --needs accepts)
    const allowed = new Set(['OPTIONS', 'isOptionId', 'GATE_TITLES', 'fmt', 'windowLabel', 'fmtMs', 'srcText', 'NEED_IDS', 'NEED_LABELS']);
    const offenders = under('formatters').flatMap(({ file, refs }) =>
      refs
        .filter((r) => r.target.startsWith('models/') && !r.typeOnly)
        .flatMap((r) => r.names.filter((n) => !allowed.has(n)).map((n) => `${file}: ${n} from ${r.target}`)),
    );
    expect(offenders).toEqual([]);
  });

  it('the relative-import graph of src has no cycles (static, type and dynamic imports)', () => {
    const graph = new Map(files(src).map((f) => [relative(src, f), importsOf(f).map((r) => r.target)]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of graph.get(f) ?? []) {
        if (!graph.has(t)) continue;
        if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
        else if (!state.has(t)) visit(t, stack);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f, []);
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('the cycle and layering checks see imports (they would catch a cli import from an adapter)', () => {
    const refs = importsOf(join(src, 'commands/estimate.ts'));
    expect(refs.map((r) => r.target)).toContain('app/estimate.ts');
    expect(refs.find((r) => r.target === 'io.ts')?.typeOnly).toBe(true);
    const cli = importsOf(join(src, 'cli.ts'));
    expect(cli.filter((r) => r.names.includes('*')).map((r) => r.target)).toContain('commands/estimate.ts');
  });
});
