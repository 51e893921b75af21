import type { Metric, MetricValue } from '../model/types.js';

export type Arrow = '↑' | '↓' | '→';

export interface MetricTrend {
  latest: { period: string; value: MetricValue } | null;
  previous: { period: string; value: MetricValue } | null;
  arrow: Arrow | null;
  /** Whether the movement is the preferred one; null without movement, direction or comparable values. */
  good: boolean | null;
}

/** Periods in their natural order: 2019 < 2019-H1 < 2019-Q1 < 2019-03 < 2019-03-31 sorts by time first. */
function periodStart(period: string): string {
  const [year, rest] = [period.slice(0, 4), period.slice(5)];
  if (rest === '') return `${year}-01-01`;
  if (rest.startsWith('Q')) return `${year}-${String((Number(rest.slice(1)) - 1) * 3 + 1).padStart(2, '0')}-01`;
  if (rest.startsWith('H')) return `${year}-${rest === 'H1' ? '01' : '07'}-01`;
  return rest.length === 2 ? `${year}-${rest}-01` : `${year}-${rest}`;
}

export function sortedValues(metric: Metric): Metric['values'] {
  return [...metric.values].sort((a, b) =>
    periodStart(a.period) < periodStart(b.period) ? -1 : periodStart(a.period) > periodStart(b.period) ? 1 : a.period < b.period ? -1 : 1,
  );
}

/** A number to compare values of one metric by; status by position in its states, lists by length. */
function magnitude(metric: Metric, value: MetricValue): number | null {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.length;
  if (metric.kind === 'status') {
    const i = (metric.states ?? []).indexOf(value);
    return i === -1 ? null : i;
  }
  return null;
}

export function metricTrend(metric: Metric): MetricTrend {
  const values = sortedValues(metric);
  const latest = values.at(-1) ?? null;
  const previous = values.at(-2) ?? null;
  if (latest === null || previous === null) return { latest, previous, arrow: null, good: null };
  const a = magnitude(metric, previous.value);
  const b = magnitude(metric, latest.value);
  if (a === null || b === null) return { latest, previous, arrow: null, good: null };
  const arrow: Arrow = b > a ? '↑' : b < a ? '↓' : '→';
  const good = arrow === '→' || metric.direction === 'neutral' ? null : (arrow === '↑') === (metric.direction === 'up');
  return { latest, previous, arrow, good };
}
