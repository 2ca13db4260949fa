import { progress } from '../progress.js';
import { type AwsSession, createSession } from '../adapters/aws/session.js';
import type { Io, Memo } from '../io.js';

/**
 * What the use cases (src/app/) get from outside, injected so tests can run them in-process with a
 * fixed clock, a fake AWS endpoint and captured progress lines.
 */
export interface AppDeps {
  /** Relative paths in a request resolve from here. */
  cwd: string;
  /** The clock, in ms since the epoch ("now" of CloudWatch windows, "today" of price ages). */
  now: () => number;
  /** The date used for price ages and snapshot compilation dates. */
  today: () => Date;
  /** Progress and notes (the CLI sends them to stderr). */
  progress: (line: string) => void;
  /** An AWS session for a target (no SDK loads until a reader uses it). */
  awsSession: (target: AwsTarget) => AwsSession;
  /** Tests only: a store for pure computations (Io.memo). */
  memo?: Memo | undefined;
}

/** Where to reach AWS: `--region`, `--profile`, `--endpoint-url` as the AWS CLI takes them. */
export interface AwsTarget {
  region: string | undefined;
  profile: string | undefined;
  endpointUrl: string | undefined;
}

/** A date from an environment variable (ISO), or undefined when it is absent or malformed. */
function fixedDate(text: string | undefined): number | undefined {
  const ms = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The dependencies of a CLI run: paths from `io.cwd`, the clock from `APIGW_PLAN_NOW` /
 * `APIGW_PLAN_TODAY` (ISO dates, for tests and reproducible runs) or the system clock, AWS
 * sessions from the SDK's default credential chain. `overrides` is merged into every SDK client
 * configuration (tests: static credentials, a fast retry strategy).
 */
export function depsFromIo(io: Io, overrides?: Record<string, unknown>): AppDeps {
  // one status line on stderr, only on a terminal and never with --quiet (src/progress.ts)
  const status = progress(io, {}, 'apigw-plan');
  return {
    cwd: io.cwd,
    now: () => fixedDate(io.env.APIGW_PLAN_NOW) ?? Date.now(),
    today: () => new Date(io.env.APIGW_PLAN_TODAY ?? Date.now()),
    progress: (line) => status.step(line.replace(/\n$/, '')),
    awsSession: (t) =>
      createSession({
        region: t.region,
        profile: t.profile,
        endpoint: t.endpointUrl,
        overrides,
        env: io.env,
        progress: (l) => status.step(`aws: ${l}`),
      }),
    memo: io.memo,
  };
}
