import { ExitCode } from './exit-codes.js';
import type { Finding } from './model/finding.js';

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

/** The data is invalid: commands other than validate refuse to compute on it. */
export class InvalidStrategyError extends Error {
  readonly exitCode = ExitCode.Findings;
  constructor(
    readonly findings: Finding[],
    readonly files: string[],
    /** The strategy's language, when strategy.yaml could be read. */
    readonly language: 'de' | 'en' | undefined,
  ) {
    super(`the strategy has ${findings.filter((f) => f.severity === 'error').length} error(s); run itstrat validate`);
    this.name = 'InvalidStrategyError';
  }
}

/**
 * The reader of the output went away (EPIPE: `itstrat … | head -1`, a closed FIFO). Not a
 * failure: like `git log | head`, the process ends quietly with 0.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('the reader of the output has gone');
    this.name = 'OutputClosedError';
  }
}

/** Whether an error says the reading end of a pipe is closed. */
export function isReaderGone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}
