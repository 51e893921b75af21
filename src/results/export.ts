import type { Handlungsfeld, Leitplanke, Measure } from '../model/types.js';
import type { ScoredMeasure } from '../scoring/score.js';

/** What `export` hands its formatters: the strategy's scoring inputs and every measure, scored. */
export interface ExportReport {
  title: string;
  leitplanken: readonly Leitplanke[];
  weights: Readonly<Record<string, number>>;
  threshold: number;
  fields: readonly Handlungsfeld[];
  /**
   * Every measure, in natural id order (1.2 before 1.10): the order the rank breaks ties in, so a
   * spreadsheet rank that counts the equal scores above a row gives the tool's rank.
   */
  measures: readonly ScoredMeasure<Measure>[];
}
