import { writeOutputFile } from '../files/output.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Option } from 'commander';
import type { CommandResult, Io } from '../io.js';
import { estimateDefaults, estimateOptions } from './estimate-options.js';
import { simulateOptions } from './simulate-options.js';
import { limitsOptions } from './aws-options.js';
import { forecastOptions } from './forecast-options.js';
import { InputError } from '../errors.js';
import type { ForecastFacts, QuotaFact } from '../models/gates/types.js';
import { check, type CheckRequest } from '../app/check.js';
import { depsFromIo } from '../app/deps.js';
import {
  estimateRequest,
  forecastRequest,
  inventoryRequest,
  limitsRequest,
  outputOptions,
  simulateRequest,
  stringFlag,
} from '../app/requests.js';
import { baselineFromFacts, writeBaseline } from '../config/baseline.js';
import { loadCheckConfig, type LoadedConfig } from '../config/load.js';
import type { CheckReport } from '../formatters/check/report.js';
import { formatCheckGithub, formatCheckMarkdown, formatCheckTable } from '../formatters/check/text.js';
import { formatCheckJunit } from '../formatters/check/junit.js';

/** Config keys that name files: resolved against the config file's folder. */
const PATH_KEYS = ['scenario', 'prices', 'traffic', 'limits', 'payload', 'history'];

/**
 * A config block as the command's parsed options: the flags' defaults (as commander would apply
 * them), then the block's values, with file paths resolved against the config file's folder.
 */
function asOptions(options: Option[], inputs: Record<string, unknown>, dir: string): Record<string, unknown> {
  const defaults = Object.fromEntries(
    options.filter((o) => o.defaultValue !== undefined).map((o) => [o.attributeName(), o.defaultValue as unknown]),
  );
  const given = Object.entries(inputs).map(([k, v]) => [
    k,
    PATH_KEYS.includes(k) && typeof v === 'string' && !isAbsolute(v) ? resolve(dir, v) : v,
  ]);
  return { ...defaults, ...Object.fromEntries(given) };
}

/**
 * The quota facts of the config's `iac` block, read by the inventory use case (src/app/inventory.ts)
 * from the block's keys, which are `inventory`'s flags. They are read here, before the check runs, and
 * the app appends them where the live account's facts end.
 */
async function iacFacts(loaded: LoadedConfig, io: Io): Promise<QuotaFact[] | undefined> {
  const { config, dir } = loaded;
  if (!config.iac) return undefined;
  const { inventoryReport } = await import('../app/inventory.js');
  const { iacQuotaFacts } = await import('../models/iac/outputs.js');
  const { IAC_QUOTAS } = await import('../models/iac/quotas.js');
  const iac = config.iac;
  const unknownIds = (iac.quotas ?? []).filter((q) => !IAC_QUOTAS.some((d) => d.id === q || d.code === q));
  if (unknownIds.length)
    throw new InputError(`iac.quotas names ${unknownIds.length} quota(s) the code does not decide: ${unknownIds.join(', ')}`, {
      where: `${loaded.file} › iac.quotas`,
      hint: `use one of ${[...new Set(IAC_QUOTAS.map((d) => d.id))].join(', ')}`,
    });
  const report = await inventoryReport(
    inventoryRequest({
      paths: iac.paths.map((p) => (isAbsolute(p) ? p : resolve(dir, p))),
      parameter: Object.entries(iac.parameters ?? {}).map(([k, v]) => `${k}=${v}`),
      region: iac.region,
      openapiAs: iac.openapiAs,
      ...(iac.quotaValues ? { quotas: isAbsolute(iac.quotaValues) ? iac.quotaValues : resolve(dir, iac.quotaValues) } : {}),
    }),
    depsFromIo({ ...io, cwd: dir }),
  );
  for (const f of report.findings.filter((x) => x.level !== 'info')) io.stderr(`check: iac ${f.level} ${f.code}: ${f.message}\n`);
  return iacQuotaFacts(report, iac.quotas);
}

/**
 * The sides the diff gates compare: --diff-base (relative to the working directory) or the config's
 * diff.base, and diff.head (relative to the config); without a head the app diffs against its own facts.
 */
async function diffBase(
  loaded: LoadedConfig,
  opts: Record<string, unknown>,
  io: Io,
  overrides?: Record<string, unknown>,
): Promise<CheckRequest['diff']> {
  const flag = stringFlag(opts, 'diffBase');
  const block = loaded.config.diff;
  if (flag === undefined && !block) return undefined;
  const { loadDiffSide } = await import('../app/diff.js');
  const { inventoryReader } = await import('../app/inventory.js');
  const deps = depsFromIo(io, overrides);
  const here = depsFromIo({ ...io, cwd: loaded.dir }, overrides);
  // one reader and one set of estimate defaults for both sides (each side's reader sets its own folder)
  const reader = inventoryReader(deps);
  const defaults = estimateDefaults();
  const base =
    flag !== undefined
      ? await loadDiffSide(flag, '--diff-base', deps, reader, defaults)
      : await loadDiffSide(block!.base, `${loaded.file} › diff.base`, here, reader, defaults);
  const head = block?.head ? await loadDiffSide(block.head, `${loaded.file} › diff.head`, here, reader, defaults) : undefined;
  return { base, head, headroomPercent: block?.headroomPercent ?? 10 };
}

