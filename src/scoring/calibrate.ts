import type { Decision, Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import { compareIds } from '../model/ids.js';
import { MAX_THRESHOLD } from '../model/bounds.js';
import { prioritisableFields, type Weights } from './score.js';
import { wholeValue, type LinearTerm, type MilpConstraint, type MilpSolver, type MilpVariable } from './milp.js';

export interface CalibrationInput {
  leitplanken: readonly Leitplanke[];
  fields: readonly Handlungsfeld[];
  measures: readonly Measure[];
}

/** Lowest and highest weight of one Leitplanke. */
export interface WeightRange {
  min: number;
  max: number;
}

export interface CalibrationOptions {
  /** Lowest weight of every Leitplanke without a range of its own (default 1). */
  minWeight?: number;
  /** Highest weight of every Leitplanke without a range of its own (default 10). */
  maxWeight?: number;
  /** Per Leitplanke id: its own range (`--bounds`, `--fix` as min = max). */
  ranges?: Readonly<Record<string, WeightRange>>;
  /** The weights must add up to this (`--sum 100`: weights as percentages). */
  sum?: number;
  /** Called every PROGRESS_STEP weightings and once at the end, with the evaluations done and the most there can be. */
  progress?: (evaluated: number, total: number) => void;
}

/** How often the search reports: rare enough to cost nothing, often enough for a smooth bar. */
export const PROGRESS_STEP = 1 << 12;

export interface Disagreement {
  id: string;
  score: number;
  decision: Decision;
  computed: Decision;
}

export interface Calibration {
  weights: Weights;
  threshold: number;
  /** Measures whose computed priority matches their recorded decision. */
  agreement: number;
  /** Measures with a recorded decision. */
  total: number;
  disagreements: Disagreement[];
  /** True when the result is the proven optimum: every weighting tried, or every solve proven optimal. */
  exact: boolean;
  /** `search`: every weighting in the ranges tried; `milp`: a sequence of mixed-integer programmes. */
  method: 'search' | 'milp';
  /** Weightings evaluated (search) or programmes solved (milp). */
  evaluated: number;
}

/**
 * Up to this much work (SearchSize.work) trying every weighting is faster than loading the solver.
 * Measured in-process on the bundled strategy (README, calibrate): loading HiGHS (3.5 MB of
 * WebAssembly) takes 0.3–0.6 s and its first solve as long again, later solves about 0.1 s each;
 * the search takes 74 ms at 1.5 × 10⁷ units (--max-weight 10), 0.3 s at 8.8 × 10⁷ (15) and
 * 0.6 s at 3.2 × 10⁸ (20). Above the bound the MILP is used. Both are exact; the property test
 * (tests/calibrate-milp.test.ts) shows they choose the same weighting and threshold.
 */
export const SEARCH_WORK = 1e8;

export interface SearchSize {
  /** Weight combinations in the ranges: Π (max − min + 1). */
  combinations: number;
  /**
   * Estimated cost of trying them all: per weighting, the weighted sum of each decided measure
   * in a prioritisable field (k multiply-adds, about 5 units each) and three passes over the
   * score histogram.
   */
  work: number;
}

function decidedMovable(input: CalibrationInput): number {
  const open = prioritisableFields(input.fields);
  return input.measures.filter((m) => m.decision !== undefined && open.has(m.field)).length;
}

/** Each Leitplanke's range of weights, in Leitplanken order. */
export function weightRanges(input: Pick<CalibrationInput, 'leitplanken'>, options: CalibrationOptions = {}): WeightRange[] {
  const min = options.minWeight ?? 1;
  const max = options.maxWeight ?? 10;
  return input.leitplanken.map((l) => options.ranges?.[l.id] ?? { min, max });
}

/**
 * Why no weighting fits the ranges and the sum, or undefined when one does. Every whole sum
 * between the lowest and the highest is reachable, so the check is exact.
 */
export function infeasibility(input: Pick<CalibrationInput, 'leitplanken'>, options: CalibrationOptions = {}): string | undefined {
  const ranges = weightRanges(input, options);
  const bad = ranges.findIndex((r) => r.min > r.max);
  if (bad >= 0) return `the range of ${input.leitplanken[bad]!.id} is empty (${ranges[bad]!.min} to ${ranges[bad]!.max})`;
  const low = ranges.reduce((a, r) => a + r.min, 0);
  const high = ranges.reduce((a, r) => a + r.max, 0);
  if (options.sum !== undefined && (options.sum < low || options.sum > high))
    return `the weights cannot add up to ${options.sum}: within their ranges they add up to ${low} at least and ${high} at most`;
  if (high === 0) return 'every weight would be 0; at least one must be above 0';
  return undefined;
}

const scaleMaxima = (input: CalibrationInput): number[] => input.leitplanken.map((l) => Math.max(0, ...l.scale.map((s) => s.value)));

/** How large the exhaustive search is before it runs, to choose between it and the MILP. */
export function searchSize(input: CalibrationInput, options: CalibrationOptions = {}): SearchSize {
  const ranges = weightRanges(input, options);
  const k = ranges.length;
  const combinations = ranges.reduce((a, r) => a * Math.max(0, r.max - r.min + 1), 1);
  const scale = scaleMaxima(input);
  const maxScore = ranges.reduce((a, r, j) => a + r.max * scale[j]!, 0);
  const work = combinations * (5 * decidedMovable(input) * k + 3 * (maxScore + 2));
  return { combinations, work };
}

interface Labelled {
  scores: number[];
  prioritized: boolean;
}

/**
 * Above every score, but never past what leitplanken.yaml may hold: 12 weights of 1000 on scores
 * of 10 reach MAX_THRESHOLD itself, and 120 001 written by --write would make the file invalid.
 */
const highestThreshold = (maxScore: number): number => Math.min(maxScore + 1, MAX_THRESHOLD);

/**
 * The fewest disagreements any threshold achieves for one weighting, and the lowest threshold
 * achieving it. Scores are integers here (integer weights and scores), so a histogram replaces sorting.
 */
function bestThreshold(
  scores: Int32Array,
  labels: readonly boolean[],
  maxScore: number,
  yes: Int32Array,
  no: Int32Array,
): { errors: number; threshold: number } {
  yes.fill(0, 0, maxScore + 2);
  no.fill(0, 0, maxScore + 2);
  let totalNo = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i]) yes[scores[i]!]!++;
    else {
      no[scores[i]!]!++;
      totalNo++;
    }
  }
  // Threshold t: recorded "yes" below t and recorded "no" at or above t disagree.
  let yesBelow = 0;
  let noAtOrAbove = totalNo;
  let best = { errors: Number.POSITIVE_INFINITY, threshold: 0 };
  for (let t = 0; t <= highestThreshold(maxScore); t++) {
    const errors = yesBelow + noAtOrAbove;
    if (errors < best.errors) best = { errors, threshold: t };
    yesBelow += yes[t] ?? 0;
    noAtOrAbove -= no[t] ?? 0;
  }
  return best;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** What both methods share: the decided measures, those weights can move, the histogram's size. */
