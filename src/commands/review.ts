// The annual review (README, "Annual review"): `review new` scaffolds one assessor's file (or
// workbook), `review import` reads a workbook back, `review <year>` aggregates the year's
// assessments and, with --apply, writes the adopted medians into the measure files.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMap, isScalar, type Document } from 'yaml';
import { calendarOption } from '../command-kit/calendar-option.js';
import { project, type FormatContext, type WritingCommand, type WritingResult } from '../command-kit/command.js';
import { planStrategyEdit } from '../command-kit/plan-yaml.js';
import { workspaceReviews, yearReview } from '../command-kit/reviews.js';
import { wholeNumber } from '../command-kit/whole-number.js';
import { workbookBytes } from '../command-kit/workbook.js';
import type { Workspace } from '../command-kit/workspace.js';
import { CliError, InvalidStrategyError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { messages, type Lang } from '../i18n/messages.js';
import { hasErrors } from '../model/finding.js';
import { compareIds } from '../model/ids.js';
import { reviewDocument } from '../model/review-document.js';
import { assessmentFromSheet, isReviewSheet } from '../model/review-sheet.js';
import { checkReviews, type Assessment } from '../model/reviews.js';
import { didYouMean } from '../model/suggest.js';
import type { Strategy } from '../model/types.js';
import { readSheet } from '../read/read-sheet.js';
import { REVIEWS_DIR } from '../read/read-strategy-dir.js';
import { guardFormatters, terminalText } from '../render/escape.js';
import {
  formatMedium,
  reviewFormats,
  reviewNewFormats,
  type MessageFormat,
  type ReviewFormat,
  type ReviewNewFormat,
} from '../render/formats.js';
import { reviewFormatters, reviewWorkbook, type ReviewScaffold } from '../render/render-review.js';
import type { AppliedScore, ReviewReport } from '../results/review.js';
import { fileEdit, type PlannedFileEdit } from '../write/apply-edits.js';

const ASSESSOR_ID = /^[a-z0-9][a-z0-9_-]*$/;

function parseYear(text: unknown): number {
  const t = String(text ?? '');
  if (!/^[0-9]{4}$/.test(t) || Number(t) < 1900)
    throw new CliError(`<year>: expected a year such as 2026 (four digits) (found "${terminalText(t)}")`);
  return Number(t);
}

function assessorId(text: string): string {
  if (!ASSESSOR_ID.test(text) || text.length > 64)
    throw new CliError(
      `--assessor: expected an id of lower-case letters, digits, - and _ (e.g. fb-20), at most 64 characters (found "${terminalText(text)}")`,
    );
  return text;
}

/** The reference a file in reviews/<year>/ gets to the strategy's own copy of the schema, if there is one. */
function schemaReference(dir: string): string | undefined {
  return existsSync(join(dir, '.schema', 'review.schema.json')) ? '../../.schema/review.schema.json' : undefined;
}

// ---------------------------------------------------------------------------------------------
// itstrat review <year> [--apply]

export interface ReviewOptions {
  year: string;
  apply?: boolean;
  only?: string;
  minAssessments?: number;
}

export interface ReviewResult extends WritingResult {
  report: ReviewReport;
  language: Lang;
}

function onlyIds(only: string | undefined, strategy: Strategy): Set<string> | undefined {
  if (only === undefined) return undefined;
  const ids = strategy.measures.map((m) => m.id);
  const wanted = only
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (wanted.length === 0) throw new CliError('--only: expected measure ids separated by commas, e.g. 1.2,3.4');
  for (const id of wanted)
    if (!ids.includes(id)) throw new CliError(`--only: measure ${terminalText(id)} does not exist${terminalText(didYouMean(id, ids))}`);
  return new Set(wanted);
}

function setScore(doc: Document, leitplanke: string, value: number): void {
  const scores = doc.get('scores', true);
  if (!isMap(scores)) throw new CliError('scores is not a mapping');
  const node = scores.get(leitplanke, true);
  // Changing the scalar in place keeps a comment on the same line.
  if (isScalar(node)) node.value = value;
  else scores.set(leitplanke, value);
}

/**
 * The scores changed in the text itself: only the digits of each changed value are replaced, so
 * every other line (indentation, blank lines, a comment after `scores:`) stays as the author wrote
 * it. Undefined when a value is not a plain number in the text (an alias, a tag, a quoted one).
 */
function patchScores(text: string, doc: Document, changes: readonly { leitplanke: string; adopted: number }[]): string | undefined {
  const scores = doc.get('scores', true);
  if (!isMap(scores)) return undefined;
  const spans: [number, number, string][] = [];
  for (const c of changes) {
    const node = scores.get(c.leitplanke, true);
    if (!isScalar(node) || node.range == null) return undefined;
    const [start, end] = node.range;
    if (!/^[0-9]+$/.test(text.slice(start, end))) return undefined;
    spans.push([start, end, String(c.adopted)]);
  }
  spans.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end, value] of spans) out = out.slice(0, start) + value + out.slice(end);
  return out;
}

