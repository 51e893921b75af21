import type { Leitplanke, Measure } from '../../src/model/types.js';

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
