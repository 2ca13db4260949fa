import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICING_DIR, loadIndex } from '../../src/prices/load.js';
import { loadRegionFacts } from '../../src/prices/regions.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The committed snapshots are exactly what scripts/build-region-snapshots.mjs makes from the feed.
 * The feed copy lives outside the repository (../shared/reference/price-sources/ next to it, or next to
 * the main checkout of a git worktree); where it is absent (a plain clone) these tests are skipped and
 * the snapshots are still checked by cross-check.test.ts and regions.test.ts.
 */
function feedDir(): string | undefined {
  const rel = join('..', 'shared', 'reference', 'price-sources', 'pricing-page-feed');
  const candidates = [join(ROOT, rel)];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: ROOT, encoding: 'utf8' }).trim();
    candidates.push(join(dirname(common), rel));
  } catch {
    // not a git checkout
  }
  return candidates.find((c) => existsSync(c));
}
const feed = feedDir();

describe.skipIf(feed === undefined)('scripts/build-region-snapshots.mjs against the feed copy', () => {
  it('rebuilds every committed snapshot and the index byte for byte (deterministic)', () => {
    const out = mkdtempSync(join(tmpdir(), 'apigw-plan-build-'));
    const stdout = execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-region-snapshots.mjs'), '--feed', feed!, '--out', out], {
      encoding: 'utf8',
    });
    const index = loadIndex();
    const complete = index.snapshots.filter((s) => s.coverage === 'complete');
    expect(stdout).toContain(
      `${index.snapshots.length} Regions written to ${join(out, 'aws')}: ${complete.length} complete (${complete.filter((s) => s.assumed.length).length} of them with prices assumed equal to us-east-1)\n`,
    );
    const committed = readdirSync(join(BUNDLED_PRICING_DIR, 'aws')).sort();
    expect(readdirSync(join(out, 'aws')).sort()).toEqual(committed);
    for (const f of committed)
      expect(readFileSync(join(out, 'aws', f), 'utf8'), f).toBe(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', f), 'utf8'));
    expect(readFileSync(join(out, 'index.json'), 'utf8')).toBe(readFileSync(join(BUNDLED_PRICING_DIR, 'index.json'), 'utf8'));
  });

  it('the internet-out tiers agree under every name the feed gives them (plain, "New", "No Wavelength")', () => {
    const dt = JSON.parse(readFileSync(join(feed!, 'processed', 'datatransfer.json'), 'utf8')) as Record<string, Record<string, string>>;
    const locations = loadRegionFacts()
      .regions.filter((r) => r.partition === 'aws')
      .map((r) => r.location);
    let compared = 0;
    for (const tier of ['Next 10 TB', 'Next 40 TB', 'Next 100 TB', 'Greater than 150 TB']) {
      const plain = dt[`DataTransfer External Outbound ${tier}`]!;
      for (const variant of [' New', ' No Wavelength']) {
        const other = dt[`DataTransfer External Outbound ${tier}${variant}`]!;
        for (const [key, price] of Object.entries(other)) {
          if (!locations.some((l) => key.startsWith(`${l} (StartingRange: `))) continue;
          expect(plain[key], `${tier}${variant} ${key}`).toBeDefined();
          // both are 10-decimal strings ("0.0900000000"): equal strings are equal prices
          expect(price, `${tier}${variant} ${key}`).toBe(plain[key]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