function prepare(input: CalibrationInput, options: CalibrationOptions) {
  const ids = input.leitplanken.map((l) => l.id);
  const open = prioritisableFields(input.fields);
  const decided = input.measures.filter((m): m is Measure & { decision: Decision } => m.decision !== undefined);
  // Measures of a field that is never prioritised cannot be moved by weights; they take no part in the search.
  const movable: Labelled[] = decided
    .filter((m) => open.has(m.field))
    .map((m) => ({ scores: ids.map((id) => m.scores[id] ?? 0), prioritized: m.decision === 'prioritized' }));
  const ranges = weightRanges(input, options);
  const scale = scaleMaxima(input);
  // A score above its scale is refused by validation; the maximum over the rows keeps the histogram safe all the same.
  const maxScore = Math.max(
    ranges.reduce((a, r, j) => a + r.max * scale[j]!, 0),
    ...movable.map((m) => m.scores.reduce((a, s, j) => a + s * ranges[j]!.max, 0)),
  );
  return { ids, open, decided, movable, ranges, maxScore };
}

/** The fewest disagreements of one weighting over the movable measures, and the lowest threshold achieving it. */
function thresholdFor(weights: readonly number[], movable: readonly Labelled[], maxScore: number): { errors: number; threshold: number } {
  const scores = Int32Array.from(movable, (m) => m.scores.reduce((a, s, j) => a + s * weights[j]!, 0));
  return bestThreshold(
    scores,
    movable.map((m) => m.prioritized),
    maxScore,
    new Int32Array(maxScore + 2),
    new Int32Array(maxScore + 2),
  );
}

/** The result of a weighting and threshold, scored again from the measures themselves. */
function finish(
  input: CalibrationInput,
  chosen: { weights: readonly number[]; threshold: number },
  method: Calibration['method'],
  evaluated: number,
): Calibration {
  const { ids, open, decided } = prepare(input, {});
  const weights = Object.fromEntries(ids.map((id, j) => [id, chosen.weights[j]!]));
  const disagreements = decided
    .map((m) => {
      const score = ids.reduce((s, id) => s + (weights[id] ?? 0) * (m.scores[id] ?? 0), 0);
      const computed: Decision = open.has(m.field) && score >= chosen.threshold ? 'prioritized' : 'not_prioritized';
      return { id: m.id, score, decision: m.decision, computed };
    })
    .filter((d) => d.decision !== d.computed)
    .sort((a, b) => compareIds(a.id, b.id));
  return {
    weights,
    threshold: chosen.threshold,
    agreement: decided.length - disagreements.length,
    total: decided.length,
    disagreements,
    exact: true,
    method,
    evaluated,
  };
}

