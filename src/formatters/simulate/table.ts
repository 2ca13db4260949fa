import chalk from 'chalk';
import Table from 'cli-table3';
import { fmt } from '../../models/throttling/report.js';
import { BUCKET_HEADERS, bucketCells, costLine, payloadLines } from './rows.js';
import { percent, verdict, type SimulateResult } from './result.js';

/** Terminal table: one row per bucket, the binding bucket of each layer in bold (★ = overall). */
export function formatSimulateTable(r: SimulateResult): string {
  const t = r.throttle;
  const out: string[] = [];
  out.push(
    chalk.bold(
      `apigw-plan simulate — ${t.nPeriods.toLocaleString('en-US')} periods of ${t.periodSeconds} s from ${new Date(t.startMs).toISOString()}, seed ${r.seed}`,
    ),
  );
  const table = new Table({ head: ['', ...BUCKET_HEADERS], style: { head: [], border: [] } });
  t.buckets.forEach((b, j) => {
    const cells = bucketCells(b);
    const mark = j === t.binding ? '★' : b.bindingInLayer ? '•' : '';
    table.push([mark, ...(b.bindingInLayer ? cells.map((c) => chalk.bold(c)) : cells)]);
  });
  out.push(table.toString());
  out.push('★ binding bucket overall · • binding bucket of its layer (highest P(429) in its busiest period)');
  out.push(`P(any 429 over the horizon) ${percent(t.horizonPAny)}; usage-plan quota 429s ${fmt(t.quota429)}`);
  if (t.retries) {
    const x = t.retries;
    out.push(
      `retries (${x.bucket}, busiest period, ${x.replicates} replicates): attempts ${fmt(x.attempts)} for ${fmt(x.firstAttempts)} requests; first-attempt 429s ${fmt(x.first429)}; failed after all attempts ${fmt(x.finalFailures)}; P(any final failure) ${percent(x.pAnyFinal)}`,
    );
  }
  const pl = payloadLines(r);
  if (pl.length) {
    const p = new Table({ head: ['payload', 'limit', 'share above', 'consequence'], style: { head: [], border: [] } });
    for (const row of pl) p.push(row);
    out.push(p.toString());
    const c = costLine(r);
    if (c) out.push(c);
  }
  if (r.findings.length) {
    out.push(chalk.bold('findings'));
    for (const f of r.findings)
      out.push(
        `  ${f.level === 'error' ? chalk.red(f.level) : f.level === 'warn' ? chalk.yellow(f.level) : f.level} ${f.code}: ${f.message}`,
      );
  }
  out.push(chalk.bold('assumptions'));
  for (const a of r.assumptions) out.push(`  - ${a}`);
  out.push(verdict(r));
  return `${out.join('\n')}\n`;
}
