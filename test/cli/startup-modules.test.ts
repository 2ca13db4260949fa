import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * What a command loads, as `npm run bench` lists it: ES modules through a loader hook
 * (module.register), CommonJS files (commander, cli-table3, jsonc-parser…) from require.cache
 * at exit. Paths relative to the repository root; a package's files as "node_modules/<name>/…".
 */
function loadedFiles(args: string[]): { code: number | null; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-modules-'));
  const log = join(dir, 'modules.log');
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let log;
    export function initialize(data) { log = data.log; }
    export async function load(url, context, nextLoad) {
      if (url.startsWith('file:')) appendFileSync(log, url + '\\n');
      return nextLoad(url, context);
    }`;
  const preload = `
    import { register, createRequire } from 'node:module';
    import { appendFileSync } from 'node:fs';
    import { pathToFileURL } from 'node:url';
    const log = ${JSON.stringify(log)};
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)}, { data: { log } });
    process.on('exit', () => {
      const cjs = Object.keys(createRequire(pathToFileURL(process.cwd() + '/')).cache);
      appendFileSync(log, cjs.map((p) => pathToFileURL(p).href + '\\n').join(''));
    });`;
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, 'bin/apigw-plan.js', ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const files = [
      ...new Set(
        urls.map((u) => {
          const path = relative(ROOT, fileURLToPath(u)).split(sep).join('/');
          const nm = path.lastIndexOf('node_modules/'); // wherever the packages are installed
          return nm >= 0 ? path.slice(nm) : path;
        }),
      ),
    ].sort();
    return { code: r.status, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const packages = (files: string[]) =>
  [
    ...new Set(
      files
        .filter((f) => f.startsWith('node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(1, f.split('/')[1]!.startsWith('@') ? 3 : 2)
            .join('/'),
        ),
    ),
  ].sort();

/** Libraries estimate --requests … never needs: parsers of files it is not given, colours when off, the AWS SDK, charts. */
const NOT_FOR_A_FLAGS_ONLY_ESTIMATE = ['jsonc-parser', 'yaml', 'zod', 'chalk', 'vega', 'vega-lite', 'simple-statistics', 'ml-matrix'];

describe('start-up: a command loads what its output needs, and no more', () => {
  it('estimate --format json: no table library, no file parser, no other command', () => {
    const { code, files } = loadedFiles(['estimate', '--requests', '50M', '--format', 'json']);
    expect(code).toBe(0);
    // the hook sees ES modules and CommonJS packages alike (else the absences below prove nothing)
    expect(files).toContain('dist/commands/estimate.js');
    expect(packages(files)).toEqual(expect.arrayContaining(['commander', 'decimal.js']));
    expect(packages(files)).not.toContain('cli-table3');
    for (const p of NOT_FOR_A_FLAGS_ONLY_ESTIMATE) expect(packages(files)).not.toContain(p);
    expect(packages(files).filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    // only estimate's own option list is imported: help for every command builds them all
    expect(files.filter((f) => f.startsWith('dist/commands/'))).toEqual(
      expect.not.arrayContaining(['dist/commands/simulate-options.js', 'dist/commands/check-options.js', 'dist/commands/simulate.js']),
    );
    expect(files).toContain('dist/commands/estimate-options.js');
  });

  it('estimate (the table): cli-table3, still no file parser; --help loads every option list', () => {
    const table = loadedFiles(['estimate', '--requests', '50M']);
    expect(table.code).toBe(0);
    expect(packages(table.files)).toContain('cli-table3');
    for (const p of NOT_FOR_A_FLAGS_ONLY_ESTIMATE) expect(packages(table.files)).not.toContain(p);
    const help = loadedFiles(['--help']);
    expect(help.code).toBe(0);
    expect(help.files).toEqual(expect.arrayContaining(['dist/commands/simulate-options.js', 'dist/commands/check-options.js']));
    expect(help.files).not.toContain('dist/commands/estimate.js');
  });

  it('a scenario file brings its parser: the same hook sees yaml load', () => {
    const { code, files } = loadedFiles(['estimate', '--scenario', 'examples/saas-scenario.yaml', '--format', 'json']);
    expect(code).toBe(0);
    expect(packages(files)).toContain('yaml');
  });
});
