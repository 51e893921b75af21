// Runs one command of the registry: workspace, run, the write plan (applied under the lock, or
// shown by --dry-run), the formatter of the chosen format, stdout or --out, diagnostics. The same
// for every command, so none of this is written twice.
import type { ChalkInstance } from 'chalk';
import type { ExitCode } from '../exit-codes.js';
import { CliError } from '../errors.js';
import { messages } from '../i18n/messages.js';
import { guardOutput } from '../render/escape.js';
import { findingsFormatters } from '../render/render-findings.js';
import { unifiedDiff } from '../render/render-edits.js';
import { findStrategy, notFoundMessage, STRATEGY_FOLDER } from '../read/find-strategy.js';
import { applyEdits, effective } from '../write/apply-edits.js';
import { holdSignals, signalsDelivered } from '../write/interrupt.js';
import { withStrategyLocks } from '../write/strategy-lock.js';
import { assertOutsideStrategy, writeOutput } from '../write/write-output.js';
import type { AnyCommand, CommandResult, FormatContext, GlobalOptions, WritingResult } from './command.js';
import { openWorkspace } from './workspace.js';

export interface ExecuteIo {
  stdout: (text: string) => void;
  /** Binary output (a workbook) to standard output; absent where there is no byte stream. */
  stdoutBytes?: (data: Uint8Array) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  isStderrTTY?: boolean;
  /** The width of the terminal standard error is, when it is one: progress lines fit it. */
  stderrColumns?: number;
  columns?: number;
  now?: () => number;
  chalk: ChalkInstance;
}

export async function execute(command: AnyCommand, options: GlobalOptions & Record<string, unknown>, io: ExecuteIo): Promise<ExitCode> {
  const out = command.spec.out === true && options.out !== undefined && options.out !== '-' ? options.out : undefined;
  const { dir, notFound } = strategyFolder(options.dir, command);
  // Before any work: a report never replaces a strategy file.
  if (out !== undefined) assertOutsideStrategy(out, dir, '--out');
  const workspace = openWorkspace(dir, options.lang, io, notFound);

  let result: CommandResult;
  if (command.kind === 'write' && (command.writes?.(options) ?? true)) {
    if (options.dryRun === true) {
      const planned = await command.run(options, workspace);
      io.stdout(unifiedDiff(effective(planned.edits)));
      showDiagnostics(
        planned,
        context(planned, () => workspace.language(), io),
        io,
      );
      return planned.invalidInput === true ? planned.exitCode : 0;
    }
    const folders = command.unlocked === true ? [] : (command.lockFolders?.(options, workspace) ?? [workspace.dir]);
    // From here a signal waits for a safe point: it never cuts a write in half. (Taking a lock
    // does this too, from before the lock file exists; the wait for another writer is such a
    // safe point, so Ctrl-C still ends a waiting run at once.)
    if (folders.length === 0) holdSignals();
    // Locked from the first read to the last write: no other writer can slip in between.
    result = await withStrategyLocks(folders, async () => {
      const planned: WritingResult = await command.run(options, workspace);
      // Ctrl-C during the (synchronous) planning ends the process here, before anything is written.
      await signalsDelivered();
      applyEdits(planned.edits);
      return planned;
    });
  } else {
    result = await command.run(options, workspace);
  }

  // Written to a file, the output is not on the terminal: it keeps its natural width, as piped.
  const ctx = context(result, () => workspace.language(), out === undefined || out === '-' ? io : { ...io, isTTY: false });
  // A command with one format has no --format of its own (metrics record would see metrics' one).
  const format = command.spec.formats.length > 1 && options.format !== undefined ? options.format : command.spec.formats[0]!;
  const output = await (command.formatters as Record<string, (r: CommandResult, c: FormatContext) => string | Promise<Uint8Array>>)[
    format
  ]!(result, ctx);
  if (typeof output !== 'string' && out === undefined && (io.isTTY || io.stdoutBytes === undefined))
    throw new CliError(
      `--format ${format} writes a binary file, not text for a terminal: name the file with --out FILE (or redirect: > FILE); nothing was written`,
    );
  if (out !== undefined) {
    holdSignals();
    await signalsDelivered();
    await writeOutput(out, output);
  } else if (typeof output === 'string') io.stdout(output);
  else io.stdoutBytes!(output);
  showDiagnostics(result, ctx, io);
  return result.exitCode;
}

/**
 * The strategy folder: --dir or $ITSTRAT_DIR as given, else the nearest one from the current
 * folder upward (README, "Finding the strategy"). When none is found, ./strategy stands in — a
 * folder deleted from the work tree still has its history, and fmt FILES… needs none — and
 * reading it fails with the message that says where the search looked.
 */
function strategyFolder(given: string | undefined, command: AnyCommand): { dir: string; notFound?: string } {
  if (given !== undefined) return { dir: given };
  if (command.kind === 'write' && command.creates === true) return { dir: STRATEGY_FOLDER };
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch (error) {
    // Only a command that reads the strategy fails, when it reads it: `fmt /abs/FILE` and
    // completion of a command name need none, and completion with --dir has its own.
    return {
      dir: STRATEGY_FOLDER,
      notFound: `cannot search for the strategy: the current folder is gone (${(error as Error).message}); name it with --dir`,
    };
  }
  const search = findStrategy(cwd);
  return search.found ? { dir: search.dir } : { dir: STRATEGY_FOLDER, notFound: notFoundMessage(search.looked) };
}

/** The strategy is parsed for its language only when the result does not know it. */
function context(result: CommandResult, fallback: () => FormatContext['lang'], io: ExecuteIo): FormatContext {
  const lang = result.language ?? fallback();
  return { chalk: io.chalk, messages: messages[lang], lang, ...(io.isTTY && io.columns !== undefined ? { width: io.columns } : {}) };
}

function showDiagnostics(result: CommandResult, ctx: FormatContext, io: ExecuteIo): void {
  const d = result.diagnostics;
  if (d === undefined) return;
  io.stderr(findingsFormatters.text({ dir: '', files: d.files, findings: d.findings }, ctx));
  if (d.summary !== undefined) io.stderr(guardOutput.terminal(`itstrat: ${d.summary}\n`, ctx.chalk.level > 0));
}
