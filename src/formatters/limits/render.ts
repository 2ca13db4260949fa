import Table from 'cli-table3';
import type { Finding } from '../../models/types.js';
import type { QuotaRow } from '../../models/quotas/merge.js';
import type { LimitsFileData } from '../../adapters/aws/apigateway.js';

export interface LimitsReport {
  region: string;
  quotaSource: 'service-quotas' | 'bundled';
  rows: QuotaRow[];
  configured: LimitsFileData;
  cloudwatch: { days: number; periodSeconds: number; periodReason: string; calls: number; gaps: number } | undefined;
  findings: Finding[];
  verdict: string;
}

const n = (v: number | undefined, digits = 0): string => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));
const pct = (h: number | undefined): string => (h === undefined ? '–' : `${(h * 100).toFixed(1)}%`);

function rowCells(r: QuotaRow): string[] {
  return [r.name, r.code, r.kind, `${n(r.value, 2)}${r.kind === 'rate' ? '/s' : ''}`, n(r.default, 2), r.raised ? 'yes' : 'no', r.adjustable === undefined ? '?' : r.adjustable ? 'yes' : 'no', r.usage ? `${n(r.usage.value, 2)}${r.usage.where ? ` (${r.usage.where})` : ''}` : '–', pct(r.headroom)];
}

const HEAD = ['Quota', 'Code', 'Kind', 'Value', 'Default', 'Raised', 'Adjustable', 'Usage', 'Headroom'];

export function formatLimitsJson(r: LimitsReport, tool: unknown): string {
  return `${JSON.stringify({ schemaVersion: 1, tool, command: 'limits', ...r }, null, 2)}\n`;
}

export function formatLimitsMarkdown(r: LimitsReport): string {
  const lines = [`## API Gateway limits in ${r.region}`, '', `Quotas from ${r.quotaSource === 'bundled' ? 'the documented defaults bundled with apigw-plan' : 'Service Quotas'}.`, '', `| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const row of r.rows) lines.push(`| ${rowCells(row).join(' | ')} |`);
  lines.push('', ...configuredLines(r.configured).map((l) => `- ${l}`), '');
  if (r.cloudwatch) lines.push(`CloudWatch: ${r.cloudwatch.days} days at ${r.cloudwatch.periodSeconds} s (${r.cloudwatch.periodReason}); ${r.cloudwatch.calls} GetMetricData calls.`, '');
  for (const f of r.findings) lines.push(`> **${f.level}** ${f.code}: ${f.message}`);
  lines.push('', `**${r.verdict}**`);
  return `${lines.join('\n')}\n`;
}

function configuredLines(c: LimitsFileData): string[] {
  const out = [c.account ? `account throttle: ${n(c.account.rate)} rps, burst ${n(c.account.burst)}` : 'account throttle: not read'];
  for (const s of c.stages) {
    const routes = Object.entries(s.routes).map(([k, v]) => `${k} ${n(v.rate)}/${n(v.burst)}`);
    out.push(`${s.type} ${s.api}/${s.stage}: ${s.rate !== undefined ? `${n(s.rate)} rps, burst ${n(s.burst)}` : 'no stage throttle (account applies)'}${routes.length ? `; ${routes.join(', ')}` : ''}`);
  }
  for (const p of c.usagePlans) out.push(`usage plan ${p.name}: ${p.rate !== undefined ? `${n(p.rate)} rps, burst ${n(p.burst)}` : 'no throttle'}${p.quota ? `, quota ${n(p.quota.limit)}/${p.quota.period}` : ''}, ${p.keys.length} key(s)${p.methods.length ? `, ${p.methods.length} method throttle(s)` : ''}`);
  return out;
}

export function formatLimitsTable(r: LimitsReport): string {
  const t = new Table({ head: HEAD, style: { head: [], border: [] } });
  t.push(...r.rows.map(rowCells));
  const lines = [`API Gateway limits in ${r.region} (quotas from ${r.quotaSource === 'bundled' ? 'bundled documented defaults' : 'Service Quotas'})`, t.toString(), 'Configured throttles:', ...configuredLines(r.configured).map((l) => `  ${l}`)];
  if (r.cloudwatch) lines.push(`CloudWatch: last ${r.cloudwatch.days} days at ${r.cloudwatch.periodSeconds}-s periods (${r.cloudwatch.periodReason}); ${r.cloudwatch.calls} GetMetricData call(s)`);
  for (const f of r.findings) lines.push(`${f.level}: ${f.code}: ${f.message}`);
  lines.push(r.verdict);
  return `${lines.join('\n')}\n`;
}
