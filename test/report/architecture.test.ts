import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('report architecture', () => {
  it('vega and vega-lite are imported in one place, lazily (no other command loads them)', () => {
    const importers = files(join(ROOT, 'src'))
      .filter((f) => /['"]vega(-lite)?['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(importers).toEqual(['src/formatters/report/render-svg.ts']);
    const text = readFileSync(join(ROOT, 'src/formatters/report/render-svg.ts'), 'utf8');
    expect(text).not.toMatch(/^import .* from ['"]vega/m);
    expect(text).toContain("import('vega')");
  });

  it('report-options loads nothing but commander and the other option modules (fast --help)', () => {
    const text = readFileSync(join(ROOT, 'src/commands/report-options.ts'), 'utf8');
    expect([...text.matchAll(/^import .* from ['"](.+)['"];$/gm)].map((m) => m[1])).toEqual([
      'commander',
      './estimate-options.js',
      './simulate-options.js',
      './forecast-options.js',
    ]);
  });
});
