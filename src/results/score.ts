import type { Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import type { ScoredMeasure } from '../scoring/score.js';
import type { Sensitivity } from '../scoring/sensitivity.js';

export interface ScoreReport {
  leitplanken: readonly Leitplanke[];
  weights: Readonly<Record<string, number>>;
  threshold: number;
  fields: readonly Handlungsfeld[];
  /** Number of measures in the strategy, before filters. */
  total: number;
  /** The measures to show, filtered and in display order. */
  measures: readonly ScoredMeasure<Measure>[];
  /** With --excel: the CSV is written for German Excel (BOM, `;`, decimal comma). */
  excel?: boolean;
  /** With --sensitivity, over all measures of the strategy. */
  sensitivity?: Sensitivity;
}
