import type { CommandResult, FormatContext, ReadingCommand } from '../command-kit/command.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import { compareRevisions } from '../command-kit/compare-revisions.js';
import { workspaceReviews, yearReview } from '../command-kit/reviews.js';
import type { Workspace } from '../command-kit/workspace.js';
import { ExitCode } from '../exit-codes.js';
import { toMarkdown } from '../render/document.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, reportFormats, type ReportFormat } from '../render/formats.js';
import { CliError } from '../errors.js';
import { assertBinaryTarget, findChromium, pdfTimeout, printPdf } from '../command-kit/print-pdf.js';
import { reportBlocks } from '../render/report/report-blocks.js';
import type { ReportData } from '../render/report/report-data.js';
import { reportHtml } from '../render/report/report-html.js';
import { metricTrend } from '../scoring/metric-trend.js';
import { computedSeries, requirementStates } from '../scoring/requirements.js';
import { buildRoadmap } from '../scoring/roadmap.js';
import { scoreMeasures, weightsOf } from '../scoring/score.js';
import { sensitivity } from '../scoring/sensitivity.js';

export interface ReportOptions {
  date?: string;
  /** A git revision: adds "Änderungen seit REF", computed as `itstrat diff REF`. */
  since?: string;
  format?: string;
  out?: string;
  verbose?: boolean;
}

/** How `--format pdf` prints: found and checked before any work, so a missing browser fails at once. */
interface PdfPrinter {
  chromium: string;
  timeoutSeconds: number;
  verbose: boolean;
}

export interface ReportResult extends CommandResult {
  data: ReportData;
  pdf?: PdfPrinter;
}

function pdfPrinter(options: ReportOptions): PdfPrinter {
  // A PDF is a file for a committee, not a stream: it needs a name (and is never shown on a terminal).
  if (options.out === undefined || options.out === '')
    throw new CliError('report --format pdf writes a file: name it with --out FILE (e.g. --out bericht.pdf); nothing was written');
  assertBinaryTarget(options.out, 'report --format pdf');
  return {
    chromium: findChromium(process.env, 'report --format pdf'),
    timeoutSeconds: pdfTimeout(process.env),
    verbose: options.verbose === true,
  };
}

export async function report(options: ReportOptions, workspace: Workspace): Promise<ReportResult> {
  if (options.date !== undefined) calendarOption('--date', options.date, 'date');
  const pdf = options.format === 'pdf' ? pdfPrinter(options) : undefined;
  const strategy = workspace.strategy();
  // The very computation of `itstrat diff REF`: the ref is checked and resolved by the same git
  // guard (never an option to git), and REF is compared with the working tree this report shows.
  const changes = options.since === undefined ? undefined : await compareRevisions(workspace, options.since);
  const lp = strategy.leitplanken;
  const input = {
    leitplanken: lp.leitplanken,
    threshold: lp.threshold,
    fields: strategy.strategy.handlungsfelder,
    measures: strategy.measures,
  };
  const weights = weightsOf(lp.leitplanken);
  // The latest year with assessment files; its files must be valid, as for `itstrat review <year>`.
  const year = workspaceReviews(workspace).check.years.at(-1);
  const review = year === undefined ? undefined : yearReview(workspace, year, 2).aggregate;
  // Judged on --date, else on the strategy's own date: a report without --date stays the same for the same data.
  const judgedOn = options.date ?? strategy.strategy.date;
  const metrics = strategy.metrics.metrics.map((x) => (x.computed === undefined ? x : computedSeries(x, strategy, judgedOn)));
  return {
    data: {
      strategy: { ...strategy, metrics: { ...strategy.metrics, metrics } },
      scored: scoreMeasures(input, weights),
      sensitivity: sensitivity(input, weights),
      trends: new Map(metrics.map((x) => [x.id, metricTrend(x)])),
      judgedOn,
      requirements: requirementStates(strategy.requirements, strategy.measures, judgedOn),
      roadmap: buildRoadmap(strategy, judgedOn),
      ...(options.date !== undefined ? { date: options.date } : {}),
      ...(changes !== undefined ? { changes } : {}),
      ...(review !== undefined && review.assessors.length > 0 ? { review: { aggregate: review, leitplanken: lp.leitplanken } } : {}),
    },
    ...(pdf !== undefined ? { pdf } : {}),
    language: workspace.lang ?? strategy.strategy.language,
    // As `diff` does: a file invalid at REF is listed in the section, and the exit code says not all was compared.
    exitCode: changes !== undefined && changes.invalid.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}

const markdown = (r: ReportResult, ctx: FormatContext): string => toMarkdown(reportBlocks(r.data, ctx.messages));
const html = (r: ReportResult, ctx: FormatContext): string =>
  reportHtml(reportBlocks(r.data, ctx.messages, { whatIf: ctx.messages.report.whatIf }), r.data, ctx.messages, ctx.lang);

export const reportCommand = {
  kind: 'read',
  spec: {
    path: ['report'],
    description: 'the strategy as a document for reviewers: Markdown (default), one self-contained HTML page, or a tagged PDF',
    formats: reportFormats,
    out: true,
    options: [
      { flags: '--date <date>', description: 'print this date (YYYY-MM-DD) as "Stand"; without it the output depends only on the data' },
      {
        flags: '--since <ref>',
        description: 'add "Änderungen seit REF": what changed since this git revision, as itstrat diff REF computes it',
      },
    ],
    help: `
Contents, in the order a committee reads: a summary (measures per Handlungsfeld, the
prioritised measures, with --since what changed, the open consistency issues), a table of
contents, with --since the changes since REF, the Leitplanken and the 0–4 scale, per
Handlungsfeld a portfolio chart (Mermaid in Markdown, SVG in HTML) with its data table and the
measures' table, every measure's details, and an appendix (metrics, consistency). The HTML page
loads nothing from anywhere, prints with a page per Handlungsfeld, and has a what-if panel to
try other weights live. It is accessible (WCAG 2.1 AA / BITV 2.0, checked with axe-core).
--format pdf prints that page with headless Chromium ($CHROMIUM_PATH, else chromium,
chromium-browser or google-chrome on PATH; never downloaded): A4, numbered pages, tagged, with
an outline of the headings; it needs --out FILE. Chromium's messages only with --verbose; a
render is stopped after $ITSTRAT_PDF_TIMEOUT seconds (default 120).
  itstrat report --since v2018 --format html --out bericht.html
  itstrat report --format pdf --out bericht.pdf`,
  },
  run: report,
  formatters: {
    // Guarded like every formatter: the same text goes to stdout or to the --out file.
    ...guardFormatters(formatMedium, { markdown, html }),
    // The HTML page as printed (its print CSS: A4, a page per Handlungsfeld, numbered pages, no what-if).
    pdf: (r: ReportResult, ctx: FormatContext) =>
      printPdf(guardFormatters(formatMedium, { html }).html(r, ctx), {
        chromium: r.pdf!.chromium,
        timeoutSeconds: r.pdf!.timeoutSeconds,
        log: r.pdf!.verbose ? (text) => process.stderr.write(text) : undefined,
      }),
  },
} satisfies ReadingCommand<ReportOptions, ReportResult, ReportFormat>;
