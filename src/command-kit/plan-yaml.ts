import { join } from 'node:path';
import { CliError } from '../errors.js';
import { fileEdit, type PlannedFileEdit } from '../write/apply-edits.js';
import { planYamlEdit, type YamlEdit } from '../write/update-yaml-file.js';
import type { Workspace } from './workspace.js';

/** Plans a comment-keeping edit of one strategy file from the bytes the workspace read. */
export function planStrategyEdit(workspace: Workspace, relative: string, change: YamlEdit): PlannedFileEdit {
  const file = workspace.file(relative);
  const path = join(workspace.dir, relative);
  if (file === undefined || file.unreadable !== undefined)
    throw new CliError(`cannot edit ${path}: it is not a readable file of the strategy`);
  return fileEdit(path, workspace.dir, file.bytes, planYamlEdit(path, file.bytes, change).output);
}
