import type { Handlungsfeld, Measure, MeasureStatus } from '../model/types.js';

export type StatusKey = MeasureStatus | 'none';
export const statusKeys: readonly StatusKey[] = ['proposed', 'planned', 'in_progress', 'done', 'dropped', 'none'];

/** Measures per Handlungsfeld and status ('none' for measures without one). */
export function statusCounts(
  fields: readonly Handlungsfeld[],
  measures: readonly Pick<Measure, 'field' | 'status'>[],
): Record<string, Record<StatusKey, number>> {
  const counts: Record<string, Record<StatusKey, number>> = {};
  for (const f of fields) counts[f.id] = Object.fromEntries(statusKeys.map((x) => [x, 0])) as Record<StatusKey, number>;
  for (const m of measures) {
    const row = counts[m.field];
    if (row !== undefined) row[m.status ?? 'none']++;
  }
  return counts;
}
