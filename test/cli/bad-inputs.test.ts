/**
 * A corpus of bad and hostile inputs, as data: one row per case with the command's arguments
 * (and the files it reads, written into a fresh folder), the exit code, a word the message must
 * contain, and the promises every row keeps: no stack trace, no partial file left behind.
 * Rows run in-process (main() with an injected Io); only process-level behaviour (a closed
 * pipe, a full disk on stdout) spawns the built CLI.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli.js';
import { cli, expectNoStack, ROOT } from '../helpers/cli.js';

interface Case {
  name: string;
  args: string[];
  files?: Record<string, string | (() => string)>;
  env?: Record<string, string>;
  exit: number;
  /** A word (or regular expression) the message must contain: it names the input. */
  says: string | RegExp;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const TRAFFIC = 'timestamp,count\n2026-01-01T00:00:00Z,10\n2026-01-01T00:01:00Z,12\n';
const CONFIG_OK = (gates = '{"monthlyBudget":{"level":"error","maxUsd":"500.00"}}') => `{"estimate":{"requests":"50M"},"gates":${gates}}`;
const big = (mb: number, line: string) => () => line.repeat(Math.ceil((mb * 1024 * 1024) / line.length));

const CASES: Case[] = [
  // --- strict numbers in flags
  { name: 'decimal comma', args: ['estimate', '--requests', '1,5M'], exit: 2, says: /--requests.*comma/s },
  { name: 'thousands separator', args: ['estimate', '--requests', '1,000,000'], exit: 2, says: 'comma' },
  { name: 'hex volume', args: ['estimate', '--requests', '0x10M'], exit: 2, says: 'hexadecimal' },
  { name: 'exponent volume', args: ['estimate', '--requests', '1e300'], exit: 2, says: 'exponent' },
  { name: 'absurd volume', args: ['estimate', '--requests', '999999999999T'], exit: 2, says: 'too large' },
  { name: 'hex size', args: ['estimate', '--requests', '1M', '--response-size', '0x400'], exit: 2, says: '--response-size' },
  {
    name: '99 private-endpoint AZs',
    args: ['estimate', '--requests', '1M', '--private-endpoint-azs', '99'],
    exit: 2,
    says: 'Availability Zones',
  },
  {
    name: 'simulate hex rate',
    args: ['simulate', '--traffic', 't.csv', '--rate', '0x10', '--burst', '5'],
    files: { 't.csv': TRAFFIC },
    exit: 2,
    says: '--rate',
  },
  {
    name: 'simulate fractional burst',
    args: ['simulate', '--traffic', 't.csv', '--rate', '5', '--burst', '2.5'],
    files: { 't.csv': TRAFFIC },
    exit: 2,
    says: '--burst',
  },
  {
    name: 'simulate unknown Region',
    args: ['simulate', '--traffic', 't.csv', '--region', 'Mars'],
    files: { 't.csv': TRAFFIC },
    exit: 2,
    says: '--region',
  },
  {
    name: 'simulate target 1',
    args: ['simulate', '--traffic', 't.csv', '--target', '1'],
    files: { 't.csv': TRAFFIC },
    exit: 2,
    says: '--target',
  },
  { name: 'pricing with no subcommand', args: ['pricing'], exit: 2, says: /refresh/ },
  // --- traffic files
  {
    name: '30 February',
    args: ['simulate', '--traffic', 't.csv'],
    files: { 't.csv': 'timestamp,count\n2026-02-30T00:00:00Z,1\n' },
    exit: 2,
    says: 'has 28 days',
  },
  {
    name: 'hex count in CSV',
    args: ['simulate', '--traffic', 't.csv'],
    files: { 't.csv': 'timestamp,count\n2026-01-01T00:00:00Z,0x10\n' },
    exit: 2,
    says: /t\.csv:2.*hexadecimal/s,
  },
  {
    name: 'decimal comma in CSV',
    args: ['simulate', '--traffic', 't.csv'],
    files: { 't.csv': 'timestamp,count\n2026-01-01T00:00:00Z,1,5\n' },
    exit: 2,
    says: 'decimal comma',
  },
  {
    name: 'count 1e300 in CSV',
    args: ['simulate', '--traffic', 't.csv'],
    files: { 't.csv': 'timestamp,count\n2026-01-01T00:00:00Z,1e300\n' },
    exit: 2,
    says: 'exponent',
  },
  {
    name: 'count 1e300 in JSON',
    args: ['simulate', '--traffic', 't.json'],
    files: { 't.json': '[{"timestamp":"2026-01-01T00:00:00Z","count":1e300}]' },
    exit: 2,
    says: 'at most',
  },
  {
    name: 'deep traffic JSON',
    args: ['simulate', '--traffic', 't.json'],
    files: { 't.json': deep(100_000) },
    exit: 2,
    says: 'nests deeper',
  },
  {
    name: 'duplicate key in traffic JSON',
    args: ['simulate', '--traffic', 't.json'],
    files: { 't.json': '{"series":[{"points":[{"timestamp":"2026-01-01T00:00:00Z","count":1,"count":2}]}]}' },
    exit: 2,
    says: 'duplicate key "count"',
  },
  {
    name: 'traffic JSON too large',
    args: ['simulate', '--traffic', 't.json'],
    files: { 't.json': big(33, '[') },
    exit: 2,
    says: 'the limit is 32 MiB',
  },
  {
    name: 'years of 1-second periods',
    args: ['simulate', '--traffic', 't.csv'],
    files: { 't.csv': 'timestamp,count\n2026-01-01T00:00:00Z,1\n2026-01-01T00:00:01Z,1\n2099-01-01T00:00:00Z,1\n' },
    exit: 2,
    says: 'traffic too large',
  },
  // --- scenario, limits, payload files
  {
    name: '50 MB YAML scenario',
    args: ['estimate', '--scenario', 's.yaml'],
    files: { 's.yaml': big(50, '# padding padding padding\n') },
    exit: 2,
    says: 'the limit is 1 MiB',
  },
  {
    name: 'deep YAML scenario',
    args: ['estimate', '--scenario', 's.yaml'],
    files: { 's.yaml': `apis: ${deep(50_000)}\n` },
    exit: 2,
    says: 'nests deeper',
  },
  {
    name: 'duplicate key in YAML scenario',
    args: ['estimate', '--scenario', 's.yaml'],
    files: { 's.yaml': 'apis:\n  - name: a\n    type: http\n    requests: 1M\n    requests: 2M\n' },
    exit: 2,
    says: 'duplicate keys',
  },
  {
    name: 'hex in YAML scenario',
    args: ['estimate', '--scenario', 's.yaml'],
    files: { 's.yaml': 'apis:\n  - name: a\n    type: http\n    requests: 0x10\n' },
    exit: 2,
    says: 's.yaml',
  },
  { name: 'endless scenario stream', args: ['estimate', '--scenario', '/dev/zero'], exit: 2, says: 'still reading' },
  { name: 'scenario is a directory', args: ['estimate', '--scenario', '.'], exit: 2, says: 'directory' },
  {
    name: 'payload shares all zero',
    args: ['simulate', '--traffic', 't.csv', '--payload', 'p.yaml'],
    files: { 't.csv': TRAFFIC, 'p.yaml': 'apiType: http\nrequests:\n  histogram:\n    - { upTo: 1KB, share: 0 }\n' },
    exit: 2,
    says: 'every share is 0',
  },
  {
    name: 'payload without percentiles',
    args: ['simulate', '--traffic', 't.csv', '--payload', 'p.yaml'],
    files: { 't.csv': TRAFFIC, 'p.yaml': 'apiType: http\nrequests:\n  percentiles: {}\n' },
    exit: 2,
    says: 'no percentiles',
  },
  {
    name: 'duplicate key in limits file',
    args: ['simulate', '--traffic', 't.csv', '--limits', 'l.json'],
    files: { 't.csv': TRAFFIC, 'l.json': '{"account":{"rate":10,"burst":5,"rate":20}}' },
    exit: 2,
    says: 'duplicate key "rate"',
  },
  // --- check configs and price files
  {
    name: 'duplicate key in config',
    args: ['check'],
    files: {
      'apigw-plan.config.json': '{"estimate":{"requests":"50M"},"gates":{},"gates":{"monthlyBudget":{"level":"error","maxUsd":"500.00"}}}',
    },
    exit: 2,
    says: 'duplicate key "gates"',
  },
  {
    name: 'deep config',
    args: ['check'],
    files: { 'apigw-plan.config.json': `{"estimate":${deep(5000)}}` },
    exit: 2,
    says: 'nests deeper',
  },
  {
    name: 'hex value in YAML config',
    args: ['check', '--config', 'c.yaml'],
    files: { 'c.yaml': 'estimate:\n  requests: 0x10\ngates:\n  monthlyBudget: { level: error, maxUsd: "500.00" }\n' },
    exit: 2,
    says: 'hexadecimal',
  },
  {
    name: 'duplicate price in a price file',
    args: ['estimate', '--requests', '1M', '--prices', 'p.json'],
    files: { 'p.json': '{"region":"us-east-1","region":"eu-west-1"}' },
    exit: 2,
    says: 'duplicate key "region"',
  },
  // --- output files: exit 3 naming the directory, no partial file
  {
    name: 'check --output into a missing directory',
    args: ['check', '--output', 'missing/out.json'],
    files: { 'apigw-plan.config.json': CONFIG_OK() },
    exit: 3,
    says: /missing does not exist/,
  },
  {
    name: 'report --output into a missing directory',
    args: ['report', '--requests', '1M', '--format', 'markdown', '--output', 'missing/r.md'],
    exit: 3,
    says: /missing does not exist/,
  },
  {
    name: 'baseline into a missing directory',
    args: ['check', '--write-baseline', 'missing/b.json'],
    files: { 'apigw-plan.config.json': CONFIG_OK() },
    exit: 3,
    says: /missing does not exist/,
  },
  // --- AWS commands: flags and environment before any call
  { name: '--days abc', args: ['limits', '--days', 'abc', '--endpoint-url', 'http://127.0.0.1:9'], exit: 2, says: '--days' },
  {
    name: 'AWS_REGION malformed',
    args: ['limits', '--endpoint-url', 'http://127.0.0.1:9'],
    env: { AWS_REGION: 'not a region' },
    exit: 2,
    says: 'AWS_REGION',
  },
  { name: 'AWS_ENDPOINT_URL malformed', args: ['limits'], env: { AWS_ENDPOINT_URL: 'ftp://x' }, exit: 2, says: 'AWS_ENDPOINT_URL' },
  {
    name: 'APIGW_PLAN_AWS_TIMEOUT malformed',
    args: ['pricing', 'refresh', '--region', 'eu-west-1'],
    env: { APIGW_PLAN_AWS_TIMEOUT: '-1' },
    exit: 2,
    says: 'APIGW_PLAN_AWS_TIMEOUT',
  },
  {
    name: 'simulate --from-cloudwatch --days 0',
    args: ['simulate', '--from-cloudwatch', '--days', '0', '--endpoint-url', 'http://127.0.0.1:9'],
    exit: 2,
    says: '--days',
  },
];

