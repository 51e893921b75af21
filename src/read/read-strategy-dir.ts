import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  type Dirent,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { CliError } from '../errors.js';
import { MAX_FILE_BYTES } from '../model/parse-yaml.js';
import type { SourceFile, UnreadableFile } from '../model/source-file.js';

// requirements.yaml is optional (see OPTIONAL_FILES in model/assemble-strategy.ts).
export const TOP_LEVEL_FILES = ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml', 'requirements.yaml'] as const;
export const MEASURES_DIR = 'measures';

const isYaml = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

function displayPath(path: string): string {
  let rel: string;
  try {
    rel = relative(process.cwd(), path);
  } catch {
    // the current folder was removed: a --dir given absolutely still reads, shown as given
    return path;
  }
  return rel === '' || rel.startsWith('..') ? path : rel;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'is not readable (permission denied)';
  if (code === 'ENOTDIR') return 'is not a folder';
  return (error as Error).message;
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** What a non-regular file is, for the finding that says why it was not read. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Inside the strategy folder: the folder itself or anything below it, compared as real paths. */
function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

type Located = { real: string; stat: Stats } | { unreadable: UnreadableFile } | { absent: true };

/**
 * Where a path of the strategy really leads. Every component may be a link (links to links, to
 * `..`, absolute links, links to folders): the realpath decides, compared with the realpath of
 * the strategy folder. Nothing outside it is ever opened, so its content cannot reach any output.
 */
function locate(root: string, path: string, shown: string, parentReal?: string): Located {
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return { absent: true };
    throw new CliError(`${shown} ${describe(error)}`);
  }
  // A plain file (no link) in a folder already known to lie inside: its real path is known too.
  // This spares two system calls per measure, which a strategy of 10,000 measures notices.
  if (parentReal !== undefined && own.isFile()) return { real: join(parentReal, basename(path)), stat: own };
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ELOOP') return { unreadable: { rule: 'symlink-broken', message: `${shown} is a symbolic link loop; expected a file` } };
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const target = own.isSymbolicLink() ? ` to ${readlinkSync(path)}` : '';
      return {
        unreadable: {
          rule: 'symlink-broken',
          message: `${shown} is a symbolic link${target} whose target does not exist; expected a file`,
        },
      };
    }
    throw new CliError(`${shown} ${describe(error)}`);
  }
  if (!isInside(root, real)) {
    const target = own.isSymbolicLink() ? readlinkSync(path) : undefined;
    const how = target === undefined ? 'lies behind a symbolic link' : `is a symbolic link to ${target}`;
    return {
      unreadable: {
        rule: 'symlink-outside',
        message: `${shown} ${how} that resolves to ${real}, outside the strategy folder ${root}; it was not read`,
      },
    };
  }
  try {
    return { real, stat: statSync(real) };
  } catch (error) {
    throw new CliError(`${shown} ${describe(error)}`);
  }
}

/**
 * The bytes of a regular file. O_NONBLOCK so that a FIFO swapped in after the check cannot hang
 * the reader, O_NOFOLLOW so that a link swapped in is refused, and fstat on the open descriptor
 * decides what was actually opened.
 */
