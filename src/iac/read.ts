import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { readCloudFormation } from '../models/iac/cloudformation.js';
import { isOpenApi, openApiModel } from '../models/iac/openapi.js';
import type { Template } from '../models/iac/resolve.js';
import { isSamTemplate, samTransform } from '../models/iac/sam.js';
import { emptyLineIndex, type LineIndex } from '../models/iac/source.js';
import { isTerraformPlan, readTerraformPlan } from '../models/iac/terraform.js';
import { emptyModel, mergeModels, type IacModel, type SourceFormat } from '../models/iac/types.js';
import { ParseFailure, parseWithLines } from './parse.js';

/**
 * Read infrastructure code from files and folders, detect each file's format by its content,
 * and hand plain data to the pure readers in src/models/iac. The only file reading of `inventory`.
 */

export interface IacReadOptions {
  cwd: string;
  /** --parameter Key=Value: CloudFormation parameter values that win over defaults. */
  parameters: Record<string, string>;
  region?: string | undefined;
  /** How to read a standalone OpenAPI file (default: from its content, else REST). */
  openapiAs?: 'rest' | 'http' | undefined;
}

/** Largest file read (a CloudFormation template is at most 1 MB; plans of big estates are larger). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Most files read from folders. */
export const MAX_FILES = 2000;
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.aws-sam', 'dist']);
const EXPECTED =
  'a CloudFormation or SAM template (JSON or YAML, with Resources), a Terraform plan (terraform show -json), an OpenAPI 3 / Swagger 2 definition, or a cdk.out folder (manifest.json)';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      where: file,
      hint: 'check the path (relative paths are from the current directory)',
    });
  }
  if (size > MAX_FILE_BYTES)
    throw new InputError(`${file} is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB read limit`, {
      where: file,
      hint: 'pass the templates themselves, not archives or state dumps',
    });
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { where: file });
  }
}

interface Parsed {
  data: unknown;
  lines: LineIndex;
}

