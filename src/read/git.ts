import { realpathSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, relative, resolve, sep } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { CliError } from '../errors.js';
import { folderState, readTextIfPresent } from './read-file.js';
import type { SourceFile, UnreadableFile } from '../model/source-file.js';
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
  return (
    (error as Error).message
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? String(error)
  );
}

/** The current folder, or undefined when it was deleted (a `rm -rf` in another shell): an absolute --dir still works. */
function currentFolder(): string | undefined {
  try {
    return process.cwd();
  } catch {
    return undefined;
  }
}

/** The nearest folder at or above `path` that exists, for asking git about a folder gone from the work tree. */
function existingAbove(path: string): string {
  let folder = path;
  while (folderState(folder).kind !== 'empty' && folderState(folder).kind !== 'not-empty' && dirname(folder) !== folder)
    folder = dirname(folder);
  return folder;
}

let gitLibrary: typeof import('simple-git') | undefined;

/**
 * simple-git runs git in `baseDir`, but reads process.cwd() for a default while it is built, which
 * throws once the current folder is deleted. Only for that moment it is shown `baseDir` instead,
 * so an absolute --dir works from a deleted folder; every git process gets `baseDir` as its cwd.
 */
async function gitIn(baseDir: string): Promise<SimpleGit> {
  // simple-git (with its debug dependency) is a file of its own beside the bundle, loaded by the
  // commands that read git only: the others never compile its 70 KB (scripts/build.mjs).
  const { simpleGit } = (gitLibrary ??= await import('simple-git'));
  if (currentFolder() !== undefined) return simpleGit({ baseDir, trimmed: true });
  const cwd = process.cwd;
  process.cwd = () => baseDir;
  try {
    return simpleGit({ baseDir, trimmed: true });
  } finally {
    process.cwd = cwd;
  }
}

