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
