import type { CommandResult, Io } from '../io.js';
import { IAM_POLICY, READS_BY_COMMAND, policyText } from '../adapters/aws/iam.js';

/** `apigw-plan iam-policy`: the minimal read-only policy (JSON on stdout, ready for `aws iam create-policy --policy-document`). */
export async function run(opts: Record<string, unknown>, _io: Io): Promise<CommandResult> {
  if (opts.format === 'markdown') {
    const lines = [
      '## IAM policy for apigw-plan',
      '',
      'Read-only (List/Get/Describe). Attach it to the role or user the tool runs as.',
      '',
      '```json',
      policyText().trimEnd(),
      '```',
      '',
      '| Command | Reads |',
      '|---|---|',
    ];
    for (const [c, a] of Object.entries(READS_BY_COMMAND)) lines.push(`| \`${c}\` | ${a.map((x) => `\`${x}\``).join(', ')} |`);
    return { stdout: `${lines.join('\n')}\n`, exitCode: 0 };
  }
  void IAM_POLICY;
  return { stdout: policyText(), exitCode: 0 };
}
