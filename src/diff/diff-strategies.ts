import { isDeepStrictEqual } from 'node:util';
import { compareIds } from '../model/ids.js';
import { scorableParts } from '../model/scorable.js';
import type { Handlungsfeld, LocatedMeasure, Measure, Metric, PartialStrategy } from '../model/types.js';
import { prioritisableFields, reaches, scoreMeasures, weightedScore, weightsOf, type ScoredMeasure } from '../scoring/score.js';

export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface MeasureSummary {
  id: string;
  title: string;
  field: string;
  scores: Record<string, number>;
  decision: Measure['decision'] | null;
  /** Score, rank and priority on its own side; null when that side cannot be scored. */
  state: RankState | null;
}

export interface MeasureChange {
  id: string;
  title: string;
  /** Set when the measure's file was renamed or moved. */
  file?: { from: string; to: string };
  changes: FieldChange[];
}

export interface RankState {
  score: number;
  rank: number;
  prioritized: boolean;
}

/**
 * Why a measure moved: its own `scores`, the `weights` (or threshold), its `field`, any
 * combination joined by `+`, or `others` when only other measures changed around it.
 */
export type Cause = string;

export interface RankingEntry {
  id: string;
  title: string;
  from: RankState;
  to: RankState;
  /** Under the new weights and threshold but with the old scores and field. */
  oldScoresNewWeights: RankState;
  moved: boolean;
  priorityChanged: boolean;
  cause: Cause | null;
}

export interface KeyedChange {
  id: string;
  changes: FieldChange[];
}

export interface MetricValueChange {
  period: string;
  from: unknown;
  to: unknown;
}

export interface MetricChange extends KeyedChange {
  values: { added: MetricValueChange[]; removed: MetricValueChange[]; changed: MetricValueChange[] };
}

export interface StrategyDiff {
  added: MeasureSummary[];
  removed: MeasureSummary[];
  changed: MeasureChange[];
  weights: { id: string; from: number | null; to: number | null }[];
  threshold: { from: number; to: number } | null;
  /** Every measure on both sides; null when either side has no valid Leitplanken or Handlungsfelder. */
  ranking: RankingEntry[] | null;
  metrics: { added: string[]; removed: string[]; changed: MetricChange[] };
  fields: { added: string[]; removed: string[]; changed: KeyedChange[] };
  strategy: FieldChange[];
  /** Measures left out of the ranking on a side because their file is invalid there. */
  unranked: UnrankedMeasure[];
}

export interface UnrankedMeasure {
  side: 'from' | 'to';
  /** null when not even the id could be read. */
  id: string | null;
  file: string;
}

const MEASURE_KEYS = [
  'title',
  'field',
  'description',
  'source',
  'current_state',
  'recommendation',
  'scores',
  'decision',
  'status',
  'owner',
] as const;

function compareKeys<T extends object>(from: T, to: T, keys: readonly (keyof T & string)[], prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const a = from[key] as unknown;
    const b = to[key] as unknown;
    if (isDeepStrictEqual(a, b)) continue;
    // Scores change one Leitplanke at a time: report each, not the whole map.
    if (key === 'scores' && a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const id of ids) {
        const x = (a as Record<string, unknown>)[id] ?? null;
        const y = (b as Record<string, unknown>)[id] ?? null;
        if (x !== y) changes.push({ path: `${prefix}scores.${id}`, from: x, to: y });
      }
      continue;
    }
    changes.push({ path: `${prefix}${key}`, from: a ?? null, to: b ?? null });
  }
  return changes;
}

const summary = (m: Measure, scored: Map<string, ScoredMeasure<LocatedMeasure>> | undefined): MeasureSummary => {
  const s = scored?.get(m.id);
  return {
    id: m.id,
    title: m.title,
    field: m.field,
    scores: m.scores,
    decision: m.decision ?? null,
    state: s === undefined ? null : state(s),
  };
};

