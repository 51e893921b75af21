// Reads the file `import` takes: a workbook (.xlsx, through exceljs, loaded only here) or CSV
// (decoded and split in src/model/csv-sheet.ts). Returns cells with their places; which row is
// the header and what the columns mean is decided in src/model/.
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { CellValue, Worksheet } from 'exceljs';
import { CliError } from '../errors.js';
import { parseCsvSheet } from '../model/csv-sheet.js';
import { columnLetter, type Sheet, type SheetCell, type SheetRow } from '../model/sheet.js';
import { readFile } from './read-file.js';

/** Far above any measure list (54 measures are 60 KB as CSV); a mistaken file should not fill memory. */
const MAX_BYTES = 50 * 1024 * 1024;
/** How far down a sheet its header row is looked for (title rows above it are common). */
export const HEADER_SEARCH_ROWS = 20;

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readSheet(
  path: string,
  options: { sheet?: string | undefined; headerScore: (labels: string[]) => number },
): Promise<Sheet> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError(`cannot read ${path}: not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (size > MAX_BYTES) throw new CliError(`${path} is ${Math.round(size / 1024 / 1024)} MB; import reads files up to 50 MB`);
  const bytes = readFile(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xls' && !isZip(bytes))
    throw new CliError(`${path} is an old Excel 97–2003 workbook (.xls); save it as .xlsx (Excel Workbook) or CSV and import that`);
  if (ext === '.xlsx' || ext === '.xlsm' || isZip(bytes)) return readWorkbook(path, bytes, options);
  if (options.sheet !== undefined) throw new CliError(`--sheet: ${path} is CSV, which has no sheets`);
  return parseCsvSheet(bytes, options.headerScore);
}

/** The text a person sees in a cell, and what kind of value it is. */
function cellOf(value: CellValue, line: number, col: number): SheetCell {
  const cell: SheetCell = { text: '', line, col, column: columnLetter(col), typed: true };
  let v: unknown = value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    cell.formula = true;
    v = (v as { result?: unknown }).result;
  }
  if (v === null || v === undefined) return cell;
  if (typeof v === 'number') return { ...cell, text: String(v), number: v };
  if (typeof v === 'string') return { ...cell, text: v };
  if (typeof v === 'boolean') return { ...cell, text: v ? 'true' : 'false' };
  if (v instanceof Date) return { ...cell, text: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10), date: true };
  if (typeof v === 'object') {
    if ('richText' in v) return { ...cell, text: (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('') };
    if ('text' in v) {
      const t = (v as { text: unknown }).text;
      if (typeof t === 'string') return { ...cell, text: t };
      if (t !== null && typeof t === 'object' && 'richText' in t)
        return { ...cell, text: (t as { richText: { text: string }[] }).richText.map((r) => r.text).join('') };
    }
    if ('error' in v) return { ...cell, text: String((v as { error: unknown }).error) };
  }
  return { ...cell, text: String(v) };
}

function rowsOf(sheet: Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: SheetCell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellOf(row.getCell(c).value, number, c));
    rows.push({ row: number, cells });
  });
  return rows;
}

/** The sheets besides the measure list: a workbook from export keeps its weights and fields there. */
function othersOf(sheets: readonly Worksheet[], chosen: Worksheet): { name: string; rows: SheetRow[] }[] {
  return sheets.filter((s) => s !== chosen).map((s) => ({ name: s.name, rows: rowsOf(s) }));
}

async function readWorkbook(
  path: string,
  bytes: Buffer,
  options: { sheet?: string | undefined; headerScore: (labels: string[]) => number },
): Promise<Sheet> {
  const loaded = await import('exceljs');
  // CommonJS seen from ESM: the module is its default export under Node, the namespace in the bundle.
  const ExcelJS = (loaded as unknown as { default?: typeof loaded }).default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new CliError(`cannot read ${path} as an Excel workbook (.xlsx): ${(error as Error).message}`);
  }
  const sheets = workbook.worksheets;
  const names = sheets.map((s) => JSON.stringify(s.name)).join(', ');
  if (options.sheet !== undefined) {
    const chosen =
      sheets.find((s) => s.name === options.sheet) ??
      sheets.find((s) => s.name.trim().toLowerCase() === options.sheet!.trim().toLowerCase());
    if (chosen === undefined) throw new CliError(`--sheet: ${path} has no sheet ${JSON.stringify(options.sheet)} (its sheets: ${names})`);
    return { kind: 'xlsx', rows: rowsOf(chosen), sheetName: chosen.name, notes: [], others: othersOf(sheets, chosen) };
  }
  // The sheet whose header reads best: a workbook from export also has a Leitplanken sheet,
  // whose "id" and "name" columns would read as a (poor) measure header too. The first of equals.
  let best: { sheet: Worksheet; rows: SheetRow[]; score: number } | undefined;
  for (const sheet of sheets) {
    const rows = rowsOf(sheet);
    const score = Math.max(0, ...rows.slice(0, HEADER_SEARCH_ROWS).map((r) => options.headerScore(r.cells.map((c) => c.text))));
    if (score > 0 && (best === undefined || score > best.score)) best = { sheet, rows, score };
  }
  if (best !== undefined)
    return { kind: 'xlsx', rows: best.rows, sheetName: best.sheet.name, notes: [], others: othersOf(sheets, best.sheet) };
  throw new CliError(
    `no sheet of ${path} has a header row of measures in its first ${HEADER_SEARCH_ROWS} rows (looked at ${names}): expected columns such as Nr, Maßnahme, Handlungsfeld and the Leitplanken; name the sheet with --sheet and the columns with --map`,
  );
}
