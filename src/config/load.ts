import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { checkConfigSchema, type CheckConfig } from './schema.js';

export const CONFIG_NAMES = ['apigw-plan.config.json', 'apigw-plan.config.yaml', 'apigw-plan.config.yml'];

export interface LoadedConfig {
  file: string;
  dir: string;
  config: CheckConfig;
}

/** Find (--config, else apigw-plan.config.{json,yaml,yml} in cwd), read, parse and validate the config: every problem at once, exit 2. */
export function loadCheckConfig(cwd: string, explicit: string | undefined): LoadedConfig {
  const file = explicit ? resolve(cwd, explicit) : CONFIG_NAMES.map((n) => join(cwd, n)).find((p) => existsSync(p));
  if (!file) {
    throw new InputError('no config file found', {
      where: cwd,
      hint: `run \`apigw-plan init\` to write a starter ${CONFIG_NAMES[1]}, or pass --config FILE (see examples/apigw-plan.config.json)`,
    });
  }
  const config = readStructuredFile(file, checkConfigSchema, {
    what: 'config file',
    flag: '--config',
    docs: 'schema.json, which describes every key (editors complete it with "$schema": "./node_modules/apigw-plan/schema.json")',
  });
  return { file, dir: dirname(file), config };
}
