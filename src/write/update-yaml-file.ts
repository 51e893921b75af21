import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, visit, type Document } from 'yaml';
import { CliError } from '../errors.js';
import { yamlFormat } from '../model/yaml-format.js';
import { isProcessAlive } from './process-alive.js';
import { editTarget, resolveWriteTarget, writeAll } from './write-target.js';

export interface YamlEdit {
  /** Changes the document in place, through the Document API so comments stay attached. */
  edit(doc: Document): void;
  /** The data the file must hold afterwards, computed independently from the data before. */
  expected(before: unknown): unknown;
  /**
   * Optionally the same edit made in the text itself (`text` with \n line breaks, `doc` parsed
   * from it), so lines it does not touch keep their layout; undefined where it cannot, and the
   * document is re-written instead. Verified like the other.
   */
  patch?(text: string, doc: Document): string | undefined;
}

const BOM = '\uFEFF';

function commentsOf(doc: Document): string[] {
  const comments: string[] = [];
  const add = (c: string | null | undefined): void => {
    if (c)
      comments.push(
        ...c
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      );
  };
  add(doc.commentBefore);
  add(doc.comment);
  visit(doc, {
    Node(_, node) {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return comments;
}

/** Comments that the edited document no longer has (as a multiset). */
export function lostComments(before: Document, after: Document): string[] {
  const remaining = commentsOf(after);
  return commentsOf(before).filter((c) => {
    const i = remaining.indexOf(c);
    if (i === -1) return true;
    remaining.splice(i, 1);
    return false;
  });
}

export interface PlannedEdit {
  output: string;
  changed: boolean;
}

/** The line break a text uses most: \r\n, \r or \n (\n when it has none). */
export function lineBreakOf(text: string): '\r\n' | '\r' | '\n' {
  const crlf = text.split('\r\n').length - 1;
  const cr = text.split('\r').length - 1 - crlf;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > 0 && crlf >= cr && crlf >= lf ? '\r\n' : cr > lf ? '\r' : '\n';
}

/**
 * Applies an edit to a file's content and proves it lost nothing: the result is re-parsed and
 * must hold exactly the expected data and every original comment. Keeps a BOM and CRLF line
 * endings. Throws (and so writes nothing) otherwise. `path` only names the file in messages.
 */
export function planYamlEdit(path: string, original: Uint8Array, change: YamlEdit): PlannedEdit {
  let text = Buffer.from(original).toString('utf8');
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1);
  // The file's line break is kept: CRLF, LF, or a lone CR (a line break in YAML 1.2 that the
  // yaml library does not know); a file that mixes them gets the one it uses most.
  const eol = lineBreakOf(text);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');

  const before = parseDocument(text, { uniqueKeys: true });
  if (before.errors.length > 0)
    throw new CliError(`refusing to edit ${path}: it does not parse (${before.errors[0]!.message.split('\n')[0]}); run itstrat validate`);
  const patched = change.patch?.(text, before);
  let output: string;
  if (patched !== undefined) output = patched;
  else {
    const doc = parseDocument(text, { uniqueKeys: true });
    change.edit(doc);
    output = doc.toString(yamlFormat);
  }

  const reparsed = parseDocument(output, { uniqueKeys: true });
  let data: unknown;
  try {
    data = before.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb or a dangling alias: callers check first, this is the last line of defence.
    throw new CliError(`refusing to edit ${path}: ${(error as Error).message}; run itstrat validate`);
  }
  const expected = change.expected(data);
  if (reparsed.errors.length > 0 || !isDeepStrictEqual(reparsed.toJS(), expected)) {
    throw new CliError(`refusing to write ${path}: the edited file would not hold exactly the intended data; the file is unchanged`);
  }
  const lost = lostComments(before, reparsed);
  if (lost.length > 0) throw new CliError(`refusing to write ${path}: the edit would lose the comment "${lost[0]}"; the file is unchanged`);

  if (eol !== '\n') output = output.replace(/\n/g, eol);
  if (bom) output = BOM + output;
  return { output, changed: output !== Buffer.from(original).toString('utf8') };
}

/** A file without any write permission bit is protected, even from root. */
export function assertWritable(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if ((mode & 0o222) === 0) throw new CliError(`${path} is read-only; nothing was written`);
}

/**
 * Edits a YAML file without losing data (see planYamlEdit); the file must not have changed since
 * it was read; the write is atomic (temp file, fsync, rename). On any failure the file is left as
 * it was. A symbolic link is edited at its target, which must lie inside `folder` (default: the
 * file's own folder; see editTarget). Returns the new content.
 */
export function updateYamlFile(
  path: string,
  change: YamlEdit,
  write: (path: string, text: string) => void = atomicWrite,
  options: { folder?: string } = {},
): string {
  const target = editTarget(path, options.folder ?? dirname(path));
  let original: Buffer;
  try {
    original = readFileSync(target);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const { output, changed } = planYamlEdit(path, original, change);
  if (!changed) return output;
  assertWritable(target);
  let current: Buffer;
  try {
    current = readFileSync(target);
  } catch (error) {
    throw new CliError(`cannot read ${path} again before writing: ${(error as Error).message}; nothing was written`);
  }
  if (!current.equals(original))
    throw new CliError(`${path} was changed by someone else while itstrat was editing it; nothing was written, run the command again`);
  write(target, output);
  return output;
}

/** Temp files of this tool: `.<file>.itstrat-<pid>-<random>.tmp`, next to the file they replace. */
const TEMP_NAME = /^\..+\.itstrat-(\d+)-[0-9a-f]+\.tmp$/;
const swept = new Set<string>();

/**
 * Removes the temp files a killed writer left in a folder (their pid is gone), once per folder
 * and run. A live writer's temp file is never touched. Best effort: it only tidies up.
 */
export function removeStaleTemps(folder: string): void {
  const key = resolve(folder);
  if (swept.has(key)) return;
  swept.add(key);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null || Number(m[1]) === process.pid || isProcessAlive(Number(m[1]))) continue;
    // Only regular files we could have written; anything else of that name is left alone, and a
    // failure to tidy up never stops the write itself.
    try {
      if (lstatSync(join(folder, name)).isFile()) unlinkSync(join(folder, name));
    } catch {
      // best effort
    }
  }
}

/**
 * Writes a complete new version next to the file, proves it reads back exactly, and only then
 * renames it over the file. write-file-atomic was used here first, but under a file-size limit
 * it renamed a truncated temp file over the original; this is why the check exists.
 */
function writeVerifiedTemp(path: string, text: string | Uint8Array, mode: number): string {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  removeStaleTemps(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.itstrat-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (!readFileSync(temp).equals(data)) throw new Error('the written data does not read back intact');
    return temp;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

function syncFolder(path: string): void {
  // Makes the rename itself durable; not every platform can open a folder, so it is best effort.
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}

/**
 * Atomic replace: temp file in the same folder, fsync, read-back check, rename. Only for regular
 * files (or a new one): through a symbolic link its real target is replaced and the link stays;
 * a dangling link, a folder or a device is refused (writeOutput writes devices through).
 */
export function atomicWrite(path: string, text: string | Uint8Array): void {
  const target = resolveWriteTarget(path);
  if (target.kind !== 'file') throw new CliError(`refusing to replace ${path}: it is not a regular file; nothing was written`);
  const real = target.path;
  let temp: string | undefined;
  try {
    let mode = 0o644;
    try {
      mode = statSync(real).mode & 0o7777;
    } catch {
      // a new file gets the default mode
    }
    temp = writeVerifiedTemp(real, text, mode);
    renameSync(temp, real);
    temp = undefined;
    syncFolder(real);
  } catch (error) {
    if (temp !== undefined) rmSync(temp, { force: true });
    throw new CliError(`cannot write ${path}: ${(error as Error).message}; the file is unchanged`);
  }
}

/** Creates a new file atomically and never over an existing one: verified temp file, then a hard link. */
export function createFileExclusive(path: string, text: string): void {
  let temp: string | undefined;
  try {
    temp = writeVerifiedTemp(path, text, 0o644);
    linkSync(temp, path);
    syncFolder(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EEXIST'
        ? `${path} already exists; nothing was written`
        : `cannot write ${path}: ${(error as Error).message}; nothing was written`,
    );
  } finally {
    if (temp !== undefined) rmSync(temp, { force: true });
  }
}

export function ensureFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create ${path}: ${(error as Error).message}`);
  }
}