function scoreSide(s: PartialStrategy): ScoredMeasure<LocatedMeasure>[] | undefined {
  // Only what has no errors is scored: partial data of an invalid file never becomes a rank.
  const parts = scorableParts(s);
  if (parts.strategy === undefined || parts.leitplanken === undefined) return undefined;
  return scoreMeasures({
    leitplanken: parts.leitplanken.leitplanken,
    threshold: parts.leitplanken.threshold,
    fields: parts.strategy.handlungsfelder,
    measures: parts.measures,
  });
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

function keyedDiff<T extends { id: string }>(
  from: readonly T[],
  to: readonly T[],
  keys: readonly (keyof T & string)[],
): { added: string[]; removed: string[]; changed: KeyedChange[] } {
  const a = byId(from);
  const b = byId(to);
  return {
    added: [...b.keys()].filter((id) => !a.has(id)),
    removed: [...a.keys()].filter((id) => !b.has(id)),
    changed: [...a.keys()]
      .filter((id) => b.has(id))
      .map((id) => ({ id, changes: compareKeys(a.get(id)!, b.get(id)!, keys) }))
      .filter((c) => c.changes.length > 0),
  };
}

function metricsDiff(from: readonly Metric[], to: readonly Metric[]): StrategyDiff['metrics'] {
  const base = keyedDiff(from, to, ['name', 'goal', 'kind', 'direction', 'states', 'currency', 'unit']);
  const a = byId(from);
  const b = byId(to);
  const changed: MetricChange[] = [];
  for (const id of [...a.keys()].filter((x) => b.has(x))) {
    const va = new Map(a.get(id)!.values.map((v) => [v.period, v.value]));
    const vb = new Map(b.get(id)!.values.map((v) => [v.period, v.value]));
    const values = {
      added: [...vb].filter(([p]) => !va.has(p)).map(([period, value]) => ({ period, from: null, to: value })),
      removed: [...va].filter(([p]) => !vb.has(p)).map(([period, value]) => ({ period, from: value, to: null })),
      changed: [...va]
        .filter(([p, v]) => vb.has(p) && !isDeepStrictEqual(v, vb.get(p)))
        .map(([period, value]) => ({ period, from: value, to: vb.get(period) })),
    };
    const changes = base.changed.find((c) => c.id === id)?.changes ?? [];
    if (changes.length > 0 || values.added.length + values.removed.length + values.changed.length > 0)
      changed.push({ id, changes, values });
  }
  return { added: base.added, removed: base.removed, changed };
}

type Scorable = Required<Pick<PartialStrategy, 'strategy' | 'leitplanken'>> & PartialStrategy;
const scorable = (s: PartialStrategy): s is Scorable => s.strategy !== undefined && s.leitplanken !== undefined;

function state(s: ScoredMeasure<LocatedMeasure>): RankState {
  return { score: s.score, rank: s.rank, prioritized: s.prioritized };
}

/** Rank a measure would have among the others of `to` with the given score. */
function rankAmong(
  sorted: readonly ScoredMeasure<LocatedMeasure>[],
  index: ReadonlyMap<string, number>,
  id: string,
  score: number,
): number {
  const ahead = (x: ScoredMeasure<LocatedMeasure>): boolean => x.score > score || (x.score === score && compareIds(x.measure.id, id) < 0);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ahead(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  const self = index.get(id);
  const selfAhead = self !== undefined && self < lo ? 1 : 0;
  return lo - selfAhead + 1;
}

function ranking(
  from: Scorable,
  to: Scorable,
  beforeList: ScoredMeasure<LocatedMeasure>[],
  afterList: ScoredMeasure<LocatedMeasure>[],
  weightsChanged: boolean,
): RankingEntry[] {
  const before = new Map(beforeList.map((x) => [x.measure.id, x]));
  const after = new Map(afterList.map((x) => [x.measure.id, x]));
  const index = new Map(afterList.map((x, i) => [x.measure.id, i]));
  const toWeights = weightsOf(to.leitplanken.leitplanken);
  const toOpen = prioritisableFields(to.strategy.handlungsfelder);
  const fromOpen = prioritisableFields(from.strategy.handlungsfelder);
  const entries: RankingEntry[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (a === undefined) continue;
    const cfScore = weightedScore(b.measure.scores, to.leitplanken.leitplanken, toWeights);
    const oldScoresNewWeights = {
      score: cfScore,
      rank: rankAmong(afterList, index, id, cfScore),
      prioritized: toOpen.has(b.measure.field) && reaches(cfScore, to.leitplanken.threshold),
    };
    const moved = b.score !== a.score || b.rank !== a.rank || b.prioritized !== a.prioritized;
    const reasons: string[] = [];
    if (moved) {
      if (!isDeepStrictEqual(b.measure.scores, a.measure.scores)) reasons.push('scores');
      if (
        weightsChanged &&
        (cfScore !== b.score || oldScoresNewWeights.prioritized !== b.prioritized || oldScoresNewWeights.rank !== b.rank)
      )
        reasons.push('weights');
      if (b.measure.field !== a.measure.field || fromOpen.has(b.measure.field) !== toOpen.has(a.measure.field)) reasons.push('field');
    }
    entries.push({
      id,
      title: a.measure.title,
      from: state(b),
      to: state(a),
      oldScoresNewWeights,
      moved,
      priorityChanged: b.prioritized !== a.prioritized,
      cause: moved ? (reasons.length > 0 ? reasons.join('+') : 'others') : null,
    });
  }
  return entries.sort((x, y) => x.to.rank - y.to.rank);
}

/** Everything that differs between two versions of a strategy. Pure: no git, no files. */
export function diffStrategies(from: PartialStrategy, to: PartialStrategy): StrategyDiff {
  const a = byId(from.measures);
  const b = byId(to.measures);
  const changed: MeasureChange[] = [];
  for (const [id, m] of a) {
    const n = b.get(id);
    if (n === undefined) continue;
    const changes = compareKeys<Measure>(m, n, MEASURE_KEYS);
    const renamed = m.origin.relative !== n.origin.relative ? { file: { from: m.origin.relative, to: n.origin.relative } } : {};
    if (changes.length > 0 || 'file' in renamed) changed.push({ id, title: n.title, ...renamed, changes });
  }
  const la = from.leitplanken;
  const lb = to.leitplanken;
  const weightIds = [...new Set([...(la?.leitplanken ?? []).map((l) => l.id), ...(lb?.leitplanken ?? []).map((l) => l.id)])];
  const weights =
    la === undefined || lb === undefined
      ? []
      : weightIds
          .map((id) => ({
            id,
            from: la.leitplanken.find((l) => l.id === id)?.weight ?? null,
            to: lb.leitplanken.find((l) => l.id === id)?.weight ?? null,
          }))
          .filter((w) => w.from !== w.to);
  const threshold = la !== undefined && lb !== undefined && la.threshold !== lb.threshold ? { from: la.threshold, to: lb.threshold } : null;
  // A measure whose file is invalid on the other side is neither added nor removed: it is unranked there.
  const invalidIn = (side: PartialStrategy): ((m: LocatedMeasure) => boolean) => {
    const files = new Set(side.invalidFiles.map((f) => f.relative));
    const ids = new Set(side.invalidFiles.flatMap((f) => f.id ?? []));
    return (m) => files.has(m.origin.relative) || ids.has(m.id);
  };
  const invalidInFrom = invalidIn(from);
  const invalidInTo = invalidIn(to);
  const fieldKeys: (keyof Handlungsfeld & string)[] = ['number', 'name', 'description', 'prioritized'];
  const scoredFrom = scoreSide(from);
  const scoredTo = scoreSide(to);
  const mapOf = (list: ScoredMeasure<LocatedMeasure>[] | undefined) =>
    list === undefined ? undefined : new Map(list.map((x) => [x.measure.id, x]));
  return {
    added: to.measures.filter((m) => !a.has(m.id) && !invalidInFrom(m)).map((m) => summary(m, mapOf(scoredTo))),
    removed: from.measures.filter((m) => !b.has(m.id) && !invalidInTo(m)).map((m) => summary(m, mapOf(scoredFrom))),
    changed: changed.sort((x, y) => compareIds(x.id, y.id)),
    weights,
    threshold,
    ranking:
      scorable(from) && scorable(to) && scoredFrom !== undefined && scoredTo !== undefined
        ? ranking(from, to, scoredFrom, scoredTo, weights.length > 0 || threshold !== null)
        : null,
    metrics: metricsDiff(from.metrics?.metrics ?? [], to.metrics?.metrics ?? []),
    fields: keyedDiff(from.strategy?.handlungsfelder ?? [], to.strategy?.handlungsfelder ?? [], fieldKeys),
    strategy:
      from.strategy === undefined || to.strategy === undefined
        ? []
        : compareKeys(from.strategy, to.strategy, ['title', 'organisation', 'version', 'date', 'language', 'adoption', 'review']),
    unranked: [
      ...scorableParts(from).unranked.map((u) => ({ side: 'from' as const, ...u })),
      ...scorableParts(to).unranked.map((u) => ({ side: 'to' as const, ...u })),
    ],
  };
}
