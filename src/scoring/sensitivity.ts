import type { Measure } from '../model/types.js';
import { prioritisableFields, reaches, weightedScore, type ScoreInput, type Weights } from './score.js';

export const MAX_DELTA = 10;

export interface WeightChange {
  leitplanke: string;
  delta: number;
}

export interface Sensitivity {
  /** Per measure id: the smallest single-weight change that flips its priority, or null. */
  flipDistance: Map<string, number | null>;
  /** For every single ±1 change of one weight (staying ≥ 0): the measures it flips. */
  unitChanges: { change: WeightChange; flips: string[] }[];
  /** Ids of the measures computed as prioritised under the given weights. */
  prioritized: string[];
}

function flips(measure: Measure, input: ScoreInput, weights: Weights, change: WeightChange, open: Set<string>): boolean {
  if (!open.has(measure.field)) return false;
  const before = reaches(weightedScore(measure.scores, input.leitplanken, weights), input.threshold);
  const changed = { ...weights, [change.leitplanke]: (weights[change.leitplanke] ?? 0) + change.delta };
  return reaches(weightedScore(measure.scores, input.leitplanken, changed), input.threshold) !== before;
}

/** Every single-weight change of size delta that keeps the weight ≥ 0. */
function changesOf(input: ScoreInput, weights: Weights, delta: number): WeightChange[] {
  return input.leitplanken.flatMap((l) => [
    { leitplanke: l.id, delta },
    ...((weights[l.id] ?? 0) - delta >= 0 ? [{ leitplanke: l.id, delta: -delta }] : []),
  ]);
}

/** How far each priority is from flipping when one weight moves and the threshold stays. */
export function sensitivity(input: ScoreInput, weights: Weights): Sensitivity {
  const open = prioritisableFields(input.fields);
  const flipDistance = new Map<string, number | null>();
  for (const m of input.measures) {
    let found: number | null = null;
    for (let delta = 1; delta <= MAX_DELTA && found === null; delta++) {
      if (changesOf(input, weights, delta).some((c) => flips(m, input, weights, c, open))) found = delta;
    }
    flipDistance.set(m.id, found);
  }
  const unitChanges = changesOf(input, weights, 1).map((change) => ({
    change,
    flips: input.measures.filter((m) => flips(m, input, weights, change, open)).map((m) => m.id),
  }));
  const prioritized = input.measures
    .filter((m) => open.has(m.field) && reaches(weightedScore(m.scores, input.leitplanken, weights), input.threshold))
    .map((m) => m.id);
  return { flipDistance, unitChanges, prioritized };
}