/** JSON or YAML with lines. A JSON file too large to keep lines for is parsed without them. */
function parseFile(file: string, text: string): Parsed {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${file} is not valid JSON: ${(e as Error).message.split('\n')[0]}`, {
        where: file,
        hint: `expected ${EXPECTED}`,
      });
    }
    // Terraform plans carry no useful lines (addresses name the resources); templates do
    if (isTerraformPlan(data) || text.length > 5 * 1024 * 1024) return { data, lines: emptyLineIndex() };
    try {
      return parseWithLines(text);
    } catch {
      return { data, lines: emptyLineIndex() };
    }
  }
  try {
    return parseWithLines(text);
  } catch (e) {
    if (e instanceof ParseFailure)
      throw new InputError(`${file} is not valid YAML${e.line !== undefined ? ` (line ${e.line})` : ''}: ${e.message}`, {
        where: e.line !== undefined ? `${file}:${e.line}` : file,
        hint: `expected ${EXPECTED}`,
      });
    throw e;
  }
}

function isTemplate(d: unknown): d is Template & Record<string, unknown> {
  return (
    isObj(d) &&
    isObj(d.Resources) &&
    (d.AWSTemplateFormatVersion !== undefined ||
      isSamTemplate(d) ||
      Object.values(d.Resources).some((r) => isObj(r) && typeof r.Type === 'string'))
  );
}

/** Replace local AWS::Include transforms and SAM DefinitionUri files by their content (S3 locations stay unknown). */
function inlineLocalFiles(node: unknown, dir: string, depth = 0): void {
  if (depth > 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) inlineLocalFiles(x, dir, depth + 1);
    return;
  }
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (isObj(v) && isObj(v['Fn::Transform']) && v['Fn::Transform'].Name === 'AWS::Include') {
      const loc = isObj(v['Fn::Transform'].Parameters) ? v['Fn::Transform'].Parameters.Location : undefined;
      const local = typeof loc === 'string' && !/^s3:\/\//.test(loc) ? resolve(dir, loc) : undefined;
      if (local && existsSync(local)) obj[k] = parseFile(local, readText(local)).data;
      continue;
    }
    if (k === 'DefinitionUri' && typeof v === 'string' && !/^s3:\/\//.test(v) && obj.DefinitionBody === undefined) {
      const local = resolve(dir, v);
      if (existsSync(local) && statSync(local).isFile()) {
        obj.DefinitionBody = parseFile(local, readText(local)).data;
        delete obj.DefinitionUri;
      }
      continue;
    }
    inlineLocalFiles(v, dir, depth + 1);
  }
}

function templateModel(
  p: Parsed,
  file: string,
  stack: string,
  format: SourceFormat,
  opts: IacReadOptions,
  parameters: Record<string, string> = opts.parameters,
): IacModel {
  const data = p.data as Template & Record<string, unknown>;
  inlineLocalFiles(data.Resources, dirname(resolve(opts.cwd, file)));
  let template: Template = data;
  const findings: IacModel['findings'] = [];
  let fmt = format;
  if (isSamTemplate(data)) {
    const t = samTransform(data, p.lines);
    template = t.template;
    findings.push(...t.findings.map((f) => ({ ...f, src: f.src ?? { file } })));
    if (fmt === 'cloudformation') fmt = 'sam';
  }
  const m = readCloudFormation({ template, file, stack, format: fmt, lines: p.lines, parameters, region: opts.region });
  m.findings.unshift(...findings);
  m.sources.push({ file, format: fmt, ...(format === 'cdk' ? { stack } : {}) });
  return m;
}

/** A cdk.out cloud assembly: every stack template, nested stacks and nested assemblies (stages). */
function readCdk(dir: string, opts: IacReadOptions, depth = 0): IacModel {
  const manifestFile = join(dir, 'manifest.json');
  const manifest = parseFile(manifestFile, readText(manifestFile)).data;
  if (!isObj(manifest) || !isObj(manifest.artifacts))
    throw new InputError(`${manifestFile} is not a CDK cloud assembly manifest (no artifacts)`, {
      where: manifestFile,
      hint: 'run cdk synth and pass its cdk.out folder',
    });
  const models: IacModel[] = [];
  const rel = (f: string) => displayPath(opts.cwd, f);
  for (const [id, art] of Object.entries(manifest.artifacts)) {
    if (!isObj(art)) continue;
    const props = isObj(art.properties) ? art.properties : {};
    if (art.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string' && depth < 8) {
      models.push(readCdk(join(dir, props.directoryName), opts, depth + 1));
      continue;
    }
    if (art.type !== 'aws:cloudformation:stack' || typeof props.templateFile !== 'string') continue;
    const stack = typeof props.stackName === 'string' ? props.stackName : id;
    const file = join(dir, props.templateFile);
    const visit = (tplFile: string, stackName: string, params: Record<string, string>, level: number) => {
      const p = parseFile(rel(tplFile), readText(tplFile));
      if (!isTemplate(p.data))
        throw new InputError(`${rel(tplFile)} is not a CloudFormation template`, { where: rel(tplFile), hint: `expected ${EXPECTED}` });
      models.push(templateModel(p, rel(tplFile), stackName, 'cdk', opts, { ...opts.parameters, ...params }));
      for (const [logical, res] of Object.entries((p.data as Template).Resources ?? {})) {
        const asset = res?.Metadata?.['aws:asset:path'];
        if (res?.Type !== 'AWS::CloudFormation::Stack' || typeof asset !== 'string' || level > 8) continue;
        const nested = join(dir, asset);
        if (!existsSync(nested)) continue;
        // literal parameters passed down decide counts in the nested stack too
        const passed: Record<string, string> = {};
        for (const [k, v] of Object.entries(isObj(res.Properties?.Parameters) ? res.Properties.Parameters : {}))
          if (typeof v === 'string' || typeof v === 'number') passed[k] = String(v);
        visit(nested, `${stackName}/${logical}`, passed, level + 1);
      }
    };
    visit(file, stack, {}, 0);
  }
  return mergeModels(models);
}

function readOne(file: string, opts: IacReadOptions, strict: boolean): IacModel | undefined {
  const abs = resolve(opts.cwd, file);
  const rel = displayPath(opts.cwd, abs);
  if (/(^|\/)manifest\.json$/.test(rel)) {
    const p = parseFile(rel, readText(abs));
    if (isObj(p.data) && isObj(p.data.artifacts)) return readCdk(dirname(abs), opts);
  }
  const p = parseFile(rel, readText(abs));
  const stack = rel.replace(/\.(ya?ml|json|template)$/i, '');
  if (isTerraformPlan(p.data)) {
    const m = readTerraformPlan(p.data, rel);
    m.sources.push({ file: rel, format: 'terraform' });
    return m;
  }
  if (isTemplate(p.data)) return templateModel(p, rel, stack, 'cloudformation', opts);
  if (isOpenApi(p.data)) {
    const m = emptyModel();
    const o = openApiModel(p.data, { file: rel, id: `${stack}/openapi`, lines: p.lines, as: opts.openapiAs });
    m.apis.push(o.api);
    m.findings.push(...o.findings);
    m.sources.push({ file: rel, format: 'openapi' });
    return m;
  }
  if (!strict) return undefined;
  const keys = isObj(p.data) ? Object.keys(p.data).slice(0, 6).join(', ') : Array.isArray(p.data) ? 'a list' : typeof p.data;
  throw new InputError(`${rel} is not infrastructure code apigw-plan can read (found: ${keys || 'nothing'})`, {
    where: rel,
    hint: `expected ${EXPECTED}`,
  });
}

/** A path as the report names it: relative to the working folder when inside it, else absolute. */
function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : abs.split(sep).join('/');
}

function listFiles(dir: string, out: string[], depth = 0): void {
  if (depth > 8 || out.length > MAX_FILES) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (SKIP_DIRS.has(name)) continue;
      if (existsSync(join(p, 'manifest.json')) && name.endsWith('.out')) out.push(join(p, 'manifest.json'));
      else listFiles(p, out, depth + 1);
    } else if (/\.(ya?ml|json|template)$/i.test(name)) out.push(p);
  }
}

/** Read every path (files, folders, cdk.out folders) into one model. */
export function readIac(paths: string[], opts: IacReadOptions): IacModel {
  if (!paths.length) throw new InputError('no path given', { where: 'inventory <path…>', hint: `give files or folders with ${EXPECTED}` });
  const models: IacModel[] = [];
  for (const p of paths) {
    const abs = resolve(opts.cwd, p);
    if (!existsSync(abs))
      throw new InputError(`${p} does not exist`, { where: p, hint: 'check the path (relative paths are from the current directory)' });
    if (statSync(abs).isDirectory()) {
      if (existsSync(join(abs, 'manifest.json'))) {
        models.push(readCdk(abs, opts));
        continue;
      }
      const files: string[] = [];
      listFiles(abs, files);
      if (files.length > MAX_FILES)
        throw new InputError(`${p} holds more than ${MAX_FILES} JSON/YAML files`, {
          where: p,
          hint: 'pass the folders with templates only',
        });
      const found: IacModel[] = [];
      for (const f of files) {
        try {
          const m = readOne(relative(opts.cwd, f), opts, false);
          if (m) found.push(m);
        } catch (e) {
          // in a folder, a file that does not parse is reported and skipped; named on its own it is an error
          if (!(e instanceof InputError)) throw e;
          const skipped = emptyModel();
          skipped.findings.push({
            code: 'IAC_FILE_SKIPPED',
            level: 'warn',
            message: `${e.message} — skipped`,
            src: { file: relative(opts.cwd, f) },
          });
          found.push(skipped);
        }
      }
      if (!found.some((m) => m.sources.length))
        throw new InputError(`${p} holds no infrastructure code apigw-plan can read`, { where: p, hint: `expected ${EXPECTED}` });
      models.push(...found);
    } else models.push(readOne(p, opts, true)!);
  }
  return mergeModels(models);
}
