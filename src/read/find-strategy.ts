// Finding the strategy like git finds .git: without --dir or $ITSTRAT_DIR, from the current
// folder upward. At each folder, nearest first:
//   1. the folder itself holds strategy.yaml (you are inside the strategy folder), else
//   2. it holds strategy/strategy.yaml (you are in the project that keeps the strategy).
// The search goes up to the filesystem root; it does not stop at a git work tree's top, because
// the strategy need not live in the repository you stand in (the user asked for "any parent").
import { lstatSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const STRATEGY_FILE = 'strategy.yaml';
export const STRATEGY_FOLDER = 'strategy';

export type Search = { found: true; dir: string; absolute: string } | { found: false; looked: readonly string[] };

/**
 * An entry named strategy.yaml that is not a folder marks a strategy folder — also a broken link
 * or a FIFO: the reader then reports what is wrong with it, rather than the search walking past.
 */
function holdsStrategyFile(folder: string): boolean {
  const path = join(folder, STRATEGY_FILE);
  try {
    lstatSync(path);
  } catch {
    return false;
  }
  try {
    return !statSync(path).isDirectory();
  } catch {
    return true;
  }
}

/** The nearest strategy from `cwd` upward; `dir` is relative to cwd (`.`, `..`, `strategy`, `../strategy`). */
export function findStrategy(cwd: string): Search {
  const looked: string[] = [];
  for (let folder = cwd; ; folder = dirname(folder)) {
    looked.push(folder);
    for (const candidate of [folder, join(folder, STRATEGY_FOLDER)]) {
      if (holdsStrategyFile(candidate)) return { found: true, dir: relative(cwd, candidate) || '.', absolute: candidate };
    }
    if (dirname(folder) === folder) return { found: false, looked };
  }
}

/** The message for a search that found nothing: where it looked and what to do. */
export function notFoundMessage(looked: readonly string[]): string {
  const first = looked[0] ?? '.';
  const last = looked.at(-1) ?? first;
  const where = looked.length > 1 ? `in ${first} and every folder above it up to ${last}` : `in ${first}`;
  return `no strategy found: looked for ${STRATEGY_FILE} and ${STRATEGY_FOLDER}/${STRATEGY_FILE} ${where}; name the strategy folder with --dir DIR (or $ITSTRAT_DIR), or create one with itstrat init`;
}
