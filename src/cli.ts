import { Chalk, type ChalkInstance } from 'chalk';
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { failOnKinds } from './commands/fail-on.js';
import { CliError, InvalidStrategyError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { langs, messages, type Lang } from './i18n/messages.js';
import {
  calibrationFormats,
  diffFormats,
  findingsFormats,
  historyFormats,
  metricsFormats,
  reportFormats,
  scoreFormats,
  statusFormats,
  type CalibrationFormat,
  type DiffFormat,
  type FindingsFormat,
  type HistoryFormat,
  type MetricsFormat,
  type ReportFormat,
  type ScoreFormat,
  type StatusFormat,
} from './render/formats.js';
import type { RenderContext } from './render/render-score.js';
import type { ScoreOptions } from './commands/score.js';
import type { CalibrateOptions } from './commands/calibrate.js';
import { guardOutput, terminalText } from './render/escape.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  isStderrTTY?: boolean;
  columns?: number;
}

interface GlobalOptions {
  dir: string;
  lang?: Lang;
  verbose?: boolean;
}

function colors(io: Io): ChalkInstance {
  const env = io.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return new Chalk({ level: 0 });
  if (env['FORCE_COLOR'] !== undefined) return new Chalk({ level: env['FORCE_COLOR'] === '0' || env['FORCE_COLOR'] === 'false' ? 0 : 1 });
  return new Chalk({ level: io.isTTY && env['TERM'] !== 'dumb' ? 1 : 0 });
}

function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new CliError(`${name}: expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`} (found "${terminalText(value)}")`);
    }
    return Number(value);
  };
}

/**
 * Text the CLI writes itself (messages, commander's errors, error lines) passes the terminal
 * guard: option values, paths and ids echoed in it cannot carry an escape sequence to the user.
 * Formatter output is guarded by its formatter, in its own medium.
 */
function terminalWriter(write: (text: string) => void, chalk: ChalkInstance): (text: string) => void {
  return (text) => write(guardOutput.terminal(text, chalk.level > 0));
}

export function buildProgram(io: Io, setExit: (code: ExitCode) => void): Command {
  const chalk = colors(io);
  const say = terminalWriter(io.stdout, chalk);
  const complain = terminalWriter(io.stderr, chalk);
  const renderContext = (lang: Lang): RenderContext => ({ chalk, messages: messages[lang], ...(io.isTTY && io.columns !== undefined ? { width: io.columns } : {}) });
  const program = new Command('itstrat')
    .description("Keep a public administration's IT strategy as version-controlled YAML and turn it into priorities and reports.")
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-d, --dir <dir>', 'the strategy folder').default(io.env['ITSTRAT_DIR'] || 'strategy', '$ITSTRAT_DIR, else ./strategy'))
    .addOption(new Option('--lang <lang>', "language of the tool's labels (default: the strategy's language)").choices(langs))
    .option('--verbose', 'show stack traces on errors')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: say, writeErr: complain, outputError: (text, write) => write(guardOutput.terminal(text)) })
    .addHelpText(
      'after',
      `
Exit codes:
  0  ok
  1  findings in the data, or a failed check
  2  usage, IO or git error

