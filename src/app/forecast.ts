import { resolve } from 'node:path';
import type { AppDeps } from './deps.js';
import { estimate } from './estimate.js';
import { type ForecastRequest, type ParsedOptions, estimateRequest } from './requests.js';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { checkConfigSchema, type CheckConfig } from '../config/schema.js';
import { Decimal } from '../money/decimal.js';
import type { OptionId } from '../models/estimate.js';
import { currentMonthlyRequests, forecast, isoDay, MIN_DAYS } from '../models/forecast/forecast.js';
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
import { DAY_MS } from '../models/calendar.js';

async function readHistoryInput(
  req: ForecastRequest,
  deps: AppDeps,
): Promise<{ history: DailyHistory; notes: string[]; source: string; nowDay: number | undefined }> {
  const file = req.history;
  if (file && req.fromCloudwatch)
    throw new InputError('--history and --from-cloudwatch both give the history', { where: '--history', hint: 'use one of them' });
  if (file) {
    const { readHistory } = await import('../traffic/history.js');
    const path = resolve(deps.cwd, file);
    const r = readHistory(path);
    return { history: r.history, notes: r.notes, source: `${file} (${r.format})`, nowDay: undefined };
  }
  if (req.cloudWatch) {
    const [{ readFromCloudWatch }, { dailyFromGrid }] = await Promise.all([
      import('../adapters/aws/from-cloudwatch.js'),
      import('../models/forecast/daily.js'),
    ]);
    const cw = await readFromCloudWatch(deps.awsSession(req.cloudWatch.aws), {
      days: req.cloudWatch.days,
      nowMs: deps.now(),
      byRoute: req.cloudWatch.byRoute,
      api: req.cloudWatch.api,
    });
    const d = dailyFromGrid(cw.traffic.grid);
    return {
      history: d.history,
      notes: [...cw.notes, ...d.notes],
      source: `CloudWatch, last ${req.cloudWatch.days} days`,
      nowDay: Math.floor(deps.now() / DAY_MS),
    };
  }
  throw new InputError('forecast needs a traffic history', {
    where: '--history',
    hint: 'pass --history FILE (date,requests,peak_rps per day; see examples/forecast/) or --from-cloudwatch --days 90',
  });
}

/** Estimate flags: the config's estimate block under the flags given; the volume is the forecast's. */
function estimateFlags(
  given: ParsedOptions,
  config: CheckConfig | undefined,
  dir: string,
  currentMonthly: number,
): Record<string, unknown> {
  const fromConfig: Record<string, unknown> = { ...(config?.estimate ?? {}) };
  for (const k of ['requests', 'messages', 'connectionMinutes', 'scenario', 'fromCloudwatch']) delete fromConfig[k];
  if (typeof fromConfig.prices === 'string') fromConfig.prices = resolve(dir, fromConfig.prices);
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
export async function runForecast(req: ForecastRequest, deps: AppDeps, gate?: { percentile: number }): Promise<ForecastRun> {
  const configFile = req.config !== undefined ? resolve(deps.cwd, req.config) : undefined;
  const config = configFile
    ? readStructuredFile(configFile, checkConfigSchema, { what: 'config file', flag: '--config', docs: 'schema.json' })
    : undefined;

  const h = await readHistoryInput(req, deps);
  const lastDay = h.history.firstDay + h.history.totals.length - 1;
  const today = req.today ?? h.nowDay ?? lastDay;
  if (today < lastDay)
    throw new InputError(`--today ${isoDay(today)} is before the history's last day`, {
      where: '--today',
      hint: `give a day on or after ${isoDay(lastDay)}`,
    });
  const observed = Array.from(h.history.totals).filter((v) => Number.isFinite(v) && v > 0).length;
  if (observed < MIN_DAYS)
    throw new InputError(`the history has ${observed} usable day(s); a forecast needs at least ${MIN_DAYS} (and 28 to be trusted)`, {
      where: h.source,
      hint: 'give a longer history (--days with --from-cloudwatch)',
    });
  const currentMonthly = currentMonthlyRequests(h.history);

  // the estimate at today's volume: break-evens, and the workload the costs and budgets scale
  const est = await estimate(
    estimateRequest(estimateFlags(req.estimateFlags, config, configFile ? resolve(configFile, '..') : deps.cwd, currentMonthly)),
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
  const limitsFile = req.limits !== undefined ? readLimitsFile(resolve(deps.cwd, req.limits)) : undefined;
  const limits = buildLimits(limitsFile, {
    region: req.region ?? est.built.workload.region,
    accountRate: req.accountRate,
    accountBurst: req.accountRate !== undefined ? 1 : undefined,
  });
  const thresholds: Threshold[] = [...tiers.thresholds, ...breakEvenThresholds(est.estimate, currentMonthly), ...limitThresholds(limits)];
  const budget = config?.gates.monthlyBudget;
  if (budget && budget.level !== 'off') thresholds.push(...budgetThresholds(costModel, budget.maxUsd, `monthly budget in ${req.config}`));

  let result: ForecastResult;
  try {
    result = forecast({
      history: h.history,
      today,
      horizonDays: Math.round((req.horizonMonths * 730) / 24),
      thresholds,
      seed: req.seed,
      paths: req.paths,
      interval: req.intervalPct / 100,
      leadTimeDays: req.leadTimeDays,
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
  const report = buildForecastReport(result, { source: h.source, notes, costs, estimate: est.report, horizonMonths: req.horizonMonths });
  return { result, report };
}
