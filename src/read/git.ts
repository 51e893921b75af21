import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { CliError } from '../errors.js';
import type { SourceFile } from '../model/source-file.js';
import { folderState } from './read-file.js';
import { MEASURES_DIR, TOP_LEVEL_FILES } from './read-strategy-dir.js';

/** A git repository and the strategy folder inside it. */
export interface GitStrategy {
  git: SimpleGit;
  /** Absolute path of the work tree. */
  root: string;
  /** The strategy folder relative to the work tree, with `/`, e.g. `strategy` ('' for the root). */
  prefix: string;
  /** The strategy folder as the user named it, for display. */
  dir: string;
}

export interface Revision {
  ref: string;
  commit: string;
}

const MAX_REF_LENGTH = 256;

/** Refs are data: nothing that git could read as an option, and nothing a terminal could act on. */
export function checkRef(ref: string): void {
  if (ref.length === 0) throw new CliError('empty revision; expected a branch, tag or commit');
  if (ref.length > MAX_REF_LENGTH) throw new CliError(`revision is longer than ${MAX_REF_LENGTH} characters`);
  if (ref.startsWith('-')) throw new CliError(`revision ${JSON.stringify(ref)} starts with "-"; expected a branch, tag or commit`);
  if (/[\s\u0000-\u001f\u007f]/.test(ref)) throw new CliError(`revision ${JSON.stringify(ref)} contains whitespace or control characters`);
}

function gitError(error: unknown): string {
  return (error as Error).message.split('\n').find((l) => l.trim() !== '')?.trim() ?? String(error);
}

export async function openGitStrategy(dir: string): Promise<GitStrategy> {
  const absolute = resolve(dir);
  // Ask from the folder itself; it may be gone from the work tree (deleted, uncommitted): then from the cwd.
  const state = folderState(absolute).kind;
  if (state === 'not-a-folder' || state === 'under-a-file') throw new CliError(`strategy folder ${dir} is not a folder (set it with --dir or ITSTRAT_DIR)`);
  const git = simpleGit({ baseDir: state === 'empty' || state === 'not-empty' ? absolute : process.cwd(), trimmed: true });
  let root: string;
  try {
    root = await git.revparse(['--show-toplevel']);
  } catch (error) {
    throw new CliError(`not inside a git repository (${gitError(error)}); itstrat diff, history and status read versions from git`);
  }
  const prefix = relative(root, absolute).split(sep).join('/');
  if (prefix.startsWith('..')) throw new CliError(`strategy folder ${dir} is outside the git repository at ${root}`);
  // Only object-reading commands run (rev-parse, ls-tree, cat-file, log): none reads the index,
  // so a repository's fsmonitor or diff drivers never run; simple-git's unsafe options stay off.
  return { git: simpleGit({ baseDir: root, trimmed: true }), root, prefix, dir };
}

export async function resolveRevision(repo: GitStrategy, ref: string): Promise<Revision> {
  checkRef(ref);
  try {
    const commit = await repo.git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (/^[0-9a-f]{40,64}$/.test(commit.trim())) return { ref, commit: commit.trim() };
  } catch {
    // fall through to the explanation below
  }
  const shallow = await repo.git.raw(['rev-parse', '--is-shallow-repository']).catch(() => 'false');
  throw new CliError(
    shallow.trim() === 'true'
      ? `unknown revision ${JSON.stringify(ref)}: this is a shallow clone that lacks it; fetch with full depth (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`
      : `unknown revision ${JSON.stringify(ref)}; expected a branch, tag or commit of this repository`,
  );
}

const strategyPathOf = (prefix: string, relativePath: string): string => (prefix === '' ? relativePath : `${prefix}/${relativePath}`);

/** The path inside the strategy folder, or undefined for files that are not strategy files. */
export function strategyRelative(prefix: string, repoPath: string): string | undefined {
  const inside = prefix === '' ? repoPath : repoPath.startsWith(`${prefix}/`) ? repoPath.slice(prefix.length + 1) : undefined;
  if (inside === undefined) return undefined;
  if ((TOP_LEVEL_FILES as readonly string[]).includes(inside)) return inside;
  const match = /^measures\/[^/]+\.ya?ml$/.exec(inside);
  return match === null ? undefined : inside;
}

/** Blob contents for many object ids in one `git cat-file --batch` process. */
export function readBlobs(root: string, ids: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    const unique = [...new Set(ids)];
    const blobs = new Map<string, Buffer>();
    if (unique.length === 0) {
      resolvePromise(blobs);
      return;
    }
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => reject(new CliError(`cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new CliError(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`));
        return;
      }
      const out = Buffer.concat(chunks);
      let at = 0;
      for (const id of unique) {
        const eol = out.indexOf(10, at);
        const header = out.subarray(at, eol).toString();
        const [, type, size] = header.split(' ');
        if (type !== 'blob' || size === undefined) {
          reject(new CliError(`git cat-file: unexpected answer for ${id}: ${header}`));
          return;
        }
        const start = eol + 1;
        blobs.set(id, out.subarray(start, start + Number(size)));
        at = start + Number(size) + 1;
      }
      resolvePromise(blobs);
    });
    child.stdin.end(`${unique.join('\n')}\n`);
  });
}