export async function openGitStrategy(dir: string): Promise<GitStrategy> {
  // The real path: a --dir reached through a link names the folder git knows by its real name
  // (otherwise no path would match and every measure would look uncommitted).
  let absolute: string;
  try {
    absolute = resolve(dir);
  } catch (error) {
    throw new CliError(`strategy folder ${dir}: the current folder is gone (${(error as Error).message}); name it absolutely with --dir`);
  }
  try {
    absolute = realpathSync(absolute);
  } catch {
    // gone from the work tree: its committed name is what the user typed
  }
  // Ask from the folder itself; it may be gone from the work tree (deleted, uncommitted): then from the cwd.
  const state = folderState(absolute).kind;
  if (state === 'not-a-folder' || state === 'under-a-file')
    throw new CliError(`strategy folder ${dir} is not a folder (set it with --dir or ITSTRAT_DIR)`);
  const cwd = currentFolder();
  const git = await gitIn(state === 'empty' || state === 'not-empty' ? absolute : (cwd ?? existingAbove(absolute)));
  let root: string;
  try {
    root = await git.revparse(['--show-toplevel']);
  } catch (error) {
    throw new CliError(
      `not inside a git repository (${gitError(error)}); itstrat diff, history, status and report --since read versions from git`,
    );
  }
  // The folder may be (inside) a checked-out submodule: git then answers for the submodule's own
  // repository. Revisions named from the superproject would be looked up in the wrong history.
  const superproject = await git.revparse(['--show-superproject-working-tree']).catch(() => '');
  // (Without a current folder — deleted under the shell — there is no "here" to compare with.)
  if (superproject !== '' && cwd !== undefined) {
    const here = await (await gitIn(cwd)).revparse(['--show-toplevel']).catch(() => root);
    if (here !== root)
      throw new CliError(
        `strategy folder ${dir} is inside the git submodule at ${relative(here, root) || root}, a repository of its own: its history is not that of ${here}; run itstrat inside the submodule`,
      );
  }
  const prefix = relative(root, absolute).split(sep).join('/');
  if (prefix.startsWith('..')) throw new CliError(`strategy folder ${dir} is outside the git repository at ${root}`);
  // Only object-reading commands run (rev-parse, ls-tree, cat-file, log): none reads the index,
  // so a repository's fsmonitor or diff drivers never run; simple-git's unsafe options stay off.
  return { git: await gitIn(root), root, prefix, dir };
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
  // A repository without a commit has no revision at all: say so rather than blame the ref.
  // (An orphan branch has an unborn HEAD too, but other refs: there the ref is what is unknown.)
  const born = await Promise.all([
    repo.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => ''),
    repo.git.raw(['for-each-ref', '--count=1', '--format=%(refname)']).catch(() => ''),
  ]).then((outs) => outs.some((out) => out.trim() !== ''));
  if (!born)
    throw new CliError(
      `unknown revision ${JSON.stringify(ref)}: the repository has no commits yet; commit the strategy first (git add, git commit)`,
    );
  throw new CliError(
    shallow.trim() === 'true'
      ? `unknown revision ${JSON.stringify(ref)}: this is a shallow clone that lacks it; ${FULL_DEPTH_ADVICE}`
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

/** One entry of a git tree below the strategy folder: a blob (file or link) or a submodule. */
export interface GitEntry {
  /** 100644/100755 file, 120000 symbolic link (the blob is the link's target), 160000 submodule. */
  mode: string;
  object: string;
}

/** A strategy file of a revision after links were followed: a blob to read, or why it is not read. */
export type ResolvedFile = { relative: string; blob: string } | { relative: string; unreadable: UnreadableFile };

const LINK = '120000';
const SUBMODULE = '160000';
/** As Linux's limit on links followed in one path lookup: beyond it, a loop. */
const MAX_LINK_HOPS = 40;

const isYamlName = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

/**
 * Follows links inside one revision's tree the way the file system would, but only as far as the
 * strategy folder reaches: a path that leaves it (absolute target, `..` beyond it, a component
 * outside it) is `symlink-outside` at once, so no object outside the folder is ever read.
 */
class TreeResolver {
  private readonly dirs = new Set<string>();
  constructor(
    private readonly prefix: string,
    private readonly entries: ReadonlyMap<string, GitEntry>,
    private readonly linkTargets: ReadonlyMap<string, string>,
    private readonly shown: (relative: string) => string,
  ) {
    for (const path of entries.keys())
      for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) this.dirs.add(path.slice(0, i));
    if (prefix !== '') this.dirs.add(prefix);
  }

  private inside(path: string): boolean {
    return this.prefix === '' || path === this.prefix || path.startsWith(`${this.prefix}/`);
  }

  /** An ancestor of the strategy folder: known to be a folder, since the folder is below it. */
  private above(path: string): boolean {
    return path === '' || (this.prefix !== '' && this.prefix.startsWith(`${path}/`));
  }

  resolve(relative: string): { entry: GitEntry } | { dir: string } | { unreadable: UnreadableFile } | { absent: true } {
    const shown = this.shown(relative);
    const outside = (target: string): { unreadable: UnreadableFile } => ({
      unreadable: {
        rule: 'symlink-outside',
        message: `${shown} is a symbolic link to ${target}, outside the strategy folder; it was not read`,
      },
    });
    const full = this.prefix === '' ? relative : `${this.prefix}/${relative}`;
    let pending = full.split('/');
    const done: string[] = [];
    let hops = 0;
    let firstTarget: string | undefined;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (done.length === 0) return outside(firstTarget ?? '..');
        done.pop();
        continue;
      }
      const path = [...done, part].join('/');
      if (!this.inside(path) && !this.above(path)) return outside(firstTarget ?? path);
      const entry = this.entries.get(path);
      if (entry?.mode === LINK) {
        if (++hops > MAX_LINK_HOPS)
          return { unreadable: { rule: 'symlink-broken', message: `${shown} is a symbolic link loop; expected a file` } };
        const target = this.linkTargets.get(entry.object) ?? '';
        firstTarget ??= target;
        if (target.startsWith('/')) return outside(firstTarget);
        pending = [...target.split('/'), ...pending];
        continue;
      }
      if (entry !== undefined && pending.some((p) => p !== '' && p !== '.')) {
        if (entry.mode === SUBMODULE)
          return {
            unreadable: {
              rule: 'submodule',
              message: `${shown} lies inside the git submodule ${path}, whose files are not part of this repository's history`,
            },
          };
        const message =
          firstTarget === undefined
            ? `${shown} does not exist`
            : `${shown} is a symbolic link to ${firstTarget} whose target does not exist; expected a file`;
        return { unreadable: { rule: 'symlink-broken', message } };
      }
      done.push(part);
    }
    const path = done.join('/');
    const entry = this.entries.get(path);
    if (entry !== undefined) return { entry };
    if (this.dirs.has(path)) return { dir: path };
    if (firstTarget !== undefined)
      return {
        unreadable: {
          rule: 'symlink-broken',
          message: `${shown} is a symbolic link to ${firstTarget} whose target does not exist; expected a file`,
        },
      };
    return { absent: true };
  }

  /** The files of the folder `dir` (a full path), by name. */
  children(dir: string): string[] {
    const names = new Set<string>();
    const start = dir === '' ? '' : `${dir}/`;
    for (const path of [...this.entries.keys(), ...this.dirs]) {
      if (!path.startsWith(start)) continue;
      const name = path.slice(start.length);
      if (name !== '' && !name.includes('/')) names.add(name);
    }
    return [...names].sort();
  }

  private file(relative: string): ResolvedFile | undefined {
    const shown = this.shown(relative);
    const r = this.resolve(relative);
    if ('absent' in r) return undefined;
    if ('unreadable' in r) return { relative, unreadable: r.unreadable };
    if ('dir' in r)
      return { relative, unreadable: { rule: 'not-a-file', message: `${shown} is a folder, not a regular file; it was not read` } };
    if (r.entry.mode === SUBMODULE)
      return {
        relative,
        unreadable: {
          rule: 'submodule',
          message: `${shown} is a git submodule (commit ${r.entry.object}), not a file of this repository; it was not read`,
        },
      };
    return { relative, blob: r.entry.object };
  }

  /** The strategy's files: the top-level ones and measures/*.yaml, through any links inside the folder. */
  files(): ResolvedFile[] {
    const files: ResolvedFile[] = [];
    for (const name of TOP_LEVEL_FILES) {
      const f = this.file(name);
      if (f !== undefined) files.push(f);
    }
    const measures = this.resolve(MEASURES_DIR);
    if ('absent' in measures) return files;
    if ('unreadable' in measures) return [...files, { relative: MEASURES_DIR, unreadable: measures.unreadable }];
    if ('entry' in measures) {
      const message =
        measures.entry.mode === SUBMODULE
          ? `${this.shown(MEASURES_DIR)} is a git submodule (commit ${measures.entry.object}): its measures are not part of this repository's history`
          : `${this.shown(MEASURES_DIR)} is a file; expected the folder of measures`;
      return [
        ...files,
        { relative: MEASURES_DIR, unreadable: { rule: measures.entry.mode === SUBMODULE ? 'submodule' : 'not-a-file', message } },
      ];
    }
    const base = measures.dir;
    for (const name of this.children(base).filter(isYamlName)) {
      const f = this.file(`${MEASURES_DIR}/${name}`);
      if (f !== undefined) files.push(f);
    }
    return files;
  }
}

