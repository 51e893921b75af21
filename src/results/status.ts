import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import type { MeasureStatus, Strategy } from '../model/types.js';
import type { AnnualReviewStatus } from '../scoring/review.js';
import type { RequirementState } from '../scoring/requirements.js';

export interface StaleMeasure {
  id: string;
  title: string;
  /** Date of the last commit that changed its file. */
  lastChange: string;
}

export interface StatusResult {
  strategy: Strategy;
  today: string;
  fortschreibung: { basis: string; due: string; overdue: boolean; days: number } | null;
  /** Counts per Handlungsfeld id and status ('none' for measures without status). */
  matrix: Record<string, Record<MeasureStatus | 'none', number>>;
  review: { since: string; stale: StaleMeasure[]; uncommitted: string[] } | { unavailable: string };
  /** The commit the strategy was taken from when --today lies in the past; null for the work tree. */
  asOf: { commit: string; date: string } | null;
  /** The annual review of today's year (assessments per Fachbereich); null when strategy.yaml sets none. */
  annualReview?: AnnualReviewStatus | null;
  /** requirements.yaml judged on `today` (empty without a register). */
  requirements: RequirementState[];
  language: Lang;
  exitCode: ExitCode;
}

export { statusKeys as statuses } from '../scoring/status-counts.js';
