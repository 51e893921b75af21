import { diffStrategies } from '../diff/diff-strategies.js';
import { assembleStrategy, memoryCheckCache, type CheckCache } from '../model/assemble-strategy.js';
import { inContractOrder, type Finding } from '../model/finding.js';
import type { GitStrategy, Revision } from '../read/git.js';
import { isMissingOrEmptyFolder } from '../read/read-file.js';
import { WORKING_TREE, type DiffResult, type InvalidFile } from '../results/diff.js';
import type { Workspace } from './workspace.js';

async function load(repo: GitStrategy, workspace: Workspace, revision: Revision | null, cache: CheckCache) {
  // git is loaded only by the commands that read it, so start-up of the others does not pay for it.
  const { blobId, readStrategyAt } = await import('../read/git.js');
  const files =
    revision === null
      ? (isMissingOrEmptyFolder(repo.dir) ? [] : workspace.files()).map((f) => ({ ...f, blob: blobId(f.bytes) }))
      : await readStrategyAt(repo, revision);
  return assembleStrategy(repo.dir, files, cache);
}

/**
 * The strategy at `from` compared with `to` (absent: the working tree, uncommitted and untracked
 * files included) — what `itstrat diff` shows and `itstrat report --since` includes, one
 * computation for both. Refs are untrusted: resolveRevision checks them before git sees them.
 */
export async function compareRevisions(workspace: Workspace, from: string, to?: string): Promise<Omit<DiffResult, 'failed' | 'exitCode'>> {
  const repo = await workspace.git();
  const { resolveRevision } = await import('../read/git.js');
  const fromRev = await resolveRevision(repo, from);
  const toRev = to === undefined ? null : await resolveRevision(repo, to);
  const cache = memoryCheckCache();
  const [a, b] = [await load(repo, workspace, fromRev, cache), await load(repo, workspace, toRev, cache)];
  const errorsOf = (findings: Finding[], revision: string): InvalidFile[] =>
    findings.filter((f) => f.severity === 'error').map((f) => ({ revision, ...inContractOrder(f) }));
  const invalid = [...errorsOf(a.findings, fromRev.ref), ...errorsOf(b.findings, toRev?.ref ?? WORKING_TREE)];
  return {
    from: { ref: fromRev.ref, commit: fromRev.commit },
    to: toRev === null ? { ref: WORKING_TREE, commit: null } : { ref: toRev.ref, commit: toRev.commit },
    title: b.partial.strategy?.title ?? a.partial.strategy?.title ?? null,
    diff: diffStrategies(a.partial, b.partial),
    leitplanken: { from: a.partial.leitplanken, to: b.partial.leitplanken },
    fields: b.partial.strategy?.handlungsfelder ?? a.partial.strategy?.handlungsfelder ?? [],
    metrics: [...(b.partial.metrics?.metrics ?? []), ...(a.partial.metrics?.metrics ?? [])],
    invalid,
    language: workspace.lang ?? b.partial.strategy?.language ?? a.partial.strategy?.language ?? 'de',
  };
}
