// `itstrat export`: the strategy as an Excel workbook for committees and Fachbereiche that will
// never touch git, with score, rank and computed priority as live formulas (README, "Coming from a
// spreadsheet").
import type { CommandResult, FormatContext, ReadingCommand } from '../command-kit/command.js';
import { workbookBytes } from '../command-kit/workbook.js';
import type { Workspace } from '../command-kit/workspace.js';
import { ExitCode } from '../exit-codes.js';
import { compareIds } from '../model/ids.js';
import { guardFormatters } from '../render/escape.js';
import { exportFormats, formatMedium, type ExportFormat } from '../render/formats.js';
import { exportJson, exportWorkbook } from '../render/render-export.js';
import type { ExportReport } from '../results/export.js';
import { scoreMeasures, weightsOf } from '../scoring/score.js';

export interface ExportResult extends CommandResult {
  report: ExportReport;
}

export function exportStrategy(_options: unknown, workspace: Workspace): ExportResult {
  const strategy = workspace.strategy();
  const leitplanken = strategy.leitplanken.leitplanken;
  const scored = scoreMeasures({
    leitplanken,
    threshold: strategy.leitplanken.threshold,
    fields: strategy.strategy.handlungsfelder,
    measures: strategy.measures,
  });
  return {
    report: {
      title: strategy.strategy.title,
      leitplanken,
      weights: weightsOf(leitplanken),
      threshold: strategy.leitplanken.threshold,
      fields: strategy.strategy.handlungsfelder,
      // Natural id order is the rank's tie order: the sheet's rank formula relies on it.
      measures: [...scored].sort((a, b) => compareIds(a.measure.id, b.measure.id)),
    },
    language: workspace.language(),
    exitCode: ExitCode.Ok,
  };
}

const json = guardFormatters(formatMedium, { json: (r: ExportResult, ctx: FormatContext) => exportJson(r.report, ctx) }).json;

export const exportCommand = {
  kind: 'read',
  spec: {
    path: ['export'],
    description: 'the strategy as an Excel workbook whose priorities recompute when a weight is changed',
    formats: exportFormats,
    out: true,
    help: `
A workbook (.xlsx) with three sheets: the Leitplanken with their weights and the threshold, the
measures with their scores, texts, decision and status, and the Handlungsfelder. Score, rank and
computed priority are Excel formulas over the weight, threshold and "prioritisable" cells (yellow),
with the tool's results cached: the file shows the numbers of \`itstrat score\` when opened, and
recomputes when a weight or the threshold is changed in Excel or LibreOffice. Labels follow --lang.
The workbook is binary: it goes to --out FILE or a pipe, never to a terminal.

Examples:
  itstrat export --out prioritaeten.xlsx            the workbook, German labels
  itstrat export --lang en -o priorities.xlsx       English labels
  itstrat export --format json                      the same rows and computed values as JSON`,
  },
  run: exportStrategy,
  formatters: {
    xlsx: (r: ExportResult, ctx: FormatContext) => workbookBytes(exportWorkbook(r.report, ctx.messages)),
    json,
  },
} satisfies ReadingCommand<unknown, ExportResult, ExportFormat>;