/** Every blob, link and submodule below the strategy folder at a commit: one `ls-tree`. */
async function listEntries(repo: GitStrategy, commit: string): Promise<Map<string, GitEntry>> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
  if (repo.prefix !== '') args.push('--', `${repo.prefix}/`);
  const listing = await repo.git.raw(args);
  const entries = new Map<string, GitEntry>();
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, , object] = record.slice(0, tab).split(' ');
    if (mode !== undefined && object !== undefined) entries.set(record.slice(tab + 1), { mode, object });
  }
  return entries;
}

/**
 * The strategy folder itself (or a folder above it) may be a submodule or a link at a revision:
 * then its files are not in this history at all, which must not read as "every measure is new".
 */
async function checkFolderAt(repo: GitStrategy, revision: Revision, entries: ReadonlyMap<string, GitEntry>): Promise<void> {
  if (repo.prefix === '' || [...entries.keys()].some((p) => p.startsWith(`${repo.prefix}/`))) return;
  const parts = repo.prefix.split('/');
  const paths = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  // Without -r, ls-tree names a submodule or link given as a path itself (a folder: its children).
  const listing = await repo.git.raw(['ls-tree', '-z', '--full-tree', revision.commit, '--', ...paths]);
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    const path = record.slice(tab + 1);
    const mode = record.slice(0, tab).split(' ')[0];
    if (tab === -1 || !paths.includes(path)) continue;
    if (mode === SUBMODULE)
      throw new CliError(
        `at ${revision.ref}, ${path} is a git submodule: the strategy folder ${repo.dir} is not part of this repository's history there (run itstrat inside the submodule's repository)`,
      );
    if (mode === LINK || mode?.startsWith('100'))
      throw new CliError(
        `at ${revision.ref}, ${path} is a ${mode === LINK ? 'symbolic link' : 'file'}, not a folder: the strategy folder ${repo.dir} cannot be read from that revision`,
      );
  }
}

async function linkTargetsOf(root: string, entries: Iterable<GitEntry>): Promise<Map<string, string>> {
  const links = [...entries].filter((e) => e.mode === LINK).map((e) => e.object);
  const blobs = await readBlobs(root, links);
  return new Map([...blobs].map(([id, bytes]) => [id, Buffer.from(bytes).toString('utf8')]));
}

const shownAt =
  (repo: GitStrategy, ref: string) =>
  (relative: string): string =>
    `${ref}:${strategyPathOf(repo.prefix, relative)}`;

