// Every command of itstrat, in the order --help lists them. Adding a command: write its module
// under src/commands/ (spec, run, formatters) and add it here; src/cli.ts needs no change.
import type { AnyCommand } from './command-kit/command.js';
import { calibrateCommand } from './commands/calibrate.js';
import { completionCommand } from './commands/completion.js';
import { diffCommand } from './commands/diff.js';
import { exportCommand } from './commands/export.js';
import { fmtCommand } from './commands/fmt.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { metricsCommand, recordMetricCommand } from './commands/metrics.js';
import { newMeasureCommand } from './commands/new-measure.js';
import { reportCommand } from './commands/report.js';
import { reviewCommand, reviewImportCommand, reviewNewCommand } from './commands/review.js';
import { roadmapCommand } from './commands/roadmap.js';
import { scoreCommand } from './commands/score.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';

export const commands: readonly AnyCommand[] = [
  validateCommand,
  scoreCommand,
  calibrateCommand,
  diffCommand,
  historyCommand,
  statusCommand,
  reportCommand,
  initCommand,
  newMeasureCommand,
  metricsCommand,
  recordMetricCommand,
  fmtCommand,
  exportCommand,
  importCommand,
  reviewCommand,
  reviewNewCommand,
  reviewImportCommand,
  roadmapCommand,
  // Completes from this very list, so it is handed the list rather than importing it.
  completionCommand(() => commands),
];

/** Words that only group subcommands (`itstrat new measure`). */
export const groups: Readonly<Record<string, string>> = {
  new: 'create strategy content: itstrat new measure',
  review: 'the annual review: review <year> (show), review new, review import',
};

export const examples = `
Examples:
  itstrat validate                       check the strategy found from here upward
  itstrat score --top 10                 the ten highest-scoring measures
  itstrat score --weights security=3     what-if: IT security weighs 3
  itstrat score --check                  fail when a priority contradicts its decision
  itstrat calibrate --write --dry-run    show the weights calibrate would store, as a diff
  itstrat diff v2018 --format markdown   Änderungsbericht since the tag v2018
  itstrat report --format html -o s.html the strategy as a page for reviewers
  itstrat export --out strategie.xlsx    a workbook whose priorities recompute in Excel`;
