import type { Colors } from '../colors.js';
import { DEFAULT_WIDTH, fitTable, wrap, type Layout } from '../terminal.js';
import { gateState, type CheckReport } from './report.js';

/** Failed gates first, then warnings, then the rest, each group in config order. */
const ORDER = { failed: 0, warning: 1, passed: 2, skipped: 3, off: 4 } as const;

/**
 * Terminal output, answer first: the verdict, the gates that failed (then warnings, passes,
 * skips) with their findings beneath, in a table fitted to the width.
 */
export function formatCheckTable(report: CheckReport, c: Colors, opts: { width?: number; ascii?: boolean } = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const paint = { passed: c.green, failed: c.red, warning: c.yellow, skipped: (s: string) => s, off: (s: string) => s };
  const gates = report.gates.map((g, i) => ({ g, i })).sort((a, b) => ORDER[gateState(a.g)] - ORDER[gateState(b.g)] || a.i - b.i);
  const out = [...wrap(c.bold(report.verdict), width), ''];
  out.push(
    fitTable(
      [
        { head: 'Result', wrap: true, min: 7 },
        { head: 'Gate', wrap: true, min: 10 },
        { head: 'Level', drop: 1 },
        { head: 'Summary', wrap: true, min: 20 },
      ],
      gates.map(({ g }) => [paint[gateState(g)](gateState(g)), g.title, g.level, g.summary]),
      layout,
    ),
  );
  const findings = gates.flatMap(({ g }) => g.findings.map((f) => ({ g, f })));
  if (findings.length) out.push('', c.bold('Findings'));
  for (const { g, f } of findings) out.push(...wrap(`  ${f.muted ? 'muted' : gateState(g)} ${f.id}: ${f.message}`, width, '    '));
  return `${out.join('\n')}\n`;
}

/** Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function formatCheckMarkdown(report: CheckReport): string {
  const icon = { passed: '✅', failed: '❌', warning: '⚠️', skipped: '⏭️', off: '➖' };
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = ['## apigw-plan check', '', '| Gate | Level | Result | Summary |', '|---|---|---|---|'];
  for (const g of report.gates) out.push(`| ${g.title} | ${g.level} | ${icon[gateState(g)]} ${gateState(g)} | ${cell(g.summary)} |`);
  const findings = report.gates.flatMap((g) => g.findings.map((f) => ({ g, f })));
  if (findings.length) {
    out.push('', '### Findings', '');
    for (const { g, f } of findings) out.push(`- ${f.muted ? '(muted) ' : ''}**${g.title}** \`${f.id}\`: ${cell(f.message)}`);
  }
  if (report.costs) {
    out.push('', '| Option | Monthly (USD) |', '|---|---:|');
    for (const c of report.costs) out.push(`| ${c.label} | ${c.monthlyUsd} |`);
  }
  out.push('', `**${report.verdict}**`);
  return `${out.join('\n')}\n`;
}

/**
 * GitHub Actions workflow commands: one annotation per unmuted finding of a failed gate
 * (::error for error gates, ::warning for warn gates), then the verdict as a notice.
 * Data is escaped as GitHub's toolkit does (%, CR, LF; and : , in properties). `configFile` is the
 * config's path relative to the repository root: GitHub attaches only such paths to a pull request's diff.
 */
export function formatCheckGithub(report: CheckReport, where: { configFile: string }): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const out: string[] = [];
  for (const g of report.gates) {
    if (g.status !== 'failed') continue;
    const kind = g.level === 'error' || report.strict ? 'error' : 'warning';
    for (const f of g.findings.filter((x) => !x.muted)) {
      const file = f.where ? `${prop(f.where.file)}${f.where.line ? `,line=${f.where.line}` : ''}` : prop(where.configFile);
      out.push(`::${kind} file=${file},title=${prop(`apigw-plan / ${g.title}`)}::${data(`${f.id}: ${f.message}`)}`);
    }
  }
  out.push(`::notice title=${prop('apigw-plan check')}::${data(report.verdict)}`);
  out.push(report.verdict);
  return `${out.join('\n')}\n`;
}
