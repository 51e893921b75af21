// The register of requirements judged on a day: which are open (the computed metric of Anhang IV)
// and which mandatory ones are past their deadline with serving measures not done (status, report).
import { daysInMonth } from '../model/calendar-date.js';
import { compareIds } from '../model/ids.js';
import type { Measure, MeasureStatus, Metric, Requirement, Strategy } from '../model/types.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const lastDay = (year: number, month: number): number => daysInMonth(year, month);

/** The first and the last day (YYYY-MM-DD) of a period: 2022-06 runs from 2022-06-01 to 2022-06-30. */
export function periodBounds(period: string): { first: string; last: string } {
  const year = Number(period.slice(0, 4));
  const rest = period.slice(5);
  const y = pad(year, 4);
  const months = (from: number, to: number) => ({ first: `${y}-${pad(from)}-01`, last: `${y}-${pad(to)}-${pad(lastDay(year, to))}` });
  if (rest === '') return months(1, 12);
  if (rest.startsWith('Q')) {
    const q = Number(rest.slice(1));
    return months(q * 3 - 2, q * 3);
  }
  if (rest.startsWith('H')) return rest === 'H1' ? months(1, 6) : months(7, 12);
  if (rest.length === 2) return months(Number(rest), Number(rest));
  return { first: period, last: period };
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
function yearsLater(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years;
  const month = Number(day.slice(5, 7));
  const d = Math.min(Number(day.slice(8, 10)), lastDay(year, month));
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

/** How far ahead "in force" looks: Anhang IV counts what comes into force "in den nächsten zwei Jahren". */
export const IN_FORCE_HORIZON_YEARS = 2;

export interface RequirementState {
  id: string;
  name: string;
  kind: Requirement['kind'];
  mandatory: boolean;
  deadline: string | null;
  /** The deadline's last day, when there is one. */
  deadlineDay: string | null;
  /** In force on the day, or coming into force within two years (no date known: in force). */
  inForce: boolean;
  /** Every serving measure is done (false when no measure serves it). */
  done: boolean;
  /**
   * Open: mandatory, in force (or within two years), and not every serving measure done — the
   * "noch nicht vollständig umgesetzten, regulatorischen Anforderungen" of Anhang IV.
   */
  open: boolean;
  /** Mandatory, the deadline's last day before the day, and not every serving measure done. */
  overdue: boolean;
  measures: { id: string; title: string | null; status: MeasureStatus | null }[];
}

/**
 * Each requirement as it stands on `day` (YYYY-MM-DD). Measures are judged by their status as the
 * strategy records it: a past day with the data of today, unless the caller loaded an older revision.
 */
export function requirementStates(requirements: readonly Requirement[], measures: readonly Measure[], day: string): RequirementState[] {
  const byId = new Map(measures.map((m) => [m.id, m]));
  const horizon = yearsLater(day, IN_FORCE_HORIZON_YEARS);
  return requirements.map((r) => {
    const serving = [...r.measures].sort(compareIds).map((id) => {
      const m = byId.get(id);
      return { id, title: m?.title ?? null, status: m?.status ?? null };
    });
    const done = serving.length > 0 && serving.every((m) => m.status === 'done');
    const since = r.source?.date;
    const inForce = since === undefined || periodBounds(since).first <= horizon;
    const deadlineDay = r.deadline === undefined ? null : periodBounds(r.deadline).last;
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      mandatory: r.mandatory,
      deadline: r.deadline ?? null,
      deadlineDay,
      inForce,
      done,
      open: r.mandatory && inForce && !done,
      overdue: r.mandatory && deadlineDay !== null && deadlineDay < day && !done,
      measures: serving,
    };
  });
}

/** The value of a computed metric on a day: the names of the open requirements, in register order. */
export function computedValue(metric: Metric, strategy: Pick<Strategy, 'requirements' | 'measures'>, day: string): string[] {
  switch (metric.computed) {
    case 'open_requirements':
    case undefined:
      return requirementStates(strategy.requirements, strategy.measures, day)
        .filter((r) => r.open)
        .map((r) => r.name);
  }
}

/**
 * A computed metric as a series: one value at the end of every period another metric has a value
 * for (the dates the administration measured on), and one for `today`.
 */
export function computedSeries(metric: Metric, strategy: Pick<Strategy, 'requirements' | 'measures' | 'metrics'>, today: string): Metric {
  const periods = new Set(strategy.metrics.metrics.filter((m) => m.computed === undefined).flatMap((m) => m.values.map((v) => v.period)));
  const days = new Set([...periods].map((p) => periodBounds(p).last).filter((d) => d <= today));
  days.add(today);
  return {
    ...metric,
    values: [...days].sort().map((d) => ({ period: d, value: computedValue(metric, strategy, d) })),
  };
}
