// The one place where writing commands touch the disk. A command plans (file, before, after);
// this applies the plan atomically and verified, or `--dry-run` shows it and touches nothing.
import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';
import { assertWritable, atomicWrite, createFileExclusive, ensureFolder } from './update-yaml-file.js';
import { editTarget } from './write-target.js';
import type { PlannedFileEdit } from '../results/edits.js';

export type { PlannedFileEdit };

export function fileEdit(path: string, folder: string, before: Uint8Array | null, after: string): PlannedFileEdit {
  return { kind: 'file', path, folder, before, after };
}

/** Edits that change something: a plan may hold files that are already as they should be. */
export function effective(edits: readonly PlannedFileEdit[]): PlannedFileEdit[] {
  return edits.filter((e) => e.kind === 'folder' || e.before === null || Buffer.from(e.before).toString('utf8') !== e.after);
}

/**
 * Performs a plan: folders first, then each file — new ones created exclusively, existing ones
 * replaced atomically (temp file, fsync, read back, rename) only if they still hold exactly the
 * bytes the plan was made from. Every check of every file runs before the first write, so a
 * refusal leaves all files as they were.
 */
export function applyEdits(edits: readonly PlannedFileEdit[]): void {
  const todo = effective(edits);
  const targets = new Map<PlannedFileEdit, string>();
  for (const edit of todo) {
    if (edit.kind !== 'file' || edit.before === null) continue;
    const target = editTarget(edit.path, edit.folder);
    assertWritable(target);
    let current: Buffer;
    try {
      current = readFileSync(target);
    } catch (error) {
      throw new CliError(`cannot read ${edit.path} again before writing: ${(error as Error).message}; nothing was written`);
    }
    if (!current.equals(edit.before))
      throw new CliError(
        `${edit.path} was changed by someone else while itstrat was editing it; nothing was written, run the command again`,
      );
    targets.set(edit, target);
  }
  for (const edit of todo) if (edit.kind === 'folder') ensureFolder(edit.path);
  for (const edit of todo) {
    if (edit.kind !== 'file') continue;
    if (edit.before === null) createFileExclusive(edit.path, edit.after);
    else atomicWrite(targets.get(edit)!, edit.after);
  }
}
