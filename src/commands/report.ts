import { resolve } from 'node:path';
import { writeOutputFile } from '../files/output.js';
import type { CommandResult, Io } from '../io.js';
import { InputError } from '../errors.js';
import { depsFromIo } from '../app/deps.js';
import { report, type ReportRequest } from '../app/report.js';
import { estimateRequest, forecastRequest, outputOptions, simulateRequest } from '../app/requests.js';
import { costChart, focusRange, headroomChart, payloadChart, trafficChart, type ChartSpec } from '../formatters/report/charts.js';
import { describeCostChart, type ReportDocument } from '../formatters/report/document.js';
import { REPORT_FORMATS } from './report-options.js';

/**
 * `apigw-plan report`: the estimate (and, with --traffic, the throttling simulation) as one
 * self-contained HTML page or as Markdown. Vega is loaded here only (render-svg.ts), so no
 * other command pays for it.
 */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const out = outputOptions(opts, 'html');
  const format = out.format;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format ${format} is not a report format`, {
      where: '--format',
      hint: `use one of: ${REPORT_FORMATS.join(', ')}`,
    });
  }
  const output = out.output ? resolve(io.cwd, out.output) : undefined;
  if (format === 'html' && !output) {
    throw new InputError('an HTML report needs a file to go to', {
      where: '--output',
      hint: 'pass --output report.html (or --format markdown to print Markdown to stdout)',
    });
  }

  const doc = await report(reportRequest(opts), depsFromIo(io, overrides));
  // with --history, the forecast as `forecast` computes it (its estimate is its own, at the history's volume)
  if (typeof opts.history === 'string')
    doc.forecast = (await (await import('../app/forecast.js')).runForecast(forecastRequest(opts), depsFromIo(io))).report;
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
  // atomic; a missing directory is exit 3 naming it, as in every command (src/files/output.ts)
  writeOutputFile(output, text, '--output');
  io.stderr(`report: wrote ${output} (${Buffer.byteLength(text)} bytes)\n`);
  return {
    stdout: `${doc.estimate.verdict}\n${doc.simulation ? `${doc.simulation.verdict}\n` : ''}${doc.forecast ? `${doc.forecast.verdict}\n` : ''}`,
    exitCode: 0,
  };
}

/** Report flags → the typed request: the estimate flags, and simulate's when --traffic is given. */
export function reportRequest(opts: Record<string, unknown>): ReportRequest {
  const traffic = typeof opts.traffic === 'string';
  // --limits also serves the forecast (--history); --payload only the simulation
  if (!traffic && (typeof opts.payload === 'string' || (typeof opts.limits === 'string' && typeof opts.history !== 'string'))) {
    throw new InputError('--limits and --payload describe the traffic given with --traffic', {
      where: typeof opts.limits === 'string' ? '--limits' : '--payload',
      hint: 'add --traffic FILE (request counts per period), or drop the flag',
    });
  }
  return {
    estimate: estimateRequest(opts),
    simulate: traffic ? simulateRequest(opts) : undefined,
    timestamp: opts.timestamp === true,
  };
}

/** The charts of a report document, rendered to SVG in a fixed order. */
export async function renderReportCharts(doc: ReportDocument): Promise<import('../formatters/report/render-svg.js').RenderedChart[]> {
  const specs: ChartSpec[] = [];
  if (doc.cost.points.length) {
    // a decade either side of the given volume first, then the whole break-even search range
    const volumes = doc.cost.points.map((p) => p.volume);
    const focus = focusRange(doc.cost.givenVolume, Math.min(...volumes), Math.max(...volumes));
    specs.push(
      costChart(doc, describeCostChart(doc, focus), {
        id: 'cost-by-volume',
        title: 'Monthly cost around the given volume',
        range: focus,
      }),
      costChart(doc, describeCostChart(doc), { id: 'cost-by-volume-full', title: 'Monthly cost over the whole search range' }),
    );
  }
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
  if (doc.forecast) specs.push(...(await import('../formatters/forecast/chart.js')).forecastCharts(doc.forecast));
  const { renderCharts } = await import('../formatters/report/render-svg.js');
  return renderCharts(specs);
}
