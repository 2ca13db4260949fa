import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { UserFacingError } from './errors.js';
import { estimateOptions } from './commands/estimate-options.js';
import { simulateOptions } from './commands/simulate-options.js';
import { VERSION } from './version.js';

/** What a command hands back to the CLI: the result text for stdout and the exit code. */
export interface CommandResult {
  stdout: string;
  exitCode: number;
}

/** Injected I/O so commands can be run in-process by tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}


export const OUTPUT_FORMATS = ['table', 'json', 'markdown'] as const;

/** `--format` shared by every command that prints a result. */
export function formatOption(choices: readonly string[] = OUTPUT_FORMATS): Option {
  return new Option('-f, --format <format>', 'output format').choices(choices).default('table');
}

/**
 * Build the program. Command modules are imported lazily inside each action, so
 * `--version` and `--help` load nothing but commander, and no command loads the AWS SDK
 * unless it talks to AWS.
 */
export function buildProgram(io: Io, setResult: (r: CommandResult) => void): Command {
  const program = new Command('apigw-plan')
    .description('What AWS API Gateway will cost and where its limits will bite — offline by default.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 ran fine · 1 a gate failed · 2 bad input or config · 3 AWS or environment failure · 4 internal error',
    );

  const registrations: Array<(p: Command) => void> = [registerEstimate, registerPricing, registerSimulate];
  for (const register of registrations) register(program);

  function registerEstimate(p: Command): void {
    const cmd = p.command('estimate').description(
      'monthly cost of REST, HTTP and WebSocket APIs vs an ALB with SSO vs a self-hosted gateway, with break-even volumes',
    );
    // Option definitions live with the command (src/commands/estimate-options.ts) and load eagerly:
    // they are plain data and cheap; the models load only when the action runs.
    lazyOptions(cmd, 'estimate');
  }

  function registerPricing(p: Command): void {
    const pricing = p.command('pricing').description('inspect the bundled AWS price snapshots');
    pricing
      .command('show')
      .description('print the bundled prices for a region, their sources and how old they are')
      .option('-r, --region <region>', 'AWS Region', 'us-east-1')
      .addOption(formatOption())
      .action(async (opts: Record<string, unknown>) => {
        const { runPricingShow } = await import('./commands/pricing.js');
        setResult(await runPricingShow(opts, io));
      });
  }

  function registerSimulate(p: Command): void {
    lazyOptions(p.command('simulate').description('simulate API Gateway throttling (token buckets) and payload limits: expected 429s and safe settings'), 'simulate');
  }

  function lazyOptions(cmd: Command, name: 'estimate' | 'simulate'): void {
    // Each command module exports `options` (commander Option objects) and `run`.
    // Options are registered from a small, dependency-free module so --help is complete.
    const specs = OPTION_SPECS[name];
    for (const spec of specs()) cmd.addOption(spec);
    cmd.action(async (opts: Record<string, unknown>) => {
      const mod = name === 'estimate' ? await import('./commands/estimate.js') : await import('./commands/simulate.js');
      setResult(await mod.run(opts, io));
    });
  }

  return program;
}

const OPTION_SPECS = { estimate: estimateOptions, simulate: simulateOptions } as const;

/** Format a user-facing error: what, where, how to fix. Never a stack trace. */
export function describeError(err: UserFacingError): string {
  const lines = [`error: ${err.message}`];
  if (err.where) lines.push(`  where: ${err.where}`);
  const problems = (err as { problems?: string[] }).problems ?? [];
  for (const p of problems) lines.push(`  - ${p}`);
  if (err.hint) lines.push(`  fix: ${err.hint}`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // --verbose is accepted anywhere (it only adds stack traces to internal errors)
  const verbose = argv.includes('--verbose');
  argv = argv.filter((a) => a !== '--verbose');
  let result: CommandResult | undefined;
  const program = buildProgram(io, (r) => {
    result = r;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    return handleError(err, io, verbose);
  }
  if (result) {
    io.stdout(result.stdout);
    return result.exitCode;
  }
  return EXIT.OK;
}

function handleError(err: unknown, io: Io, verbose: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
    // commander already printed its message; 2 = bad usage (commander's own 1 would read as "gate failed")
    return EXIT.BAD_INPUT;
  }
  if (err instanceof UserFacingError) {
    io.stderr(describeError(err));
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr(
    `internal error: ${e.message}\n  this is a bug in apigw-plan ${VERSION}; please report it with the command you ran.\n` +
      (verbose && e.stack ? `${e.stack}\n` : '  (run with --verbose for the stack trace)\n'),
  );
  return EXIT.INTERNAL;
}

export function processIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}
