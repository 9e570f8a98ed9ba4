// Shared plumbing for CLI commands: exit codes and output shape.
// Exit codes: 0 ok, 1 validation failed, 2 usage or system error.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A problem the user can fix, with a code of its own and an English twin (both shown by --json). */
export class CliProblem extends CliError {
  constructor(
    readonly code: string,
    message: string,
    readonly messageEn: string,
  ) {
    super(message, 2);
  }
}

/** Print a result as JSON (for --json) or as the human text the command gives. */
export function output(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}
