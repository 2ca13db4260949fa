import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const src = join(ROOT, 'src');

describe('architecture', () => {
  it('models are pure: no file system, network, SDK, clock or unseeded randomness', () => {
    const offenders = files(join(src, 'models')).filter((f) =>
      /from ['"](node:)?(fs|http|https|net|child_process)['"]|@aws-sdk\/|Math\.random\(|Date\.now\(|new Date\(\)/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('models import nothing from commands, formatters or adapters', () => {
    const offenders = files(join(src, 'models')).filter((f) =>
      /from ['"]\.\.?\/.*(commands|formatters|adapters)\//.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('no mutating AWS operation is named anywhere in src (read-only tool)', () => {
    const mutating = /\b(Put|Create|Update|Delete|Request|Tag|Untag|Start|Stop|Set|Associate|Import)[A-Za-z]*Command\b/;
    const offenders = files(src).filter((f) => mutating.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the start-up path does not load the AWS SDK or the models', () => {
    for (const f of [
      'cli.ts',
      'commands/estimate-options.ts',
      'commands/simulate-options.ts',
      'commands/check-options.ts',
      'commands/report-options.ts',
      'commands/aws-options.ts',
      'commands/pricing-refresh-options.ts',
      'commands/inventory-options.ts',
    ]) {
      const text = readFileSync(join(src, f), 'utf8');
      const staticImports = [...text.matchAll(/^import .* from ['"](.+)['"];$/gm)].map((m) => m[1]);
      expect(
        // the option registry and the defaults are data with no imports of their own
        staticImports.filter((i) => /@aws-sdk|models\/|formatters\/|decimal/.test(i!) && !/models\/(options|defaults)\.js$/.test(i!)),
        f,
      ).toEqual([]);
    }
    for (const data of ['models/options.ts', 'models/defaults.ts']) expect(readFileSync(join(src, data), 'utf8')).not.toMatch(/^import /m);
  });
});
