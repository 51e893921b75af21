import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { packageRoot } from './package-root.js';
import { TOP_LEVEL_FILES } from './read-strategy-dir.js';

export function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The text of a file, or undefined when there is none to read. */
export function readTextIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export type FolderState =
  | { kind: 'missing' | 'empty' | 'not-empty' }
  | { kind: 'not-a-folder' }
  /** A parent of the path is a regular file: nothing can be created there. */
  | { kind: 'under-a-file'; file: string }
  | { kind: 'unreadable'; reason: string };

/** What is at a path that should become (or be) a folder; never throws. */
export function folderState(path: string): FolderState {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') {
      // Walk up to the regular file that blocks the path, to name it.
      for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
        try {
          if (statSync(p).isFile()) return { kind: 'under-a-file', file: p };
        } catch {
          // keep walking up
        }
      }
      return { kind: 'not-a-folder' };
    }
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  if (!stat.isDirectory()) return { kind: 'not-a-folder' };
  try {
    return { kind: readdirSync(path).length === 0 ? 'empty' : 'not-empty' };
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  }
}

export function isMissingOrEmptyFolder(path: string): boolean {
  const state = folderState(path).kind;
  return state === 'missing' || state === 'empty';
}

/** The reference strategy's leitplanken.yaml, shipped with the tool: the template for `init`. */
export function readReferenceLeitplanken(): string {
  return readFile(join(packageRoot(), 'strategy', 'leitplanken.yaml')).toString('utf8');
}

/** A file named on the command line: missing is a usage error of its own. */
export function assertExists(file: string): void {
  try {
    statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`${file} does not exist`);
  }
}

/** A file named on the command line must be a regular file (not missing, not a folder). */
export function assertRegularFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (!isFile) throw new CliError(`${file} is not a file; expected a strategy file (${TOP_LEVEL_FILES.join(', ')} or measures/*.yaml)`);
}
