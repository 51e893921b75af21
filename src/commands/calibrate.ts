import { isScalar, type Document } from 'yaml';
import { project, type WritingCommand, type WritingResult } from '../command-kit/command.js';
import { planStrategyEdit } from '../command-kit/plan-yaml.js';
import type { Workspace } from '../command-kit/workspace.js';
import { wholeNumber } from '../command-kit/whole-number.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Leitplanke, Strategy } from '../model/types.js';
import { calibrationFormats, type CalibrationFormat } from '../render/formats.js';
import { calibrationFormatters } from '../render/render-calibration.js';
import type { CalibrationReport } from '../results/calibration.js';
import {
  calibrateInSteps,
  calibrateMilp,
  infeasibility,
  SEARCH_WORK,
  searchSize,
  SolverError,
  type Calibration,
  type WeightRange,
} from '../scoring/calibrate.js';
import { loadSolver } from '../command-kit/highs.js';
import { joinRepeated, perLeitplanke, weightText } from '../command-kit/leitplanke-option.js';
import { MAX_LEITPLANKEN, MAX_WEIGHT } from '../model/bounds.js';
import { terminalText } from '../render/escape.js';
import { messages } from '../i18n/messages.js';
import { signalsDelivered } from '../write/interrupt.js';

export interface CalibrateOptions {
  minWeight?: number;
  maxWeight?: number;
  /** The weights must add up to this. */
  sum?: number;
  /** `id=n,…`: these weights are fixed. */
  fix?: string;
  /** `id=min..max,…`: these weights have their own range. */
  bounds?: string;
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

/**
 * Runs a stepwise calibration and lets the event loop turn between steps (when signals are held,
 * i.e. with --write), so Ctrl-C stops a long search at once instead of after it — and before any write.
 */
async function searchWithPauses(steps: Generator<number, Calibration, void>): Promise<Calibration> {
  for (;;) {
    let step;
    try {
      step = steps.next();
    } catch (error) {
      // The solver's answer failed its exact check, or it proved none: said so, never passed off.
      if (error instanceof SolverError) throw new CliError(`calibrate: ${error.message}`);
      throw error;
    }
    if (step.done === true) return step.value;
    await signalsDelivered();
  }
}

const MAX_SUM = MAX_LEITPLANKEN * MAX_WEIGHT;

/** --fix and --bounds as ranges per Leitplanke id; a Leitplanke in both is refused (which one was meant?). */
function rangesOf(options: CalibrateOptions, leitplanken: readonly Leitplanke[]): Record<string, WeightRange> {
  const fixed =
    options.fix === undefined
      ? new Map<string, number>()
      : perLeitplanke('--fix', options.fix, leitplanken, (t, id) => weightText('--fix', t, id, MAX_WEIGHT), 'security=1,quality=2');
  const bounded =
    options.bounds === undefined
      ? new Map<string, WeightRange>()
      : perLeitplanke(
          '--bounds',
          options.bounds,
          leitplanken,
          (text, id) => {
            const m = /^(\d+)\.\.(\d+)$/.exec(text);
            if (m === null)
              throw new CliError(`--bounds: ${id}=${terminalText(text)} is not a range; expected min..max, e.g. --bounds ${id}=2..6`);
            const min = weightText('--bounds', m[1]!, id, MAX_WEIGHT);
            const max = weightText('--bounds', m[2]!, id, MAX_WEIGHT);
            if (min > max) throw new CliError(`--bounds: ${id}=${text} is empty: ${min} is above ${max}`);
            return { min, max };
          },
          'strategy=2..6,external=1..3',
        );
  for (const id of fixed.keys())
    if (bounded.has(id)) throw new CliError(`--fix and --bounds both name ${id}; expected one of them per Leitplanke`);
  return Object.fromEntries([...bounded, ...[...fixed].map(([id, v]) => [id, { min: v, max: v }] as const)]);
}

export async function calibrate(options: CalibrateOptions, workspace: Workspace): Promise<CalibrateResult> {
  const min = options.minWeight ?? 1;
  // Weights as percentages: with --sum, one Leitplanke may carry it all unless --max-weight says otherwise.
  // Never above what leitplanken.yaml may hold (a sum of 12000 over 4 Leitplanken is refused, not written as 4801).
  const max = options.maxWeight ?? Math.max(Math.min(options.sum ?? 10, MAX_WEIGHT), min);
  if (min > max) throw new CliError(`--min-weight ${min} is above --max-weight ${max}`);
  const strategy = workspace.strategy();
  const leitplanken = strategy.leitplanken.leitplanken;
  const input = { leitplanken, fields: strategy.strategy.handlungsfelder, measures: strategy.measures };
  const settings = {
    minWeight: min,
    maxWeight: max,
    ranges: rangesOf(options, leitplanken),
    ...(options.sum !== undefined ? { sum: options.sum } : {}),
  };
  const why = infeasibility(input, settings);
  if (why !== undefined) throw new CliError(`calibrate: no weighting is possible: ${why}`);
  // Said before the solver is loaded (a second or more) for nothing.
  if (!strategy.measures.some((m) => m.decision !== undefined))
    throw new CliError('no measure has a recorded decision, so there is nothing to calibrate against', ExitCode.Findings);
  // Both are exact; trying every weighting is faster than loading the solver while it is small (SEARCH_WORK).
  const steps =
    searchSize(input, settings).work <= SEARCH_WORK
      ? calibrateInSteps(input, { ...settings, progress: workspace.searchProgress(messages[workspace.language()].calibrateProgress) })
      : calibrateMilp(input, settings, await loadSolver());
  const calibration = await searchWithPauses(steps);
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
        parse: wholeNumber('--min-weight', 0, MAX_WEIGHT),
      },
      {
        flags: '--max-weight <n>',
        description: 'highest weight tried (default 10; with --sum the sum)',
        parse: wholeNumber('--max-weight', 1, MAX_WEIGHT),
      },
      {
        flags: '--sum <n>',
        description: 'the weights add up to n, e.g. --sum 100 for weights as percentages',
        parse: wholeNumber('--sum', 1, MAX_SUM),
      },
      {
        flags: '--fix <id=n,...>',
        description: 'fixed weights, e.g. security=1 (Leitplanke by id, number or label; may be repeated)',
        parse: joinRepeated,
      },
      {
        flags: '--bounds <id=min..max,...>',
        description: 'a range of its own per Leitplanke, e.g. strategy=2..6 (may be repeated)',
        parse: joinRepeated,
      },
      { flags: '--write', description: 'store the weights and threshold in leitplanken.yaml (comments are kept)' },
    ],
    help: `
Exact for any number of Leitplanken: fewest disagreements, ties to the smallest weight sum, then
the lexicographically smallest weights, then the lowest threshold. A small range is searched
weighting by weighting; a larger one is solved as a mixed-integer programme (HiGHS), its answer
checked again exactly. Exits 1 when no weighting reproduces every decision.
  itstrat calibrate --sum 100 --fix security=10 --bounds strategy=20..50`,
  },
  writes: (options) => options.write === true,
  run: calibrate,
  formatters: project(calibrationFormatters, (r: CalibrateResult) => r.report),
} satisfies WritingCommand<CalibrateOptions, CalibrateResult, CalibrationFormat>;
