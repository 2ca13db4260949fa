/** The documented exit codes, the same for every command (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  GATE_FAILED: 1,
  BAD_INPUT: 2,
  AWS_OR_ENVIRONMENT: 3,
  INTERNAL: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
