import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli.js';
import type { CliRun } from './cli.js';

// The commands read the parse cache's place from the environment: one private cache per test process.
process.env['ITSTRAT_CACHE_DIR'] ??= mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

/**
 * Runs a command in this process through the same entry as the binary (src/cli.ts run): no
 * process start-up, so property tests can afford many runs. Scenario tests spawn the binary.
 */
export async function itstratInProcess(args: readonly string[], options: { env?: Record<string, string>; isTTY?: boolean; columns?: number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await run(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { FORCE_COLOR: '0', ...options.env },
    isTTY: options.isTTY ?? false,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
  });
  return { stdout, stderr, status };
}
