import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_BYTES, parseJsonStrict } from '../files/input.js';
import { readTextFile } from '../files/structured.js';
import { type DiffOptions, type DiffResult, diffSides } from '../models/diff/diff.js';
import {
  type BaselineJson,
  type CheckReportJson,
  type EstimateReportJson,
  type InventoryReportJson,
  reportKind,
  type SimulateReportJson,
  sideFromBaseline,
  sideFromCheck,
  sideFromEstimate,
  sideFromInventory,
  sideFromSimulate,
} from '../models/diff/sides.js';
import type { DiffSide } from '../models/diff/types.js';
import { TOOL } from '../version.js';
import type { AppDeps } from './deps.js';
import { estimateRequest, type ParsedOptions } from './requests.js';

/**
 * Reads infrastructure code as `inventory` does, with `root` as the working folder. Injected by the
 * command (the inventory reader lives with its command).
 */
export type InventoryReader = (root: string, path: string) => Promise<InventoryReportJson>;

/** `apigw-plan diff`: two paths (relative to `deps.cwd`) and how to show the result. */
export interface DiffRequest {
  base: string;
  head: string;
  options: DiffOptions;
  /** The estimate flags' defaults, for pricing a scenario side. */
  estimateDefaults: ParsedOptions;
}

export interface DiffReportJson extends DiffResult {
  schemaVersion: 1;
  tool: typeof TOOL;
  command: 'diff';
  verdict: string;
}

/**
 * One side of a diff from a path: a JSON report the tool wrote (estimate, check, simulate,
 * inventory), a baseline, infrastructure code (a folder, template, plan or OpenAPI file, read with
 * its own folder as the root so that two versions laid out alike pair up), or a scenario, priced
 * with estimate's defaults.
 */
export async function loadDiffSide(
  path: string,
  flag: string,
  deps: AppDeps,
  readInventory: InventoryReader,
  estimateDefaults: ParsedOptions,
): Promise<DiffSide> {
  const file = resolve(deps.cwd, path);
  const inventorySide = async (root: string, p: string) => sideFromInventory(path, await readInventory(root, p));
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // readTextFile below reports a missing file with the flag that named it
  }
  if (isDir) return inventorySide(file, '.');
  // reports can be larger than a hand-written file: the traffic JSON bound applies
  const text = readTextFile(file, { what: `${flag} file`, flag, maxBytes: MAX_BYTES.trafficJson });
  const json: unknown = /\.json$/i.test(file) ? parseJsonStrict(text, file) : undefined;
  const kind = reportKind(json);
  if (kind === 'estimate') return sideFromEstimate(path, json as EstimateReportJson);
  if (kind === 'check') return sideFromCheck(path, json as CheckReportJson);
  if (kind === 'simulate') return sideFromSimulate(path, json as SimulateReportJson);
  if (kind === 'baseline') return sideFromBaseline(path, json as BaselineJson);
  if (kind === 'inventory') return sideFromInventory(path, json as InventoryReportJson);
  const iac = await inventorySide(dirname(file), basename(file)).catch((e: unknown) => {
    if (e instanceof InputError && /is not infrastructure code/.test(e.message)) return undefined;
    throw e;
  });
  if (iac) return iac;
  const { estimate } = await import('./estimate.js');
  const { report } = await estimate(estimateRequest({ ...estimateDefaults, scenario: file }), { ...deps, progress: () => {} });
  return { ...sideFromEstimate(path, report as unknown as EstimateReportJson), kind: 'scenario' };
}

/** Use case `diff`: both sides read, one diff out. */
export async function diff(req: DiffRequest, deps: AppDeps, readInventory: InventoryReader): Promise<DiffReportJson> {
  const [base, head] = await Promise.all([
    loadDiffSide(req.base, '--base', deps, readInventory, req.estimateDefaults),
    loadDiffSide(req.head, '--head', deps, readInventory, req.estimateDefaults),
  ]);
  const d = diffSides(base, head, req.options);
  return { schemaVersion: 1, tool: TOOL, command: 'diff', ...d, verdict: `verdict: ${d.headline}` };
}
