import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError } from '../errors.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';
import { formatZodIssues } from './zod-errors.js';

/** Read a scenario file (JSON, or YAML for .yml/.yaml), validate it and report every problem at once. */
export function loadScenario(file: string): ScenarioFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read scenario file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: '--scenario',
      hint: 'check the path (relative paths are from the current directory)',
    });
  }
  const yaml = /\.ya?ml$/i.test(file);
  let data: unknown;
  try {
    data = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    const detail = e instanceof YAMLParseError ? e.message.split('\n')[0] : (e as Error).message;
    throw new InputError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${detail}`, {
      where: file,
      hint: yaml ? 'fix the YAML syntax' : 'fix the JSON syntax (or use a .yaml file)',
    });
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(`scenario file ${file} has ${parsed.error.issues.length} problem(s)`, {
      where: file,
      problems: formatZodIssues(parsed.error, file, data),
      hint: 'see examples/saas-scenario.yaml and the README section "Scenario files"',
    });
  }
  return parsed.data;
}
