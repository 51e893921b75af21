import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundled } from './cli.js';

/** A throwaway git repository with fixed identity and dates, holding a copy of the bundled strategy. */
export interface GitDir {
  dir: string;
  git(args: string[], env?: Record<string, string>): string;
  /** Commits everything with the given date (YYYY-MM-DD) and returns the commit id. */
  commit(message: string, date?: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  edit(rel: string, edit: (text: string) => string): void;
  remove(rel: string): void;
  move(from: string, to: string): void;
}

export function gitdir(options: { strategy?: boolean } = {}): GitDir {
  const dir = mkdtempSync(join(tmpdir(), 'itstrat-git-'));
  const baseEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
  };
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: dir, env: { ...baseEnv, ...env }, encoding: 'utf8' });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'commit.gpgsign', 'false']);
  if (options.strategy !== false) cpSync(bundled, join(dir, 'strategy'), { recursive: true });
  const g: GitDir = {
    dir,
    git,
    commit(message, date = '2020-01-15') {
      const stamp = `${date}T12:00:00Z`;
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', message], { GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp });
      return git(['rev-parse', 'HEAD']).trim();
    },
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    write: (rel, text) => writeFileSync(join(dir, rel), text),
    edit(rel, edit) {
      const before = g.read(rel);
      const after = edit(before);
      if (after === before) throw new Error(`edit of ${rel} changed nothing`);
      g.write(rel, after);
    },
    remove: (rel) => rmSync(join(dir, rel)),
    move: (from, to) => renameSync(join(dir, from), join(dir, to)),
  };
  return g;
}
