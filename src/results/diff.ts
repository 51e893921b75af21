import type { StrategyDiff } from '../diff/diff-strategies.js';
import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import type { Finding } from '../model/finding.js';
import type { Metric, PartialStrategy } from '../model/types.js';

export const failOnKinds = ['added', 'removed', 'changed', 'priority-change', 'weights', 'any'] as const;
export type FailOn = (typeof failOnKinds)[number];

export interface Side {
  ref: string;
  /** null for the working tree. */
  commit: string | null;
}

export interface InvalidFile extends Finding {
  revision: string;
}

export interface DiffResult {
  from: Side;
  to: Side;
  title: string | null;
  diff: StrategyDiff;
  leitplanken: { from: PartialStrategy['leitplanken']; to: PartialStrategy['leitplanken'] };
  fields: NonNullable<PartialStrategy['strategy']>['handlungsfelder'];
  /** The metrics of both sides (the later side's first), so values show in their kind's notation. */
  metrics: readonly Metric[];
  invalid: InvalidFile[];
  /** The --fail-on kinds that occurred. */
  failed: FailOn[];
  language: Lang;
  exitCode: ExitCode;
}

export const WORKING_TREE = 'working tree';