Examples:
  itstrat validate                       check the strategy in ./strategy
  itstrat score --top 10                 the ten highest-scoring measures
  itstrat score --weights security=3     what-if: IT security weighs 3
  itstrat score --check                  fail when a priority contradicts its decision
  itstrat calibrate --write              derive weights from the recorded decisions
  itstrat diff v2018 --format markdown   Änderungsbericht since the tag v2018
  itstrat report --format html -o s.html the strategy as a page for reviewers`,
    );

  program
    .command('validate')
    .description('check every strategy file against the schemas and rules; findings name file, line and column')
    .addOption(new Option('-f, --format <format>', 'output format').choices(findingsFormats).default('text'))
    .addHelpText('after', '\nFormats: text (terminal), json (tools), github (pull-request annotations), junit (GitLab, Jenkins).')
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: FindingsFormat }>();
      const [{ validate }, { findingsFormatters }] = await Promise.all([import('./commands/validate.js'), import('./render/render-findings.js')]);
      const result = validate({ dir: opts.dir });
      io.stdout(findingsFormatters[opts.format](result.report, { chalk, messages: messages[opts.lang ?? result.language ?? 'de'] }));
      setExit(result.exitCode);
    });

  program
    .command('score')
    .description('weighted scores, ranks and computed priorities of the measures')
    .addOption(new Option('-f, --format <format>', 'output format').choices(scoreFormats).default('table'))
    .option('--field <id>', 'only measures of this Handlungsfeld (ranks stay those of the whole strategy)')
    .option('--top <n>', 'only the first n measures', wholeNumber('--top', 1))
    .option('--prioritized', 'only measures computed as prioritised')
    .addOption(new Option('--sort <key>', 'order of the rows').choices(['score', 'id', 'field']).default('score'))
    .option('--weights <id=n,...>', 'what-if weights for this run, e.g. security=3,external=1 (files are not changed)')
    .option('--check', 'exit 1 when a computed priority disagrees with a recorded decision')
    .option('--sensitivity', 'how far each priority is from flipping when one weight changes (flip distance)')
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & ScoreOptions & { format: ScoreFormat }>();
      const [{ score }, { scoreFormatters }, { findingsFormatters }] = await Promise.all([import('./commands/score.js'), import('./render/render-score.js'), import('./render/render-findings.js')]);
      const result = score(opts);
      io.stdout(scoreFormatters[opts.format](result.report, renderContext(opts.lang ?? result.strategy.strategy.language)));
      if (opts.check === true && result.disagreements.length > 0) {
        complain(findingsFormatters.text({ dir: opts.dir, files: [...new Set(result.disagreements.map((d) => d.file))], findings: result.disagreements }, renderContext(opts.lang ?? result.strategy.strategy.language)));
      }
      setExit(result.exitCode);
    });

  program
    .command('calibrate')
    .description('find the integer weights and threshold that reproduce the recorded decisions best')
    .addOption(new Option('-f, --format <format>', 'output format').choices(calibrationFormats).default('table'))
    .option('--min-weight <n>', 'lowest weight tried (default 1: every Leitplanke keeps a say)', wholeNumber('--min-weight', 0, 100))
    .option('--max-weight <n>', 'highest weight tried (default 10)', wholeNumber('--max-weight', 1, 100))
    .option('--write', 'store the weights and threshold in leitplanken.yaml (comments are kept)')
    .addHelpText(
      'after',
      `
Exact for up to 6 Leitplanken: every weighting from --min-weight to --max-weight is tried, the
best threshold for each found by one sweep; ties go to the smallest weight sum, then the
lexicographically smallest weights, and the lowest threshold. Beyond 6 Leitplanken a
coordinate-descent search is used and the result is marked as not proven optimal.
Exits 1 when no weighting reproduces every decision.`,
    )
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & CalibrateOptions & { format: CalibrationFormat }>();
      const [{ calibrate }, { calibrationFormatters }] = await Promise.all([import('./commands/calibrate.js'), import('./render/render-calibration.js')]);
      const result = calibrate(opts);
      const leitplanken = result.strategy.leitplanken;
      const report = {
        leitplanken: leitplanken.leitplanken,
        current: { weights: Object.fromEntries(leitplanken.leitplanken.map((l) => [l.id, l.weight])), threshold: leitplanken.threshold },
        calibration: result.calibration,
        ...(result.written !== undefined ? { written: result.written } : {}),
      };
      io.stdout(calibrationFormatters[opts.format](report, renderContext(opts.lang ?? result.strategy.strategy.language)));
      setExit(result.exitCode);
    });

  program
    .command('diff')
    .description('what changed between two versions of the strategy in git, and what it does to the priorities')
    .argument('<from>', 'the earlier revision (branch, tag or commit)')
    .argument('[to]', 'the later revision (default: the working tree, uncommitted and untracked files included)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(diffFormats).default('table'))
    .option('--fail-on <kinds>', `exit 1 when any of these occurred: ${failOnKinds.join(', ')}`)
    .addHelpText(
      'after',
      `
