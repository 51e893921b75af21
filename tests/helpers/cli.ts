import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const bundled = join(root, 'strategy');
const bin = join(root, 'bin/itstrat.js');

export interface CliRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** One parse cache per test process, so runs never see another run's cache. */
const cacheDir = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

/** Runs the built binary as a user would, without colour and without an inherited ITSTRAT_DIR. */
export function itstrat(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; timeout?: number } = {},
): CliRun {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    FORCE_COLOR: '0',
    ITSTRAT_CACHE_DIR: cacheDir,
    ...options.env,
  };
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env,
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    input: options.input ?? '',
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** A throwaway copy of the bundled strategy to break on purpose. */
export function copyStrategy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'itstrat-')), 'strategy');
  cpSync(bundled, dir, { recursive: true });
  return dir;
}

export function editFile(path: string, edit: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${path} changed nothing`);
  writeFileSync(path, after);
}
