// score --sensitivity in every direction: the smallest L1 change of the weights that flips each
// measure (with its witness), the most critical Leitplanke and the stability region — checked
// against brute force and against the built binary's own `score --weights`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { directionalSensitivity, sensitivity, smallestFlip } from '../src/scoring/sensitivity.js';
import { syntheticStrategy } from './helpers/fixtures.js';
import { itstrat } from './helpers/cli.js';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, j) => s + x * b[j]!, 0);
const l1 = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, j) => s + Math.abs(x - b[j]!), 0);

/** Every whole weight vector in [0, max]^k that is not all 0. */
function* vectors(k: number, max: number): Generator<number[]> {
  const v = Array<number>(k).fill(0);
  for (;;) {
    if (v.some((x) => x > 0)) yield [...v];
    let j = k - 1;
    while (j >= 0 && v[j] === max) v[j--] = 0;
    if (j < 0) return;
    v[j]!++;
  }
}

const arb = fc.integer({ min: 1, max: 3 }).chain((k) =>
  fc.record({
    k: fc.constant(k),
    max: fc.integer({ min: 1, max: 6 }),
    weights: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: k, maxLength: k }),
    rows: fc.array(fc.record({ scores: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: k, maxLength: k }), open: fc.boolean() }), {
      minLength: 1,
      maxLength: 8,
    }),
    threshold: fc.integer({ min: 0, max: 40 }),
  }),
);

