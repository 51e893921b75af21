// The format names of every command, apart from their formatters so the CLI can offer them
// without loading any renderer. Each renderer's `satisfies Record<Format, Formatter>` makes sure
// a name listed here cannot lack its formatter.
import type { OutputMedium } from './escape.js';

export const findingsFormats = ['text', 'json', 'github', 'junit'] as const;
export type FindingsFormat = (typeof findingsFormats)[number];

export const scoreFormats = ['table', 'json', 'csv', 'markdown'] as const;
export type ScoreFormat = (typeof scoreFormats)[number];

export const calibrationFormats = ['table', 'json'] as const;
export type CalibrationFormat = (typeof calibrationFormats)[number];

export const diffFormats = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof diffFormats)[number];

export const historyFormats = ['table', 'json'] as const;
export type HistoryFormat = (typeof historyFormats)[number];

export const statusFormats = ['table', 'json'] as const;
export type StatusFormat = (typeof statusFormats)[number];

export const metricsFormats = ['table', 'json'] as const;
export type MetricsFormat = (typeof metricsFormats)[number];

/** Writing commands say in one line what they did. */
export const messageFormats = ['text'] as const;
export type MessageFormat = (typeof messageFormats)[number];

/** `pdf` is the HTML page printed by Chromium: a binary file, so --out FILE only. */
export const reportFormats = ['markdown', 'html', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** `xlsx` is a binary file (no text medium, never guarded as text); `json` the same rows as data. */
export const exportFormats = ['xlsx', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * The medium each format writes, whichever command: its escaping and its output guard
 * (src/render/escape.ts). A format missing here does not compile where it is guarded.
 */
export const formatMedium = {
  text: 'terminal',
  table: 'terminal',
  json: 'json',
  github: 'github',
  junit: 'xml',
  csv: 'csv',
  markdown: 'markdown',
  html: 'html',
} as const satisfies Record<
  | FindingsFormat
  | ScoreFormat
  | CalibrationFormat
  | DiffFormat
  | HistoryFormat
  | StatusFormat
  | MetricsFormat
  | Exclude<ReportFormat, 'pdf'>,
  OutputMedium
>;

export const roadmapFormats = ['table', 'json', 'markdown'] as const;
export type RoadmapFormat = (typeof roadmapFormats)[number];

export const importFormats = ['table', 'json'] as const;
export type ImportFormat = (typeof importFormats)[number];

export const reviewFormats = ['table', 'json', 'markdown'] as const;
export type ReviewFormat = (typeof reviewFormats)[number];

/** review new: the assessment file in the strategy (text says where), or a workbook for --out. */
export const reviewNewFormats = ['text', 'xlsx'] as const;
export type ReviewNewFormat = (typeof reviewNewFormats)[number];
