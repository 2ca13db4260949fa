import type { CommandResult, Io } from '../io.js';
import { depsFromIo } from '../app/deps.js';
import { estimate } from '../app/estimate.js';
import { estimateRequest, outputOptions } from '../app/requests.js';
import { colors } from '../formatters/colors.js';
import { formatEstimateMarkdown } from '../formatters/estimate/markdown.js';

/** `apigw-plan estimate`: flags → typed request → app → formatter → exit code. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const { report } = await estimate(estimateRequest(opts), depsFromIo(io, overrides));
  const { format, color } = outputOptions(opts, 'table');
  const stdout =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? formatEstimateMarkdown(report)
        : // the table library loads only for the table
          (await import('../formatters/estimate/table.js')).formatEstimateTable(
            report,
            await colors({ color, env: io.env, isTty: Boolean(process.stdout.isTTY) }),
          );
  return { stdout, exitCode: 0 };
}
