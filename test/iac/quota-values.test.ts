import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli.js';
import { run } from '../../src/commands/inventory.js';
import { FakeAws } from '../helpers/aws-server.js';
import { ROOT } from '../helpers/cli.js';
import { accountState, testOverrides } from '../adapters/fixtures.js';

/** Applied quota values: from a file (offline) or from Service Quotas (the real SDK against the local fake). */
const FILE = join(ROOT, 'examples/iac/openapi/rest-api-301.yaml');

function io(): Io & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => {}, stderr: (t) => err.push(t), env: {}, cwd: ROOT, err };
}
const resourcesRow = (stdout: string) => JSON.parse(stdout).quotas.find((q: { quota: string }) => q.quota === 'L-01C8A9E0');

describe('inventory against applied quota values', () => {
  let aws: FakeAws;
  beforeEach(async () => {
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const state = accountState();
    state.quotasApplied = [
      ...(state.quotasApplied ?? []),
      { ServiceCode: 'apigateway', QuotaCode: 'L-01C8A9E0', QuotaName: 'Resources per API', Value: 500, Unit: 'None', Adjustable: true },
    ];
    aws = new FakeAws(state);
    await aws.start();
  });
  afterEach(async () => {
    await aws.stop();
    vi.unstubAllEnvs();
  });

  it('--quotas FILE: a raised resources quota (500) turns 301 resources from over to ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-iac-q-'));
    const quotas = join(dir, 'quotas.json');
    writeFileSync(quotas, JSON.stringify({ rows: [{ code: 'L-01C8A9E0', value: 500, source: 'service-quotas', raised: true }] }));
    const bundled = resourcesRow((await run({ paths: [FILE], format: 'json' }, io())).stdout);
    expect([bundled.used, bundled.limit, bundled.status, bundled.limitSource]).toEqual([301, 300, 'over', 'bundled default']);
    const applied = resourcesRow((await run({ paths: [FILE], format: 'json', quotas }, io())).stdout);
    expect([applied.used, applied.limit, applied.headroom, applied.status]).toEqual([301, 500, 199, 'ok']);
    expect(applied.limitSource).toBe(`${quotas} (raised)`);
  });

  it('--from-account: Service Quotas applied values, read with List operations only', async () => {
    const out = await run(
      { paths: [FILE], format: 'json', fromAccount: true, region: 'us-east-1', endpointUrl: aws.url },
      io(),
      testOverrides(),
    );
    const row = resourcesRow(out.stdout);
    expect([row.limit, row.limitSource, row.status]).toEqual([500, 'applied (Service Quotas)', 'ok']);
    expect(aws.calls.map((c) => c.op).every((op) => /^ServiceQuotasV20190624\.List/.test(op))).toBe(true);
    expect(aws.calls.length).toBeGreaterThan(0);
  });
});
