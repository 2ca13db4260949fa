import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleLogArgs, readModuleLog } from '../../bench/module-log.mjs';
import { ROOT } from '../helpers/cli.js';

/**
 * The binary runs the bundle (dist/apigw-plan.cjs, src/launch.ts built as dist/launch.cjs), one script holding dist/cli.js and what it
 * imports; `modules` runs dist/cli.js itself, the compiled modules the bundle is made from, whose import()
 * structure the bundle keeps (a module imported with import() runs only when imported).
 */
const ENTRY = {
  bin: ['bin/apigw-plan.js'],
  modules: [
    '--input-type=module',
    '-e',
    "const { main } = await import('./dist/cli.js'); process.exitCode = await main([process.argv[0], 'apigw-plan', ...process.argv.slice(1)]);",
    '--',
  ],
};

/**
 * What a command loads, as `npm run bench` lists it: ES modules through a loader hook
 * (module.register), CommonJS files (commander, cli-table3, jsonc-parser…) from require.cache
 * at exit. Paths relative to the repository root; a package's files as "node_modules/<name>/…".
 */
function loadedFiles(args: string[], entry: keyof typeof ENTRY = 'modules'): { code: number | null; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-modules-'));
  const log = join(dir, 'modules.log');
  try {
    const r = spawnSync(process.execPath, [...moduleLogArgs(log), ...ENTRY[entry], ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // a package's files as "node_modules/<name>/…", wherever the packages are installed
    const files = [
      ...new Set(
        readModuleLog(log, ROOT).map((path) => {
          const nm = path.lastIndexOf('node_modules/');
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

  it('the binary: one bundled script, and the packages outside it only when needed', () => {
    const json = loadedFiles(['estimate', '--requests', '50M', '--format', 'json'], 'bin');
    expect(json.code).toBe(0);
    // the bundle (commander, decimal.js and cli-table3 inside) is compiled as a script: no module is resolved for it
    expect(json.files).toEqual(['bin/apigw-plan.js', 'dist/launch.cjs']);
    const scenario = loadedFiles(['estimate', '--scenario', 'examples/saas-scenario.yaml', '--format', 'json'], 'bin');
    expect(scenario.code).toBe(0);
    expect(packages(scenario.files)).toContain('yaml');
    for (const p of ['vega', 'chalk', 'simple-statistics']) expect(packages(scenario.files)).not.toContain(p);
    expect(packages(scenario.files).filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it("estimate runs from a bundle of its own: the estimate command's modules and none of the other commands'", () => {
    // esbuild names each module's lazy initialiser after its path ("dist/commands/estimate.js"(){ … })
    const own = readFileSync(join(ROOT, 'dist/apigw-plan-estimate.cjs'), 'latin1');
    const full = readFileSync(join(ROOT, 'dist/apigw-plan.cjs'), 'latin1');
    for (const m of [
      'dist/commands/estimate.js',
      'dist/commands/estimate-options.js',
      'dist/formatters/estimate/table.js',
      'dist/scenario/load.js',
    ]) {
      expect(own.includes(`"${m}"(){`), m).toBe(true);
      expect(full.includes(`"${m}"(){`), m).toBe(true);
    }
    for (const m of [
      'dist/commands/simulate.js',
      'dist/commands/check.js',
      'dist/commands/report.js',
      'dist/commands/pricing.js',
      'dist/commands/forecast.js',
    ]) {
      expect(full.includes(`"${m}"(){`), m).toBe(true);
      expect(own.includes(`"${m}"(){`), m).toBe(false);
    }
    expect(own.length).toBeLessThan(full.length / 2);
  });
});
