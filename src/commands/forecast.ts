import { depsFromIo } from '../app/deps.js';
import { runForecast } from '../app/forecast.js';
import { forecastRequest, outputOptions } from '../app/requests.js';
import type { CommandResult, Io } from '../io.js';

/** `apigw-plan forecast`: flags → app (src/app/forecast.ts) → formatter; exit 0 when it ran. */
export async function run(opts: Record<string, unknown>, io: Io): Promise<CommandResult> {
  const { report } = await runForecast(forecastRequest(opts), depsFromIo(io));
  for (const w of report.warnings) io.stderr(`forecast: warning ${w}\n`);
  const format = String(opts.format ?? 'table');
  let stdout: string;
  if (format === 'json') stdout = `${JSON.stringify(report, null, 2)}\n`;
  else if (format === 'markdown') stdout = (await import('../formatters/forecast/markdown.js')).formatForecastMarkdown(report);
  else {
    // the table library and chalk load only for the table
    const term = await (await import('../formatters/terminal.js')).terminal({ color: outputOptions(opts, 'table').color }, io);
    stdout = (await import('../formatters/forecast/table.js')).formatForecastTable(report, {
      width: term.width,
      ascii: !term.isTty,
      colors: term.colors,
    });
  }
  return { stdout, exitCode: 0 };
}
