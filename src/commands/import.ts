// itstrat import FILE: a measure list from a spreadsheet (.xlsx) or CSV into measure files, and
// from a workbook written by export also the weights, the threshold and the Handlungsfelder. The
// plan is made in src/command-kit/import-sheet.ts, which init --import shares.
import { project, type WritingCommand } from '../command-kit/command.js';
import { importMeasures, type ImportOptions, type ImportResult } from '../command-kit/import-sheet.js';
import { importFormats, type ImportFormat } from '../render/formats.js';
import { importFormatters } from '../render/render-import.js';

export const importCommand = {
  kind: 'write',
  spec: {
    path: ['import'],
    description: 'create or update measures from a spreadsheet (.xlsx) or CSV; every row validated, nothing written unless all are valid',
    arguments: [{ key: 'file', name: '<file>', description: 'the .xlsx or .csv file', complete: 'files' }],
    formats: importFormats,
    options: [
      { flags: '--map <columns>', description: "which column holds which key: 'Nr=id,Maßnahme=title,C=strategy,Bemerkung=ignore'" },
      { flags: '--sheet <name>', description: 'the workbook sheet to read (default: the one whose header of measures reads best)' },
      { flags: '--skip-invalid', description: 'import the valid rows and list the invalid ones instead of writing nothing' },
    ],
    help:
      '\nColumns are recognised by their headers (German or English, as export writes them, and usual variants);\n' +
      'computed columns (score, rank, priority) are not read. An existing measure is updated key by key,\n' +
      'keeping its comments and file name; measures missing from the sheet are listed, never deleted.',
  },
  run: importMeasures,
  formatters: project(importFormatters, (r: ImportResult) => r.report),
} satisfies WritingCommand<ImportOptions, ImportResult, ImportFormat>;
