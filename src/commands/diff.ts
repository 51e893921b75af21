import { diffStrategies, type StrategyDiff } from '../diff/diff-strategies.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy, memoryCheckCache, type CheckCache } from '../model/assemble-strategy.js';
import { inContractOrder, type Finding } from '../model/finding.js';
import type { GitStrategy, Revision } from '../read/git.js';
import { isMissingOrEmptyFolder } from '../read/read-file.js';
import type { ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { diffFormats, type DiffFormat } from '../render/formats.js';
import { diffFormatters } from '../render/render-diff.js';
import { failOnKinds, WORKING_TREE, type DiffResult, type FailOn, type InvalidFile } from '../results/diff.js';

export interface DiffOptions {
  from: string;
  /** Absent: the working tree, uncommitted and untracked files included. */
  to?: string;
  failOn?: string;
}

export function parseFailOn(spec: string | undefined): FailOn[] {
  if (spec === undefined) return [];
  return spec.split(',').map((part) => {
    const kind = part.trim();
    if (!(failOnKinds as readonly string[]).includes(kind))
      throw new CliError(`--fail-on: unknown kind "${kind}" (valid: ${failOnKinds.join(', ')})`);
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

async function load(repo: GitStrategy, workspace: Workspace, revision: Revision | null, cache: CheckCache) {
  // git is loaded only by the commands that read it, so start-up of the others does not pay for it.
  const { blobId, readStrategyAt } = await import('../read/git.js');
  const files =
    revision === null
      ? (isMissingOrEmptyFolder(repo.dir) ? [] : workspace.files()).map((f) => ({ ...f, blob: blobId(f.bytes) }))
      : await readStrategyAt(repo, revision);
  return assembleStrategy(repo.dir, files, cache);
}

export async function diff(options: DiffOptions, workspace: Workspace): Promise<DiffResult> {
  const failOn = parseFailOn(options.failOn);
  const repo = await workspace.git();
  const { resolveRevision } = await import('../read/git.js');
  const fromRev = await resolveRevision(repo, options.from);
  const toRev = options.to === undefined ? null : await resolveRevision(repo, options.to);
  const cache = memoryCheckCache();
  const [a, b] = [await load(repo, workspace, fromRev, cache), await load(repo, workspace, toRev, cache)];
  const errorsOf = (findings: Finding[], revision: string): InvalidFile[] =>
    findings.filter((f) => f.severity === 'error').map((f) => ({ revision, ...inContractOrder(f) }));
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
    metrics: [...(b.partial.metrics?.metrics ?? []), ...(a.partial.metrics?.metrics ?? [])],
    invalid,
    failed,
    language: workspace.lang ?? b.partial.strategy?.language ?? a.partial.strategy?.language ?? 'de',
    exitCode: invalid.length > 0 || failed.length > 0 ? ExitCode.Findings : ExitCode.Ok,
  };
}

export const diffCommand = {
  kind: 'read',
  spec: {
    path: ['diff'],
    description: 'what changed between two versions of the strategy in git, and what it does to the priorities',
    arguments: [
      { key: 'from', name: '<from>', description: 'the earlier revision (branch, tag or commit)' },
      { key: 'to', name: '[to]', description: 'the later revision (default: the working tree, uncommitted and untracked files included)' },
    ],
    formats: diffFormats,
    options: [{ flags: '--fail-on <kinds>', description: `exit 1 when any of these occurred: ${failOnKinds.join(', ')}` }],
    help: `
Revisions are read straight from git objects; the work tree and index are never touched.
The markdown format is an Änderungsbericht a committee can read, e.g. in a pull request:
  itstrat diff origin/main HEAD --format markdown
  itstrat diff origin/main HEAD --fail-on priority-change,removed
Exits 1 when a --fail-on kind occurred or a file is invalid at either revision (the report
still shows what can be compared), 2 for an unknown revision or outside a git repository.`,
  },
  run: diff,
  formatters: diffFormatters,
} satisfies ReadingCommand<DiffOptions, DiffResult, DiffFormat>;
