import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectNoStack, ROOT } from '../helpers/cli.js';

/**
 * The built binary, as a process of its own, for each exit code of each command: the rest of the
 * suite runs the same command lines in-process through main() (test/helpers/cli.ts runCli), so this
 * file is what shows that bin/apigw-plan.js → dist/cli.js turns each outcome into that exit code,
 * with stdout and stderr where they belong. check's 4 is spawned by the JSON fault of test/check,
 * limits' 0 by the docs test (test/docs: the commands that read AWS); here every other command gets
 * 0, 1 where it has one, 2 (bad input), 3 (AWS or environment) where it has one and 4 (a bug).
 */
const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-e2e-'));
// 900 requests a minute against 10 req/s: a third are throttled
const busy = join(dir, 'busy.csv');
writeFileSync(busy, 'timestamp,count\n2024-05-01T00:00:00Z,900\n2024-05-01T00:01:00Z,900\n');
// check's configs: 50M requests a month against a budget they keep ($500) and one they break ($10)
const budget = (maxUsd: string) => JSON.stringify({ estimate: { requests: '50M' }, gates: { monthlyBudget: { level: 'error', maxUsd } } });
writeFileSync(join(dir, 'pass.json'), budget('500.00'));
writeFileSync(join(dir, 'fail.json'), budget('10.00'));
writeFileSync(join(dir, 'bad.json'), JSON.stringify({ gates: { monthlyBudget: { level: 'fatal' } } }));

