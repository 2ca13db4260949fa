import { DEFAULT_WIDTH, fitTable, wrap, type Layout } from '../terminal.js';
import type { InventoryQuotaRow, InventoryReport } from '../../models/iac/inventory.js';
import { srcText } from '../../models/iac/source.js';

/** `inventory` as a table (the default) or Markdown: the verdict first, then what the code declares, then quotas. */

const n = (v: number | null | undefined): string => (v === null || v === undefined ? 'unknown' : v.toLocaleString('en-US'));
const thr = (rate: number | null, burst: number | null) => `${n(rate)} rps / burst ${n(burst)}`;

interface Section {
  title: string;
  head: string[];
  rows: string[][];
}

function sections(r: InventoryReport): Section[] {
  const label = (id: string | null) => (id === null ? 'unknown' : (r.apis.find((a) => a.id === id)?.label ?? id));
  const out: Section[] = [];
  out.push({
    title: 'APIs',
    head: ['API', 'Type', 'Endpoint', 'Resources / routes', 'Methods', 'Stages', 'Authorizers', 'WAF', 'Custom domains', 'Source'],
    rows: r.apis.map((a) => [
      a.label,
      a.type,
      a.endpointType ?? 'unknown',
      a.type === 'rest' ? `${n(a.counts.resources)} resources` : `${n(a.counts.routes)} routes`,
      a.type === 'rest' ? n(a.counts.methods) : `${n(a.counts.integrations)} integrations`,
      `${n(a.counts.stages)}${a.stages.length ? `: ${a.stages.map((s) => s.name ?? 'unknown').join(', ')}` : ''}`,
      a.authorizers === null ? 'unknown' : a.authorizers.length ? a.authorizers.map((x) => `${x.name} (${x.type})`).join(', ') : '0',
      a.waf.join(', ') || '–',
      a.domains.join(', ') || '–',
      srcText(a.src),
    ]),
  });
  const stageRows: string[][] = [];
  for (const a of r.apis)
    for (const s of a.stages)
      stageRows.push([
        `${a.label} ${s.name ?? 'unknown'}`,
        s.throttle ? thr(s.throttle.rate, s.throttle.burst) : '–',
        s.routeThrottles.map((t) => `${t.route}: ${thr(t.rate, t.burst)}`).join('\n') || '–',
        s.cache ? (s.cache.enabled === null ? 'unknown' : s.cache.enabled ? `${s.cache.sizeGb ?? 'unknown'} GB` : 'off') : 'off',
        n(s.variables),
        srcText(s.src),
      ]);
  if (stageRows.length)
    out.push({
      title: 'Stages',
      head: ['Stage', 'Default throttle', 'Route / method throttles', 'Cache', 'Variables', 'Source'],
      rows: stageRows,
    });
  if (r.usagePlans.length)
    out.push({
      title: 'Usage plans',
      head: ['Usage plan', 'Throttle', 'Quota', 'API stages', 'Keys', 'Source'],
      rows: r.usagePlans.map((p) => [
        p.name ?? p.id,
        p.throttle ? thr(p.throttle.rate, p.throttle.burst) : '–',
        p.quota ? `${n(p.quota.limit)} per ${p.quota.period ?? 'unknown'}${p.quota.offset ? ` (offset ${p.quota.offset})` : ''}` : '–',
        p.apiStages
          .map(
            (s) =>
              `${label(s.api)} ${s.stage ?? 'unknown'}${s.throttles.length ? ` (${s.throttles.map((t) => `${t.route}: ${thr(t.rate, t.burst)}`).join('; ')})` : ''}`,
          )
          .join('\n') || '–',
        p.keys.map((k) => r.apiKeys.find((x) => x.id === k)?.name ?? k).join(', ') || '–',
        srcText(p.src),
      ]),
    });
  const other: string[][] = [
    ...r.apiKeys.map((k) => ['API key', k.name ?? k.id, '', srcText(k.src)]),
    ...r.domains.map((d) => [
      `custom domain (${d.kind}${d.private ? ', private' : ''})`,
      d.name ?? d.id,
      `${d.endpointType ?? 'unknown'}; ${d.mappings.map((m) => `/${m.basePath ?? ''} → ${label(m.api)} ${m.stage ?? '?'}`).join(', ') || 'no mappings'}`,
      srcText(d.src),
    ]),
    ...r.vpcLinks.map((l) => [
      `VPC link (${l.version})`,
      l.name ?? l.id,
      l.version === 'v2' ? `${n(l.subnets)} subnets` : '',
      srcText(l.src),
    ]),
    ...r.waf.map((w) => [
      'WAF association',
      w.webAcl ?? 'unknown',
      `${label(w.api)} ${w.stage ?? '?'}; ${n(w.rules)} rules`,
      srcText(w.src),
    ]),
    ...r.loadBalancers.map((b) => ['load balancer', b.name ?? b.id, b.type ?? 'unknown', srcText(b.src)]),
  ];
  if (other.length)
    out.push({ title: 'Keys, domains, VPC links, WAF, load balancers', head: ['Kind', 'Name', 'Details', 'Source'], rows: other });
  out.push({
    title: `Quotas (limits: ${r.limitsFrom})`,
    head: ['Quota', 'For', 'Count', 'Limit', 'Headroom', 'Status', 'Defined by'],
    rows: r.quotas.map(quotaCells),
  });
  return out;
}

