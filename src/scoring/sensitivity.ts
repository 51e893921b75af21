import type { Measure } from '../model/types.js';
import { MAX_WEIGHT } from '../model/bounds.js';
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
  /** Every direction at once: L1 flips, the most critical Leitplanke, the stability region. */
  directions: DirectionalSensitivity;
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
  return { flipDistance, unitChanges, prioritized, directions: directionalSensitivity(input, weights, MAX_WEIGHT) };
}

/**
 * The smallest change of the whole weight vector that flips one measure's priority: a witness
 * anyone can check with `score --weights`.
 */
export interface WeightFlip {
  /** Σ |Δwⱼ| in weight units (L1 distance). */
  distance: number;
  /** The same as a share of the current weight sum, in per cent (one decimal). */
  relative: number;
  /** The flipping weights, all Leitplanken. */
  weights: Weights;
}

export interface CriticalChange {
  leitplanke: string;
  /** The smallest change of this weight alone that flips some priority (signed). */
  delta: number;
  /** |delta| as a share of the current weight, in per cent (one decimal); null for a weight of 0. */
  relative: number | null;
  /** The first measure (in input order) this change flips. */
  flips: string;
}

export interface StabilityRegion {
  /** The measures computed as prioritised: the current top N, N = their number. */
  prioritized: number;
  /**
   * The smallest L1 change of the weights (threshold fixed) that changes this set, or null when
   * none does: every weight vector closer than this keeps exactly these measures prioritised.
   */
  radius: WeightFlip | null;
  /** The measure whose flip sets the radius. */
  flips: string | null;
  /** Per Leitplanke: the range of its weight, the others fixed, that keeps the set (within 0–1000). */
  ranges: { leitplanke: string; min: number; max: number }[];
}

export interface DirectionalSensitivity {
  /** Per measure id: the smallest L1 flip, or null when no weighting flips it. */
  flips: Map<string, WeightFlip | null>;
  /** Per Leitplanke: its smallest single change that flips any priority, or null. */
  critical: (CriticalChange | null)[];
  /** The Leitplanke whose smallest change flips a priority, the smallest of all (Triantaphyllou & Sánchez: most critical criterion). */
  mostCritical: CriticalChange | null;
  stability: StabilityRegion;
}

const percent = (part: number, whole: number): number => Math.round((part / whole) * 1000) / 10;

/**
 * Fewest whole units Σ dⱼ with Σ dⱼ·sⱼ ≥ need and 0 ≤ dⱼ ≤ capⱼ: taking the largest sⱼ first is
 * optimal (any solution using a smaller unit while a larger one is left can swap it without losing
 * coverage), so the count is that of the m largest available units that reach `need`. Ties keep
 * the Leitplanken order. Undefined when even all units fall short.
 */
function cover(scores: readonly number[], caps: readonly number[], need: number): number[] | undefined {
  const d = scores.map(() => 0);
  let rest = need;
  const order = scores.map((_, j) => j).sort((a, b) => scores[b]! - scores[a]! || a - b);
  for (const j of order) {
    if (rest <= 0) break;
    const s = scores[j]!;
    if (s <= 0) break;
    const take = Math.min(caps[j]!, Math.ceil(rest / s));
    d[j] = take;
    rest -= take * s;
  }
  return rest <= 0 ? d : undefined;
}

const total = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);

/**
 * The smallest L1 change of integer weights within 0..maxWeight, not all 0 (what `score --weights`
 * accepts), that flips a measure with these scores against a fixed threshold. Scores are ≥ 0, so
 * a prioritised measure flips only by lowering weights and an unprioritised one only by raising
 * them; each is the covering problem above. Lowering every weight to 0 is not a weighting: then
 * the optimum keeps some weight above 0 — for each weight, the best that keeps one of its units
 * (if it has one) or raises it from 0 to 1 is a covering problem again, and the cheapest is taken.
 */
