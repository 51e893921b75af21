// The rows of an imported sheet as measure data: each cell turned into the value of its key,
// checked where the sheet's own form can be wrong (a score of 3,5, a decision "vielleicht", an id
// Excel turned into a date), each problem located at its cell. The measure rules proper run
// later, on the would-be strategy, as validate runs them.
import { messages } from '../i18n/messages.js';
import { lazy } from './lazy.js';
import type { Finding } from './finding.js';
import { labelKey, type ColumnRole, type MeasureKey } from './import-columns.js';
import { columnLetter, type Sheet, type SheetCell, type SheetRow } from './sheet.js';
import type { Decision, Handlungsfeld, Leitplanke, MeasureStatus, Source } from './types.js';

/** What a row says; a key absent from the sheet is undefined, `null` removes an optional key. */
export interface RowValues {
  id?: string;
  title?: string;
  field?: string;
  description?: string;
  current_state?: string;
  recommendation?: string;
  decision?: Decision | null;
  status?: MeasureStatus | null;
  source?: string[];
  owner?: string | null;
  scores?: Record<string, number>;
}

export interface ImportRow {
  row: number;
  values: RowValues;
  /** The cell of each key (`scores.<id>` for a score), for findings about it. */
  cells: Map<string, SheetCell>;
  /** The first cell of the row: where a finding about the row as a whole points. */
  first: SheetCell;
  findings: Finding[];
}

export interface RowContext {
  file: string;
  kind: Sheet['kind'];
  header: readonly string[];
  roles: readonly ColumnRole[];
  leitplanken: readonly Leitplanke[];
  /** The Handlungsfeld a cell names (id, number or name), or why there is none. */
  field: (value: string) => Handlungsfeld | string;
}

/** `column C "Strategie"` in a workbook, `field 4 "Strategie"` in CSV: the name a person looks for. */
export function cellName(cell: SheetCell, kind: Sheet['kind'], header: readonly string[]): string {
  const index = kind === 'xlsx' ? cell.col : Number(cell.column);
  const label = header[index - 1]?.trim() ?? '';
  const place = kind === 'xlsx' ? `column ${columnLetter(cell.col)}` : `field ${cell.column}`;
  return label === '' ? place : `${place} ${JSON.stringify(label)}`;
}

export function cellFinding(
  context: Pick<RowContext, 'file' | 'kind' | 'header'>,
  cell: SheetCell,
  path: string,
  rule: string,
  message: string,
  severity: Finding['severity'] = 'error',
): Finding {
  return {
    file: context.file,
    line: cell.line,
    col: cell.col,
    endLine: cell.line,
    endCol: cell.col,
    path,
    rule,
    severity,
    message: `${cellName(cell, context.kind, context.header)}: ${message}`,
  };
}

/**
 * The text a cell means. score --excel guards text from Excel in its CSV: `'=x` stands for `=x`,
 * and `="1.10"` (pieces joined by `&` when long) for 1.10; both are read back as the text. A
 * workbook's cell is never unguarded: export writes `'=x` as the string it is.
 */
