import { describe, expect, it, vi } from 'vitest';

// A bug inside a command (here: a TypeError thrown by the estimate command) must reach the user
// as exit 4 with a short message and no stack trace, unless --verbose asks for it.
vi.mock('../../src/commands/estimate.js', () => ({
  run: async () => {
    const broken: { total?: { toFixed: () => string } } = {};
    return { stdout: broken.total!.toFixed(), exitCode: 0 };
  },
}));

const { main } = await import('../../src/cli.js');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd: process.cwd() } };
}

describe('internal errors', () => {
  it('exit 4, a short message naming the version, no stack trace', async () => {
    const t = io();
    const code = await main(['node', 'apigw-plan', 'estimate', '--requests', '50M'], t.io);
    expect(code).toBe(4);
    expect(t.out.join('')).toBe('');
    const err = t.err.join('');
    expect(err).toMatch(
      /^internal error: Cannot read properties of undefined \(reading 'toFixed'\)\n {2}this is a bug in apigw-plan \d+\.\d+\.\d+; please report it with the command you ran\.\n {2}\(run with --verbose for the stack trace\)\n$/,
    );
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('--verbose adds the stack trace', async () => {
    const t = io();
    expect(await main(['node', 'apigw-plan', 'estimate', '--requests', '50M', '--verbose'], t.io)).toBe(4);
    expect(t.err.join('')).toMatch(/TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
  });
});
