import { isDeepStrictEqual } from 'node:util';
import type { Decision, PartialStrategy } from '../model/types.js';
import { scorableParts } from '../model/scorable.js';
import { scoreMeasures } from '../scoring/score.js';

export interface Snapshot {
  commit: string;
  /** Seconds since the epoch. */
  time: number;
  subject: string;
  tags: string[];
  strategy: PartialStrategy;
}

export type HistoryEvent = 'added' | 'edited' | 'renamed' | 'removed' | 'score' | 'rank' | 'priority';

export interface HistoryEntry {
  commit: string;
  date: string;
  subject: string;
  tags: string[];
  events: HistoryEvent[];
  /** Null once the measure is removed. */
  title: string | null;
  file: string | null;
  scores: Record<string, number> | null;
  score: number | null;
  rank: number | null;
  prioritized: boolean | null;
  decision: Decision | null;
}

const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The measure through the commits that changed it: its own file, or its score, rank or
 * priority (through weights or other measures). Pure: snapshots come from the read layer.
 */
export function measureHistory(id: string, snapshots: readonly Snapshot[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let previous: HistoryEntry | undefined;
  let previousData: unknown;
  for (const snap of snapshots) {
    const measure = snap.strategy.measures.find((m) => m.id === id);
    // Invalid files at this commit never feed a score or a rank (their own or the others').
    const s = scorableParts(snap.strategy);
    const scored =
      measure !== undefined && s.leitplanken !== undefined && s.strategy !== undefined
        ? scoreMeasures({
            leitplanken: s.leitplanken.leitplanken,
            threshold: s.leitplanken.threshold,
            fields: s.strategy.handlungsfelder,
            measures: s.measures,
          }).find((x) => x.measure.id === id)
        : undefined;
    const { origin, ...data } = measure ?? { origin: undefined };
    const entry: HistoryEntry = {
      commit: snap.commit,
      date: isoDate(snap.time),
      subject: snap.subject,
      tags: snap.tags,
      events: [],
      title: measure?.title ?? null,
      file: origin?.relative ?? null,
      scores: measure?.scores ?? null,
      score: scored?.score ?? null,
      rank: scored?.rank ?? null,
      prioritized: scored?.prioritized ?? null,
      decision: measure?.decision ?? null,
    };
    const events: HistoryEvent[] = [];
    if (measure === undefined) {
      if (previous !== undefined && previous.title !== null) events.push('removed');
    } else if (previous === undefined || previous.title === null) {
      events.push('added');
    } else {
      if (!isDeepStrictEqual(previousData, data)) events.push('edited');
      if (previous.file !== entry.file) events.push('renamed');
      if (previous.score !== entry.score) events.push('score');
      if (previous.rank !== entry.rank) events.push('rank');
      if (previous.prioritized !== entry.prioritized) events.push('priority');
    }
    if (events.length > 0) {
      entry.events = events;
      entries.push(entry);
      previous = entry;
      previousData = data;
    }
  }
  return entries;
}