export function review(options: ReviewOptions, workspace: Workspace): ReviewResult {
  const year = parseYear(options.year);
  const min = options.minAssessments ?? 2;
  const { aggregate, strategy } = yearReview(workspace, year, min);
  const language = workspace.lang ?? strategy.strategy.language;
  if (aggregate.assessors.length === 0)
    throw new CliError(
      `no assessments for ${year}: ${join(workspace.dir, REVIEWS_DIR, String(year))} holds none; start one with: itstrat review new ${year} --assessor ID`,
      ExitCode.Findings,
    );
  const report: ReviewReport = { aggregate, leitplanken: strategy.leitplanken.leitplanken };
  const edits: PlannedFileEdit[] = [];
  if (options.apply === true) {
    const only = onlyIds(options.only, strategy);
    const applied: AppliedScore[] = [];
    const origin = new Map(strategy.measures.map((m) => [m.id, m.origin]));
    for (const m of aggregate.measures) {
      if (!m.applicable || (only !== undefined && !only.has(m.id))) continue;
      const changes = m.leitplanken.filter((l) => l.count > 0 && l.changed);
      if (changes.length === 0) continue;
      const o = origin.get(m.id)!;
      edits.push(
        planStrategyEdit(workspace, o.relative, {
          edit: (doc) => changes.forEach((c) => setScore(doc, c.leitplanke, c.adopted)),
          patch: (text, doc) => patchScores(text, doc, changes),
          expected: (before) => {
            const data = structuredClone(before) as { scores: Record<string, number> };
            for (const c of changes) data.scores[c.leitplanke] = c.adopted;
            return data;
          },
        }),
      );
      for (const c of changes) applied.push({ id: m.id, leitplanke: c.leitplanke, from: c.current, to: c.adopted, file: o.file });
    }
    report.applied = applied;
  } else if (options.only !== undefined) throw new CliError('--only applies to --apply: name it with --apply');
  return { report, language, edits, exitCode: ExitCode.Ok };
}

export const reviewCommand = {
  kind: 'write',
  spec: {
    path: ['review', 'show'],
    isDefault: true,
    description:
      "the annual review: every Fachbereich's assessment of a year aggregated (median, spread, Kendall's W); --apply writes the medians",
    arguments: [{ key: 'year', name: '<year>', description: 'the year of the review, e.g. 2026 (its files: reviews/<year>/*.yaml)' }],
    formats: reviewFormats,
    out: true,
    options: [
      { flags: '--apply', description: 'write the adopted medians into the measure files (comments are kept)' },
      { flags: '--only <ids>', description: 'with --apply: only these measures, e.g. 1.2,3.4' },
      {
        flags: '--min-assessments <n>',
        description: 'apply nothing to a measure with fewer assessments (default 2)',
        parse: wholeNumber('--min-assessments', 1, 10_000),
      },
    ],
    help: `
Per measure and Leitplanke: the number of assessments, the median, min–max and IQR (R's quantile
type 7). The adopted value is the median; for an even count whose two middle values differ, today's
score if it lies between them, else the middle value nearest to it (always a whole number someone
gave). Kendall's W (corrected for ties, as R's irr::kendall(correct = TRUE)) rests on the measures
every assessor rated, each ranked by the assessor's weighted score. The agenda lists the measures
with the widest disagreement (largest min–max, then IQR) first.
With --apply each changed score is written into its measure file; commit that as the review.

Examples:
  itstrat review new 2026 --assessor fb-20 --fachbereich "FB 20 Finanzen"
  itstrat review 2026                             aggregate the assessments of 2026
  itstrat review 2026 --apply --dry-run           the edits --apply would make, as a diff`,
  },
  writes: (options) => options.apply === true,
  run: review,
  formatters: project(reviewFormatters, (r: ReviewResult) => r.report),
} satisfies WritingCommand<ReviewOptions, ReviewResult, ReviewFormat>;

// ---------------------------------------------------------------------------------------------
// itstrat review new <year> --assessor ID

export interface ReviewNewOptions {
  year: string;
  assessor: string;
  name?: string;
  fachbereich?: string;
  date?: string;
  format?: ReviewNewFormat;
}

