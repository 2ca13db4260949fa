import { readStructuredFile } from '../files/structured.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';

/** Read a scenario file (YAML, or JSON for .json), validate it and report every problem at once. */
export function loadScenario(file: string): ScenarioFile {
  return readStructuredFile(file, scenarioSchema, {
    what: 'scenario file',
    flag: '--scenario',
    docs: 'examples/saas-scenario.yaml and the README section "Scenario files"',
  });
}
