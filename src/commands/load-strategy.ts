import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import type { Finding } from '../model/finding.js';
import type { Strategy } from '../model/types.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';

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

export function loadStrategy(dir: string): Strategy {
  const files = readStrategyDir(dir);
  const { strategy, findings, partial } = assembleStrategy(dir, files);
  if (strategy === undefined) throw new InvalidStrategyError(findings, files.map((f) => f.path), partial.strategy?.language);
  return strategy;
}
