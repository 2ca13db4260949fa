import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, runCli, expectNoStack } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const tmp = mkdtempSync(join(tmpdir(), 'apigw-plan-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('apigw-plan estimate (the README command)', () => {
  it('prices 50M requests offline and answers first: the verdict, then every option with the cheapest marked', async () => {
    const r = await runCli(['estimate', '--requests', '50M']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^verdict: ALB \+ SSO is cheapest at \$42\.94\/month for 50M requests\/month/);
    expect(r.stdout).toContain('| ★ ALB + SSO          |  $42.94 |           — |');
    expect(r.stdout).toContain('| API Gateway REST API | $192.17 |    +$149.23 |');
    // the tier ladder is one flag away
    expect(r.stdout).not.toContain('REST API requests');
    const d = await runCli(['estimate', '--requests', '50M', '--details', 'ladders', '--no-color'], { env: { COLUMNS: '160' } });
    expect(d.stdout).toMatch(/\| REST API requests +\| first 333M +\| +50,000,000 request \| \$0\.0000035 \| \$175\.00 \|/);
    expect(d.stdout.trimEnd().split('\n').pop()).toMatch(/^ +cheapest up to 50B|verdict: /);
  });

  it('JSON is versioned, carries money as decimal strings and traces every line to a price', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.tool).toEqual({ name: 'apigw-plan', version: pkg.version });
    expect(j.options.map((o: { id: string }) => o.id)).toEqual(['rest', 'http', 'alb-sso', 'self-hosted']);
    const rest = j.options.find((o: { id: string }) => o.id === 'rest');
    // 50M × $3.50/M = $175.00; 50M × 4 KB = 190.73 GB × $0.09 = $17.17
    expect(rest.monthlyUsd).toBe('192.17');
    expect(rest.lines[0]).toMatchObject({
      component: 'REST API requests',
      tier: 'first 333M',
      quantity: '50000000',
      unit: 'request',
      unitPriceUsd: '0.0000035',
      costUsd: '175',
    });
    expect(rest.lines[0].source).toMatchObject({
      priceId: 'apigw.rest.requests',
      usageType: 'USE1-ApiGatewayRequest',
      sku: 'KKDZ3TFSXUSMCZ3A',
      publicationDate: '2025-11-02',
    });
    for (const o of j.options) {
      expect(typeof o.monthlyUsd).toBe('string');
      for (const l of o.lines) {
        expect(l.costUsd).toMatch(/^-?\d+(\.\d+)?$/);
        expect(l.source.url).not.toBe('');
        expect(l.source.publicationDate).toMatch(/^\d{4}-\d{2}-\d{2}$|^n\/a$/);
      }
    }
    expect(j.cheapest).toBe(j.options.find((o: { cheapest: boolean }) => o.cheapest).id);
    expect(j.verdict).toMatch(/^verdict: /);
    expect(j.inputs).toContainEqual({ name: 'requestsPerMonth', value: '50000000', origin: 'flag' });
  });

  it('Markdown has a summary table and the verdict', async () => {
    const r = await runCli(['estimate', '--requests', '50M', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Option | Monthly |');
    expect(r.stdout).toContain('| API Gateway REST API | $192.17 |');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^\*\*verdict: /);
  });

  it('a rate per second is converted with the month length (200/s × 730 h)', async () => {
    const j = JSON.parse((await runCli(['estimate', '--requests', '200/s', '--format', 'json'])).stdout);
    expect(j.volume.perMonth).toBe('525600000');
  });

  it('per-second M2M token requests are converted like requests (10/s × 730 h = 26.28M)', async () => {
    const j = JSON.parse(
      (await runCli(['estimate', '--requests', '1M', '--m2m-clients', '1', '--m2m-tokens', '10/s', '--format', 'json'])).stdout,
    );
    const tokens = j.options[0].lines.find((l: { component: string }) => /token requests/.test(l.component));
    expect([tokens.quantity, tokens.costUsd]).toEqual(['26280000', '59130']);
  });

  it('a break-even search bounded by node steps keeps the given volume inside it', async () => {
    const j = JSON.parse((await runCli(['estimate', '--requests', '50M', '--rps-per-node', '0.0001', '--format', 'json'])).stdout);
    expect(Number(j.breakEven.searchedFrom)).toBeLessThanOrEqual(50_000_000);
    expect(Number(j.breakEven.searchedTo)).toBeGreaterThanOrEqual(50_000_000);
    expect(j.assumptions.some((a: string) => a.startsWith('Break-even search limited to 2000 self-hosted node steps'))).toBe(true);
  });

  it('is deterministic: the same input gives byte-identical output', async () => {
    const a = await runCli(['estimate', '--requests', '1.5B', '--format', 'json']);
    const b = await runCli(['estimate', '--requests', '1.5B', '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('costs the SaaS scenario of the README in one run', async () => {
    const r = await runCli(['estimate', '--scenario', 'examples/saas-scenario.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.options.map((o: { id: string }) => o.id)).toEqual(['apigw', 'alb-sso', 'self-hosted']);
    const apigw = j.options[0];
    const components = apigw.lines.map((l: { component: string }) => l.component);
    expect(components).toEqual(
      expect.arrayContaining([
        'REST API requests',
        'HTTP API requests (512 KB metered)',
        'WebSocket messages (32 KB metered)',
        'WebSocket connection minutes',
        'REST API cache 0.5 GB (admin-api)',
        'Interface VPC endpoint execute-api, 2 AZ (billing)',
        'AWS WAF web ACL (admin-api)',
        'Cognito Essentials MAU',
      ]),
    );
    // WAF was asked for the admin API only; on the shared ALB it inspects every API's requests, and says so
    const albSso = j.options.find((o: { id: string }) => o.id === 'alb-sso');
    expect(albSso.findings.map((f: { code: string }) => f.code)).toContain('WAF_SCOPE_WIDER_ON_ALB');
    // REST tiers aggregate admin-api and billing: 11M × $3.50/M
    const rest = apigw.lines.find((l: { component: string }) => l.component === 'REST API requests');
    expect([rest.quantity, rest.costUsd]).toEqual(['11000000', '38.5']);
  });

  it('uses a partial regional snapshot honestly: options it cannot price say why', async () => {
    // Asia Pacific (Malaysia): the pricing-page feed has REST but no HTTP API prices there
    const j = JSON.parse((await runCli(['estimate', '--requests', '5M', '--region', 'ap-southeast-5', '--format', 'json'])).stdout);
    const rest = j.options.find((o: { id: string }) => o.id === 'rest');
    expect(rest.lines[0]).toMatchObject({
      unitPriceUsd: '0.000003825',
      source: { region: 'ap-southeast-5', sku: 'T3VB86ZKPWMY8YFU', status: 'aws-pricing-feed' },
    });
    const http = j.options.find((o: { id: string }) => o.id === 'http');
    expect(http.priced).toBe(false);
    expect(http.reason).toContain('has no price for apigw.http.requests');
    expect(http.reason).toContain('pricing refresh --region ap-southeast-5');
  });

  it('prices every option in a complete regional snapshot (eu-west-2), traced to feed SKUs', async () => {
    const j = JSON.parse((await runCli(['estimate', '--requests', '5M', '--region', 'eu-west-2', '--format', 'json'])).stdout);
    expect(j.pricing).toMatchObject({ region: 'eu-west-2', coverage: 'complete' });
    expect(j.options.every((o: { priced: boolean }) => o.priced)).toBe(true);
    const http = j.options.find((o: { id: string }) => o.id === 'http');
    expect(http.lines[0]).toMatchObject({
      unitPriceUsd: '0.00000116',
      source: { sku: 'MFY3FVZZSQWYVNHM', usageType: 'EUW2-ApiGatewayHttpRequest' },
    });
  });
});

describe('estimate input errors: what, where, how to fix; exit 2; no stack trace', async () => {
  const cases: [string, string[], RegExp][] = [
    [
      'malformed volume',
      ['estimate', '--requests', '50MM'],
      /--requests: expected a number with an optional K\/M\/B\/T suffix.*got "50MM"/,
    ],
    ['negative volume', ['estimate', '--requests', '-5'], /--requests: expected a number/],
    ['NaN', ['estimate', '--requests', 'NaN'], /--requests: expected a number/],
    [
      'payload over the 10 MB limit',
      ['estimate', '--requests', '1M', '--request-size', '11MB'],
      /over API Gateway's 10 MB payload limit.*pre-signed S3/,
    ],
    ['WebSocket message over 128 KB', ['estimate', '--messages', '1M', '--message-size', '200KB'], /over the 128 KB message limit/],
    ['impossible peak shape', ['estimate', '--requests', '1M', '--peak-to-average', '10', '--peak-hours', '4'], /exceeds 24/],
    ['invalid cache size', ['estimate', '--requests', '1M', '--cache-size', '2'], /cache size must be one of 0.5, 1.6/],
    [
      'unknown region',
      ['estimate', '--requests', '1M', '--region', 'eu-west-9'],
      /no price snapshot for region "eu-west-9"[\s\S]*bundled regions: af-south-1, ap-east-1, [\s\S]*eu-west-1, eu-west-2, [\s\S]*us-west-2 \("apigw-plan pricing show --regions"/,
    ],
    [
      'unknown instance type',
      ['estimate', '--requests', '1M', '--instance-type', 'z9.huge'],
      /no us-east-1 price for EC2 instance type "z9.huge"[\s\S]*priced types: c6g.large/,
    ],
    ['nothing to estimate', ['estimate'], /nothing to estimate: give --requests/],
    [
      'utilisation above 1',
      ['estimate', '--requests', '1M', '--target-utilisation', '1.5'],
      /--target-utilisation: expected a share above 0 and at most 1/,
    ],
    ['bad choice', ['estimate', '--requests', '1M', '--format', 'xml'], /argument 'xml' is invalid/],
    ['unknown flag', ['estimate', '--requets', '1M'], /unknown option '--requets'/],
    [
      'no hours in the month',
      ['estimate', '--requests', '1M', '--hours-per-month', '0'],
      /--hours-per-month: expected hours in a month between 1 and 744/,
    ],
    ['a node that serves nothing', ['estimate', '--requests', '1M', '--rps-per-node', '0'], /--rps-per-node: expected a number above 0/],
    [
      'a private endpoint in no AZ',
      ['estimate', '--requests', '1M', '--private-endpoint-azs', '0'],
      /--private-endpoint-azs: expected at least 1/,
    ],
    ['MAU as a rate', ['estimate', '--requests', '1M', '--mau', '40K/s'], /--mau: monthly active users are a count per month, not a rate/],
    [
      'an option that cannot carry the traffic',
      ['estimate', '--requests', '50M', '--options', 'websocket,alb-sso'],
      /--options websocket prices message traffic only/,
    ],
    [
      'a request option for message traffic',
      ['estimate', '--messages', '10M', '--options', 'rest'],
      /--options rest needs request traffic/,
    ],
    [
      '--options with --api-type',
      ['estimate', '--requests', '1M', '--options', 'rest', '--api-type', 'http'],
      /--options and --api-type both choose what to compare/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expectNoStack(r.stderr);
  });

  it('reports every problem at once', async () => {
    const r = await runCli(['estimate', '--requests', 'x', '--response-size', '12MB', '--peak-to-average', '0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: 3 problem\(s\)/);
  });

  it('a scenario file with schema problems lists each with its path', async () => {
    const f = file(
      'bad.yaml',
      ['apis:', '  - name: a', '    type: graphql', '    requests: 1M', '    colour: red', 'alb:', '    rules: -1', ''].join('\n'),
    );
    const r = await runCli(['estimate', '--scenario', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`scenario file ${f} has 3 problem(s)`);
    expect(r.stderr).toContain(`${f} › apis[0].type: Invalid option: expected one of "rest"|"http"|"websocket" (found "graphql")`);
    expect(r.stderr).toMatch(/apis\[0\]: Unrecognized key: "colour"/);
    expect(r.stderr).toMatch(/alb\.rules: Too small: expected number to be >=0 \(found -1\)/);
    expectNoStack(r.stderr);
  });

  it('invalid YAML, invalid JSON and an unreadable file', async () => {
    const yaml = await runCli(['estimate', '--scenario', file('broken.yaml', 'apis: [\n  - name: a\n')]);
    expect([yaml.code, yaml.stderr]).toEqual([2, expect.stringMatching(/is not valid YAML/)]);
    const json = await runCli(['estimate', '--scenario', file('broken.json', '{"apis": [}')]);
    expect([json.code, json.stderr]).toEqual([2, expect.stringMatching(/is not valid JSON/)]);
    const missing = await runCli(['estimate', '--scenario', join(tmp, 'nope.yaml')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/cannot read scenario file .*nope.yaml: ENOENT/)]);
    for (const r of [yaml, json, missing]) expectNoStack(r.stderr);
  });

  it('a scenario whose APIs carry traffic of another type, or share a name, is refused', async () => {
    const f = file(
      'mixed.yaml',
      [
        'apis:',
        '  - { name: a, type: websocket, messages: 5M, requests: 5M }',
        '  - { name: b, type: http, requests: 1M, messages: 2M }',
        '  - { name: b, type: rest, requests: 1M }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['estimate', '--scenario', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f} › apis[0].requests: a websocket API carries messages and connection minutes, not requests`);
    expect(r.stderr).toContain(`${f} › apis[1]: messages and connectionMinutes belong to a websocket API (type is http)`);
    expect(r.stderr).toContain(`${f} › apis[2].name: "b" is listed twice`);
  });

  it('traffic in flags and in a scenario at once is refused', async () => {
    const r = await runCli(['estimate', '--scenario', 'examples/saas-scenario.yaml', '--requests', '5M']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give the traffic in one place');
  });
});

describe('program-level behaviour', () => {
  it('--version prints the package version (answered by the binary before the CLI loads: spawned)', () => {
    const r = cli(['--version']);
    expect([r.code, r.stdout]).toEqual([0, `${pkg.version}\n`]);
  });
  it('--help lists the commands and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/estimate/);
    expect(r.stdout).toMatch(
      /Exit codes:\n {2}0 {2}ran fine\n {2}1 {2}a gate failed.*\n {2}2 {2}bad input or config.*\n {2}3 {2}AWS or environment failure\n {2}4 {2}internal error/,
    );
  });
  it('every command has two or three examples, its exit codes, --no-color and --quiet in --help', async () => {
    for (const cmd of [
      ['estimate'],
      ['simulate'],
      ['check'],
      ['report'],
      ['limits'],
      ['inventory'],
      ['iam-policy'],
      ['diff'],
      ['init'],
      ['forecast'],
      ['pricing', 'show'],
      ['pricing', 'refresh'],
    ]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      const examples = r.stdout.split('\n').filter((l) => l.startsWith('  $ apigw-plan '));
      expect(examples.length, cmd.join(' ')).toBeGreaterThanOrEqual(2);
      expect(examples.length, cmd.join(' ')).toBeLessThanOrEqual(3);
      expect(r.stdout, cmd.join(' ')).toMatch(/Exit codes:\n {2}0 {2}ran fine\n( {2}1 {2}.*\n)? {2}2 {2}/);
      expect(r.stdout, cmd.join(' ')).toContain('--no-color');
      expect(r.stdout, cmd.join(' ')).toContain('--quiet');
    }
  });
  it('no command prints the help on stderr and exits 2 (stdout stays empty)', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: apigw-plan/);
    expect((await runCli(['help'])).code).toBe(0);
  });
  it('an unknown command is bad usage (exit 2)', async () => {
    const r = await runCli(['estmate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'estmate'/);
  });
});

describe('apigw-plan pricing show', () => {
  it('prints the bundled prices with their sources and age', async () => {
    const r = await runCli(['pricing', 'show', '--format', 'json'], { env: { APIGW_PLAN_TODAY: '2026-11-24' } });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.region).toBe('us-east-1');
    // the Cognito M2M prices come from the pricing-page feed published 2025-03-07
    expect(j.oldestPublication).toBe('2025-03-07');
    expect(j.verdict).toBe(`verdict: ${j.prices.length} prices for us-east-1 (complete); oldest published 2025-03-07, 627 days ago`);
    const rest = j.prices.find((p: { id: string }) => p.id === 'apigw.rest.requests');
    expect(rest.tiers[3]).toEqual({ from: '20000000000', to: null, usdPerUnit: '0.00000151' });
  });
  it('a region with no snapshot is an error naming the regions that exist', async () => {
    const r = await runCli(['pricing', 'show', '--region', 'ap-southeast-6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no price snapshot for region "ap-southeast-6"');
    expect(r.stderr).toContain('bundled regions: af-south-1, ap-east-1, ap-east-2, ap-northeast-1,');
  });
  it('--regions lists every bundled Region with its snapshot date and completeness', async () => {
    const r = await runCli(['pricing', 'show', '--regions', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.regions).toHaveLength(33);
    expect(j.regions.find((x: { region: string }) => x.region === 'eu-west-1')).toEqual({
      region: 'eu-west-1',
      location: 'EU (Ireland)',
      compiled: '2026-11-29',
      oldestPublication: '2025-03-07',
      coverage: 'complete',
      missing: [],
      notOffered: [],
      assumed: ['cognito.lite.mau', 'cognito.essentials.mau', 'cognito.plus.mau'],
    });
    const taipei = j.regions.find((x: { region: string }) => x.region === 'ap-east-2');
    expect(taipei.coverage).toBe('partial');
    expect(taipei.missing.map((m: { id: string }) => m.id)).toContain('waf.web-acl');
    // Thailand: no Cognito in the feed; the M2M prices are taken from us-east-1 and listed as assumed
    const thailand = j.regions.find((x: { region: string }) => x.region === 'ap-southeast-7');
    expect(thailand.coverage).toBe('complete');
    expect(thailand.assumed).toEqual([
      'cognito.lite.mau',
      'cognito.essentials.mau',
      'cognito.plus.mau',
      'cognito.m2m.app-clients',
      'cognito.m2m.token-requests',
    ]);
    type Row = { region: string; coverage: string; assumed: string[] };
    const complete = j.regions.filter((x: Row) => x.coverage === 'complete');
    const partial = j.regions.filter((x: Row) => x.coverage === 'partial');
    expect(j.verdict).toBe(
      `verdict: 33 Regions bundled: ${complete.length} complete (${complete.filter((x: Row) => x.assumed.length).length} of them with assumed prices), ${partial.length} partial (${partial.map((x: Row) => x.region).join(', ')})`,
    );
    expect(complete.length).toBeGreaterThanOrEqual(30);
    const table = await runCli(['pricing', 'show', '--regions'], { env: { COLUMNS: '300' } });
    expect(table.stdout).toMatch(
      /\| sa-east-1\s+\| South America \(Sao Paulo\)\s+\| 2026-11-29 \| 2025-03-07\s+\| complete, 3 assumed\s+\| assumed equal to us-east-1: cognito\.lite\.mau,/,
    );
    expect(table.stdout).toMatch(/\| us-east-1\s+\| US East \(N\. Virginia\)\s+\| 2026-11-29 \| 2025-03-07\s+\| complete\s+\|\s+\|/);
    expect(table.stdout).toContain('Assumed: no source has the price for that Region, so it is taken from us-east-1');
  });
});

describe('AWS-reading commands from the built CLI', () => {
  it('iam-policy prints a read-only policy document', async () => {
    const r = await runCli(['iam-policy']);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.stdout);
    const actions: string[] = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toContain('servicequotas:ListServiceQuotas');
    expect(actions).toContain('cloudwatch:GetMetricData');
    // API Gateway's management API authorises reads as the HTTP verb: apigateway:GET
    expect(actions.filter((a) => !/^[a-z0-9-]+:(List|Get|Describe)[A-Za-z]*$/.test(a) && a !== 'apigateway:GET')).toEqual([]);
    expect(actions).toContain('apigateway:GET');
  });

  it('limits with a malformed Region is bad input (exit 2), before any AWS call', async () => {
    const r = await runCli(['limits', '--region', 'mars-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"mars-1" is not an AWS Region code');
    expectNoStack(r.stderr);
  });

  it('limits without credentials is an environment failure (exit 3) that says how to provide them', async () => {
    const r = await runCli(['limits', '--region', 'us-east-1'], {
      env: {
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        HOME: '/nonexistent',
      },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/credentials/i);
    expect(r.stderr).toMatch(/--profile/);
    expectNoStack(r.stderr);
  });
});

describe('the whole bill from the command line (issue 13)', () => {
  it('the idle REST API scenario prints $2,785.50; its cache rules out ALB + SSO; cost per API in table, JSON and Markdown', async () => {
    const f = file(
      'idle.yaml',
      [
        'apis:',
        '  - { name: orders, type: rest, requests: 1M, responseSize: 0 }',
        '  - { name: reports, type: rest, requests: 0, cacheSizeGb: 237, waf: { rules: 3 } }',
      ].join('\n'),
    );
    const j = JSON.parse((await runCli(['estimate', '--scenario', f, '--format', 'json'])).stdout);
    const apigw = j.options.find((o: { id: string }) => o.id === 'apigw');
    expect(apigw.monthlyUsd).toBe('2785.50');
    // the scenario's cache implies the caching need (issue 14): ALB + SSO, the lowest total, cannot be named cheapest
    expect(j.excluded.map((x: { id: string }) => x.id)).toContain('alb-sso');
    expect(j.cheapest).toBe('self-hosted');
    expect(apigw.costByApi.apis).toEqual([
      { api: 'orders', monthlyUsd: '3.50', monthlyUsdExact: '3.5' },
      { api: 'reports', monthlyUsd: '2782.00', monthlyUsdExact: '2782' },
    ]);
    expect(apigw.costByApi.method).toContain('tiers are account-wide');
    const table = (await runCli(['estimate', '--scenario', f, '--details', 'ladders'])).stdout;
    expect(table).toContain('API Gateway (as configured) — $2,785.50/month');
    expect(table).toMatch(/\| reports\s+\|\s+\$2,782\.00 \|/);
    // answer first: the verdict leads and closes the --details output
    expect(table.split('\n')[0]).toMatch(/^verdict: Self-hosted gateway is cheapest/);
    const md = (await runCli(['estimate', '--scenario', f, '--format', 'markdown'])).stdout;
    expect(md).toContain('#### Cost per API');
    expect(md).toContain('| reports | $2,782.00 |');
  });

  it('flag mode takes --requests 0 when something fixed is asked for, and says what to add otherwise', async () => {
    const j = JSON.parse(
      (await runCli(['estimate', '--requests', '0', '--cache-size', '237', '--waf-rules', '3', '--format', 'json'])).stdout,
    );
    expect(j.options.find((o: { id: string }) => o.id === 'rest').monthlyUsd).toBe('2782.00');
    const bad = await runCli(['estimate', '--requests', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--requests 0 prices only fixed costs: add one (--cache-size, --private-endpoint-azs, --waf-rules)');
    expectNoStack(bad.stderr);
  });

  it('--payload meters HTTP requests per request (1.2 units for the 90 % 10 KB / 10 % 1.5 MB mix) and rates take /min, /h, /day', async () => {
    const j = JSON.parse(
      (
        await runCli([
          'estimate',
          '--requests',
          '1M/h',
          '--payload',
          'test/fixtures/payload-mix.yaml',
          '--api-type',
          'http',
          '--format',
          'json',
        ])
      ).stdout,
    );
    const http = j.options.find((o: { id: string }) => o.id === 'http');
    // 1M/h × 730 h = 730M requests × 1.2 = 876M metered: 300M × $1.00/M + 576M × $0.90/M
    expect(http.lines.slice(0, 2).map((l: { quantity: string; costUsd: string }) => [l.quantity, l.costUsd])).toEqual([
      ['300000000', '300'],
      ['576000000', '518.4'],
    ]);
    expect(http.lines[0].component).toBe('HTTP API requests (metered per request from the payload distribution)');
    expect(j.findings.map((f: { code: string }) => f.code)).toContain('METERED_FROM_DISTRIBUTION');
    expect(j.inputs).toContainEqual({ name: 'requestsPerMonth', value: '730000000', origin: 'flag' });
  });

  it('scenario web ACLs, VPC links, logs and metrics; wrong associations are refused with their path', async () => {
    const ok = file(
      'shared.yaml',
      [
        'apis:',
        '  - { name: a, type: rest, requests: 10M, private: { endpointAzs: 2, vpc: core }, logs: { access: { bytesPerRequest: 1KB }, retentionDays: 30 }, detailedMetrics: { methods: 20 } }',
        '  - { name: b, type: rest, requests: 0, private: { endpointAzs: 2, vpc: core } }',
        'webAcls:',
        '  - { name: edge, rules: 5, managedRuleGroups: [ { name: AWSManagedRulesCommonRuleSet } ], protects: [a, b] }',
        'vpcLinks:',
        '  - { name: backend, apis: [a] }',
        'portals: { portals: 1, products: 3 }',
      ].join('\n'),
    );
    const j = JSON.parse((await runCli(['estimate', '--scenario', ok, '--format', 'json'])).stdout);
    const comps = j.options[0].lines.map((l: { component: string }) => l.component);
    expect(comps).toEqual(
      expect.arrayContaining([
        'Interface VPC endpoint execute-api, 2 AZ (VPC core: a, b)',
        'AWS WAF web ACL (edge: a, b)',
        'AWS WAF rules (edge: 5 rules, 1 managed rule group)',
        'Network Load Balancer of VPC link backend (a)',
        'CloudWatch Logs ingestion (execution and access logs)',
        'CloudWatch detailed metrics (billed as custom metrics)',
      ]),
    );
    expect(j.findings.map((f: { code: string }) => f.code)).toContain('PORTALS_NOT_PRICED');
    const bad = file(
      'bad-acl.yaml',
      [
        'apis:',
        '  - { name: a, type: rest, requests: 1M, waf: { rules: 2 } }',
        '  - { name: h, type: http, requests: 1M }',
        'webAcls:',
        '  - { name: edge, rules: 1, protects: [a, h, nope] }',
      ].join('\n'),
    );
    const r = await runCli(['estimate', '--scenario', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'webAcls[0].protects: "a" is already protected by a (its own waf.rules); a stage is associated with one web ACL',
    );
    expect(r.stderr).toContain('webAcls[0].protects: "h" is a http API; AWS WAF associates with REST API stages');
    expect(r.stderr).toContain('webAcls[0].protects: "nope" is not an API of the scenario');
  });
});
