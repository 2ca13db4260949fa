import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: a folder for this run's store of simulations (test/helpers/cli.ts `memo`), so
 * the two workers share what either computed. Made afresh for every run and removed after it: a
 * stored answer never outlives the code that computed it.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-plan-test-memo-'));
  process.env.APIGW_TEST_MEMO_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