Revisions are read straight from git objects; the work tree and index are never touched.
The markdown format is an Änderungsbericht a committee can read, e.g. in a pull request:
  itstrat diff origin/main HEAD --format markdown
  itstrat diff origin/main HEAD --fail-on priority-change,removed
Exits 1 when a --fail-on kind occurred or a file is invalid at either revision (the report
still shows what can be compared), 2 for an unknown revision or outside a git repository.`,
    )
    .action(async function (this: Command, from: string, to: string | undefined) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: DiffFormat; failOn?: string }>();
      const [{ diff }, { diffFormatters }] = await Promise.all([import('./commands/diff.js'), import('./render/render-diff.js')]);
      const result = await diff({ dir: opts.dir, from, ...(to !== undefined ? { to } : {}), ...(opts.failOn !== undefined ? { failOn: opts.failOn } : {}) });
      io.stdout(diffFormatters[opts.format](result, { chalk, messages: messages[opts.lang ?? 'de'] }));
      setExit(result.exitCode);
    });

  program
    .command('history')
    .description('one measure through the commits (and tags) that changed it: scores, score, rank, priority')
    .argument('<id>', 'the measure id, e.g. 1.10')
    .addOption(new Option('-f, --format <format>', 'output format').choices(historyFormats).default('table'))
    .option('--rev <revision>', 'walk back from this revision (default HEAD)')
    .addHelpText('after', '\nFirst-parent history of the strategy folder, read in one git log and one cat-file process.\nProgress goes to stderr when the history has 50 commits or more.')
    .action(async function (this: Command, id: string) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: HistoryFormat; rev?: string }>();
      const lang = opts.lang ?? 'de';
      const progress = progressReporter(io, messages[lang].history.progress);
      const [{ history }, { historyFormatters }] = await Promise.all([import('./commands/history.js'), import('./render/render-history.js')]);
      const result = await history({ dir: opts.dir, id, ...(opts.rev !== undefined ? { rev: opts.rev } : {}), progress });
      io.stdout(historyFormatters[opts.format](result, { chalk, messages: messages[lang] }));
      setExit(result.exitCode);
    });

  program
    .command('status')
    .description('version, adoption, when the next Fortschreibung is due, measures by status, measures not reviewed within a year')
    .addOption(new Option('-f, --format <format>', 'output format').choices(statusFormats).default('table'))
    .option('--today <date>', 'judge against this day instead of today (YYYY-MM-DD)')
    .addHelpText('after', '\nThe next Fortschreibung is due review.fortschreibung_years after the adoption date (else the\ndocument date). A measure counts as not reviewed when no commit changed its file within the\nyear before --today; uncommitted edits count as changes.')
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: StatusFormat; today?: string }>();
      const [{ status }, { statusFormatters }] = await Promise.all([import('./commands/status.js'), import('./render/render-status.js')]);
      const result = await status({ dir: opts.dir, ...(opts.today !== undefined ? { today: opts.today } : {}) });
      io.stdout(statusFormatters[opts.format](result, { chalk, messages: messages[opts.lang ?? result.strategy.strategy.language] }));
      setExit(result.exitCode);
    });

  program
    .command('report')
    .description('the strategy as a document for reviewers: Markdown (default) or one self-contained HTML page')
    .addOption(new Option('-f, --format <format>', 'output format').choices(reportFormats).default('markdown'))
    .option('-o, --out <file>', 'write to this file instead of stdout: a regular file atomically (through a symbolic link at its target), a device or FIFO by writing through; "-" is stdout; never into the strategy folder')
    .option('--date <date>', 'print this date (YYYY-MM-DD) as "Stand"; without it the output depends only on the data')
    .addHelpText(
      'after',
      `
