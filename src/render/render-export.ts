// The strategy as a workbook for people who live in Excel: a plain description of its sheets,
// cells, formulas and styles (written to .xlsx by src/command-kit/workbook.ts), and the same rows
// as JSON. Score, rank and computed priority are formulas over the weight, threshold and
// "prioritisable" cells, so a committee member who changes a weight sees the priorities move; each
// formula carries the tool's own result as its cached value, so the file shows correct numbers
// before anything recomputes.
import type { Messages } from '../i18n/messages.js';
import { MAX_THRESHOLD, MAX_WEIGHT } from '../model/bounds.js';
import type { ExportReport } from '../results/export.js';
import { decisionOf } from '../scoring/score.js';
import { jsonDocument } from './escape.js';
import type { RenderContext } from './render-context.js';

export interface WorkbookFormula {
  /** Without the leading `=`, as the file stores it. */
  formula: string;
  /** The value the tool computed: what the file shows before the spreadsheet recalculates. */
  result: number | string;
}

export type WorkbookValue = string | number | boolean | WorkbookFormula;

/**
 * How a cell looks: `input` cells are the ones meant to be changed (weights, threshold,
 * prioritisable fields), `computed` ones hold formulas.
 */
export type CellStyle = 'header' | 'text' | 'longText' | 'integer' | 'input' | 'computed' | 'computedText' | 'label' | 'note';

export interface WorkbookCell {
  value: WorkbookValue;
  style: CellStyle;
  /** A whole number within these bounds (the same the YAML schema allows). */
  whole?: { min: number; max: number };
}

export interface WorkbookSheet {
  name: string;
  /** Column widths in characters. */
  widths: readonly number[];
  /** Row by row from A1; a missing cell stays empty. */
  rows: readonly (readonly (WorkbookCell | undefined)[])[];
  /** Rows and columns kept in view while scrolling. */
  frozen: { rows: number; columns: number };
  /** The table the filter buttons cover: header row plus this many data rows, this many columns. */
  filter: { rows: number; columns: number };
}

export interface WorkbookModel {
  title: string;
  sheets: readonly WorkbookSheet[];
}

/** A1-style column letters: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A reference to another sheet: always quoted, so any name (a hyphen, a space, an umlaut) works. */
const sheetRef = (name: string): string => `'${name.replace(/'/g, "''")}'!`;

/** A formula's text constant: `"` doubled, as Excel and LibreOffice read it. */
const textConstant = (text: string): string => `"${text.replace(/"/g, '""')}"`;

const header = (value: string): WorkbookCell => ({ value, style: 'header' });
const text = (value: string | undefined): WorkbookCell | undefined =>
  value === undefined || value === '' ? undefined : { value, style: 'text' };
const longText = (value: string | undefined): WorkbookCell | undefined =>
  value === undefined || value === '' ? undefined : { value, style: 'longText' };

/** Where the input cells live, for the formulas of the measures sheet. */
interface Layout {
  /** `'Leitplanken'!$C$2`, per Leitplanke id. */
  weight: Map<string, string>;
  threshold: string;
  /** `'Handlungsfelder'!$D$3`, per field id. */
  prioritisable: Map<string, string>;
}

