import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { onInterrupt } from './interrupt.js';
import { isProcessAlive } from './process-alive.js';
import { kindOf } from '../read/read-strategy-dir.js';

/** The lock file, inside the strategy folder: the reader only reads *.yaml, so it never sees it. */
export const LOCK_FILE = '.itstrat.lock';
/** Held for the microseconds it takes to remove a stale lock, so two processes never both do it. */
const BREAK_FILE = '.itstrat.lock.break';
/** Default bound on the wait for another writer, in milliseconds (ITSTRAT_LOCK_TIMEOUT overrides). */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
/** A lock from another host cannot be checked by pid; after this long it is taken as left behind. */
export const FOREIGN_LOCK_STALE_MS = 10 * 60_000;
/**
 * A lock (or break) file whose content is not a complete lock record: a writer killed between
 * creating and filling it. Filling takes microseconds, so after this long it is left behind.
 */
const UNREADABLE_STALE_MS = 2_000;

interface Holder {
  pid: number;
  hostname: string;
  time: string;
  token: string;
}

interface Observed {
  raw: string;
  holder: Holder | undefined;
  mtimeMs: number;
}

/** A wait that lets the event loop run, so a held signal is handled during it, not after it. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readAll(fd: number): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(4096);
  // A lock record is one short line; more is not ours and is not read to the end.
  for (let total = 0; total < 65_536;) {
    const n = readSync(fd, buffer, 0, buffer.length, null);
    if (n <= 0) break;
    total += n;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseHolder(raw: string): Holder | undefined {
  try {
    const data = JSON.parse(raw) as Partial<Holder>;
    if (
      typeof data.pid === 'number' &&
      Number.isInteger(data.pid) &&
      data.pid > 0 &&
      typeof data.hostname === 'string' &&
      typeof data.time === 'string' &&
      typeof data.token === 'string'
    ) {
      return { pid: data.pid, hostname: data.hostname, time: data.time, token: data.token };
    }
  } catch {
    // not a lock record
  }
  return undefined;
}

/** The current lock file, or undefined when it vanished meanwhile. */
function observe(path: string): Observed | undefined {
  // Only a regular file can be our lock: a link (even a dangling one), a FIFO or a device there is
  // not, and reading it could block or never end.
  let kind: Stats;
  try {
    kind = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!kind.isFile())
    throw new CliError(
      `the lock ${path} is not a regular file (${kind.isSymbolicLink() ? 'a symbolic link' : kindOf(kind)}); nothing was written — remove it if no itstrat is running`,
    );
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const mtimeMs = fstatSync(fd).mtimeMs;
    const raw = readAll(fd);
    return { raw, holder: parseHolder(raw), mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function readRaw(path: string): string | undefined {
  return observe(path)?.raw;
}

export function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env['ITSTRAT_LOCK_TIMEOUT'];
  if (value === undefined || value === '') return DEFAULT_LOCK_TIMEOUT_MS;
  if (!/^\d+$/.test(value)) throw new CliError(`ITSTRAT_LOCK_TIMEOUT: expected a whole number of milliseconds (found "${value}")`);
  return Number(value);
}

function isStale(observed: Observed, now: number): boolean {
  const holder = observed.holder;
  // A time in the future is no live writer's either (a clock set back, a file touched by hand).
  if (holder === undefined) return Math.abs(now - observed.mtimeMs) > UNREADABLE_STALE_MS;
  if (holder.hostname !== hostname()) {
    const since = Date.parse(holder.time);
    return Number.isNaN(since) || Math.abs(now - since) > FOREIGN_LOCK_STALE_MS;
  }
  // Our own pid on a lock that is not ours (we hold none here): left by an earlier process that
  // had the same pid, as happens in containers.
  if (holder.pid === process.pid) return true;
  return !isProcessAlive(holder.pid);
}

/**
 * Removes a lock judged stale, but only if it is still exactly that lock: the break file makes
 * the check-and-remove exclusive among breakers, and the content (with its random token) tells a
 * new lock from the stale one even when the file system reuses the inode.
 */
function breakStale(dir: string, stale: Observed): void {
  const breakPath = join(dir, BREAK_FILE);
  let fd: number;
  try {
    fd = openSync(breakPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process is breaking the lock; its break file outlives it only if it was killed.
    try {
      if (Date.now() - lstatSync(breakPath).mtimeMs > UNREADABLE_STALE_MS) unlinkSync(breakPath);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    if (readRaw(join(dir, LOCK_FILE)) === stale.raw) unlinkSync(join(dir, LOCK_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    closeSync(fd);
    try {
      unlinkSync(breakPath);
    } catch {
      // already gone
    }
  }
}

function describeHolder(observed: Observed | undefined): string {
  const h = observed?.holder;
  if (h === undefined) return 'another process';
  return `pid ${h.pid}${h.hostname !== hostname() ? ` on ${h.hostname}` : ''} since ${h.time}`;
}

/** Locks this process holds (real paths): taking one again nests instead of waiting for itself. */
const held = new Set<string>();

export interface LockOptions {
  /** How long to wait for another writer, in ms; default from ITSTRAT_LOCK_TIMEOUT, else 10 s. */
  timeoutMs?: number;
}

/**
 * Runs fn while holding the strategy folder's lock, so a read-modify-write cycle of one writing
 * command never interleaves with another's. Waits a bounded time for another holder, then fails
 * with exit 2 naming the lock file and its holder. A lock whose holder died (its pid is gone on
 * this host, or, from another host, it is older than 10 minutes) is removed and taken over.
 * A folder that does not exist is not locked: fn reports that in its own words.
 *
 * Signals are held from before the lock file is created: a SIGTERM between creating it and
 * registering its release would otherwise end the process by the default action and leave the
 * lock behind. The wait for another writer is asynchronous, so a held Ctrl-C still ends the
 * process at once while waiting.
 */
export async function withStrategyLock<T>(dir: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  try {
    if (!statSync(dir).isDirectory()) return fn();
  } catch {
    return fn();
  }
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv(process.env);
  const path = join(dir, LOCK_FILE);
  let key: string;
  try {
    key = join(realpathSync(dir), LOCK_FILE);
  } catch {
    key = resolve(path);
  }
  if (held.has(key)) return fn();
  const record: Holder = { pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const content = `${JSON.stringify(record)}\n`;
  // Registered before the lock can exist; removes it only if it is ours (never another's lock).
  const forgetEarly = onInterrupt(() => {
    try {
      if (readRaw(path) === content) unlinkSync(path);
    } catch {
      // not created yet, or already gone
    }
  });
  try {
    const deadline = Date.now() + timeoutMs;
    let last: Observed | undefined;
    for (;;) {
      let fd: number | undefined;
      try {
        fd = openSync(path, 'wx', 0o644);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST')
          throw new CliError(`cannot lock the strategy folder ${dir} (${path}): ${(error as Error).message}; nothing was written`);
      }
      if (fd !== undefined) {
        try {
          writeSync(fd, content);
        } catch (error) {
          closeSync(fd);
          try {
            unlinkSync(path);
          } catch {
            // nothing to clean up
          }
          throw new CliError(`cannot lock the strategy folder ${dir} (${path}): ${(error as Error).message}; nothing was written`);
        }
        closeSync(fd);
        break;
      }
      try {
        last = observe(path);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`cannot read the lock ${path}: ${(error as Error).message}; nothing was written`);
      }
      // Released meanwhile: try again at once — but never past the deadline.
      if (last === undefined) {
        if (Date.now() < deadline) continue;
        throw new CliError(
          `the strategy folder ${dir} could not be locked within ${(timeoutMs / 1000).toFixed(1)} s (${path} kept appearing and disappearing); nothing was written`,
        );
      }
      if (isStale(last, Date.now())) {
        try {
          breakStale(dir, last);
        } catch (error) {
          throw new CliError(`cannot remove the stale lock ${path}: ${(error as Error).message}; nothing was written`);
        }
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new CliError(
          `the strategy folder ${dir} is locked by another itstrat (${describeHolder(last)}; lock file ${path}); waited ${(timeoutMs / 1000).toFixed(1)} s, nothing was written — try again, or delete the lock file if no itstrat is running`,
        );
      }
      // Jitter, so two waiters do not retry in lockstep.
      await sleep(Math.min(left, 10 + Math.floor(Math.random() * 30)));
    }
  } catch (error) {
    forgetEarly();
    throw error;
  }

  held.add(key);
  let holding = true;
  // Ctrl-C or SIGTERM while the lock is held: it is let go before the process ends.
  const forget = onInterrupt(() => release());
  forgetEarly();
  const release = (): void => {
    if (!holding) return;
    holding = false;
    held.delete(key);
    forget();
    process.removeListener('exit', release);
    try {
      // Only our own lock: never one that someone took over after judging ours stale.
      if (readRaw(path) === content) unlinkSync(path);
    } catch {
      // already gone; a lock left behind is recovered as stale by the next writer
    }
  };
  process.on('exit', release);
  // An asynchronous cycle (a long search that yields to let signals in) holds the lock until it settles.
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Holds the locks of several strategy folders, taken in one order so two runs never deadlock. */
export function withStrategyLocks<T>(dirs: readonly string[], fn: () => T | Promise<T>): Promise<T> {
  const [first, ...rest] = [...new Set(dirs.map((d) => resolve(d)))].sort();
  return first === undefined ? Promise.resolve().then(fn) : withStrategyLock(first, () => withStrategyLocks(rest, fn));
}
