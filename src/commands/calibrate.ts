import { isScalar, type Document } from 'yaml';
import { project, type WritingCommand, type WritingResult } from '../command-kit/command.js';
import { planStrategyEdit } from '../command-kit/plan-yaml.js';
import type { Workspace } from '../command-kit/workspace.js';
import { wholeNumber } from '../command-kit/whole-number.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Strategy } from '../model/types.js';
import { calibrationFormats, type CalibrationFormat } from '../render/formats.js';
import { calibrationFormatters } from '../render/render-calibration.js';
import type { CalibrationReport } from '../results/calibration.js';
import { calibrateInSteps, MAX_SEARCH_WORK, searchSize, type Calibration, type CalibrationInput } from '../scoring/calibrate.js';
import { messages } from '../i18n/messages.js';
import { signalsDelivered } from '../write/interrupt.js';

export interface CalibrateOptions {
  minWeight?: number;
  maxWeight?: number;
  write?: boolean;
}

export interface CalibrateResult extends WritingResult {
  strategy: Strategy;
  report: CalibrationReport;
}

function setScalar(doc: Document, path: (string | number)[], value: number): void {
  const node = doc.getIn(path, true);
  // Changing the scalar in place keeps a trailing comment on the same line.
  if (isScalar(node)) node.value = value;
  else doc.setIn(path, value);
}

const count = (n: number): string => (Number.isSafeInteger(n) ? n.toLocaleString('en-GB') : n.toExponential(1).replace('e+', ' × 10^'));

/** Minutes or seconds, whichever reads better, for the size of a refused search. */
const duration = (units: number): string => {
  const seconds = units / 1e9;
  return seconds >= 120 ? `${Math.round(seconds / 60).toLocaleString('en-GB')} minutes` : `${Math.round(seconds)} seconds`;
};

/**
 * Before the search: one that would take far longer than anyone waits is refused with its size
 * and the largest --max-weight that fits, instead of running for minutes in silence.
 */
function refuseHugeSearch(input: CalibrationInput, min: number, max: number): void {
  const size = searchSize(input, { minWeight: min, maxWeight: max });
  if (size.work <= MAX_SEARCH_WORK) return;
  let fits: number | undefined;
  for (let m = max - 1; m >= min && fits === undefined; m--)
    if (searchSize(input, { minWeight: min, maxWeight: m }).work <= MAX_SEARCH_WORK) fits = m;
  const k = input.leitplanken.length;
  const space = `${count(size.combinations)} weight combinations (weights ${min} to ${max} for ${k} ${k === 1 ? 'Leitplanke' : 'Leitplanken'})`;
  const what = size.exact
    ? `the search would try all ${space}`
    : `the search space has ${space}; the local search would evaluate ${count(size.evaluations)}`;
  const change =
    fits !== undefined
      ? `lower --max-weight to at most ${fits}${min > 1 ? ' or raise --min-weight' : ''}`
      : 'fewer Leitplanken or fewer measures with a decision';
  throw new CliError(
    `calibrate: ${what}, about ${duration(size.work)} of work — refused above about ${duration(MAX_SEARCH_WORK)}; ${change}`,
  );
}

/**
 * Runs the search in steps and lets the event loop turn between them (when signals are held, i.e.
 * with --write), so Ctrl-C stops a long search at once instead of after it — and before any write.
 */
async function searchWithPauses(steps: Generator<number, Calibration, void>): Promise<Calibration> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await signalsDelivered();
  }
}

export async function calibrate(options: CalibrateOptions, workspace: Workspace): Promise<CalibrateResult> {
  const min = options.minWeight ?? 1;
  const max = options.maxWeight ?? 10;
  if (min > max) throw new CliError(`--min-weight ${min} is above --max-weight ${max}`);
  const strategy = workspace.strategy();
  const leitplanken = strategy.leitplanken.leitplanken;
  const input = { leitplanken, fields: strategy.strategy.handlungsfelder, measures: strategy.measures };
  refuseHugeSearch(input, min, max);
  const calibration = await searchWithPauses(
    calibrateInSteps(input, {
      minWeight: min,
      maxWeight: max,
      progress: workspace.searchProgress(messages[workspace.language()].calibrateProgress),
    }),
  );
  if (calibration.total === 0)
    throw new CliError('no measure has a recorded decision, so there is nothing to calibrate against', ExitCode.Findings);

  const edits =
    options.write === true
      ? [
          planStrategyEdit(workspace, 'leitplanken.yaml', {
            edit: (doc) => {
              setScalar(doc, ['threshold'], calibration.threshold);
              leitplanken.forEach((l, i) => setScalar(doc, ['leitplanken', i, 'weight'], calibration.weights[l.id] ?? 0));
            },
            expected: (before) => {
              const data = structuredClone(before) as { threshold: number; leitplanken: { id: string; weight: number }[] };
              data.threshold = calibration.threshold;
              for (const l of data.leitplanken) l.weight = calibration.weights[l.id] ?? 0;
              return data;
            },
          }),
        ]
      : [];
  return {
    strategy,
    report: {
      leitplanken,
      current: { weights: Object.fromEntries(leitplanken.map((l) => [l.id, l.weight])), threshold: strategy.leitplanken.threshold },
      calibration,
      ...(options.write === true ? { written: workspace.path('leitplanken') } : {}),
    },
    edits,
    language: workspace.language(),
    exitCode: calibration.disagreements.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}

export const calibrateCommand = {
  kind: 'write',
  spec: {
    path: ['calibrate'],
    description: 'find the integer weights and threshold that reproduce the recorded decisions best',
    formats: calibrationFormats,
    options: [
      {
        flags: '--min-weight <n>',
        description: 'lowest weight tried (default 1: every Leitplanke keeps a say)',
        parse: wholeNumber('--min-weight', 0, 100),
      },
      { flags: '--max-weight <n>', description: 'highest weight tried (default 10)', parse: wholeNumber('--max-weight', 1, 100) },
      { flags: '--write', description: 'store the weights and threshold in leitplanken.yaml (comments are kept)' },
    ],
    help: `
Exact for up to 6 Leitplanken: every weighting from --min-weight to --max-weight is tried, the
best threshold for each found by one sweep; ties go to the smallest weight sum, then the
lexicographically smallest weights, and the lowest threshold. Beyond 6 Leitplanken a
coordinate-descent search is used and the result is marked as not proven optimal.
Exits 1 when no weighting reproduces every decision.`,
  },
  writes: (options) => options.write === true,
  run: calibrate,
  formatters: project(calibrationFormatters, (r: CalibrateResult) => r.report),
} satisfies WritingCommand<CalibrateOptions, CalibrateResult, CalibrationFormat>;