function leitplankenSheet(report: ExportReport, m: Messages): { sheet: WorkbookSheet; weight: Map<string, string>; threshold: string } {
  const name = m.workbook.leitplankenSheet;
  const weight = new Map<string, string>();
  const rows: (WorkbookCell | undefined)[][] = [
    [header(m.workbook.id), header(m.workbook.name), header(m.weight), header(m.workbook.title)],
  ];
  for (const l of report.leitplanken) {
    weight.set(l.id, `${sheetRef(name)}$C$${rows.length + 1}`);
    rows.push([
      text(l.id),
      text(l.criterion),
      { value: report.weights[l.id] ?? 0, style: 'input', whole: { min: 0, max: MAX_WEIGHT } },
      longText(l.title),
    ]);
  }
  const filterRows = rows.length - 1;
  rows.push([]);
  const threshold = `${sheetRef(name)}$C$${rows.length + 1}`;
  rows.push([
    { value: m.threshold, style: 'label' },
    undefined,
    { value: report.threshold, style: 'input', whole: { min: 0, max: MAX_THRESHOLD } },
  ]);
  rows.push([]);
  rows.push([{ value: m.workbook.inputHint, style: 'note' }]);
  const widths = [
    fit([m.workbook.id, ...report.leitplanken.map((l) => l.id), m.threshold], 8, 24),
    fit([m.workbook.name, ...report.leitplanken.map((l) => l.criterion)], 12, 40),
    fit([m.weight], 10, 14),
    60,
  ];
  return { sheet: { name, widths, rows, frozen: { rows: 1, columns: 0 }, filter: { rows: filterRows, columns: 4 } }, weight, threshold };
}

function fieldsSheet(report: ExportReport, m: Messages): { sheet: WorkbookSheet; prioritisable: Map<string, string> } {
  const name = m.workbook.fieldsSheet;
  const prioritisable = new Map<string, string>();
  const rows: (WorkbookCell | undefined)[][] = [
    [header(m.workbook.number), header(m.workbook.id), header(m.workbook.name), header(m.workbook.prioritisable)],
  ];
  for (const f of report.fields) {
    prioritisable.set(f.id, `${sheetRef(name)}$D$${rows.length + 1}`);
    rows.push([{ value: f.number, style: 'integer' }, text(f.id), text(f.name), { value: f.prioritized, style: 'input' }]);
  }
  const widths = [
    6,
    fit([m.workbook.id, ...report.fields.map((f) => f.id)], 8, 30),
    fit([m.workbook.name, ...report.fields.map((f) => f.name)], 12, 50),
    fit([m.workbook.prioritisable], 12, 16),
  ];
  return {
    sheet: { name, widths, rows, frozen: { rows: 1, columns: 0 }, filter: { rows: report.fields.length, columns: 4 } },
    prioritisable,
  };
}

