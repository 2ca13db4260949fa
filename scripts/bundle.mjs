// Bundles the compiled CLI (dist/cli.js and everything it imports, as tsc wrote them) into one file,
// dist/apigw-plan.cjs, which bin/apigw-plan.js runs: Node then reads and compiles one file instead of
// resolving and loading some 70 modules at start-up, and the binary can keep V8's code cache for it
// (src/launch.ts). `npm run build` runs this after tsc; dist/ keeps tsc's modules for the tests.
//
// - CommonJS, so that the binary can compile it as a script with a code cache on Node 20 (ES modules
//   have no code cache API there). Modules that were imported with import() stay lazy inside the file:
//   their code runs only when a command imports them, as before.
// - commander, decimal.js and cli-table3 (what a plain `estimate` uses) are bundled; every other package
//   (the AWS SDK, vega, zod, yaml, …) stays outside and loads, as before, only when a command needs it.
// - import.meta.url is each module's own URL in dist/, as if it had not been bundled, so the files the
//   code finds beside itself (package.json, pricing-data/, schema.json) are the same ones.
// - The first line names the SHA-256 of the rest: the key of the code cache (src/launch.ts).
// - The commands the launcher lists in OWN_BUNDLE_COMMANDS (estimate) also get a bundle of their own,
//   dist/apigw-plan-<command>.cjs: the same, without the other commands' modules (a smaller script and cache).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = `${root}dist${sep}`;
export const BUNDLE = `${dist}apigw-plan.cjs`;
/** The packages inside the bundle: what `estimate --requests 50M` needs. */
const BUNDLED = ['commander', 'decimal.js', 'cli-table3'];
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.keys(pkg.dependencies)
  .filter((name) => !BUNDLED.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

const MODULE_URL = '__apigwModuleUrl';
/** The launcher's import(), a parameter of the function the bundle is wrapped in (src/launch.ts). */
const IMPORT = '__apigwImport';
/** Defined once at the top of the bundle, after "use strict" (a name no module uses: the build checks). */
const MODULE_URL_DEFINITION = `const ${MODULE_URL} = (rel) => new URL(rel, require('node:url').pathToFileURL(__dirname + '/')).href;\n`;

/** Each module of dist/ gets its own URL for import.meta.url (the bundle sits in dist/, so __dirname is dist). */
const moduleUrls = {
  name: 'module-urls',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const rel = relative(dist, args.path).split(sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `${MODULE_URL}(${JSON.stringify(rel)})`), loader: 'js' };
    });
  },
};

/**
 * commander requires node:child_process as it loads, for one use: running an executable subcommand
 * (`program.command(name, description)`), which apigw-plan never defines. Loading child_process (with net,
 * dgram and their helpers) is about 3 ms of every start, so inside the bundle commander gets it on first use.
 * The build fails if commander's line changes, rather than bundle an unpatched or wrongly patched file.
 */
const CHILD_PROCESS_LINE = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(CHILD_PROCESS_LINE).length !== 2)
        throw new Error(`bundle: ${args.path} no longer has the line "${CHILD_PROCESS_LINE}"`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(CHILD_PROCESS_LINE, lazy), loader: 'js' };
    });
  },
};

/** cli-table3's string-width goes through a fast path for plain ASCII (scripts/bundle/string-width-ascii.cjs says why). */
const STRING_WIDTH_ASCII = fileURLToPath(new URL('./bundle/string-width-ascii.cjs', import.meta.url));
const asciiStringWidth = {
  name: 'ascii-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, (args) =>
      /[\\/]cli-table3[\\/]/.test(args.importer) ? { path: STRING_WIDTH_ASCII } : undefined,
    );
  },
};

/**
 * The bundle of one command: dist/cli.js with every other command's import() (the lazy entries of its command
 * table) answered by a rejection, so their modules are left out. bin/apigw-plan.js runs it when that command is
 * the first word (src/launch.ts, OWN_BUNDLE_COMMANDS): a smaller script and code cache to load at every start.
 * The command's own modules, and everything they import, are bundled as in the full bundle.
 */
