/**
 * | code | meaning |
 * |------|---------|
 * | 0 | ok: valid, no disagreement |
 * | 1 | findings in the data, or a failed check (`score --check`) |
 * | 2 | usage, IO or git error: bad option, missing folder, unreadable file |
 */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