interface TreeEntry {
  blob: string;
  path: string;
}

/** Strategy files of a commit: one `ls-tree` and one `cat-file --batch`, never a checkout. */
export async function readStrategyAt(repo: GitStrategy, revision: Revision): Promise<SourceFile[]> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', revision.commit];
  if (repo.prefix !== '') args.push('--', `${repo.prefix}/`);
  const listing = await repo.git.raw(args);
  const entries: TreeEntry[] = [];
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, blob] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (type !== 'blob' || blob === undefined || mode === '120000') continue;
    if (strategyRelative(repo.prefix, path) !== undefined) entries.push({ blob, path });
  }
  const blobs = await readBlobs(repo.root, entries.map((e) => e.blob));
  return entries
    .map((e) => {
      const rel = strategyRelative(repo.prefix, e.path)!;
      return { path: `${revision.ref}:${strategyPathOf(repo.prefix, rel)}`, relative: rel, bytes: blobs.get(e.blob)!, blob: e.blob };
    })
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

export { MEASURES_DIR };

export interface FileChange {
  status: string;
  /** Strategy-relative path. */
  relative: string;
  /** New blob id; absent for a deletion. */
  blob?: string;
}

export interface LoggedCommit {
  commit: string;
  /** Committer date, seconds since the epoch. */
  time: number;
  subject: string;
  changes: FileChange[];
}

/**
 * Every first-parent commit that touched the strategy folder, oldest first, with the blob ids
 * of the strategy files it changed: one `git log` process for the whole history.
 */
export async function logStrategy(repo: GitStrategy, revision: Revision): Promise<LoggedCommit[]> {
  const args = ['log', '--first-parent', '--reverse', '--no-renames', '--raw', '--no-abbrev', '-z', '--format=%x01%H%x00%ct%x00%s', revision.commit, '--'];
  args.push(repo.prefix === '' ? '.' : `${repo.prefix}/`);
  const out = await repo.git.raw(args);
  const commits: LoggedCommit[] = [];
  for (const chunk of out.split('\x01')) {
    if (chunk.trim() === '') continue;
    const fields = chunk.split('\0');
    const [commit, time, subject] = fields as [string, string, string];
    const changes: FileChange[] = [];
    for (let i = 3; i + 1 < fields.length; i += 2) {
      const meta = fields[i]!.trim();
      const path = fields[i + 1]!;
      if (!meta.startsWith(':')) break;
      const [, , , newBlob, status] = meta.slice(1).split(' ');
      const relative = strategyRelative(repo.prefix, path);
      if (relative === undefined || status === undefined) continue;
      changes.push({ status, relative, ...(status.startsWith('D') ? {} : { blob: newBlob! }) });
    }
    commits.push({ commit, time: Number(time), subject, changes });
  }
  return commits;
}

/** Tag names per commit (annotated tags peeled), in one `for-each-ref`. */
export async function tagsByCommit(repo: GitStrategy): Promise<Map<string, string[]>> {
  const out = await repo.git.raw(['for-each-ref', '--format=%(objectname)%00%(*objectname)%00%(refname:short)', 'refs/tags']);
  const tags = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const [object, peeled, name] = line.split('\0');
    if (name === undefined) continue;
    const commit = peeled !== undefined && peeled !== '' ? peeled : object!;
    tags.set(commit, [...(tags.get(commit) ?? []), name]);
  }
  return tags;
}

/** Git's blob id of some content, to tell an edited work-tree file from its committed version without asking git. */
export function blobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * When each strategy file last changed in a commit reachable from HEAD (first-parent), one
 * `git log` for all files. Files whose work-tree content differs from HEAD count as changed now.
 */
export async function lastChanges(repo: GitStrategy, files: readonly SourceFile[]): Promise<Map<string, number | 'uncommitted'>> {
  const result = new Map<string, number | 'uncommitted'>();
  let head: Revision;
  try {
    head = await resolveRevision(repo, 'HEAD');
  } catch {
    for (const f of files) result.set(f.relative, 'uncommitted');
    return result;
  }
  const committed = new Map<string, string>();
  const listing = await repo.git.raw(['ls-tree', '-r', '-z', '--full-tree', head.commit, '--', repo.prefix === '' ? '.' : `${repo.prefix}/`]);
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const relative = strategyRelative(repo.prefix, record.slice(tab + 1));
    if (relative !== undefined) committed.set(relative, record.slice(0, tab).split(' ')[2]!);
  }
  for (const f of files) if (committed.get(f.relative) !== blobId(f.bytes)) result.set(f.relative, 'uncommitted');
  const commits = await logStrategy(repo, head);
  for (const c of [...commits].reverse()) {
    for (const change of c.changes) if (!result.has(change.relative)) result.set(change.relative, c.time);
  }
  return result;
}
