/**
 * The seam between the process and everything else: what a command hands back, and the I/O a
 * command is given. Its own module (no imports) so that commands, the app layer and adapters can
 * name these types without importing `cli.ts` (which imports the commands).
 */

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
  /** stdout is a terminal, and its width (colour, table width); stderr is a terminal (progress). */
  stdoutIsTty?: boolean;
  stdoutColumns?: number | undefined;
  stderrIsTty?: boolean;
  /**
   * Tests only (the CLI never sets it): runs a pure, seeded computation through a store keyed by its
   * inputs, so a test run that prints the same simulation in many formats computes it once.
   */
  memo?: Memo;
}

/** `compute()`'s value, or an equal copy of the value it gave for the same `name` and `inputs`. */
export type Memo = <T>(name: string, inputs: readonly unknown[], compute: () => T) => T;
