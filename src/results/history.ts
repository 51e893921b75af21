import type { HistoryEntry } from '../diff/measure-history.js';
import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';

export interface HistoryResult {
  id: string;
  /** Column labels of the Leitplanken, from the newest version that has them. */
  labels: Record<string, string>;
  entries: HistoryEntry[];
  commits: number;
  language: Lang;
  exitCode: ExitCode;
}
