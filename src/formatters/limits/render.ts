import { type Colors, NO_COLORS } from '../colors.js';
import { DEFAULT_WIDTH, fitTable, wrap, type Layout } from '../terminal.js';
import type { Finding } from '../../models/types.js';
import type { QuotaRow } from '../../models/quotas/merge.js';
import type { LimitsFileData } from '../../adapters/aws/apigateway.js';
import { fmtMs, type ErrorRate, type Percentiles, type StageMetrics } from '../../models/cloudwatch/detail.js';

export interface LimitsReport {
  region: string;
  quotaSource: 'service-quotas' | 'bundled';
  rows: QuotaRow[];
  configured: LimitsFileData;
  cloudwatch:
    | {
        days: number;
        periodSeconds: number;
        periodReason: string;
        calls: number;
        /** GetMetricData queries: per-period series plus whole-window percentiles. */
        queries: number;
        gaps: number;
        /** Periods of every per-period series: with a datapoint, zero-filled (inside a series), missing (at its edges). */
        periods: { observed: number; zeroFilled: number; missing: number };
        stages: StageMetrics[];
      }
    | undefined;
  findings: Finding[];
  verdict: string;
  /** Reads that did not answer ("denied: apigateway:GET /account"): what they read is unknown. */
  unread: string[];
  /** True when no AWS read answered at all (`limits` exits 3). */
  readNothing: boolean;
}

const n = (v: number | undefined, digits = 0): string =>
  v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits });
/** Quotas with less headroom than this are listed first and named by the verdict. */
export const LOW_HEADROOM = 0.2;

/** A quota value with its unit as a reader says it: 10 MB, 29 s, 10,000 req/s. */
export function withUnit(v: number | undefined, unit: string, kind?: string): string {
  if (v === undefined) return '–';
  const u = unit.toLowerCase();
  if (u === 'bytes') return bytes(v);
  if (u === 'milliseconds') return v >= 1000 ? `${n(v / 1000, 3)} s` : `${n(v)} ms`;
  if (u.startsWith('seconds')) return `${n(v, 2)} s`;
  if (u === 'requests/second' || kind === 'rate') return `${n(v, 2)} req/s`;
  if (u === 'connections/second') return `${n(v, 2)} connections/s`;
  if (u.startsWith('requests (bucket')) return `${n(v, 2)} requests`;
  return n(v, 2);
}

const pct = (h: number | undefined): string => (h === undefined ? '–' : `${(h * 100).toFixed(1)}%`);

function rowCells(r: QuotaRow): string[] {
  return [
    r.name,
    r.code,
    r.kind,
    `${n(r.value, 2)}${r.kind === 'rate' ? '/s' : ''}${
      r.source === 'get-account'
        ? r.serviceQuotasValue !== undefined
          ? ` (GetAccount; Service Quotas ${n(r.serviceQuotasValue, 2)})`
          : ' (GetAccount)'
        : ''
    }`,
    n(r.default, 2),
    r.raised ? 'yes' : 'no',
    r.adjustable === undefined ? '?' : r.adjustable ? 'yes' : 'no',
    r.usage ? `${n(r.usage.value, 2)}${r.usage.where ? ` (${r.usage.where})` : ''}` : '–',
    r.unknown !== undefined ? `unknown (${r.unknown})` : pct(r.headroom),
  ];
}

const HEAD = ['Quota', 'Code', 'Kind', 'Value', 'Default', 'Raised', 'Adjustable', 'Usage', 'Headroom'];

export function formatLimitsJson(r: LimitsReport, tool: unknown): string {
  return `${JSON.stringify({ schemaVersion: 1, tool, command: 'limits', ...r }, null, 2)}\n`;
}

