import type { CommandResult, FormatContext, ReadingCommand } from '../command-kit/command.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import type { Workspace } from '../command-kit/workspace.js';
import { ExitCode } from '../exit-codes.js';
import { toMarkdown } from '../render/document.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, reportFormats, type ReportFormat } from '../render/formats.js';
import { reportBlocks } from '../render/report/report-blocks.js';
import type { ReportData } from '../render/report/report-data.js';
import { reportHtml } from '../render/report/report-html.js';
import { metricTrend } from '../scoring/metric-trend.js';
import { scoreMeasures, weightsOf } from '../scoring/score.js';
import { sensitivity } from '../scoring/sensitivity.js';

export interface ReportOptions {
  date?: string;
}

export interface ReportResult extends CommandResult {
  data: ReportData;
}

export function report(options: ReportOptions, workspace: Workspace): ReportResult {
  if (options.date !== undefined) calendarOption('--date', options.date, 'date');
  const strategy = workspace.strategy();
  const lp = strategy.leitplanken;
  const input = {
    leitplanken: lp.leitplanken,
    threshold: lp.threshold,
    fields: strategy.strategy.handlungsfelder,
    measures: strategy.measures,
  };
  const weights = weightsOf(lp.leitplanken);
  return {
    data: {
      strategy,
      scored: scoreMeasures(input, weights),
      sensitivity: sensitivity(input, weights),
      trends: new Map(strategy.metrics.metrics.map((x) => [x.id, metricTrend(x)])),
      ...(options.date !== undefined ? { date: options.date } : {}),
    },
    language: workspace.lang ?? strategy.strategy.language,
    exitCode: ExitCode.Ok,
  };
}

export const reportCommand = {
  kind: 'read',
  spec: {
    path: ['report'],
    description: 'the strategy as a document for reviewers: Markdown (default) or one self-contained HTML page',
    formats: reportFormats,
    out: true,
    options: [
      { flags: '--date <date>', description: 'print this date (YYYY-MM-DD) as "Stand"; without it the output depends only on the data' },
    ],
    help: `
Contents: Leitplanken with weights and the 0–4 scale, an overview, the prioritised measures,
per Handlungsfeld a portfolio chart (Mermaid in Markdown, SVG in HTML), a table and every
measure's details, the metrics with their trend, and a consistency section. The HTML page loads
nothing from anywhere, prints with a page per Handlungsfeld, and has a what-if panel to try
other weights live.`,
  },
  run: report,
  // Guarded like every formatter: the same text goes to stdout or to the --out file.
  formatters: guardFormatters(formatMedium, {
    markdown: (r: ReportResult, ctx: FormatContext) => toMarkdown(reportBlocks(r.data, ctx.messages)),
    html: (r: ReportResult, ctx: FormatContext) => reportHtml(reportBlocks(r.data, ctx.messages), r.data, ctx.messages, ctx.lang),
  }),
} satisfies ReadingCommand<ReportOptions, ReportResult, ReportFormat>;