function onlyCommand(name) {
  return {
    name: 'only-command',
    setup(build) {
      build.onLoad({ filter: /[\\/]dist[\\/]cli\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        let left = 0;
        let kept = 0;
        const contents = source.replace(/\bimport\('\.\/commands\/([a-z-]+)\.js'\)/g, (all, module) => {
          if (module === name || module === `${name}-options`) {
            kept++;
            return all;
          }
          left++;
          return `Promise.reject(new Error(${JSON.stringify(`commands/${module}.js is not in the ${name} bundle`)}))`;
        });
        if (kept !== 2 || left === 0)
          throw new Error(
            `bundle: dist/cli.js no longer imports ./commands/${name}.js and ./commands/${name}-options.js lazily as expected`,
          );
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Bundle dist/cli.js (or one command of it) into `outfile`. */
async function bundle(outfile, plugins) {
  const result = await esbuild.build({
    entryPoints: [`${dist}cli.js`],
    // module names in the bundle relative to the repository ("dist/commands/estimate.js"), wherever the build runs from
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external,
    plugins: [moduleUrls, lazyChildProcess, asciiStringWidth, ...plugins],
    write: false,
    outfile,
    logLevel: 'silent',
    // no comments and no indentation: a third less to read at every start; names and line breaks between
    // statements stay, so a --verbose stack trace still names the function. esbuild escapes any non-ASCII
    // character in strings, so the file is ASCII and the launcher reads it as one-byte text (checked below).
    minifyWhitespace: true,
    legalComments: 'none',
  });
  if (result.warnings.length) {
    const text = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    console.error(text.join('\n'));
    console.error('bundle: esbuild warned (see above); fix the source rather than ship a bundle that may differ from dist/');
    process.exit(1);
  }
  const out = result.outputFiles[0].text;
  const strict = '"use strict";';
  if (!out.startsWith(strict) || out.includes(`${MODULE_URL} =`) || out.includes(IMPORT)) {
    throw new Error(`bundle: unexpected esbuild output (no leading "use strict", or ${MODULE_URL} or ${IMPORT} taken)`);
  }
  // import() of a package left outside (chalk, vega) goes through a function the launcher passes in: a script
  // compiled with a code cache cannot rely on vm's importModuleDynamically (experimental on Node 20, and lost
  // for functions restored from the cache).
  let imports = 0;
  const body = out.slice(strict.length).replace(/\bimport\(("[^"]+")\)/g, (_, specifier) => {
    imports++;
    return `${IMPORT}(${specifier})`;
  });
  if (/\bimport\(/.test(body)) throw new Error('bundle: an import() with a computed specifier is left; the launcher cannot serve it');
  const code = `${strict}\n${MODULE_URL_DEFINITION}${body}`;
  // the launcher reads the bundle as latin1, which is only the same text for ASCII (printable, tabs and line breaks)
  const nonAscii = /[^\t\n\r\x20-\x7e]/.exec(code);
  if (nonAscii)
    throw new Error(`bundle: a non-ASCII character (${JSON.stringify(nonAscii[0])}) at offset ${nonAscii.index}; the launcher reads ASCII`);
  const hash = createHash('sha256').update(code).digest('hex');
  writeFileSync(outfile, `// apigw-plan bundle sha256:${hash}\n${code}`);
  console.log(
    `bundle: ${relative(root, outfile)} (${Math.round(code.length / 1024)} KiB, ${imports} import() of outside packages, sha256 ${hash.slice(0, 12)}…)`,
  );
}

await bundle(BUNDLE, []);
// the commands that run from a bundle of their own: the launcher's list (tsc has built dist/launch.js by now)
const { OWN_BUNDLE_COMMANDS, commandBundleName } = await import(pathToFileURL(`${dist}launch.js`).href);
for (const name of OWN_BUNDLE_COMMANDS) await bundle(`${dist}${commandBundleName(name)}`, [onlyCommand(name)]);

// The launcher, as CommonJS: bin/apigw-plan.js is CommonJS (bin/package.json), so a run starts without
// Node's ES module loader, which would cost several milliseconds of every start; dist/launch.js (tsc's) is
// its source. import.meta.url becomes the file's own URL; the launcher's import() stays a real import().
const LAUNCHER = `${dist}launch.cjs`;
await esbuild.build({
  entryPoints: [`${dist}launch.js`],
  absWorkingDir: root,
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': 'launcherUrl' },
  banner: { js: `"use strict";\nconst launcherUrl = require('node:url').pathToFileURL(__filename).href;` },
  outfile: LAUNCHER,
  logLevel: 'warning',
});
