import type { OptionId } from '../models/estimate.js';
import { costCurves } from '../models/report/curves.js';
import { buildCostChartData, priceRows, type ReportDocument } from '../formatters/report/document.js';
import { verdict as simulateVerdict } from '../formatters/simulate/result.js';
import type { SimulationSection } from '../models/report/simulation-section.js';
import type { AppDeps } from './deps.js';
import { estimate } from './estimate.js';
import type { EstimateRequest, SimulateRequest } from './requests.js';

/** Log-spaced cost samples per decade of volume in the cost chart. */
export const SAMPLES_PER_DECADE = 12;

/** `apigw-plan report`: an estimate, optionally a simulation (with --traffic), and whether to stamp the time. */
export interface ReportRequest {
  estimate: EstimateRequest;
  simulate: SimulateRequest | undefined;
  timestamp: boolean;
}

/** Use case `report`: the estimate exactly as `estimate` builds it, the cost curves, and the simulation if asked for. */
export async function report(req: ReportRequest, deps: AppDeps): Promise<ReportDocument> {
  // the report's numbers are estimate's own: the same run `estimate --format json` prints
  const { report: est, estimate: model, built, book } = await estimate(req.estimate, deps);
  const priced = model.options.filter((o) => o.priced).map((o) => o.id as OptionId);
  const points =
    model.baseVolume.isZero() || priced.length === 0
      ? []
      : costCurves({
          workload: built.workload,
          alternatives: built.alternatives,
          options: priced,
          book,
          baseVolume: model.baseVolume,
          lo: model.breakEvenRange.fromVolume.div(model.baseVolume),
          hi: model.breakEvenRange.toVolume.div(model.baseVolume),
          breakEvenScales: model.breakEvens.map((b) => b.s),
          samplesPerDecade: SAMPLES_PER_DECADE,
        });

  const simulation = req.simulate ? await simulationSection(req.simulate, deps) : undefined;
  return {
    title: `API Gateway cost and limits report`,
    generatedAt: req.timestamp ? new Date(deps.now()).toISOString() : undefined,
    estimate: est,
    cost: buildCostChartData(est, points),
    prices: priceRows(est),
    simulation,
  };
}

/**
 * The simulation part, with simulate's flags and semantics: the very run `simulate` makes.
 * Its modules load only when --traffic is given.
 */
async function simulationSection(req: SimulateRequest, deps: AppDeps): Promise<SimulationSection> {
  const [{ simulate }, { buildSimulationSection }] = await Promise.all([
    import('./simulate.js'),
    import('../models/report/simulation-section.js'),
  ]);
  const sim = await simulate(req, deps);
  const r = sim.result;
  return buildSimulationSection({
    grid: sim.grid,
    limits: sim.limits,
    settings: sim.settings,
    throttle: r.throttle,
    payloadInput: sim.payloadInput,
    payload: r.payload,
    inputs: r.inputs,
    findings: r.findings,
    assumptions: r.assumptions,
    verdict: simulateVerdict(r),
  });
}
