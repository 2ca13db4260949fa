import { resolve } from 'node:path';
import { depsFromIo } from '../app/deps.js';
import { diff, type InventoryReader } from '../app/diff.js';
import { numberFlag, outputOptions, stringFlag } from '../app/requests.js';
import { writeOutputFile } from '../files/output.js';
import { terminal } from '../formatters/terminal.js';
import { formatDiffMarkdown, formatDiffTable } from '../formatters/diff/text.js';
import type { CommandResult, Io } from '../io.js';
import { estimateDefaults } from './estimate-options.js';

/** `apigw-plan diff`: flags → request → app → formatter. Exit 0 when it ran: the gates of `check` decide. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const out = outputOptions(opts, 'table');
  const headroom = numberFlag(opts, 'headroom', '--headroom', (n) => n >= 0 && n <= 100, 'a percentage from 0 to 100', '10') ?? 10;
  const option = stringFlag(opts, 'option');
  const deps = depsFromIo(io, overrides);
  // the infrastructure-code readers load only when a side is code
  const readInventory: InventoryReader = async (root, path) => (await import('../app/inventory.js')).inventoryReader(deps)(root, path);
  const report = await diff(
    {
      base: String(opts.base),
      head: String(opts.head),
      options: { showUnchanged: opts.showUnchanged === true, headroomPercent: headroom, ...(option ? { headlineOption: option } : {}) },
      estimateDefaults: estimateDefaults(),
    },
    deps,
    readInventory,
  );
  const text =
    out.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : out.format === 'markdown'
        ? formatDiffMarkdown(report)
        : await (async () => {
            const term = await terminal({ color: out.color }, io);
            return formatDiffTable(report, term.colors, term.width, !term.isTty);
          })();
  if (out.output !== undefined) {
    writeOutputFile(resolve(io.cwd, out.output), text, '--output');
    return { stdout: `${report.verdict}\n`, exitCode: 0 };
  }
  return { stdout: text, exitCode: 0 };
}
