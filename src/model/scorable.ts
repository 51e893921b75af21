import { topLevelSchemas } from './assemble-strategy.js';
import type { LocatedMeasure, PartialStrategy } from './types.js';

/**
 * What of a partly invalid strategy may be scored: the Leitplanken and Handlungsfelder only when
 * their files have no errors, and only the measures whose own file has none. A measure with
 * `security: 7` must not be ranked from the same revision that reports it as invalid.
 */
export interface ScorableParts {
  leitplanken?: NonNullable<PartialStrategy['leitplanken']>;
  strategy?: NonNullable<PartialStrategy['strategy']>;
  measures: LocatedMeasure[];
  /** Measures left out because their file is invalid: id (where readable) and file. */
  unranked: { id: string | null; file: string }[];
}

export function scorableParts(s: PartialStrategy): ScorableParts {
  const invalid = new Set(s.invalidFiles.map((f) => f.relative));
  return {
    ...(s.leitplanken !== undefined && !invalid.has('leitplanken.yaml') ? { leitplanken: s.leitplanken } : {}),
    ...(s.strategy !== undefined && !invalid.has('strategy.yaml') ? { strategy: s.strategy } : {}),
    measures: s.measures.filter((m) => !invalid.has(m.origin.relative)),
    unranked: s.invalidFiles
      .filter((f) => !Object.hasOwn(topLevelSchemas, f.relative))
      .map((f) => ({ id: f.id ?? null, file: f.relative })),
  };
}
