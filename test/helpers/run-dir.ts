import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup: one folder for this run, removed after it.
 * - `memo/`: the run's store of simulations (test/helpers/memo.mjs), so the two workers share what
 *   either computed; a stored answer never outlives the code that computed it.
 * - `tmp/`: the temporary folder of the workers and of the CLI processes they spawn (TMPDIR, TMP and
 *   TEMP, which os.tmpdir() reads), so the folders the tests make for their files (about 60 places
 *   call mkdtempSync) go with the run instead of piling up in the system's temp folder.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'apigw-plan-test-run-'));
  const memo = join(root, 'memo');
  const tmp = join(root, 'tmp');
  mkdirSync(memo);
  mkdirSync(tmp);
  process.env.APIGW_TEST_MEMO_DIR = memo;
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = tmp;
  return () => rmSync(root, { recursive: true, force: true });
}
