import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { hasErrors } from '../model/finding.js';
import { diskCheckCache } from '../read/disk-check-cache.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';
import type { ValidationReport } from '../render/render-findings.js';

export interface ValidateOptions {
  dir: string;
}

export interface ValidateResult {
  report: ValidationReport;
  /** The strategy's language, when strategy.yaml could be read. */
  language?: 'de' | 'en';
  exitCode: ExitCode;
}

export function validate({ dir }: ValidateOptions): ValidateResult {
  const files = readStrategyDir(dir);
  const cache = diskCheckCache(dir);
  const { findings, partial } = assembleStrategy(dir, files, cache);
  cache?.save();
  return {
    report: { dir, files: files.map((f) => f.path), findings },
    ...(partial.strategy !== undefined ? { language: partial.strategy.language } : {}),
    exitCode: hasErrors(findings) ? ExitCode.Findings : ExitCode.Ok,
  };
}
