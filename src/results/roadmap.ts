import type { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import type { Strategy } from '../model/types.js';
import type { Proposal, Roadmap } from '../scoring/roadmap.js';
import type { PlannedFileEdit } from './edits.js';

export interface RoadmapResult {
  strategy: Strategy;
  roadmap: Roadmap;
  /** With --propose: the proposed order. */
  proposal: Proposal | null;
  /** With --write: the files the proposal's positions were written to. */
  written: string[];
  /** --write was given (the proposal is stored, not only proposed). */
  write: boolean;
  edits: PlannedFileEdit[];
  language: Lang;
  exitCode: ExitCode;
}
