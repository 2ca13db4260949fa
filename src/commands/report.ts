import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CommandResult, Io } from '../cli.js';
import { EnvironmentError, InputError } from '../errors.js';
import type { OptionId } from '../models/estimate.js';
import { costCurves } from '../models/report/curves.js';
import { runEstimate } from './estimate.js';
import { costChart, headroomChart, payloadChart, trafficChart, type ChartSpec } from '../formatters/report/charts.js';
import { buildCostChartData, describeCostChart, priceRows, type ReportDocument } from '../formatters/report/document.js';
import { REPORT_FORMATS } from './report-options.js';

/** Log-spaced cost samples per decade of volume in the cost chart. */
export const SAMPLES_PER_DECADE = 12;

/**
 * `apigw-plan report`: the estimate (and, with --traffic, the throttling simulation) as one
 * self-contained HTML page or as Markdown. Vega is loaded here only (render-svg.ts), so no
 * other command pays for it.
 */
export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const format = String(opts.format ?? 'html');
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format ${format} is not a report format`, {
      where: '--format',
      hint: `use one of: ${REPORT_FORMATS.join(', ')}`,
    });
  }
  const output = typeof opts.output === 'string' && opts.output !== '' ? resolve(io.cwd, opts.output) : undefined;
  if (format === 'html' && !output) {
    throw new InputError('an HTML report needs a file to go to', {
      where: '--output',
      hint: 'pass --output report.html (or --format markdown to print Markdown to stdout)',
    });
  }

  const doc = await buildReportDocument(opts, io);
  let text: string;
  if (format === 'html') {
    const charts = await renderReportCharts(doc);
    const { formatReportHtml } = await import('../formatters/report/html.js');
    text = formatReportHtml(doc, charts);
  } else {
    const { formatReportMarkdown } = await import('../formatters/report/markdown.js');
    text = formatReportMarkdown(doc);
  }
  if (!output) return { stdout: text, exitCode: 0 };
  try {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, text);
  } catch (e) {
    throw new EnvironmentError(`cannot write the report to ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: '--output',
      hint: 'check the directory exists and is writable',
    });
  }
  io.stderr(`report: wrote ${output} (${Buffer.byteLength(text)} bytes)\n`);
  return { stdout: `${doc.estimate.verdict}\n${doc.simulation ? `${doc.simulation.verdict}\n` : ''}`, exitCode: 0 };
}

/** The estimate exactly as `estimate` builds it, the cost curves, and the simulation if asked for. */
export async function buildReportDocument(opts: Record<string, unknown>, io: Io): Promise<ReportDocument> {
  // the report's numbers are estimate's own: the same run `estimate --format json` prints
  const { report, estimate: est, built, book } = await runEstimate(opts, io);
  const priced = est.options.filter((o) => o.priced).map((o) => o.id as OptionId);
  const points =
    est.baseVolume.isZero() || priced.length === 0
      ? []
      : costCurves({
          workload: built.workload,
          alternatives: built.alternatives,
          options: priced,
          book,
          baseVolume: est.baseVolume,
          lo: est.breakEvenRange.fromVolume.div(est.baseVolume),
          hi: est.breakEvenRange.toVolume.div(est.baseVolume),
          breakEvenScales: est.breakEvens.map((b) => b.s),
          samplesPerDecade: SAMPLES_PER_DECADE,
        });

  const simulation = typeof opts.traffic === 'string' ? await simulationSection(opts, io) : undefined;
  if (!simulation && ['limits', 'payload'].some((k) => typeof opts[k] === 'string')) {
    throw new InputError('--limits and --payload describe the traffic given with --traffic', {
      where: typeof opts.limits === 'string' ? '--limits' : '--payload',
      hint: 'add --traffic FILE (request counts per period), or drop the flag',
    });
  }

  return {
    title: `API Gateway cost and limits report`,
    generatedAt: opts.timestamp === true ? new Date().toISOString() : undefined,
    estimate: report,
    cost: buildCostChartData(report, points),
    prices: priceRows(report),
    simulation,
  };
}

/** The charts of a report document, rendered to SVG in a fixed order. */
export async function renderReportCharts(doc: ReportDocument): Promise<import('../formatters/report/render-svg.js').RenderedChart[]> {
  const specs: ChartSpec[] = [];
  if (doc.cost.points.length) specs.push(costChart(doc, describeCostChart(doc)));
  const s = doc.simulation;
  if (s) {
    const { describeTrafficPanel, describeHeadroom, describePayload } = await import('../formatters/report/simulation-text.js');
    for (const p of s.panels) specs.push(trafficChart(p, s.periodSeconds, describeTrafficPanel(p, s)));
    if (s.headroom.length)
      specs.push(
        headroomChart(
          s.headroom.map((b) => ({ label: b.label, headroom: b.rateHeadroom ?? -1 })),
          describeHeadroom(s),
        ),
      );
    s.payload?.distributions.forEach((d, i) => {
      specs.push(payloadChart(d, i, describePayload(d)));
    });
  }
  const { renderCharts } = await import('../formatters/report/render-svg.js');
  return renderCharts(specs);
}

/**
 * The simulation part, with simulate's flags and semantics: the very run `simulate` makes
 * (src/commands/simulate.ts). Its modules load only when --traffic is given.
 */
async function simulationSection(
  opts: Record<string, unknown>,
  io: Io,
): Promise<import('../formatters/report/simulation.js').SimulationSection> {
  const [{ runSimulation }, { verdict }, { buildSimulationSection }] = await Promise.all([
    import('./simulate.js'),
    import('../formatters/simulate/result.js'),
    import('../formatters/report/simulation.js'),
  ]);
  const sim = await runSimulation(opts, io);
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
    verdict: verdict(r),
  });
}
