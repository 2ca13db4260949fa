import { existsSync } from 'node:fs';
import { writeOutputFile } from '../files/output.js';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandResult, Io } from '../io.js';
import { CONFIG_NAMES } from '../config/load.js';
import { starterConfig } from '../config/starter.js';
import { EnvironmentError, InputError } from '../errors.js';
import { ParseError, parseVolume } from '../options/units.js';

/** schema.json of this installation (same relative place from src/ and dist/). */
const OWN_SCHEMA = fileURLToPath(new URL('../../schema.json', import.meta.url));

/**
 * The `$schema` path written into the config, relative to the config's folder: the installed
 * package's copy when the project has one (`./node_modules/apigw-plan/schema.json`), else this
 * installation's own.
 */
function schemaPath(configDir: string): string {
  const installed = join(configDir, 'node_modules', 'apigw-plan', 'schema.json');
  const target = existsSync(installed) ? installed : OWN_SCHEMA;
  const rel = relative(configDir, target).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

/** `apigw-plan init`: write a starter check config; never overwrite one. */
export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const requests = String(opts.requests);
  try {
    parseVolume(requests); // refuse a bad volume before writing anything
  } catch (e) {
    if (e instanceof ParseError)
      throw new InputError(e.message, { where: '--requests', hint: 'give a volume such as 50M or a rate such as 200/s' });
    throw e;
  }
  const file = resolve(io.cwd, String(opts.output));
  const dir = dirname(file);
  const existing = [file, ...CONFIG_NAMES.map((n) => join(dir, n))].find((p) => existsSync(p));
  if (existing) {
    throw new InputError(`${existing} already exists; init never overwrites a config`, {
      where: '--output',
      hint: 'edit the existing file, or pass --output with another name',
    });
  }
  if (!existsSync(dir)) {
    throw new EnvironmentError(`cannot write ${file}: the folder ${dir} does not exist`, {
      where: '--output',
      hint: 'create the folder first, or pass --output with a path in an existing folder',
    });
  }
  writeOutputFile(file, starterConfig({ requests, schema: schemaPath(dir) }), '--output');
  io.stderr(`init: wrote ${file}\n`);
  return {
    stdout: `wrote ${relative(io.cwd, file) || file}: edit it, then run \`npx apigw-plan check\`\n`,
    exitCode: 0,
  };
}
