import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import type { Leitplanke } from '../model/types.js';
import type { ReviewAggregate } from '../scoring/review.js';

/** One score --apply writes (or would write): measure, Leitplanke, today's value and the adopted one. */
export interface AppliedScore {
  id: string;
  leitplanke: string;
  from: number;
  to: number;
  /** The measure file, as shown to the user. */
  file: string;
}

export interface ReviewReport {
  aggregate: ReviewAggregate;
  leitplanken: readonly Pick<Leitplanke, 'id' | 'short' | 'title'>[];
  /** With --apply: what was written (or, with --dry-run, would be); absent without --apply. */
  applied?: AppliedScore[];
}

export interface ReviewResultBase {
  report: ReviewReport;
  language: Lang;
  exitCode: ExitCode;
}
