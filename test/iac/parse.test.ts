// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings are the test data
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWithLines } from '../../src/iac/parse.js';
import { restResources } from '../../src/models/iac/openapi.js';
import { Resolver, ResourceRef, Unknown } from '../../src/models/iac/resolve.js';
import { ROOT } from '../helpers/cli.js';

describe('short-form intrinsics become the long form CloudFormation reads', () => {
  it('every short form, on scalars, sequences and mappings', () => {
    const { data } = parseWithLines(
      [
        'a: !Ref Env',
        'b: !GetAtt Api.RootResourceId',
        'c: !GetAtt [Api, Arn]',
        'd: !Sub "${Env}-x"',
        'e: !Sub ["${A}-y", { A: !Ref Env }]',
        'f: !If [IsProd, !Join ["", [a, !Ref B]], !Select [0, !Split [",", "p,q"]]]',
        'g: !Equals [!Ref Env, prod]',
        'h: !Not [!Condition IsProd]',
        'i: !And [!Condition A, !Or [!Condition B, !Condition C]]',
        'j: !FindInMap [M, !Ref Env, Rate]',
        'k: !ImportValue shared',
        'l: !Base64 text',
        'm: !GetAZs ""',
        'n: !Cidr [10.0.0.0/16, 4, 8]',
      ].join('\n'),
    );
    expect(data).toEqual({
      a: { Ref: 'Env' },
      b: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
      c: { 'Fn::GetAtt': ['Api', 'Arn'] },
      d: { 'Fn::Sub': '${Env}-x' },
      e: { 'Fn::Sub': ['${A}-y', { A: { Ref: 'Env' } }] },
      f: { 'Fn::If': ['IsProd', { 'Fn::Join': ['', ['a', { Ref: 'B' }]] }, { 'Fn::Select': [0, { 'Fn::Split': [',', 'p,q'] }] }] },
      g: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      h: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      i: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Or': [{ Condition: 'B' }, { Condition: 'C' }] }] },
      j: { 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Rate'] },
      k: { 'Fn::ImportValue': 'shared' },
      l: { 'Fn::Base64': 'text' },
      m: { 'Fn::GetAZs': '' },
      n: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
    });
  });

  it('keeps lines of objects and keys', () => {
    const { data, lines } = parseWithLines('Resources:\n  Api:\n    Type: X\n    Properties:\n      Name: !Ref N\n');
    const api = (data as { Resources: { Api: { Properties: { Name: unknown } } } }).Resources.Api;
    expect([lines.lineOf(api), lines.lineOf(api.Properties, 'Name'), lines.lineOf(api.Properties.Name)]).toEqual([3, 5, 5]);
  });

  it('refuses aliases, duplicate keys and hostile nesting', () => {
    expect(() => parseWithLines('a: &x {b: 1}\nc: *x\n')).toThrow(/aliases/);
    expect(() => parseWithLines('a: 1\na: 2\n')).toThrow(/unique|duplicate/i);
    expect(() => parseWithLines(`${'['.repeat(200)}${']'.repeat(200)}`)).toThrow(/nested deeper/);
  });
});

describe('resolution: what the template decides, and nothing more', () => {
  const template = {
    Parameters: { Env: { Default: 'prod' }, Secret: { Type: 'String' }, Subnets: { Type: 'CommaDelimitedList', Default: 'a,b,c' } },
    Mappings: { M: { prod: { Rate: 100 } } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, ByRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } },
    Resources: { Api: { Type: 'AWS::ApiGateway::RestApi' } },
  };
  const r = new Resolver({ template, parameters: {} });

  it('defaults, mappings, lists, conditions and Sub resolve', () => {
    expect(r.value({ 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Rate'] })).toBe(100);
    expect(r.value({ 'Fn::Length': { Ref: 'Subnets' } })).toBe(3);
    expect(r.value({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(r.value({ 'Fn::Sub': '${Env}-api' })).toBe('prod-api');
    expect(r.value({ 'Fn::GetAtt': ['Api', 'RootResourceId'] })).toEqual(new ResourceRef('Api', 'RootResourceId'));
  });

  it('a parameter without a default, the Region or an import is unknown, with the reason', () => {
    expect((r.value({ Ref: 'Secret' }) as Unknown).reason).toBe('parameter Secret has no default (give --parameter Secret=VALUE)');
    expect(r.condition('ByRegion')).toBeInstanceOf(Unknown);
    expect(new Resolver({ template, parameters: {}, region: 'eu-west-1' }).condition('ByRegion')).toBe(true);
    const u = r.value({ 'Fn::If': ['ByRegion', 1, 2] }) as Unknown;
    expect(u.reason).toMatch(/depends on condition ByRegion/);
    expect(r.value({ 'Fn::ImportValue': 'x' })).toBeInstanceOf(Unknown);
    expect((r.value({ 'Fn::Sub': 'arn:${AWS::Partition}:x/${Api}' }) as Unknown).refs).toEqual(['Api']);
  });
});

describe('REST resources are path prefixes (independent of the reader: counted here by splitting)', () => {
  it('matches a direct count over the generated fixtures', async () => {
    const { paths } = (await import(join(ROOT, 'scripts/make-openapi-fixture.mjs'))) as { paths: (n: number) => Record<string, unknown> };
    for (const n of [1, 2, 3, 4, 299, 300, 301]) {
      const set = new Set<string>(['']);
      for (const p of Object.keys(paths(n))) {
        const parts = p.split('/');
        for (let i = 2; i <= parts.length; i++) set.add(parts.slice(0, i).join('/'));
      }
      expect(set.size, `${n} resources`).toBe(n);
      expect(restResources(Object.keys(paths(n))).length).toBe(n);
    }
  });

  it('the committed fixtures are what the script writes', async () => {
    const { paths } = (await import(join(ROOT, 'scripts/make-openapi-fixture.mjs'))) as { paths: (n: number) => Record<string, unknown> };
    const committed = JSON.parse(readFileSync(join(ROOT, 'examples/iac/openapi/openapi-301.json'), 'utf8'));
    expect(committed.paths).toEqual(paths(301));
    expect(readFileSync(join(ROOT, 'examples/iac/openapi/rest-api-299.yaml'), 'utf8')).toContain(
      stringify({ '/c100': paths(299)['/c100'] }).split('\n')[0],
    );
  });
});
