import type { LocatedMeasure, Strategy } from '../../model/types.js';
import type { DiffResult } from '../../results/diff.js';
import type { ReviewReport } from '../../results/review.js';
import type { MetricTrend } from '../../scoring/metric-trend.js';
import type { RequirementState } from '../../scoring/requirements.js';
import type { Roadmap } from '../../scoring/roadmap.js';
import type { ScoredMeasure } from '../../scoring/score.js';
import type { Sensitivity } from '../../scoring/sensitivity.js';

/** Everything a report shows, computed before rendering. */
export interface ReportData {
  strategy: Strategy;
  /** All measures in rank order. */
  scored: ScoredMeasure<LocatedMeasure>[];
  sensitivity: Sensitivity;
  trends: Map<string, MetricTrend>;
  /** The day deadlines and computed metrics are judged on: --date, else the strategy's date (reproducible). */
  judgedOn: string;
  /** requirements.yaml judged on `judgedOn`; empty without a register. */
  requirements: RequirementState[];
  roadmap: Roadmap;
  /** Printed as "Stand" only when given: without it the output is byte-identical for the same input. */
  date?: string;
  /** With --since: the very result of `itstrat diff REF` (from REF to the working tree). */
  changes?: Omit<DiffResult, 'failed' | 'exitCode'>;
  /** The annual review of the latest year with assessments, as `itstrat review <year>` shows it. */
  review?: ReviewReport;
}