function quotaCells(q: InventoryQuotaRow): string[] {
  return [
    `${q.name}${q.code ? ` (${q.code})` : ''}`,
    `${q.subjectName}${q.src ? `\n${srcText(q.src)}` : ''}`,
    q.used === null ? `unknown: ${q.unknown ?? ''}` : `${n(q.used)} ${q.unit}`,
    `${n(q.limit)} (${q.limitSource})`,
    q.headroom === null ? '–' : `${n(q.headroom)} (${q.headroomPercent} %)`,
    `${q.status.toUpperCase()}${q.note ? ` — ${q.note}` : ''}`,
    q.docUrl,
  ];
}

export function formatInventoryTable(r: InventoryReport, opts: { width?: number; ascii?: boolean } = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const parts = [...wrap(r.verdict, width), ''];
  for (const s of sections(r)) {
    if (!s.rows.length) {
      parts.push(`${s.title}: none`, '');
      continue;
    }
    // every column may wrap; sources and documentation links give way first on a narrow terminal (JSON keeps them)
    const drops: Record<string, number> = { 'Defined by': 3, Source: 3, Variables: 2, 'Custom domains': 2, Authorizers: 1, Endpoint: 1 };
    const columns = s.head.map((head) => ({ head, wrap: true, min: 8, ...(drops[head] ? { drop: drops[head] } : {}) }));
    parts.push(s.title, fitTable(columns, s.rows, layout), '');
  }
  if (r.findings.length) {
    parts.push('Findings');
    for (const f of r.findings)
      parts.push(...wrap(`  ${f.level} ${f.code}: ${f.message}${f.src ? ` [${srcText(f.src)}]` : ''}`, width, '    '));
    parts.push('');
  }
  parts.push(...wrap(r.verdict, width));
  return `${parts.join('\n')}\n`;
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');

export function formatInventoryMarkdown(r: InventoryReport): string {
  const lines = [`**${r.verdict}**`, '', '## API Gateway in the infrastructure code', ''];
  lines.push(`Read: ${r.inputs.map((i) => `\`${i.file}\` (${i.format}${i.stack ? `, stack ${i.stack}` : ''})`).join(', ')}.`, '');
  for (const s of sections(r)) {
    lines.push(`### ${s.title}`, '');
    if (!s.rows.length) {
      lines.push('None.', '');
      continue;
    }
    lines.push(`| ${s.head.join(' | ')} |`, `|${s.head.map(() => '---').join('|')}|`);
    for (const row of s.rows) lines.push(`| ${row.map(md).join(' | ')} |`);
    lines.push('');
  }
  if (r.findings.length) {
    lines.push('### Findings', '');
    for (const f of r.findings) lines.push(`- **${f.level}** \`${f.code}\`: ${md(f.message)}${f.src ? ` (${md(srcText(f.src))})` : ''}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
