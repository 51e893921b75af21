import { lstatSync, readlinkSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliError } from '../errors.js';

/**
 * Where a write to a path really goes:
 * - `file`: a regular file, or none yet — replaced atomically at `path`, which for a symbolic
 *   link is the link's real target, so the link stays a link;
 * - `through`: a character or block device, FIFO or socket — opened and written, never replaced
 *   (renaming over /dev/null as root would turn it into a regular file);
 * - `fd`: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N — the process's own descriptor,
 *   written as it is (a shell's `>>` stays an append, a socket works although it cannot be opened).
 */
export type WriteTarget =
  | { kind: 'file'; path: string; exists: boolean }
  | { kind: 'through'; path: string; what: string }
  | { kind: 'fd'; path: string; fd: number };

const FD_PATH = /^\/(?:dev\/(?:fd\/(\d+)|(stdout)|(stderr))|proc\/(self|thread-self|\d+)\/fd\/(\d+))$/;

/** The descriptor a path names, for the /dev and /proc aliases of this process's own descriptors. */
export function descriptorOf(path: string): number | undefined {
  const m = FD_PATH.exec(resolve(path));
  if (m === null) return undefined;
  if (m[1] !== undefined) return Number(m[1]);
  if (m[2] !== undefined) return 1;
  if (m[3] !== undefined) return 2;
  const owner = m[4]!;
  if (owner !== 'self' && owner !== 'thread-self' && Number(owner) !== process.pid) return undefined;
  return Number(m[5]);
}

function kindOf(stat: Stats): string {
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isDirectory()) return 'folder';
  return 'special file';
}

function linkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Classifies a path the tool is about to write; throws a CliError (exit 2) for what it must not write. */
export function resolveWriteTarget(path: string): WriteTarget {
  const fd = descriptorOf(path);
  if (fd !== undefined) return { kind: 'fd', path, fd };
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if (code(error) === 'ENOENT') {
      let folder: Stats | undefined;
      try {
        folder = statSync(dirname(path));
      } catch {
        folder = undefined;
      }
      if (folder === undefined || !folder.isDirectory())
        throw new CliError(`cannot write ${path}: the folder ${dirname(path)} does not exist; nothing was written`);
      return { kind: 'file', path, exists: false };
    }
    if (code(error) === 'ENOTDIR') throw new CliError(`cannot write ${path}: a part of the path is not a folder; nothing was written`);
    throw new CliError(`cannot write ${path}: ${(error as Error).message}; nothing was written`);
  }
  let real = path;
  if (stat.isSymbolicLink()) {
    try {
      stat = statSync(path);
    } catch (error) {
      if (code(error) === 'ELOOP') throw new CliError(`cannot write ${path}: the symbolic links loop; nothing was written`);
      throw new CliError(
        `cannot write ${path}: it is a symbolic link to ${linkText(path)}, which does not exist (a dangling link); nothing was written`,
      );
    }
    if (stat.isFile()) real = realpathSync(path);
  }
  if (stat.isFile()) return { kind: 'file', path: real, exists: true };
  if (stat.isDirectory()) throw new CliError(`cannot write ${path}: it is a folder; name a file; nothing was written`);
  return { kind: 'through', path, what: kindOf(stat) };
}

/** Whether `path` is inside `folder` (or is it), comparing real paths: links and `..` count. */
export function isInsideFolder(path: string, folder: string): boolean {
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    return false;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    try {
      real = join(realpathSync(dirname(path)), basename(path));
    } catch {
      return false;
    }
  }
  const rel = relative(realFolder, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The file an edit of a strategy file reads and replaces. A symbolic link is followed to its
 * target, which is then replaced (the link stays), but only inside the strategy folder: a link
 * leading out of it, or to nothing, is refused, as is anything that is not a regular file.
 */
export function editTarget(path: string, folder: string): string {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let real = path;
  if (stat.isSymbolicLink()) {
    try {
      real = realpathSync(path);
      stat = statSync(real);
    } catch {
      throw new CliError(
        `cannot edit ${path}: it is a symbolic link to ${linkText(path)}, which does not exist (a dangling link); nothing was written`,
      );
    }
    if (!isInsideFolder(real, folder)) {
      throw new CliError(
        `refusing to edit ${path}: it is a symbolic link to ${real}, outside the strategy folder ${folder}; nothing was written`,
      );
    }
  }
  if (!stat.isFile()) throw new CliError(`refusing to edit ${path}: it is a ${kindOf(stat)}, not a regular file; nothing was written`);
  return real;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes all of data to fd; a short write (full disk, file-size limit) must not pass silently. */
export function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    let written: number;
    try {
      written = writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      // An inherited non-blocking pipe that is full: wait for the reader rather than fail.
      if (code(error) === 'EAGAIN') {
        sleep(5);
        continue;
      }
      throw error;
    }
    if (written <= 0) throw new Error('no space left to write');
    offset += written;
  }
}
