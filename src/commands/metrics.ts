import { isMap, isSeq, Scalar, type Document, type YAMLMap } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { parseMetricValue } from '../model/metric-values.js';
import { suggest } from '../model/suggest.js';
import type { Metric, MetricsFile, MetricValue } from '../model/types.js';
import { metricTrend } from '../scoring/metric-trend.js';
import { computedSeries } from '../scoring/requirements.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import type { FormatContext, ReadingCommand, WritingCommand, WritingResult } from '../command-kit/command.js';
import { planStrategyEdit } from '../command-kit/plan-yaml.js';
import type { Workspace } from '../command-kit/workspace.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, metricsFormats, type MessageFormat, type MetricsFormat } from '../render/formats.js';
import { metricsFormatters } from '../render/render-metrics.js';
import type { MetricsListResult } from '../results/metrics.js';

export interface MetricsOptions {
  /** The day the computed metrics are computed for, YYYY-MM-DD; default today. */
  today?: string;
}

/** YYYY-MM-DD of the local calendar's today, as `status` counts it (in UTC). */
const todayUtc = (): string => new Date().toISOString().slice(0, 10);

export function listMetrics(options: MetricsOptions, workspace: Workspace): MetricsListResult {
  const loaded = workspace.strategy();
  const today = options.today === undefined ? todayUtc() : calendarOption('--today', options.today, 'date');
  // A computed metric shows its series: its value at the end of each period measured, and today.
  const strategy = {
    ...loaded,
    metrics: {
      ...loaded.metrics,
      metrics: loaded.metrics.metrics.map((m) => (m.computed === undefined ? m : computedSeries(m, loaded, today))),
    },
  };
  return {
    strategy,
    trends: new Map(strategy.metrics.metrics.map((m) => [m.id, metricTrend(m)])),
    language: workspace.lang ?? strategy.strategy.language,
    exitCode: ExitCode.Ok,
  };
}

export const metricsCommand = {
  kind: 'read',
  spec: {
    path: ['metrics'],
    description: 'every Messgröße with its goal, latest value and trend; record new values with "metrics record"',
    formats: metricsFormats,
    options: [{ flags: '--today <date>', description: 'compute the computed metrics for this day instead of today (YYYY-MM-DD)' }],
    help: '\nA computed metric (computed: open_requirements) is never recorded: its values are computed from\nrequirements.yaml at the end of every period another metric has a value for, and for --today.',
  },
  run: listMetrics,
  formatters: metricsFormatters,
} satisfies ReadingCommand<MetricsOptions, MetricsListResult, MetricsFormat>;

export interface RecordOptions {
  id: string;
  period: string;
  value: string;
  note?: string;
  replace?: boolean;
}

export interface RecordResult extends WritingResult {
  id: string;
  period: string;
  path: string;
  replaced: boolean;
  value: MetricValue;
}

function similar(id: string, ids: readonly string[]): string {
  const close = suggest(id, ids);
  const sharing = ids.filter((x) => x !== close && x.split('-').some((part) => part.length > 2 && id.includes(part)));
  const list = [...(close !== undefined ? [close] : []), ...sharing].slice(0, 3);
  return list.length > 0 ? ` — did you mean ${list.join(', ')}?` : ` (known: ${ids.join(', ')})`;
}

function quoted(text: string): Scalar {
  const s = new Scalar(text);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

export function recordMetric(options: RecordOptions, workspace: Workspace): RecordResult {
  const strategy = workspace.strategy();
  const metrics = strategy.metrics.metrics;
  const index = metrics.findIndex((m) => m.id === options.id);
  if (index === -1)
    throw new CliError(
      `unknown metric ${options.id}${similar(
        options.id,
        metrics.map((m) => m.id),
      )}`,
    );
  const metric = metrics[index]!;
  if (metric.computed !== undefined)
    throw new CliError(
      `${metric.id} is computed from requirements.yaml (${metric.computed}), never recorded: itstrat metrics shows its values; change requirements.yaml or the measures' status instead`,
    );
  calendarOption('--period', options.period, 'period');
  let value: MetricValue;
  try {
    value = parseMetricValue(metric, options.value);
  } catch (error) {
    throw new CliError(`--value: ${(error as Error).message}`);
  }
  const existing = metric.values.findIndex((v) => v.period === options.period);
  if (existing !== -1 && options.replace !== true) {
    throw new CliError(
      `${metric.id} already has a value for ${options.period} (${JSON.stringify(metric.values[existing]!.value)}); use --replace to overwrite it`,
    );
  }
  const entry = { period: options.period, value, ...(options.note !== undefined ? { note: options.note } : {}) };
  const path = workspace.path('metrics');
  const edit = planStrategyEdit(workspace, 'metrics.yaml', {
    edit: (doc: Document) => {
      const item = doc.getIn(['metrics', index], true);
      if (!isMap(item)) throw new CliError(`${path}: metric ${metric.id} is not a mapping`);
      const values: unknown = item.get('values', true);
      if (!isSeq(values)) throw new CliError(`${path}: values of ${metric.id} is not a list`);
      // A flow list grows unreadable; one value per line keeps diffs of the yearly review small.
      values.flow = false;
      const node = doc.createNode(entry) as YAMLMap;
      node.flow = true;
      node.set('period', quoted(options.period));
      if (existing !== -1) values.items[existing] = node;
      else values.items.push(node);
    },
    expected: (before) => {
      const data = structuredClone(before) as MetricsFile;
      const values = data.metrics[index]!.values;
      if (existing !== -1) values[existing] = entry as Metric['values'][number];
      else values.push(entry as Metric['values'][number]);
      return data;
    },
  });
  return {
    id: metric.id,
    period: options.period,
    path,
    replaced: existing !== -1,
    value,
    edits: [edit],
    language: workspace.lang ?? strategy.strategy.language,
    exitCode: ExitCode.Ok,
  };
}

export const recordMetricCommand = {
  kind: 'write',
  spec: {
    path: ['metrics', 'record'],
    description: "append a dated value to a metric, checked against the metric's kind",
    arguments: [{ key: 'id', name: '<id>', description: 'the metric id, e.g. it-costs', complete: 'metrics' }],
    formats: messageFormats,
    options: [
      { flags: '--period <period>', description: 'YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD', required: true },
      {
        flags: '--value <value>',
        description:
          'German or English notation (1,8 or 1.8; 1.234 is ambiguous and refused) · count: 12 · ratio: 1,8 · percent: 45,5 · money: 1.250.000,50 [EUR] · status: one of its states · list: a; b; c',
        required: true,
      },
      { flags: '--note <text>', description: 'a note on the value' },
      { flags: '--replace', description: 'replace an existing value for the same period' },
    ],
  },
  run: recordMetric,
  formatters: guardFormatters(formatMedium, {
    text: (r: RecordResult, ctx: FormatContext) =>
      `${(r.replaced ? ctx.messages.metrics.replaced : ctx.messages.metrics.recorded)(r.id, r.period, r.path)}\n`,
  }),
} satisfies WritingCommand<RecordOptions, RecordResult, MessageFormat>;
