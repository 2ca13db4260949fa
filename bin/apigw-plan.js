#!/usr/bin/env node
// Node 22.1+ keeps the compiled code of the modules loaded below in an on-disk cache (in the OS temp
// folder; NODE_COMPILE_CACHE=dir moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later runs
// skip most of the parsing and compiling. Node 20 has no enableCompileCache: nothing changes there.
import module from 'node:module';

module.enableCompileCache?.();

// `--version` answers from package.json alone: no command module, not even commander, loads.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(process.argv);
}
