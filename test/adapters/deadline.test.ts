/**
 * Bounded time: an endpoint that accepts connections and never answers ends the command in
 * exit 3 naming the endpoint, within the command's deadline (here APIGW_PLAN_AWS_TIMEOUT=1 s,
 * 60 s by default), whatever the SDK's retries and per-request timeouts would do.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli.js';
import { run as runLimits } from '../../src/commands/limits.js';
import { run as runRefresh } from '../../src/commands/pricing-refresh.js';
import { EnvironmentError, InputError } from '../../src/errors.js';
import { NOW, testOverrides } from './fixtures.js';

let server: Server;
let url: string;
const sockets: Socket[] = [];
beforeEach(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  // accepts, reads, never answers
  server = createServer((sock) => {
    sockets.push(sock);
    sock.on('data', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.length = 0;
  await new Promise<void>((r) => server.close(() => r()));
  vi.unstubAllEnvs();
});

const io = (env: Record<string, string> = {}): Io => ({
  stdout: () => {},
  stderr: () => {},
  env: { APIGW_PLAN_NOW: new Date(NOW).toISOString(), APIGW_PLAN_AWS_TIMEOUT: '1', ...env },
  cwd: process.cwd(),
});

async function failure(p: Promise<unknown>): Promise<EnvironmentError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(EnvironmentError);
  return e as EnvironmentError;
}

describe('a hung endpoint', () => {
  it('limits: exit 3 naming the endpoint within the deadline', async () => {
    const t0 = Date.now();
    const e = await failure(runLimits({ region: 'us-east-1', endpointUrl: url, days: '1' }, io(), testOverrides()));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(`no answer from ${url} within 1 s`);
    expect(e.hint).toMatch(/APIGW_PLAN_AWS_TIMEOUT/);
  });

  it('pricing refresh: the same', async () => {
    const e = await failure(runRefresh({ region: 'eu-west-1', endpointUrl: url, output: '/nonexistent/x.json' }, io(), testOverrides()));
    expect(e.message).toContain(url);
  });
});

describe('flags and environment variables are checked before any AWS call, naming where the value came from', () => {
  const refused = async (p: Promise<unknown>, where: string) => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).where).toBe(where);
    expect(sockets).toHaveLength(0);
  };
  it('AWS_REGION', () => refused(runLimits({ endpointUrl: url }, io({ AWS_REGION: 'moon-base-1a' }), testOverrides()), 'AWS_REGION'));
  it('AWS_ENDPOINT_URL', () => refused(runLimits({}, io({ AWS_ENDPOINT_URL: 'ftp://x' }), testOverrides()), 'AWS_ENDPOINT_URL'));
  it('APIGW_PLAN_AWS_TIMEOUT', () =>
    refused(runLimits({ endpointUrl: url }, io({ APIGW_PLAN_AWS_TIMEOUT: 'soon' }), testOverrides()), 'APIGW_PLAN_AWS_TIMEOUT'));
  it('--days abc', () => refused(runLimits({ endpointUrl: url, days: 'abc' }, io(), testOverrides()), '--days'));
  it('--region', () => refused(runLimits({ endpointUrl: url, region: 'Mars' }, io(), testOverrides()), '--region'));
});
