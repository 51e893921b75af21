import type { Decision, Handlungsfeld, Leitplanke, Measure, ScaleStep } from '../model/types.js';
import { compareIds } from '../model/ids.js';

export type Weights = Record<string, number>;

/** What scoring needs of a measure, a Leitplanke and a field: the browser what-if passes no more. */
export type ScorableMeasure = Pick<Measure, 'id' | 'field' | 'scores' | 'decision'>;
export type ScorableLeitplanke = Pick<Leitplanke, 'id' | 'weight'> & { scale: readonly Pick<ScaleStep, 'value'>[] };
export type ScorableField = Pick<Handlungsfeld, 'id' | 'prioritized'>;

/** The least a scoring needs; full strategies (ScoreInput) fit it. */
export interface ScorableInput<M extends ScorableMeasure> {
  leitplanken: readonly ScorableLeitplanke[];
  threshold: number;
  fields: readonly ScorableField[];
  measures: readonly M[];
}

export interface ScoreInput<M extends Measure = Measure> extends ScorableInput<M> {
  leitplanken: readonly Leitplanke[];
  fields: readonly Handlungsfeld[];
}

export interface ScoredMeasure<M extends ScorableMeasure = Measure> {
  measure: M;
  score: number;
  /** Share of the highest score reachable with these weights, 0–100. */
  percent: number;
  /** Position by score descending, then id in natural order, over all measures; 1-based. */
  rank: number;
  prioritized: boolean;
  /** Whether the computed priority contradicts the recorded decision. */
  disagrees: boolean;
}

/** Weighted sums of decimal weights are not exact in binary; this keeps 0.1+0.2 ≥ 0.3 true. */
const EPSILON = 1e-9;

export function weightsOf(leitplanken: readonly Pick<Leitplanke, 'id' | 'weight'>[]): Weights {
  return Object.fromEntries(leitplanken.map((l) => [l.id, l.weight]));
}

export function weightedScore(
  scores: Readonly<Record<string, number>>,
  leitplanken: readonly Pick<Leitplanke, 'id'>[],
  weights: Weights,
): number {
  let sum = 0;
  for (const l of leitplanken) sum += (weights[l.id] ?? 0) * (scores[l.id] ?? 0);
  return sum;
}

export function maxScore(leitplanken: readonly ScorableLeitplanke[], weights: Weights): number {
  return leitplanken.reduce((sum, l) => sum + (weights[l.id] ?? 0) * Math.max(...l.scale.map((s) => s.value)), 0);
}

export function reaches(score: number, threshold: number): boolean {
  return score >= threshold - EPSILON;
}

export function prioritisableFields(fields: readonly ScorableField[]): Set<string> {
  return new Set(fields.filter((f) => f.prioritized).map((f) => f.id));
}

export function decisionOf(prioritized: boolean): Decision {
  return prioritized ? 'prioritized' : 'not_prioritized';
}

/** Scores, ranks and prioritises every measure; returns them in rank order. */
export function scoreMeasures<M extends ScorableMeasure>(
  input: ScorableInput<M>,
  weights: Weights = weightsOf(input.leitplanken),
  threshold = input.threshold,
): ScoredMeasure<M>[] {
  const max = maxScore(input.leitplanken, weights);
  const open = prioritisableFields(input.fields);
  const scored = input.measures.map((measure) => {
    const score = weightedScore(measure.scores, input.leitplanken, weights);
    const prioritized = open.has(measure.field) && reaches(score, threshold);
    return {
      measure,
      score,
      percent: max > 0 ? (score / max) * 100 : 0,
      rank: 0,
      prioritized,
      disagrees: measure.decision !== undefined && measure.decision !== decisionOf(prioritized),
    };
  });
  scored.sort((a, b) => b.score - a.score || compareIds(a.measure.id, b.measure.id));
  scored.forEach((s, i) => (s.rank = i + 1));
  return scored;
}

/** Scores as every output shows them: at most two decimals, no trailing zeros. */
export function displayScore(score: number): number {
  return Number(score.toFixed(2));
}

export type SortKey = 'score' | 'id' | 'field';

export function sortScored<M extends ScorableMeasure>(
  list: readonly ScoredMeasure<M>[],
  by: SortKey,
  fieldOrder: readonly Handlungsfeld[],
): ScoredMeasure<M>[] {
  const fieldIndex = new Map(fieldOrder.map((f, i) => [f.id, i]));
  const copy = [...list];
  if (by === 'score') return copy.sort((a, b) => a.rank - b.rank);
  if (by === 'id') return copy.sort((a, b) => compareIds(a.measure.id, b.measure.id));
  return copy.sort((a, b) => (fieldIndex.get(a.measure.field) ?? 0) - (fieldIndex.get(b.measure.field) ?? 0) || a.rank - b.rank);
}
