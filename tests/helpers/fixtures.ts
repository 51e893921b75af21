import fc from 'fast-check';
import type { Leitplanke, Measure } from '../../src/model/types.js';
import type { ScoreInput } from '../../src/scoring/score.js';

/** A 0–4 scale as the bundled Leitplanken have it. */
export const scale = [0, 1, 2, 3, 4].map((value) => ({ value, text: String(value) }));

/** A Leitplanke of the tests' two-criteria strategies (`a`, `b`). */
export const lp = (id: string, weight: number): Leitplanke => ({ id, title: id, criterion: id, scale, weight });

/** A measure scored `a` and `b`, in Handlungsfeld `field`, with an optional recorded decision. */
export const measure = (id: string, a: number, b: number, field = 'f', decision?: Measure['decision']): Measure => ({
  id,
  title: id,
  field,
  description: '',
  source: [],
  current_state: '',
  recommendation: '',
  scores: { a, b },
  ...(decision ? { decision } : {}),
});

/** A row of a synthetic strategy: scores per Leitplanke, whether its field is prioritisable, its decision (0 none, 1 prioritised, 2 not). */
export interface SyntheticRow {
  scores: readonly number[];
  open: boolean;
  decision?: 0 | 1 | 2;
}

/**
 * The property tests' strategy: Leitplanken l0, l1, … with these weights, a prioritisable field
 * `open` (measures 1.x) and a never-prioritised one `closed` (2.x), one measure per row.
 */
export function syntheticStrategy(weights: readonly number[], rows: readonly SyntheticRow[], threshold = 0): ScoreInput {
  const leitplanken: Leitplanke[] = weights.map((weight, j) => ({ id: `l${j}`, title: `L${j}`, criterion: `L${j}`, scale, weight }));
  const measures: Measure[] = rows.map((r, i) => ({
    id: `${r.open ? 1 : 2}.${i + 1}`,
    title: `M${i}`,
    field: r.open ? 'open' : 'closed',
    description: '',
    source: [],
    current_state: '',
    recommendation: '',
    scores: Object.fromEntries(r.scores.map((s, j) => [`l${j}`, s])),
    ...(r.decision === undefined || r.decision === 0
      ? {}
      : { decision: r.decision === 1 ? ('prioritized' as const) : ('not_prioritized' as const) }),
  }));
  return {
    leitplanken,
    threshold,
    fields: [
      { id: 'open', number: 1, name: 'Open', prioritized: true },
      { id: 'closed', number: 2, name: 'Closed', prioritized: false },
    ],
    measures,
  };
}

/** 1…maxLength rows over k Leitplanken with random, often contradictory decisions (the calibration property tests). */
export const arbDecidedRows = (k: number, maxLength: number) =>
  fc.array(
    fc.record({
      scores: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: k, maxLength: k }),
      open: fc.boolean(),
      decision: fc.constantFrom<0 | 1 | 2>(0, 1, 2, 1, 2),
    }),
    { minLength: 1, maxLength },
  );
