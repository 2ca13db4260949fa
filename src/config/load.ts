import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { formatZodIssues } from '../scenario/zod-errors.js';
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
      hint: `create ${CONFIG_NAMES[0]} (see examples/apigw-plan.config.json and schema.json) or pass --config FILE`,
    });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { where: '--config', hint: 'check the path and permissions' });
  }
  const yaml = /\.ya?ml$/i.test(file);
  let data: unknown;
  try {
    data = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}`, { where: file, hint: `fix the ${yaml ? 'YAML' : 'JSON'} syntax` });
  }
  const parsed = checkConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(`config file ${file} has ${parsed.error.issues.length} problem(s)`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: 'schema.json describes every key; editors complete it with "$schema": "./node_modules/apigw-plan/schema.json"',
    });
  }
  return { file, dir: dirname(file), config: parsed.data };
}
