/** What a writing command intends; applied by src/write/apply-edits.ts, shown by --dry-run. */
export type PlannedFileEdit =
  | {
      kind: 'file';
      /** The file as the user names it; a link inside `folder` is edited at its target. */
      path: string;
      /** The bytes the plan was made from; null for a new file, which is never written over an existing one. */
      before: Uint8Array | null;
      after: string;
      /** The strategy folder the file belongs to. */
      folder: string;
    }
  | { kind: 'folder'; path: string };