export function smallestFlip(
  scores: readonly number[],
  weights: readonly number[],
  threshold: number,
  maxWeight: number,
): number[] | undefined {
  const score = total(scores.map((s, j) => s * weights[j]!));
  if (score < threshold) {
    const d = cover(
      scores,
      weights.map((w) => maxWeight - w),
      threshold - score,
    );
    return d?.map((x, j) => weights[j]! + x);
  }
  const need = score - threshold + 1;
  const lowered = (caps: readonly number[]): number[] | undefined => cover(scores, caps, need)?.map((x, j) => weights[j]! - x);
  const plain = lowered(weights);
  if (plain === undefined || total(plain) > 0) return plain;
  // Some weight must stay above 0: either one the measure already has keeps a unit, or one that is
  // 0 is raised to 1 — which adds its score to what the others must give up.
  const candidates: number[][] = [];
  weights.forEach((w, j) => {
    if (w > 0) {
      const kept = lowered(weights.map((c, i) => (i === j ? c - 1 : c)));
      if (kept !== undefined) candidates.push(kept);
    } else if (maxWeight > 0) {
      const others = cover(
        scores,
        weights.map((c, i) => (i === j ? 0 : c)),
        need + scores[j]!,
      );
      if (others !== undefined) candidates.push(others.map((x, i) => (i === j ? 1 : weights[i]! - x)));
    }
  });
  const cost = (v: readonly number[]): number => total(v.map((x, j) => Math.abs(x - weights[j]!)));
  return candidates.sort((a, b) => cost(a) - cost(b))[0];
}

/**
 * Sensitivity in every direction: per measure the smallest L1 change of the weights that flips
 * it, per Leitplanke the smallest single change that flips any priority, and the stability region
 * of the prioritised set. Weights are whole numbers from 0 to maxWeight, not all 0; the threshold
 * stays. Measures of a field that is never prioritised cannot flip.
 */
export function directionalSensitivity(input: ScoreInput, weights: Weights, maxWeight: number): DirectionalSensitivity {
  const ids = input.leitplanken.map((l) => l.id);
  const w = ids.map((id) => weights[id] ?? 0);
  const sum = total(w);
  const open = prioritisableFields(input.fields);
  const asWeights = (v: readonly number[]): Weights => Object.fromEntries(ids.map((id, j) => [id, v[j]!]));
  const rows = input.measures
    .filter((m) => open.has(m.field))
    .map((m) => {
      const scores = ids.map((id) => m.scores[id] ?? 0);
      const score = total(scores.map((s, j) => s * w[j]!));
      return { id: m.id, scores, score, prioritized: reaches(score, input.threshold) };
    });
  const flips = new Map<string, WeightFlip | null>(input.measures.map((m) => [m.id, null]));
  let radius: { flip: WeightFlip; id: string } | undefined;
  for (const r of rows) {
    const v = smallestFlip(r.scores, w, input.threshold, maxWeight);
    if (v === undefined) continue;
    const distance = total(v.map((x, j) => Math.abs(x - w[j]!)));
    const flip = { distance, relative: sum > 0 ? percent(distance, sum) : 0, weights: asWeights(v) };
    flips.set(r.id, flip);
    if (radius === undefined || distance < radius.flip.distance) radius = { flip, id: r.id };
  }

  // One weight alone: the range that keeps every priority, from each measure's own bound.
  const othersZero = (j: number): boolean => w.every((x, i) => i === j || x === 0);
  const critical: (CriticalChange | null)[] = [];
  const ranges = ids.map((id, j) => {
    let min = othersZero(j) ? 1 : 0;
    let max = maxWeight;
    let best: CriticalChange | null = null;
    const consider = (delta: number, flipsId: string): void => {
      // Equally far, the decrease is named: ties are broken the same way every time.
      if (best === null || Math.abs(delta) < Math.abs(best.delta) || (Math.abs(delta) === Math.abs(best.delta) && delta < best.delta))
        best = { leitplanke: id, delta, relative: w[j]! > 0 ? percent(Math.abs(delta), w[j]!) : null, flips: flipsId };
    };
    for (const r of rows) {
      const s = r.scores[j]!;
      if (s === 0) continue;
      if (r.prioritized) {
        // Stays while score − (wⱼ − x)·s ≥ T.
        const low = w[j]! - Math.floor((r.score - input.threshold) / s);
        min = Math.max(min, low);
        if (low - 1 >= (othersZero(j) ? 1 : 0)) consider(low - 1 - w[j]!, r.id);
      } else {
        // Stays while score + (x − wⱼ)·s ≤ T − 1.
        const high = w[j]! + Math.floor((input.threshold - 1 - r.score) / s);
        max = Math.min(max, high);
        if (high + 1 <= maxWeight) consider(high + 1 - w[j]!, r.id);
      }
    }
    critical.push(best);
    return { leitplanke: id, min, max };
  });
  const mostCritical = critical.reduce<CriticalChange | null>(
    (a, c) => (c !== null && (a === null || Math.abs(c.delta) < Math.abs(a.delta)) ? c : a),
    null,
  );
  return {
    flips,
    critical,
    mostCritical,
    stability: {
      prioritized: rows.filter((r) => r.prioritized).length,
      radius: radius?.flip ?? null,
      flips: radius?.id ?? null,
      ranges,
    },
  };
}
