import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Option } from 'commander';
import type { CommandResult, Io } from '../cli.js';
import { estimateOptions } from './estimate-options.js';
import { simulateOptions } from './simulate-options.js';
import { limitsOptions } from './aws-options.js';
import { EnvironmentError, InputError } from '../errors.js';
import { baselineFromFacts, readBaseline, writeBaseline } from '../config/baseline.js';
import { loadCheckConfig, type LoadedConfig } from '../config/load.js';
import { dec } from '../money/decimal.js';
import { evaluateGates } from '../models/gates/evaluate.js';
import { QUOTA_CODE_RATE } from '../models/throttling/config.js';
import { windowLabel } from '../models/throttling/report.js';
import type { CheckFacts, QuotaFact } from '../models/gates/types.js';
import { colors } from '../formatters/colors.js';
import { buildCheckReport } from '../formatters/check/report.js';
import { formatCheckGithub, formatCheckMarkdown, formatCheckTable } from '../formatters/check/text.js';
import { formatCheckJunit } from '../formatters/check/junit.js';

/** Config keys that name files: resolved against the config file's folder. */
const PATH_KEYS = ['scenario', 'prices', 'traffic', 'limits', 'payload'];

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

/** Run what the config asks for (estimate, simulate) and turn the results into the facts the gates judge. */
export async function collectFacts(loaded: LoadedConfig, io: Io): Promise<CheckFacts> {
  const { config, dir } = loaded;
  const facts: CheckFacts = {};
  const quiet: Io = { ...io, cwd: dir, stderr: io.stderr };
  if (config.estimate) {
    const { estimateReport } = await import('./estimate.js');
    const report = await estimateReport(asOptions(estimateOptions(), config.estimate, dir), quiet);
    facts.costs = report.options.flatMap((o) => (o.priced ? [{ id: o.id, label: o.label, monthlyUsd: dec(o.monthlyUsdExact) }] : []));
  }
  if (config.simulate) {
    const { simulateResult } = await import('./simulate.js');
    const sim = await simulateResult(asOptions(simulateOptions(), config.simulate, dir), quiet);
    facts.throttle = {
      window: windowLabel(sim.throttle.periodSeconds),
      pAnyBusiestWindow: sim.throttle.busiestWindowPAny,
      expectedThrottled: sim.throttle.expected429 + sim.throttle.quota429,
      offered: sim.throttle.offered,
    };
    if (sim.payload) facts.payload = { findings: sim.payload.findings };
    const account = sim.throttle.buckets.find((b) => b.layer === 'account');
    if (account) {
      // a rate quota compares the peak per-second rate (per-period sums divided by the period) with the per-second limit
      facts.quotas = [
        {
          code: QUOTA_CODE_RATE,
          name: 'Throttle rate (account, Region)',
          kind: 'rate',
          limit: account.rate,
          used: account.peakRps,
          unit: 'requests/s',
          source: account.origin,
        },
      ];
    }
  }
  if (config.limits) {
    const { limitsReport } = await import('./limits.js');
    const live = await limitsReport(asOptions(limitsOptions(), config.limits, dir), quiet);
    for (const f of live.findings) io.stderr(`check: ${f.level} ${f.code}: ${f.message}\n`);
    const kinds = { rate: 'rate', count: 'resource' } as const;
    const fromAccount: QuotaFact[] = live.rows.flatMap((r) =>
      r.kind === 'rate' || r.kind === 'count'
        ? [
            {
              code: r.code,
              name: r.name,
              kind: kinds[r.kind],
              limit: r.value,
              used: r.usage?.value,
              unit: r.unit,
              source: r.source === 'bundled' ? 'bundled default' : r.raised ? 'applied (raised)' : 'Service Quotas',
            },
          ]
        : [],
    );
    // the live account's figures win over a simulation's for the same quota
    facts.quotas = [
      ...fromAccount,
      ...(facts.quotas ?? []).filter((q) => !fromAccount.some((a) => a.code === q.code && a.used !== undefined)),
    ];
  }
  if (config.iac) {
    const { inventoryReport } = await import('./inventory.js');
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
      {
        paths: iac.paths.map((p) => (isAbsolute(p) ? p : resolve(dir, p))),
        parameter: Object.entries(iac.parameters ?? {}).map(([k, v]) => `${k}=${v}`),
        region: iac.region,
        openapiAs: iac.openapiAs,
        ...(iac.quotaValues ? { quotas: isAbsolute(iac.quotaValues) ? iac.quotaValues : resolve(dir, iac.quotaValues) } : {}),
      },
      quiet,
    );
    for (const f of report.findings.filter((x) => x.level !== 'info')) io.stderr(`check: iac ${f.level} ${f.code}: ${f.message}\n`);
    facts.quotas = [...(facts.quotas ?? []), ...iacQuotaFacts(report, iac.quotas)];
  }
  const overrides = config.overrides?.quotas ?? {};
  if (facts.quotas)
    facts.quotas = facts.quotas.map(
      (q): QuotaFact =>
        overrides[q.code] ? { ...q, limit: overrides[q.code]!.value, source: `override: ${overrides[q.code]!.reason}` } : q,
    );
  return facts;
}

export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const loaded = loadCheckConfig(io.cwd, opts.config as string | undefined);
  // --baseline must exist; the config's baseline may not exist yet (first run: growth is skipped)
  const explicitBaseline = typeof opts.baseline === 'string' ? resolve(io.cwd, opts.baseline) : undefined;
  const configBaseline = loaded.config.baseline ? resolve(loaded.dir, loaded.config.baseline) : undefined;
  const baselineFile = explicitBaseline ?? (configBaseline && existsSync(configBaseline) ? configBaseline : undefined);
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;
  if (!baselineFile && configBaseline) io.stderr(`check: baseline ${configBaseline} does not exist yet; the growth gate is skipped\n`);
  const facts = await collectFacts(loaded, io);
  const strict = opts.strict === true;
  const outcome = evaluateGates(facts, loaded.config.gates, { mutes: loaded.config.mute ?? [], baseline, strict });
  if (typeof opts.writeBaseline === 'string') {
    const file = resolve(io.cwd, opts.writeBaseline);
    writeBaseline(file, baselineFromFacts(facts));
    io.stderr(`check: baseline written to ${file}\n`);
  }
  const report = buildCheckReport(outcome, facts, { config: loaded.file, baseline: baselineFile, strict });
  const format = String(opts.format ?? 'table');
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatCheckMarkdown(report)
        : format === 'github'
          ? formatCheckGithub(report)
          : format === 'junit'
            ? formatCheckJunit(report)
            : formatCheckTable(
                report,
                await colors({ color: opts.color as boolean | undefined, env: io.env, isTty: Boolean(process.stdout.isTTY) }),
              );
  if (typeof opts.output === 'string') {
    const out = resolve(io.cwd, opts.output);
    try {
      writeFileSync(out, text);
    } catch (e) {
      throw new EnvironmentError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        where: '--output',
        hint: 'check that the folder exists and is writable',
      });
    }
    io.stderr(`check: ${format} written to ${out}\n`);
    return { stdout: `${outcome.verdict}\n`, exitCode: outcome.exitCode };
  }
  return { stdout: text, exitCode: outcome.exitCode };
}
