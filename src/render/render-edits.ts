// What --dry-run shows: the planned edits of a writing command as one unified diff, the form
// reviewers know from git and patch. Nothing is written.
import { createTwoFilesPatch } from 'diff';
import type { PlannedFileEdit } from '../results/edits.js';
import { guardOutput } from './escape.js';

export function unifiedDiff(edits: readonly PlannedFileEdit[]): string {
  const parts = edits.map((edit) => {
    if (edit.kind === 'folder') return `new folder ${edit.path}\n`;
    const before = edit.before === null ? '' : Buffer.from(edit.before).toString('utf8');
    // The new content's own line breaks are compared as they are: a CRLF file stays CRLF.
    return createTwoFilesPatch(
      edit.before === null ? '/dev/null' : `a/${edit.path}`,
      `b/${edit.path}`,
      before,
      edit.after,
      undefined,
      undefined,
      { context: 3 },
    ).replace(/^=+\n/, '');
  });
  return guardOutput.terminal(parts.join(''));
}
