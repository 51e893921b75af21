// The assessment as a workbook (review new --format xlsx) read back (review import): for
// Fachbereiche that do not use git. The layout is fixed and written by src/render/render-review.ts;
// machine keys in column A and the header row, people's labels beside them.
import { calendarProblem } from './calendar-date.js';
import type { Finding } from './finding.js';
import { MEASURE_ID } from './ids.js';
import { leitplankeHint, type AssessedMeasure, type Assessment, type ReviewContext } from './reviews.js';
import type { Sheet, SheetCell } from './sheet.js';
import { didYouMean } from './suggest.js';

/** A1 of the assessment sheet: how import knows the workbook is one. */
export const REVIEW_SHEET_MARK = 'itstrat review';
export const REVIEW_META_KEYS = ['assessor', 'name', 'fachbereich', 'date'] as const;
export const REVIEW_ID_HEADER = 'id';
export const REVIEW_TITLE_HEADER = 'title';
export const REVIEW_COMMENT_HEADER = 'comment';

/** Whether a sheet's first cell marks it as an assessment workbook. */
export function isReviewSheet(labels: readonly string[]): boolean {
  return labels[0]?.trim() === REVIEW_SHEET_MARK;
}

export interface SheetContext {
  file: string;
  measureIds: readonly string[];
  leitplanken: NonNullable<ReviewContext['leitplanken']>;
}

/** review.schema.json's maxLength of the texts a workbook carries. */
const LIMITS = { name: 300, fachbereich: 200, comment: 5000 } as const;

/** Header labels a clerk may give the comment column (the workbook's own: comment, Kommentare). */
const COMMENT_LABELS = new Set(['comment', 'comments', 'kommentar', 'kommentare', 'bemerkung', 'bemerkungen', 'anmerkung', 'anmerkungen']);

/** The Leitplanke a header label names: its id, or its label (short, title, criterion), case ignored. */
function leitplankeOf(label: string, leitplanken: SheetContext['leitplanken']): string | undefined {
  const word = label.trim().toLowerCase();
  if (word === '') return undefined;
  return leitplanken.find((l) => [l.id, l.short, l.title, l.criterion].some((n) => n !== undefined && n.trim().toLowerCase() === word))?.id;
}