export function formatLimitsMarkdown(r: LimitsReport): string {
  const lines = [
    `## API Gateway limits in ${r.region}`,
    '',
    `Quotas from ${r.quotaSource === 'bundled' ? 'the documented defaults bundled with apigw-plan' : 'Service Quotas'}.`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
  ];
  for (const row of r.rows) lines.push(`| ${rowCells(row).join(' | ')} |`);
  lines.push('', ...configuredLines(r.configured).map((l) => `- ${l}`), '');
  if (r.cloudwatch) {
    lines.push(`${cloudWatchLine(r.cloudwatch)}.`, '');
    if (r.cloudwatch.stages.length) {
      lines.push(`| ${STAGE_HEAD.join(' | ')} |`, `|${STAGE_HEAD.map(() => '---').join('|')}|`);
      for (const st of r.cloudwatch.stages) lines.push(`| ${stageCells(st).join(' | ')} |`);
      lines.push('');
    }
  }
  for (const f of r.findings) lines.push(`> **${f.level}** ${f.code}: ${f.message}`);
  lines.push('', `**${r.verdict}**`);
  return `${lines.join('\n')}\n`;
}

const STAGE_HEAD = [
  'API/stage',
  'Type',
  'Requests',
  '4XX',
  '5XX',
  'Integration errors (4XX+5XX)',
  'Latency p50/p90/p99',
  'Integration p50/p90/p99',
  'DataProcessed',
];

/** Stage table columns that give way on narrow terminals: type first, then data processed, then integration latency. */
const STAGE_DROP: (number | undefined)[] = [undefined, 3, undefined, undefined, undefined, undefined, 1, 2];

function ratePct(e: ErrorRate | undefined): string {
  if (!e) return 'not listed';
  return e.rate === undefined ? '–' : `${(100 * e.rate).toFixed(2)}%`;
}

function pcts(p: Percentiles | undefined): string {
  if (!p) return 'not listed';
  return [p.p50, p.p90, p.p99].map(fmtMs).join(' / ');
}

