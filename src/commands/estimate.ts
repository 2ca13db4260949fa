import type { CommandResult, Io } from '../io.js';
import { depsFromIo } from '../app/deps.js';
import { estimate } from '../app/estimate.js';
import { estimateRequest, outputOptions } from '../app/requests.js';
import { formatEstimateMarkdown } from '../formatters/estimate/markdown.js';

/** `apigw-plan estimate`: flags → typed request → app → formatter → exit code. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const { parseDetails } = await import('../formatters/estimate/details.js');
  const details = parseDetails(opts.details);
  const { report } = await estimate(estimateRequest(opts), depsFromIo(io, overrides));
  const { format, color } = outputOptions(opts, 'table');
  const stdout =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatEstimateMarkdown(report)
        : // the table library loads only for the table
          await (async () => {
            const term = await (await import('../formatters/terminal.js')).terminal({ color }, io);
            return (await import('../formatters/estimate/table.js')).formatEstimateTable(report, term.colors, {
              width: term.width,
              ascii: !term.isTty,
              details,
            });
          })();
  return { stdout, exitCode: 0 };
}
