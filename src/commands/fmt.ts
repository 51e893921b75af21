import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { topLevelSchemas } from '../model/assemble-strategy.js';
import { canonicalize } from '../model/canonical-layout.js';
import { hasErrors, sortFindings, type Finding } from '../model/finding.js';
import { parseYaml } from '../model/parse-yaml.js';
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
  /** Files left untouched because they cannot be read as one YAML document. */
  refused: string[];
  /** Why: the reading findings of those files (encoding, size, syntax, aliases, nesting, empty). */
  findings: Finding[];
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
  const path = join(folder, 'leitplanken.yaml');
  const text = readTextIfPresent(path);
  if (text === undefined) return undefined;
  // Through the same checks as every other read: a huge or hostile leitplanken.yaml is never parsed raw.
  const data = parseYaml({ path, relative: 'leitplanken.yaml', bytes: Buffer.from(text) }).data as { leitplanken?: { id?: unknown }[] } | undefined;
  if (data === undefined || data === null || typeof data !== 'object' || !Array.isArray(data.leitplanken)) return undefined;
  const ids = data.leitplanken.map((l) => (l !== null && typeof l === 'object' ? l.id : undefined));
  return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
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

function assertExists(file: string): void {
  try {
    statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`${file} does not exist`);
  }
}

/** A file named on the command line must be a regular file (not missing, not a folder). */
function assertRegularFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' || code === 'ENOTDIR' ? `${file} does not exist` : `cannot read ${file}: ${(error as Error).message}`);
  }
  if (!isFile) throw new CliError(`${file} is not a file; expected a strategy file (${TOP_LEVEL_FILES.join(', ')} or measures/*.yaml)`);
}

export function fmt(options: FmtOptions): FmtResult {
  const explicit = options.files !== undefined && options.files.length > 0;
  // Usage errors first, before any file is touched.
  if (explicit) {
    for (const file of options.files!) {
      schemaFor(file);
      assertExists(file);
      // A link out of the strategy folder, a dangling link or a device is refused, also by --check.
      editTarget(file, strategyFolderOf(file));
      assertRegularFile(file);
    }
  }
  if (options.check === true) return fmtLocked(options);
  // The folders of the named files, else the strategy folder: locked from reading to writing.
  return withLocks(explicit ? options.files!.map(strategyFolderOf) : [options.dir], () => fmtLocked(options));
}

function fmtLocked(options: FmtOptions): FmtResult {
  const files = options.files !== undefined && options.files.length > 0 ? [...options.files] : strategyFiles(options.dir);
  for (const file of files) schemaFor(file);
  const changed: string[] = [];
  const refused: string[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const bytes = readFile(editTarget(file, strategyFolderOf(file)));
    // The reading checks of validate (size, encoding, syntax, aliases, nesting, empty file, one
    // document): a file that fails them is never rewritten and never called canonical.
    const read = parseYaml({ path: file, relative: basename(file), bytes }).findings;
    if (hasErrors(read)) {
      refused.push(file);
      findings.push(...read);
      continue;
    }
    const change = layoutEdit(file);
    if (options.check === true) {
      if (planYamlEdit(file, bytes, change).changed) changed.push(file);
    } else {
      const before = bytes.toString('utf8');
      if (updateYamlFile(file, change, undefined, { folder: strategyFolderOf(file) }) !== before) changed.push(file);
    }
  }
  const failed = refused.length > 0 || (options.check === true && changed.length > 0);
  return { changed, checked: files.length, refused, findings: sortFindings(findings), exitCode: failed ? ExitCode.Findings : ExitCode.Ok };
}