function bytes(b: number | undefined): string {
  if (b === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function stageCells(st: StageMetrics): string[] {
  return [
    `${st.api}/${st.stage}`,
    st.apiType ?? '?',
    st.requests ? `${n(st.requests.total)}${st.requests.metric === 'MessageCount' ? ' msgs' : ''}` : 'not listed',
    ratePct(st.errors4xx),
    ratePct(st.errors5xx),
    st.apiType === 'websocket' || st.integrationErrors ? ratePct(st.integrationErrors) : '',
    pcts(st.latency),
    pcts(st.integrationLatency),
    st.apiType === 'http' || st.dataProcessedBytes !== undefined
      ? st.dataProcessedBytes === undefined
        ? 'not listed'
        : bytes(st.dataProcessedBytes)
      : '',
  ];
}

function cloudWatchLine(c: NonNullable<LimitsReport['cloudwatch']>): string {
  const p = c.periods;
  return `CloudWatch: last ${c.days} days at ${c.periodSeconds}-s periods (${c.periodReason}); ${c.queries} queries in ${c.calls} GetMetricData call(s); periods: ${n(p.observed)} with a datapoint, ${n(p.zeroFilled)} zero-filled (no datapoint between a series' first and last), ${n(p.missing)} missing (before the first or after the last datapoint, or none at all)`;
}

function configuredLines(c: LimitsFileData): string[] {
  const out = [c.account ? `account throttle: ${n(c.account.rate)} req/s, burst ${n(c.account.burst)}` : 'account throttle: not read'];
  for (const s of c.stages) {
    const routes = Object.entries(s.routes).map(([k, v]) => `${k} ${n(v.rate)} req/s, burst ${n(v.burst)}`);
    out.push(
      `${s.type} ${s.api}/${s.stage}: ${s.rate !== undefined ? `${n(s.rate)} req/s, burst ${n(s.burst)}` : 'no stage throttle (account applies)'}${routes.length ? `; ${routes.join(', ')}` : ''}`,
    );
  }
  for (const p of c.usagePlans)
    out.push(
      `usage plan ${p.name}: ${p.rate !== undefined ? `${n(p.rate)} req/s, burst ${n(p.burst)}` : 'no throttle'}${p.quota ? `, quota ${n(p.quota.limit)}/${p.quota.period}` : ''}, ${p.keys.length} key(s)${p.methods.length ? `, ${p.methods.length} method throttle(s)` : ''}`,
    );
  return out;
}

/** Quotas under the headroom threshold first (least headroom first), then the measured ones, then the rest in AWS order. */
export function headroomOrder(rows: QuotaRow[]): QuotaRow[] {
  const rank = (r: QuotaRow) => (r.headroom === undefined ? 2 : r.headroom < LOW_HEADROOM ? 0 : 1);
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || (rank(a.row) < 2 ? a.row.headroom! - b.row.headroom! : 0) || a.i - b.i)
    .map((x) => x.row);
}

/**
 * Terminal output, answer first: the verdict; the quotas under the headroom threshold, then
 * every other quota (measured ones first) in a table fitted to the width; configured
 * throttles, CloudWatch coverage and findings after.
 */
export function formatLimitsTable(r: LimitsReport, c: Colors = NO_COLORS, opts: { width?: number; ascii?: boolean } = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const para = (text: string, indent = '  ') => wrap(text, width, indent);
  const lines = [
    ...para(c.bold(r.verdict)),
    '',
    ...para(`API Gateway quotas in ${r.region} (from ${r.quotaSource === 'bundled' ? 'bundled documented defaults' : 'Service Quotas'})`),
  ];
  const rows = headroomOrder(r.rows).map((q) => {
    const low = q.headroom !== undefined && q.headroom < LOW_HEADROOM;
    return [
      q.name,
      q.code,
      q.kind,
      `${withUnit(q.value, q.unit, q.kind)}${
        q.source === 'get-account'
          ? q.serviceQuotasValue !== undefined
            ? ` (GetAccount; Service Quotas ${withUnit(q.serviceQuotasValue, q.unit, q.kind)})`
            : ' (GetAccount)'
          : ''
      }`,
      withUnit(q.default, q.unit, q.kind),
      q.raised ? 'yes' : 'no',
      q.adjustable === undefined ? '?' : q.adjustable ? 'yes' : 'no',
      q.usage ? `${withUnit(q.usage.value, q.unit, q.kind)}${q.usage.where ? ` (${q.usage.where})` : ''}` : '–',
      low ? c.red(pct(q.headroom)) : pct(q.headroom),
    ];
  });
  lines.push(
    fitTable(
      [
        { head: 'Quota', wrap: true, min: 16 },
        { head: 'Code', drop: 4 },
        { head: 'Kind', drop: 5 },
        { head: 'Value', align: 'right', wrap: true, min: 8 },
        { head: 'Default', align: 'right', drop: 3, wrap: true, min: 8 },
        { head: 'Raised', drop: 2 },
        { head: 'Adjustable', drop: 6 },
        { head: 'Usage', wrap: true, min: 8 },
        { head: 'Headroom', align: 'right' },
      ],
      rows,
      layout,
    ),
  );
  lines.push('Configured throttles:', ...configuredLines(r.configured).flatMap((l) => para(`  ${l}`, '    ')));
  if (r.cloudwatch) {
    lines.push(...para(cloudWatchLine(r.cloudwatch)));
    if (r.cloudwatch.stages.length) {
      lines.push(
        ...para('Per API/stage over the window (error rates over the periods where both counts are known):'),
        fitTable(
          STAGE_HEAD.map((head, i) => ({ head, wrap: true, min: 8, ...(STAGE_DROP[i] ? { drop: STAGE_DROP[i] } : {}) })),
          r.cloudwatch.stages.map(stageCells),
          layout,
        ),
      );
    }
  }
  for (const f of r.findings) lines.push(...para(`${f.level}: ${f.code}: ${f.message}`));
  return `${lines.join('\n')}\n`;
}
