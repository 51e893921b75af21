import { CliError } from '../errors.js';
import { MEASURE_ID } from '../model/ids.js';
import { ExitCode } from '../exit-codes.js';
import { measureHistory, type Snapshot } from '../diff/measure-history.js';
import { assembleStrategy, memoryCheckCache } from '../model/assemble-strategy.js';
import type { SourceFile } from '../model/source-file.js';
import type { ReadingCommand } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { messages } from '../i18n/messages.js';
import { historyFormats, type HistoryFormat } from '../render/formats.js';
import { historyFormatters } from '../render/render-history.js';
import type { HistoryResult } from '../results/history.js';

export interface HistoryOptions {
  id: string;
  /** The newest revision to walk back from; default HEAD. */
  rev?: string;
}

export async function history(options: HistoryOptions, workspace: Workspace): Promise<HistoryResult> {
  if (!MEASURE_ID.test(options.id))
    throw new CliError(`measure id ${JSON.stringify(options.id)} has the wrong form; expected something like 1.10`);
  const lang = workspace.lang ?? 'de';
  const progress = workspace.progress(messages[lang].history.progress);
  const repo = await workspace.git();
  const { FULL_DEPTH_ADVICE, readBlobs, resolveRevision, shallowBoundary, strategyCommits, tagsByCommit } = await import('../read/git.js');
  const revision = await resolveRevision(repo, options.rev ?? 'HEAD');
  const [commits, tags] = await Promise.all([strategyCommits(repo, revision), tagsByCommit(repo)]);
  const blobs = await readBlobs(
    repo.root,
    commits.flatMap((c) => c.files.flatMap((f) => ('blob' in f ? [f.blob] : []))),
  );
  const prefix = repo.prefix === '' ? '' : `${repo.prefix}/`;
  const cache = memoryCheckCache();
  const snapshots: Snapshot[] = [];
  commits.forEach((c, i) => {
    const files: SourceFile[] = c.files.map((f) =>
      'blob' in f
        ? { path: `${prefix}${f.relative}`, relative: f.relative, bytes: blobs.get(f.blob)!, blob: f.blob }
        : { path: `${prefix}${f.relative}`, relative: f.relative, bytes: new Uint8Array(0), unreadable: f.unreadable },
    );
    snapshots.push({
      commit: c.commit,
      time: c.time,
      subject: c.subject,
      tags: tags.get(c.commit) ?? [],
      strategy: assembleStrategy(repo.dir, files, cache).partial,
    });
    progress(i + 1, commits.length);
  });
  // A shallow clone presents its cut-off commit as the one that created everything: when the
  // measure already exists there, its real history is missing.
  const boundary = await shallowBoundary(repo, revision);
  if (
    boundary !== undefined &&
    snapshots[0]?.commit === boundary.commit &&
    (snapshots[0].strategy.measures.some((m) => m.id === options.id) ||
      commits[0]!.files.some((f) => f.relative.startsWith(`measures/${options.id}-`)))
  ) {
    throw new CliError(
      `the history of measure ${options.id} reaches back beyond ${boundary.commit.slice(0, 12)}, where this shallow clone is cut off; ${FULL_DEPTH_ADVICE}`,
    );
  }
  const entries = measureHistory(options.id, snapshots);
  if (entries.length === 0) throw new CliError(`measure ${options.id} does not appear in the history of ${repo.dir} up to ${revision.ref}`);
  const leitplanken = [...snapshots].reverse().find((x) => x.strategy.leitplanken !== undefined)?.strategy.leitplanken?.leitplanken ?? [];
  const labels = Object.fromEntries(leitplanken.map((l) => [l.id, l.short ?? l.id]));
  return { id: options.id, labels, entries, commits: commits.length, language: lang, exitCode: ExitCode.Ok };
}

export const historyCommand = {
  kind: 'read',
  spec: {
    path: ['history'],
    description: 'one measure through the commits (and tags) that changed it: scores, score, rank, priority',
    arguments: [{ key: 'id', name: '<id>', description: 'the measure id, e.g. 1.10', complete: 'measures' }],
    formats: historyFormats,
    options: [{ flags: '--rev <revision>', description: 'walk back from this revision (default HEAD)' }],
    help: '\nFirst-parent history of the strategy folder, read in one git log and one cat-file process.\nProgress goes to stderr when the history has 50 commits or more.',
  },
  run: history,
  formatters: historyFormatters,
} satisfies ReadingCommand<HistoryOptions, HistoryResult, HistoryFormat>;
