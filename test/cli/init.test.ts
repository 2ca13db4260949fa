import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkConfigSchema } from '../../src/config/schema.js';
import { starterConfig } from '../../src/config/starter.js';
import { runCli, expectNoStack } from '../helpers/cli.js';

describe('apigw-plan init', () => {
  it('the starter config is valid against the published schema, with every gate configured', () => {
    const parsed = checkConfigSchema.safeParse(parseYaml(starterConfig({ requests: '50M', schema: './schema.json' })));
    expect(parsed.success).toBe(true);
    expect(Object.keys(parsed.data!.gates).sort()).toEqual(['growth', 'monthlyBudget', 'payloadLimits', 'quotaHeadroom', 'throttleRisk']);
  });

  it('writes a config that check runs on (every gate passed or skipped with a reason), then refuses to overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-init-'));
    const init = await runCli(['init', '--requests', '20M'], { cwd: dir });
    expect(init.code).toBe(0);
    const text = readFileSync(join(dir, 'apigw-plan.config.yaml'), 'utf8');
    expect(text).toContain('requests: 20M');
    expect(text).toMatch(/^\$schema: \S+schema\.json$/m);

    const check = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { gates: Array<{ gate: string; status: string; summary: string }> };
    expect(report.gates).toHaveLength(5);
    for (const g of report.gates) {
      expect(['passed', 'skipped']).toContain(g.status);
      if (g.status === 'skipped') expect(g.summary.length).toBeGreaterThan(10);
    }

    // the bare --write-baseline writes where the config's "baseline" points, and the next run compares with it
    expect((await runCli(['check', '--write-baseline'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'apigw-plan.baseline.json'))).toBe(true);
    const growth = (JSON.parse((await runCli(['check', '--format', 'json'], { cwd: dir })).stdout) as typeof report).gates.find(
      (g) => g.gate === 'growth',
    );
    expect(growth?.status).toBe('passed');

    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; init never overwrites/);
    expectNoStack(again.stderr);
    expect(readFileSync(join(dir, 'apigw-plan.config.yaml'), 'utf8')).toBe(text);
  });

  it('refuses when a config of another name is there, and names a missing folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-init-'));
    writeFileSync(join(dir, 'apigw-plan.config.json'), '{}');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(2);
    const missing = await runCli(['init', '--output', 'nope/apigw-plan.config.yaml'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/the folder \S+nope does not exist/);
    mkdirSync(join(dir, 'sub'));
    const bad = await runCli(['init', '--requests', 'lots'], { cwd: join(dir, 'sub') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--requests/);
  });
});
