import { Chalk, type ChalkInstance } from 'chalk';
import { Command, CommanderError, Help, Option } from 'commander';
import { createRequire } from 'node:module';
import type { AnyCommand, GlobalOptions } from './command-kit/command.js';
import { refuseExcessArguments } from './command-kit/excess-arguments.js';
import { execute } from './command-kit/execute.js';
import { programOptions, refuseGroupOptions } from './command-kit/program-options.js';
import { CliError, InvalidStrategyError, isReaderGone, OutputClosedError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { langs, messages } from './i18n/messages.js';
import { commands, examples, groups } from './registry.js';
import { guardOutput, terminalText } from './render/escape.js';
import { displayWidth } from './render/display-width.js';
import { wrapText } from './render/terminal-table.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface Io {
  stdout: (text: string) => void;
  /** Binary output (a workbook) to standard output, when there is a byte stream. */
  stdoutBytes?: (data: Uint8Array) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  isStderrTTY?: boolean;
  /** The width of the terminal standard error is, when it is one: progress lines fit it. */
  stderrColumns?: number;
  columns?: number;
  /** A monotonic clock in ms for progress timing; tests step it. */
  now?: () => number;
}

function colors(io: Io): ChalkInstance {
  const env = io.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return new Chalk({ level: 0 });
  if (env['FORCE_COLOR'] !== undefined) return new Chalk({ level: env['FORCE_COLOR'] === '0' || env['FORCE_COLOR'] === 'false' ? 0 : 1 });
  return new Chalk({ level: io.isTTY && env['TERM'] !== 'dumb' ? 1 : 0 });
}

/** Text the CLI writes itself (commander's messages, error lines) passes the terminal guard. */
const terminalWriter = (write: (text: string) => void, chalk: ChalkInstance) => (text: string) =>
  write(guardOutput.terminal(text, chalk.level > 0));

const OUT_HELP =
  'write to this file instead of stdout: a regular file atomically (through a symbolic link at its target), a device or FIFO by writing through; "-" is stdout; never into the strategy folder';

/** The narrowest a description may be beside its option or command before it moves below it. */
const MIN_DESCRIPTION = 24;

/**
 * An option or command with its description, as commander sets it, except where the terminal is
 * too narrow for the description beside the term: then it goes below, indented, wrapped.
 */
function formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
  const width = this.helpWidth ?? 80;
  if (description === '' || width - termWidth - 4 >= MIN_DESCRIPTION)
    return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
  const lines = wrapText(description, Math.max(8, width - 6));
  return `  ${term}\n${lines.map((l) => `      ${l}`).join('\n')}`;
}

/** Help text (an epilogue, the examples) wrapped at the terminal's width, each line keeping its indent. */
function fitHelp(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split('\n')
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const indent = /^ */.exec(line)![0];
      return wrapText(line.slice(indent.length), Math.max(8, width - indent.length))
        .map((l) => indent + l)
        .join('\n');
    })
    .join('\n');
}

/** One commander command from a registry entry; the action hands everything to execute(). */
function addCommand(
  program: Command,
  helpWidth: number | undefined,
  command: AnyCommand,
  run: (command: AnyCommand, options: GlobalOptions & Record<string, unknown>) => Promise<void>,
): void {
  const { spec } = command;
  let parent = program;
  for (const word of spec.path.slice(0, -1))
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word).description(groups[word] ?? '');
  const cmd = parent.command(spec.path.at(-1)!, { isDefault: spec.isDefault === true }).description(spec.description);
  for (const a of spec.arguments ?? []) cmd.argument(a.name, a.description);
  if (spec.formats.length > 1)
    cmd.addOption(new Option('-f, --format <format>', 'output format').choices(spec.formats).default(spec.formats[0]));
  if (spec.out === true) cmd.option('-o, --out <file>', OUT_HELP);
  for (const o of spec.options ?? []) {
    const option = new Option(o.flags, o.description);
    if (o.choices !== undefined) option.choices(o.choices);
    if (o.default !== undefined) option.default(o.default, o.defaultDescription);
    if (o.parse !== undefined) option.argParser(o.parse);
    if (o.required === true) option.makeOptionMandatory();
    if (o.hidden === true) option.hideHelp();
    cmd.addOption(option);
  }
  if (command.kind === 'write') cmd.option('--dry-run', 'print the changes as a unified diff and write nothing (exit 0)');
  const help = spec.help;
  if (help !== undefined) cmd.addHelpText('after', () => fitHelp(help, helpWidth));
  // Excess arguments are checked in the action, so a folder among them gets a hint to --dir.
  cmd.allowExcessArguments(true);
  cmd.action(async function (this: Command, ...args: unknown[]) {
    refuseGroupOptions(this);
    refuseExcessArguments(this, spec.arguments ?? []);
    const values = (spec.arguments ?? []).map((a, i) => [a.key, args[i]] as const);
    await run(command, { ...this.optsWithGlobals<GlobalOptions>(), ...Object.fromEntries(values) });
  });
}

