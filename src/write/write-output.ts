import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
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

/** A file's bytes (a workbook) on a terminal are noise that can also reset or hang it. */
function refuseTerminal(fd: number, path: string): void {
  if (isatty(fd))
    throw new CliError(`--out ${path} is a terminal: this format writes a binary file; name a file with --out FILE; nothing was written`);
}

/** One turn of waiting that lets the event loop run: a held Ctrl-C or SIGTERM is handled there. */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes all of data to a non-blocking fd. A full pipe (EAGAIN) is waited for on the event loop,
 * never in a blocking call: a reader that stops reading must not make Ctrl-C wait with it.
 */
async function writeAllWaiting(fd: number, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    let written: number;
    try {
      written = writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        await pause(5);
        continue;
      }
      throw error;
    }
    if (written <= 0) throw new Error('no space left to write');
    offset += written;
  }
}

/**
 * Opens a device, FIFO or socket for writing without ever blocking. A plain open() of a FIFO waits
 * inside the kernel until a reader comes, and with it the whole event loop, so a signal could not
 * be handled; non-blocking, it fails with ENXIO while there is no reader, and is tried again after
 * a pause on the event loop.
 */
async function openWithoutBlocking(path: string, fifo: boolean): Promise<number> {
  for (;;) {
    try {
      // No O_CREAT, no O_TRUNC: only what is there now is written, and a device is never truncated.
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if (!fifo || (error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
      await pause(20);
    }
  }
}

/**
 * A descriptor of this process that is a pipe or FIFO, opened anew without blocking
 * (/proc/self/fd/N gives a new open file description of the same pipe, so the flag does not touch
 * the inherited one). Anything else — a file opened for appending by the shell, a socket — is
 * written on the descriptor itself, as given.
 */
function nonBlockingTwin(fd: number): number | undefined {
  try {
    if (!fstatSync(fd).isFIFO()) return undefined;
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
}

/**
 * Writes generated output to a path the user named: a regular file (or a new one) atomically,
 * through a symbolic link at its target; a device, FIFO or socket by opening and writing it, never
 * by replacing it; /dev/stdout and its kin on the descriptor itself. Waiting for a FIFO's reader,
 * or for a full pipe, happens on the event loop, so Ctrl-C and SIGTERM end the wait at once.
 */
export async function writeOutput(path: string, text: string | Uint8Array): Promise<void> {
  const target = resolveWriteTarget(path);
  if (target.kind === 'file') {
    atomicWrite(target.path, text);
    return;
  }
  const binary = typeof text !== 'string';
  const data = binary ? Buffer.from(text) : Buffer.from(text, 'utf8');
  if (target.kind === 'fd') {
    if (binary) refuseTerminal(target.fd, path);
    const twin = nonBlockingTwin(target.fd);
    try {
      if (twin === undefined) writeAll(target.fd, data);
      else await writeAllWaiting(twin, data);
    } catch (error) {
      if (isReaderGone(error)) throw new OutputClosedError();
      throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
    } finally {
      if (twin !== undefined) closeSync(twin);
    }
    return;
  }
  let fd: number;
  try {
    fd = await openWithoutBlocking(path, target.what === 'FIFO');
  } catch (error) {
    throw new CliError(`cannot write ${path} (a ${target.what}): ${(error as Error).message}`);
  }
  let regular = false;
  try {
    // Replaced by a regular file since it was looked at: that one gets the atomic path below.
    regular = fstatSync(fd).isFile();
    if (binary && !regular) refuseTerminal(fd, path);
    if (!regular) await writeAllWaiting(fd, data);
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A FIFO whose reader stopped reading is a pipe like any other.
    if (isReaderGone(error)) throw new OutputClosedError();
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (regular) atomicWrite(path, text);
}
