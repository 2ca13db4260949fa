import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('simulate: the count period', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-period-'));
  const file = join(dir, 'sparse.csv');
  // two per-minute counts ten minutes apart: CloudWatch leaves idle minutes out of exports
  writeFileSync(file, 'timestamp,count\n2024-05-01T12:00:00Z,50000\n2024-05-01T12:10:00Z,60000\n');

  it('an inferred period other than 60 s is flagged, with how to fix it', async () => {
    const j = JSON.parse((await runCli(['simulate', '--traffic', file, '--format', 'json'])).stdout);
    const f = j.findings.find((x: { code: string }) => x.code === 'PERIOD_INFERRED');
    expect(f.message).toBe(
      'the count period was inferred as 600 s from the smallest step between timestamps; if these are per-minute counts with idle minutes left out, pass --period 60 (a longer period spreads each count over more time and understates the risk)',
    );
  });

  it('--period 60 reads the same file as per-minute counts (the minutes between are gaps, not zero)', async () => {
    const j = JSON.parse((await runCli(['simulate', '--traffic', file, '--period', '60', '--format', 'json'])).stdout);
    const codes = j.findings.map((x: { code: string }) => x.code);
    expect(codes).not.toContain('PERIOD_INFERRED');
    expect(codes).toContain('TRAFFIC_GAP');
  });
});
