// A command's view of the strategy folder: every file read once, parsed and validated once,
// git opened only when asked. Commands never rebuild paths or read a file a second time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, InvalidStrategyError } from '../errors.js';
import type { Lang } from '../i18n/messages.js';
import { assembleStrategy, type LoadResult } from '../model/assemble-strategy.js';
import type { SourceFile } from '../model/source-file.js';
import type { Strategy } from '../model/types.js';
import { diskCheckCache } from '../read/disk-check-cache.js';
import type { GitStrategy } from '../read/git.js';
import { cutToWidth, displayWidth } from '../render/display-width.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';

export type StrategyFileName = 'strategy' | 'leitplanken' | 'metrics';

export interface Workspace {
  /** The strategy folder as the user named it (--dir, $ITSTRAT_DIR, ./strategy). */
  readonly dir: string;
  /** --lang, when given. */
  readonly lang: Lang | undefined;
  /** The strategy's files as bytes, read once. */
  files(): readonly SourceFile[];
  /** One of those files by its path inside the folder (`leitplanken.yaml`, `measures/1.2-….yaml`). */
  file(relative: string): SourceFile | undefined;
  /** Parsed, schema-checked and rule-checked, once: findings, what could be read, the strategy if valid. */
  check(): LoadResult;
  /** The valid strategy; invalid data throws InvalidStrategyError (its findings go to stderr, exit 1). */
  strategy(): Strategy;
  /** The language for labels: --lang, else the strategy's, else German. */
  language(): Lang;
  /** Where a top-level file or the measures folder lives. */
  path(name: StrategyFileName | 'measures'): string;
  /** The git repository holding the strategy; opened on first use. */
  git(): Promise<GitStrategy>;
  /** Progress on stderr for long walks (silent below 50 steps). */
  progress(text: (done: number, total: number) => string): (done: number, total: number) => void;
  /**
   * Progress on stderr for a computation (calibrate's search): only on a terminal, only once it has
   * run for a second, rewritten in place and erased when done (done = total).
   */
  searchProgress(text: (done: number, total: number) => string): (done: number, total: number) => void;
}

export interface WorkspaceIo {
  stderr: (text: string) => void;
  isStderrTTY?: boolean;
  /** The width of the terminal standard error is, when it is one: progress lines fit it. */
  stderrColumns?: number;
  /** Milliseconds on a monotonic clock; performance.now() unless a test steps it. */
  now?: () => number;
}

/** `notFound`: the search for the strategy found none; reading a missing `dir` then fails with this message. */
export function openWorkspace(dir: string, lang: Lang | undefined, io: WorkspaceIo, notFound?: string): Workspace {
  let files: SourceFile[] | undefined;
  let checked: LoadResult | undefined;
  let git: Promise<GitStrategy> | undefined;
  // Nothing found upward: a ./strategy without strategy.yaml is still read (its findings say what
  // is missing); otherwise the message says where the search looked.
  const assertFound = (): void => {
    if (notFound !== undefined && !existsSync(dir)) throw new CliError(notFound);
  };
  const workspace: Workspace = {
    dir,
    lang,
    files: () => {
      assertFound();
      return (files ??= readStrategyDir(dir));
    },
    file: (relative) => workspace.files().find((f) => f.relative === relative),
    check() {
      if (checked === undefined) {
        // Files first: a strategy that was not found says so before anything else is looked at.
        const sources = workspace.files();
        const cache = diskCheckCache(dir);
        checked = assembleStrategy(dir, sources, cache);
        cache?.save();
      }
      return checked;
    },
    strategy() {
      const { strategy, findings, partial } = workspace.check();
      if (strategy === undefined)
        throw new InvalidStrategyError(
          findings,
          workspace.files().map((f) => f.path),
          partial.strategy?.language,
        );
      return strategy;
    },
    language() {
      if (lang !== undefined) return lang;
      try {
        return workspace.check().partial.strategy?.language ?? 'de';
      } catch {
        // a folder that cannot be read still gets German labels for its error
        return 'de';
      }
    },
    path: (name) => join(dir, name === 'measures' ? 'measures' : `${name}.yaml`),
    git: () => {
      assertFound();
      return (git ??= import('../read/git.js').then((m) => m.openGitStrategy(dir)));
    },
    progress: (text) => progressReporter(io, text),
    searchProgress: (text) => searchProgressReporter(io, text),
  };
  return workspace;
}

/**
 * A progress line rewritten in place must stay on one terminal line: a line that wraps leaves its
 * first part behind at every update (\r returns only to the start of the last line).
 */
function oneLine(text: string, io: WorkspaceIo): string {
  const width = io.stderrColumns;
  return width === undefined || displayWidth(text) < width ? text : `${cutToWidth(text, width - 2)}…`;
}

/** Rewritten in place on a terminal, every tenth step otherwise. */
function progressReporter(io: WorkspaceIo, text: (done: number, total: number) => string): (done: number, total: number) => void {
  const MIN = 50;
  let lastTenth = -1;
  return (done, total) => {
    if (total < MIN) return;
    if (io.isStderrTTY === true) {
      io.stderr(`\r\u001b[K${oneLine(text(done, total), io)}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done * 10) / total);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      io.stderr(`${text(done, total)}\n`);
    }
  };
}

/** A second of silence is fine; after that a person wonders whether anything is happening. */
const SEARCH_PROGRESS_AFTER_MS = 1000;
/** Fewer redraws than a terminal can show: the search, not the terminal, should get the time. */
const SEARCH_PROGRESS_EVERY_MS = 100;

function searchProgressReporter(io: WorkspaceIo, text: (done: number, total: number) => string): (done: number, total: number) => void {
  // Pipes and log files get no progress: a line per update would bury the result.
  if (io.isStderrTTY !== true) return () => undefined;
  const now = io.now ?? (() => performance.now());
  const start = now();
  let shown = false;
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    if (done >= total) {
      // Erase the line so the result starts on a clean one.
      if (shown) io.stderr('\r\u001b[K');
      return;
    }
    const t = now();
    if (t - start < SEARCH_PROGRESS_AFTER_MS || t - last < SEARCH_PROGRESS_EVERY_MS) return;
    last = t;
    shown = true;
    io.stderr(`\r\u001b[K${oneLine(text(done, total), io)}`);
  };
}
