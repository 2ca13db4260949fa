import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, expectNoStack } from '../helpers/cli.js';

const FIX = join(ROOT, 'examples/iac');
const tmp = () => mkdtempSync(join(tmpdir(), 'apigw-plan-iac-'));

function checkProject(config: unknown): string {
  const dir = tmp();
  writeFileSync(join(dir, 'apigw-plan.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

describe('check with an iac: block — the resources-per-API gate, offline', () => {
  const gates = { quotaHeadroom: { level: 'error', minAbsolute: 0 } };

  it('a REST API whose OpenAPI body has 301 resources fails with exit 1, naming the file and line', async () => {
    const dir = checkProject({ iac: { paths: [join(FIX, 'openapi/rest-api-301.yaml')], quotas: ['L-01C8A9E0'] }, gates });
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    expectNoStack(r.stderr);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    const f = j.gates[0].findings;
    expect(f).toHaveLength(1);
    expect(f[0].id).toMatch(/^QUOTA_HEADROOM_LOW:L-01C8A9E0@.*rest-api-301\/CatalogApi$/);
    expect(f[0].message).toMatch(
      /Resources per REST API — catalog-301 \(.*examples\/iac\/openapi\/rest-api-301\.yaml:6 \(CatalogApi\)\) \(L-01C8A9E0\): 301 of 300 resources used, headroom -1/,
    );
    expect(j.verdict).toBe('1 gate: 0 passed, 1 failed — exit 1');
  });

  it('the same API at 299 resources passes, and the table shows the headroom', async () => {
    const dir = checkProject({ iac: { paths: [join(FIX, 'openapi/rest-api-299.yaml')], quotas: ['L-01C8A9E0'] }, gates });
    const r = await runCli(['check'], { cwd: dir, env: { COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 quota(s) checked; 0 below the minimum headroom');
    // answer first: check's verdict is its first line
    expect(r.stdout.split('\n')[0]).toBe('1 gate: 1 passed — exit 0');
    const inv = await runCli(['inventory', join(FIX, 'openapi/rest-api-299.yaml')], { env: { COLUMNS: '400' } });
    expect(inv.code).toBe(0);
    // answer first: the verdict is the first line
    expect(inv.stdout.split('\n')[0]).toMatch(/^verdict: 1 API in 1 file; \d+ quota counts within the limits/);
    expect(inv.stdout).toMatch(
      /Resources per REST API \(L-01C8A9E0\)[^\n]*catalog-299[^\n]*299 resources[^\n]*300 \(bundled default\)[^\n]*1 \(0\.33 %\)/,
    );
  });

  it('a count the code cannot decide is not a pass: the gate fails on it', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'api.yaml'),
      'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: s3-body\n      BodyS3Location: { Bucket: defs, Key: api.yaml }\n',
    );
    writeFileSync(join(dir, 'apigw-plan.config.json'), JSON.stringify({ iac: { paths: ['api.yaml'], quotas: ['L-01C8A9E0'] }, gates }));
    const r = await runCli(['check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).gates[0].findings[0]).toMatchObject({ code: 'QUOTA_USAGE_UNKNOWN' });
    expect(r.stderr).toContain('IAC_BODY_UNKNOWN');
  });

  it('an unknown quota id in iac.quotas is a config error (exit 2)', async () => {
    const dir = checkProject({ iac: { paths: [join(FIX, 'cfn/orders.yaml')], quotas: ['resources-per-everything'] }, gates });
    const r = await runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('iac.quotas names 1 quota(s) the code does not decide: resources-per-everything');
  });
});

describe('inventory: formats, errors and outputs', () => {
  it('JSON: a plain report with stable ids for APIs, quotas and throttles', async () => {
    const r = await runCli(['inventory', 'examples/iac/terraform/plan.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).slice(0, 3)).toEqual(['schemaVersion', 'kind', 'verdict']);
    expect(j.throttles.map((t: { id: string }) => t.id)).toEqual([
      'aws_api_gateway_rest_api.main@live#*',
      'aws_api_gateway_rest_api.main@live#GET /users',
      'aws_apigatewayv2_api.events@$default#*',
      'aws_apigatewayv2_api.events@$default#POST /events',
      'plan:aws_api_gateway_usage_plan.gold',
      'plan:aws_api_gateway_usage_plan.gold@aws_api_gateway_rest_api.main@live#GET /users',
      'plan:aws_api_gateway_usage_plan.free',
    ]);
    expect(j.quotas.map((q: { id: string }) => q.id)).toContain('L-65B5C802@aws_apigatewayv2_api.events');
  });

  it('a folder: every readable file, each format detected by content (cdk.out as one assembly)', async () => {
    const r = await runCli(['inventory', 'examples/iac', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.inputs.map((i: { file: string; format: string }) => `${i.format} ${i.file.replace('examples/iac/', '')}`)).toEqual([
      'cdk cdk.out/BooksStack.template.json',
      'cdk cdk.out/BooksStackChat1A2B3C4D.nested.template.json',
      'cloudformation cfn/orders.yaml',
      'openapi openapi/openapi-301.json',
      'cloudformation openapi/rest-api-299.yaml',
      'cloudformation openapi/rest-api-301.yaml',
      'sam sam/template.yaml',
      'terraform terraform/plan.json',
    ]);
    // 2 (CDK) + 1 (orders) + 3 (OpenAPI file, 299, 301) + 3 (SAM) + 2 (Terraform) = 11 APIs; two are over 300 resources
    expect(j.verdict).toMatch(/^verdict: 11 APIs in 8 files; 2 quotas over the limit: Resources per REST API 301 of 300/);
  });

  it('Markdown starts with the verdict', async () => {
    const r = await runCli(['inventory', 'examples/iac/cdk.out', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^\*\*verdict: 2 APIs in 2 files; /);
    expect(r.stdout).toContain('| chat | websocket | REGIONAL | 4 routes |');
  });

  it('a file that is not infrastructure code: exit 2, the file named and what was expected', async () => {
    const r = await runCli(['inventory', 'examples/traffic/keys.json']);
    expectNoStack(r.stderr);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: examples/traffic/keys.json is not infrastructure code apigw-plan can read (found: periodSeconds, series)',
    );
    expect(r.stderr).toContain('fix: expected a CloudFormation or SAM template');
  });

  it('broken YAML and unknown tags: exit 2 with the line', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.yaml'),
      'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: !NotAFunction x\n',
    );
    const r = await runCli(['inventory', join(dir, 'bad.yaml')]);
    expectNoStack(r.stderr);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml is not valid YAML \(line 5\)/);
    const missing = await runCli(['inventory', 'no/such/template.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no/such/template.yaml does not exist')]);
  });

  it('--limits-out: the simulator reads it unchanged; comments name each source file and line', async () => {
    const dir = tmp();
    const limits = join(dir, 'limits.yaml');
    const r = await runCli(['inventory', 'examples/iac/cfn/orders.yaml', '--limits-out', limits]);
    expect(r.code).toBe(0);
    const text = readFileSync(limits, 'utf8');
    expect(parseYaml(text)).toEqual({
      stages: [
        { api: 'orders-prod', stage: 'prod', type: 'rest', rate: 100, burst: 50, routes: { 'POST /orders': { rate: 20, burst: 10 } } },
      ],
      usagePlans: [
        {
          name: 'prod-partners',
          keys: ['PartnerKey'],
          methods: [{ api: 'orders-prod', stage: 'prod', route: 'GET /orders', rate: 5, burst: 10 }],
          rate: 25,
          burst: 50,
          quota: { limit: 5000, period: 'DAY', offset: 0 },
        },
      ],
    });
    // the */* method setting is at line 153, the POST /orders one at 157, the plan's Throttle at 167
    expect(text).toContain('rate: 100 # examples/iac/cfn/orders.yaml:153 (OrdersStage)');
    expect(text).toContain('# examples/iac/cfn/orders.yaml:157 (OrdersStage)');
    expect(text).toContain('rate: 25 # examples/iac/cfn/orders.yaml:167 (PartnerPlan)');
    const traffic = join(dir, 'traffic.csv');
    const rows = ['timestamp,count,api,stage,route,key'];
    for (let m = 0; m < 10; m++) {
      const t = new Date(Date.UTC(2026, 10, 1, 12, m)).toISOString().replace('.000', '');
      rows.push(`${t},${5400 + m * 20},orders-prod,prod,GET /orders,PartnerKey`, `${t},900,orders-prod,prod,POST /orders,PartnerKey`);
    }
    writeFileSync(traffic, `${rows.join('\n')}\n`);
    const sim = await runCli(['simulate', '--traffic', traffic, '--limits', limits, '--format', 'json']);
    expectNoStack(sim.stderr);
    expect(sim.code).toBe(0);
    const j = JSON.parse(sim.stdout);
    // the layers the code declares are the ones simulated
    expect(
      j.buckets.map((b: { label: string; layer: string; rate: number; burst: number }) => [b.label, b.layer, b.rate, b.burst]),
    ).toEqual([
      ['plan prod-partners key PartnerKey GET /orders', 'usage-plan method', 5, 10],
      ['plan prod-partners key PartnerKey', 'usage-plan key', 25, 50],
      ['orders-prod/prod GET /orders', 'stage', 100, 50],
      ['account (us-east-1)', 'account', 10000, 5000],
      ['orders-prod/prod POST /orders', 'stage', 20, 10],
    ]);
  });

  it('--scenario-out: estimate reads it unchanged, with the cache, WAF rules and API types from the code', async () => {
    const dir = tmp();
    const scenario = join(dir, 'scenario.yaml');
    const r = await runCli([
      'inventory',
      'examples/iac/cfn/orders.yaml',
      'examples/iac/cdk.out',
      '--scenario-out',
      scenario,
      '--requests',
      '20M',
      '--messages',
      '5M',
    ]);
    expect(r.code).toBe(0);
    const sc = parseYaml(readFileSync(scenario, 'utf8'));
    expect(sc.apis).toEqual([
      { name: 'orders-prod', type: 'rest', requests: '20M', cacheSizeGb: '1.6', waf: { rules: 2 } },
      { name: 'books', type: 'rest', requests: '20M', cacheSizeGb: '0.5' },
      { name: 'chat', type: 'websocket', messages: '5M' },
    ]);
    const est = await runCli(['estimate', '--scenario', scenario, '--format', 'json']);
    expectNoStack(est.stderr);
    expect(est.code).toBe(0);
    const j = JSON.parse(est.stdout);
    expect(j.options.find((o: { id: string }) => o.id === 'apigw').priced).toBe(true);
  });

  it('--scenario-out without traffic names what is missing (exit 2), never writes zero traffic', async () => {
    const dir = tmp();
    const r = await runCli(['inventory', 'examples/iac/cdk.out', '--scenario-out', join(dir, 's.yaml'), '--requests', '1M']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('chat (websocket) has no traffic: give --messages/--connection-minutes or an entry in --traffic-file');
  });
});
