import type { WritingResult } from '../command-kit/command.js';
import type { Lang } from '../i18n/messages.js';
import type { Strategy } from '../model/types.js';
import type { Proposal, Roadmap } from '../scoring/roadmap.js';

export interface RoadmapResult extends WritingResult {
  strategy: Strategy;
  roadmap: Roadmap;
  /** With --propose: the proposed order. */
  proposal: Proposal | null;
  /** With --write: the files the proposal's positions were written to. */
  written: string[];
  language: Lang;
}
