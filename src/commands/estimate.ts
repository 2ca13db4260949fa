import { resolve } from 'node:path';
import type { CommandResult, Io } from '../cli.js';
import { InputError } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import { ec2PriceId } from '../models/alternatives/self-hosted.js';
import { estimate, type Estimate } from '../models/estimate.js';
import { colors } from '../formatters/colors.js';
import { formatEstimateMarkdown } from '../formatters/estimate/markdown.js';
import { buildEstimateReport, type EstimateReport } from '../formatters/estimate/report.js';
import { formatEstimateTable } from '../formatters/estimate/table.js';
import { loadPriceBook } from '../prices/load.js';
import type { PriceBook } from '../prices/price-book.js';
import { buildInput, type BuiltInput } from '../scenario/build.js';

/** Break-even volumes are searched from 1/1,000 to 1,000 × the given volume. */
export const BREAK_EVEN_RANGE = { lo: new Decimal('0.001'), hi: new Decimal(1000) };

/** An estimate with the model inputs it was computed from (the report draws cost curves from them). */
export interface EstimateRun {
  report: EstimateReport;
  estimate: Estimate;
  built: BuiltInput;
  book: PriceBook;
}

/** Flags (or a config's estimate block) → the estimate report every format prints. Paths resolve from `io.cwd`. */
export async function estimateReport(opts: Record<string, unknown>, io: Io): Promise<EstimateReport> {
  return (await runEstimate(opts, io)).report;
}

export async function runEstimate(opts: Record<string, unknown>, io: Io): Promise<EstimateRun> {
  const notes = opts.fromCloudwatch ? await applyCloudWatchTraffic(opts, io) : [];
  const scenarioPath = typeof opts.scenario === 'string' ? opts.scenario : undefined;
  // the scenario loader brings zod and yaml: load it only when a scenario is given
  const scenario = scenarioPath ? (await import('../scenario/load.js')).loadScenario(resolve(io.cwd, scenarioPath)) : undefined;
  const built = buildInput(opts, scenario, scenarioPath);
  const pricesFile = typeof opts.prices === 'string' ? resolve(io.cwd, opts.prices) : undefined;
  const book = await loadPriceBook(built.workload.region, pricesFile ? { file: pricesFile } : {});

  const selfHosted = built.alternatives.selfHosted;
  checkInstanceType(selfHosted.compute, selfHosted.instanceType, book);

  const est = estimate({
    workload: built.workload,
    alternatives: built.alternatives,
    options: built.options,
    book,
    breakEvenRange: BREAK_EVEN_RANGE,
  });
  const report = buildEstimateReport(est, built.inputs, book, pricesFile);
  report.assumptions.push(...notes);
  return { report, estimate: est, built, book };
}

/**
 * --from-cloudwatch: the real traffic of the last --days days becomes the volume flags (flags
 * given explicitly win). The busiest period's ratio to the mean becomes the peak factor; when
 * it is steep, the peak hours per day shrink so the peak hours do not exceed the day's traffic.
 */
async function applyCloudWatchTraffic(opts: Record<string, unknown>, io: Io): Promise<string[]> {
  if (opts.scenario !== undefined) {
    throw new InputError('--from-cloudwatch and --scenario both describe traffic', { where: '--from-cloudwatch', hint: 'use one of them' });
  }
  const { estimateFlagsFromCloudWatch } = await import('../adapters/aws/from-cloudwatch.js');
  const cw = await estimateFlagsFromCloudWatch(opts, io);
  for (const [k, v] of Object.entries(cw.flags)) if (opts[k] === undefined) opts[k] = v;
  const notes = [...cw.notes];
  const factor = Number(opts.peakToAverage ?? 1);
  if (opts.peakHours === undefined && factor > 6) {
    opts.peakHours = (24 / factor).toFixed(4);
    notes.push(
      `FROM_CLOUDWATCH: peak factor ${factor} → ${String(opts.peakHours)} peak hours a day, so the peak hours carry no more than the day's traffic`,
    );
  }
  return notes;
}

export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const report = await estimateReport(opts, io);
  const format = (opts.format as string | undefined) ?? 'table';
  const stdout =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatEstimateMarkdown(report)
        : formatEstimateTable(
            report,
            await colors({ color: opts.color as boolean | undefined, env: io.env, isTty: Boolean(process.stdout.isTTY) }),
          );
  return { stdout, exitCode: 0 };
}

/** An unknown instance type is an input error when the snapshot prices EC2 at all. */
function checkInstanceType(compute: string, instanceType: string, book: PriceBook): void {
  if (compute !== 'ec2') return;
  const ec2 = book.all().filter((p) => p.id.startsWith('ec2.'));
  if (ec2.length === 0 || book.has(ec2PriceId(instanceType))) return;
  const known = ec2.map((p) => p.id.slice(4, -'.hours'.length).replace('-', '.'));
  throw new InputError(`no ${book.region} price for EC2 instance type "${instanceType}"`, {
    where: '--instance-type',
    hint: `priced types: ${known.join(', ')}; or use --compute fargate, or refresh prices with "apigw-plan pricing refresh"`,
  });
}
