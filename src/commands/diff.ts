import type { StrategyDiff } from '../diff/diff-strategies.js';
import { compareRevisions } from '../command-kit/compare-revisions.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { diffFormats, type DiffFormat } from '../render/formats.js';
import { diffFormatters } from '../render/render-diff.js';
import { failOnKinds, type DiffResult, type FailOn } from '../results/diff.js';

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

export async function diff(options: DiffOptions, workspace: Workspace): Promise<DiffResult> {
  const failOn = parseFailOn(options.failOn);
  const compared = await compareRevisions(workspace, options.from, options.to);
  const failed = failOn.filter((kind) => occurred(kind, compared.diff));
  return {
    ...compared,
    failed,
    exitCode: compared.invalid.length > 0 || failed.length > 0 ? ExitCode.Findings : ExitCode.Ok,
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
