// The annual review (README, "Annual review"): every assessment of a year aggregated per measure
// and Leitplanke — the median as the aggregate (one outlier does not move it), min–max and IQR as
// the spread — the ranking if the medians were adopted, and the assessors' agreement (Kendall's W).
import { compareIds } from '../model/ids.js';
import type { Assessment } from '../model/reviews.js';
import type { Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import { kendallW, type KendallW } from './kendall.js';
import { scoreMeasures, weightedScore, weightsOf } from './score.js';

/** Quantile p of sorted values, R's default (type 7): linear between the order statistics. */
export function quantile7(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The two middle values of sorted values (equal for an odd count). */
export function medianInterval(sorted: readonly number[]): [number, number] {
  const n = sorted.length;
  return [sorted[Math.floor((n - 1) / 2)]!, sorted[Math.floor(n / 2)]!];
}

/**
 * The whole number adopted from an even count's two middle values: today's score where it lies
 * between them (half the assessors want no change: no majority for one), else the middle value
 * nearest to it. For an odd count it is the median itself. Always a value some assessor gave.
 */
export function adoptedValue(sorted: readonly number[], current: number): number {
  const [low, high] = medianInterval(sorted);
  return Math.min(high, Math.max(low, current));
}

export interface LeitplankeAggregate {
  leitplanke: string;
  /** Assessments that scored this Leitplanke of the measure. */
  count: number;
  current: number;
  /** The median (mean of the two middle values for an even count); null without assessments. */
  median: number | null;
  /** What --apply writes (see adoptedValue); today's score with fewer than --min-assessments values. */
  adopted: number;
  min: number | null;
  max: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  /** The adopted value differs from today's score. */
  changed: boolean;
  /** The values, assessor by assessor (in assessor order), for the agenda of the meeting. */
  values: { assessor: string; value: number }[];
}

export interface MeasureReview {
  id: string;
  title: string;
  /** Assessments that listed the measure. */
  assessments: number;
  leitplanken: LeitplankeAggregate[];
  /** Enough assessments (--min-assessments) for the adopted values to be applied. */
  applicable: boolean;
  /** The comments of the assessments, assessor by assessor. */
  comments: { assessor: string; comment: string }[];
  current: { score: number; rank: number; prioritized: boolean };
  /** If the applicable adopted values were taken over. */
  proposed: { score: number; rank: number; prioritized: boolean; scores: Record<string, number> };
  /** The widest min–max range over its Leitplanken (0 with fewer than two assessments). */
  disagreement: number;
  /** The sum of its Leitplanken's IQRs: breaks ties of disagreement. */
  iqrSum: number;
}

export interface WeightAggregate {
  leitplanke: string;
  current: number;
  count: number;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface ReviewAggregate {
  year: number;
  assessors: { id: string; name?: string; fachbereich?: string; date: string; measures: number }[];
  minAssessments: number;
  /** In measure order. */
  measures: MeasureReview[];
  /** Measures with at least one assessment, widest disagreement first: the agenda of the meeting. */
  agenda: string[];
  weights: WeightAggregate[];
  /** Over the measures every assessor rated, by each assessor's weighted score (today's weights). */
  concordance: KendallW & { measures: string[] };
}

export interface ReviewInput {
  year: number;
  assessments: readonly Assessment[];
  leitplanken: readonly Leitplanke[];
  threshold: number;
  fields: readonly Handlungsfeld[];
  measures: readonly Measure[];
  minAssessments: number;
}

const numeric = (a: number, b: number): number => a - b;

/** An assessor's full scores of a measure: its proposals, today's score where it proposed none. */
function assessedScores(measure: Measure, proposed: Readonly<Record<string, number>>): Record<string, number> {
  return { ...measure.scores, ...proposed };
}

export function aggregateReview(input: ReviewInput): ReviewAggregate {
  const assessments = [...input.assessments].sort((a, b) => (a.assessor.id < b.assessor.id ? -1 : a.assessor.id > b.assessor.id ? 1 : 0));
  const weights = weightsOf(input.leitplanken);
  const byMeasure = new Map<string, { assessor: string; scores: Record<string, number>; comment?: string }[]>();
  for (const a of assessments)
    for (const entry of a.measures) {
      const list = byMeasure.get(entry.id) ?? [];
      list.push({ assessor: a.assessor.id, scores: entry.scores, ...(entry.comment !== undefined ? { comment: entry.comment } : {}) });
      byMeasure.set(entry.id, list);
    }

  const measures = [...input.measures].sort((a, b) => compareIds(a.id, b.id));
  const drafts = measures.map((measure) => {
    const entries = byMeasure.get(measure.id) ?? [];
    const leitplanken = input.leitplanken.map((l): LeitplankeAggregate => {
      const current = measure.scores[l.id] ?? 0;
      const values = entries.flatMap((e) => (e.scores[l.id] !== undefined ? [{ assessor: e.assessor, value: e.scores[l.id]! }] : []));
      const sorted = values.map((v) => v.value).sort(numeric);
      if (sorted.length === 0)
        return {
          leitplanke: l.id,
          count: 0,
          current,
          median: null,
          adopted: current,
          min: null,
          max: null,
          q1: null,
          q3: null,
          iqr: null,
          changed: false,
          values,
        };
      const [low, high] = medianInterval(sorted);
      const q1 = quantile7(sorted, 0.25);
      const q3 = quantile7(sorted, 0.75);
      // A score fewer than --min-assessments assessors gave is one voice, not a review's result.
      const adopted = sorted.length >= input.minAssessments ? adoptedValue(sorted, current) : current;
      return {
        leitplanke: l.id,
        count: sorted.length,
        current,
        median: (low + high) / 2,
        adopted,
        min: sorted[0]!,
        max: sorted[sorted.length - 1]!,
        q1,
        q3,
        iqr: q3 - q1,
        changed: adopted !== current,
        values,
      };
    });
    const applicable = entries.length >= input.minAssessments;
    const proposedScores = { ...measure.scores };
    if (applicable) for (const a of leitplanken) if (a.count > 0) proposedScores[a.leitplanke] = a.adopted;
    return {
      measure,
      entries,
      leitplanken,
      applicable,
      proposedScores,
      disagreement: Math.max(0, ...leitplanken.map((a) => (a.max === null ? 0 : a.max - a.min!))),
      iqrSum: leitplanken.reduce((s, a) => s + (a.iqr ?? 0), 0),
    };
  });

  const scoring = { leitplanken: input.leitplanken, threshold: input.threshold, fields: input.fields };
  const now = new Map(scoreMeasures({ ...scoring, measures }).map((s) => [s.measure.id, s]));
  const then = new Map(
    scoreMeasures({ ...scoring, measures: drafts.map((d) => ({ ...d.measure, scores: d.proposedScores })) }).map((s) => [s.measure.id, s]),
  );

  const result: MeasureReview[] = drafts.map((d) => {
    const a = now.get(d.measure.id)!;
    const b = then.get(d.measure.id)!;
    return {
      id: d.measure.id,
      title: d.measure.title,
      assessments: d.entries.length,
      leitplanken: d.leitplanken,
      applicable: d.applicable,
      comments: d.entries.flatMap((e) =>
        e.comment !== undefined && e.comment.trim() !== '' ? [{ assessor: e.assessor, comment: e.comment }] : [],
      ),
      current: { score: a.score, rank: a.rank, prioritized: a.prioritized },
      proposed: { score: b.score, rank: b.rank, prioritized: b.prioritized, scores: d.proposedScores },
      disagreement: d.disagreement,
      iqrSum: d.iqrSum,
    };
  });

  const agenda = result
    .filter((r) => r.assessments > 0)
    .sort((a, b) => b.disagreement - a.disagreement || b.iqrSum - a.iqrSum || compareIds(a.id, b.id))
    .map((r) => r.id);

  const known = new Map(measures.map((m) => [m.id, m]));
  const everyone = measures.filter((m) => assessments.length > 0 && assessments.every((a) => a.measures.some((e) => e.id === m.id)));
  const ratings = everyone.map((m) =>
    assessments.map((a) =>
      weightedScore(assessedScores(known.get(m.id)!, a.measures.find((e) => e.id === m.id)!.scores), input.leitplanken, weights),
    ),
  );

  return {
    year: input.year,
    assessors: assessments.map((a) => ({
      id: a.assessor.id,
      ...(a.assessor.name !== undefined ? { name: a.assessor.name } : {}),
      ...(a.assessor.fachbereich !== undefined ? { fachbereich: a.assessor.fachbereich } : {}),
      date: a.date,
      measures: a.measures.length,
    })),
    minAssessments: input.minAssessments,
    measures: result,
    agenda,
    weights: input.leitplanken.map((l) => {
      const values = assessments.flatMap((a) => (a.weights?.[l.id] !== undefined ? [a.weights[l.id]!] : [])).sort(numeric);
      if (values.length === 0) return { leitplanke: l.id, current: l.weight, count: 0, median: null, min: null, max: null };
      const [low, high] = medianInterval(values);
      return {
        leitplanke: l.id,
        current: l.weight,
        count: values.length,
        median: (low + high) / 2,
        min: values[0]!,
        max: values[values.length - 1]!,
      };
    }),
    // With no measure rated by everyone the matrix has no row to count its columns from: m is the assessors.
    concordance: { ...kendallW(ratings), m: assessments.length, measures: everyone.map((m) => m.id) },
  };
}

export interface AnnualReviewStatus {
  year: number;
  /** The Fachbereiche expected to submit: strategy.yaml's review.fachbereiche, else the measures' fachbereich. */
  expected: string[];
  submitted: string[];
  missing: string[];
  /** Assessors (ids) of the year whose assessment names none of the expected Fachbereiche. */
  unassigned: string[];
  /** Valid assessments of the year (of any assessor). */
  assessments: number;
  /** The last day of review.month (default December) of the year. */
  by: string;
  /** complete: every expected Fachbereich submitted; else due until `by`, overdue after. */
  state: 'complete' | 'due' | 'overdue';
  owner?: { role?: string; person?: string };
}

/** The words of a Fachbereich's name as a clerk may spell it: fb-32-buergerservice = FB 32 Bürgerservice. */
function nameWords(name: string): string[] {
  const folded = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/\u00e4/g, 'ae')
    .replace(/\u00f6/g, 'oe')
    .replace(/\u00fc/g, 'ue')
    .replace(/\u00df/g, 'ss');
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * The expected Fachbereich a name (an assessor's fachbereich or id) stands for: the same words
 * (case, umlauts and punctuation aside), else the one whose name begins with those words or is
 * their beginning (FB 20 for FB 20 Finanzen) when only one does. [] when none or several.
 */
function fachbereichOf(name: string, expected: readonly string[]): string[] {
  const words = nameWords(name);
  if (words.length === 0) return [];
  const same = expected.filter((f) => nameWords(f).join(' ') === words.join(' '));
  if (same.length > 0) return same;
  const starts = (long: string[], short: string[]): boolean => short.every((w, i) => long[i] === w);
  const prefix = expected.filter((f) => {
    const other = nameWords(f);
    return other.length > 0 && (starts(other, words) || starts(words, other));
  });
  return prefix.length === 1 ? prefix : [];
}

/**
 * Who has submitted for the year of `today` (YYYY-MM-DD) and whether the review is due. An
 * assessment counts for a Fachbereich when its assessor.fachbereich or its assessor id names it
 * (see fachbereichOf).
 */
export function annualReviewStatus(
  strategy: { review?: { annual_review: boolean; month?: number; owner?: { role?: string; person?: string }; fachbereiche?: string[] } },
  measures: readonly Pick<Measure, 'fachbereich'>[],
  assessments: readonly Pick<Assessment, 'assessor'>[],
  today: string,
): AnnualReviewStatus | null {
  const review = strategy.review;
  if (review === undefined || !review.annual_review) return null;
  const year = Number(today.slice(0, 4));
  const expected =
    review.fachbereiche ??
    [...new Set(measures.flatMap((m) => (m.fachbereich !== undefined ? [m.fachbereich] : [])))].sort((a, b) => a.localeCompare(b, 'de'));
  const named = new Set<string>();
  const unassigned: string[] = [];
  for (const a of assessments) {
    const found = [a.assessor.fachbereich, a.assessor.id].flatMap((name) => (name === undefined ? [] : fachbereichOf(name, expected)));
    if (found.length === 0) unassigned.push(a.assessor.id);
    for (const f of found) named.add(f);
  }
  const submitted = expected.filter((f) => named.has(f));
  const missing = expected.filter((f) => !named.has(f));
  const month = review.month ?? 12;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const by = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
  const complete = assessments.length > 0 && missing.length === 0;
  return {
    year,
    expected,
    submitted,
    missing,
    unassigned: unassigned.sort(),
    assessments: assessments.length,
    by,
    state: complete ? 'complete' : today > by ? 'overdue' : 'due',
    ...(review.owner !== undefined ? { owner: review.owner } : {}),
  };
}
