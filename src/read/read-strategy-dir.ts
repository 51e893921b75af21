import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliError } from '../errors.js';
import type { SourceFile } from '../model/source-file.js';

export const TOP_LEVEL_FILES = ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml'] as const;
export const MEASURES_DIR = 'measures';

const isYaml = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? path : rel;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'is not readable (permission denied)';
  if (code === 'ENOTDIR') return 'is not a folder';
  return (error as Error).message;
}

/** Reads the strategy folder: the three top-level files (those present) and measures/*.yaml. */
export function readStrategyDir(dir: string): SourceFile[] {
  let stat;
  try {
    stat = statSync(dir);
  } catch (error) {
    throw new CliError(`strategy folder ${displayPath(dir)} ${describe(error)} (set it with --dir or ITSTRAT_DIR)`);
  }
  if (!stat.isDirectory()) throw new CliError(`strategy folder ${displayPath(dir)} is not a folder (set it with --dir or ITSTRAT_DIR)`);

  const names: string[] = TOP_LEVEL_FILES.filter((name) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
  let measureNames: string[] = [];
  try {
    measureNames = readdirSync(join(dir, MEASURES_DIR), { withFileTypes: true })
      .filter((e) => e.isFile() && isYaml(e.name))
      .map((e) => `${MEASURES_DIR}/${e.name}`)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(`folder ${displayPath(join(dir, MEASURES_DIR))} ${describe(error)}`);
    }
  }
  return [...names, ...measureNames].map((rel) => {
    const path = join(dir, rel);
    try {
      return { path: displayPath(path), relative: rel, bytes: readFileSync(path) };
    } catch (error) {
      throw new CliError(`${displayPath(path)} ${describe(error)}`);
    }
  });
}
