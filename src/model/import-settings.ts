// The two other sheets of a workbook written by `export`: the Leitplanken (weight per id and the
// threshold) and the Handlungsfelder (number, id, name, prioritisable). Recognised by their headers
// in either language, read cell by cell with findings at the cell; what the strategy becomes from
// them is planned in src/command-kit/import-sheet.ts.
import { messages } from '../i18n/messages.js';
import { lazy } from './lazy.js';
import { MAX_THRESHOLD, MAX_WEIGHT } from './bounds.js';
import type { Finding } from './finding.js';
import { labelKey } from './import-columns.js';
import { cellFinding, cellText } from './import-rows.js';
import type { SheetCell, SheetRow } from './sheet.js';
import { didYouMean } from './suggest.js';
import type { Leitplanke } from './types.js';

export interface NamedSheet {
  name: string;
  rows: SheetRow[];
}

export interface SheetWeight {
  id: string;
  weight: number;
  cell: SheetCell;
}

export interface SheetField {
  id: string;
  number: number;
  name: string;
  prioritized: boolean;
  row: number;
  cells: Record<'id' | 'number' | 'name' | 'prioritized', SheetCell>;
}

export interface WorkbookSettings {
  leitplankenSheet?: string;
  fieldsSheet?: string;
  weights: SheetWeight[];
  threshold?: { value: number; cell: SheetCell };
  fields: SheetField[];
  findings: Finding[];
  /** Rows with an error (each counts once towards "N rows are invalid"). */
  invalidRows: number;
}

const de = messages.de;
const en = messages.en;
const keys = (...labels: string[]): (() => Set<string>) => lazy(() => new Set(labels.map(labelKey)));
const ID = keys(de.workbook.id, en.workbook.id, 'id', 'Kennung', 'Kürzel', 'Schlüssel', 'key');
const WEIGHT = keys(de.weight, en.weight, 'Gewichtung', 'weighting');
const THRESHOLD = keys(de.threshold, en.threshold, 'Priorisierungsschwelle', 'Schwellenwert', 'prioritisation threshold');
const NUMBER = keys(de.workbook.number, en.workbook.number, 'Nr.', 'Nummer', 'number', 'No.');
const NAME = keys(de.workbook.name, en.workbook.name, 'Bezeichnung', de.field, en.field);
const PRIORITISABLE = keys(de.workbook.prioritisable, en.workbook.prioritisable, 'prioritizable', 'prioritized', 'priorisiert');
const FIELD_ID = /^[a-z0-9][a-z0-9_-]*$/;
const YES = keys('true', 'wahr', 'ja', 'yes', 'x', '1', 'j', 'y');
const NO = keys('false', 'falsch', 'nein', 'no', '0', 'n', '-');

/** The first row (of the first 20) whose labels give every wanted column, and where each is. */
function header<K extends string>(
  rows: readonly SheetRow[],
  wanted: Record<K, Set<string>>,
): { row: SheetRow; at: Record<K, number> } | undefined {
  for (const row of rows.slice(0, 20)) {
    const labels = row.cells.map((c) => labelKey(cellText(c)));
    const at = {} as Record<K, number>;
    let all = true;
    for (const [key, set] of Object.entries(wanted) as [K, Set<string>][]) {
      const i = labels.findIndex((l) => set.has(l));
      if (i === -1) all = false;
      else at[key] = i;
    }
    if (all) return { row, at };
  }
  return undefined;
}

function wholeIn(cell: SheetCell, min: number, max: number, what: string): number | string {
  const text = cellText(cell).trim();
  const n = cell.number ?? (/^[+-]?\d{1,9}(?:[.,]0+)?$/.test(text) ? Number(text.replace(',', '.')) : Number.NaN);
  if (!Number.isInteger(n) || n < min || n > max)
    return `expected ${what} as a whole number from ${min} to ${max}; found ${text === '' ? 'nothing' : JSON.stringify(text)}`;
  return n;
}

/**
 * Reads the Leitplanken and Handlungsfelder sheets among `sheets` (none of them is required: a
 * workbook laid out by someone else has only its measure list). `leitplanken` are the strategy's:
 * an id the sheet gives that they lack is an error, as its scale cannot come from a workbook.
 */
