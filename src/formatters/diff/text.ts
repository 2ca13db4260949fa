import { dec } from '../../money/decimal.js';
import type { Change, DiffResult, QuotaState, ThrottleState } from '../../models/diff/diff.js';
import { formatUsd, riskPercent, signedPercent, signedUsd } from '../../money/format.js';
import type { Colors } from '../colors.js';
import { fitTable, wrap, type Layout } from '../terminal.js';

/**
 * `apigw-plan diff` printed: the headline first, then cost by option and by line, quotas,
 * throttles and 429 risk. The Markdown is built to be one pull-request comment that a CI job
 * updates in place: it starts with a hidden marker, and the details fold into <details>.
 */
export const COMMENT_MARKER = '<!-- apigw-plan-diff -->';

const usd = (s: string | null) => (s === null ? '–' : formatUsd(s));
const delta = (s: string | null) => (s === null ? '–' : signedUsd(dec(s)));
const num = (n: number | null) => (n === null ? 'unknown' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const head = (h: number | null) => (h === null ? 'unknown' : `${h.toFixed(1)} %`);
const quota = (q: QuotaState | null) => (q === null ? '–' : `${num(q.used)} / ${num(q.limit)} (${head(q.headroomPercent)} left)`);
const throttle = (t: ThrottleState | null) => {
  if (t === null) return '–';
  const base = `${num(t.rate)} req/s, burst ${num(t.burst)}`;
  return t.pAnyBusiestWindow !== null ? `${base}; P(any 429) ${riskPercent(t.pAnyBusiestWindow)}` : base;
};
const mark: Record<Change, string> = { added: 'added', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

interface Section {
  title: string;
  head: string[];
  rows: string[][];
  /** Columns of money, right-aligned in the terminal table. */
  money?: number[];
}

function sections(d: DiffResult): Section[] {
  const out: Section[] = [];
  if (d.costs && d.costs.length > 0) {
    out.push({
      title: 'Monthly cost by option',
      head: ['Option', 'Before', 'After', 'Change'],
      money: [1, 2, 3],
      rows: d.costs.map((c) => [
        c.label,
        usd(c.beforeUsd),
        usd(c.afterUsd),
        c.change === 'changed' || c.change === 'unchanged'
          ? `${delta(c.deltaUsd)}${c.deltaPercent !== null ? ` (${signedPercent(c.deltaPercent)})` : ''}`
          : mark[c.change],
      ]),
    });
    const lines = d.costs.flatMap((c) =>
      c.lines.map((l) => [c.id, `${l.component}${l.tier ? ` (${l.tier})` : ''}`, usd(l.beforeUsd), usd(l.afterUsd), delta(l.deltaUsd)]),
    );
    if (lines.length > 0)
      out.push({ title: 'Cost lines that changed', head: ['Option', 'Line', 'Before', 'After', 'Change'], money: [2, 3, 4], rows: lines });
  }
  if (d.quotas && d.quotas.length > 0) {
    out.push({
      title: `Quotas (used / limit, headroom; under ${d.headroomPercent} % is flagged)`,
      head: ['Quota', 'Before', 'After', ''],
      rows: d.quotas.map((q) => [
        `${q.name}${q.where ? ` (${q.where.file}${q.where.line ? `:${q.where.line}` : ''})` : ''}`,
        quota(q.before),
        quota(q.after),
        q.crossed ? 'now under headroom' : q.under ? 'under headroom' : mark[q.change],
      ]),
    });
  }
  if (d.throttles && d.throttles.length > 0) {
    out.push({
      title: 'Throttles',
      head: ['Bucket', 'Before', 'After', ''],
      rows: d.throttles.map((t) => [t.label, throttle(t.before), throttle(t.after), mark[t.change]]),
    });
  }
  if (d.risk) {
    const r = (x: typeof d.risk.before) =>
      x === null ? '–' : `${riskPercent(x.pAnyBusiestWindow)} (expected 429s ${num(Math.round(x.expectedThrottled))})`;
    out.push({
      title: `429 risk: P(any 429 in the busiest ${d.risk.window})`,
      head: ['', 'Before', 'After', ''],
      rows: [['all buckets', r(d.risk.before), r(d.risk.after), mark[d.risk.change]]],
    });
  }
  return out;
}

function hiddenNote(d: DiffResult): string | undefined {
  const h = d.unchangedHidden;
  const parts = [
    h.costs ? `${h.costs} option${h.costs === 1 ? '' : 's'}` : '',
    h.costLines ? `${h.costLines} cost line${h.costLines === 1 ? '' : 's'}` : '',
    h.quotas ? `${h.quotas} quota${h.quotas === 1 ? '' : 's'}` : '',
    h.throttles ? `${h.throttles} throttle${h.throttles === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? `unchanged and not shown: ${parts.join(', ')} (--show-unchanged lists them)` : undefined;
}

/**
 * The terminal table: every section through fitTable, so it fits `width` columns (COLUMNS, else
 * the terminal, else 80) by wrapping the prose columns (quota names, before/after states).
 */
export function formatDiffTable(d: DiffResult, c: Colors, width: number, ascii = false): string {
  const layout: Layout = { width, ascii };
  const out = [
    ...wrap(`diff: ${d.headline}`, width).map((l) => c.bold(l)),
    ...wrap(`  base: ${d.base.label} (${d.base.kind})`, width, '    '),
    ...wrap(`  head: ${d.head.label} (${d.head.kind})`, width, '    '),
  ];
  for (const s of sections(d)) {
    out.push('', ...wrap(s.title, width).map((l) => c.bold(l)));
    const columns = s.head.map((h, i) => (s.money?.includes(i) ? { head: h, align: 'right' as const } : { head: h, wrap: true, min: 8 }));
    out.push(fitTable(columns, s.rows, layout));
  }
  const hidden = hiddenNote(d);
  if (hidden) out.push('', ...wrap(hidden, width));
  for (const n of d.notes) out.push(...wrap(`note: ${n}`, width));
  out.push('', ...wrap(`verdict: ${d.headline}`, width));
  return `${out.join('\n')}\n`;
}

export function formatDiffMarkdown(d: DiffResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [COMMENT_MARKER, `### apigw-plan diff: ${d.headline}`, '', `\`${d.base.label}\` → \`${d.head.label}\``];
  for (const s of sections(d)) {
    out.push('', `<details><summary>${s.title}: ${s.rows.length} row${s.rows.length === 1 ? '' : 's'}</summary>`, '');
    out.push(`| ${s.head.map(cell).join(' | ')} |`, `|${s.head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of s.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('', '</details>');
  }
  const hidden = hiddenNote(d);
  if (hidden) out.push('', `_${hidden}_`);
  for (const n of d.notes) out.push('', `> note: ${n}`);
  return `${out.join('\n')}\n`;
}