export function buildProgram(io: Io, setExit: (code: ExitCode) => void): Command {
  const chalk = colors(io);
  // Help fits the terminal it is shown on; piped, commander's usual 80 columns.
  const helpWidth = io.isTTY && io.columns !== undefined ? io.columns : undefined;
  const program = new Command('itstrat')
    .description("Keep a public administration's IT strategy as version-controlled YAML and turn it into priorities and reports.")
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(
      new Option(
        '-d, --dir <dir>',
        'the strategy folder (default: $ITSTRAT_DIR, else the nearest strategy.yaml or strategy/strategy.yaml from here upward)',
      ),
    )
    .addOption(new Option('--lang <lang>', "language of the tool's labels (default: the strategy's language)").choices(langs))
    .option('--verbose', 'show stack traces on errors')
    .configureHelp({
      showGlobalOptions: true,
      sortSubcommands: false,
      visibleGlobalOptions: programOptions,
      minWidthToWrap: MIN_DESCRIPTION,
      formatItem,
    })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: terminalWriter(io.stdout, chalk),
      writeErr: terminalWriter(io.stderr, chalk),
      outputError: (text, write) => write(guardOutput.terminal(text)),
      getOutHelpWidth: () => helpWidth ?? 80,
      getErrHelpWidth: () => (io.isStderrTTY === true && io.stderrColumns !== undefined ? io.stderrColumns : 80),
    })
    .addHelpText('after', () =>
      fitHelp(`\nExit codes:\n  0  ok\n  1  findings in the data, or a failed check\n  2  usage, IO or git error\n${examples}`, helpWidth),
    );
  // --dir, else $ITSTRAT_DIR (empty counts as unset); without either, execute() searches upward.
  const run = async (command: AnyCommand, options: GlobalOptions & Record<string, unknown>): Promise<void> =>
    setExit(await execute(command, { ...options, dir: options.dir ?? (io.env['ITSTRAT_DIR'] || undefined) }, { ...io, chalk }));
  for (const command of commands) addCommand(program, helpWidth, command, run);
  return program;
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
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    if (error instanceof OutputClosedError) return ExitCode.Ok;
    if (error instanceof InvalidStrategyError) {
      const { findingsFormatters } = await import('./render/render-findings.js');
      const lang = program.opts<GlobalOptions>().lang ?? error.language ?? 'de';
      complain(findingsFormatters.text({ dir: '', files: error.files, findings: error.findings }, { chalk, messages: messages[lang] }));
      complain(`itstrat: ${error.message}\n`);
      return error.exitCode;
    }
    const known = error instanceof CliError;
    const e = error instanceof Error ? error : new Error(String(error));
    complain(
      `itstrat: ${known ? '' : 'internal error: '}${terminalText(e.message)}${known || verbose ? '' : ' (run with --verbose for details)'}\n`,
    );
    if (verbose && e.stack !== undefined) complain(`${e.stack}\n`);
    return known ? error.exitCode : ExitCode.Usage;
  }
}

let stdoutGone = false;

export async function main(): Promise<void> {
  // Nobody reads the diagnostics any more: drop them; the exit code still tells the result.
  let stderrGone = false;
  process.stderr.on('error', () => (stderrGone = true));
  // `itstrat … | head -1`: the reader has what it wanted. End quietly with 0, as `git log | head`
  // does (Node ignores SIGPIPE, so the closed pipe arrives as an EPIPE error event).
  process.stdout.on('error', (error) => {
    if (stdoutGone) return;
    stdoutGone = true;
    if (isReaderGone(error)) process.exit(ExitCode.Ok);
    // A full disk or a device that refuses (`> /dev/full`): one line, as for --out.
    if (!stderrGone) process.stderr.write(`itstrat: cannot write the output: ${terminalText(error.message)}\n`);
    process.exit(ExitCode.Usage);
  });
  const io: Io = {
    stdout: (text) => {
      if (!stdoutGone) process.stdout.write(text);
    },
    stdoutBytes: (data) => {
      if (!stdoutGone) process.stdout.write(data);
    },
    stderr: (text) => {
      if (!stderrGone) process.stderr.write(text);
    },
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns !== undefined ? { stderrColumns: process.stderr.columns } : {}),
    ...(process.stdout.columns !== undefined ? { columns: process.stdout.columns } : {}),
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
