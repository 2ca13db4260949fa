import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { UserFacingError } from './errors.js';
import { iamPolicyOptions, limitsOptions } from './commands/aws-options.js';
import { checkOptions } from './commands/check-options.js';
import { reportOptions } from './commands/report-options.js';
import { diffOptions } from './commands/diff-options.js';
import { estimateOptions } from './commands/estimate-options.js';
import { initOptions } from './commands/init-options.js';
import { forecastOptions } from './commands/forecast-options.js';
import { pricingRefreshOptions } from './commands/pricing-refresh-options.js';
import { simulateOptions } from './commands/simulate-options.js';
import { inventoryOptions } from './commands/inventory-options.js';
import { VERSION } from './version.js';

import type { CommandResult, Io } from './io.js';

export type { CommandResult, Io } from './io.js';

type CommandModule = { run: (opts: Record<string, unknown>, io: Io) => Promise<CommandResult> };

interface CommandSpec {
  name: string;
  description: string;
  /** Option definitions: plain data from a dependency-free module, so --help is complete and cheap. */
  options: () => Option[];
  /** The command itself, imported only when it runs (models, formatters, the AWS SDK…). */
  load: () => Promise<CommandModule>;
  /** Positional arguments (commander syntax, e.g. "<paths...>"), handed to the command as opts[key]. */
  args?: Array<{ syntax: string; description: string; key: string }>;
}

const COMMANDS: CommandSpec[] = [
  {
    name: 'estimate',
    description: 'monthly cost of REST, HTTP and WebSocket APIs vs an ALB with SSO vs a self-hosted gateway, with break-even volumes',
    options: estimateOptions,
    load: () => import('./commands/estimate.js'),
  },
  {
    name: 'simulate',
    description: 'simulate API Gateway throttling (token buckets) and payload limits: expected 429s and safe settings',
    options: simulateOptions,
    load: () => import('./commands/simulate.js'),
  },
  {
    name: 'check',
    description: 'CI gate: evaluate the gates of apigw-plan.config.json (quota headroom, 429 risk, payloads, budget, growth)',
    options: checkOptions,
    load: () => import('./commands/check.js'),
  },
  {
    name: 'report',
    description:
      'one self-contained HTML page (or Markdown) for a design review: costs, tier ladders, cost-by-volume chart with break-evens, prices; with --traffic, throttling, quotas and payloads',
    options: reportOptions,
    load: () => import('./commands/report.js'),
  },
  {
    name: 'diff',
    description:
      'what a change does to cost, quotas, throttles and 429 risk: two reports or scenarios in, one diff out (a pull-request comment with --format markdown)',
    options: diffOptions,
    load: () => import('./commands/diff.js'),
  },
  {
    name: 'init',
    description: 'write a starter apigw-plan.config.yaml for check (every gate commented); never overwrites a config',
    options: initOptions,
    load: () => import('./commands/init.js'),
  },
  {
    name: 'forecast',
    description:
      'when growing traffic crosses a price tier, a break-even, a throttle, a quota or a budget: dates with intervals, from a history file or CloudWatch',
    options: forecastOptions,
    load: () => import('./commands/forecast.js'),
  },
  {
    name: 'limits',
    description: 'every API Gateway quota in the Region: applied vs default, raised, usage and headroom; configured throttles (reads AWS)',
    options: limitsOptions,
    load: () => import('./commands/limits.js'),
  },
  {
    name: 'inventory',
    description:
      'read infrastructure code (CloudFormation, SAM, CDK cdk.out, Terraform plan JSON, OpenAPI): APIs, stages, throttles, usage plans and each quota the code decides, offline',
    options: inventoryOptions,
    load: () => import('./commands/inventory.js'),
    args: [
      {
        syntax: '<paths...>',
        description: 'template files, folders, cdk.out folders, terraform show -json output, OpenAPI files',
        key: 'paths',
      },
    ],
  },
  {
    name: 'iam-policy',
    description: 'print the minimal read-only IAM policy apigw-plan needs',
    options: iamPolicyOptions,
    load: () => import('./commands/iam-policy.js'),
  },
];

