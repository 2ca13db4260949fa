import { z } from 'zod';
import { InputError } from '../errors.js';
import { readStructuredFile } from '../files/structured.js';
import { fromHistogram, fromMix, fromPercentiles, type Distribution } from '../models/payload/distribution.js';
import type { PayloadInput } from '../models/payload/payload.js';

/** Payload file (JSON/YAML): size distributions as percentiles or histograms, see docs/simulate.md "Payload file". */
const UNITS: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };
const size = z.union([
  z
    .number()
    .nonnegative()
    .max(1024 ** 4, 'at most 1 TB'),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)\s*$/i, 'expected bytes or a size such as "512KB" or "4.5 MB" (1 KB = 1,024 bytes)'),
]);
const percentileKey = z.string().regex(/^(p\d+(\.\d+)?|max)$/, 'expected p50, p99, p99.9 … or max');
const dist = (value: z.ZodTypeAny) =>
  z.union([
    z.object({ percentiles: z.record(percentileKey, value) }).strict(),
    z.object({ histogram: z.array(z.object({ upTo: value, share: z.number().nonnegative() }).strict()).min(1) }).strict(),
    z.object({ mix: z.array(z.object({ size: value, share: z.number().positive() }).strict()).min(1) }).strict(),
  ]);
const schema = z
  .object({
    apiType: z.enum(['rest', 'http', 'websocket']),
    requests: dist(size).optional(),
    responses: dist(size).optional(),
    messages: dist(size).optional(),
    integrationLatencyMs: dist(z.number().nonnegative()).optional(),
    requestsPerMonth: z.number().nonnegative().optional(),
    messagesPerMonth: z.number().nonnegative().optional(),
  })
  .strict();

function bytes(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(v)!;
  return Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
}

type DistJson =
  | { percentiles: Record<string, number | string> }
  | { histogram: Array<{ upTo: number | string; share: number }> }
  | { mix: Array<{ size: number | string; share: number }> };

function toDistribution(d: DistJson | undefined): Distribution | undefined {
  if (!d) return undefined;
  if ('percentiles' in d)
    return fromPercentiles(Object.entries(d.percentiles).map(([k, v]) => [k === 'max' ? 1 : Number(k.slice(1)) / 100, bytes(v)]));
  if ('mix' in d) return fromMix(d.mix.map((m) => ({ size: bytes(m.size), share: m.share })));
  return fromHistogram(d.histogram.map((b) => ({ upTo: bytes(b.upTo), share: b.share })));
}

export function readPayloadFile(file: string): PayloadInput {
  const p = readStructuredFile(file, schema, { what: 'payload file', flag: '--payload', docs: 'docs/simulate.md "Payload file"' });
  const percentileProblems = (['requests', 'responses', 'messages', 'integrationLatencyMs'] as const).flatMap((k) => {
    const d = p[k] as DistJson | undefined;
    if (!d) return [];
    if (!('percentiles' in d)) {
      const [form, shares] = 'mix' in d ? (['mix', d.mix] as const) : (['histogram', d.histogram] as const);
      const total = shares.reduce((a: number, b: { share: number }) => a + b.share, 0);
      return total > 0 ? [] : [`${file} › ${k}.${form}: every share is 0; give each its share of the traffic`];
    }
    if (Object.keys(d.percentiles).length === 0) return [`${file} › ${k}.percentiles: no percentiles; give at least p50 (and p99, max)`];
    return Object.keys(d.percentiles)
      .filter((q) => q !== 'max' && !(Number(q.slice(1)) > 0 && Number(q.slice(1)) < 100))
      .map((q) => `${file} › ${k}.percentiles.${q}: percentile must be between 0 and 100`);
  });
  if (percentileProblems.length)
    throw new InputError(`payload file ${file} has bad percentiles or shares`, {
      where: file,
      problems: percentileProblems,
      hint: 'use keys like p50, p99, p99.9, max',
    });
  return {
    apiType: p.apiType,
    requests: toDistribution(p.requests as DistJson | undefined),
    responses: toDistribution(p.responses as DistJson | undefined),
    messages: toDistribution(p.messages as DistJson | undefined),
    integrationLatencyMs: toDistribution(p.integrationLatencyMs as DistJson | undefined),
    requestsPerMonth: p.requestsPerMonth,
    messagesPerMonth: p.messagesPerMonth,
  };
}
