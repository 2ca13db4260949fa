import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/**
 * The binary's code cache (src/launch.ts): made by a first run, used by later ones, and never more than an
 * optimisation: the output is the same with a cache, without one, with a damaged one, and when the cache
 * folder cannot be used. TMPDIR points each case at a folder of its own (os.tmpdir() reads it).
 */
const work = mkdtempSync(join(tmpdir(), 'apigw-plan-code-cache-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const uid = process.getuid?.();
const ARGS = ['estimate', '--requests', '50M', '--format', 'json'];
const cacheDir = (tmp: string) => join(tmp, `apigw-plan-code-cache-${uid ?? 'user'}`);

describe('the code cache of the bundled CLI', () => {
  const plain = cli(ARGS, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

  it('a first run writes one file for the command; later runs print the same', () => {
    expect(plain.code).toBe(0);
    const tmp = join(work, 'fresh');
    mkdirSync(tmp);
    const first = cli(ARGS, { env: { TMPDIR: tmp } });
    const files = readdirSync(cacheDir(tmp));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^[0-9a-f]{32}-${process.version.replaceAll('.', '\\.')}-${process.arch}-estimate\\.bin$`));
    const made = statSync(join(cacheDir(tmp), files[0]!)).ino;
    const second = cli(ARGS, { env: { TMPDIR: tmp } });
    // V8 accepted the cache (same flags: the launcher sets its own before compiling), so it was not written again
    // (a rewrite renames a new file into place: another inode)
    expect(statSync(join(cacheDir(tmp), files[0]!)).ino).toBe(made);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.stdout).toBe(plain.stdout);
    expect(second.stdout).toBe(plain.stdout);
    expect(second.stderr).toBe('');
  });

  it('help or a usage error writes no cache (it would be thin); the next run that does the work writes it', () => {
    const tmp = join(work, 'thin');
    mkdirSync(tmp);
    const help = cli(['estimate', '--help'], { env: { TMPDIR: tmp } });
    expect(help.code).toBe(0);
    const bad = cli(['estimate', '--requests', 'lots'], { env: { TMPDIR: tmp } });
    expect(bad.code).toBe(2);
    const written = () => (existsSync(cacheDir(tmp)) ? readdirSync(cacheDir(tmp)) : []);
    expect(written()).toEqual([]);
    const run = cli(ARGS, { env: { TMPDIR: tmp } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(written()).toHaveLength(1);
  });

  it('a damaged cache file is rejected by V8 and replaced; the output stays the same', () => {
    const tmp = join(work, 'damaged');
    mkdirSync(tmp);
    expect(cli(ARGS, { env: { TMPDIR: tmp } }).code).toBe(0);
    const [file] = readdirSync(cacheDir(tmp));
    writeFileSync(join(cacheDir(tmp), file!), 'not a code cache');
    const run = cli(ARGS, { env: { TMPDIR: tmp } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stderr).toBe('');
    // rewritten from this run
    expect(readFileSync(join(cacheDir(tmp), file!), 'utf8')).not.toBe('not a code cache');
  });

  it.runIf(uid !== undefined && uid !== 0)('an unwritable temp folder: no cache, the same output', () => {
    const tmp = join(work, 'readonly');
    mkdirSync(tmp);
    chmodSync(tmp, 0o500);
    const run = cli(ARGS, { env: { TMPDIR: tmp } });
    chmodSync(tmp, 0o700);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.runIf(uid !== undefined)('a cache folder others can write to is not used', () => {
    const tmp = join(work, 'shared');
    mkdirSync(cacheDir(tmp), { recursive: true });
    chmodSync(cacheDir(tmp), 0o777);
    const run = cli(ARGS, { env: { TMPDIR: tmp } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    expect(readdirSync(cacheDir(tmp))).toEqual([]);
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 writes nothing', () => {
    const tmp = join(work, 'disabled');
    mkdirSync(tmp);
    expect(cli(ARGS, { env: { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' } }).code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
