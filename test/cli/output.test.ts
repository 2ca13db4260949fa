import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Columns a line takes on screen (box-drawing characters are one column each). */
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('estimate answers first and fits the terminal', () => {
  it('COLUMNS=80: no line wider than 80, the verdict and every total in the first 25 lines', async () => {
    const r = await runCli(['estimate', '--requests', '50M'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const first25 = r.stdout.split('\n').slice(0, 25).join('\n');
    expect(first25).toMatch(/^verdict: /);
    for (const total of ['$192.17', '$67.17', '$42.94', '$142.22']) expect(first25).toContain(total);
    // what the cheaper options lack is said beside their cost
    expect(first25).toMatch(/ALB \+ SSO lacks usage plans & API keys, per-client throttling, caching/);
  });

  it('every --details section fits 80 columns too, and a wide terminal gets the wide table', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--details'], { env: { COLUMNS: '80' } });
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    for (const h of ['Capabilities', 'Assumptions', 'Price sources', '$175.00']) expect(r.stdout).toContain(h);
    const wide = await runCli(['estimate', '--requests', '50M', '--details', 'ladders'], { env: { COLUMNS: '200' } });
    expect(widest(wide.stdout)).toBeGreaterThan(80);
    expect(widest(wide.stdout)).toBeLessThanOrEqual(200);
  });

  it('an unknown --details section is a usage error (exit 2) that names the known ones', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--details', 'ladder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--details: unknown section "ladder"/);
    expect(r.stderr).toMatch(/ladders, capabilities, breakevens, assumptions, sources/);
  });
});

describe('capabilities beside cost', () => {
  it('--waf-rules implies the WAF need: the HTTP API is not named cheapest, and JSON says why', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--waf-rules', '5', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const http = j.options.find((o: { id: string }) => o.id === 'http');
    // the HTTP API is the lowest total, yet not the cheapest option that meets the need
    expect(Number(http.monthlyUsd)).toBeLessThan(Number(j.options.find((o: { id: string }) => o.id === j.cheapest).monthlyUsd));
    expect(j.cheapest).toBe('alb-sso');
    expect(j.needs).toEqual([{ id: 'waf', origin: '--waf-rules 5 asks for AWS WAF' }]);
    expect(j.excluded).toEqual([
      {
        id: 'http',
        label: 'API Gateway HTTP API',
        unmet: [
          {
            need: 'waf',
            reason: 'API Gateway HTTP API has no AWS WAF; needed: --waf-rules 5 asks for AWS WAF',
            source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html',
          },
        ],
      },
    ]);
    expect(http.meetsNeeds).toBe(false);
    expect(j.verdict).toMatch(/ALB \+ SSO is cheapest .* among the options with AWS WAF \(API Gateway HTTP API costs less but lacks it\)/);
    // the table says the same
    const t = await runCli(['estimate', '--requests', '50M', '--waf-rules', '5']);
    expect(t.stdout.split('\n')[0]).not.toMatch(/HTTP API is cheapest/);
    expect(t.stdout).toContain('✗ API Gateway HTTP API has no AWS WAF; needed: --waf-rules 5 asks for AWS WAF');
  });

  it('--needs usage-plans leaves the REST API as the only AWS-managed option', async () => {
    const j = JSON.parse((await runCli(['estimate', '--requests', '50M', '--needs', 'usage-plans', '--format', 'json'])).stdout);
    expect(j.excluded.map((x: { id: string }) => x.id).sort()).toEqual(['alb-sso', 'http']);
    // the self-hosted gateway provides it through its own software, and is cheaper than REST at 50M
    expect(j.cheapest).toBe('self-hosted');
    expect(j.options.find((o: { id: string }) => o.id === 'self-hosted').capabilities.features['usage-plans'].support).toBe('self-managed');
  });

  it('every option carries its documented capabilities with a source URL, and what it lacks compared with REST', async () => {
    const j = JSON.parse((await runCli(['estimate', '--requests', '50M', '--format', 'json'])).stdout);
    for (const o of j.options) {
      for (const f of Object.values(o.capabilities.features) as { support: string; source: string }[]) {
        expect(['yes', 'no', 'partial', 'self-managed']).toContain(f.support);
        expect(f.source).toMatch(/^https:\/\//);
      }
      expect(o.capabilities.integrationTimeout.text).toMatch(/ s\b|configurable/);
      expect(o.capabilities.payloadLimit.text).toMatch(/MB|KB|configurable/);
    }
    const by = (id: string) => j.options.find((o: { id: string }) => o.id === id);
    expect(by('rest').lacksComparedWithRest).toEqual([]);
    expect(by('http').lacksComparedWithRest).toEqual([
      'usage-plans',
      'per-client-throttling',
      'caching',
      'request-validation',
      'waf',
      'private-endpoint',
    ]);
    expect(by('http').capabilities.integrationTimeout.text).toBe('30 s');
    expect(by('rest').capabilities.payloadLimit.text).toBe('10 MB');
  });

  it('an unknown need is a usage error listing the known ones', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--needs', 'waf,teleport']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--needs: unknown capability "teleport"; known: usage-plans/);
  });
});

