/** Why a strategy file was not read: the model turns it into a finding at line 1, col 1. */
export interface UnreadableFile {
  /** `symlink-outside`, `symlink-broken`, `not-a-file` or `submodule`. */
  rule: string;
  message: string;
}

/** A file of the strategy as bytes, wherever it came from (disk, a git revision). */
export interface SourceFile {
  /** Path as shown to the user, e.g. `strategy/measures/1.2-e-akte.yaml`. */
  path: string;
  /** Path relative to the strategy folder, with `/` separators, e.g. `measures/1.2-e-akte.yaml`. */
  relative: string;
  bytes: Uint8Array;
  /** The git blob id, when read from a revision: equal ids mean equal content. */
  blob?: string;
  /**
   * Set when the file was deliberately not read (a link leaving the strategy, a FIFO, a
   * submodule): `bytes` is empty then and must never be parsed.
   */
  unreadable?: UnreadableFile;
}