export function cellText(cell: SheetCell): string {
  const text = cell.text;
  // A workbook's string cell is text already (Excel keeps a typed apostrophe out of the value);
  // only CSV, which has no types, carries the guards.
  if (cell.typed === true) return text;
  if (cell.formula !== true && /^="(?:[^"]|"")*"(?:&"(?:[^"]|"")*")*$/.test(text))
    return [...text.slice(1).matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"')).join('');
  if (/^'[\s=+\-@\uff1d\uff0b\uff0d\uff20]/.test(text)) return text.slice(1);
  return text;
}

const fold = (text: string): string => labelKey(text);

const DECISION_WORDS: Record<Decision, string[]> = {
  prioritized: ['x', 'ja', 'j', 'yes', 'y', '1', 'true', 'wahr', 'prioritized', 'prioritised', 'priorisiert', 'priorität', 'prio'],
  not_prioritized: [
    'nein',
    'n',
    'no',
    '0',
    'false',
    'falsch',
    'not_prioritized',
    'not prioritized',
    'not prioritised',
    'nicht priorisiert',
    '-',
    '–',
    'nicht',
  ],
};
for (const lang of ['de', 'en'] as const)
  for (const [value, label] of Object.entries(messages[lang].values.decision)) DECISION_WORDS[value as Decision].push(label);
const decisionOf = lazy(() => {
  const words = new Map<string, Decision>();
  for (const [value, list] of Object.entries(DECISION_WORDS))
    for (const w of list) words.set(w.length === 1 ? w : fold(w), value as Decision);
  return words;
});

const STATUSES: readonly MeasureStatus[] = ['proposed', 'planned', 'in_progress', 'done', 'dropped'];
const statusOf = lazy(() => {
  const names = new Map<string, MeasureStatus>();
  for (const s of STATUSES) {
    names.set(fold(s), s);
    for (const lang of ['de', 'en'] as const) names.set(fold(messages[lang].status.statusNames[s]), s);
  }
  return names;
});
const SOURCES: readonly Source[] = ['Interview', 'Leipzig', 'Benchmark'];

/**
 * Formulas compute in binary floating point: =0.1*3*10 caches 3.0000000000000004, which Excel
 * shows and compares as 3 (15 significant digits). A value this close to a whole number is it.
 */
const NOISE = 1e-9;
const nearWhole = (n: number): number | undefined => (Math.abs(n - Math.round(n)) <= NOISE ? Math.round(n) : undefined);

/** A whole number as a person may write it: 3, 3,0, 3.00; else why not. */
export function wholeNumber(cell: SheetCell, text: string): number | string {
  if (cell.number !== undefined)
    return nearWhole(cell.number) ?? `scores are whole numbers; found ${String(cell.number).replace('.', ',')}`;
  const t = text.trim();
  if (t === '') return 'no score given';
  const m = /^([+-]?\d{1,9})(?:[.,]0+)?$/.exec(t);
  if (m !== null) return Number(m[1]);
  if (/^[+-]?\d*[.,]\d+$/.test(t)) return nearWhole(Number(t.replace(',', '.'))) ?? `scores are whole numbers; found ${t}`;
  return `expected a whole number; found ${JSON.stringify(t)}`;
}

/** A measure id from a cell: "1.10", also 1,10 (decimal comma); a number cell or a date is suspect. */
function idOf(cell: SheetCell, text: string): { id?: string; problem?: string; warning?: string } {
  if (cell.date === true)
    return {
      problem: `this id is a date in the workbook (Excel turns 1.10 into 1 October); format the column as text and type the id again`,
    };
  const t = text.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  if (t === '') return {};
  // 01.1 and 1.01 would be measure 1 of field 1 beside 1.1, sorting as it does: refused, with the
  // form the tool writes (no part of an id starts with 0 unless it is 0).
  const zeros = /^(\d+)\.(\d+)$/.exec(t);
  if (zeros !== null && (/^0\d/.test(zeros[1]!) || /^0\d/.test(zeros[2]!)))
    return { problem: `an id has no leading zeros: write ${Number(zeros[1])}.${Number(zeros[2])}; found ${JSON.stringify(t)}` };
  if (cell.number !== undefined)
    return {
      id: t,
      warning: `the id ${t} is a number in the workbook, where 1.10 and 1.1 are the same number; format the column as text to be sure`,
    };
  return { id: t };
}

export function readRow(sheetRow: SheetRow, context: RowContext): ImportRow | undefined {
  const values: RowValues = {};
  const cells = new Map<string, SheetCell>();
  const findings: Finding[] = [];
  const known = sheetRow.cells.filter((c, i) => {
    const r = context.roles[i];
    return r !== undefined && (r.kind === 'key' || r.kind === 'score') && cellText(c).trim() !== '';
  });
  // A row without anything to import (an empty line, a sum row of computed cells) is no measure.
  if (known.length === 0) return undefined;
  const problem = (cell: SheetCell, path: string, rule: string, message: string): void =>
    void findings.push(cellFinding(context, cell, path, rule, message));

  context.roles.forEach((role, i) => {
    const cell = sheetRow.cells[i] ?? {
      text: '',
      line: sheetRow.row,
      col: i + 1,
      column: context.kind === 'xlsx' ? columnLetter(i + 1) : String(i + 1),
    };
    // A cell past the end of a short CSV record stands where the record ends.
    if (sheetRow.cells[i] === undefined && context.kind === 'csv') {
      const last = sheetRow.cells[sheetRow.cells.length - 1];
      if (last !== undefined) Object.assign(cell, { line: last.line, col: last.col });
    }
    const text = cellText(cell);
    const t = text.trim();
    if (role.kind === 'score') {
      cells.set(`scores.${role.leitplanke}`, cell);
      const n = wholeNumber(cell, text);
      if (typeof n === 'number') (values.scores ??= {})[role.leitplanke] = n;
      else {
        values.scores ??= {};
        problem(cell, `scores.${role.leitplanke}`, 'score-number', n);
      }
      return;
    }
    if (role.kind !== 'key') return;
    const key: MeasureKey = role.key;
    cells.set(key, cell);
    switch (key) {
      case 'id': {
        const r = idOf(cell, text);
        if (r.problem !== undefined) problem(cell, 'id', 'id-cell', r.problem);
        if (r.warning !== undefined) findings.push(cellFinding(context, cell, 'id', 'id-number', r.warning, 'warning'));
        if (r.id !== undefined) values.id = r.id;
        return;
      }
      case 'field': {
        if (t === '') return;
        const f = context.field(t);
        if (typeof f === 'string') problem(cell, 'field', 'unknown-field', f);
        else values.field = f.id;
        return;
      }
      case 'decision': {
        if (t === '') values.decision = null;
        else if (cell.number === undefined && /^(wahr|true)$/i.test(t)) values.decision = 'prioritized';
        else {
          const d = decisionOf().get(t.length === 1 ? t.toLowerCase() : fold(t));
          if (d === undefined)
            problem(
              cell,
              'decision',
              'decision-value',
              `expected x (prioritised), nein/no (not prioritised) or an empty cell (undecided); found ${JSON.stringify(t)}`,
            );
          else values.decision = d;
        }
        return;
      }
      case 'status': {
        if (t === '') values.status = null;
        else {
          const s = statusOf().get(fold(t));
          if (s === undefined)
            problem(
              cell,
              'status',
              'status-value',
              `expected one of ${STATUSES.join(', ')} (or ${STATUSES.map((x) => messages.de.status.statusNames[x]).join(', ')}); found ${JSON.stringify(t)}`,
            );
          else values.status = s;
        }
        return;
      }
      case 'source': {
        const parts = t
          .split(/[,;/\n]+/)
          .map((p) => p.trim())
          .filter((p) => p !== '');
        const unknown = parts.filter((p) => !SOURCES.some((s) => s.toLowerCase() === p.toLowerCase()));
        if (unknown.length > 0)
          problem(
            cell,
            'source',
            'source-value',
            `expected ${SOURCES.join(', ')} (several separated by commas); found ${JSON.stringify(unknown[0])}`,
          );
        else values.source = [...new Set(parts.map((p) => SOURCES.find((s) => s.toLowerCase() === p.toLowerCase())!))];
        return;
      }
      case 'owner':
        values.owner = t === '' ? null : t;
        return;
      default:
        // Text keeps its inner line breaks; spaces around it are the sheet's, not the measure's.
        values[key] = text.replace(/^\s+|\s+$/g, '');
    }
  });
  const first = sheetRow.cells.find((c) => c !== undefined) ?? {
    text: '',
    line: sheetRow.row,
    col: 1,
    column: context.kind === 'xlsx' ? 'A' : '1',
  };
  return { row: sheetRow.row, values, cells, first, findings };
}

/** Labels of a totals or notes row: Summe, Gesamt, Total, Σ, Anzahl, Durchschnitt and their kin. */
const TOTALS_WORDS = lazy(
  () =>
    new Set(
      ['summe', 'summen', 'zwischensumme', 'gesamt', 'gesamtsumme', 'insgesamt', 'total', 'totals', 'sum', 'subtotal', 'anzahl', 'count']
        .concat(['durchschnitt', 'mittelwert', 'average', 'mean', 'avg', 'schnitt', 'max', 'min', 'maximum', 'minimum'])
        .map(labelKey),
    ),
);

/**
 * A totals or notes row below the list — a label such as "Summe" or "Σ" with only formulas or
 * numbers beside it, or a row of formulas only — is no measure. Its label (or "" for a row of
 * formulas) when it is one. A row with a measure id is always a measure.
 */
export function totalsRow(sheetRow: SheetRow, roles: readonly ColumnRole[]): string | undefined {
  const filled = sheetRow.cells.filter((c) => c.text.trim() !== '');
  if (filled.length === 0) return undefined;
  const idCell = sheetRow.cells[roles.findIndex((r) => r.kind === 'key' && r.key === 'id')];
  if (idCell !== undefined && /^\d+[.,]\d+$/.test(cellText(idCell).trim())) return undefined;
  // A Handlungsfeld typed into its column is a measure's (a sum row leaves it empty or computes it).
  const fieldCell = sheetRow.cells[roles.findIndex((r) => r.kind === 'key' && r.key === 'field')];
  if (fieldCell !== undefined && fieldCell.formula !== true && fieldCell.text.trim() !== '') return undefined;
  const numeric = (c: SheetCell): boolean => c.formula === true || c.number !== undefined || /^[+-]?\d+(?:[.,]\d+)?%?$/.test(c.text.trim());
  if (filled.every((c) => c.formula === true)) {
    // Computed text (a title drawn from another sheet) is a measure's; numbers and blanks are not.
    const text = filled.some((c) => c.number === undefined && c.text.trim() !== '' && !numeric({ ...c, formula: false }));
    return text ? undefined : '';
  }
  const labels = filled.filter((c) => !numeric(c));
  if (labels.length !== 1 || filled.length < 2) return undefined;
  const label = cellText(labels[0]!).trim();
  // Split at spaces and punctuation, not hyphens: "Gesamt-IT-Konzept" is a title, not "Gesamt".
  const words = label.split(/[^\p{L}\p{N}\u03a3\u2211\u00d8-]+/u).filter((w) => w !== '');
  const first = words[0] ?? '';
  if (words.length > 4) return undefined;
  return /^[\u03a3\u2211\u00d8]$/.test(first) || TOTALS_WORDS().has(labelKey(first)) || /^[\u03a3\u2211\u00d8]/.test(label)
    ? label
    : undefined;
}