/** The whole file from an open descriptor whose size fstat gave (readFileSync would fstat again). */
function readAll(fd: number, size: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      // The file grew since fstat: keep reading, within the size limit.
      if (length > MAX_FILE_BYTES) throw new Error(`grew beyond ${MAX_FILE_BYTES} bytes while being read`);
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

function readRegular(real: string, shown: string): Uint8Array | UnreadableFile {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if (codeOf(error) === 'ELOOP')
      return { rule: 'symlink-broken', message: `${shown} changed into a symbolic link while being read; it was not read` };
    throw new CliError(`${shown} ${describe(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { rule: 'not-a-file', message: `${shown} is ${kindOf(stat)}, not a regular file; it was not read` };
    // Judged on the size before reading: a huge file costs neither memory nor time.
    if (stat.size > MAX_FILE_BYTES)
      return {
        rule: 'file-too-large',
        message: `file too large: ${stat.size} bytes; expected at most ${MAX_FILE_BYTES} bytes (1 MiB) per strategy file`,
      };
    return readAll(fd, stat.size);
  } catch (error) {
    throw new CliError(`${shown} ${describe(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** A plain file the folder listing showed: read it as readOne would, without locating it again. */
function readKnownFile(real: string, path: string, rel: string): SourceFile | undefined {
  const shown = displayPath(path);
  const bytes = readRegular(real, shown);
  if (bytes instanceof Uint8Array) return { path: shown, relative: rel, bytes };
  return { path: shown, relative: rel, bytes: new Uint8Array(0), unreadable: bytes };
}

function readOne(root: string, path: string, rel: string, parentReal?: string): SourceFile | undefined {
  const shown = displayPath(path);
  const where = locate(root, path, shown, parentReal);
  if ('absent' in where) return undefined;
  const unreadable = (u: UnreadableFile): SourceFile => ({ path: shown, relative: rel, bytes: new Uint8Array(0), unreadable: u });
  if ('unreadable' in where) return unreadable(where.unreadable);
  if (!where.stat.isFile())
    return unreadable({ rule: 'not-a-file', message: `${shown} is ${kindOf(where.stat)}, not a regular file; it was not read` });
  const bytes = readRegular(where.real, shown);
  return bytes instanceof Uint8Array ? { path: shown, relative: rel, bytes } : unreadable(bytes);
}

/**
 * Reads the strategy folder: the three top-level files (those present) and measures/*.yaml.
 * Links that stay inside the folder are followed (the content is read under the link's name);
 * links leading outside, broken links, loops and special files become unreadable entries that
 * the model reports as findings.
 */
export function readStrategyDir(dir: string): SourceFile[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch (error) {
    throw new CliError(`strategy folder ${displayPath(dir)} ${describe(error)} (set it with --dir or ITSTRAT_DIR)`);
  }
  if (!stat.isDirectory()) throw new CliError(`strategy folder ${displayPath(dir)} is not a folder (set it with --dir or ITSTRAT_DIR)`);
  // The folder itself may be a link: that is the user's choice, so its real path is the boundary.
  const root = realpathSync(dir);

  const files: SourceFile[] = [];
  for (const name of TOP_LEVEL_FILES) {
    const file = readOne(root, join(dir, name), name, root);
    if (file !== undefined) files.push(file);
  }

  const measuresPath = join(dir, MEASURES_DIR);
  const measures = locate(root, measuresPath, displayPath(measuresPath));
  if ('unreadable' in measures) {
    files.push({ path: displayPath(measuresPath), relative: MEASURES_DIR, bytes: new Uint8Array(0), unreadable: measures.unreadable });
    return files;
  }
  if ('absent' in measures) return files;
  if (!measures.stat.isDirectory()) {
    const message = `${displayPath(measuresPath)} is ${measures.stat.isFile() ? 'a file' : kindOf(measures.stat)}; expected the folder of measures`;
    files.push({
      path: displayPath(measuresPath),
      relative: MEASURES_DIR,
      bytes: new Uint8Array(0),
      unreadable: { rule: 'not-a-file', message },
    });
    return files;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(measures.real, { withFileTypes: true }).filter((e) => isYaml(e.name));
  } catch (error) {
    throw new CliError(`folder ${displayPath(measuresPath)} ${describe(error)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(measuresPath, entry.name);
    const rel = `${MEASURES_DIR}/${entry.name}`;
    // The folder listing already says "plain file" (no link): it lies inside, and opening it with
    // O_NOFOLLOW and fstat still decides what is read. One lstat fewer per measure.
    const file = entry.isFile() ? readKnownFile(join(measures.real, entry.name), path, rel) : readOne(root, path, rel, measures.real);
    if (file !== undefined) files.push(file);
  }
  return files;
}

export const REVIEWS_DIR = 'reviews';

/**
 * The assessments of the annual reviews: reviews/<year>/*.yaml, read with the same rules as the
 * measures (links only inside the folder, no special files, 1 MiB). A YAML file directly in
 * reviews/ or in a folder that is no year is read too, so the model can say where it belongs.
 */
export function readReviewFiles(dir: string): SourceFile[] {
  const root = realpathSync(dir);
  const reviewsPath = join(dir, REVIEWS_DIR);
  const reviews = locate(root, reviewsPath, displayPath(reviewsPath));
  if ('absent' in reviews) return [];
  if ('unreadable' in reviews)
    return [{ path: displayPath(reviewsPath), relative: REVIEWS_DIR, bytes: new Uint8Array(0), unreadable: reviews.unreadable }];
  if (!reviews.stat.isDirectory())
    return [
      {
        path: displayPath(reviewsPath),
        relative: REVIEWS_DIR,
        bytes: new Uint8Array(0),
        unreadable: { rule: 'not-a-file', message: `${displayPath(reviewsPath)} is not a folder; expected the folder of annual reviews` },
      },
    ];
  const list = (real: string, shown: string): Dirent[] => {
    try {
      return readdirSync(real, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      throw new CliError(`folder ${displayPath(shown)} ${describe(error)}`);
    }
  };
  const files: SourceFile[] = [];
  for (const entry of list(reviews.real, reviewsPath)) {
    const path = join(reviewsPath, entry.name);
    const rel = `${REVIEWS_DIR}/${entry.name}`;
    if (isYaml(entry.name)) {
      const file = readOne(root, path, rel, reviews.real);
      if (file !== undefined) files.push(file);
      continue;
    }
    const year = locate(root, path, displayPath(path));
    if (!('real' in year) || !year.stat.isDirectory()) continue;
    for (const inner of list(year.real, path).filter((e) => isYaml(e.name))) {
      const file = readOne(root, join(path, inner.name), `${rel}/${inner.name}`, year.real);
      if (file !== undefined) files.push(file);
    }
  }
  return files;
}