function measuresSheet(report: ExportReport, m: Messages, layout: Layout): WorkbookSheet {
  const k = report.leitplanken.length;
  const scoreCol = columnLetter(4 + k);
  // The last column: each row's place in natural id order (1.2 before 1.10), the tool's tie order.
  const orderCol = columnLetter(12 + k);
  const n = report.measures.length;
  const last = n + 1;
  const fieldName = new Map(report.fields.map((f) => [f.id, f.name]));
  const labels = m.values.decision;
  const rows: (WorkbookCell | undefined)[][] = [
    [
      header(m.id),
      header(m.measure),
      header(m.field),
      ...report.leitplanken.map((l) => header(l.criterion)),
      header(m.score),
      header(m.rank),
      header(m.workbook.computedPriority),
      header(m.decision),
      header(m.report.status),
      header(m.report.description),
      header(m.report.currentState),
      header(m.report.recommendation),
      header(m.workbook.tieOrder),
    ],
  ];
  report.measures.forEach((s, i) => {
    const r = i + 2;
    const terms = report.leitplanken.map((l, j) => `${layout.weight.get(l.id)!}*${columnLetter(4 + j)}${r}`);
    // The tool's rank (score descending, ties by natural id order): the higher scores, plus the equal
    // scores whose tie order is not after this row's (itself included). The tie order is a column
    // of its own, not the row's position, so sorting or filtering the sheet in Excel changes no
    // rank. SUMPRODUCT compares the numbers themselves; COUNTIF(">"&X) would turn them into text
    // in the reader's locale.
    const all = (col: string) => `$${col}$2:$${col}$${last}`;
    const rank = `SUMPRODUCT(--(${all(scoreCol)}>${scoreCol}${r}))+SUMPRODUCT((${all(scoreCol)}=${scoreCol}${r})*(${all(orderCol)}<=${orderCol}${r}))`;
    const open = layout.prioritisable.get(s.measure.field) ?? 'FALSE';
    const priority = `IF(AND(${open},${scoreCol}${r}>=${layout.threshold}),${textConstant(labels.prioritized)},${textConstant(labels.not_prioritized)})`;
    rows.push([
      text(s.measure.id),
      longText(s.measure.title),
      text(fieldName.get(s.measure.field) ?? s.measure.field),
      ...report.leitplanken.map((l): WorkbookCell => ({ value: s.measure.scores[l.id] ?? 0, style: 'integer' })),
      { value: { formula: terms.length > 0 ? terms.join('+') : '0', result: s.score }, style: 'computed' },
      { value: { formula: rank, result: s.rank }, style: 'computed' },
      { value: { formula: priority, result: labels[decisionOf(s.prioritized)] }, style: 'computedText' },
      text(s.measure.decision === undefined ? undefined : labels[s.measure.decision]),
      text(s.measure.status === undefined ? undefined : m.status.statusNames[s.measure.status]),
      longText(s.measure.description),
      longText(s.measure.current_state),
      longText(s.measure.recommendation),
      { value: i + 1, style: 'integer' },
    ]);
  });
  const widths = [
    fit([m.id, ...report.measures.map((s) => s.measure.id)], 6, 12),
    45,
    fit([m.field, ...report.fields.map((f) => f.name)], 12, 28),
    ...report.leitplanken.map((l) => fit([l.criterion], 8, 14)),
    10,
    8,
    fit([m.workbook.computedPriority, labels.prioritized, labels.not_prioritized], 12, 22),
    fit([m.decision, labels.prioritized, labels.not_prioritized], 12, 22),
    fit([m.report.status, ...Object.values(m.status.statusNames)], 10, 18),
    60,
    60,
    60,
    fit([m.workbook.tieOrder], 10, 16),
  ];
  return { name: m.workbook.measuresSheet, widths, rows, frozen: { rows: 1, columns: 2 }, filter: { rows: n, columns: rows[0]!.length } };
}

/** A column as wide as its longest entry (a header wraps at the upper bound), within bounds. */
function fit(entries: readonly string[], min: number, max: number): number {
  const longest = entries.reduce((w, e) => Math.max(w, [...e].length), 0);
  return Math.min(max, Math.max(min, longest + 2));
}

export function exportWorkbook(report: ExportReport, m: Messages): WorkbookModel {
  const leitplanken = leitplankenSheet(report, m);
  const fields = fieldsSheet(report, m);
  const measures = measuresSheet(report, m, {
    weight: leitplanken.weight,
    threshold: leitplanken.threshold,
    prioritisable: fields.prioritisable,
  });
  return { title: report.title, sheets: [leitplanken.sheet, measures, fields.sheet] };
}

/** The same rows and computed values as data (machine values, as every JSON output). */
export function exportJson(report: ExportReport, _context: RenderContext): string {
  return jsonDocument({
    title: report.title,
    criteria: report.leitplanken.map((l) => ({ id: l.id, name: l.criterion, weight: report.weights[l.id] ?? 0 })),
    threshold: report.threshold,
    fields: report.fields.map((f) => ({ id: f.id, number: f.number, name: f.name, prioritized: f.prioritized })),
    measures: report.measures.map((s) => ({
      id: s.measure.id,
      title: s.measure.title,
      field: s.measure.field,
      scores: Object.fromEntries(report.leitplanken.map((l) => [l.id, s.measure.scores[l.id] ?? 0])),
      score: Number(s.score.toFixed(6)),
      rank: s.rank,
      prioritized: s.prioritized,
      decision: s.measure.decision ?? null,
      status: s.measure.status ?? null,
      description: s.measure.description,
      current_state: s.measure.current_state,
      recommendation: s.measure.recommendation,
    })),
  });
}
