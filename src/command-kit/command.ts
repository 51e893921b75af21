// The one seam every command goes through: a spec the CLI turns into commander options, a run
// function from options and a workspace to a result, and one pure formatter per output format.
// src/cli.ts loops over src/registry.ts and knows nothing of any single command.
import type { ChalkInstance } from 'chalk';
import type { ExitCode } from '../exit-codes.js';
import type { Lang, Messages } from '../i18n/messages.js';
import type { Finding } from '../model/finding.js';
import type { PlannedFileEdit } from '../write/apply-edits.js';
import type { Workspace } from './workspace.js';

/**
 * What shell completion offers for a value: ids read from the strategy at completion time, file
 * names (the shell's own completion), or fixed words.
 */
export type CompletionValues = 'measures' | 'fields' | 'metrics' | 'files' | readonly string[];

export interface ArgumentSpec {
  /** The key the value gets in the options object. */
  key: string;
  /** As commander writes it: `<from>`, `[to]`, `[files...]`. */
  name: string;
  description: string;
  /** What shell completion offers for it. */
  complete?: CompletionValues;
}

export interface OptionSpec {
  /** As commander writes it: `--top <n>`, `-o, --out <file>`, `--check`. */
  flags: string;
  description: string;
  choices?: readonly string[];
  default?: string | boolean;
  /** How the default is shown in the help, when it is not the value itself. */
  defaultDescription?: string;
  required?: boolean;
  /** Turns the text into the option's value; throws CliError (exit 2) for a bad one. */
  parse?: (value: string) => unknown;
  /** What shell completion offers for its value (choices are offered without this). */
  complete?: CompletionValues;
  /** Left out of --help (and of completion): machinery, not for people. */
  hidden?: boolean;
}

export interface CommandSpec<F extends string = string> {
  /** The words that call it: ['score'], ['new', 'measure'], ['metrics', 'record']. */
  path: readonly string[];
  description: string;
  arguments?: readonly ArgumentSpec[];
  options?: readonly OptionSpec[];
  /** Output formats, the default first; one format needs no --format option. */
  formats: readonly F[];
  /** Text after the options in --help: details, examples. */
  help?: string;
  /** Offers `-o, --out FILE` for the formatted output (never into the strategy folder). */
  out?: boolean;
  /** The group's word alone runs it: `itstrat review 2026` is `itstrat review show 2026`. */
  isDefault?: boolean;
}

/** What a formatter may use besides the result: colour, labels, terminal width. */
export interface FormatContext {
  chalk: ChalkInstance;
  messages: Messages;
  lang: Lang;
  /** Terminal width, when stdout is a terminal. */
  width?: number;
}

/**
 * Text, or — for a binary format such as xlsx, whose library writes asynchronously — the bytes of
 * a file. Bytes go to --out or a pipe, never to a terminal (execute refuses that, exit 2).
 */
export type Formatter<R> = (result: R, context: FormatContext) => string | Promise<Uint8Array>;

/** Every result says how the process ends and, when it knows, the strategy's language. */
export interface CommandResult {
  exitCode: ExitCode;
  language?: Lang;
  /** Findings to show on stderr besides the output (e.g. score --check's disagreements). */
  diagnostics?: { files: string[]; findings: Finding[]; summary?: string };
}

/** A writing command's result: the edits it intends. One applier performs them, or --dry-run shows them. */
export interface WritingResult extends CommandResult {
  edits: PlannedFileEdit[];
  /**
   * The input is invalid and the run writes nothing (import's invalid rows): --dry-run then exits
   * with exitCode as the run would, so a CI check of a sheet with --dry-run fails.
   */
  invalidInput?: boolean;
}

interface CommandBase<O, R extends CommandResult, F extends string> {
  spec: CommandSpec<F>;
  formatters: Record<F, Formatter<R>>;
  /** The options object from what the user typed (global --dir and --lang included). */
  options?: (raw: Record<string, unknown>) => O;
}

export interface ReadingCommand<O, R extends CommandResult, F extends string> extends CommandBase<O, R, F> {
  kind: 'read';
  run(options: O, workspace: Workspace): R | Promise<R>;
}

export interface WritingCommand<O, R extends WritingResult, F extends string> extends CommandBase<O, R, F> {
  kind: 'write';
  /**
   * Runs under the strategy folder's lock, from reading to the last write. Asynchronous only to
   * let a signal in during a long search (calibrate); it must not wait for anything else.
   */
  run(options: O, workspace: Workspace): R | Promise<R>;
  /** Whether these options write at all (calibrate writes only with --write); default yes. */
  writes?(options: O): boolean;
  /** The folders to lock, default the workspace's (fmt FILES… may name other strategies). */
  lockFolders?(options: O, workspace: Workspace): string[];
  /** init writes where no strategy is yet: nothing to lock. */
  unlocked?: boolean;
  /** init creates a strategy rather than using one: no search upward, the default is ./strategy. */
  creates?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds commands of every option and result type
export type AnyCommand = ReadingCommand<any, any, string> | WritingCommand<any, any, string>;

/** Global options every command gets. */
export interface GlobalOptions {
  /** --dir, else $ITSTRAT_DIR; undefined when neither is set (the strategy is then searched for). */
  dir?: string;
  lang?: Lang;
  verbose?: boolean;
  format?: string;
  out?: string;
  dryRun?: boolean;
}

/** A command's formatters from a renderer's, for results that carry the rendered part as one field. */
export function project<F extends string, X, R>(
  formatters: Readonly<Record<F, (x: X, context: FormatContext) => string>>,
  pick: (result: R) => X,
): Record<F, Formatter<R>> {
  return Object.fromEntries(
    Object.entries<(x: X, context: FormatContext) => string>(formatters).map(([format, f]) => [
      format,
      (r: R, ctx: FormatContext) => f(pick(r), ctx),
    ]),
  ) as Record<F, Formatter<R>>;
}
