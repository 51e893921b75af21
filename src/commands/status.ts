import { CliError } from '../errors.js';
import { calendarOption } from './date-option.js';
import { ExitCode } from '../exit-codes.js';
import { compareIds } from '../model/ids.js';
import type { MeasureStatus, Strategy } from '../model/types.js';
import { lastChanges, openGitStrategy } from '../read/git.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';
import { statusCounts } from '../scoring/status-counts.js';
import { loadStrategy } from './load-strategy.js';

export interface StatusOptions {
  dir: string;
  /** The day to judge against, YYYY-MM-DD; default today. */
  today?: string;
}

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
  exitCode: ExitCode;
}

export { statusKeys as statuses } from '../scoring/status-counts.js';

function parseDay(text: string, what: string): Date {
  // Date.parse rolls 2021-02-29 over into March; the calendar check refuses it instead.
  return new Date(`${calendarOption(what, text, 'date')}T00:00:00Z`);
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function addYears(d: Date, years: number): Date {
  const r = new Date(d);
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

export async function status(options: StatusOptions): Promise<StatusResult> {
  const today = options.today === undefined ? new Date(`${day(new Date())}T00:00:00Z`) : parseDay(options.today, '--today');
  const strategy = loadStrategy(options.dir);
  const s = strategy.strategy;

  const basis = s.adoption?.date ?? s.date;
  const years = s.review?.fortschreibung_years;
  const due = years === undefined ? undefined : addYears(new Date(`${basis}T00:00:00Z`), years);
  const fortschreibung =
    due === undefined ? null : { basis, due: day(due), overdue: today > due, days: Math.round(Math.abs(today.getTime() - due.getTime()) / 86_400_000) };

  const matrix = statusCounts(s.handlungsfelder, strategy.measures);

  // The annual review (chapter 5): a measure nobody touched for a year has not been reviewed.
  const since = addYears(today, -1);
  let review: StatusResult['review'];
  try {
    const repo = await openGitStrategy(options.dir);
    const changes = await lastChanges(repo, readStrategyDir(options.dir));
    const stale: StaleMeasure[] = [];
    const uncommitted: string[] = [];
    for (const m of [...strategy.measures].sort((a, b) => compareIds(a.id, b.id))) {
      const last = changes.get(m.origin.relative);
      if (last === 'uncommitted') uncommitted.push(m.id);
      else if (last === undefined || last * 1000 < since.getTime()) stale.push({ id: m.id, title: m.title, lastChange: last === undefined ? '' : day(new Date(last * 1000)) });
    }
    review = { since: day(since), stale, uncommitted };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    review = { unavailable: error.message };
  }
  return { strategy, today: day(today), fortschreibung, matrix, review, exitCode: ExitCode.Ok };
}
