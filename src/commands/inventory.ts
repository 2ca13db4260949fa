import { readFileSync } from 'node:fs';
import { writeOutputFile } from '../files/output.js';
import { resolve } from 'node:path';
import { Document, isScalar, stringify as toYaml } from 'yaml';
import { z } from 'zod';
import type { CommandResult, Io } from '../io.js';
import { InputError, InternalError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { readIac } from '../iac/read.js';
import { buildInventory, type InventoryReport, type LimitSources } from '../models/iac/inventory.js';
import { toLimitsFile, toScenario, type ApiTraffic } from '../models/iac/outputs.js';
import type { QuotaLimit } from '../models/iac/quotas.js';
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

/** Applied quota values: the JSON of `apigw-plan limits --format json`, or a plain map of code → value. */
const quotasFileSchema = z.union([
  z
    .object({
      rows: z.array(
        z.object({ code: z.string(), value: z.number(), source: z.string().optional(), raised: z.boolean().optional() }).loose(),
      ),
    })
    .loose(),
  z.record(z.string(), z.number()),
]);

interface BundledFile {
  compiled: string;
  quotas: Array<{ code: string; default: number; docUrl: string }>;
}

function bundledDefaults(): LimitSources['bundled'] {
  const file = JSON.parse(readFileSync(new URL('../../pricing-data/quota-defaults.json', import.meta.url), 'utf8')) as BundledFile;
  return Object.fromEntries(file.quotas.map((q) => [q.code, { value: q.default, docUrl: q.docUrl }]));
}

async function limitSources(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<LimitSources> {
  const bundled = bundledDefaults();
  if (typeof opts.quotas === 'string' && opts.fromAccount)
    throw new InputError('--quotas and --from-account both give applied quota values', { where: '--quotas', hint: 'use one of them' });
  if (typeof opts.quotas === 'string') {
    const file = resolve(io.cwd, opts.quotas);
    const data = readStructuredFile(file, quotasFileSchema, { what: 'quotas file', flag: '--quotas', docs: 'docs/iac.md "Quota values"' });
    const applied: Record<string, QuotaLimit> = {};
    if ('rows' in data && Array.isArray(data.rows)) {
      for (const r of data.rows as Array<{ code: string; value: number; source?: string; raised?: boolean }>)
        applied[r.code] = {
          value: r.value,
          source: `${opts.quotas}${r.source === 'bundled' ? ' (bundled default)' : r.raised ? ' (raised)' : ' (Service Quotas)'}`,
        };
    } else
      for (const [code, value] of Object.entries(data as Record<string, number>)) applied[code] = { value, source: String(opts.quotas) };
    return { bundled, applied, description: `applied values from ${opts.quotas}, else bundled defaults` };
  }
  if (opts.fromAccount) {
    // the AWS SDK loads only here
    const [{ depsFromIo }, { awsTarget }] = await Promise.all([import('../app/deps.js'), import('../app/requests.js')]);
    const { readServiceQuotas } = await import('../adapters/aws/service-quotas.js');
    const s = depsFromIo(io, overrides).awsSession(awsTarget(opts));
    const sq = await readServiceQuotas(s);
    for (const f of s.findings) io.stderr(`inventory: ${f.level} ${f.code}: ${f.message}\n`);
    const applied: Record<string, QuotaLimit> = {};
    for (const q of sq.defaults ?? []) applied[q.code] = { value: q.value, source: 'AWS default (Service Quotas)' };
    for (const q of sq.applied ?? []) applied[q.code] = { value: q.value, source: 'applied (Service Quotas)' };
    return {
      bundled,
      applied,
      description:
        sq.applied || sq.defaults
          ? `Service Quotas in ${s.region}, else bundled defaults`
          : 'bundled defaults (Service Quotas could not be read)',
    };
  }
  return { bundled, description: 'bundled defaults (documented AWS defaults; pass --quotas or --from-account for applied values)' };
}

function parameters(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (raw as string[] | undefined) ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new InputError(`--parameter ${p} is not KEY=VALUE`, { where: '--parameter', hint: 'e.g. --parameter Stage=prod' });
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InputError(`${flag} ${String(v)} is not a whole number`, { where: flag, hint: `e.g. ${flag} 2` });
  return n;
}

/** Atomic, and a missing directory is exit 3 naming it, as for every file the tool writes (src/files/output.ts). */
function write(file: string, text: string, flag: string): void {
  writeOutputFile(file, text, flag);
}

/** The inventory of the paths in opts.paths: what `check` gates on and `inventory` prints. */
export async function inventoryReport(
  opts: Record<string, unknown>,
  io: Io,
  overrides?: Record<string, unknown>,
): Promise<InventoryReport> {
  const paths = (opts.paths as string[] | undefined) ?? [];
  const model = readIac(paths, {
    cwd: io.cwd,
    parameters: parameters(opts.parameter),
    region: opts.region as string | undefined,
    openapiAs: opts.openapiAs as 'rest' | 'http' | undefined,
  });
  return buildInventory(model, await limitSources(opts, io, overrides));
}

export async function run(opts: Record<string, unknown>, io: Io, overrides?: Record<string, unknown>): Promise<CommandResult> {
  const report = await inventoryReport(opts, io, overrides);
  const region = opts.region as string | undefined;

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
      privateEndpointAzs: positiveInt(opts.privateEndpointAzs, '--private-endpoint-azs'),
      wafRules: positiveInt(opts.wafRules, '--waf-rules'),
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
