import { readFileSync } from 'node:fs';
import { parse, type ParseEntry } from 'shell-quote';

/**
 * Every `apigw-plan` command written in a fenced shell block of a Markdown file, with what its
 * trailing comment promises. The comment conventions (documented in CONTRIBUTING-style words in
 * README's Development section):
 *   `# … exit N …`                        the documented exit code (default 0)
 *   `# … reads AWS …`                     runs against the local AWS wire server
 *   `# … not run by the docs test: WHY`   skipped, and the reason is printed
 * Shell words are split by shell-quote (quotes, `\` continuations, `&&`, redirections).
 */
export interface DocCommand {
  file: string;
  line: number;
  /** The command as written (one line, continuations joined). */
  text: string;
  /** Arguments after `apigw-plan`. */
  args: string[];
  exitCode: number;
  aws: boolean;
  skip?: string;
  /** `> FILE` / `>> FILE`: where the doc sends stdout. */
  stdoutTo?: string;
}

const SHELL_FENCE = /^```(sh|bash|shell|console)\s*$/;

export function docCommands(file: string, label: string = file): DocCommand[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: DocCommand[] = [];
  let inShell = false;
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.startsWith('```')) {
      inShell = !inFence && SHELL_FENCE.test(raw);
      inFence = !inFence;
      continue;
    }
    if (!inShell) continue;
    let text = raw.replace(/^\$ /, '');
    const start = i + 1;
    while (text.trimEnd().endsWith('\\') && i + 1 < lines.length) text = `${text.trimEnd().slice(0, -1)} ${lines[++i]!.trim()}`;
    out.push(...fromLine(text, label, start));
  }
  return out;
}

function fromLine(text: string, file: string, line: number): DocCommand[] {
  const entries: ParseEntry[] = parse(text, (name) => `$${name}`);
  const comment = entries.flatMap((e) => (typeof e === 'object' && 'comment' in e ? [e.comment] : [])).join(' ');
  const exit = /\bexit (\d)\b/.exec(comment);
  const skip = /not run by the docs test: (.+)$/.exec(comment)?.[1]?.trim();
  // split into simple commands at && ; || |
  const commands: ParseEntry[][] = [[]];
  for (const e of entries) {
    if (typeof e === 'object' && 'op' in e && ['&&', ';', '||', '|'].includes(e.op)) commands.push([]);
    else if (!(typeof e === 'object' && 'comment' in e)) commands[commands.length - 1]!.push(e);
  }
  const found: DocCommand[] = [];
  for (const words of commands) {
    const strings = words.map((w) => (typeof w === 'string' ? w : w));
    const at = strings[0] === 'npx' && strings[1] === 'apigw-plan' ? 2 : strings[0] === 'apigw-plan' ? 1 : -1;
    if (at < 0) continue;
    const args: string[] = [];
    let stdoutTo: string | undefined;
    for (let k = at; k < strings.length; k++) {
      const w = strings[k]!;
      if (typeof w === 'object' && 'op' in w && (w.op === '>' || w.op === '>>')) {
        stdoutTo = String(strings[++k]);
        continue;
      }
      if (typeof w !== 'string') throw new Error(`${file}:${line}: unsupported shell syntax in a documented command: ${text}`);
      args.push(w);
    }
    found.push({
      file,
      line,
      text: text.replace(/\s+#.*$/, '').trim(),
      args,
      exitCode: exit ? Number(exit[1]) : 0,
      aws: /\breads AWS\b/.test(comment),
      ...(skip ? { skip } : {}),
      ...(stdoutTo ? { stdoutTo } : {}),
    });
  }
  return found;
}
