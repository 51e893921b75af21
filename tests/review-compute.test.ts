// The annual review's statistics against hand-worked values and a second, independent
// implementation: Kendall's W corrected for ties (as R's irr::kendall(correct = TRUE)), R's
// type-7 quantiles, the median and the whole number adopted from an even count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, kendallW } from '../src/scoring/kendall.js';
import { adoptedValue, aggregateReview, quantile7 } from '../src/scoring/review.js';

/**
 * The textbook formula over rank sums, with ranks counted the other way round (rank = number of
 * smaller values + (number of equal values + 1) / 2):
 * W = (12·ΣR² − 3m²n(n+1)²) / (m²n(n²−1) − m·Σ(t³−t)).
 */
function textbookW(ratings: number[][]): number | null {
  const n = ratings.length;
  const m = ratings[0]!.length;
  const rankSums = new Array<number>(n).fill(0);
  let ties = 0;
  for (let j = 0; j < m; j++) {
    const column = ratings.map((row) => row[j]!);
    column.forEach((v, i) => {
      const less = column.filter((x) => x < v).length;
      const equal = column.filter((x) => x === v).length;
      rankSums[i]! += less + (equal + 1) / 2;
    });
    for (const v of new Set(column)) {
      const t = column.filter((x) => x === v).length;
      ties += t ** 3 - t;
    }
  }
  const sumSquares = rankSums.reduce((s, r) => s + r * r, 0);
  const denominator = m * m * n * (n * n - 1) - m * ties;
  if (denominator === 0) return null;
  return (12 * sumSquares - 3 * m * m * n * (n + 1) ** 2) / denominator;
}