function folder(files: Case['files'] = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-bad-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'function' ? body() : body);
  return dir;
}

async function runInProcess(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { NO_COLOR: '1', ...env }, cwd };
  // relative paths in flags resolve from the folder
  const abs = args.map((a, i) =>
    i > 0 && /^(t|s|p|l|c)\.(csv|json|yaml)$/.test(a) ? join(cwd, a) : a.startsWith('missing/') ? join(cwd, a) : a,
  );
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(['node', 'apigw-plan', ...abs], io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(saved);
  }
}

describe('bad inputs: the promised exit code, a message naming the input, no stack trace, no partial file', () => {
  it.each(CASES)('$name', async (c) => {
    const dir = folder(c.files);
    const before = new Set(readdirSync(dir));
    const r = await runInProcess(c.args, dir, c.env);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: c.exit });
    if (typeof c.says === 'string') expect(r.stderr).toContain(c.says);
    else expect(r.stderr).toMatch(c.says);
    expectNoStack(r.stderr);
    expect(r.stderr).not.toMatch(/internal error/);
    // nothing written: no output, no temporary file
    expect(readdirSync(dir).filter((f) => !before.has(f))).toEqual([]);
  });
});

describe('process-level: streams', () => {
  it('stdout closed early (EPIPE): ends quietly with exit 0', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/apigw-plan.js'), 'pricing', 'show', '--format', 'json'], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('stdout on a full disk (/dev/full): exit 3 with a message', () => {
    const full = cliToFile(['estimate', '--requests', '50M'], '/dev/full');
    expect(full.code).toBe(3);
    expect(full.stderr).toMatch(/cannot write the output to stdout: ENOSPC/);
    expectNoStack(full.stderr);
  });

  it('--output onto a device is written in place, never renamed over (/dev/full: exit 3, the device stays)', () => {
    const dir = folder({ 'apigw-plan.config.json': CONFIG_OK() });
    const r = cli(['check', '--output', '/dev/full'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot write \/dev\/full: ENOSPC/);
    expect(readdirSync('/dev').includes('full')).toBe(true);
    expect(readdirSync(dir)).toEqual(['apigw-plan.config.json']);
  });

  it('an atomic --output replaces an existing file whole', () => {
    const dir = folder({ 'apigw-plan.config.json': CONFIG_OK(), 'out.json': 'old' });
    mkdirSync(join(dir, 'sub'));
    copyFileSync(join(dir, 'out.json'), join(dir, 'sub', 'out.json'));
    const r = cli(['check', '--format', 'json', '--output', 'sub/out.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.json']);
  });
});

/** Run the built CLI with stdout redirected to a file or device (as `> /dev/full` does). */
function cliToFile(args: string[], target: string) {
  const fd = openSync(target, 'w');
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/apigw-plan.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}
