// A table read from a spreadsheet or CSV file, cell by cell with where each cell stands, so an
// import can point at `FILE:ROW:COLUMN`. Reading (xlsx through exceljs) is in src/read/; CSV
// bytes are decoded and split here (src/model/csv-sheet.ts), as that needs no I/O.

export interface SheetCell {
  /** The cell as text (a number as JavaScript writes it, a formula as its cached result). */
  text: string;
  /** Set when the cell holds a number (xlsx), so 3 and "3" are told apart where it matters. */
  number?: number;
  /** Set when the cell holds a date (Excel turns 1.10 into 1 October). */
  date?: boolean;
  /**
   * Set for a workbook's cells, whose type is stored: their text is the value itself, never a
   * guard against Excel (a CSV's `'=x` is score --excel's guard for `=x`).
   */
  typed?: boolean;
  /** Set when the cell holds a formula. */
  formula?: boolean;
  /** Where it starts: 1-based line (CSV) or row (xlsx). */
  line: number;
  /** 1-based character column (CSV) or column number (xlsx). */
  col: number;
  /** How a person names the column: its letter in a workbook, its field number in CSV. */
  column: string;
}

export interface SheetRow {
  /** The row number a person sees: the line a CSV record starts on, the row of a workbook. */
  row: number;
  cells: SheetCell[];
}

export interface SheetNote {
  line: number;
  col: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface Sheet {
  kind: 'csv' | 'xlsx';
  rows: SheetRow[];
  /** The workbook's sheet the rows come from. */
  sheetName?: string;
  /** CSV: how the bytes were read. */
  encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  delimiter?: string;
  /** What reading had to decide or could not (a finding each). */
  notes: SheetNote[];
  /** A workbook's other sheets (export's Leitplanken and Handlungsfelder), in their order. */
  others?: { name: string; rows: SheetRow[] }[];
}

/** Excel's column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
