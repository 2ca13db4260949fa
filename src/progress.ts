/**
 * Progress for work that can take a while (simulation, a report with traffic, AWS reads): one
 * status line on stderr, rewritten in place and cleared when the work is done, so stdout stays
 * the result alone. Shown only when stderr is a terminal; never with --quiet, in pipes or in CI logs.
 */
export interface Progress {
  /** Replace the status line. */
  step: (text: string) => void;
  /** Clear the status line (call before printing anything else to stderr). */
  done: () => void;
}

export interface ProgressStreams {
  stderr: (text: string) => void;
  stderrIsTty?: boolean | undefined;
}

const SILENT: Progress = { step: () => {}, done: () => {} };

/** The stream a status line is showing on, so the CLI can clear it before printing the result. */
let showing: ProgressStreams | undefined;

/** --quiet anywhere on the command line silences progress for the whole run (set once by the CLI). */
let quietRun = false;
export function setQuiet(quiet: boolean): void {
  quietRun = quiet;
}

/** Clear any status line still showing (the CLI calls this before writing the result or an error). */
export function clearProgress(): void {
  if (showing) showing.stderr('\r\u001b[2K');
  showing = undefined;
}

export function progress(io: ProgressStreams, opts: { quiet?: unknown }, prefix: string): Progress {
  if (opts.quiet === true || quietRun || !io.stderrIsTty) return SILENT;
  return {
    step: (text) => {
      io.stderr(`\r\u001b[2K${prefix}: ${text}`);
      showing = io;
    },
    done: clearProgress,
  };
}
