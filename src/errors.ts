import { ExitCode } from './exit-codes.js';

/** An error the user can act on: printed as one line, never with a stack trace (unless --verbose). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
