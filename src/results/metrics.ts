import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import type { Strategy } from '../model/types.js';
import type { MetricTrend } from '../scoring/metric-trend.js';

export interface MetricsListResult {
  strategy: Strategy;
  trends: Map<string, MetricTrend>;
  language: Lang;
  exitCode: ExitCode;
}
