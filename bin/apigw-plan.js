#!/usr/bin/env node
// CommonJS (bin/package.json): Node runs it without starting its ES module loader, which would cost several
// milliseconds of every run. The CLI runs from one bundled file with a V8 code cache of its own, on Node 20
// too (dist/launch.cjs, built from src/launch.ts). Node 22.1+ also keeps the compiled code of the launcher
// in its module compile cache (in the OS temp folder; NODE_COMPILE_CACHE=dir moves it,
// NODE_DISABLE_COMPILE_CACHE=1 turns both off).
'use strict';

require('node:module').enableCompileCache?.();

// `--version` answers from package.json alone: no command module, not even commander, loads.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(require('node:path').join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  require('../dist/launch.cjs')
    .launch(process.argv)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err) => {
        // the CLI reports its own errors (main); this is the launcher failing, e.g. an incomplete build
        process.stderr.write(
          `internal error: ${err instanceof Error ? err.message : String(err)}\n  this is a bug in apigw-plan or an incomplete install (run npm run build)\n`,
        );
        process.exitCode = 4;
      },
    );
}
