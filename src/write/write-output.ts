import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { CliError, isReaderGone, OutputClosedError } from '../errors.js';
import { atomicWrite } from './update-yaml-file.js';
import { isInsideFolder, resolveWriteTarget, writeAll } from './write-target.js';

/**
 * Refuses an output path inside the strategy folder (real paths compared, so a symbolic link or
 * `..` into it counts): a report must never replace leitplanken.yaml, nor add a file the reader
 * could take for strategy data. The process's own descriptors (/dev/stdout, …) are not paths.
 */
export function assertOutsideStrategy(path: string, strategyDir: string, option: string): void {
  if (resolveWriteTarget(path).kind === 'fd') return;
  if (isInsideFolder(path, strategyDir)) {
    throw new CliError(
      `${option} ${path}: refusing to write into the strategy folder ${strategyDir}; choose a path outside it; nothing was written`,
    );
  }
}

/**
 * Writes generated output to a path the user named: a regular file (or a new one) atomically,
 * through a symbolic link at its target; a device, FIFO or socket by opening and writing it, never
 * by replacing it; /dev/stdout and its kin on the descriptor itself.
 */
export function writeOutput(path: string, text: string): void {
  const target = resolveWriteTarget(path);
  if (target.kind === 'file') {
    atomicWrite(target.path, text);
    return;
  }
  const data = Buffer.from(text, 'utf8');
  if (target.kind === 'fd') {
    try {
      writeAll(target.fd, data);
    } catch (error) {
      if (isReaderGone(error)) throw new OutputClosedError();
      throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
    }
    return;
  }
  let fd: number;
  try {
    // No O_CREAT, no O_TRUNC: only what is there now is written, and a device is never truncated.
    fd = openSync(path, constants.O_WRONLY);
  } catch (error) {
    throw new CliError(`cannot write ${path} (a ${target.what}): ${(error as Error).message}`);
  }
  let regular = false;
  try {
    // Replaced by a regular file since it was looked at: that one gets the atomic path below.
    regular = fstatSync(fd).isFile();
    if (!regular) writeAll(fd, data);
  } catch (error) {
    // A FIFO whose reader stopped reading is a pipe like any other.
    if (isReaderGone(error)) throw new OutputClosedError();
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (regular) atomicWrite(path, text);
}
