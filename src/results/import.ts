import type { ColumnRole } from '../model/import-columns.js';
import type { Finding } from '../model/finding.js';

export interface ImportedMeasure {
  id: string;
  title: string;
  /** The row of the sheet it came from. */
  row: number;
  /** The measure file (new or existing). */
  file: string;
  /** For an update: the keys that change (`title`, `scores.security`). */
  changed?: string[];
}

export interface AbsentMeasure {
  id: string;
  title: string;
  file: string;
}

export interface SkippedRow {
  row: number;
  id?: string;
  reasons: string[];
}

export interface ImportColumn {
  /** Letter (xlsx) or field number (CSV). */
  column: string;
  header: string;
  role: ColumnRole;
}

export interface ImportReport {
  file: string;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  headerRow: number;
  columns: ImportColumn[];
  created: ImportedMeasure[];
  updated: ImportedMeasure[];
  unchanged: ImportedMeasure[];
  absent: AbsentMeasure[];
  skipped: SkippedRow[];
  findings: Finding[];
  /** Whether the plan is complete: no invalid row, or --skip-invalid. */
  valid: boolean;
  /** The rows that are invalid when nothing is written. */
  invalidRows: number;
  /** Only for a workbook with a Leitplanken or Handlungsfelder sheet (export's). */
  settings?: SettingsReport;
}

/** What a workbook from export changes besides the measures: weights, threshold, Handlungsfelder. */
export interface SettingsReport {
  /** The sheets read (absent when the workbook has none such). */
  leitplankenSheet?: string;
  fieldsSheet?: string;
  /** leitplanken.yaml and strategy.yaml, when they change. */
  files: string[];
  threshold?: { from: number; to: number };
  /** Changed weights only. */
  weights: { id: string; from: number; to: number }[];
  fields: {
    created: { id: string; number: number; name: string; prioritized: boolean; row: number }[];
    /** `from`: the old id of an unused field the sheet renames (matched by its number). */
    updated: { id: string; from?: string; row: number; changed: string[] }[];
    /** In strategy.yaml but not in the sheet: kept, never deleted. */
    absent: { id: string; name: string }[];
    /** init --import only: the template's Handlungsfelder the list has no use for, left out of the new strategy. */
    removed?: { id: string; name: string }[];
  };
}