describe('smallest flip in every direction, against brute force', () => {
  it('no weighting closer in L1 flips the measure, and the witness does flip it', () => {
    fc.assert(
      fc.property(arb, ({ k, max, weights, rows, threshold }) => {
        const w = weights.map((x) => Math.min(x, max));
        if (!w.some((x) => x > 0)) w[0] = 1;
        for (const { scores } of rows) {
          const before = dot(scores, w) >= threshold;
          let best: number | undefined;
          for (const v of vectors(k, max)) if (dot(scores, v) >= threshold !== before) best = Math.min(best ?? Infinity, l1(v, w));
          const witness = smallestFlip(scores, w, threshold, max);
          if (best === undefined) {
            expect(witness).toBeUndefined();
            continue;
          }
          expect(witness).toBeDefined();
          expect(l1(witness!, w)).toBe(best);
          expect(dot(scores, witness!) >= threshold).toBe(!before);
          expect(witness!.every((x) => Number.isInteger(x) && x >= 0 && x <= max)).toBe(true);
          expect(witness!.some((x) => x > 0)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('per Leitplanke: the smallest single change that flips any priority, and the range that keeps them all', () => {
    fc.assert(
      fc.property(arb, ({ k, max, weights, rows, threshold }) => {
        const w = weights.map((x) => Math.min(x, max));
        if (!w.some((x) => x > 0)) w[0] = 1;
        const input = syntheticStrategy(Array<number>(k).fill(1), rows, threshold);
        const ids = input.leitplanken.map((l) => l.id);
        const d = directionalSensitivity(input, Object.fromEntries(ids.map((id, j) => [id, w[j]!])), max);
        const open = rows.filter((r) => r.open);
        const set = (v: number[]) => open.map((r) => dot(r.scores, v) >= threshold).join();
        const now = set(w);
        for (let j = 0; j < k; j++) {
          const keeps: number[] = [];
          let smallest: number | undefined;
          for (let x = 0; x <= max; x++) {
            const v = w.map((y, i) => (i === j ? x : y));
            if (v.every((y) => y === 0)) continue;
            if (set(v) === now) keeps.push(x);
            else if (smallest === undefined || Math.abs(x - w[j]!) < Math.abs(smallest)) smallest = x - w[j]!;
          }
          expect(d.critical[j]?.delta).toBe(smallest);
          // The kept values are one contiguous range, exactly the one reported.
          expect(keeps).toEqual(
            Array.from({ length: d.stability.ranges[j]!.max - d.stability.ranges[j]!.min + 1 }, (_, i) => d.stability.ranges[j]!.min + i),
          );
        }
        // The radius: the smallest L1 change that alters the prioritised set, by brute force.
        let radius: number | undefined;
        for (const v of vectors(k, max)) if (set(v) !== now) radius = Math.min(radius ?? Infinity, l1(v, w));
        expect(d.stability.radius?.distance).toBe(radius);
        const most = d.critical.filter((c) => c !== null).sort((a, b) => Math.abs(a.delta) - Math.abs(b.delta))[0];
        expect(d.mostCritical?.delta).toBe(most?.delta);
      }),
      { numRuns: 300 },
    );
  });

  it('the L1 flip is never farther than the single-weight flip distance', () => {
    fc.assert(
      fc.property(arb, ({ k, weights, rows, threshold }) => {
        const input = syntheticStrategy(Array<number>(k).fill(1), rows, threshold);
        const w = Object.fromEntries(input.leitplanken.map((l, j) => [l.id, weights[j]!]));
        if (Object.values(w).every((x) => x === 0)) w['l0'] = 1;
        // flip_distance (kept as it was) also counts a change to all weights 0, which no weighting
        // is (score --weights refuses it): compared where a single change cannot reach it.
        if (Object.values(w).filter((x) => x > 0).length < 2) return;
        const s = sensitivity(input, w);
        for (const [id, single] of s.flipDistance) {
          const flip = s.directions.flips.get(id) ?? null;
          if (single !== null) expect(flip?.distance).toBeLessThanOrEqual(single);
          if (flip === null) expect(single).toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('itstrat score --sensitivity: every witness checked with the built binary', () => {
  type Out = {
    criteria: { id: string; weight: number }[];
    measures: {
      id: string;
      prioritized: boolean;
      flip_distance: number | null;
      flip_l1: { distance: number; weights: Record<string, number> } | null;
    }[];
    sensitivity: {
      most_critical: { leitplanke: string; delta: number; flips: string } | null;
      stability: { prioritized: number; radius: { distance: number; weights: Record<string, number> } | null; flips: string | null };
    };
  };
  const json = (args: string[]): Out => JSON.parse(itstrat(['score', '--format', 'json', ...args]).stdout) as Out;
  const spec = (w: Record<string, number>): string =>
    Object.entries(w)
      .map(([id, n]) => `${id}=${n}`)
      .join(',');

  it('each measure flips under its witness weights, no farther than its single-weight flip distance', () => {
    const out = json(['--sensitivity']);
    const priority = new Map(out.measures.map((m) => [m.id, m.prioritized]));
    const byWitness = new Map<string, string[]>();
    for (const m of out.measures) {
      if (m.flip_l1 === null) {
        // Only the field that is never prioritised cannot flip on the bundled strategy.
        expect(m.flip_distance).toBeNull();
        continue;
      }
      if (m.flip_distance !== null) expect(m.flip_l1.distance).toBeLessThanOrEqual(m.flip_distance);
      const current = Object.fromEntries(out.criteria.map((c) => [c.id, c.weight]));
      expect(Object.keys(m.flip_l1.weights).reduce((s, id) => s + Math.abs(m.flip_l1!.weights[id]! - current[id]!), 0)).toBe(
        m.flip_l1.distance,
      );
      const key = spec(m.flip_l1.weights);
      byWitness.set(key, [...(byWitness.get(key) ?? []), m.id]);
    }
    expect(byWitness.size).toBeGreaterThan(0);
    for (const [weights, ids] of byWitness) {
      const flipped = new Map(json(['--weights', weights]).measures.map((m) => [m.id, m.prioritized]));
      for (const id of ids) expect(flipped.get(id), `${id} under ${weights}`).toBe(!priority.get(id));
    }
  });

  it('the stability radius and the most critical Leitplanke: their changes really alter the priorities', () => {
    const out = json(['--sensitivity']);
    const priority = new Map(out.measures.map((m) => [m.id, m.prioritized]));
    const { radius, flips, prioritized } = out.sensitivity.stability;
    expect(prioritized).toBe(20);
    expect(radius).not.toBeNull();
    // The radius is the smallest of the measures' L1 flips.
    expect(radius!.distance).toBe(Math.min(...out.measures.flatMap((m) => (m.flip_l1 === null ? [] : [m.flip_l1.distance]))));
    expect(new Map(json(['--weights', spec(radius!.weights)]).measures.map((m) => [m.id, m.prioritized])).get(flips!)).toBe(
      !priority.get(flips!),
    );
    const c = out.sensitivity.most_critical!;
    const weight = out.criteria.find((x) => x.id === c.leitplanke)!.weight;
    const after = json(['--weights', `${c.leitplanke}=${weight + c.delta}`]);
    expect(after.measures.find((m) => m.id === c.flips)!.prioritized).toBe(!priority.get(c.flips));
    // No smaller change of that weight alters any priority.
    for (const step of [-1, 1].map((sign) => sign * (Math.abs(c.delta) - 1)).filter((s) => s !== 0 && weight + s >= 0)) {
      const near = new Map(json(['--weights', `${c.leitplanke}=${weight + step}`]).measures.map((m) => [m.id, m.prioritized]));
      expect([...near].filter(([id, p]) => p !== priority.get(id))).toEqual([]);
    }
  });

  it('the table and Markdown say it in a line of their own, in German and English', () => {
    expect(itstrat(['score', '--sensitivity']).stdout).toMatch(
      /In alle Richtungen: die kleinste Gesamtänderung der Gewichte \(L1\), die eine Priorität kippt, ist 1 \([\d,]+ % der Gewichtssumme: \S+ \d+→\d+ kippt [\d.]+\); kritischste Leitplanke: \S+ \([−+]\d+, [\d,]+ %, kippt [\d.]+\)\./,
    );
    expect(itstrat(['score', '--sensitivity', '--format', 'markdown', '--lang', 'en']).stdout).toMatch(
      /In every direction: the smallest total change of the weights \(L1\) that flips a priority is 1 \([\d.]+ % of the weight sum: .+ flips [\d.]+\); most critical Leitplanke: /,
    );
    expect(itstrat(['score', '--sensitivity', '--format', 'csv', '--top', '1']).stdout.split('\r\n')[0]).toMatch(/,flip_distance,flip_l1$/);
  });
});
