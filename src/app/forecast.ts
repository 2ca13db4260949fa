import { resolve } from 'node:path';
import type { AppDeps } from './deps.js';
import type { ParsedOptions } from './requests.js';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { checkConfigSchema, type CheckConfig } from '../config/schema.js';
import { Decimal } from '../money/decimal.js';
import type { OptionId } from '../models/estimate.js';
import { currentMonthlyRequests, forecast, MIN_DAYS } from '../models/forecast/forecast.js';
import {
  breakEvenThresholds,
  budgetThresholds,
  limitThresholds,
  monthlyCosts,
  priceTierThresholds,
  type CostModel,
} from '../models/forecast/thresholds.js';
import type { DailyHistory, ForecastResult, Threshold } from '../models/forecast/types.js';
import { buildForecastReport, type ForecastReport } from '../formatters/forecast/report.js';
import { FORECAST_DEFAULTS } from '../models/defaults.js';

const DAY_MS = 86_400_000;

function intFlag(opts: ParsedOptions, key: string, flag: string, min: number, max: number, fallback: number): number {
  const raw = opts[key] ?? fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new InputError(`${flag} ${String(raw)} is not valid: it must be a whole number from ${min} to ${max}`, {
      where: flag,
      hint: `e.g. ${flag} ${fallback}`,
    });
  return v;
}

function dayFlag(raw: unknown): number {
  const s = String(raw);
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms))
    throw new InputError(`--today ${s} is not a date`, { where: '--today', hint: 'use YYYY-MM-DD, e.g. --today 2026-11-30' });
  return ms / DAY_MS;
}

async function readHistoryInput(
  opts: ParsedOptions,
  deps: AppDeps,
): Promise<{ history: DailyHistory; notes: string[]; source: string; nowDay: number | undefined }> {
  const file = typeof opts.history === 'string' ? opts.history : undefined;
  if (file && opts.fromCloudwatch)
    throw new InputError('--history and --from-cloudwatch both give the history', { where: '--history', hint: 'use one of them' });
  if (file) {
    const { readHistory } = await import('../traffic/history.js');
    const path = resolve(deps.cwd, file);
    const r = readHistory(path);
    return { history: r.history, notes: r.notes, source: `${file} (${r.format})`, nowDay: undefined };
  }
  if (opts.fromCloudwatch) {
    const [{ readFromCloudWatch }, { cloudWatchRequest }, { dailyFromGrid }] = await Promise.all([
      import('../adapters/aws/from-cloudwatch.js'),
      import('./requests.js'),
      import('../models/forecast/daily.js'),
    ]);
    const req = cloudWatchRequest(opts)!;
    const cw = await readFromCloudWatch(deps.awsSession(req.aws), {
      days: req.days,
      nowMs: deps.now(),
      byRoute: req.byRoute,
      api: req.api,
    });
    const d = dailyFromGrid(cw.traffic.grid);
    return {
      history: d.history,
      notes: [...cw.notes, ...d.notes],
      source: `CloudWatch, last ${String(opts.days)} days`,
      nowDay: Math.floor(deps.now() / DAY_MS),
    };
  }
  throw new InputError('forecast needs a traffic history', {
    where: '--history',
    hint: 'pass --history FILE (date,requests,peak_rps per day; see examples/forecast/) or --from-cloudwatch --days 90',
  });
}

/** Estimate flags: the config's estimate block under the flags given; the volume is the forecast's. */
function estimateFlags(opts: ParsedOptions, config: CheckConfig | undefined, dir: string, currentMonthly: number): Record<string, unknown> {
  const fromConfig: Record<string, unknown> = { ...(config?.estimate ?? {}) };
  for (const k of ['requests', 'messages', 'connectionMinutes', 'scenario', 'fromCloudwatch']) delete fromConfig[k];
  if (typeof fromConfig.prices === 'string') fromConfig.prices = resolve(dir, fromConfig.prices);
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return {
    ...fromConfig,
    ...given,
    requests: String(Math.max(1, Math.round(currentMonthly))),
    scenario: undefined,
    fromCloudwatch: undefined,
  };
}

export interface ForecastRun {
  result: ForecastResult;
  report: ForecastReport;
}

/**
 * The forecast use case: the history (a file, or CloudWatch), the estimate at today's volume (its
 * break-evens, price tiers and costs), the limits and the config's budget as thresholds, the model, and
 * the report every format prints. `gate`: also each crossing's day at that percentile (check's gate).
 */
