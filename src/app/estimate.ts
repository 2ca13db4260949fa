import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import { ec2PriceId } from '../models/alternatives/self-hosted.js';
import { HOURS_PER_MONTH } from '../models/calendar.js';
import { estimate as estimateModel, type Estimate } from '../models/estimate.js';
import { splitByMeasuredTraffic, type MeasuredPart } from '../models/traffic.js';
import { buildEstimateReport, type EstimateReport } from '../formatters/estimate/report.js';
import { loadPriceBook } from '../prices/load.js';
import type { PriceBook } from '../prices/price-book.js';
import { buildInput, type BuiltInput, type PayloadDistributions } from '../scenario/build.js';
import type { ScenarioFile } from '../scenario/schema.js';
import type { AppDeps } from './deps.js';
import type { CloudWatchRequest, EstimateRequest, ParsedOptions } from './requests.js';
import type { TrafficTotals } from '../adapters/aws/from-cloudwatch.js';

/** Break-even volumes are searched from 1/1,000 to 1,000 × the given volume. */
export const BREAK_EVEN_RANGE = { lo: new Decimal('0.001'), hi: new Decimal(1000) };

/** An estimate with the model inputs it was computed from (the report draws cost curves from them). */
export interface EstimateRun {
  report: EstimateReport;
  estimate: Estimate;
  built: BuiltInput;
  book: PriceBook;
}

/** Use case `estimate`: flags (and a scenario, prices, CloudWatch traffic) → the estimate report every format prints. */
export async function estimate(req: EstimateRequest, deps: AppDeps): Promise<EstimateRun> {
  const flags: ParsedOptions = { ...req.flags };
  const cw = req.fromCloudWatch ? await applyCloudWatchTraffic(flags, req.fromCloudWatch, deps) : { notes: [], stages: [] };
  const notes = cw.notes;
  // the scenario loader brings zod and yaml: load it only when a scenario is given
  const scenario = req.scenario ? (await import('../scenario/load.js')).loadScenario(resolve(deps.cwd, req.scenario)) : undefined;
  const payloads = await readPayloads(flags, scenario, req.scenario, deps.cwd);
  const built = buildInput(flags, scenario, req.scenario, payloads);
  // --from-cloudwatch with several APIs/stages: one API each, so the bill says what each costs
  const one = built.workload.apis[0];
  const fixed = one && (one.cacheSizeGb !== undefined || one.privateEndpointAzs !== undefined || one.wafRules !== undefined);
  if (cw.stages.length > 1 && built.workload.apis.length === 1 && !fixed) {
    built.workload.apis = splitByMeasuredTraffic(built.workload.apis[0]!, cw.stages);
    notes.push(
      `FROM_CLOUDWATCH: cost per API and stage splits the monthly volume by each stage's measured share over the window (${cw.stages.length} API/stages)`,
    );
  }
  const pricesFile = req.prices !== undefined ? resolve(deps.cwd, req.prices) : undefined;
  const book = await loadPriceBook(built.workload.region, pricesFile ? { file: pricesFile } : {});

  const selfHosted = built.alternatives.selfHosted;
  checkInstanceType(selfHosted.compute, selfHosted.instanceType, book);

  const est = estimateModel({
    workload: built.workload,
    alternatives: built.alternatives,
    options: built.options,
    book,
    breakEvenRange: BREAK_EVEN_RANGE,
    needs: built.needs,
  });
  const report = buildEstimateReport(est, built.inputs, book, pricesFile);
  report.assumptions.push(...notes);
  return { report, estimate: est, built, book };
}

/**
 * Estimate flags from real traffic totals: monthly volumes extrapolated to a 730-hour month, the
 * API types that carried traffic, and the busiest period's ratio to the mean. Values are strings,
 * as flags are given. Keys in a fixed order (the FROM_CLOUDWATCH note lists them).
 */
