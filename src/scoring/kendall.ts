// Kendall's coefficient of concordance W, corrected for ties exactly as R's
// irr::kendall(ratings, correct = TRUE): rows are subjects (measures), columns raters (assessors).
// Scores on a 0–4 scale tie constantly, so without the correction W would understate agreement.

/** Ranks 1…n of the values, ties getting the mean of the ranks they span (R's rank(), ties "average"). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    // positions start…end (0-based) hold ranks start+1…end+1: their mean
    const rank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Σ(t³ − t) over the groups of tied values of one rater. */
export function tieSum(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let sum = 0;
  for (const t of counts.values()) sum += t * t * t - t;
  return sum;
}

export interface KendallW {
  /** W in [0, 1]; null when it is undefined (fewer than 2 subjects or raters, or every rater ties everything). */
  w: number | null;
  /** Subjects (measures) it rests on. */
  n: number;
  /** Raters (assessors) it rests on. */
  m: number;
}

/**
 * `ratings[i][j]`: rater j's value for subject i; every row complete (irr drops incomplete rows
 * with na.omit before it computes — the caller passes only the measures every assessor rated).
 * W = 12·S / (m²(n³ − n) − m·ΣT), S the sum of squared deviations of the rank sums from their mean.
 */
export function kendallW(ratings: readonly (readonly number[])[]): KendallW {
  const n = ratings.length;
  const m = n === 0 ? 0 : ratings[0]!.length;
  if (n < 2 || m < 2) return { w: null, n, m };
  const rankSums = new Array<number>(n).fill(0);
  let ties = 0;
  for (let j = 0; j < m; j++) {
    const column = ratings.map((row) => row[j]!);
    averageRanks(column).forEach((r, i) => (rankSums[i]! += r));
    ties += tieSum(column);
  }
  const mean = rankSums.reduce((a, b) => a + b, 0) / n;
  const s = rankSums.reduce((sum, r) => sum + (r - mean) ** 2, 0);
  const denominator = m * m * (n * n * n - n) - m * ties;
  if (denominator <= 0) return { w: null, n, m };
  // Rank sums are multiples of 1/2: S is exact in binary floating point up to far beyond any strategy.
  return { w: Math.min(1, Math.max(0, (12 * s) / denominator)), n, m };
}
