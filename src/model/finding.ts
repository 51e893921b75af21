import type { ParsedYaml } from './parse-yaml.js';
export type Severity = 'error' | 'warning';

/** One problem in the strategy data, located in its file (Spectral's finding shape). */
export interface Finding {
  file: string;
  line: number;
  col: number;
  /**
   * Where the offending node ends: 1-based, inclusive (its last character), like GitHub's
   * `endLine`/`endColumn` (Spectral's `range.end`, counted as people count). A finding with no node
   * of its own (a missing or refused file) ends where it starts.
   */
  endLine: number;
  endCol: number;
  /** Dotted data path inside the file, e.g. `scores.security` or `leitplanken.2.weight`. */
  path: string;
  rule: string;
  severity: Severity;
  message: string;
}

/** A finding with its keys in the order of the JSON contract, whichever stage produced it. */
export function inContractOrder({ file, line, col, endLine, endCol, path, rule, severity, message }: Finding): Finding {
  return { file, line, col, endLine, endCol, path, rule, severity, message };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file, 'en') || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule, 'en'),
  );
}

export function dotted(path: readonly (string | number)[]): string {
  return path.join('.');
}

/** A finding at a node of a parsed file (at its key with `key: true`), an error unless told otherwise. */
export function findingAt(
  parsed: ParsedYaml,
  path: readonly (string | number)[],
  rule: string,
  message: string,
  options: { key?: boolean; severity?: Severity } = {},
): Finding {
  return {
    file: parsed.file.path,
    ...parsed.locate(path, { key: options.key ?? false }),
    path: dotted(path),
    rule,
    severity: options.severity ?? 'error',
    message,
  };
}