export function readWorkbookSettings(file: string, sheets: readonly NamedSheet[], leitplanken: readonly Leitplanke[]): WorkbookSettings {
  const settings: WorkbookSettings = { weights: [], fields: [], findings: [], invalidRows: 0 };
  const bad = new Set<string>();
  const finding = (sheet: NamedSheet, labels: string[], cell: SheetCell, path: string, rule: string, message: string): void => {
    const f = cellFinding({ file, kind: 'xlsx', header: labels }, cell, path, rule, message);
    settings.findings.push({ ...f, message: `sheet ${JSON.stringify(sheet.name)}, ${f.message}` });
    bad.add(`${sheet.name}\u0000${cell.line}`);
  };
  const labelsOf = (row: SheetRow): string[] => row.cells.map((c) => cellText(c).trim());

  for (const sheet of sheets) {
    if (settings.leitplankenSheet !== undefined) break;
    const found = header(sheet.rows, { id: ID(), weight: WEIGHT() });
    if (found === undefined) continue;
    settings.leitplankenSheet = sheet.name;
    const labels = labelsOf(found.row);
    const known = leitplanken.map((l) => l.id);
    const seen = new Map<string, number>();
    for (const row of sheet.rows.slice(sheet.rows.indexOf(found.row) + 1)) {
      const idCell = row.cells[found.at.id];
      const weightCell = row.cells[found.at.weight];
      const first = row.cells.find((c) => cellText(c).trim() !== '');
      if (first === undefined) continue;
      if (THRESHOLD().has(labelKey(cellText(first)))) {
        const valueCell = weightCell ?? row.cells.find((c, i) => i > first.col - 1 && cellText(c).trim() !== '');
        if (valueCell === undefined) {
          finding(
            sheet,
            labels,
            first,
            'threshold',
            'threshold-value',
            `no threshold beside the label; give a whole number from 0 to ${MAX_THRESHOLD}`,
          );
          continue;
        }
        const value = wholeIn(valueCell, 0, MAX_THRESHOLD, 'the threshold');
        if (typeof value === 'string') finding(sheet, labels, valueCell, 'threshold', 'threshold-value', value);
        else settings.threshold = { value, cell: valueCell };
        continue;
      }
      const given = idCell === undefined ? '' : cellText(idCell).trim();
      // By id as export writes it, or by a Leitplanke's name (title, criterion, short label) as a
      // sheet laid out by hand may have it.
      const id =
        leitplanken.find((l) => l.id === given)?.id ??
        leitplanken.find((l) => [l.title, l.criterion, l.short].some((n) => n !== undefined && labelKey(n) === labelKey(given)))?.id ??
        given;
      const weightText = weightCell === undefined ? '' : cellText(weightCell).trim();
      // The note under the table (and any other prose) has no weight beside it: not a Leitplanke.
      if (weightText === '' && !known.includes(id)) continue;
      if (id === '' || idCell === undefined) {
        finding(sheet, labels, weightCell!, 'weight', 'leitplanke-id', 'a weight without a Leitplanke id beside it');
        continue;
      }
      if (!known.includes(id)) {
        finding(
          sheet,
          labels,
          idCell,
          'leitplanken',
          'unknown-leitplanke',
          `leitplanken.yaml has no Leitplanke ${JSON.stringify(id)}${didYouMean(id, known)}; a new Leitplanke needs its scale, which a workbook does not hold: add it to leitplanken.yaml first (known: ${known.join(', ')}), or delete this sheet to import the measures alone`,
        );
        continue;
      }
      const before = seen.get(id);
      if (before !== undefined) {
        finding(sheet, labels, idCell, 'leitplanken', 'duplicate-leitplanke', `Leitplanke ${id} is already in row ${before}`);
        continue;
      }
      seen.set(id, row.row);
      if (weightCell === undefined || weightText === '') {
        finding(sheet, labels, idCell, 'weight', 'weight-value', `no weight for ${id}; give a whole number from 0 to ${MAX_WEIGHT}`);
        continue;
      }
      const weight = wholeIn(weightCell, 0, MAX_WEIGHT, 'a weight');
      if (typeof weight === 'string') finding(sheet, labels, weightCell, 'weight', 'weight-value', weight);
      else settings.weights.push({ id, weight, cell: weightCell });
    }
  }

  for (const sheet of sheets) {
    if (settings.fieldsSheet !== undefined) break;
    const found = header(sheet.rows, { number: NUMBER(), id: ID(), name: NAME(), prioritized: PRIORITISABLE() });
    if (found === undefined) continue;
    settings.fieldsSheet = sheet.name;
    const labels = labelsOf(found.row);
    const seenIds = new Map<string, number>();
    const seenNumbers = new Map<number, number>();
    for (const row of sheet.rows.slice(sheet.rows.indexOf(found.row) + 1)) {
      const cell = (k: keyof typeof found.at): SheetCell =>
        row.cells[found.at[k]] ?? { text: '', line: row.row, col: found.at[k] + 1, column: '' };
      const cells = { id: cell('id'), number: cell('number'), name: cell('name'), prioritized: cell('prioritized') };
      if (Object.values(cells).every((c) => cellText(c).trim() === '')) continue;
      const id = cellText(cells.id).trim();
      let ok = true;
      if (!FIELD_ID.test(id) || id.length > 64) {
        finding(
          sheet,
          labels,
          cells.id,
          'id',
          'field-id',
          `expected a Handlungsfeld id of lower-case letters, digits, - and _ (e.g. eadministration); found ${JSON.stringify(id)}`,
        );
        ok = false;
      } else if (seenIds.has(id)) {
        finding(sheet, labels, cells.id, 'id', 'duplicate-field', `Handlungsfeld ${id} is already in row ${seenIds.get(id)}`);
        ok = false;
      } else seenIds.set(id, row.row);
      const number = wholeIn(cells.number, 1, 9999, 'the number');
      if (typeof number === 'string') {
        finding(sheet, labels, cells.number, 'number', 'field-number', number);
        ok = false;
      } else if (seenNumbers.has(number)) {
        finding(
          sheet,
          labels,
          cells.number,
          'number',
          'duplicate-field-number',
          `number ${number} is already in row ${seenNumbers.get(number)}`,
        );
        ok = false;
      } else seenNumbers.set(number, row.row);
      const name = cellText(cells.name).trim();
      if (name === '' || [...name].length > 300) {
        finding(sheet, labels, cells.name, 'name', 'field-name', `expected the Handlungsfeld's name (1 to 300 characters)`);
        ok = false;
      }
      const flag = labelKey(cellText(cells.prioritized));
      const prioritized = YES().has(flag) ? true : NO().has(flag) ? false : undefined;
      if (prioritized === undefined) {
        finding(
          sheet,
          labels,
          cells.prioritized,
          'prioritized',
          'field-prioritisable',
          `expected TRUE or FALSE (ja/nein); found ${JSON.stringify(cellText(cells.prioritized).trim())}`,
        );
        ok = false;
      }
      if (ok) settings.fields.push({ id, number: number as number, name, prioritized: prioritized!, row: row.row, cells });
    }
  }
  settings.invalidRows = bad.size;
  return settings;
}
