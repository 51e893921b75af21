import { basename, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { topLevelSchemas } from '../model/assemble-strategy.js';
import { canonicalize } from '../model/canonical-layout.js';
import { loadSchema, type SchemaName } from '../schema/schemas.js';
import { readFile, readTextIfPresent } from '../read/read-file.js';
import { readStrategyDir, TOP_LEVEL_FILES } from '../read/read-strategy-dir.js';
import { withStrategyLock } from '../write/strategy-lock.js';
import { planYamlEdit, updateYamlFile, type YamlEdit } from '../write/update-yaml-file.js';
import { editTarget } from '../write/write-target.js';

export interface FmtOptions {
  dir: string;
  /** Files to format; default every file of the strategy folder. */
  files?: readonly string[];
  check?: boolean;
}

export interface FmtResult {
  /** Files that were (or, with --check, would be) changed. */
  changed: string[];
  checked: number;
  exitCode: ExitCode;
}

function strategyFolderOf(file: string): string {
  return basename(dirname(file)) === 'measures' ? dirname(dirname(file)) : dirname(file);
}

function schemaFor(file: string): SchemaName {
  const name = basename(file);
  const topLevel = topLevelSchemas[name];
  if (topLevel !== undefined) return topLevel;
  if (basename(dirname(file)) === 'measures' && /\.ya?ml$/.test(name)) return 'measure';
  throw new CliError(`${file} is not a strategy file (expected ${TOP_LEVEL_FILES.join(', ')} or measures/*.yaml)`);
}

/** The Leitplanken order for scores, from the strategy the file belongs to; none if unreadable. */
function scoreOrder(folder: string): string[] | undefined {
  const text = readTextIfPresent(join(folder, 'leitplanken.yaml'));
  if (text === undefined) return undefined;
  try {
    const data = parse(text) as { leitplanken?: { id?: unknown }[] };
    const ids = (data.leitplanken ?? []).map((l) => l.id);
    return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
  } catch {
    return undefined;
  }
}

export function layoutEdit(file: string): YamlEdit {
  const schema = loadSchema(schemaFor(file));
  const order = scoreOrder(strategyFolderOf(file));
  return { edit: (doc) => canonicalize(doc, schema, order === undefined ? {} : { scoreOrder: order }), expected: (before) => before };
}

/** Every file of the folder; one the reader refused (a link out of the folder, a FIFO) is never opened here either. */
function strategyFiles(dir: string): string[] {
  const files = readStrategyDir(dir);
  const refused = files.find((f) => f.unreadable !== undefined);
  if (refused?.unreadable !== undefined) throw new CliError(`${refused.unreadable.message} [${refused.unreadable.rule}]; nothing was formatted`, ExitCode.Findings);
  return files.map((f) => join(dir, f.relative));
}

/** Holds the locks of several strategy folders, taken in one order so two runs never deadlock. */
function withLocks<T>(dirs: readonly string[], fn: () => T): T {
  const [first, ...rest] = [...new Set(dirs.map((d) => resolve(d)))].sort();
  return first === undefined ? fn() : withStrategyLock(first, () => withLocks(rest, fn));
}

export function fmt(options: FmtOptions): FmtResult {
  const explicit = options.files !== undefined && options.files.length > 0;
  if (options.check === true) return fmtLocked(options);
  // The folders of the named files, else the strategy folder: locked from reading to writing.
  return withLocks(explicit ? options.files!.map(strategyFolderOf) : [options.dir], () => fmtLocked(options));
}

function fmtLocked(options: FmtOptions): FmtResult {
  const files = options.files !== undefined && options.files.length > 0 ? [...options.files] : strategyFiles(options.dir);
  const changed: string[] = [];
  for (const file of files) {
    const change = layoutEdit(file);
    // A link out of the strategy folder, a dangling link or a device is refused, also by --check.
    const target = editTarget(file, strategyFolderOf(file));
    if (options.check === true) {
      if (planYamlEdit(file, readFile(target), change).changed) changed.push(file);
    } else {
      const before = readFile(target).toString('utf8');
      if (updateYamlFile(file, change, undefined, { folder: strategyFolderOf(file) }) !== before) changed.push(file);
    }
  }
  return { changed, checked: files.length, exitCode: options.check === true && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok };
}