/** A path as GitHub annotations want it: relative to the workspace (GITHUB_WORKSPACE, else the working directory), with / separators. */
function repositoryPath(file: string, io: Io): string {
  const rel = relative(io.env.GITHUB_WORKSPACE || io.cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** Findings about other files (a template line) named relative to the repository too; their paths are relative to the config's folder. */
function withRepositoryPaths(report: CheckReport, dir: string, io: Io): CheckReport {
  return {
    ...report,
    gates: report.gates.map((g) => ({
      ...g,
      findings: g.findings.map((f) =>
        f.where ? { ...f, where: { ...f.where, file: repositoryPath(resolve(dir, f.where.file), io) } } : f,
      ),
    })),
  };
}

/**
 * Where --write-baseline writes: a path given with the flag resolves against the working directory
 * (like every flag); the bare flag writes to the config's own "baseline" (resolved against the
 * config file's folder, like every path inside it), so the next run reads what this one wrote.
 */
function baselineTarget(flag: unknown, cwd: string, configBaseline: string | undefined): string {
  if (typeof flag === 'string') return resolve(cwd, flag);
  if (configBaseline) return configBaseline;
  throw new InputError('--write-baseline needs a file: the config has no "baseline" path', {
    where: '--write-baseline',
    hint: 'pass --write-baseline FILE, or add baseline: ./apigw-plan.baseline.json to the config',
  });
}

/**
 * The forecast gate's facts from the config's `forecast` block, computed with the forecast command
 * (its budget threshold comes from this very config). Read here, before the app runs, like `iac`.
 */
async function forecastFacts(loaded: LoadedConfig, io: Io): Promise<ForecastFacts | undefined> {
  const { config, dir } = loaded;
  if (!config.forecast) return undefined;
  const { runForecast } = await import('../app/forecast.js');
  const percentile = config.gates.forecast?.percentile ?? 10;
  const opts = { ...asOptions(forecastOptions(), config.forecast, dir), config: loaded.file };
  const { result } = await runForecast(forecastRequest(opts), depsFromIo({ ...io, cwd: dir }), { percentile });
  for (const w of result.warnings) io.stderr(`check: forecast warning ${w}\n`);
  return {
    today: result.today,
    percentile,
    thresholds: result.crossings.map((c) => ({
      id: c.threshold.id,
      kind: c.threshold.kind,
      label: c.threshold.label,
      status: c.status,
      dayAtPercentile: c.atGatePercentile,
      monteCarloDays: c.atGatePercentileMonteCarloDays,
    })),
  };
}

/** The config's blocks as the same typed requests the estimate, simulate and limits commands parse. */
export function checkRequest(
  loaded: LoadedConfig,
  opts: Record<string, unknown>,
  iac?: QuotaFact[],
  diff?: CheckRequest['diff'],
  forecast?: ForecastFacts,
): CheckRequest {
  const { config, dir } = loaded;
  return {
    iac,
    diff,
    forecast,
    file: loaded.file,
    dir,
    config,
    estimate: config.estimate ? estimateRequest(asOptions(estimateOptions(), config.estimate, dir)) : undefined,
    simulate: config.simulate ? simulateRequest(asOptions(simulateOptions(), config.simulate, dir)) : undefined,
    limits: config.limits ? limitsRequest(asOptions(limitsOptions(), config.limits, dir)) : undefined,
    baseline: stringFlag(opts, 'baseline'),
    strict: opts.strict === true,
  };
}

/** `apigw-plan check`: config → typed request → app → (baseline, output file) → formatter → exit code. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const out = outputOptions(opts, 'table');
  const loaded = loadCheckConfig(io.cwd, stringFlag(opts, 'config'));
  // flags are checked before any work: the bare --write-baseline needs the config's baseline path
  const configBaseline = loaded.config.baseline ? resolve(loaded.dir, loaded.config.baseline) : undefined;
  const baselineOut = opts.writeBaseline !== undefined ? baselineTarget(opts.writeBaseline, io.cwd, configBaseline) : undefined;
  const iac = await iacFacts(loaded, io);
  const diff = await diffBase(loaded, opts, io, overrides);
  const forecast = await forecastFacts(loaded, io);
  const { report, outcome, facts } = await check(checkRequest(loaded, opts, iac, diff, forecast), depsFromIo(io, overrides));
  if (baselineOut) {
    writeBaseline(baselineOut, baselineFromFacts(facts));
    io.stderr(`check: baseline written to ${baselineOut}\n`);
  }
  const format = out.format;
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatCheckMarkdown(report)
        : format === 'github'
          ? formatCheckGithub(withRepositoryPaths(report, loaded.dir, io), { configFile: repositoryPath(loaded.file, io) })
          : format === 'junit'
            ? formatCheckJunit(report)
            : await (async () => {
                const term = await (await import('../formatters/terminal.js')).terminal({ color: out.color }, io);
                return formatCheckTable(report, term.colors, { width: term.width, ascii: !term.isTty });
              })();
  if (out.output !== undefined) {
    const file = resolve(io.cwd, out.output);
    writeOutputFile(file, text, '--output');
    io.stderr(`check: ${format} written to ${file}\n`);
    return { stdout: `${outcome.verdict}\n`, exitCode: outcome.exitCode };
  }
  return { stdout: text, exitCode: outcome.exitCode };
}
