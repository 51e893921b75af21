import type { ScorableMeasure } from '../../scoring/score.js';

/** The JSON the page carries in #itstrat-data (written by report-html.ts). */
export interface WhatIfData {
  leitplanken: { id: string; label: string; weight: number; scale: { value: number }[] }[];
  threshold: number;
  fields: { id: string; prioritized: boolean }[];
  measures: (ScorableMeasure & { title: string; published: boolean })[];
  text: {
    threshold: string;
    reset: string;
    prioritized: string;
    notPrioritized: string;
    newly: string;
    noLonger: string;
    summary: string;
    summaryOne: string;
  };
}
