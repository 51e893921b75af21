import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './cli.js';

const bin = join(root, 'bin/itstrat.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the built binary on a real pseudo-terminal of the given size (util-linux `script`), as a
 * user at an 80-column terminal would: the tool sees a TTY and the kernel's window size, not just
 * $COLUMNS. Returns what the terminal showed, escape sequences and carriage returns removed.
 */
export function inTerminal(
  columns: number,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): { screen: string; status: number | null } {
  const command = `stty cols ${columns} rows 40 && exec ${[process.execPath, bin, ...args].map(quote).join(' ')}`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd ?? root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'xterm', ITSTRAT_CACHE_DIR: cacheDir, ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error !== undefined) throw new Error(`cannot run script(1) for a pseudo-terminal: ${result.error.message}`);
  const screen = result.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  return { screen, status: result.status };
}