describe("Kendall's W corrected for ties", () => {
  it('matches a hand-worked example with ties (W = 222/342 = 37/57)', () => {
    // rows: measures, columns: assessors. Assessor 2 ties two measures, assessor 3 ties all four.
    // Rank sums 10.5, 8, 7, 4.5 → ΣR² = 243.5; 12·243.5 − 3·9·4·25 = 222; ΣT = 6 + 60;
    // 9·4·15 − 3·66 = 342.
    const ratings = [
      [4, 4, 2],
      [3, 3, 2],
      [2, 3, 2],
      [1, 1, 2],
    ];
    const result = kendallW(ratings);
    expect(result.n).toBe(4);
    expect(result.m).toBe(3);
    expect(result.w).toBeCloseTo(37 / 57, 12);
    expect(textbookW(ratings)).toBeCloseTo(37 / 57, 12);
  });

  it('without ties is the classic W (three raters, perfect agreement but for one swap)', () => {
    // Rank sums 3, 7, 8 for n = 3, m = 3: S = (3−6)² + 1 + 4 = 14; W = 12·14 / (9·24) = 7/9.
    expect(
      kendallW([
        [1, 1, 1],
        [2, 3, 2],
        [3, 2, 3],
      ]).w,
    ).toBeCloseTo(7 / 9, 12);
  });

  it('averages the ranks of ties as R does', () => {
    expect(averageRanks([3, 1, 3, 2, 3])).toEqual([4, 1, 4, 2, 4]);
    expect(averageRanks([0, 0])).toEqual([1.5, 1.5]);
  });

  it('is undefined below two measures or two assessors, and when every assessor ties everything', () => {
    expect(kendallW([[1, 2, 3]]).w).toBeNull();
    expect(kendallW([[1], [2]]).w).toBeNull();
    expect(
      kendallW([
        [2, 3],
        [2, 3],
      ]).w,
    ).toBeNull();
  });

  const matrix = fc
    .record({ n: fc.integer({ min: 2, max: 8 }), m: fc.integer({ min: 2, max: 6 }) })
    .chain(({ n, m }) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
    );

  it('agrees with the textbook formula over rank sums, and lies in [0, 1]', () => {
    fc.assert(
      fc.property(matrix, (ratings) => {
        const { w } = kendallW(ratings);
        const expected = textbookW(ratings);
        if (expected === null) return w === null;
        expect(w).not.toBeNull();
        expect(w!).toBeGreaterThanOrEqual(0);
        expect(w!).toBeLessThanOrEqual(1);
        expect(w!).toBeCloseTo(Math.min(1, Math.max(0, expected)), 9);
        return true;
      }),
    );
  });

  it('is 1 when all assessors agree (ties included, as long as not everything ties)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 10 }).filter((c) => new Set(c).size > 1),
        fc.integer({ min: 2, max: 6 }),
        (column, m) => {
          const ratings = column.map((v) => Array.from({ length: m }, () => v));
          expect(kendallW(ratings).w).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('does not change when measures or assessors are put in another order', () => {
    fc.assert(
      fc.property(matrix, fc.integer(), (ratings, seed) => {
        const shuffle = <T>(xs: T[], s: number): T[] =>
          xs
            .map((x, i) => ({ x, k: Math.sin(s + i * 7.1) }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const m = ratings[0]!.length;
        const columns = shuffle(
          Array.from({ length: m }, (_, j) => j),
          seed,
        );
        const permuted = shuffle(ratings, seed + 1).map((row) => columns.map((j) => row[j]!));
        const a = kendallW(ratings).w;
        const b = kendallW(permuted).w;
        if (a === null) expect(b).toBeNull();
        else expect(b!).toBeCloseTo(a, 12);
      }),
    );
  });
});

describe('quantiles, median and the adopted value', () => {
  it("computes R's type-7 quantiles", () => {
    // R: quantile(c(1, 2, 3, 4), c(.25, .5, .75)) → 1.75 2.5 3.25; quantile(c(0, 4, 4), .25) → 2
    expect(quantile7([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile7([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile7([0, 4, 4], 0.25)).toBe(2);
    expect(quantile7([3], 0.75)).toBe(3);
  });

  it('adopts the median of an odd count, whatever today is', () => {
    expect(adoptedValue([0, 2, 2], 3)).toBe(2);
    expect(adoptedValue([1, 1, 4], 0)).toBe(1);
  });

  it("adopts today's score between an even count's middle values, else the nearer middle value", () => {
    expect(adoptedValue([1, 3], 3)).toBe(3);
    expect(adoptedValue([1, 3], 2)).toBe(2);
    expect(adoptedValue([3, 4], 2)).toBe(3);
    expect(adoptedValue([0, 1, 2, 4], 4)).toBe(2);
    expect(adoptedValue([0, 1, 2, 4], 0)).toBe(1);
  });

  it('adopts a whole number between the two middle values, one some assessor gave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 4 }),
        (values, current) => {
          const sorted = [...values].sort((a, b) => a - b);
          const adopted = adoptedValue(sorted, current);
          expect(Number.isInteger(adopted)).toBe(true);
          expect(adopted).toBeGreaterThanOrEqual(sorted[Math.floor((sorted.length - 1) / 2)]!);
          expect(adopted).toBeLessThanOrEqual(sorted[Math.floor(sorted.length / 2)]!);
        },
      ),
    );
  });
});

describe('aggregateReview', () => {
  const scale = [0, 1, 2, 3, 4].map((value) => ({ value, text: String(value) }));
  const leitplanken = [
    { id: 'a', title: 'A', criterion: '', scale, weight: 2 },
    { id: 'b', title: 'B', criterion: '', scale, weight: 1 },
  ];
  const measure = (id: string, a: number, b: number) => ({
    id,
    title: id,
    field: 'f',
    description: '',
    source: [],
    current_state: '',
    recommendation: '',
    scores: { a, b },
  });
  const input = {
    year: 2026,
    leitplanken,
    threshold: 6,
    fields: [{ id: 'f', number: 1, name: 'F', prioritized: true }],
    measures: [measure('1.1', 1, 1), measure('1.2', 4, 4), measure('1.3', 2, 2)],
    minAssessments: 2,
  };
  const assessment = (id: string, measures: { id: string; scores: Record<string, number> }[]) => ({
    assessor: { id },
    date: '2026-01-01',
    measures,
  });

  it('has no W when no measure was rated by every assessor, and applies nothing below --min-assessments', () => {
    const r = aggregateReview({
      ...input,
      assessments: [assessment('x', [{ id: '1.1', scores: { a: 4 } }]), assessment('y', [{ id: '1.2', scores: { a: 0 } }])],
    });
    expect(r.concordance).toMatchObject({ w: null, n: 0, m: 2 });
    const m11 = r.measures.find((m) => m.id === '1.1')!;
    expect(m11.applicable).toBe(false);
    expect(m11.proposed.scores).toEqual({ a: 1, b: 1 });
    // The Leitplanke nobody scored keeps today's value and counts 0.
    expect(m11.leitplanken.find((l) => l.leitplanke === 'b')).toMatchObject({ count: 0, median: null, adopted: 1, changed: false });
    expect(r.agenda).toEqual(['1.1', '1.2']);
  });

  it('ranks and prioritises with the adopted medians, a Leitplanke left out counting today’s score in W', () => {
    const r = aggregateReview({
      ...input,
      assessments: [
        assessment('x', [
          { id: '1.1', scores: { a: 4 } },
          { id: '1.2', scores: { a: 0, b: 0 } },
        ]),
        assessment('y', [
          { id: '1.1', scores: { a: 4, b: 4 } },
          { id: '1.2', scores: { a: 1 } },
        ]),
      ],
    });
    const m11 = r.measures.find((m) => m.id === '1.1')!;
    // a: 4, 4 → 4 (today 1); b: only y's 4, one voice below --min-assessments 2 → today's 1.
    expect(m11.proposed.scores).toEqual({ a: 4, b: 1 });
    expect(m11.leitplanken.find((l) => l.leitplanke === 'b')).toMatchObject({ count: 1, median: 4, adopted: 1, changed: false });
    expect(m11.proposed).toMatchObject({ score: 9, rank: 1, prioritized: true });
    expect(m11.current).toMatchObject({ score: 3, prioritized: false });
    // Weighted scores: x: 1.1 = 2·4 + 1·1 = 9, 1.2 = 0; y: 1.1 = 12, 1.2 = 2·1 + 4 = 6 → both rank 1.1 first: W = 1.
    expect(r.concordance).toMatchObject({ n: 2, m: 2, w: 1 });
  });
});
