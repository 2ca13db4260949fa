import { fmt } from '../../models/throttling/report.js';
import { BUCKET_HEADERS, bucketCells, costLine, payloadLines } from './rows.js';
import { percent, verdict, type SimulateResult } from './result.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;

/** Markdown report (PR comments): the binding bucket of each layer in bold. */
export function formatSimulateMarkdown(r: SimulateResult): string {
  const t = r.throttle;
  const out: string[] = [
    `## apigw-plan simulate`,
    '',
    `${t.nPeriods.toLocaleString('en-US')} periods of ${t.periodSeconds} s from ${new Date(t.startMs).toISOString()}, seed ${r.seed}.`,
    '',
  ];
  out.push(row(BUCKET_HEADERS), row(BUCKET_HEADERS.map(() => '---')));
  t.buckets.forEach((b, j) => {
    const cells = bucketCells(b);
    const marked = b.bindingInLayer ? cells.map((c) => (c ? `**${c}**` : c)) : cells;
    if (j === t.binding) marked[0] = `★ ${marked[0]}`;
    out.push(row(marked));
  });
  out.push(
    '',
    `★ binding bucket overall; **bold**: binding bucket of its layer. P(any 429 over the horizon) ${t.horizonIsBound ? '≤ ' : ''}${percent(t.horizonPAny)}; usage-plan quota 429s ${fmt(t.quota429)}.`,
  );
  const pl = payloadLines(r);
  if (pl.length) {
    out.push(
      '',
      '### Payloads',
      '',
      row(['payload', 'limit', 'share above', 'consequence']),
      row(['---', '---', '---', '---']),
      ...pl.map(row),
    );
    const c = costLine(r);
    if (c) out.push('', c);
  }
  if (r.findings.length) out.push('', '### Findings', '', ...r.findings.map((f) => `- **${f.level}** \`${f.code}\`: ${f.message}`));
  out.push('', '### Assumptions', '', ...r.assumptions.map((a) => `- ${a}`), '', verdict(r));
  return `${out.join('\n')}\n`;
}
