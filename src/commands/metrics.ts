import { join } from 'node:path';
import { isMap, isSeq, Scalar, type Document, type YAMLMap } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { parseMetricValue } from '../model/metric-values.js';
import { suggest } from '../model/suggest.js';
import type { Metric, MetricsFile, MetricValue, Strategy } from '../model/types.js';
import { metricTrend, type MetricTrend } from '../scoring/metric-trend.js';
import { withStrategyLock } from '../write/strategy-lock.js';
import { updateYamlFile } from '../write/update-yaml-file.js';
import { calendarOption } from './date-option.js';
import { loadStrategy } from './load-strategy.js';

export interface MetricsListResult {
  strategy: Strategy;
  trends: Map<string, MetricTrend>;
  exitCode: ExitCode;
}

export function listMetrics(options: { dir: string }): MetricsListResult {
  const strategy = loadStrategy(options.dir);
  return { strategy, trends: new Map(strategy.metrics.metrics.map((m) => [m.id, metricTrend(m)])), exitCode: ExitCode.Ok };
}

export interface RecordOptions {
  dir: string;
  id: string;
  period: string;
  value: string;
  note?: string;
  replace?: boolean;
}

export interface RecordResult {
  path: string;
  language: 'de' | 'en';
  replaced: boolean;
  value: MetricValue;
  exitCode: ExitCode;
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

/** Under the strategy lock: a concurrent writer can neither slip in between read and write nor be lost. */
export function recordMetric(options: RecordOptions): RecordResult {
  return withStrategyLock(options.dir, () => recordLocked(options));
}

function recordLocked(options: RecordOptions): RecordResult {
  const strategy = loadStrategy(options.dir);
  const metrics = strategy.metrics.metrics;
  const index = metrics.findIndex((m) => m.id === options.id);
  if (index === -1) throw new CliError(`unknown metric ${options.id}${similar(options.id, metrics.map((m) => m.id))}`);
  const metric = metrics[index]!;
  calendarOption('--period', options.period, 'period');
  let value: MetricValue;
  try {
    value = parseMetricValue(metric, options.value);
  } catch (error) {
    throw new CliError(`--value: ${(error as Error).message}`);
  }
  const existing = metric.values.findIndex((v) => v.period === options.period);
  if (existing !== -1 && options.replace !== true) {
    throw new CliError(`${metric.id} already has a value for ${options.period} (${JSON.stringify(metric.values[existing]!.value)}); use --replace to overwrite it`);
  }
  const entry = { period: options.period, value, ...(options.note !== undefined ? { note: options.note } : {}) };
  const path = join(options.dir, 'metrics.yaml');
  updateYamlFile(path, {
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
  }, undefined, { folder: options.dir });
  return { path, language: strategy.strategy.language, replaced: existing !== -1, value, exitCode: ExitCode.Ok };
}
