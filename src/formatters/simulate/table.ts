import { fmt, windowLabel } from '../../models/throttling/report.js';
import { type Colors, NO_COLORS } from '../colors.js';
import { type Column, DEFAULT_WIDTH, fitTable, wrap, type Layout } from '../terminal.js';
import { countText, percent, riskText, type SimulateResult, verdict } from './result.js';
import { bucketCells, costLine, payloadLines, recommendationText } from './rows.js';

export interface SimulateTableOptions {
  width?: number;
  /** ASCII table borders (output that is not a terminal). */
  ascii?: boolean;
  /** Print the assumptions too (--details). */
  details?: boolean;
}

/**
 * Terminal output, answer first: the verdict; the worst bucket with its risk in the busiest
 * window, its expected 429s and the setting that brings it under the target; then every bucket
 * (★ worst overall, • worst of its layer), payloads and findings. Assumptions with --details.
 */
export function formatSimulateTable(r: SimulateResult, c: Colors = NO_COLORS, opts: SimulateTableOptions = {}): string {
  const width = opts.width ?? DEFAULT_WIDTH;
  const layout: Layout = { width, ascii: opts.ascii === true };
  const t = r.throttle;
  const out: string[] = [];
  const para = (text: string, indent = '  ') => out.push(...wrap(text, width, indent));
  const window = windowLabel(t.periodSeconds);

  para(c.bold(verdict(r)));
  const worst = t.buckets[t.binding];
  if (worst) {
    const risky = (Number.isFinite(worst.peak.pAny) ? worst.peak.pAny : worst.peak.pAnyHigh) > r.target;
    para(
      `${c.bold('Worst bucket')}: ${worst.label} (${worst.layer}, ${fmt(worst.rate)} req/s, burst ${fmt(worst.burst)}, from ${worst.origin})`,
    );
    const risk = riskText(worst.peak.pAny, worst.peak.pAnyLow, worst.peak.pAnyHigh);
    para(
      `  busiest ${window}: P(any 429) ${(risky ? c.red : c.green)(risk)} vs target ${percent(r.target)} (${worst.engine}); peak ${fmt(worst.peakRps)} req/s`,
      '    ',
    );
    para(
      `  expected 429s over the horizon: ${countText(worst.expected429, worst.expected429High, worst.engine)}; P(any 429 over the horizon) ${t.horizonIsBound ? '≤ ' : ''}${percent(t.horizonPAny)}`,
      '    ',
    );
    const rec = recommendationText(worst);
    if (rec) para(`  ${c.bold('recommendation')}: ${rec}`, '    ');
  }
  para(
    c.dim(
      `${t.nPeriods.toLocaleString('en-US')} periods of ${t.periodSeconds} s from ${new Date(t.startMs).toISOString()} · seed ${r.seed} · usage-plan quota 429s ${fmt(t.quota429)}`,
    ),
  );
  if (t.retries) {
    const x = t.retries;
    para(
      `Retries (${x.bucket}, busiest period, ${x.replicates} replicates): attempts ${fmt(x.attempts)} for ${fmt(x.firstAttempts)} requests; first-attempt 429s ${fmt(x.first429)}; failed after all attempts ${fmt(x.finalFailures)}; P(any final failure) ${percent(x.pAnyFinal)}`,
    );
  }
  out.push('');

  const columns: Column[] = [
    { head: '' },
    { head: 'layer', drop: 3 },
    { head: 'bucket', wrap: true, min: 12 },
    { head: 'rate, burst', wrap: true, min: 9 },
    { head: 'peak', align: 'right', wrap: true, min: 5 },
    { head: 'rate headroom', align: 'right', wrap: true, drop: 2, min: 8 },
    { head: `P(429) busiest ${window.replace(' window', '')}`, wrap: true, min: 8 },
    { head: 'expected 429s', align: 'right', wrap: true, min: 8 },
    { head: 'first 429 at peak', wrap: true, drop: 4, min: 6 },
    { head: 'recommendation', wrap: true, min: 12 },
  ];
  const rows = t.buckets.map((b, j) => {
    const cells = bucketCells(b).map((x) => x.replace(/ %/g, '%'));
    const mark = j === t.binding ? '★' : b.bindingInLayer ? '•' : '';
    return [mark, ...(b.bindingInLayer ? cells.map((x) => c.bold(x)) : cells)];
  });
  out.push(c.bold('Buckets'), fitTable(columns, rows, layout));
  para(c.dim('★ worst bucket overall · • worst of its layer (highest P(429) in its busiest period)'));

  const pl = payloadLines(r);
  if (pl.length) {
    out.push('', c.bold('Payloads'));
    out.push(
      fitTable(
        [
          { head: 'payload', wrap: true, min: 10 },
          { head: 'limit', wrap: true, min: 6 },
          { head: 'share above', align: 'right' },
          { head: 'consequence', wrap: true, min: 12 },
        ],
        pl,
        layout,
      ),
    );
    const cost = costLine(r);
    if (cost) para(cost);
  }
  if (r.findings.length) {
    out.push('', c.bold('Findings'));
    for (const f of r.findings) {
      const tag = f.level === 'error' ? c.red(f.level) : f.level === 'warn' ? c.yellow(f.level) : f.level;
      para(`  ${tag} ${f.code}: ${f.message}`, '    ');
    }
  }
  out.push('');
  if (opts.details) {
    out.push(c.bold('Assumptions'));
    for (const a of r.assumptions) para(`  - ${a}`, '    ');
    out.push('');
    para(verdict(r));
  } else {
    para(c.dim('More: --details for the assumptions behind these figures; --format json or markdown has everything.'));
  }
  return `${out.join('\n')}\n`;
}