describe('the README examples fit 80 columns and answer first', () => {
  const cases: [string, string[], RegExp][] = [
    ['simulate', ['simulate', '--traffic', 'examples/traffic/orders-2h.csv', '--limits', 'examples/limits/orders.yaml'], /^verdict: /],
    [
      'simulate (usage plans)',
      [
        'simulate',
        '--traffic',
        'examples/traffic/keys.json',
        '--limits',
        'examples/limits/partner-plans.yaml',
        '--arrivals',
        'overdispersed',
        '--dispersion',
        '4',
      ],
      /^verdict: /,
    ],
    ['check', ['check', '--config', 'examples/apigw-plan.config.json'], /^\d+ gates: /],
    ['pricing show', ['pricing', 'show'], /^verdict: \d+ prices for us-east-1/],
    ['estimate (scenario)', ['estimate', '--scenario', 'examples/saas-scenario.yaml'], /^verdict: /],
    ['estimate (WebSocket)', ['estimate', '--messages', '18M', '--message-size', '3KB', '--connection-minutes', '21.6M'], /^verdict: /],
    [
      'forecast',
      ['forecast', '--history', 'examples/forecast/orders-history.csv', '--limits', 'examples/forecast/limits.yaml'],
      /^Verdict: /,
    ],
  ];
  for (const [name, args, first] of cases) {
    it(name, async () => {
      const r = await runCli(args, { env: { COLUMNS: '80' } });
      expect(r.code, r.stderr).toBe(0);
      expect(widest(r.stdout)).toBeLessThanOrEqual(80);
      expect(r.stdout.split('\n')[0]).toMatch(first);
    }, 120_000); // a time limit for a loaded machine, not a speed target
  }

  it('simulate names the worst bucket, its risk and the recommendation in its first lines', async () => {
    const r = await runCli(['simulate', '--traffic', 'examples/traffic/orders-2h.csv', '--limits', 'examples/limits/orders.yaml'], {
      env: { COLUMNS: '80' },
    });
    const head = r.stdout.split('\n').slice(0, 8).join('\n');
    expect(head).toContain('Worst bucket: orders/prod POST /orders (stage, 150 req/s, burst 100, from file)');
    // Monte Carlo with carried state: an estimate with its 95 % interval, and the engine named
    expect(head).toMatch(/busiest 1-min window: P\(any 429\) [\d.]+ % \[[\d.]+ %, [\d.]+ %\] vs target 1 %\s+\(monte\s+carlo\)/);
    // proven by the Lundberg bound (no sampling in it): the same on every machine
    expect(head).toContain('recommendation: rate ≥ 159 req/s; or burst ≥ 316');
    expect(r.stdout).not.toContain('BUCKET_SEMANTICS');
    const d = await runCli([
      'simulate',
      '--traffic',
      'examples/traffic/orders-2h.csv',
      '--limits',
      'examples/limits/orders.yaml',
      '--details',
    ]);
    expect(d.stdout).toContain('BUCKET_SEMANTICS');
  }, 120_000); // two Monte Carlo runs of the orders example: a time limit for a loaded machine, not a speed target

  it('a simulation answered from the test store (runCli) prints byte for byte what a fresh one prints', async () => {
    // every in-process run after the first of these inputs in this worker is answered from the store
    const args = ['simulate', '--traffic', 'examples/traffic/orders-2h.csv', '--limits', 'examples/limits/orders.yaml', '--format', 'json'];
    const first = await runCli(args);
    const stored = await runCli(args);
    const fresh = await runCli(args, { fresh: true });
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout).buckets.length).toBeGreaterThan(1);
    expect(stored.stdout).toBe(fresh.stdout);
    expect(first.stdout).toBe(fresh.stdout);
  }, 120_000); // one Monte Carlo run of the orders example: a time limit for a loaded machine, not a speed target

  it('check lists the failed and warning gates before the passed ones', async () => {
    const r = await runCli(['check', '--config', 'examples/apigw-plan.config.json'], { env: { COLUMNS: '80' } });
    const results = r.stdout
      .split('\n')
      .map((l) => l.match(/^\| (failed|warning|passed|skipped|off) /)?.[1])
      .filter(Boolean);
    expect(results).toEqual(['warning', 'warning', 'passed', 'passed', 'skipped']);
  });
});

describe('colour: one rule for every command', () => {
  const commands = [
    ['estimate', '--requests', '50M'],
    ['simulate', '--traffic', 'examples/traffic/orders-2h.csv', '--limits', 'examples/limits/orders.yaml'],
    ['check', '--config', 'examples/apigw-plan.config.json'],
    ['pricing', 'show'],
  ];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
  const ansi = /\u001b\[/;
  it('FORCE_COLOR colours piped output; --no-color and a non-empty NO_COLOR win over it', { timeout: 90_000 }, async () => {
    for (const args of commands) {
      const forced = await runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      expect(forced.stdout, args.join(' ')).toMatch(ansi);
      expect((await runCli([...args, '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout, args.join(' ')).not.toMatch(ansi);
    }
    // NO_COLOR (non-empty) beats FORCE_COLOR; the rule lives in one place (terminal.ts), so one command shows it
    expect((await runCli(commands[0]!, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout).not.toMatch(ansi);
  });
  it('piped output without FORCE_COLOR is plain, and so is --format json', async () => {
    expect((await runCli(commands[0]!, { env: { NO_COLOR: '' } })).stdout).not.toMatch(ansi);
    expect((await runCli([...commands[0]!, '--format', 'json'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout).not.toMatch(ansi);
  });
  it('iam-policy, init and pricing refresh accept --no-color too', async () => {
    expect((await runCli(['iam-policy', '--no-color'])).code).toBe(0);
    expect((await runCli(['pricing', 'refresh', '--no-color', '--help'])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-init-color-'));
    const init = await runCli(['init', '--no-color', '--quiet'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(existsSync(join(dir, 'apigw-plan.config.yaml'))).toBe(true);
  });
});
