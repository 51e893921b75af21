// The plan over time: measures with dates per Handlungsfeld, requirement deadlines as milestones,
// and the proposal of an order for the prioritised measures (`roadmap --propose`).
import { topologicalOrder } from '../model/dependencies.js';
import { compareIds } from '../model/ids.js';
import type { MeasureStatus, Strategy } from '../model/types.js';
import { requirementStates } from './requirements.js';
import { displayScore, scoreMeasures } from './score.js';

export interface RoadmapItem {
  id: string;
  title: string;
  status: MeasureStatus | null;
  fachbereich: string | null;
  start: string | null;
  due: string | null;
  depends_on: string[];
}

export interface Milestone {
  id: string;
  name: string;
  /** The deadline as written (a period) and its last day. */
  deadline: string;
  day: string;
  mandatory: boolean;
  done: boolean;
  overdue: boolean;
}

export interface Roadmap {
  today: string;
  /** Every Handlungsfeld, in the strategy's order, with its dated measures (by start, then due, then id). */
  fields: { id: string; name: string; items: RoadmapItem[] }[];
  /** Ids of measures with neither start nor due. */
  undated: string[];
  milestones: Milestone[];
  /** First and last day on the timeline (dates, deadlines, today); null when nothing is dated. */
  span: { from: string; to: string } | null;
}

const earlier = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

export function buildRoadmap(strategy: Pick<Strategy, 'strategy' | 'measures' | 'requirements'>, today: string): Roadmap {
  const dated = strategy.measures.filter((m) => m.start !== undefined || m.due !== undefined);
  const item = (m: Strategy['measures'][number]): RoadmapItem => ({
    id: m.id,
    title: m.title,
    status: m.status ?? null,
    fachbereich: m.fachbereich ?? null,
    start: m.start ?? null,
    due: m.due ?? null,
    depends_on: [...(m.depends_on ?? [])],
  });
  const fields = strategy.strategy.handlungsfelder.map((f) => ({
    id: f.id,
    name: f.name,
    items: dated
      .filter((m) => m.field === f.id)
      .map(item)
      .sort((a, b) => earlier(a.start ?? a.due, b.start ?? b.due) || earlier(a.due, b.due) || compareIds(a.id, b.id)),
  }));
  const milestones = requirementStates(strategy.requirements, strategy.measures, today)
    .filter((r) => r.deadline !== null)
    .map((r) => ({
      id: r.id,
      name: r.name,
      deadline: r.deadline!,
      day: r.deadlineDay!,
      mandatory: r.mandatory,
      done: r.done,
      overdue: r.overdue,
    }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const days = [...dated.flatMap((m) => [m.start, m.due].filter((d): d is string => d !== undefined)), ...milestones.map((x) => x.day)];
  const span = days.length === 0 ? null : { from: [...days, today].sort()[0]!, to: [...days, today].sort().at(-1)! };
  return {
    today,
    fields,
    undated: strategy.measures
      .filter((m) => m.start === undefined && m.due === undefined)
      .map((m) => m.id)
      .sort(compareIds),
    milestones,
    span,
  };
}

export interface ProposedStep {
  position: number;
  id: string;
  title: string;
  field: string;
  prioritized: boolean;
  score: number;
  depends_on: string[];
}

export interface Proposal {
  steps: ProposedStep[];
  /** Prioritised measures on a dependency cycle: no order satisfies them. */
  blocked: string[];
  /** Dependencies outside the proposal (not prioritised): named, since they must come first anyway. */
  outside: { id: string; on: string }[];
}

/**
 * The prioritised measures (by computed priority; by their decision where the weights would not
 * prioritise them) in an order where each comes after what it depends on; among those free to come
 * next, computed priority first, then the higher weighted score, then the lower id.
 */
export function proposeOrder(strategy: Pick<Strategy, 'strategy' | 'leitplanken' | 'measures'>): Proposal {
  const scored = scoreMeasures({
    leitplanken: strategy.leitplanken.leitplanken,
    threshold: strategy.leitplanken.threshold,
    fields: strategy.strategy.handlungsfelder,
    measures: strategy.measures,
  });
  const chosen = scored.filter((s) => s.prioritized || s.measure.decision === 'prioritized');
  const byId = new Map(chosen.map((s) => [s.measure.id, s]));
  const nodes = chosen.map((s) => ({ id: s.measure.id, depends_on: (s.measure.depends_on ?? []).filter((d) => byId.has(d)) }));
  const before = (a: string, b: string): number => {
    const x = byId.get(a)!;
    const y = byId.get(b)!;
    return Number(y.prioritized) - Number(x.prioritized) || y.score - x.score || compareIds(a, b);
  };
  const { order, blocked } = topologicalOrder(nodes, before);
  return {
    steps: order.map((id, i) => {
      const s = byId.get(id)!;
      return {
        position: i + 1,
        id,
        title: s.measure.title,
        field: s.measure.field,
        prioritized: s.prioritized,
        score: displayScore(s.score),
        depends_on: [...(s.measure.depends_on ?? [])],
      };
    }),
    blocked,
    outside: chosen.flatMap((s) => (s.measure.depends_on ?? []).filter((d) => !byId.has(d)).map((d) => ({ id: s.measure.id, on: d }))),
  };
}
