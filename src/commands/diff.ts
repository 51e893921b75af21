import { diffStrategies, type StrategyDiff } from '../diff/diff-strategies.js';
import { CliError } from '../errors.js';
import { failOnKinds, type FailOn } from './fail-on.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy, memoryCheckCache, type CheckCache } from '../model/assemble-strategy.js';
import type { Finding } from '../model/finding.js';
import type { PartialStrategy } from '../model/types.js';
import { blobId, openGitStrategy, readStrategyAt, resolveRevision, type GitStrategy, type Revision } from '../read/git.js';
import { isMissingOrEmptyFolder } from '../read/read-file.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';


export interface DiffOptions {
  dir: string;
  from: string;
  /** Absent: the working tree, uncommitted and untracked files included. */
  to?: string;
  failOn?: string;
}

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
  invalid: InvalidFile[];
  /** The --fail-on kinds that occurred. */
  failed: FailOn[];
  exitCode: ExitCode;
}

export const WORKING_TREE = 'working tree';

export function parseFailOn(spec: string | undefined): FailOn[] {
  if (spec === undefined) return [];
  return spec.split(',').map((part) => {
    const kind = part.trim();
    if (!(failOnKinds as readonly string[]).includes(kind)) throw new CliError(`--fail-on: unknown kind "${kind}" (valid: ${failOnKinds.join(', ')})`);
    return kind as FailOn;
  });
}

function occurred(kind: FailOn, d: StrategyDiff): boolean {
  switch (kind) {
    case 'added':
      return d.added.length > 0;
    case 'removed':
      return d.removed.length > 0;
    case 'changed':
      return d.changed.length > 0;
    case 'priority-change':
      return (d.ranking ?? []).some((r) => r.priorityChanged);
    case 'weights':
      return d.weights.length > 0 || d.threshold !== null;
    case 'any':
      return (
        d.added.length + d.removed.length + d.changed.length + d.weights.length + d.strategy.length > 0 ||
        d.threshold !== null ||
        d.metrics.added.length + d.metrics.removed.length + d.metrics.changed.length > 0 ||
        d.fields.added.length + d.fields.removed.length + d.fields.changed.length > 0
      );
  }
}

async function load(repo: GitStrategy, revision: Revision | null, cache: CheckCache) {
  const files =
    revision === null
      ? (isMissingOrEmptyFolder(repo.dir) ? [] : readStrategyDir(repo.dir)).map((f) => ({ ...f, blob: blobId(f.bytes) }))
      : await readStrategyAt(repo, revision);
  return assembleStrategy(repo.dir, files, cache);
}

export async function diff(options: DiffOptions): Promise<DiffResult> {
  const failOn = parseFailOn(options.failOn);
  const repo = await openGitStrategy(options.dir);
  const fromRev = await resolveRevision(repo, options.from);
  const toRev = options.to === undefined ? null : await resolveRevision(repo, options.to);
  const cache = memoryCheckCache();
  const [a, b] = [await load(repo, fromRev, cache), await load(repo, toRev, cache)];
  const errorsOf = (findings: Finding[], revision: string): InvalidFile[] =>
    findings.filter((f) => f.severity === 'error').map(({ file, line, col, endLine, endCol, path, rule, severity, message }) => ({ revision, file, line, col, endLine, endCol, path, rule, severity, message }));
  const invalid = [...errorsOf(a.findings, fromRev.ref), ...errorsOf(b.findings, toRev?.ref ?? WORKING_TREE)];
  const d = diffStrategies(a.partial, b.partial);
  const failed = failOn.filter((kind) => occurred(kind, d));
  return {
    from: { ref: fromRev.ref, commit: fromRev.commit },
    to: toRev === null ? { ref: WORKING_TREE, commit: null } : { ref: toRev.ref, commit: toRev.commit },
    title: b.partial.strategy?.title ?? a.partial.strategy?.title ?? null,
    diff: d,
    leitplanken: { from: a.partial.leitplanken, to: b.partial.leitplanken },
    fields: b.partial.strategy?.handlungsfelder ?? a.partial.strategy?.handlungsfelder ?? [],
    invalid,
    failed,
    exitCode: invalid.length > 0 || failed.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}
