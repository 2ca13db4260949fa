import { writeFileSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import type { CommandResult, Io } from '../io.js';
import { InputError } from '../errors.js';
import { depsFromIo } from '../app/deps.js';
import { readLimits } from '../app/limits.js';
import { limitsRequest, outputOptions, stringFlag } from '../app/requests.js';
import { formatLimitsJson, formatLimitsMarkdown, formatLimitsTable } from '../formatters/limits/render.js';
import { TOOL } from '../version.js';

/** `apigw-plan limits`: flags → typed request → app → (--limits-out file) → formatter. `overrides` is for tests. */
export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const report = await readLimits(limitsRequest(opts), depsFromIo(io, overrides));
  const limitsOut = stringFlag(opts, 'limitsOut');
  if (limitsOut) {
    const text = /\.json$/i.test(limitsOut)
      ? `${JSON.stringify(report.configured, null, 2)}\n`
      : `# Configured throttles read from ${report.region} by apigw-plan limits\n${toYaml(report.configured)}`;
    try {
      writeFileSync(limitsOut, text);
    } catch (e) {
      throw new InputError(`cannot write ${limitsOut}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        where: '--limits-out',
        hint: 'check the directory exists and is writable',
      });
    }
    io.stderr(`limits: wrote ${limitsOut}\n`);
  }
  const { format } = outputOptions(opts, 'table');
  const out =
    format === 'json' ? formatLimitsJson(report, TOOL) : format === 'markdown' ? formatLimitsMarkdown(report) : formatLimitsTable(report);
  return { stdout: out, exitCode: 0 };
}
