import { resolve } from 'node:path';
import { writeOutputFile } from '../files/output.js';
import { stringify as toYaml } from 'yaml';
import type { CommandResult, Io } from '../io.js';
import { EnvironmentError } from '../errors.js';
import { depsFromIo } from '../app/deps.js';
import { readLimits } from '../app/limits.js';
import { limitsRequest, outputOptions, stringFlag } from '../app/requests.js';
import { formatLimitsJson, formatLimitsMarkdown, formatLimitsTable } from '../formatters/limits/render.js';
import { TOOL } from '../version.js';

/** `apigw-plan limits`: flags → typed request → app → (--limits-out file) → formatter. `overrides` is for tests. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const report = await readLimits(limitsRequest(opts), depsFromIo(io, overrides));
  if (report.readNothing)
    throw new EnvironmentError(`nothing could be read from AWS in ${report.region}: every fact limits shows would be unknown`, {
      where: report.unread.slice(0, 6).join('; ') + (report.unread.length > 6 ? `; ${report.unread.length - 6} more` : ''),
      hint: 'run `apigw-plan iam-policy` for the permissions the tool needs; if AWS was throttling, wait a minute and run again',
    });
  const limitsOut = stringFlag(opts, 'limitsOut');
  if (limitsOut) {
    const text = /\.json$/i.test(limitsOut)
      ? `${JSON.stringify(report.configured, null, 2)}\n`
      : `# Configured throttles read from ${report.region} by apigw-plan limits\n${toYaml(report.configured)}`;
    writeOutputFile(resolve(io.cwd, limitsOut), text, '--limits-out');
    io.stderr(`limits: wrote ${limitsOut}\n`);
  }
  const { format } = outputOptions(opts, 'table');
  const out =
    format === 'json'
      ? formatLimitsJson(report, TOOL)
      : format === 'markdown'
        ? formatLimitsMarkdown(report)
        : await (async () => {
            const term = await (await import('../formatters/terminal.js')).terminal({ color: outputOptions(opts, 'table').color }, io);
            return formatLimitsTable(report, term.colors, { width: term.width, ascii: !term.isTty });
          })();
  return { stdout: out, exitCode: 0 };
}
