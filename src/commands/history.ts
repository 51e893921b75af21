import { CliError } from '../errors.js';
import { MEASURE_ID } from '../model/ids.js';
import { ExitCode } from '../exit-codes.js';
import { measureHistory, type HistoryEntry, type Snapshot } from '../diff/measure-history.js';
import { assembleStrategy, memoryCheckCache } from '../model/assemble-strategy.js';
import type { SourceFile } from '../model/source-file.js';
import { logStrategy, openGitStrategy, readBlobs, resolveRevision, tagsByCommit } from '../read/git.js';

export interface HistoryOptions {
  dir: string;
  id: string;
  /** The newest revision to walk back from; default HEAD. */
  rev?: string;
  /** Reports progress while walking; called with (done, total). */
  progress?: (done: number, total: number) => void;
}

export interface HistoryResult {
  id: string;
  /** Column labels of the Leitplanken, from the newest version that has them. */
  labels: Record<string, string>;
  entries: HistoryEntry[];
  commits: number;
  exitCode: ExitCode;
}

export async function history(options: HistoryOptions): Promise<HistoryResult> {
  if (!MEASURE_ID.test(options.id)) throw new CliError(`measure id ${JSON.stringify(options.id)} has the wrong form; expected something like 1.10`);
  const repo = await openGitStrategy(options.dir);
  const revision = await resolveRevision(repo, options.rev ?? 'HEAD');
  const [commits, tags] = await Promise.all([logStrategy(repo, revision), tagsByCommit(repo)]);
  const blobs = await readBlobs(repo.root, commits.flatMap((c) => c.changes.flatMap((x) => (x.blob === undefined ? [] : [x.blob]))));
  const prefix = repo.prefix === '' ? '' : `${repo.prefix}/`;
  const tree = new Map<string, string>();
  const cache = memoryCheckCache();
  const snapshots: Snapshot[] = [];
  commits.forEach((c, i) => {
    for (const change of c.changes) {
      if (change.blob === undefined) tree.delete(change.relative);
      else tree.set(change.relative, change.blob);
    }
    const files: SourceFile[] = [...tree].map(([relative, blob]) => ({ path: `${prefix}${relative}`, relative, bytes: blobs.get(blob)!, blob }));
    snapshots.push({ commit: c.commit, time: c.time, subject: c.subject, tags: tags.get(c.commit) ?? [], strategy: assembleStrategy(repo.dir, files, cache).partial });
    options.progress?.(i + 1, commits.length);
  });
  const entries = measureHistory(options.id, snapshots);
  if (entries.length === 0) throw new CliError(`measure ${options.id} does not appear in the history of ${repo.dir} up to ${revision.ref}`);
  const leitplanken = [...snapshots].reverse().find((x) => x.strategy.leitplanken !== undefined)?.strategy.leitplanken?.leitplanken ?? [];
  const labels = Object.fromEntries(leitplanken.map((l) => [l.id, l.short ?? l.id]));
  return { id: options.id, labels, entries, commits: commits.length, exitCode: ExitCode.Ok };
}
