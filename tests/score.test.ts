import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds } from '../src/model/ids.js';
import { scoreMeasures, type ScoreInput } from '../src/scoring/score.js';
import type { Measure } from '../src/model/types.js';
import { lp, measure } from './helpers/fixtures.js';
import { itstratInProcess } from './helpers/in-process.js';

const input = (measures: Measure[], threshold = 5): ScoreInput => ({
  leitplanken: [lp('a', 2), lp('b', 1)],
  threshold,
  fields: [
    { id: 'f', number: 1, name: 'F', prioritized: true },
    { id: 'g', number: 2, name: 'G', prioritized: false },
  ],
  measures,
});

describe('scoring', () => {
  it('orders ids naturally', async () => {
    expect(['1.10', '1.2', '2.1', '1.1', '10.1'].sort(compareIds)).toEqual(['1.1', '1.2', '1.10', '2.1', '10.1']);
  });

  it('orders any two ids as splitting them into numbers does (the in-place scan is only faster)', () => {
    // The plain definition: parts as numbers, a missing part before any present one, then the text.
    const bySplit = (a: string, b: string): number => {
      const pa = a.split('.').map(Number);
      const pb = b.split('.').map(Number);
      for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? -1) - (pb[i] ?? -1);
        if (d !== 0) return d;
      }
      return a < b ? -1 : a > b ? 1 : 0;
    };
    const id = fc.oneof(
      fc.tuple(fc.nat(10_000), fc.nat(10_000)).map(([f, n]) => `${f}.${n}`),
      fc.array(fc.constantFrom('0', '1', '9', '.', 'x', ' ', '07'), { maxLength: 8 }).map((cs) => cs.join('')),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(Math.sign(compareIds(a, b))).toBe(Math.sign(bySplit(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('computes the weighted sum, percent, rank and priority', async () => {
    const scored = scoreMeasures(input([measure('1.1', 1, 1), measure('1.2', 2, 1), measure('1.10', 2, 1), measure('2.1', 4, 4, 'g')]));
    expect(scored.map((s) => [s.measure.id, s.score, s.rank, s.prioritized])).toEqual([
      ['2.1', 12, 1, false],
      ['1.2', 5, 2, true],
      ['1.10', 5, 3, true],
      ['1.1', 3, 4, false],
    ]);
    expect(scored[1]!.percent).toBeCloseTo((5 / 12) * 100);
  });

  it('flags computed priorities that contradict the recorded decision', async () => {
    const scored = scoreMeasures(
      input([measure('1.1', 1, 1, 'f', 'prioritized'), measure('1.2', 2, 1, 'f', 'prioritized'), measure('1.3', 2, 1)]),
    );
    expect(scored.filter((s) => s.disagrees).map((s) => s.measure.id)).toEqual(['1.1']);
  });

  it('takes decimal weights without floating-point surprises at the threshold', async () => {
    const i = input([measure('1.1', 1, 1)], 0.3);
    expect(scoreMeasures(i, { a: 0.1, b: 0.2 })[0]!.prioritized).toBe(true);
  });
});

describe('itstrat score', () => {
  it('prints the JSON contract', async () => {
    const run = await itstratInProcess(['score', '--format', 'json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['criteria', 'threshold', 'measures']);
    expect(out.criteria[0]).toEqual({ id: 'strategy', name: 'Strategische Wirkung', weight: expect.any(Number) });
    const m = out.measures.find((x: { id: string }) => x.id === '1.2');
    expect(Object.keys(m)).toEqual(['id', 'title', 'field', 'scores', 'score', 'percent', 'rank', 'prioritized', 'decision']);
    expect(m).toMatchObject({
      title: 'Einführung E-Akte / Dokumentenmanagement System',
      field: 'eadministration',
      scores: { strategy: 4, quality: 3, security: 2, external: 0 },
      decision: 'prioritized',
    });
    const ranks = out.measures.map((x: { rank: number }) => x.rank);
    expect(ranks).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
  });

  it('prints a plain table when not on a terminal', async () => {
    const run = await itstratInProcess(['score', '--top', '3']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toMatch(/^Nr\s+Maßnahme\s+Handlungsfeld\s+Strategie  Qualität  Sicherheit  Außen  Punkte  Rang  Priorität/m);
    expect(run.stdout).toContain('3 von 54 Maßnahmen');
  });
});