/** AWS through a closed local port, with credentials that are never sent anywhere else. */
const unreachable = {
  HOME: dir,
  AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake-secret',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  APIGW_PLAN_AWS_TIMEOUT: '5',
};
const noCredentials = { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1' };

interface Case {
  args: string[];
  exit: 0 | 1 | 2 | 3;
  /** on stdout (exit 0 and 1: the report) or stderr (2 and 3: the error) */
  says: RegExp;
  /** exit 0: what stderr says (a note of what was written) where it is not empty */
  notes?: RegExp;
  /** exit 1: what stderr says (default: the failed gate named); check's report says it on stdout */
  failed?: RegExp;
  env?: Record<string, string>;
}

const CASES: Record<string, Case[]> = {
  estimate: [
    { args: ['estimate', '--requests', '1M', '--format', 'json'], exit: 0, says: /"command": "estimate"/ },
    { args: ['estimate', '--requests', 'lots'], exit: 2, says: /--requests/ },
    { args: ['estimate', '--from-cloudwatch'], exit: 3, says: /cannot reach the AWS endpoint/, env: unreachable },
  ],
  simulate: [
    { args: ['simulate', '--traffic', busy, '--rate', '100', '--burst', '100'], exit: 0, says: /^verdict: 0 of 1,800 requests throttled/ },
    // uniform arrivals: a third throttled either way, without the Monte Carlo and the settings search
    // that Poisson arrivals cost here (in-process, test/simulate/regimes.test.ts checks the gate against the oracle)
    {
      args: ['simulate', '--traffic', busy, '--rate', '10', '--burst', '10', '--arrivals', 'uniform', '--fail-above-target'],
      exit: 1,
      says: /^verdict: [\d,]+ of 1,800 requests throttled \(33 %\)/,
    },
    { args: ['simulate', '--traffic', join(dir, 'nope.csv')], exit: 2, says: /--traffic/ },
    { args: ['simulate', '--from-cloudwatch'], exit: 3, says: /cannot reach the AWS endpoint/, env: unreachable },
  ],
  check: [
    { args: ['check', '--config', join(dir, 'pass.json')], exit: 0, says: /^1 gate: 1 passed — exit 0\n/ },
    { args: ['check', '--config', join(dir, 'fail.json')], exit: 1, says: /^1 gate: 0 passed, 1 failed — exit 1\n/, failed: /^$/ },
    { args: ['check', '--config', join(dir, 'bad.json')], exit: 2, says: /gates\.monthlyBudget\.level: Invalid option/ },
    {
      args: ['check', '--config', join(dir, 'pass.json'), '--output', join(dir, 'no-such-dir', 'out.json')],
      exit: 3,
      says: /cannot write .*no-such-dir/,
    },
  ],
  report: [
    { args: ['report', '--requests', '1M', '--format', 'markdown'], exit: 0, says: /apigw-plan/ },
    { args: ['report', '--requests', '1M', '--format', 'pdf'], exit: 2, says: /--format/ },
    { args: ['report', '--requests', '1M', '--output', join(dir, 'no-such-dir', 'r.html')], exit: 3, says: /no-such-dir/ },
  ],
  diff: [
    { args: ['diff', '--base', 'examples/diff/v1/apis.yaml', '--head', 'examples/diff/v1/apis.yaml'], exit: 0, says: /^diff: / },
    { args: ['diff', '--base', join(dir, 'nope.json'), '--head', 'examples/diff/v1/apis.yaml'], exit: 2, says: /--base/ },
    {
      args: [
        'diff',
        '--base',
        'examples/diff/v1/apis.yaml',
        '--head',
        'examples/diff/v2/apis.yaml',
        '--output',
        join(dir, 'no-such-dir', 'd.md'),
      ],
      exit: 3,
      says: /no-such-dir/,
    },
  ],
  init: [
    {
      args: ['init', '--output', join(dir, 'apigw-plan.config.yaml')],
      exit: 0,
      says: /^wrote .*apigw-plan\.config\.yaml/,
      notes: /^init: wrote /,
    },
    { args: ['init', '--requests', 'lots', '--output', join(dir, 'a.yaml')], exit: 2, says: /--requests/ },
    { args: ['init', '--output', join(dir, 'no-such-dir', 'apigw-plan.config.yaml')], exit: 3, says: /no-such-dir/ },
  ],
  forecast: [
    {
      args: ['forecast', '--history', 'examples/forecast/orders-history.csv', '--format', 'json', '--horizon', '3'],
      exit: 0,
      says: /"command"|"verdict"/,
    },
    { args: ['forecast'], exit: 2, says: /--history/ },
    { args: ['forecast', '--from-cloudwatch'], exit: 3, says: /cannot reach the AWS endpoint/, env: unreachable },
  ],
  limits: [
    { args: ['limits', '--region', 'nowhere'], exit: 2, says: /nowhere/ },
    { args: ['limits'], exit: 3, says: /cannot reach the AWS endpoint/, env: unreachable },
  ],
  inventory: [
    { args: ['inventory', 'examples/iac/cfn/orders.yaml', '--format', 'json'], exit: 0, says: /orders/ },
    { args: ['inventory', join(dir, 'nope.yaml')], exit: 2, says: /nope\.yaml/ },
    {
      args: ['inventory', 'examples/iac/cfn/orders.yaml', '--from-account'],
      exit: 3,
      says: /no AWS credentials found/,
      env: noCredentials,
    },
  ],
  'iam-policy': [
    { args: ['iam-policy'], exit: 0, says: /"Version"/ },
    { args: ['iam-policy', '--format', 'yaml'], exit: 2, says: /--format/ },
  ],
  'pricing show': [
    { args: ['pricing', 'show', '--region', 'eu-west-1', '--format', 'json'], exit: 0, says: /eu-west-1/ },
    { args: ['pricing', 'show', '--region', 'xx-west-9'], exit: 2, says: /xx-west-9/ },
  ],
  'pricing refresh': [
    { args: ['pricing', 'refresh'], exit: 2, says: /--region/ },
    {
      args: ['pricing', 'refresh', '--region', 'us-east-1', '--output', join(dir, 'p.json')],
      exit: 3,
      says: /cannot reach the AWS endpoint/,
      env: unreachable,
    },
  ],
  'no command': [
    { args: [], exit: 2, says: /Usage: apigw-plan/ },
    { args: ['--help'], exit: 0, says: /Usage: apigw-plan/ },
  ],
};

describe.each(Object.entries(CASES))('%s', (_command, cases) => {
  it.each(cases.map((c) => [`${c.args.join(' ')} → exit ${c.exit}`, c] as const))('%s', (_, c) => {
    const r = cli(c.args, { cwd: ROOT, env: c.env ?? {} });
    expect(r.code, r.stderr).toBe(c.exit);
    if (c.exit === 0) {
      expect(r.stdout).toMatch(c.says);
      if (c.notes) expect(r.stderr).toMatch(c.notes);
      else expect(r.stderr).toBe('');
    } else if (c.exit === 1) {
      // the report on stdout, the failed gate named on stderr
      expect(r.stdout).toMatch(c.says);
      expect(r.stderr).toMatch(c.failed ?? /gate failed/);
      expectNoStack(r.stderr);
    } else {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(c.says);
      expectNoStack(r.stderr);
    }
  });
});

/** Each command's module throws as it loads (test/fixtures/fault-in-command.mjs): exit 4, a short message. */
const FAULTS: Array<[module: string, args: string[]]> = [
  ['estimate', ['estimate', '--requests', '1M']],
  ['simulate', ['simulate', '--traffic', busy]],
  ['check', ['check']],
  ['report', ['report', '--requests', '1M']],
  ['diff', ['diff', '--base', 'a', '--head', 'b']],
  ['init', ['init', '--output', join(dir, 'never.yaml')]],
  ['forecast', ['forecast']],
  ['limits', ['limits']],
  ['inventory', ['inventory', 'x.yaml']],
  ['iam-policy', ['iam-policy']],
  ['pricing', ['pricing', 'show']],
  ['pricing-refresh', ['pricing', 'refresh']],
];

describe('a bug in any command: exit 4, no stack trace unless --verbose', () => {
  const env = (module: string) => ({
    NODE_OPTIONS: `--import=${join(ROOT, 'test/fixtures/fault-in-command.mjs')}`,
    APIGW_FAULT_MODULE: module,
  });
  it.each(FAULTS)('%s', (module, args) => {
    const r = cli(args, { env: env(module) });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(`^internal error: simulated bug in ${module}\\n {2}this is a bug in apigw-plan \\d+\\.\\d+\\.\\d+`),
    );
    expectNoStack(r.stderr);
  });
  it('--verbose shows the stack', () => {
    const r = cli(['iam-policy', '--verbose'], { env: env('iam-policy') });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/TypeError: simulated bug in iam-policy\n\s+at /);
  });
});
