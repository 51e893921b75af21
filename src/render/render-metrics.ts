import { formatMedium, type MetricsFormat } from './formats.js';
import { guardFormatters, jsonDocument } from './escape.js';
import type { MetricsListResult } from '../results/metrics.js';
import type { Metric, MetricValue } from '../model/types.js';
import { toTerminal } from './document.js';
import type { RenderContext } from './render-context.js';
import type { Messages } from '../i18n/messages.js';

export type MetricsFormatter = (result: MetricsListResult, context: RenderContext) => string;

/** A metric value for a person: numbers in the language's notation (`14.100.000,00 EUR`, `57,5 %`). */
export function formatMetricValue(metric: Pick<Metric, 'kind' | 'currency' | 'unit'>, value: MetricValue, m: Messages): string {
  if (Array.isArray(value)) return value.length === 0 ? '–' : value.join('; ');
  if (typeof value !== 'number') return `${value}${metric.unit !== undefined ? ` ${metric.unit}` : ''}`;
  if (metric.kind === 'money') return m.numbers.money(value, metric.currency);
  if (metric.kind === 'percent') return m.numbers.percent(value);
  return `${m.numbers.number(value)}${metric.unit !== undefined ? ` ${metric.unit}` : ''}`;
}

function table(result: MetricsListResult, { chalk, messages: m, width }: RenderContext): string {
  const s = result.strategy;
  const goalName = (id: string) =>
    s.leitplanken.leitplanken.find((l) => l.id === id)?.short ?? s.metrics.goals?.find((g) => g.id === id)?.name ?? id;
  const rows = s.metrics.metrics.map((x) => {
    const t = result.trends.get(x.id)!;
    const trend = t.arrow === null ? '–' : `${t.arrow}${t.good === null ? '' : ` ${t.good ? m.report.good : m.report.bad}`}`;
    return [
      x.id,
      x.name,
      goalName(x.goal),
      x.computed === undefined ? (m.report.kinds[x.kind] ?? x.kind) : `${m.report.kinds[x.kind] ?? x.kind} (${m.requirements.computed})`,
      t.latest === null ? m.metrics.noValues : formatMetricValue(x, t.latest.value, m),
      t.latest?.period ?? '–',
      trend,
    ];
  });
  if (rows.length === 0) return `${m.metrics.none}\n`;
  return toTerminal(
    [
      {
        kind: 'table',
        head: ['Id', m.report.metric, m.metrics.goal, m.report.kind, m.report.latest, m.report.period, m.report.trend],
        rows,
        // On a narrow terminal the kind goes first, then the goal, then period and trend; name and value wrap.
        fit: {
          1: { min: 24 },
          2: { min: 10, drop: 2 },
          3: { wrap: false, drop: 1 },
          4: { min: 10 },
          5: { wrap: false, drop: 3 },
          6: { wrap: false, drop: 3 },
        },
      },
    ],
    { chalk, width },
  );
}

function json(result: MetricsListResult): string {
  return jsonDocument({
    metrics: result.strategy.metrics.metrics.map((x) => {
      const t = result.trends.get(x.id)!;
      return {
        id: x.id,
        name: x.name,
        goal: x.goal,
        kind: x.kind,
        direction: x.direction,
        computed: x.computed ?? null,
        values: x.values.map((v) => ({ period: v.period, value: v.value, ...(v.note !== undefined ? { note: v.note } : {}) })),
        latest: t.latest,
        trend: t.arrow === null ? null : { arrow: t.arrow, good: t.good },
      };
    }),
  });
}

export const metricsFormatters = guardFormatters(formatMedium, { table, json } satisfies Record<MetricsFormat, MetricsFormatter>);