/**
 * Finds the integer weights (and threshold) that reproduce the recorded decisions best:
 * fewest disagreements, then the smallest weight sum, then lexicographically smallest weights,
 * then the lowest threshold — by trying every weighting in the ranges.
 */
export function calibrate(input: CalibrationInput, options: CalibrationOptions = {}): Calibration {
  return run(calibrateInSteps(input, options));
}

/** Runs a stepwise calibration to its end at once. */
export function run(steps: Generator<number, Calibration, void>): Calibration {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Weightings evaluated between two pauses of calibrateInSteps: a few milliseconds of work. */
export const STEP = 4096;

/**
 * The exhaustive search, pausing (yield) after every STEP weightings, so a caller can let the
 * event loop run in between — a Ctrl-C during a long search is then noticed at once. Pure: it only
 * yields the number of weightings evaluated so far.
 */
export function* calibrateInSteps(input: CalibrationInput, options: CalibrationOptions = {}): Generator<number, Calibration, void> {
  const why = infeasibility(input, options);
  if (why !== undefined) throw new Error(`calibrate: ${why}`);
  const { movable, ranges, maxScore } = prepare(input, options);
  const k = ranges.length;
  const labels = movable.map((m) => m.prioritized);
  const yes = new Int32Array(maxScore + 2);
  const no = new Int32Array(maxScore + 2);
  const scores = new Int32Array(movable.length);
  const wanted = options.sum;

  let best: { weights: number[]; threshold: number; errors: number; sum: number } | undefined;
  let evaluated = 0;
  const progress = options.progress;
  const total = progress === undefined ? 0 : searchSize(input, options).combinations;
  const consider = (weights: number[]): void => {
    if (progress !== undefined && evaluated % PROGRESS_STEP === 0 && evaluated > 0) progress(evaluated, total);
    evaluated++;
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum === 0 || (wanted !== undefined && sum !== wanted)) return;
    for (let i = 0; i < movable.length; i++) {
      let s = 0;
      const row = movable[i]!.scores;
      for (let j = 0; j < k; j++) s += weights[j]! * row[j]!;
      scores[i] = s;
    }
    const { errors, threshold } = bestThreshold(scores, labels, maxScore, yes, no);
    if (
      best === undefined ||
      errors < best.errors ||
      (errors === best.errors && (sum < best.sum || (sum === best.sum && lexLess(weights, best.weights))))
    ) {
      best = { weights: [...weights], threshold, errors, sum };
    }
  };

  const weights = ranges.map((r) => r.min);
  for (;;) {
    consider(weights);
    if (evaluated % STEP === 0) yield evaluated;
    let j = k - 1;
    while (j >= 0 && weights[j] === ranges[j]!.max) {
      weights[j] = ranges[j]!.min;
      j--;
    }
    if (j < 0) break;
    weights[j]!++;
  }
  progress?.(evaluated, Math.max(evaluated, total));
  if (best === undefined) throw new Error('calibrate: no weighting in the ranges');
  return finish(input, best, 'search', evaluated);
}

/** The solver did not prove an answer, or its answer failed the exact check: never passed off as a result. */
export class SolverError extends Error {}

/**
 * The same optimum as a sequence of mixed-integer programmes, so any number of Leitplanken and
 * weights up to 1000 stay exact. Variables: an integer weight wⱼ per Leitplanke within its range,
 * an integer threshold t, and per group of measures with equal scores and decision a binary z that
 * allows them to disagree. With the group's weighted score S = Σ sⱼ·wⱼ:
 *   prioritised:      S − t + M·z ≥ 0    (M = highest threshold − lowest S)
 *   not prioritised:  S − t − M·z ≤ −1   (M = highest S + 1)
 * Scores and weights are whole numbers, so "S < t" is exactly "S ≤ t − 1": no tolerance enters.
 * Solves, each fixing the optimum of the one before (the documented tie-breaks):
 *   1. fewest disagreements Σ count·z;  2. smallest Σ w (skipped with a fixed sum);
 *   3. each weight in turn smallest (skipped when the incumbent already has its lower bound).
 * The threshold of the chosen weights is then the lowest with the fewest disagreements, found
 * exactly by the histogram sweep of the search; the disagreements must equal the solver's optimum.
 * Yields the number of solves so far.
 */