/** Strategy files of a commit: one `ls-tree` and one `cat-file --batch` (two with links), never a checkout. */
export async function readStrategyAt(repo: GitStrategy, revision: Revision): Promise<SourceFile[]> {
  const entries = await listEntries(repo, revision.commit);
  await checkFolderAt(repo, revision, entries);
  const resolver = new TreeResolver(repo.prefix, entries, await linkTargetsOf(repo.root, entries.values()), shownAt(repo, revision.ref));
  const resolved = resolver.files();
  const blobs = await readBlobs(
    repo.root,
    resolved.flatMap((f) => ('blob' in f ? [f.blob] : [])),
  );
  const show = shownAt(repo, revision.ref);
  return resolved
    .map((f): SourceFile =>
      'blob' in f
        ? { path: show(f.relative), relative: f.relative, bytes: blobs.get(f.blob)!, blob: f.blob }
        : { path: show(f.relative), relative: f.relative, bytes: new Uint8Array(0), unreadable: f.unreadable },
    )
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

export { MEASURES_DIR };

interface RawChange {
  /** Full path in the repository. */
  path: string;
  /** Absent for a deletion. */
  entry?: GitEntry;
}

/** One first-parent commit that touched the strategy folder, with its files after links were followed. */
export interface StrategyCommit {
  commit: string;
  /** Committer date, seconds since the epoch. */
  time: number;
  subject: string;
  files: ResolvedFile[];
  /** Strategy-relative paths whose content (or unreadable state) this commit changed. */
  changed: Set<string>;
}

const stateOf = (f: ResolvedFile | undefined): string | undefined =>
  f === undefined ? undefined : 'blob' in f ? f.blob : `!${f.unreadable.rule}:${f.unreadable.message}`;

/**
 * Every first-parent commit up to `revision` that touched the strategy folder, oldest first, each
 * with the strategy's files as at that commit — links followed inside the folder, links out of it,
 * submodules and special entries as unreadable files, exactly as `readStrategyAt` sees them. One
 * `git log` for the whole history and one `cat-file --batch` for the links' targets.
 */
export async function strategyCommits(repo: GitStrategy, revision: Revision): Promise<StrategyCommit[]> {
  const args = [
    'log',
    '--first-parent',
    '--reverse',
    '--no-renames',
    '--raw',
    '--no-abbrev',
    '-z',
    '--format=%x01%H%x00%ct%x00%s',
    revision.commit,
    '--',
  ];
  args.push(repo.prefix === '' ? '.' : `${repo.prefix}/`);
  const out = await repo.git.raw(args);
  const logged: { commit: string; time: number; subject: string; changes: RawChange[] }[] = [];
  for (const chunk of out.split('\x01')) {
    if (chunk.trim() === '') continue;
    const fields = chunk.split('\0');
    const [commit, time, subject] = fields as [string, string, string];
    const changes: RawChange[] = [];
    for (let i = 3; i + 1 < fields.length; i += 2) {
      const meta = fields[i]!.trim();
      if (!meta.startsWith(':')) break;
      const [, mode, , object, status] = meta.slice(1).split(' ');
      if (mode === undefined || object === undefined || status === undefined) continue;
      changes.push({ path: fields[i + 1]!, ...(status.startsWith('D') ? {} : { entry: { mode, object } }) });
    }
    logged.push({ commit, time: Number(time), subject, changes });
  }
  const linkTargets = await linkTargetsOf(
    repo.root,
    logged.flatMap((c) => c.changes.flatMap((x) => (x.entry === undefined ? [] : [x.entry]))),
  );

  const entries = new Map<string, GitEntry>();
  let special = 0;
  const isSpecial = (e: GitEntry | undefined): boolean => e !== undefined && (e.mode === LINK || e.mode === SUBMODULE);
  // A change outside the plain layout (a folder named like a strategy file, a file named measures)
  // needs the full resolution; plain edits of plain files are applied one by one.
  const plain = (path: string): boolean => {
    if (strategyRelative(repo.prefix, path) !== undefined) return true;
    const rel = repo.prefix === '' ? path : path.slice(repo.prefix.length + 1);
    const first = rel.split('/')[0]!;
    return first !== MEASURES_DIR && !(TOP_LEVEL_FILES as readonly string[]).includes(first);
  };
  let files = new Map<string, ResolvedFile>();
  const commits: StrategyCommit[] = [];
  for (const c of logged) {
    let full = special > 0;
    for (const change of c.changes) {
      if (isSpecial(entries.get(change.path))) special--;
      if (change.entry === undefined) entries.delete(change.path);
      else entries.set(change.path, change.entry);
      if (isSpecial(change.entry)) special++;
      if (isSpecial(change.entry) || !plain(change.path)) full = true;
    }
    const changed = new Set<string>();
    if (full || special > 0) {
      const resolver = new TreeResolver(
        repo.prefix,
        entries,
        linkTargets,
        (relative) => `${c.commit.slice(0, 7)}:${strategyPathOf(repo.prefix, relative)}`,
      );
      const next = new Map(resolver.files().map((f) => [f.relative, f]));
      for (const rel of new Set([...files.keys(), ...next.keys()]))
        if (stateOf(files.get(rel)) !== stateOf(next.get(rel))) changed.add(rel);
      files = next;
    } else {
      files = new Map(files);
      for (const change of c.changes) {
        const rel = strategyRelative(repo.prefix, change.path);
        if (rel === undefined) continue;
        if (change.entry === undefined) files.delete(rel);
        else files.set(rel, { relative: rel, blob: change.entry.object });
        changed.add(rel);
      }
    }
    commits.push({ commit: c.commit, time: c.time, subject: c.subject, files: [...files.values()], changed });
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
 * When each strategy file last changed in a first-parent commit up to `revision` (its content, or
 * through a link, its target's content). With `workTree`, files whose work-tree content differs
 * from the revision count as changed now.
 */
export async function lastChanges(
  repo: GitStrategy,
  revision: Revision,
  workTree?: readonly SourceFile[],
): Promise<Map<string, number | 'uncommitted'>> {
  const result = new Map<string, number | 'uncommitted'>();
  const commits = await strategyCommits(repo, revision);
  if (workTree !== undefined) {
    const committed = new Map((commits.at(-1)?.files ?? []).map((f) => [f.relative, stateOf(f)]));
    for (const f of workTree) if (committed.get(f.relative) !== blobId(f.bytes)) result.set(f.relative, 'uncommitted');
  }
  for (const c of [...commits].reverse()) for (const rel of c.changed) if (!result.has(rel)) result.set(rel, c.time);
  return result;
}

/** The advice for every command that needs history a shallow clone lacks. */
export const FULL_DEPTH_ADVICE = 'fetch with full depth (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)';

/**
 * Where the history reachable from `revision` (first parent) is cut off in a shallow clone: the
 * grafted commit, which git presents as if it had no parent — or undefined when nothing is cut.
 */
export async function shallowBoundary(repo: GitStrategy, revision: Revision): Promise<{ commit: string; time: number } | undefined> {
  const shallow = await repo.git.raw(['rev-parse', '--is-shallow-repository']).catch(() => 'false');
  if (shallow.trim() !== 'true') return undefined;
  const root =
    (await repo.git.raw(['log', '--first-parent', '--max-parents=0', '--format=%H %ct', revision.commit])).trim().split('\n')[0] ?? '';
  const [commit, time] = root.split(' ');
  if (commit === undefined || time === undefined) return undefined;
  const file = (await repo.git.raw(['rev-parse', '--git-path', 'shallow'])).trim();
  const grafted = readTextIfPresent(resolve(repo.root, file))?.split('\n') ?? [];
  return grafted.includes(commit) ? { commit, time: Number(time) } : undefined;
}

/**
 * Refuses (exit 2) when a shallow clone cuts the first-parent history of `revision` at or after
 * `since` (seconds): what the command needs is then missing, and reading on would take the
 * cut-off commit for the moment everything was created.
 */
export async function requireHistorySince(repo: GitStrategy, revision: Revision, since: number, what: string): Promise<void> {
  const boundary = await shallowBoundary(repo, revision);
  if (boundary !== undefined && boundary.time >= since) {
    const cut = new Date(boundary.time * 1000).toISOString().slice(0, 10);
    throw new CliError(
      `${what} needs the history since ${new Date(since * 1000).toISOString().slice(0, 10)}, but this is a shallow clone cut off at ${boundary.commit.slice(0, 12)} (${cut}); ${FULL_DEPTH_ADVICE}`,
    );
  }
}

/** The last first-parent commit up to HEAD made on or before the end of `day` (UTC), if any. */
export async function commitOnOrBefore(
  repo: GitStrategy,
  head: Revision,
  day: Date,
): Promise<{ commit: string; time: number } | undefined> {
  const end = Math.floor(day.getTime() / 1000) + 86_400 - 1;
  const out = (await repo.git.raw(['log', '--first-parent', '-1', `--until=@${end}`, '--format=%H %ct', head.commit])).trim();
  const [commit, time] = out.split(' ');
  return commit === undefined || commit === '' || time === undefined ? undefined : { commit, time: Number(time) };
}
