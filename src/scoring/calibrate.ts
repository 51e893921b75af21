import type { Decision, Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import { compareIds } from '../model/ids.js';
import { prioritisableFields, type Weights } from './score.js';

export interface CalibrationInput {
  leitplanken: readonly Leitplanke[];
  fields: readonly Handlungsfeld[];
  measures: readonly Measure[];
}

export interface CalibrationOptions {
  minWeight?: number;
  maxWeight?: number;
  /** Called every PROGRESS_STEP weightings and once at the end, with the evaluations done and the most there can be. */
  progress?: (evaluated: number, total: number) => void;
}

/** How often the search reports: rare enough to cost nothing, often enough for a smooth bar. */
export const PROGRESS_STEP = 1 << 15;

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
  /** True when every weighting in the range was tried, so the result is the proven optimum. */
  exact: boolean;
  /** Weightings evaluated. */
  evaluated: number;
}

/** Up to this many Leitplanken the search is exhaustive: 10⁶ weightings still run in about a second. */
export const EXACT_LIMIT = 6;

/**
 * The most work a search may take, in the units of SearchSize.work. Measured (README, calibrate):
 * one unit costs about 1 ns on a current laptop core, so this is about 30 s; the default search on
 * the bundled strategy is about 10⁷ units, `--max-weight 100` about 6 × 10¹¹ (ten minutes).
 */
export const MAX_SEARCH_WORK = 3e10;

export interface SearchSize {
  /** Whether every weighting is tried (up to EXACT_LIMIT Leitplanken). */
  exact: boolean;
  /** Weight combinations in the range: (max − min + 1)^k. */
  combinations: number;
  /** Weightings the search evaluates at most: all combinations, or the local search's bound. */
  evaluations: number;
  /**
   * Estimated cost: per weighting, the weighted sum of each decided measure in a prioritisable
   * field (k multiply-adds, about 5 units each) and three passes over the score histogram.
   */
  work: number;
}

function decidedMovable(input: CalibrationInput): number {
  const open = prioritisableFields(input.fields);
  return input.measures.filter((m) => m.decision !== undefined && open.has(m.field)).length;
}

/** How large a search is before it runs, so one that cannot finish in reasonable time is refused up front. */
export function searchSize(input: CalibrationInput, options: Pick<CalibrationOptions, 'minWeight' | 'maxWeight'> = {}): SearchSize {
  const min = options.minWeight ?? 1;
  const max = options.maxWeight ?? 10;
  const k = input.leitplanken.length;
  const range = max - min + 1;
  const exact = k <= EXACT_LIMIT;
  const combinations = range ** k;
  // Three starts, each at most 20 rounds of k coordinates × range values, plus the start itself.
  const evaluations = exact ? combinations : 3 * (1 + 20 * k * range);
  const maxScore = max * input.leitplanken.reduce((sum, l) => sum + Math.max(0, ...l.scale.map((s) => s.value)), 0);
  const work = evaluations * (5 * decidedMovable(input) * k + 3 * (maxScore + 2));
  return { exact, combinations, evaluations, work };
}

interface Labelled {
  scores: number[];
  prioritized: boolean;
}

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
  for (let t = 0; t <= maxScore + 1; t++) {
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

/**
 * Finds the integer weights (and threshold) that reproduce the recorded decisions best:
 * fewest disagreements, then the smallest weight sum, then lexicographically smallest weights.
 */
export function calibrate(input: CalibrationInput, options: CalibrationOptions = {}): Calibration {
  const steps = calibrateInSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Weightings evaluated between two pauses of calibrateInSteps: a few milliseconds of work. */
export const STEP = 4096;

/**
 * The same search, pausing (yield) after every STEP weightings, so a caller can let the event
 * loop run in between — a Ctrl-C during a long search is then noticed at once. Pure: it only
 * yields the number of weightings evaluated so far.
 */
export function* calibrateInSteps(input: CalibrationInput, options: CalibrationOptions = {}): Generator<number, Calibration, void> {
  const min = options.minWeight ?? 1;
  const max = options.maxWeight ?? 10;
  const ids = input.leitplanken.map((l) => l.id);
  const k = ids.length;
  const open = prioritisableFields(input.fields);
  const decided = input.measures.filter((m): m is Measure & { decision: Decision } => m.decision !== undefined);
  // Measures of a field that is never prioritised cannot be moved by weights; they take no part in the search.
  const movable: Labelled[] = decided
    .filter((m) => open.has(m.field))
    .map((m) => ({ scores: ids.map((id) => m.scores[id] ?? 0), prioritized: m.decision === 'prioritized' }));
  const labels = movable.map((m) => m.prioritized);
  const scaleMax = input.leitplanken.map((l) => Math.max(0, ...l.scale.map((s) => s.value)));
  const maxScore = max * scaleMax.reduce((a, b) => a + b, 0);
  const yes = new Int32Array(maxScore + 2);
  const no = new Int32Array(maxScore + 2);
  const scores = new Int32Array(movable.length);

  let best: { weights: number[]; threshold: number; errors: number; sum: number } | undefined;
  let evaluated = 0;
  const progress = options.progress;
  const total = progress === undefined ? 0 : searchSize(input, options).evaluations;
  const consider = (weights: number[]): void => {
    if (progress !== undefined && evaluated % PROGRESS_STEP === 0 && evaluated > 0) progress(evaluated, total);
    for (let i = 0; i < movable.length; i++) {
      let s = 0;
      const row = movable[i]!.scores;
      for (let j = 0; j < k; j++) s += weights[j]! * row[j]!;
      scores[i] = s;
    }
    evaluated++;
    const { errors, threshold } = bestThreshold(scores, labels, maxScore, yes, no);
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum === 0) return;
    if (
      best === undefined ||
      errors < best.errors ||
      (errors === best.errors && (sum < best.sum || (sum === best.sum && lexLess(weights, best.weights))))
    ) {
      best = { weights: [...weights], threshold, errors, sum };
    }
  };

  const exact = k <= EXACT_LIMIT;
  if (exact) {
    const weights = ids.map(() => min);
    for (;;) {
      consider(weights);
      if (evaluated % STEP === 0) yield evaluated;
      let j = k - 1;
      while (j >= 0 && weights[j] === max) weights[j--] = min;
      if (j < 0) break;
      weights[j]!++;
    }
  } else {
    for (const _ of localSearch(k, min, max, consider, () => best?.weights)) if (evaluated % STEP === 0) yield evaluated;
  }

  // The local search may stop early: the last report says "done" all the same.
  progress?.(Math.max(evaluated, total), Math.max(evaluated, total));
  const chosen = best ?? { weights: ids.map(() => min), threshold: 0, errors: 0, sum: 0 };
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
    exact,
    evaluated,
  };
}

/**
 * Beyond EXACT_LIMIT Leitplanken the space is 10^k: coordinate descent from several starts,
 * each step trying every value of one weight. Good in practice, not a proof of optimality.
 */
function* localSearch(
  k: number,
  min: number,
  max: number,
  consider: (w: number[]) => void,
  current: () => number[] | undefined,
): Generator<void, void, void> {
  const starts = [Array<number>(k).fill(min), Array<number>(k).fill(Math.ceil((min + max) / 2)), Array<number>(k).fill(max)];
  for (const start of starts) {
    consider(start);
    for (let round = 0; round < 20; round++) {
      const before = current()?.join(',');
      const base = [...(current() ?? start)];
      for (let j = 0; j < k; j++) {
        for (let v = min; v <= max; v++) {
          const w = [...base];
          w[j] = v;
          consider(w);
          yield;
        }
      }
      if (current()?.join(',') === before) break;
    }
  }
}
