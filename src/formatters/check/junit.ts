import { XMLBuilder } from 'fast-xml-parser';
import { gateState, type CheckReport } from './report.js';

/**
 * JUnit XML (GitLab, Jenkins, …): one test case per active gate. A failed error gate (or a warn
 * gate under --strict) is a <failure>; a skipped gate is <skipped>; warnings and muted findings
 * are written to <system-out> so they show without failing the pipeline.
 */
export function formatCheckJunit(report: CheckReport): string {
  const active = report.gates.filter((g) => g.status !== 'off');
  const failing = (g: CheckReport['gates'][number]) => g.status === 'failed' && (g.level === 'error' || report.strict);
  const testcases = active.map((g) => {
    const findings = g.findings.map((f) => `${f.muted ? '(muted) ' : ''}${f.id}: ${f.message}`).join('\n');
    const tc: Record<string, unknown> = { '@_name': g.title, '@_classname': `apigw-plan.check.${g.gate}`, '@_time': '0' };
    if (failing(g))
      tc.failure = { '@_message': g.summary, '@_type': g.findings.find((f) => !f.muted)?.code ?? 'GATE_FAILED', '#text': findings };
    else if (g.status === 'skipped') tc.skipped = { '@_message': g.summary };
    else if (findings) tc['system-out'] = `${gateState(g)}: ${findings}`;
    return tc;
  });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'apigw-plan check',
      '@_tests': active.length,
      '@_failures': active.filter(failing).length,
      '@_skipped': active.filter((g) => g.status === 'skipped').length,
      testsuite: {
        '@_name': 'apigw-plan check',
        '@_tests': active.length,
        '@_failures': active.filter(failing).length,
        '@_errors': 0,
        '@_skipped': active.filter((g) => g.status === 'skipped').length,
        testcase: testcases,
        'system-out': report.verdict,
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  return builder.build(doc) as string;
}