/** The assessment in a sheet, or findings at FILE:ROW:COL. Cells left empty are scores not given. */
export function assessmentFromSheet(sheet: Sheet, context: SheetContext): { year?: number; assessment?: Assessment; findings: Finding[] } {
  const findings: Finding[] = [];
  const finding = (cell: { line: number; col: number } | undefined, message: string, rule = 'review-sheet'): void => {
    const line = cell?.line ?? 1;
    const col = cell?.col ?? 1;
    findings.push({ file: context.file, line, col, endLine: line, endCol: col, path: '', rule, severity: 'error', message });
  };
  // The schema's limits (review.schema.json), checked at their cells: the YAML written from them does not exist yet.
  const tooLong = (cell: SheetCell | undefined, value: string, what: string, limit: number): void => {
    const length = [...value].length;
    if (length > limit) finding(cell, `${what} has ${length} characters; at most ${limit}`, 'max-length');
  };
  const rows = sheet.rows;
  const first = rows[0];
  if (first === undefined || !isReviewSheet(first.cells.map((c) => c.text))) {
    finding(first?.cells[0], `expected "${REVIEW_SHEET_MARK}" in A1: this is not an assessment workbook written by itstrat review new`);
    return { findings };
  }
  const yearCell = first.cells[1];
  const year = yearCell?.text.trim() ?? '';
  if (!/^[0-9]{4}$/.test(year)) finding(yearCell ?? first.cells[0], `expected the year of the review in B1 (found "${year}")`);
  // The header row of ids; a clerk who deleted it as too technical left the people's labels above
  // it (Nr, Maßnahme, Strategie, …), which name the Leitplanken as well.
  const idHeader = rows.findIndex((r) => r.cells[0]?.text.trim() === REVIEW_ID_HEADER);
  const labelHeader =
    idHeader !== -1
      ? -1
      : rows.findIndex(
          (r, i) =>
            i > 0 &&
            r.cells.slice(1).filter((c) => leitplankeOf(c.text, context.leitplanken) !== undefined).length >=
              Math.min(2, context.leitplanken.length),
        );
  const headerIndex = idHeader !== -1 ? idHeader : labelHeader;
  if (headerIndex === -1) {
    finding(first.cells[0], `no header row starting with "${REVIEW_ID_HEADER}" in column A`);
    return { findings };
  }
  const meta = new Map<string, SheetCell>();
  for (const r of rows.slice(1, headerIndex)) {
    const key = r.cells[0]?.text.trim();
    if (key !== undefined && (REVIEW_META_KEYS as readonly string[]).includes(key) && r.cells[1] !== undefined) meta.set(key, r.cells[1]);
  }
  const text = (key: string): string | undefined => {
    const t = meta.get(key)?.text.trim();
    return t === undefined || t === '' ? undefined : t;
  };
  const assessorId = text('assessor');
  if (assessorId === undefined || !/^[a-z0-9][a-z0-9_-]*$/.test(assessorId) || assessorId.length > 64)
    finding(
      meta.get('assessor') ?? rows[1]?.cells[0],
      `expected the assessor id in B2: lower-case letters, digits, - and _ (found "${assessorId ?? ''}")`,
    );
  const date = text('date');
  // The calendar too (2026-02-30), here at its cell: the YAML written from it does not exist yet.
  const problem = date === undefined ? undefined : calendarProblem(date, 'date');
  if (date === undefined || problem !== undefined)
    finding(
      meta.get('date') ?? rows[4]?.cells[0],
      problem?.form === true
        ? `expected a real calendar date in B5 (found "${date}": ${problem.reason})`
        : `expected the date as YYYY-MM-DD in B5 (found "${date ?? ''}")`,
    );

  const header = rows[headerIndex]!.cells.map((c) => c.text.trim());
  const scales = new Map(context.leitplanken.map((l) => [l.id, l.scale.map((s) => s.value)]));
  let commentColumn = -1;
  const scoreColumns: { index: number; id: string }[] = [];
  header.forEach((label, index) => {
    if (index === 0 || label === '' || label === REVIEW_TITLE_HEADER) return;
    if (COMMENT_LABELS.has(label.toLowerCase())) {
      if (commentColumn === -1) commentColumn = index;
      return;
    }
    const cell = rows[headerIndex]!.cells[index];
    const id = leitplankeOf(label, context.leitplanken);
    if (id !== undefined) {
      const twice = scoreColumns.find((c) => c.id === id);
      if (twice !== undefined)
        finding(cell, `column ${label} is Leitplanke ${id} again (as column ${header[twice.index]}); keep one of them`);
      else scoreColumns.push({ index, id });
      return;
    }
    // The people's label row has labels of its own (Nr, Maßnahme) and maybe a clerk's extra columns.
    if (headerIndex === labelHeader) return;
    finding(
      cell,
      `column ${label} is not a Leitplanke${leitplankeHint(label, context.leitplanken)} (expected ${[...scales.keys()].join(', ')})`,
    );
  });
  const known = new Set(context.measureIds);
  const measures: AssessedMeasure[] = [];
  const seen = new Map<string, number>();
  for (const r of rows.slice(headerIndex + 1)) {
    const idCell = r.cells[0];
    const id = idCell?.text.trim() ?? '';
    const scoreCells = scoreColumns.map((c) => ({ column: c, cell: r.cells[c.index] }));
    if (id === '' && scoreCells.every((s) => (s.cell?.text.trim() ?? '') === '')) continue;
    if (idCell?.number !== undefined) {
      finding(idCell, `measure id ${id} is a number; expected text ("1.10" as a number reads 1.1)`);
      continue;
    }
    if (!MEASURE_ID.test(id)) {
      finding(idCell ?? r.cells[0], `expected a measure id such as 1.10 (found "${id}")`);
      continue;
    }
    if (!known.has(id)) finding(idCell, `measure ${id} does not exist${didYouMean(id, context.measureIds)}`, 'unknown-measure');
    const before = seen.get(id);
    if (before !== undefined) finding(idCell, `measure ${id} is listed twice (first in row ${before})`, 'duplicate-measure');
    seen.set(id, r.row);
    const scores: Record<string, number> = {};
    for (const { column, cell } of scoreCells) {
      const t = cell?.text.trim() ?? '';
      if (t === '') continue;
      const value = cell?.number ?? (/^-?[0-9]+$/.test(t) ? Number(t) : Number.NaN);
      const scale = scales.get(column.id)!;
      const min = Math.min(...scale);
      const max = Math.max(...scale);
      if (!Number.isSafeInteger(value) || value < min || value > max)
        finding(cell, `${column.id} of ${id} must be a whole number from ${min} to ${max} (found "${t}")`, 'score-range');
      else scores[column.id] = value;
    }
    const comment = commentColumn === -1 ? '' : (r.cells[commentColumn]?.text ?? '').trim();
    tooLong(r.cells[commentColumn], comment, 'the comment', LIMITS.comment);
    if (Object.keys(scores).length === 0 && comment === '') continue;
    measures.push({ id, scores, ...(comment !== '' ? { comment } : {}) });
  }
  const name = text('name');
  const fachbereich = text('fachbereich');
  tooLong(meta.get('name'), name ?? '', 'the name in B3', LIMITS.name);
  tooLong(meta.get('fachbereich'), fachbereich ?? '', 'the Fachbereich in B4', LIMITS.fachbereich);
  if (findings.length > 0) return { findings };
  return {
    year: Number(year),
    assessment: {
      assessor: { id: assessorId!, ...(name !== undefined ? { name } : {}), ...(fachbereich !== undefined ? { fachbereich } : {}) },
      date: date!,
      measures,
    },
    findings,
  };
}
