// Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) while itstrat works.
//
// A reading command keeps Node's default: the signal ends the process at once, even inside a long
// synchronous computation, and it holds nothing that could be left behind. A writing command (and
// `report --out`) holds the signals from the start of its write phase: JavaScript cannot run a
// handler in the middle of synchronous code, so a signal then is handled at the next safe point
// (`signalsDelivered()` before every irreversible step, and between chunks of a long search) —
// never in the middle of an atomic write. The handler lets go of what the process holds (the
// strategy lock), then ends the process by the same signal: a calling shell sees 128 + signal
// (130 for Ctrl-C, 143 for SIGTERM) and, unlike after a plain exit(130), stops a script's loop too.
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type HeldSignal = (typeof SIGNALS)[number];

const cleanups = new Set<() => void>();
const handlers = new Map<HeldSignal, () => void>();

function die(signal: HeldSignal): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // the signal ends the process whatever a cleanup does; a lock left behind is recovered as stale
    }
  }
  cleanups.clear();
  for (const [s, handler] of handlers) process.removeListener(s, handler);
  handlers.clear();
  // Without a listener the signal's default action applies again: death by that signal.
  process.kill(process.pid, signal);
  // Only if the signal could not end the process (ignored by the platform): the same status a shell shows.
  process.exit(128 + constants.signals[signal]);
}

/** From now on, SIGINT, SIGTERM and SIGHUP wait for the next safe point instead of ending the process mid-write. */
export function holdSignals(): void {
  if (handlers.size > 0) return;
  for (const signal of SIGNALS) {
    const handler = (): void => die(signal);
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
}

/** Runs `cleanup` if a signal ends the process before the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  holdSignals();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A safe point: a signal that arrived during synchronous work is handled here (the process ends).
 * Two turns of the event loop, so its poll phase — where signals are noticed — runs in between
 * even when this is called from an I/O callback.
 */
export async function signalsDelivered(): Promise<void> {
  if (handlers.size === 0) return;
  await tick();
  await tick();
}
