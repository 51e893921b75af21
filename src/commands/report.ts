import { formatMedium, type ReportFormat } from '../render/formats.js';
import { guardFormatters } from '../render/escape.js';
import { ExitCode } from '../exit-codes.js';
import { messages, type Lang } from '../i18n/messages.js';
import { toMarkdown } from '../render/document.js';
import { reportBlocks } from '../render/report/report-blocks.js';
import type { ReportData } from '../render/report/report-data.js';
import { reportHtml } from '../render/report/report-html.js';
import { metricTrend } from '../scoring/metric-trend.js';
import { scoreMeasures } from '../scoring/score.js';
import { sensitivity } from '../scoring/sensitivity.js';
import { assertOutsideStrategy, writeOutput } from '../write/write-output.js';
import { calendarOption } from './date-option.js';
import { loadStrategy } from './load-strategy.js';


export interface ReportOptions {
  dir: string;
  format: ReportFormat;
  lang?: Lang;
  /** Where to write; `-` is standard output. */
  out?: string;
  date?: string;
}

export interface ReportResult {
  text: string;
  written?: string;
  exitCode: ExitCode;
}

// Guarded like every formatter: the same text goes to stdout or to the --out file.
const renderers = guardFormatters(formatMedium, {
  markdown: (data, m) => toMarkdown(reportBlocks(data, m)),
  html: (data, m, lang) => reportHtml(reportBlocks(data, m), data, m, lang),
} satisfies Record<ReportFormat, (data: ReportData, m: (typeof messages)[Lang], lang: Lang) => string>);

export function report(options: ReportOptions): ReportResult {
  if (options.date !== undefined) calendarOption('--date', options.date, 'date');
  // `-` is standard output, as usual for command-line tools.
  const out = options.out === '-' ? undefined : options.out;
  // Checked before any work, so a report can never replace a strategy file.
  if (out !== undefined) assertOutsideStrategy(out, options.dir, '--out');
  const strategy = loadStrategy(options.dir);
  const lang = options.lang ?? strategy.strategy.language;
  const lp = strategy.leitplanken;
  const input = { leitplanken: lp.leitplanken, threshold: lp.threshold, fields: strategy.strategy.handlungsfelder, measures: strategy.measures };
  const weights = Object.fromEntries(lp.leitplanken.map((l) => [l.id, l.weight]));
  const data: ReportData = {
    strategy,
    scored: scoreMeasures(input, weights),
    sensitivity: sensitivity(input, weights),
    trends: new Map(strategy.metrics.metrics.map((x) => [x.id, metricTrend(x)])),
    ...(options.date !== undefined ? { date: options.date } : {}),
  };
  const text = renderers[options.format](data, messages[lang], lang);
  if (out !== undefined) {
    writeOutput(out, text);
    return { text, written: out, exitCode: ExitCode.Ok };
  }
  return { text, exitCode: ExitCode.Ok };
}