/**
 * Build the program. Command modules are imported lazily inside each action, so `--help`
 * loads nothing but commander and the option lists, and no command loads the AWS SDK
 * unless it talks to AWS. (`--version` is answered by bin/apigw-plan.js before this loads.)
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

  for (const spec of COMMANDS) {
    const cmd = program.command(spec.name).description(spec.description);
    for (const option of spec.options()) cmd.addOption(option);
    for (const a of spec.args ?? []) cmd.argument(a.syntax, a.description);
    cmd.action(async (...given: unknown[]) => {
      // commander passes the positional arguments, then the options, then the command
      const opts = { ...(given[(spec.args ?? []).length] as Record<string, unknown>) };
      (spec.args ?? []).forEach((a, i) => {
        opts[a.key] = given[i];
      });
      setResult(await (await spec.load()).run(opts, io));
    });
  }

  const pricing = program.command('pricing').description('the AWS price snapshots: show what is bundled, refresh from the Price List API');
  pricing
    .command('show')
    .description('print the bundled prices for a region, their sources and how old they are')
    .option('-r, --region <region>', 'AWS Region', 'us-east-1')
    .option('--regions', 'list every bundled Region with its snapshot date and completeness instead')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .action(async (opts: Record<string, unknown>) => {
      const { runPricingShow, runPricingRegions } = await import('./commands/pricing.js');
      setResult(opts.regions === true ? runPricingRegions(opts, io) : await runPricingShow(opts, io));
    });
  const refresh = pricing
    .command('refresh')
    .description('rebuild the price snapshot of a Region from the AWS Price List API (reads AWS: pricing:GetProducts)');
  for (const option of pricingRefreshOptions()) refresh.addOption(option);
  refresh.action(async (opts: Record<string, unknown>) => setResult(await (await import('./commands/pricing-refresh.js')).run(opts, io)));
  return program;
}

/** Format a user-facing error: what, where, how to fix. Never a stack trace. */
export function describeError(err: UserFacingError): string {
  const lines = [`error: ${err.message}`];
  if (err.where) lines.push(`  where: ${err.where}`);
  const problems = (err as { problems?: string[] }).problems ?? [];
  for (const p of problems) lines.push(`  - ${p}`);
  if (err.hint) lines.push(`  fix: ${err.hint}`);
  return `${lines.join('\n')}\n`;
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
    try {
      io.stdout(result.stdout);
    } catch (err) {
      return outputFailure(err, io);
    }
    return result.exitCode;
  }
  return EXIT.OK;
}

/**
 * stdout could not be written: a reader that went away (EPIPE, `| head -1`) ends the run quietly
 * with 0, as other command-line tools do; any other failure (ENOSPC on `> /dev/full`, EIO) is
 * an environment failure, exit 3, said on stderr.
 */
export function outputFailure(err: unknown, io: Pick<Io, 'stderr'>): number {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EPIPE') return EXIT.OK;
  try {
    io.stderr(
      `error: cannot write the output to stdout: ${code ?? (err instanceof Error ? err.message : String(err))}\n  fix: ${code === 'ENOSPC' ? 'free some disk space, or' : ''} send the output somewhere writable (or use --output FILE where the command has it)\n`,
    );
  } catch {
    // stderr is gone too: the exit code still tells
  }
  return EXIT.AWS_OR_ENVIRONMENT;
}

function handleError(err: unknown, io: Io, verbose: boolean): number {
  if (err instanceof CommanderError) {
    // --help and --version end with 0; help shown because a command was missing (`pricing` alone) is a usage error
    if ((err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') && err.exitCode === 0)
      return EXIT.OK;
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
  // writes to a pipe fail asynchronously: an 'error' event, which unhandled would crash with a stack trace
  const onError = (err: NodeJS.ErrnoException) => {
    process.exitCode = outputFailure(err, { stderr: (t) => process.stderr.write(t) });
    process.exit();
  };
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', onError);
  if (process.stderr.listenerCount('error') === 0) process.stderr.on('error', () => {});
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}
