import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

/**
 * How bin/apigw-plan.js runs the CLI: the bundle `npm run build` writes (dist/apigw-plan.cjs, made by
 * scripts/bundle.mjs from the same compiled modules as dist/cli.js), compiled with a V8 code cache.
 *
 * Most of a cold start is V8 compiling functions as they are first called. A code cache made after a run
 * (`vm.Script#createCachedData`) holds every function compiled so far, so the next run of the same command
 * deserialises them instead of parsing and compiling again. Node 20 has no code cache for ES modules and
 * Node 22's `module.enableCompileCache()` keeps only what is compiled up front, hence a CommonJS bundle run
 * as a script.
 *
 * The cache, one file per build of the bundle (by its SHA-256, on the bundle's first line), Node version, architecture
 * and command, lives in `<OS temp>/apigw-plan-code-cache-<uid>`: a folder this user owns that nobody else
 * can write to (else no cache is used). It is only ever an optimisation: a missing, unreadable or
 * unwritable cache, or one V8 rejects (it checks the V8 version, flags and source), means compiling as
 * usual, and the output is the same. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
 */
export async function launch(argv: string[]): Promise<number> {
  delayOptimisingCompiler();
  // a command with a bundle of its own runs from it: the same modules, without the other commands'
  const own = OWN_BUNDLE_COMMANDS.find((name) => name === argv[2]);
  const bundle = fileURLToPath(new URL(own ? `./${commandBundleName(own)}` : './apigw-plan.cjs', import.meta.url));
  // ASCII (scripts/bundle.mjs checks): read as latin1, a one-byte string, without decoding UTF-8
  const source = readFileSync(bundle, 'latin1');
  const cache = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFile(source, argv[2]);
  const cachedData = cache ? readCache(cache.file) : undefined;
  // Node's wrapper for a CommonJS file, on the bundle's first line (a comment): line numbers hold. The bundle's
  // import() of a package outside it (chalk, vega) is __apigwImport, resolved from here (dist/, as the modules were).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __apigwImport) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  const module = { exports: {} as CliModule };
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const importPackage = (specifier: string): Promise<unknown> => import(specifier);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir, importPackage);
  const code = await module.exports.main(argv);
  // after the run, so that the functions this command compiled are in it; and only after a run that did the
  // command's work (exit 0, or 1: a gate failed). Help, a usage error or an AWS failure compiles a fraction of
  // it, and a cache made then would be used, thin, until the next build (after a first `estimate --help`,
  // estimates took 1.10× the wall time).
  const didWork = (code === 0 || code === 1) && !argv.slice(2).some((arg) => HELP_OR_VERSION.has(arg));
  if (cache && didWork && (cachedData === undefined || script.cachedDataRejected)) writeCache(cache, script.createCachedData());
  return code;
}

/** Arguments that make a run print help or the version instead of doing the command's work. */
const HELP_OR_VERSION = new Set(['-h', '--help', '-V', '--version']);

/**
 * Node 20's V8 sends a function to its optimising compiler (TurboFan) once the function has run through an
 * "interrupt budget" of bytecode (67,584 by default). A command's run lasts about 100 ms, and in that time the
 * budget is spent by decimal.js's arithmetic halfway through an estimate: compile jobs that take CPU time
 * (contended on a small machine) and finish when the run nearly has. Four times the budget leaves a short run
 * in the interpreter and the baseline compiler: about a tenth less CPU and wall time of `estimate` (bench/README.md).
 * A long run (a simulation, a forecast) still optimises its hot loops, a fraction of a millisecond later.
 * Set before the bundle compiles, so the code cache is made and read under the same flags (V8 checks them).
 * Node 22's V8 counts invocations instead (the flag does not exist there), and the same change measured nothing.
 * A budget given on the command line (node --interrupt-budget=…) is left alone.
 */
function delayOptimisingCompiler(): void {
  if (!process.versions.node.startsWith('20.')) return;
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('interrupt-budget'))) return;
  setFlagsFromString(`--interrupt-budget=${4 * 67_584}`);
}

/**
 * Commands that run from a bundle of their own (scripts/bundle.mjs builds one for each): dist/cli.js with the
 * other commands' lazy imports left out. `estimate` is the command people run most and the one timed at
 * start-up; its bundle is under half the full one, and its code cache a fifth smaller. Every other command, help
 * and an unknown command run from the full bundle.
 */
export const OWN_BUNDLE_COMMANDS: readonly string[] = ['estimate'];

/** The file name in dist/ of a command's own bundle. */
export function commandBundleName(command: string): string {
  return `apigw-plan-${command}.cjs`;
}

interface CliModule {
  main: (argv: string[]) => Promise<number>;
}

interface CacheFile {
  dir: string;
  file: string;
}

function cacheFile(source: string, command: string | undefined): CacheFile | undefined {
  const hash = /^\/\/ apigw-plan bundle sha256:([0-9a-f]{64})\n/.exec(source)?.[1];
  if (!hash) return undefined;
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `apigw-plan-code-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    // a folder another user made, or one others can write to, could hand us compiled code: not used
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
  } catch {
    return undefined;
  }
  const prefix = hash.slice(0, 32);
  const name = command && /^[a-z][a-z-]{0,30}$/.test(command) ? command : '_';
  return { dir, file: join(dir, `${prefix}-${process.version}-${process.arch}-${name}.bin`) };
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(cache: CacheFile, data: Buffer): void {
  try {
    // written whole under another name, then renamed: a run that reads it meanwhile sees all or nothing
    const temporary = `${cache.file}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, cache.file);
    // caches of other builds (each rebuild makes new ones) go after a week unused
    const old = Date.now() - 7 * 24 * 3600 * 1000;
    for (const name of readdirSync(cache.dir)) {
      const path = join(cache.dir, name);
      if (statSync(path).mtimeMs < old) rmSync(path, { force: true });
    }
  } catch {
    // no cache this time: the next run compiles as usual and tries again
  }
}
