import type { CommandResult, Io } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { depsFromIo } from '../app/deps.js';
import { outputOptions, simulateRequest } from '../app/requests.js';
import { simulate } from '../app/simulate.js';
import { formatSimulateJson } from '../formatters/simulate/json.js';
import { formatSimulateMarkdown } from '../formatters/simulate/markdown.js';
import { verdict } from '../formatters/simulate/result.js';

/** `apigw-plan simulate`: flags → typed request → app → formatter → exit code (1 with --fail-above-target when the risk is above target). */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const { result } = await simulate(simulateRequest(opts), depsFromIo(io, overrides));
  const { throttle, target } = result;
  const { format } = outputOptions(opts, 'table');
  const stdout =
    format === 'json'
      ? formatSimulateJson(result)
      : format === 'markdown'
        ? formatSimulateMarkdown(result)
        : // the table library and chalk load only for the table
          await (async () => {
            const term = await (await import('../formatters/terminal.js')).terminal({ color: outputOptions(opts, 'table').color }, io);
            return (await import('../formatters/simulate/table.js')).formatSimulateTable(result, term.colors, {
              width: term.width,
              ascii: !term.isTty,
              details: opts.details === true,
            });
          })();
  const failed = opts.failAboveTarget === true && throttle.busiestWindowPAny > target;
  if (failed) io.stderr(`simulate: gate failed — ${verdict(result)}\n`);
  return { stdout, exitCode: failed ? EXIT.GATE_FAILED : EXIT.OK };
}
