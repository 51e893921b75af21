import { CliError } from '../errors.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import { ExitCode } from '../exit-codes.js';
import { compareIds } from '../model/ids.js';
import type { Strategy } from '../model/types.js';
import { InvalidStrategyError } from '../errors.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import type { GitStrategy, Revision } from '../read/git.js';
import { requirementStates } from '../scoring/requirements.js';
import { statusCounts } from '../scoring/status-counts.js';
import { annualReviewStatus } from '../scoring/review.js';
import { workspaceReviews } from '../command-kit/reviews.js';
import type { ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { statusFormats, type StatusFormat } from '../render/formats.js';
import { statusFormatters } from '../render/render-status.js';
import type { StaleMeasure, StatusResult } from '../results/status.js';

export interface StatusOptions {
  /** The day to judge against, YYYY-MM-DD; default today. */
  today?: string;
}

function parseDay(text: string, what: string): Date {
  // Date.parse rolls 2021-02-29 over into March; the calendar check refuses it instead.
  return new Date(`${calendarOption(what, text, 'date')}T00:00:00Z`);
}

/** YYYY-MM-DD, also past the year 9999 (toISOString would write +010019-12-31). */
const day = (d: Date): string =>
  `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

function addYears(d: Date, years: number): Date {
  const r = new Date(d);
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

export async function status(options: StatusOptions, workspace: Workspace): Promise<StatusResult> {
  const { commitOnOrBefore, lastChanges, readStrategyAt, requireHistorySince, resolveRevision } = await import('../read/git.js');
  const realToday = new Date(`${day(new Date())}T00:00:00Z`);
  const today = options.today === undefined ? realToday : parseDay(options.today, '--today');
  const since = addYears(today, -1);
  // A day in the past is judged on the strategy as it stood then: the last commit on or before
  // it, never later commits or uncommitted edits. Today (or later) is the work tree as it is.
  const past = today < realToday;

  let repo: GitStrategy | undefined;
  let head: Revision | undefined;
  let gitProblem: string | undefined;
  try {
    repo = await workspace.git();
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    gitProblem = error.message;
  }
  // A repository without any commit yet: everything is uncommitted.
  if (repo !== undefined) head = await resolveRevision(repo, 'HEAD').catch(() => undefined);

  let strategy: Strategy;
  let asOf: StatusResult['asOf'] = null;
  if (repo !== undefined && head !== undefined) {
    // A shallow clone cut off within the review window would make its cut-off commit look like
    // a review of every measure.
    await requireHistorySince(repo, head, Math.floor(since.getTime() / 1000), 'status');
  }
  if (past && repo !== undefined) {
    const at = head === undefined ? undefined : await commitOnOrBefore(repo, head, today);
    if (at === undefined)
      throw new CliError(`the strategy has no commit on or before ${day(today)} in this branch; it did not exist in git yet`);
    const files = await readStrategyAt(repo, { ref: at.commit.slice(0, 12), commit: at.commit });
    if (files.length === 0)
      throw new CliError(
        `the strategy folder ${workspace.dir} did not exist in git on ${day(today)} (last commit then: ${at.commit.slice(0, 12)})`,
      );
    const loaded = assembleStrategy(workspace.dir, files);
    if (loaded.strategy === undefined)
      throw new InvalidStrategyError(
        loaded.findings,
        files.map((f) => f.path),
        loaded.partial.strategy?.language,
      );
    strategy = loaded.strategy;
    asOf = { commit: at.commit, date: day(new Date(at.time * 1000)) };
  } else {
    strategy = workspace.strategy();
  }
  const s = strategy.strategy;

  const basis = s.adoption?.date ?? s.date;
  const years = s.review?.fortschreibung_years;
  const due = years === undefined ? undefined : addYears(new Date(`${basis}T00:00:00Z`), years);
  const fortschreibung =
    due === undefined
      ? null
      : { basis, due: day(due), overdue: today > due, days: Math.round(Math.abs(today.getTime() - due.getTime()) / 86_400_000) };

  const matrix = statusCounts(s.handlungsfelder, strategy.measures);

  // The annual review (chapter 5): a measure nobody touched for a year has not been reviewed.
  let review: StatusResult['review'];
  if (repo === undefined) {
    review = { unavailable: gitProblem ?? 'not inside a git repository' };
  } else if (head === undefined) {
    review = { since: day(since), stale: [], uncommitted: [...strategy.measures].sort((a, b) => compareIds(a.id, b.id)).map((m) => m.id) };
  } else {
    const changes =
      asOf === null ? await lastChanges(repo, head, workspace.files()) : await lastChanges(repo, { ref: asOf.commit, commit: asOf.commit });
    const stale: StaleMeasure[] = [];
    const uncommitted: string[] = [];
    for (const m of [...strategy.measures].sort((a, b) => compareIds(a.id, b.id))) {
      const last = changes.get(m.origin.relative);
      if (last === 'uncommitted') uncommitted.push(m.id);
      else if (last === undefined || last * 1000 < since.getTime())
        stale.push({ id: m.id, title: m.title, lastChange: last === undefined ? '' : day(new Date(last * 1000)) });
    }
    review = { since: day(since), stale, uncommitted };
  }
  // Assessments are read from the work tree, also for a --today in the past (the year's files as they are now).
  const assessments = workspaceReviews(workspace).check.assessments.filter((a) => a.year === today.getUTCFullYear());
  const annualReview = annualReviewStatus(s, strategy.measures, assessments, day(today));
  return {
    strategy,
    today: day(today),
    annualReview,
    asOf,
    fortschreibung,
    matrix,
    requirements: requirementStates(strategy.requirements, strategy.measures, day(today)),
    review,
    language: workspace.lang ?? s.language,
    exitCode: ExitCode.Ok,
  };
}

export const statusCommand = {
  kind: 'read',
  spec: {
    path: ['status'],
    description:
      'version, adoption, when the next Fortschreibung is due, measures by status, deadlines of requirements.yaml, measures not reviewed within a year',
    formats: statusFormats,
    options: [{ flags: '--today <date>', description: 'judge against this day instead of today (YYYY-MM-DD)' }],
    help: '\nThe next Fortschreibung is due review.fortschreibung_years after the adoption date (else the\ndocument date). A measure counts as not reviewed when no commit changed its file within the\nyear before --today; uncommitted edits count as changes. A --today in the past judges the\nstrategy as it stood then: the last commit on or before that day. Deadlines: every mandatory\nrequirement of requirements.yaml whose deadline ended before --today while a measure serving it\nis not done (or none serves it), and the number of open requirements.',
  },
  run: status,
  formatters: statusFormatters,
} satisfies ReadingCommand<StatusOptions, StatusResult, StatusFormat>;