export interface ReviewNewResult extends WritingResult {
  language: Lang;
  path: string;
  assessor: string;
  scaffold: ReviewScaffold;
}

function today(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function reviewHeader(language: Lang, year: number, id: string): string[] {
  return language === 'de'
    ? [
        `Einschätzung von ${id} zur jährlichen Überprüfung ${year} (itstrat review ${year}).`,
        'Startwerte sind die heutigen Bewertungen: ändern Sie nur, wo Sie anderer Meinung sind.',
        'Maßnahmen, die Sie nicht bewerten, dürfen Sie löschen; comment ist optional.',
      ]
    : [
        `Assessment of ${id} for the annual review ${year} (itstrat review ${year}).`,
        "Starting values are today's scores: change only where you disagree.",
        'Measures you do not rate may be deleted; comment is optional.',
      ];
}

/** The edits creating reviews/<year>/<id>.yaml: its folders, then the file (never over an existing one unless `replace`). */
function assessmentEdits(
  workspace: Workspace,
  year: number,
  text: string,
  id: string,
  replace: boolean,
): { path: string; edits: PlannedFileEdit[] } {
  const path = join(workspace.dir, REVIEWS_DIR, String(year), `${id}.yaml`);
  const existing = workspaceReviews(workspace).files.find(
    (f) => f.relative === `${REVIEWS_DIR}/${year}/${id}.yaml` || f.relative === `${REVIEWS_DIR}/${year}/${id}.yml`,
  );
  if (existing !== undefined && !replace)
    throw new CliError(`${existing.path} already exists; edit it, or replace it with --replace; nothing was written`);
  const before = existing === undefined ? null : existing.bytes;
  return {
    path,
    // Only the folders still to be made: a dry run must not announce reviews/2026 as new when it is there.
    edits: [
      ...[join(workspace.dir, REVIEWS_DIR), dirname(path)].flatMap((folder): PlannedFileEdit[] =>
        existsSync(folder) ? [] : [{ kind: 'folder', path: folder }],
      ),
      fileEdit(existing?.path ?? path, workspace.dir, before, text),
    ],
  };
}

/** Checks an assessment before it is written, as validate will check it afterwards. */
function assertValid(workspace: Workspace, strategy: Strategy, year: number, id: string, text: string): void {
  const relative = `${REVIEWS_DIR}/${year}/${id}.yaml`;
  const path = join(workspace.dir, relative);
  const { findings } = checkReviews([{ path, relative, bytes: Buffer.from(text) }], {
    measureIds: strategy.measures.map((m) => m.id),
    leitplanken: strategy.leitplanken.leitplanken,
  });
  if (hasErrors(findings)) throw new InvalidStrategyError(findings, [path], strategy.strategy.language);
}

export function reviewNew(options: ReviewNewOptions, workspace: Workspace): ReviewNewResult {
  const year = parseYear(options.year);
  const id = assessorId(options.assessor);
  if (options.fachbereich !== undefined && options.fachbereich.trim() === '')
    throw new CliError('--fachbereich: expected the name of a Fachbereich, e.g. "FB 20 Finanzen"');
  const date = options.date === undefined ? today() : calendarOption('--date', options.date, 'date');
  const strategy = workspace.strategy();
  const language = workspace.lang ?? strategy.strategy.language;
  const measures = [...strategy.measures].sort((a, b) => compareIds(a.id, b.id));
  const assessment: Assessment = {
    assessor: {
      id,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.fachbereich !== undefined ? { fachbereich: options.fachbereich } : {}),
    },
    date,
    measures: measures.map((m) => ({ id: m.id, scores: { ...m.scores } })),
  };
  const scaffold: ReviewScaffold = { year, assessment, measures, leitplanken: strategy.leitplanken.leitplanken };
  if (options.format === 'xlsx') return { language, path: '', assessor: id, scaffold, edits: [], exitCode: ExitCode.Ok };
  const text = reviewDocument(assessment, {
    schema: schemaReference(workspace.dir),
    header: reviewHeader(language, year, id),
    titles: new Map(measures.map((m) => [m.id, m.title])),
  });
  assertValid(workspace, strategy, year, id, text);
  const { path, edits } = assessmentEdits(workspace, year, text, id, false);
  return { language, path, assessor: id, scaffold, edits, exitCode: ExitCode.Ok };
}

