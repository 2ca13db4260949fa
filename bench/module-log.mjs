// What a node process loads, shared by the start-up bench (bench/run.mjs) and the test that
// checks what a command loads (test/cli/startup-modules.test.ts): ES modules through a loader
// hook (module.register; the hook runs in Node's hooks thread and appends to a log file),
// CommonJS files (commander, cli-table3, jsonc-parser…) from require.cache at exit.
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataUrl = (source) => `data:text/javascript,${encodeURIComponent(source)}`;

/** Node arguments that make the process append every file it loads to `log` (put them before the script). */
export function moduleLogArgs(log) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    let log;
    export function initialize(data) { log = data.log; }
    export async function load(url, context, nextLoad) {
      if (url.startsWith('file:')) appendFileSync(log, url + '\\n');
      return nextLoad(url, context);
    }`;
  const preload = `
    import { register, createRequire } from 'node:module';
    import { appendFileSync } from 'node:fs';
    import { pathToFileURL } from 'node:url';
    const log = ${JSON.stringify(log)};
    register(${JSON.stringify(dataUrl(hooks))}, { data: { log } });
    process.on('exit', () => {
      const cjs = Object.keys(createRequire(pathToFileURL(process.cwd() + '/')).cache);
      appendFileSync(log, cjs.map((p) => pathToFileURL(p).href + '\\n').join(''));
    });`;
  return ['--import', dataUrl(preload)];
}

/** The files in `log`, once each, relative to `root` with "/" separators, sorted. */
export function readModuleLog(log, root) {
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  return urls.map((u) => relative(root, fileURLToPath(u)).split(sep).join('/')).sort();
}
