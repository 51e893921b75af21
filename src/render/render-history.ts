import { formatMedium, type HistoryFormat } from './formats.js';
import { guardFormatters, jsonDocument } from './escape.js';
import type { HistoryResult } from '../results/history.js';
import type { Messages } from '../i18n/messages.js';
import { toTerminal, type Block } from './document.js';
import type { RenderContext } from './render-context.js';
import { displayScore } from '../scoring/score.js';

export type HistoryFormatter = (result: HistoryResult, context: RenderContext) => string;

function blocks(result: HistoryResult, m: Messages): Block[] {
  const latestTitle = [...result.entries].reverse().find((e) => e.title !== null)?.title ?? '';
  const ids = [...new Set(result.entries.flatMap((e) => Object.keys(e.scores ?? {})))];
  return [
    { kind: 'heading', level: 1, text: m.history.heading(result.id, latestTitle) },
    {
      kind: 'table',
      head: [
        m.history.date,
        m.history.commit,
        m.history.tags,
        ...ids.map((id) => result.labels[id] ?? id),
        m.score,
        m.rank,
        m.priority,
        m.history.events,
      ],
      rows: result.entries.map((e) => [
        e.date,
        e.commit.slice(0, 10),
        e.tags.join(', '),
        ...ids.map((id) => (e.scores?.[id] === undefined ? '–' : m.numbers.number(e.scores[id]))),
        e.score === null ? '–' : m.numbers.number(displayScore(e.score)),
        e.rank === null ? '–' : m.numbers.number(e.rank),
        e.prioritized === null ? '–' : e.prioritized ? m.prioritized : m.notPrioritized,
        e.events.map((x) => m.history.eventNames[x] ?? x).join(', '),
      ]),
      right: Array.from({ length: ids.length + 2 }, (_, i) => i + 3),
      // Commit ids never wrap; a narrow terminal loses the tags, then the single criteria, then the rank.
      fit: {
        1: { wrap: false },
        2: { drop: 1, min: 8 },
        ...Object.fromEntries(ids.map((_, i) => [i + 3, { drop: 2 }])),
        [ids.length + 4]: { drop: 3 },
        [ids.length + 5]: { min: 11 },
      },
    },
    { kind: 'paragraph', text: m.history.walked(result.commits, result.entries.length) },
  ];
}

export const historyFormatters = guardFormatters(formatMedium, {
  table: (result, { chalk, messages, width }) => toTerminal(blocks(result, messages), { chalk, width }),
  json: (result) => jsonDocument({ id: result.id, entries: result.entries }),
} satisfies Record<HistoryFormat, HistoryFormatter>);
