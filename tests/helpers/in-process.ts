import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli.js';
import { root, type CliRun } from './cli.js';

// The commands read the parse cache's place from the environment: one private cache per test process.
process.env['ITSTRAT_CACHE_DIR'] ??= mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

export interface InProcessOptions {
  /**
   * Environment of the run, like the binary's: the CLI reads it from io.env (colour, ITSTRAT_DIR),
   * other modules from process.env (ITSTRAT_CACHE, ITSTRAT_CACHE_DIR, ITSTRAT_LOCK_TIMEOUT), so
   * these keys are also set in process.env for the duration of the call and restored afterwards.
   */
  env?: Record<string, string>;
  isTTY?: boolean;
  isStderrTTY?: boolean;
  columns?: number;
}

/** Calls in flight: an env override while another call runs would leak into it. */
let running = 0;

/**
 * Runs a command in this process through the same entry as the binary (src/cli.ts run): no
 * process start-up, so most command tests can afford it. It cannot stand in for the process:
 * the cwd is the test process's (vitest workers may not chdir), so tests of cwd-relative paths,
 * exit status, signals, real stdio and parallel processes spawn the binary (helpers/cli.ts).
 */
export async function itstratInProcess(args: readonly string[], options: InProcessOptions = {}): Promise<CliRun> {
  // Relative paths (the default ./strategy, findings' file names) resolve against this process's cwd;
  // the binary's tests run in the repository root, so these must too.
  if (process.cwd() !== root) throw new Error(`itstratInProcess: runs from ${root} only (cwd is ${process.cwd()})`);
  const overrides = Object.entries(options.env ?? {});
  if (overrides.length > 0 && running > 0)
    throw new Error('itstratInProcess: an env override while another in-process run is in flight would leak into it');
  const saved = overrides.map(([key]) => [key, process.env[key]] as const);
  for (const [key, value] of overrides) process.env[key] = value;
  running++;
  let stdout = '';
  let stderr = '';
  try {
    const status = await run(args, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      // The binary's tests run with a bare environment (helpers/cli.ts): no inherited ITSTRAT_DIR or NO_COLOR.
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FORCE_COLOR: '0', ...options.env },
      isTTY: options.isTTY ?? false,
      ...(options.isStderrTTY !== undefined ? { isStderrTTY: options.isStderrTTY } : {}),
      ...(options.columns !== undefined ? { columns: options.columns } : {}),
    });
    return { stdout, stderr, status };
  } finally {
    running--;
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
