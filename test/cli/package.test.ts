import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * Using apigw-plan from another project: `npm pack` makes the tarball (dist/ is built by npm test),
 * a fresh project outside the repository installs it (from npm's cache where it can), and
 * `npx apigw-plan init` then `check` and `estimate` run there with the bundled prices and schema.
 */
describe('the packed package, installed into another project', () => {
  it('installs, and init → check → estimate run with its own schema.json and pricing-data', () => {
    const work = mkdtempSync(join(tmpdir(), 'apigw-plan-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('schema.json');
    expect(files).toContain('pricing-data/index.json');
    expect(files).toContain('dist/cli.js');
    // what the binary runs: the bundle npm run build makes, and its launcher
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/apigw-plan.cjs',
        'dist/apigw-plan-estimate.cjs',
        'dist/launch.cjs',
        'bin/apigw-plan.js',
        'bin/package.json',
      ]),
    );
    // the incremental build's state stays out of the package
    expect(files).not.toContain('dist/.tsbuildinfo');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], {
      cwd: project,
      stdio: 'pipe',
    });
    expect(existsSync(join(project, 'node_modules', 'apigw-plan', 'schema.json'))).toBe(true);

    const npx = (args: string[]) =>
      spawnSync('npx', ['--no-install', 'apigw-plan', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const init = npx(['init']);
    expect(init.status).toBe(0);
    // the config points editors at the installed package's schema
    expect(readFileSync(join(project, 'apigw-plan.config.yaml'), 'utf8')).toMatch(
      /^\$schema: \.\/node_modules\/apigw-plan\/schema\.json$/m,
    );
    const check = npx(['check']);
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/5 gates: \d passed, \d skipped — exit 0/);
    const estimate = npx(['estimate', '--requests', '50M', '--format', 'json']);
    expect(estimate.status).toBe(0);
    expect(JSON.parse(estimate.stdout).pricing.region).toBe('us-east-1');
  }, 300_000);
});