Contents: Leitplanken with weights and the 0–4 scale, an overview, the prioritised measures,
per Handlungsfeld a portfolio chart (Mermaid in Markdown, SVG in HTML), a table and every
measure's details, the metrics with their trend, and a consistency section. The HTML page loads
nothing from anywhere, prints with a page per Handlungsfeld, and has a what-if panel to try
other weights live.`,
    )
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: ReportFormat; out?: string; date?: string }>();
      const { report } = await import('./commands/report.js');
      const result = report({ dir: opts.dir, format: opts.format, ...(opts.lang !== undefined ? { lang: opts.lang } : {}), ...(opts.out !== undefined ? { out: opts.out } : {}), ...(opts.date !== undefined ? { date: opts.date } : {}) });
      if (result.written === undefined) io.stdout(result.text);
      setExit(result.exitCode);
    });

  program
    .command('init')
    .description('scaffold a new, empty strategy that is valid from the start')
    .argument('[folder]', 'where to create it (default: --dir, else ./strategy); must not exist or be empty')
    .option('--title <text>', 'the strategy\'s title')
    .option('--organisation <text>', 'the administration it belongs to')
    .option('--date <date>', 'the strategy\'s date, YYYY-MM-DD (default today)')
    .addHelpText('after', '\nCreates strategy.yaml (four Handlungsfelder to rename), leitplanken.yaml (the four criteria of\nthe Braunschweig strategy with their 0–4 scales and equal weights), metrics.yaml (empty) and\nmeasures/. Continue with: itstrat new measure --field eadministration --title "…"')
    .action(async function (this: Command, folder: string | undefined) {
      const opts = this.optsWithGlobals<GlobalOptions & { title?: string; organisation?: string; date?: string }>();
      const { init } = await import('./commands/init.js');
      const result = init({ dir: folder ?? opts.dir, ...(opts.title !== undefined ? { title: opts.title } : {}), ...(opts.organisation !== undefined ? { organisation: opts.organisation } : {}), ...(opts.date !== undefined ? { date: opts.date } : {}), ...(opts.lang !== undefined ? { lang: opts.lang } : {}) });
      say(`${result.files.map((f) => `${terminalText(f)}\n`).join('')}`);
      setExit(result.exitCode);
    });

  const create = program.command('new').description('create strategy content: itstrat new measure');
  create
    .command('measure')
    .description('a new measure with the next free number in its Handlungsfeld, every required key, scores to rate')
    .requiredOption('--field <id>', 'the Handlungsfeld id, e.g. eadministration')
    .requiredOption('--title <text>', 'the name of the measure')
    .option('--description <text>', 'what the measure does')
    .option('--owner <text>', 'who is responsible')
    .addHelpText('after', '\nThe file is named like the others (1.12-kurztitel.yaml), validated before it is written, and\nnever overwrites an existing file. Scores start at 0 with a comment asking to rate them;\nthere is no decision yet and the status is proposed.')
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & { field: string; title: string; description?: string; owner?: string }>();
      const { newMeasure } = await import('./commands/new-measure.js');
      const result = newMeasure(opts);
      say(`${messages[opts.lang ?? result.language].newMeasure.created(terminalText(result.id), terminalText(result.path))}\n`);
      setExit(result.exitCode);
    });

  const metricsCommand = program
    .command('metrics')
    .description('every Messgröße with its goal, latest value and trend; record new values with "metrics record"')
    .addOption(new Option('-f, --format <format>', 'output format').choices(metricsFormats).default('table'))
    .action(async function (this: Command) {
      const opts = this.optsWithGlobals<GlobalOptions & { format: MetricsFormat }>();
      const [{ listMetrics }, { metricsFormatters }] = await Promise.all([import('./commands/metrics.js'), import('./render/render-metrics.js')]);
      const result = listMetrics(opts);
      io.stdout(metricsFormatters[opts.format](result, { chalk, messages: messages[opts.lang ?? result.strategy.strategy.language] }));
      setExit(result.exitCode);
    });
  metricsCommand
    .command('record')
    .description("append a dated value to a metric, checked against the metric's kind")
    .argument('<id>', 'the metric id, e.g. it-costs')
    .requiredOption('--period <period>', 'YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD')
    .requiredOption('--value <value>', 'count: 12 · ratio: 1.8 · percent: 45 · money: 1250000.50 [EUR] · status: one of its states · list: a; b; c')
    .option('--note <text>', 'a note on the value')
    .option('--replace', 'replace an existing value for the same period')
    .action(async function (this: Command, id: string) {
      const opts = this.optsWithGlobals<GlobalOptions & { period: string; value: string; note?: string; replace?: boolean }>();
      const { recordMetric } = await import('./commands/metrics.js');
      const result = recordMetric({ dir: opts.dir, id, period: opts.period, value: opts.value, ...(opts.note !== undefined ? { note: opts.note } : {}), ...(opts.replace === true ? { replace: true } : {}) });
      const m = messages[opts.lang ?? result.language];
      say(`${(result.replaced ? m.metrics.replaced : m.metrics.recorded)(terminalText(id), terminalText(opts.period), terminalText(result.path))}\n`);
      setExit(result.exitCode);
    });

  program
    .command('fmt')
    .description('put strategy files into the canonical layout, keeping every comment')
    .argument('[files...]', 'files to format (default: every file of the strategy folder)')
    .option('--check', 'change nothing; exit 1 listing the files that would change (for CI and pre-commit)')
    .addHelpText('after', '\nCanonical: keys in the order of the schema, scores in Leitplanken order, 2-space indent,\nevery id double-quoted, lines folded at 100 characters. Every rewrite is verified to keep\nthe data and all comments, and written atomically.')
    .action(async function (this: Command, files: string[]) {
      const opts = this.optsWithGlobals<GlobalOptions & { check?: boolean }>();
      const [{ fmt }, { loadStrategy }] = await Promise.all([import('./commands/fmt.js'), import('./commands/load-strategy.js')]);
      const result = fmt({ dir: opts.dir, files, ...(opts.check === true ? { check: true } : {}) });
      let lang: Lang = opts.lang ?? 'de';
      if (opts.lang === undefined) {
        try {
          lang = loadStrategy(opts.dir).strategy.language;
        } catch {
          // fmt also works on files of a strategy that does not validate yet
        }
      }
      const m = messages[lang];
      if (opts.check === true && result.changed.length > 0) say(`${m.fmt.wouldChange}\n${result.changed.map((f) => `  ${terminalText(f)}\n`).join('')}`);
      else if (result.changed.length > 0) say(`${m.fmt.formatted(result.changed.length)}\n`);
      else if (result.refused.length === 0) say(`${m.fmt.unchanged(result.checked)}\n`);
      if (result.refused.length > 0) {
        const { findingsFormatters } = await import('./render/render-findings.js');
        complain(findingsFormatters.text({ dir: '', files: result.refused, findings: result.findings }, { chalk, messages: m }));
        complain(`itstrat: ${result.refused.length} file(s) not formatted: they cannot be read as YAML; fix the errors above\n`);
      }
      setExit(result.exitCode);
    });

  return program;
}

/** Progress on stderr for long walks: rewritten in place on a terminal, every tenth otherwise. */
function progressReporter(io: Io, text: (done: number, total: number) => string): (done: number, total: number) => void {
  const MIN = 50;
  let lastTenth = -1;
  return (done, total) => {
    if (total < MIN) return;
    if (io.isStderrTTY === true) {
      io.stderr(`\r${text(done, total)}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done * 10) / total);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderr(`${text(done, total)}\n`);
    }
  };
}

export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  const verbose = argv.includes('--verbose');
  const chalk = colors(io);
  // Error lines and --verbose stack traces echo option values and data (a stack's first line is the message).
  const complain = terminalWriter(io.stderr, chalk);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (error instanceof InvalidStrategyError) {
      const { findingsFormatters } = await import('./render/render-findings.js');
      const lang = program.opts<GlobalOptions>().lang ?? error.language ?? 'de';
      complain(findingsFormatters.text({ dir: '', files: error.files, findings: error.findings }, { chalk, messages: messages[lang] }));
      complain(`itstrat: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      complain(`itstrat: ${terminalText(error.message)}\n`);
      if (verbose && error.stack !== undefined) complain(`${error.stack}\n`);
      return error.exitCode;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    complain(`itstrat: internal error: ${terminalText(e.message)}${verbose ? '' : ' (run with --verbose for details)'}\n`);
    if (verbose && e.stack !== undefined) complain(`${e.stack}\n`);
    return ExitCode.Usage;
  }
}

export async function main(): Promise<void> {
  const io: Io = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    ...(process.stdout.columns !== undefined ? { columns: process.stdout.columns } : {}),
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