export function* calibrateMilp(
  input: CalibrationInput,
  options: CalibrationOptions,
  solve: MilpSolver,
): Generator<number, Calibration, void> {
  const why = infeasibility(input, options);
  if (why !== undefined) throw new Error(`calibrate: ${why}`);
  const { movable, ranges, maxScore } = prepare(input, options);
  const k = ranges.length;
  const w = (j: number): string => `w${j}`;
  const groups = new Map<string, { scores: number[]; prioritized: boolean; count: number }>();
  for (const m of movable) {
    const key = `${m.prioritized ? 1 : 0}:${m.scores.join(',')}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { scores: m.scores, prioritized: m.prioritized, count: 1 });
    else g.count++;
  }
  const rows = [...groups.values()];
  const topThreshold = highestThreshold(maxScore);
  const variables: MilpVariable[] = [
    ...ranges.map((r, j) => ({ name: w(j), lower: r.min, upper: r.max, integer: true })),
    { name: 't', lower: 0, upper: topThreshold, integer: true },
    ...rows.map((_, g) => ({ name: `z${g}`, lower: 0, upper: 1, integer: true })),
  ];
  const weightTerms = ranges.map((_, j) => ({ variable: w(j), coefficient: 1 }));
  const constraints: MilpConstraint[] = [
    options.sum !== undefined ? { terms: weightTerms, lower: options.sum, upper: options.sum } : { terms: weightTerms, lower: 1 },
    ...rows.map((row, g): MilpConstraint => {
      const score = row.scores.flatMap((s, j) => (s === 0 ? [] : [{ variable: w(j), coefficient: s }]));
      const low = row.scores.reduce((a, s, j) => a + s * ranges[j]!.min, 0);
      const high = row.scores.reduce((a, s, j) => a + s * ranges[j]!.max, 0);
      const t = { variable: 't', coefficient: -1 };
      return row.prioritized
        ? { terms: [...score, t, { variable: `z${g}`, coefficient: Math.max(0, topThreshold - low) }], lower: 0 }
        : { terms: [...score, t, { variable: `z${g}`, coefficient: -(high + 1) }], upper: -1 };
    }),
  ];
  const errorTerms = rows.map((row, g) => ({ variable: `z${g}`, coefficient: row.count }));

  let solves = 0;
  const optimum = (objective: LinearTerm[]): { objective: number; values: Readonly<Record<string, number>> } => {
    solves++;
    const outcome = solve({ objective, variables, constraints });
    if (outcome.status !== 'optimal')
      throw new SolverError(
        `the MILP solver found no optimum (${outcome.status === 'failed' ? outcome.detail : 'infeasible, which cannot be: every decision may disagree'})`,
      );
    const value = Math.round(outcome.objective) + 0;
    if (Math.abs(outcome.objective - value) > 1e-6)
      throw new SolverError(`the MILP solver's optimum ${outcome.objective} is not a whole number`);
    return { objective: value, values: outcome.values };
  };

  const first = optimum(errorTerms);
  const errors = first.objective;
  constraints.push({ terms: errorTerms, upper: errors });
  yield solves;
  let incumbent = first.values;
  if (options.sum === undefined) {
    const least = optimum(weightTerms);
    constraints.push({ terms: weightTerms, lower: least.objective, upper: least.objective });
    incumbent = least.values;
    yield solves;
  }
  const chosen: number[] = [];
  for (let j = 0; j < k; j++) {
    let value = wholeValue(incumbent, w(j));
    // The incumbent meets every constraint so far; at its lower bound, no solve can go lower.
    if (value !== ranges[j]!.min) {
      const next = optimum([{ variable: w(j), coefficient: 1 }]);
      incumbent = next.values;
      value = next.objective;
      yield solves;
    }
    chosen.push(value);
    const v = variables[j]!;
    variables[j] = { ...v, lower: value, upper: value };
  }

  // Never trust the solver blindly: the weights are checked against the ranges and the sum, and
  // their disagreements counted again exactly.
  const sum = chosen.reduce((a, b) => a + b, 0);
  if (chosen.some((v, j) => v < ranges[j]!.min || v > ranges[j]!.max) || sum === 0 || (options.sum !== undefined && sum !== options.sum))
    throw new SolverError(`the MILP solver's weights ${chosen.join(', ')} break the ranges or the sum`);
  const exact = thresholdFor(chosen, movable, maxScore);
  if (exact.errors !== errors)
    throw new SolverError(
      `the MILP solver's weights ${chosen.join(', ')} disagree with ${exact.errors} decisions when counted exactly, not ${errors}`,
    );
  return finish(input, { weights: chosen, threshold: exact.threshold }, 'milp', solves);
}
