import type { Decision, Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import { compareIds } from '../model/ids.js';

export type Weights = Record<string, number>;

export interface ScoreInput<M extends Measure = Measure> {
  leitplanken: readonly Leitplanke[];
  threshold: number;
  fields: readonly Handlungsfeld[];
  measures: readonly M[];
}

export interface ScoredMeasure<M extends Measure = Measure> {
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

export function weightsOf(leitplanken: readonly Leitplanke[]): Weights {
  return Object.fromEntries(leitplanken.map((l) => [l.id, l.weight]));
}

export function weightedScore(scores: Readonly<Record<string, number>>, leitplanken: readonly Leitplanke[], weights: Weights): number {
  let sum = 0;
  for (const l of leitplanken) sum += (weights[l.id] ?? 0) * (scores[l.id] ?? 0);
  return sum;
}

export function maxScore(leitplanken: readonly Leitplanke[], weights: Weights): number {
  return leitplanken.reduce((sum, l) => sum + (weights[l.id] ?? 0) * Math.max(...l.scale.map((s) => s.value)), 0);
}

export function reaches(score: number, threshold: number): boolean {
  return score >= threshold - EPSILON;
}

export function prioritisableFields(fields: readonly Handlungsfeld[]): Set<string> {
  return new Set(fields.filter((f) => f.prioritized).map((f) => f.id));
}

export function decisionOf(prioritized: boolean): Decision {
  return prioritized ? 'prioritized' : 'not_prioritized';
}

/** Scores, ranks and prioritises every measure; returns them in rank order. */
export function scoreMeasures<M extends Measure>(input: ScoreInput<M>, weights: Weights = weightsOf(input.leitplanken), threshold = input.threshold): ScoredMeasure<M>[] {
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

export type SortKey = 'score' | 'id' | 'field';

export function sortScored<M extends Measure>(list: readonly ScoredMeasure<M>[], by: SortKey, fieldOrder: readonly Handlungsfeld[]): ScoredMeasure<M>[] {
  const fieldIndex = new Map(fieldOrder.map((f, i) => [f.id, i]));
  const copy = [...list];
  if (by === 'score') return copy.sort((a, b) => a.rank - b.rank);
  if (by === 'id') return copy.sort((a, b) => compareIds(a.measure.id, b.measure.id));
  return copy.sort((a, b) => (fieldIndex.get(a.measure.field) ?? 0) - (fieldIndex.get(b.measure.field) ?? 0) || a.rank - b.rank);
}
