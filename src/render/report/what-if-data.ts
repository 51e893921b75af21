import type { ScorableMeasure } from '../../scoring/score.js';

/** The JSON the page carries in #itstrat-data (written by report-html.ts). */
export interface WhatIfData {
  leitplanken: { id: string; label: string; weight: number; scale: { value: number }[] }[];
  threshold: number;
  /** The bounds of `itstrat score --weights` and `--threshold` (src/model/bounds.ts). */
  maxWeight: number;
  maxThreshold: number;
  fields: { id: string; prioritized: boolean }[];
  /** `computed`: the priority under today's weights and threshold; `decided`: the recorded decision, null when undecided. */
  measures: (ScorableMeasure & { title: string; computed: boolean; decided: boolean | null })[];
  text: {
    threshold: string;
    reset: string;
    prioritized: string;
    notPrioritized: string;
    undecided: string;
    newly: string;
    noLonger: string;
    summary: string;
    badWeight: string;
    badThreshold: string;
    allZero: string;
    notComputed: string;
  };
}
