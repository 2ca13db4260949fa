#!/usr/bin/env node
// Node 22.1+ keeps the compiled code of the ES modules loaded below in an on-disk cache (in the OS temp
// folder; NODE_COMPILE_CACHE=dir moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off). The CLI itself
// runs from one bundled file with a code cache of its own, on Node 20 too (dist/launch.js).
import module from 'node:module';

module.enableCompileCache?.();

// `--version` answers from package.json alone: no command module, not even commander, loads.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { launch } = await import('../dist/launch.js');
  process.exitCode = await launch(process.argv);
}