export const reviewNewCommand = {
  kind: 'write',
  spec: {
    path: ['review', 'new'],
    description: "one assessor's assessment file for a year, every measure with today's scores as the starting values",
    arguments: [{ key: 'year', name: '<year>', description: 'the year of the review, e.g. 2026' }],
    formats: reviewNewFormats,
    out: true,
    options: [
      {
        flags: '--assessor <id>',
        description: 'who assesses: lower-case id, e.g. fb-20 (the file is reviews/<year>/<id>.yaml)',
        required: true,
      },
      { flags: '--name <text>', description: 'the name of the assessor' },
      { flags: '--fachbereich <text>', description: 'the Fachbereich the assessment speaks for (as in measures’ fachbereich)' },
      { flags: '--date <date>', description: 'the date of the assessment, YYYY-MM-DD (default today)' },
    ],
    help: `
--format xlsx writes the same as a workbook (to --out FILE) for a Fachbereich that does not use git;
read it back with: itstrat review import FILE`,
  },
  writes: (options) => options.format !== 'xlsx',
  run: reviewNew,
  formatters: {
    text: guardFormatters(formatMedium, {
      text: (r: ReviewNewResult, ctx: FormatContext) => `${ctx.messages.annualReview.created(r.assessor, r.path)}\n`,
    }).text,
    xlsx: (r: ReviewNewResult, ctx: FormatContext) => workbookBytes(reviewWorkbook(r.scaffold, ctx.messages)),
  },
} satisfies WritingCommand<ReviewNewOptions, ReviewNewResult, ReviewNewFormat>;

// ---------------------------------------------------------------------------------------------
// itstrat review import FILE

export interface ReviewImportOptions {
  file: string;
  replace?: boolean;
}

export interface ReviewImportResult extends WritingResult {
  language: Lang;
  path: string;
  assessor: string;
}

export async function reviewImport(options: ReviewImportOptions, workspace: Workspace): Promise<ReviewImportResult> {
  const strategy = workspace.strategy();
  const language = workspace.lang ?? strategy.strategy.language;
  let sheet;
  try {
    sheet = await readSheet(options.file, { headerScore: (labels) => (isReviewSheet(labels) ? 1 : 0) });
  } catch (error) {
    // readSheet speaks of measure lists; a workbook that is no assessment deserves its own words.
    if (error instanceof CliError && error.message.startsWith('no sheet of '))
      throw new CliError(
        `${options.file} is not an assessment workbook: no sheet has "itstrat review" in A1; write one with itstrat review new <year> --assessor ID --format xlsx --out FILE`,
      );
    throw error;
  }
  const measures = [...strategy.measures].sort((a, b) => compareIds(a.id, b.id));
  const read = assessmentFromSheet(sheet, {
    file: options.file,
    measureIds: measures.map((m) => m.id),
    leitplanken: strategy.leitplanken.leitplanken,
  });
  if (read.assessment === undefined || read.year === undefined)
    // The cells' findings on stderr, located FILE:ROW:COLUMN; nothing is written (exit 1, also with --dry-run).
    return {
      language,
      path: '',
      assessor: '',
      edits: [],
      invalidInput: true,
      diagnostics: {
        files: [options.file],
        findings: read.findings,
        summary: messages[language].annualReview.notImported,
      },
      exitCode: ExitCode.Findings,
    };
  const { assessment, year } = read;
  const text = reviewDocument(assessment, {
    schema: schemaReference(workspace.dir),
    header: reviewHeader(language, year, assessment.assessor.id),
    titles: new Map(measures.map((m) => [m.id, m.title])),
  });
  assertValid(workspace, strategy, year, assessment.assessor.id, text);
  const { path, edits } = assessmentEdits(workspace, year, text, assessment.assessor.id, options.replace === true);
  return { language, path, assessor: assessment.assessor.id, edits, exitCode: ExitCode.Ok };
}

export const reviewImportCommand = {
  kind: 'write',
  spec: {
    path: ['review', 'import'],
    description: 'read an assessment workbook (from review new --format xlsx) back into reviews/<year>/<assessor>.yaml',
    arguments: [{ key: 'file', name: '<file>', description: 'the .xlsx file', complete: 'files' }],
    formats: ['text'] as const,
    options: [{ flags: '--replace', description: "replace the assessor's existing file for that year" }],
  },
  run: reviewImport,
  formatters: guardFormatters(formatMedium, {
    text: (r: ReviewImportResult, ctx: FormatContext) =>
      r.path === '' ? '' : `${ctx.messages.annualReview.imported(r.assessor, r.path)}\n`,
  }),
} satisfies WritingCommand<ReviewImportOptions, ReviewImportResult, MessageFormat>;
