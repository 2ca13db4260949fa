import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readBaseline } from '../config/baseline.js';
import type { CheckConfig } from '../config/schema.js';
import { dec } from '../money/decimal.js';
import { diffSides } from '../models/diff/diff.js';
import { sideFromFacts } from '../models/diff/sides.js';
import type { DiffSide } from '../models/diff/types.js';
import { evaluateGates } from '../models/gates/evaluate.js';
import type { CheckFacts, CheckOutcome, ForecastFacts, QuotaFact } from '../models/gates/types.js';
import { QUOTA } from '../models/quotas/codes.js';
import type { QuotaRow } from '../models/quotas/merge.js';
import { windowLabel } from '../models/throttling/report.js';
import { buildCheckReport, type CheckReport } from '../formatters/check/report.js';
import type { AppDeps } from './deps.js';
import type { EstimateRequest, LimitsRequest, SimulateRequest } from './requests.js';

/** `apigw-plan check`: the config's inputs as typed requests (paths resolved against the config's folder), its gates and options. */
export interface CheckRequest {
  /** The config file and its folder (relative paths of the inputs resolve from it). */
  file: string;
  dir: string;
  config: CheckConfig;
  estimate: EstimateRequest | undefined;
  simulate: SimulateRequest | undefined;
  limits: LimitsRequest | undefined;
  /** Quota facts read from infrastructure code (the config's `iac` block), appended after the account's. */
  iac: QuotaFact[] | undefined;
  /** A base to compare with (the config's `diff` block or --diff-base), read by the command; head defaults to this check's facts. */
  diff?: { base: DiffSide; head: DiffSide | undefined; headroomPercent: number } | undefined;
  /** The forecast gate's facts (the config's `forecast` block), computed before the app runs. */
  forecast?: ForecastFacts | undefined;
  /** --baseline (must exist), relative to `deps.cwd`. */
  baseline: string | undefined;
  strict: boolean;
}

export interface CheckRun {
  report: CheckReport;
  outcome: CheckOutcome;
  facts: CheckFacts;
}

/** The live account's quota rows as gate facts (rate and count quotas; sizes and bursts are not "used"). */
export function quotaFacts(rows: readonly QuotaRow[]): QuotaFact[] {
  const kinds = { rate: 'rate', count: 'resource' } as const;
  return rows.flatMap((r) =>
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
            unknown: r.unknown,
          },
        ]
      : [],
  );
}

/** Use case `collectCheckFacts`: run what the config asks for (estimate, simulate, limits) and turn the results into the facts the gates judge. */
export async function collectCheckFacts(req: CheckRequest, deps: AppDeps): Promise<CheckFacts> {
  const facts: CheckFacts = {};
  const here: AppDeps = { ...deps, cwd: req.dir };
  if (req.estimate) {
    const { estimate } = await import('./estimate.js');
    const { report } = await estimate(req.estimate, here);
    facts.costs = report.options.flatMap((o) => (o.priced ? [{ id: o.id, label: o.label, monthlyUsd: dec(o.monthlyUsdExact) }] : []));
  }
  if (req.simulate) {
    const { simulate } = await import('./simulate.js');
    const sim = (await simulate(req.simulate, here)).result;
    facts.throttle = {
      window: windowLabel(sim.throttle.periodSeconds),
      pAnyBusiestWindow: sim.throttle.busiestWindowPAny,
      pAnyIs: sim.throttle.busiestIsBound
        ? 'bound'
        : Number.isFinite(sim.throttle.buckets[sim.throttle.binding]?.peak.pAny ?? 0)
          ? 'estimate'
          : 'unknown',
      // expected429 already counts the usage-plan quota's 429s; buckets with only a bound add it (an upper value)
      expectedThrottled: sim.throttle.expected429 + sim.throttle.expected429Bound,
      offered: sim.throttle.offered,
    };
    facts.buckets = sim.throttle.buckets.map((b) => ({
      id: b.id,
      label: b.label,
      rate: b.rate,
      burst: b.burst,
      expected429: b.expected429,
      pAnyBusiestWindow: b.peak?.pAny ?? null,
    }));
    if (sim.payload) facts.payload = { findings: sim.payload.findings };
    const account = sim.throttle.buckets.find((b) => b.layer === 'account');
    if (account) {
      // a rate quota compares the peak per-second rate (per-period sums divided by the period) with the per-second limit
      facts.quotas = [
        {
          code: QUOTA.throttleRate,
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
  if (req.limits) {
    const { readLimits } = await import('./limits.js');
    const live = await readLimits(req.limits, here);
    for (const f of live.findings) deps.progress(`check: ${f.level} ${f.code}: ${f.message}\n`);
    const fromAccount = quotaFacts(live.rows);
    // the live account's figures win over a simulation's for the same quota, unless the account's could not be read
    const simulated = facts.quotas ?? [];
    const liveKnown = (a: QuotaFact) => a.used !== undefined && a.unknown === undefined;
    facts.quotas = [
      ...fromAccount.filter((a) => liveKnown(a) || !simulated.some((q) => q.code === a.code)),
      ...simulated.filter((q) => !fromAccount.some((a) => a.code === q.code && liveKnown(a))),
    ];
  }
  if (req.iac) facts.quotas = [...(facts.quotas ?? []), ...req.iac];
  if (req.forecast) facts.forecast = req.forecast;
  const overrides = req.config.overrides?.quotas ?? {};
  if (facts.quotas)
    facts.quotas = facts.quotas.map(
      (q): QuotaFact =>
        overrides[q.code] ? { ...q, limit: overrides[q.code]!.value, source: `override: ${overrides[q.code]!.reason}` } : q,
    );
  return facts;
}

/** Use case `check`: facts → gates → the check report every format prints. */
export async function check(req: CheckRequest, deps: AppDeps): Promise<CheckRun> {
  // --baseline must exist; the config's baseline may not exist yet (first run: growth is skipped)
  const explicitBaseline = req.baseline !== undefined ? resolve(deps.cwd, req.baseline) : undefined;
  const configBaseline = req.config.baseline ? resolve(req.dir, req.config.baseline) : undefined;
  const baselineFile = explicitBaseline ?? (configBaseline && existsSync(configBaseline) ? configBaseline : undefined);
  const baseline = baselineFile ? readBaseline(baselineFile) : undefined;
  if (!baselineFile && configBaseline) deps.progress(`check: baseline ${configBaseline} does not exist yet; the growth gate is skipped\n`);
  const facts = await collectCheckFacts(req, deps);
  if (req.diff) {
    const head = req.diff.head ?? sideFromFacts(req.file, facts);
    // the gates read every row, changed or not
    facts.diff = diffSides(req.diff.base, head, { showUnchanged: true, headroomPercent: req.diff.headroomPercent });
  }
  const outcome = evaluateGates(facts, req.config.gates, {
    mutes: req.config.mute ?? [],
    baseline,
    strict: req.strict,
    require: req.config.require ?? 'evaluated',
  });
  const report = buildCheckReport(outcome, facts, { config: req.file, baseline: baselineFile, strict: req.strict });
  return { report, outcome, facts };
}