export async function runForecast(opts: ParsedOptions, deps: AppDeps, gate?: { percentile: number }): Promise<ForecastRun> {
  const horizonMonths = intFlag(opts, 'horizon', '--horizon', 1, 60, 12);
  const intervalPct = intFlag(opts, 'interval', '--interval', 50, 98, 80);
  const leadTime = intFlag(opts, 'leadTime', '--lead-time', 0, 365, FORECAST_DEFAULTS.leadTimeDays);
  const paths = intFlag(opts, 'paths', '--paths', 100, 100_000, FORECAST_DEFAULTS.paths);
  const seed = intFlag(opts, 'seed', '--seed', 0, 2 ** 31 - 1, 1);
  const configFile = typeof opts.config === 'string' ? resolve(deps.cwd, opts.config) : undefined;
  const config = configFile
    ? readStructuredFile(configFile, checkConfigSchema, { what: 'config file', flag: '--config', docs: 'schema.json' })
    : undefined;

  const h = await readHistoryInput(opts, deps);
  const lastDay = h.history.firstDay + h.history.totals.length - 1;
  const today = opts.today !== undefined ? dayFlag(opts.today) : (h.nowDay ?? lastDay);
  if (today < lastDay)
    throw new InputError(`--today ${new Date(today * DAY_MS).toISOString().slice(0, 10)} is before the history's last day`, {
      where: '--today',
      hint: `give a day on or after ${new Date(lastDay * DAY_MS).toISOString().slice(0, 10)}`,
    });
  const observed = Array.from(h.history.totals).filter((v) => Number.isFinite(v) && v > 0).length;
  if (observed < MIN_DAYS)
    throw new InputError(`the history has ${observed} usable day(s); a forecast needs at least ${MIN_DAYS} (and 28 to be trusted)`, {
      where: h.source,
      hint: 'give a longer history (--days with --from-cloudwatch)',
    });
  const currentMonthly = currentMonthlyRequests(h.history);

  // the estimate at today's volume: break-evens, and the workload the costs and budgets scale
  const [{ estimate }, { estimateRequest }] = await Promise.all([import('./estimate.js'), import('./requests.js')]);
  const est = await estimate(
    estimateRequest(estimateFlags(opts, config, configFile ? resolve(configFile, '..') : deps.cwd, currentMonthly)),
    deps,
  );
  const priced = est.estimate.options.filter((o) => o.priced).map((o) => o.id as OptionId);
  const costModel: CostModel = {
    workload: est.built.workload,
    alternatives: est.built.alternatives,
    book: est.book,
    options: priced,
    baseVolume: new Decimal(Math.max(1, Math.round(currentMonthly))),
  };
  const types = priced.filter((id): id is 'rest' | 'http' => id === 'rest' || id === 'http');
  const tiers = priceTierThresholds(est.book, types);
  const notes = [...h.notes, ...tiers.notes];

  const { buildLimits, readLimitsFile } = await import('../traffic/limits.js');
  const limitsFile = typeof opts.limits === 'string' ? readLimitsFile(resolve(deps.cwd, opts.limits)) : undefined;
  const accountRate = opts.accountRate !== undefined ? Number(opts.accountRate) : undefined;
  if (accountRate !== undefined && !(accountRate > 0))
    throw new InputError(`--account-rate ${String(opts.accountRate)} is not a positive rate`, {
      where: '--account-rate',
      hint: 'e.g. --account-rate 10000',
    });
  const limits = buildLimits(limitsFile, {
    region: (opts.region as string | undefined) ?? est.built.workload.region,
    accountRate,
    accountBurst: accountRate !== undefined ? 1 : undefined,
  });
  const thresholds: Threshold[] = [...tiers.thresholds, ...breakEvenThresholds(est.estimate, currentMonthly), ...limitThresholds(limits)];
  const budget = config?.gates.monthlyBudget;
  if (budget && budget.level !== 'off')
    thresholds.push(...budgetThresholds(costModel, budget.maxUsd, `monthly budget in ${opts.config as string}`));

  let result: ForecastResult;
  try {
    result = forecast({
      history: h.history,
      today,
      horizonDays: Math.round((horizonMonths * 730) / 24),
      thresholds,
      seed,
      paths,
      interval: intervalPct / 100,
      leadTimeDays: leadTime,
      ...(gate ? { gatePercentile: gate.percentile } : {}),
    });
  } catch (e) {
    if (e instanceof RangeError)
      throw new InputError(`cannot forecast this history: ${e.message}`, {
        where: h.source,
        hint: 'give a longer or more complete history',
      });
    throw e;
  }
  const costs = monthlyCosts(costModel, result.months);
  const report = buildForecastReport(result, { source: h.source, notes, costs, estimate: est.report, horizonMonths });
  return { result, report };
}