export function flagsFromTraffic(t: TrafficTotals): Record<string, string> {
  const perMonth = (n: number) => Math.round((n / t.windowSeconds) * HOURS_PER_MONTH * 3600);
  const flags: Record<string, string> = {};
  const types: string[] = [];
  const requests = t.restRequests + t.httpRequests;
  if (requests > 0) flags.requests = String(perMonth(requests));
  if (t.restRequests > 0) types.push('rest');
  if (t.httpRequests > 0) types.push('http');
  if (t.websocketMessages > 0) {
    flags.messages = String(perMonth(t.websocketMessages));
    types.push('websocket');
  }
  if (types.length) flags.apiType = types.join(',');
  const all = requests + t.websocketMessages;
  if (t.peakRps !== undefined && all > 0) flags.peakToAverage = (t.peakRps / (all / t.windowSeconds)).toFixed(2);
  return flags;
}

/**
 * --from-cloudwatch: the real traffic of the last --days days becomes the volume flags (flags
 * given explicitly win). The busiest period's ratio to the mean becomes the peak factor; when
 * it is steep, the peak hours per day shrink so the peak hours do not exceed the day's traffic.
 */
async function applyCloudWatchTraffic(
  flags: ParsedOptions,
  cw: CloudWatchRequest,
  deps: AppDeps,
): Promise<{ notes: string[]; stages: MeasuredPart[] }> {
  // the AWS SDK loads only here
  const { readFromCloudWatch, trafficTotals } = await import('../adapters/aws/from-cloudwatch.js');
  const read = await readFromCloudWatch(deps.awsSession(cw.aws), { days: cw.days, nowMs: deps.now(), byRoute: cw.byRoute, api: cw.api });
  const totals = trafficTotals(read.traffic);
  const fromTraffic = flagsFromTraffic(totals);
  const notes = [
    ...read.notes,
    `FROM_CLOUDWATCH: ${Object.entries(fromTraffic)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (extrapolated to a ${HOURS_PER_MONTH}-hour month from ${(totals.windowSeconds / 86400).toFixed(1)} days)`,
  ];
  for (const [k, v] of Object.entries(fromTraffic)) if (flags[k] === undefined) flags[k] = v;
  const factor = Number(flags.peakToAverage ?? 1);
  if (flags.peakHours === undefined && factor > 6) {
    flags.peakHours = (24 / factor).toFixed(4);
    notes.push(
      `FROM_CLOUDWATCH: peak factor ${factor} → ${String(flags.peakHours)} peak hours a day, so the peak hours carry no more than the day's traffic`,
    );
  }
  // each API/stage's part of the traffic, for cost per API and stage
  const stages: MeasuredPart[] = read.traffic.stages
    .filter((st) => st.requests !== undefined && st.requests.total > 0)
    .map((st) => ({
      api: st.api,
      stage: st.stage,
      kind: st.requests!.metric === 'MessageCount' ? ('messages' as const) : ('requests' as const),
      total: st.requests!.total,
    }));
  return { notes, stages };
}

/** --payload FILE (the one API of flag mode) and each scenario API's `payload` (relative to the scenario file). */
async function readPayloads(
  flags: ParsedOptions,
  scenario: ScenarioFile | undefined,
  scenarioPath: string | undefined,
  cwd: string,
): Promise<PayloadDistributions> {
  const out: PayloadDistributions = {};
  const wanted: Array<[string, string]> = [];
  if (typeof flags.payload === 'string') {
    if (scenario)
      throw new InputError('--payload applies to the one API of flag mode', {
        where: '--payload',
        hint: 'in a scenario, give each API its own "payload: FILE"',
      });
    wanted.push(['*', resolve(cwd, flags.payload)]);
  }
  for (const a of scenario?.apis ?? []) if (a.payload) wanted.push([a.name, resolve(dirname(resolve(cwd, scenarioPath!)), a.payload)]);
  if (wanted.length === 0) return out;
  const { readPayloadFile } = await import('../traffic/payload-file.js');
  for (const [key, file] of wanted) {
    const p = readPayloadFile(file);
    out[key] = { requests: p.requests, messages: p.messages, file };
  }
  return out;
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
