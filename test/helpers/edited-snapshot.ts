import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_PRICING_DIR, loadIndex } from '../../src/prices/load.js';

/**
 * A pricing-data folder whose us-east-1 file the strict snapshot schema refuses (an extra key) but the price
 * book can read: trusted by its checksum it loads, validated it fails. `withEntry` writes index.json with the
 * given checksum for that file.
 */
export function editedSnapshotRoot(): {
  root: string;
  text: string;
  withEntry: (entry: { checksum: string }) => void;
} {
  const usEast1 = JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', 'us-east-1.json'), 'utf8'));
  const text = JSON.stringify({ ...usEast1, extra: 1 });
  const root = mkdtempSync(join(tmpdir(), 'apigw-plan-root-'));
  mkdirSync(join(root, 'aws'));
  writeFileSync(join(root, 'aws', 'us-east-1.json'), text);
  const withEntry = (entry: { checksum: string }) => {
    const index = loadIndex();
    Object.assign(index.snapshots.find((s) => s.region === 'us-east-1')!, entry);
    writeFileSync(join(root, 'index.json'), JSON.stringify(index));
  };
  return { root, text, withEntry };
}
