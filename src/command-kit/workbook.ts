// Writes a workbook description (src/render/render-export.ts) as .xlsx bytes with exceljs. exceljs
// is loaded here, on first use, from its own bundle (dist/exceljs.cjs): no other command pays for it.
import { CliError } from '../errors.js';
import type { CellStyle, WorkbookCell, WorkbookModel } from '../render/render-export.js';
import { columnLetter } from '../render/render-export.js';

/** The most characters a cell holds in Excel; a longer text makes Excel "repair" the file. */
export const MAX_CELL_TEXT = 32767;

/**
 * Text as a spreadsheet's XML stores it. OOXML writes a character XML cannot hold (a C0 control, a
 * lone surrogate, U+FFFE/U+FFFF) as `_xHHHH_`, and so a literal `_xHHHH_` in the data must have its
 * underscore escaped (`_x005F_`) or Excel would read it as that character. exceljs escapes neither:
 * it drops the controls and writes the literal sequence as it is.
 */
export function ooxmlText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

const INPUT_FILL = 'FFFFF2CC';
const HEADER_FILL = 'FFD9E1F2';
const COMPUTED_FILL = 'FFF2F2F2';

type ExcelStyle = Partial<import('exceljs').Style>;

function styleOf(style: CellStyle): ExcelStyle {
  const top = { vertical: 'top' as const };
  switch (style) {
    case 'header':
      return {
        font: { bold: true },
        alignment: { ...top, wrapText: true },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
        border: { bottom: { style: 'thin' } },
      };
    case 'text':
      return { alignment: top, numFmt: '@' };
    case 'longText':
      return { alignment: { ...top, wrapText: true }, numFmt: '@' };
    case 'integer':
      return { alignment: top, numFmt: '0' };
    case 'input': {
      const thin = { style: 'thin' as const, color: { argb: 'FFBF9000' } };
      return {
        alignment: top,
        numFmt: '0',
        font: { bold: true },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: INPUT_FILL } },
        border: { top: thin, left: thin, bottom: thin, right: thin },
      };
    }
    case 'computed':
      return { alignment: top, numFmt: '#,##0', fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: COMPUTED_FILL } } };
    case 'computedText':
      return { alignment: top, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: COMPUTED_FILL } } };
    case 'label':
      return { alignment: top, font: { bold: true } };
    case 'note':
      return { alignment: top, font: { italic: true } };
  }
}

function cellValue(cell: WorkbookCell, where: () => string): import('exceljs').CellValue {
  const value = cell.value;
  if (typeof value !== 'string') return value;
  // Counted as the spreadsheet counts, decoded (the schema's 20 000 keeps every field below it).
  if (value.length > MAX_CELL_TEXT)
    throw new CliError(
      `${where()}: a text of ${value.length} characters does not fit a spreadsheet cell (at most ${MAX_CELL_TEXT}); shorten it; nothing was written`,
    );
  // A plain string cell: exceljs writes a string as text, never as a formula, whatever it begins with.
  return ooxmlText(value);
}

/** The workbook as .xlsx bytes: no macros, frozen header, filters, widths, styles, validations. */
export async function workbookBytes(model: WorkbookModel): Promise<Uint8Array> {
  const loaded = await import('exceljs');
  // A CommonJS module: under Node's ESM loader its exports are the default export, in the bundle
  // (esbuild's interop) both; either way the classes are found.
  const ExcelJS = (loaded as unknown as { default?: typeof loaded }).default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'itstrat';
  workbook.lastModifiedBy = 'itstrat';
  workbook.title = ooxmlText(model.title);
  workbook.calcProperties.fullCalcOnLoad = true;
  // One style object per kind, shared by its cells: exceljs then finds it again cheaply.
  const styles = new Map<CellStyle, ExcelStyle>();
  const style = (kind: CellStyle): ExcelStyle => styles.get(kind) ?? styles.set(kind, styleOf(kind)).get(kind)!;
  for (const sheet of model.sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', xSplit: sheet.frozen.columns, ySplit: sheet.frozen.rows }],
    });
    sheet.widths.forEach((width, i) => (ws.getColumn(i + 1).width = width));
    sheet.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell === undefined) return;
        const target = ws.getCell(r + 1, c + 1);
        target.value = cellValue(cell, () => `${sheet.name}!${columnLetter(c + 1)}${r + 1}`);
        target.style = style(cell.style);
        if (cell.whole !== undefined)
          target.dataValidation = {
            type: 'whole',
            operator: 'between',
            allowBlank: false,
            showErrorMessage: true,
            formulae: [cell.whole.min, cell.whole.max],
            error: `${cell.whole.min}–${cell.whole.max}`,
          };
      }),
    );
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.filter.rows, column: sheet.filter.columns } };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
