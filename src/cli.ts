import { fstatSync, writeSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { clearProgress, setQuiet } from './progress.js';
import { UserFacingError } from './errors.js';
import { VERSION } from './version.js';

import type { CommandResult, Io } from './io.js';

export type { CommandResult, Io } from './io.js';

type CommandModule = { run: (opts: Record<string, unknown>, io: Io) => Promise<CommandResult> };

interface CommandSpec {
  name: string;
  description: string;
  /**
   * Option definitions: plain data from a dependency-free module, so --help is complete and cheap.
   * Imported only for the command that runs (or for help that lists every command).
   */
  options: () => Promise<Option[]>;
  /** The command itself, imported only when it runs (models, formatters, the AWS SDK…). */
  load: () => Promise<CommandModule>;
  /** Positional arguments (commander syntax, e.g. "<paths...>"), handed to the command as opts[key]. */
  args?: Array<{ syntax: string; description: string; key: string }>;
  /** Two or three examples and the exit codes, printed after the options by --help. */
  help: CommandHelp;
}

interface CommandHelp {
  examples: [command: string, comment: string][];
  /** Exit codes this command can return beyond 0, each with what it means here. */
  exits: Partial<Record<1 | 2 | 3 | 4, string>>;
}

const BAD_INPUT = 'bad flag, file or config (the message says what, where and how to fix it)';
const INTERNAL = 'internal error (a bug: please report it)';

/** The help text after a command's options: examples, then every exit code it can return. */
export function helpAfter(h: CommandHelp): string {
  const lines = ['', 'Examples:'];
  h.examples.forEach(([c, comment], i) => {
    if (i) lines.push('');
    lines.push(`  # ${comment}`, `  $ ${c}`);
  });
  lines.push('', 'Exit codes:', '  0  ran fine');
  for (const code of [1, 2, 3, 4] as const) if (h.exits[code]) lines.push(`  ${code}  ${h.exits[code]}`);
  return `${lines.join('\n')}\n`;
}

const COMMANDS: CommandSpec[] = [
  {
    name: 'estimate',
    description: 'monthly cost of REST, HTTP and WebSocket APIs vs an ALB with SSO vs a self-hosted gateway, with break-even volumes',
    options: async () => (await import('./commands/estimate-options.js')).estimateOptions(),
    load: () => import('./commands/estimate.js'),
    help: {
      examples: [
        ['apigw-plan estimate --requests 50M', '50 million requests a month: verdict and totals first'],
        ['apigw-plan estimate --requests 50M --waf-rules 5 --details ladders', 'WAF needed: options without it are not named cheapest'],
        ['apigw-plan estimate --scenario examples/saas-scenario.yaml --format json', 'several APIs from a file, everything in JSON'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure (only with --from-cloudwatch)', 4: INTERNAL },
    },
  },
  {
    name: 'simulate',
    description: 'simulate API Gateway throttling (token buckets) and payload limits: expected 429s and safe settings',
    options: async () => (await import('./commands/simulate-options.js')).simulateOptions(),
    load: () => import('./commands/simulate.js'),
    help: {
      examples: [
        ['apigw-plan simulate --traffic examples/traffic/orders-2h.csv --limits examples/limits/orders.yaml', 'expected 429s per bucket'],
        ['apigw-plan simulate --traffic counts.csv --rate 100 --burst 200 --fail-above-target', 'CI: exit 1 above --target'],
        ['apigw-plan simulate --from-cloudwatch --days 7 --region eu-west-1', 'the real traffic and throttles of an account'],
      ],
      exits: {
        1: 'P(any 429 in the busiest period) above --target, with --fail-above-target',
        2: BAD_INPUT,
        3: 'AWS failure (only with --from-cloudwatch)',
        4: INTERNAL,
      },
    },
  },
  {
    name: 'check',
    description: 'CI gate: evaluate the gates of apigw-plan.config.json (quota headroom, 429 risk, payloads, budget, growth)',
    options: async () => (await import('./commands/check-options.js')).checkOptions(),
    load: () => import('./commands/check.js'),
    help: {
      examples: [
        ['apigw-plan check', 'reads apigw-plan.config.json (or .yaml; apigw-plan init writes one) in the current directory'],
        ['apigw-plan check --config examples/apigw-plan.config.json --format github', 'annotations in GitHub Actions'],
        ['apigw-plan check --write-baseline', "store today's results at the config's baseline path, for the growth gate"],
      ],
      exits: {
        1: 'an error-level gate failed (or a warn-level gate, with --strict)',
        2: BAD_INPUT,
        3: 'AWS failure (a config that reads the account)',
        4: INTERNAL,
      },
    },
  },
  {
    name: 'report',
    description:
      'one self-contained HTML page (or Markdown) for a design review: costs, tier ladders, cost-by-volume chart with break-evens, prices; with --traffic, throttling, quotas and payloads',
    options: async () => (await import('./commands/report-options.js')).reportOptions(),
    load: () => import('./commands/report.js'),
    help: {
      examples: [
        ['apigw-plan report --requests 50M --output report.html', 'one self-contained page for a design review'],
        [
          'apigw-plan report --requests 50M --traffic examples/traffic/orders-2h.csv --limits examples/limits/orders.yaml -o report.html',
          'with throttling',
        ],
        ['apigw-plan report --scenario examples/saas-scenario.yaml --format markdown', 'Markdown on stdout'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure, or the output file cannot be written', 4: INTERNAL },
    },
  },
  {
    name: 'diff',
    description:
      'what a change does to cost, quotas, throttles and 429 risk: two reports or scenarios in, one diff out (a pull-request comment with --format markdown)',
    options: async () => (await import('./commands/diff-options.js')).diffOptions(),
    load: () => import('./commands/diff.js'),
    help: {
      examples: [
        ['apigw-plan diff --base v1.json --head v2.json', 'two check/estimate/simulate JSON reports: the headline first'],
        ['apigw-plan diff --base v1.json --head v2.json --format markdown > comment.md', 'one pull-request comment'],
        [
          'apigw-plan diff --base examples/diff/v1/apis.yaml --head examples/diff/v2/apis.yaml --show-unchanged',
          'two scenarios, priced offline',
        ],
      ],
      exits: {
        2: `${BAD_INPUT}; diff never exits 1: check --diff-base gates on it`,
        3: 'the output file cannot be written',
        4: INTERNAL,
      },
    },
  },
  {
    name: 'init',
    description: 'write a starter apigw-plan.config.yaml for check (every gate commented); never overwrites a config',
    options: async () => (await import('./commands/init-options.js')).initOptions(),
    load: () => import('./commands/init.js'),
    help: {
      examples: [
        ['apigw-plan init', 'writes apigw-plan.config.yaml here, then: apigw-plan check'],
        ['apigw-plan init --requests 200/s --output ci/apigw-plan.config.yaml', 'another volume, another file'],
      ],
      exits: {
        2: 'a config already exists there (init never overwrites one), or a bad --requests',
        3: 'the file cannot be written (missing or read-only folder)',
        4: INTERNAL,
      },
    },
  },
  {
    name: 'forecast',
    description:
      'when growing traffic crosses a price tier, a break-even, a throttle, a quota or a budget: dates with intervals, from a history file or CloudWatch',
    options: async () => (await import('./commands/forecast-options.js')).forecastOptions(),
    load: () => import('./commands/forecast.js'),
    help: {
      examples: [
        [
          'apigw-plan forecast --history examples/forecast/orders-history.csv --limits examples/forecast/limits.yaml',
          'crossing dates of the tiers, break-evens and throttles, verdict first',
        ],
        ['apigw-plan forecast --history examples/forecast/orders-history.csv --format markdown', 'the same for a wiki or a pull request'],
        ['apigw-plan forecast --from-cloudwatch --days 180 --region eu-west-1', 'the history of an account'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure (only with --from-cloudwatch)', 4: INTERNAL },
    },
  },
  {
    name: 'limits',
    description: 'every API Gateway quota in the Region: applied vs default, raised, usage and headroom; configured throttles (reads AWS)',
    options: async () => (await import('./commands/aws-options.js')).limitsOptions(),
    load: () => import('./commands/limits.js'),
    help: {
      examples: [
        ['apigw-plan limits --region eu-west-1', 'quotas with the least headroom first'],
        ['apigw-plan limits --profile prod --days 0', 'skip CloudWatch: quotas and configured throttles only'],
        ['apigw-plan limits --limits-out limits.yaml', 'then: apigw-plan simulate --limits limits.yaml'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure: no credentials, access denied (see iam-policy), throttled, unreachable', 4: INTERNAL },
    },
  },
  {
    name: 'inventory',
    description:
      'read infrastructure code (CloudFormation, SAM, CDK cdk.out, Terraform plan JSON, OpenAPI): APIs, stages, throttles, usage plans and each quota the code decides, offline',
    options: async () => (await import('./commands/inventory-options.js')).inventoryOptions(),
    load: () => import('./commands/inventory.js'),
    args: [
      {
        syntax: '<paths...>',
        description: 'template files, folders, cdk.out folders, terraform show -json output, OpenAPI files',
        key: 'paths',
      },
    ],
    help: {
      examples: [
        ['apigw-plan inventory template.yaml', 'CloudFormation or SAM: APIs, throttles and the quotas the code decides'],
        ['apigw-plan inventory cdk.out --format json', 'CDK, nested stacks included'],
        ['apigw-plan inventory plan.json --limits-out limits.yaml', 'terraform show -json output, then simulate --limits limits.yaml'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure (only with --from-account)', 4: INTERNAL },
    },
  },
  {
    name: 'iam-policy',
    description: 'print the minimal read-only IAM policy apigw-plan needs',
    options: async () => (await import('./commands/aws-options.js')).iamPolicyOptions(),
    load: () => import('./commands/iam-policy.js'),
    help: {
      examples: [
        ['apigw-plan iam-policy > apigw-plan-policy.json', 'the policy document as JSON'],
        ['apigw-plan iam-policy --format markdown', 'each action with the command that needs it'],
      ],
      exits: { 2: BAD_INPUT, 4: INTERNAL },
    },
  },
];

/**
 * Build the program. Command modules are imported lazily inside each action, so `--help`
 * loads nothing but commander and the option lists, and no command loads the AWS SDK
 * unless it talks to AWS. (`--version` is answered by bin/apigw-plan.js before this loads.)
 *
 * `only`: the command the arguments name (their first word). That command gets its options,
 * help and action; every other one is listed by name and description alone, so a run loads
 * and builds the option list of its own command only. Without it (`--help`, `help`, no or an
 * unknown command) every command is built in full.
 */
export async function buildProgram(io: Io, setResult: (r: CommandResult) => void, only?: string): Promise<Command> {
  const program = new Command('apigw-plan')
    .description('What AWS API Gateway will cost and where its limits will bite — offline by default.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText(
      'after',
      helpAfter({
        examples: [
          ['apigw-plan estimate --requests 50M', 'what 50M requests a month cost, option by option'],
          ['apigw-plan simulate --traffic counts.csv --limits limits.yaml', 'where throttling will bite'],
          ['apigw-plan <command> --help', 'options, examples and exit codes of a command'],
        ],
        exits: {
          1: 'a gate failed (check; simulate --fail-above-target)',
          2: 'bad input or config; also no command given',
          3: 'AWS or environment failure',
          4: INTERNAL,
        },
      }),
    );

  const built = COMMANDS.filter((spec) => only === undefined || spec.name === only);
  const options = await Promise.all(built.map((spec) => spec.options()));
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.name).description(spec.description);
    const i = built.indexOf(spec);
    if (i < 0) continue; // not the command that runs: listed, never parsed
    for (const option of options[i]!) cmd.addOption(option);
    for (const a of spec.args ?? []) cmd.argument(a.syntax, a.description);
    common(cmd).addHelpText('after', helpAfter(spec.help));
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
  const show = pricing
    .command('show')
    .description('print the bundled prices for a region, their sources and how old they are')
    .option('-r, --region <region>', 'AWS Region', 'us-east-1')
    .option('--regions', 'list every bundled Region with its snapshot date and completeness instead')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'));
  common(show).addHelpText(
    'after',
    helpAfter({
      examples: [
        ['apigw-plan pricing show', 'us-east-1 prices, their sources and age'],
        ['apigw-plan pricing show --region eu-west-1 --format json', 'every tier as decimal strings'],
        ['apigw-plan pricing show --regions', 'every bundled Region, its snapshot date and completeness'],
      ],
      exits: { 2: 'unknown Region or bad flag', 4: INTERNAL },
    }),
  );
  show.action(async (opts: Record<string, unknown>) => {
    const { runPricingShow, runPricingRegions } = await import('./commands/pricing.js');
    setResult(opts.regions === true ? await runPricingRegions(opts, io) : await runPricingShow(opts, io));
  });
  const refresh = pricing
    .command('refresh')
    .description('rebuild the price snapshot of a Region from the AWS Price List API (reads AWS: pricing:GetProducts)');
  if (only === undefined || only === 'pricing')
    for (const option of (await import('./commands/pricing-refresh-options.js')).pricingRefreshOptions()) refresh.addOption(option);
  common(refresh).addHelpText(
    'after',
    helpAfter({
      examples: [
        ['apigw-plan pricing refresh --region eu-west-1', 'writes ./pricing-data-eu-west-1.json and prints what changed'],
        ['apigw-plan estimate --requests 50M --region eu-west-1 --prices pricing-data-eu-west-1.json', 'then price with it'],
      ],
      exits: { 2: BAD_INPUT, 3: 'AWS failure: no credentials, access denied (pricing:GetProducts), unreachable', 4: INTERNAL },
    }),
  );
  refresh.action(async (opts: Record<string, unknown>) => setResult(await (await import('./commands/pricing-refresh.js')).run(opts, io)));
  return program;
}

/**
 * Options every command takes, added here once: --no-color (colour is decided in one place,
 * src/formatters/terminal.ts) and --quiet (no progress on stderr).
 */
function common(cmd: Command): Command {
  const has = (flag: string) => cmd.options.some((o) => o.long === flag);
  if (!has('--no-color')) cmd.addOption(new Option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)'));
  if (!has('--quiet')) cmd.addOption(new Option('-q, --quiet', 'no progress on stderr (progress only shows on a terminal)'));
  return cmd;
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
  setQuiet(argv.includes('--quiet') || argv.includes('-q'));
  // --verbose is accepted anywhere (it only adds stack traces to internal errors)
  const verbose = argv.includes('--verbose');
  argv = argv.filter((a) => a !== '--verbose');
  let result: CommandResult | undefined;
  // the first word after the script is the command commander runs when it names one
  const first = argv[2];
  const only = first !== undefined && (COMMANDS.some((c) => c.name === first) || first === 'pricing') ? first : undefined;
  const program = await buildProgram(
    io,
    (r) => {
      result = r;
    },
    only,
  );
  try {
    await program.parseAsync(argv);
  } catch (err) {
    clearProgress();
    return handleError(err, io, verbose);
  }
  clearProgress();
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
    // --help and --version end with 0
    if ((err.code === 'commander.helpDisplayed' || err.code === 'commander.version') && err.exitCode === 0) return EXIT.OK;
    // `apigw-plan` (or `apigw-plan pricing`) without a command: commander printed the help to
    // stderr; that is a usage error (2), as POSIX tools treat one, and stdout stays empty.
    // `apigw-plan help` and --help print to stdout and exit 0.
    if (err.code === 'commander.help') return err.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
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
    process.exitCode = outputFailure(err, { stderr: writeStderr });
    process.exit();
  };
  const stdout = outputTo(1, () => process.stdout, onError);
  const stderr = outputTo(
    2,
    () => process.stderr,
    () => {},
  );
  const writeStderr = stderr.write;
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTty: stdout.isTty(),
    stdoutColumns: stdout.columns(),
    stderrIsTty: stderr.isTty(),
  };
}

interface Output {
  write: (text: string) => void;
  isTty: () => boolean;
  columns: () => number | undefined;
}

/**
 * How the CLI writes to stdout or stderr. A pipe, a socket or a regular file (CI logs, redirects, `| less`)
 * is never a terminal: it is written with writeSync, as Node itself writes files and pipes on Linux
 * (https://nodejs.org/api/process.html#a-note-on-process-io), without creating process.stdout or
 * process.stderr: building one (for a pipe a net.Socket, with the net and tty modules) took 2 to 5 ms of a
 * cold process (measured with a pipe and with a file, one stream each). A terminal, or a device
 * such as /dev/null or /dev/full, goes through the stream as before. A write error goes to `onError`,
 * as the stream's 'error' event does; a pipe that would block (EAGAIN: a non-blocking pipe whose reader
 * is behind) gets the rest through the stream, which waits.
 */
function outputTo(fd: 1 | 2, stream: () => NodeJS.WriteStream, onError: (err: NodeJS.ErrnoException) => void): Output {
  const open = (): NodeJS.WriteStream => {
    const s = stream();
    if (s.listenerCount('error') === 0) s.on('error', onError);
    return s;
  };
  if (!plainFile(fd)) {
    const s = open();
    return { write: (t) => void s.write(t), isTty: () => Boolean(s.isTTY), columns: () => s.columns };
  }
  let blocked: NodeJS.WriteStream | undefined;
  const write = (text: string): void => {
    if (blocked) {
      blocked.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(fd, bytes, done, bytes.length - done);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') {
          onError(err as NodeJS.ErrnoException);
          return;
        }
        blocked = open();
        blocked.write(bytes.subarray(done));
        return;
      }
    }
  };
  return { write, isTty: () => false, columns: () => undefined };
}

/** A pipe, a socket or a regular file: never a terminal. */
function plainFile(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    return st.isFIFO() || st.isSocket() || st.isFile();
  } catch {
    return false;
  }
}
