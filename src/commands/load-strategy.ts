import { InvalidStrategyError } from '../errors.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import type { Strategy } from '../model/types.js';
import { diskCheckCache } from '../read/disk-check-cache.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';

export function loadStrategy(dir: string): Strategy {
  const files = readStrategyDir(dir);
  const cache = diskCheckCache(dir);
  const { strategy, findings, partial } = assembleStrategy(dir, files, cache);
  cache?.save();
  if (strategy === undefined) throw new InvalidStrategyError(findings, files.map((f) => f.path), partial.strategy?.language);
  return strategy;
}

export { InvalidStrategyError };
