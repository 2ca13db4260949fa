import { depsFromIo } from '../app/deps.js';
import { inventoryReport } from '../app/inventory.js';
import { inventoryRequest, numberFlag } from '../app/requests.js';
import { writeOutputFile } from '../files/output.js';
import { resolve } from 'node:path';
import { Document, isScalar, stringify as toYaml } from 'yaml';
import { z } from 'zod';
import type { CommandResult, Io } from '../io.js';
import { InputError, InternalError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { toLimitsFile, toScenario, type ApiTraffic } from '../models/iac/outputs.js';
import { srcText } from '../models/iac/source.js';
import { scenarioSchema } from '../scenario/schema.js';
import { limitsSchema } from '../traffic/limits.js';
import { formatInventoryMarkdown, formatInventoryTable } from '../formatters/inventory/render.js';
import { terminal } from '../formatters/terminal.js';
import { TOOL } from '../version.js';

const volume = z.union([z.string(), z.number()]);
const trafficFileSchema = z.record(
  z.string(),
  z
    .object({
      requests: volume.optional(),
      requestSize: volume.optional(),
      responseSize: volume.optional(),
      maxRequestSize: volume.optional(),
      maxResponseSize: volume.optional(),
      messages: volume.optional(),
      messageSize: volume.optional(),
      connectionMinutes: volume.optional(),
    })
    .strict(),
);

/** A count flag (0 or more), through the one number validator. */
const wholeNumber = (opts: Record<string, unknown>, name: string, flag: string): number | undefined =>
  numberFlag(opts, name, flag, (n) => Number.isInteger(n) && n >= 0, 'a whole number', '2');

/** Atomic, and a missing directory is exit 3 naming it, as for every file the tool writes (src/files/output.ts). */
function write(file: string, text: string, flag: string): void {
  writeOutputFile(file, text, flag);
}

export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const request = inventoryRequest(opts);
  const report = await inventoryReport(request, depsFromIo(io, overrides), (line) => io.stderr(line));
  const region = request.region;

  if (typeof opts.limitsOut === 'string') {
    const file = resolve(io.cwd, opts.limitsOut);
    if (/\.json$/i.test(file))
      throw new InputError('--limits-out writes YAML: its comments name the file and line of each setting', {
        where: '--limits-out',
        hint: 'name the file .yaml or .yml',
      });
    const out = toLimitsFile(report, region);
    report.findings.push(...out.notes);
    // the file must be what `simulate --limits` reads
    const check = limitsSchema.safeParse(out.data);
    if (!check.success)
      throw new InternalError(`the limits file made from the code does not pass its own schema: ${check.error.issues[0]?.message}`);
    const doc = new Document(out.data);
    doc.commentBefore = ` Throttles and usage plans read from ${[...new Set(report.inputs.map((i) => i.file))].join(', ')} by apigw-plan inventory.\n Use with: apigw-plan simulate --traffic FILE --limits ${opts.limitsOut}`;
    for (const s of out.sources) {
      const node = doc.getIn(s.path, true);
      if (node && typeof node === 'object') {
        if (isScalar(node)) node.comment = ` ${srcText(s.src)}`;
        else (node as { commentBefore?: string }).commentBefore = ` ${srcText(s.src)}`;
      }
    }
    write(file, doc.toString({ lineWidth: 0 }), '--limits-out');
    io.stderr(`inventory: limits file written to ${file}\n`);
  }

  if (typeof opts.scenarioOut === 'string') {
    const file = resolve(io.cwd, opts.scenarioOut);
    const byName =
      typeof opts.trafficFile === 'string'
        ? readStructuredFile(resolve(io.cwd, opts.trafficFile), trafficFileSchema, {
            what: 'traffic file',
            flag: '--traffic-file',
            docs: 'docs/iac.md "Scenario"',
          })
        : {};
    const traffic = (label: string, type: 'rest' | 'http' | 'websocket'): ApiTraffic | undefined => {
      const own = byName[label];
      if (own) return Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) as ApiTraffic;
      if (type === 'websocket') {
        if (opts.messages === undefined && opts.connectionMinutes === undefined) return undefined;
        return {
          ...(opts.messages !== undefined ? { messages: String(opts.messages) } : {}),
          ...(opts.connectionMinutes !== undefined ? { connectionMinutes: String(opts.connectionMinutes) } : {}),
        };
      }
      return opts.requests !== undefined ? { requests: String(opts.requests) } : undefined;
    };
    const sc = toScenario(report, {
      region,
      traffic,
      privateEndpointAzs: wholeNumber(opts, 'privateEndpointAzs', '--private-endpoint-azs'),
      wafRules: wholeNumber(opts, 'wafRules', '--waf-rules'),
    });
    report.findings.push(...sc.notes);
    if (!sc.data)
      throw new InputError(`cannot write the scenario: ${sc.problems.length} input(s) missing`, {
        where: '--scenario-out',
        problems: sc.problems,
        hint: 'traffic is not in the code: give it by flag or --traffic-file',
      });
    const check = scenarioSchema.safeParse(sc.data);
    if (!check.success)
      throw new InternalError(`the scenario made from the code does not pass its own schema: ${check.error.issues[0]?.message}`);
    const text = /\.json$/i.test(file)
      ? `${JSON.stringify(sc.data, null, 2)}\n`
      : `# Estimate scenario made by apigw-plan inventory from the code; traffic from flags or --traffic-file.\n# Use with: apigw-plan estimate --scenario ${opts.scenarioOut}\n${toYaml(sc.data, { lineWidth: 0 })}`;
    write(file, text, '--scenario-out');
    io.stderr(`inventory: scenario written to ${file}\n`);
  }

  const format = String(opts.format ?? 'table');
  const stdout =
    format === 'json'
      ? `${JSON.stringify({ ...report, tool: TOOL }, null, 2)}\n`
      : format === 'markdown'
        ? formatInventoryMarkdown(report)
        : await (async () => {
            const term = await terminal({ color: opts.color as boolean | undefined }, io);
            return formatInventoryTable(report, { width: term.width, ascii: !term.isTty });
          })();
  return { stdout, exitCode: 0 };
}
