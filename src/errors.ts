import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * An error the user can act on. `where` names the flag, file or field at fault,
 * `hint` says how to fix it. The CLI prints these without a stack trace.
 */
export class UserFacingError extends Error {
  readonly exitCode: ExitCode;
  readonly where: string | undefined;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode: ExitCode; where?: string; hint?: string }) {
    super(message);
    this.name = new.target.name;
    this.exitCode = opts.exitCode;
    this.where = opts.where;
    this.hint = opts.hint;
  }
}

/** Bad flag, bad value, malformed or schema-violating file: exit 2. */
export class InputError extends UserFacingError {
  readonly problems: string[];
  constructor(message: string, opts: { where?: string; hint?: string; problems?: string[] } = {}) {
    super(message, { ...opts, exitCode: EXIT.BAD_INPUT });
    this.problems = opts.problems ?? [];
  }
}

/** AWS or environment failure (credentials, access, network, missing browser…): exit 3. */
export class EnvironmentError extends UserFacingError {
  constructor(message: string, opts: { where?: string; hint?: string } = {}) {
    super(message, { ...opts, exitCode: EXIT.AWS_OR_ENVIRONMENT });
  }
}

/** A broken invariant inside the tool: exit 4. */
export class InternalError extends UserFacingError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.INTERNAL });
  }
}
