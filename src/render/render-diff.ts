import { formatMedium, type DiffFormat } from './formats.js';
import { guardFormatters, jsonDocument } from './escape.js';
import type { DiffResult } from '../results/diff.js';
import type { FieldChange, RankState } from '../diff/diff-strategies.js';
import type { Messages } from '../i18n/messages.js';
import type { Leitplanke, MetricValue } from '../model/types.js';
import { displayScore } from '../scoring/score.js';
import { toMarkdown, toTerminal, type Block } from './document.js';
import type { RenderContext } from './render-context.js';
import { valueText } from './enum-text.js';
import { formatMetricValue } from './render-metrics.js';
import { displayWidth } from './display-width.js';

export type DiffFormatter = (result: DiffResult, context: RenderContext) => string;

/** What the Änderungsbericht shows: a diff's result, with or without a --fail-on verdict (the report's section has none). */
export type ShownDiff = Omit<DiffResult, 'exitCode' | 'failed'> & { failed?: DiffResult['failed'] };

const short = (commit: string | null): string => (commit === null ? '' : commit.slice(0, 10));

function sideLabel(side: ShownDiff['from'], m: Messages): string {
  return side.commit === null ? m.diff.workingTree : `${side.ref} (${short(side.commit)})`;
}

function leitplankenOf(result: ShownDiff): Leitplanke[] {
  return result.leitplanken.to?.leitplanken ?? result.leitplanken.from?.leitplanken ?? [];
}

function label(result: ShownDiff, id: string): string {
  return leitplankenOf(result).find((l) => l.id === id)?.short ?? id;
}

function fieldName(result: ShownDiff, id: string): string {
  return result.fields.find((f) => f.id === id)?.name ?? id;
}

function priority(state: RankState | null, m: Messages): string {
  if (state === null) return '–';
  return state.prioritized ? m.prioritized : m.notPrioritized;
}

/** Scores, weights and thresholds as every output shows them (two decimals at most), in the language's notation. */
const num = (n: number, m: Messages): string => m.numbers.number(displayScore(n));

/**
 * How the Änderungsbericht shows values. In a terminal (its width known) a value longer than one
 * line of it is shortened to that line, so a changed description does not fill the screen; piped,
 * in Markdown and JSON every value is whole: a committee reads what changed, not its first words.
 */
interface ValueStyle {
  m: Messages;
  /** Terminal columns a single value may take; undefined: never shortened. */
  columns: number | undefined;
}

let graphemes: Intl.Segmenter | undefined;

/** At most `columns` terminal columns, cut between graphemes (never inside a surrogate pair, an emoji sequence or before a combining mark), `…` marking the cut. */
export function shortenToColumns(text: string, columns: number): string {
  if (displayWidth(text) <= columns) return text;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > columns - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

const fitted = (text: string, s: ValueStyle): string => (s.columns === undefined ? text : shortenToColumns(text, s.columns));

function value(v: unknown, path: string, s: ValueStyle): string {
  if (v === null || v === undefined) return '–';
  const text = valueText(path, v, s.m);
  return text === '' ? '""' : fitted(text, s);
}

/** A metric's value in its kind's notation (`14.100.000,00 EUR`), as the metrics table shows it. */
function metricValue(result: ShownDiff, id: string, v: unknown, s: ValueStyle): string {
  const metric = result.metrics.find((x) => x.id === id);
  if (metric === undefined || v === null || v === undefined || (typeof v !== 'number' && typeof v !== 'string' && !Array.isArray(v)))
    return value(v, 'value', s);
  return fitted(formatMetricValue(metric, v as MetricValue, s.m), s);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function describeChange(c: FieldChange, result: ShownDiff, s: ValueStyle): string {
  const m = s.m;
  // A changed mapping (review, adoption, organisation) as the changes of its keys, each in words:
  // `Überprüfung › jährliche Überprüfung: ja → nein`, not two JSON objects.
  if ((isRecord(c.from) || c.from === null) && (isRecord(c.to) || c.to === null) && (c.from !== null || c.to !== null)) {
    const a = c.from ?? {};
    const b = c.to ?? {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    const head = m.diff.keys[c.path] ?? c.path;
    return keys
      .map((k) => describeChange({ path: k, from: a[k] ?? null, to: b[k] ?? null }, result, s).replace(/^/, `${head} › `))
      .join('; ');
  }
  const path = c.path.startsWith('scores.') ? label(result, c.path.slice(7)) : (m.diff.keys[c.path] ?? c.path);
  return `${path}: ${value(c.from, c.path, s)} → ${value(c.to, c.path, s)}`;
}

const causeText = (cause: string | null, m: Messages): string =>
  cause === null
    ? ''
    : cause
        .split('+')
        .map((c) => m.diff.causes[c] ?? c)
        .join(' + ');

/** The counts the Änderungsbericht's summary gives (and the report's summary repeats). */
export function diffCounts(d: DiffResult['diff']): {
  added: number;
  removed: number;
  changed: number;
  rescored: number;
  priorityChanges: number;
  weightsChanged: boolean;
} {
  return {
    added: d.added.length,
    removed: d.removed.length,
    changed: d.changed.length,
    rescored: d.changed.filter((c) => c.changes.some((x) => x.path.startsWith('scores.'))).length,
    // A measure added or removed as prioritised changes the priorities as much as one that flipped.
    priorityChanges:
      (d.ranking ?? []).filter((r) => r.priorityChanged).length +
      d.added.filter((a) => a.state?.prioritized === true).length +
      d.removed.filter((r) => r.state?.prioritized === true).length,
    weightsChanged: d.weights.length > 0 || d.threshold !== null,
  };
}

/**
 * The Änderungsbericht as blocks; the same blocks become Markdown or terminal text. `embedded`:
 * as a section of another document (the report's "Änderungen seit REF"), which brings its own
 * title: no title or summary heading, and every section one level deeper.
 */
export function diffBlocks(result: ShownDiff, m: Messages, width?: number, embedded = false): Block[] {
  const h2 = embedded ? 3 : 2;
  // One terminal line per value, no fewer than 20 columns; piped (no width), whole values.
  const style: ValueStyle = { m, columns: width === undefined ? undefined : Math.max(20, width) };
  const d = result.diff;
  const lp = leitplankenOf(result);
  const rescored = d.changed.filter((c) => c.changes.some((x) => x.path.startsWith('scores.')));
  const others = d.changed
    .map((c) => ({ ...c, changes: c.changes.filter((x) => !x.path.startsWith('scores.')) }))
    .filter((c) => c.changes.length > 0 || c.file !== undefined);
  const ranking = d.ranking ?? [];
  const byId = new Map(ranking.map((r) => [r.id, r]));
  const priorityRows = [
    ...ranking.filter((r) => r.priorityChanged).map((r) => [r.id, r.title, priority(r.from, m), priority(r.to, m), causeText(r.cause, m)]),
    ...d.added.filter((a) => a.state?.prioritized === true).map((a) => [a.id, a.title, '–', m.prioritized, m.diff.causes['added']!]),
    ...d.removed.filter((r) => r.state?.prioritized === true).map((r) => [r.id, r.title, m.prioritized, '–', m.diff.causes['removed']!]),
  ];
  const priorityChanges = priorityRows.length;
  const counts = diffCounts(d);
  const blocks: Block[] = [
    ...(embedded
      ? []
      : [
          { kind: 'heading' as const, level: 1 as const, text: m.diff.report },
          ...(result.title !== null ? [{ kind: 'paragraph' as const, text: result.title }] : []),
        ]),
    { kind: 'list', items: [`${m.diff.from}: ${sideLabel(result.from, m)}`, `${m.diff.to}: ${sideLabel(result.to, m)}`] },
    ...(embedded ? [] : [{ kind: 'heading' as const, level: 2 as const, text: m.diff.summary }]),
    {
      kind: 'list',
      items: [
        m.diff.counts(counts.added, counts.removed, counts.changed, counts.rescored, priorityChanges),
        counts.weightsChanged ? m.diff.weightsChanged : m.diff.weightsUnchanged,
        ...(result.invalid.length > 0 ? [`${m.diff.invalid}: ${new Set(result.invalid.map((i) => `${i.revision} ${i.file}`)).size}`] : []),
        ...(d.unranked.length > 0 ? [`${m.diff.unranked}: ${d.unranked.length}`] : []),
        ...(result.failed !== undefined && result.failed.length > 0 ? [m.diff.failOn(result.failed.join(', '))] : []),
      ],
    },
  ];
  const measureTable = (list: typeof d.added): Block => ({
    kind: 'table',
    head: [m.id, m.measure, m.field, ...lp.map((l) => l.short ?? l.id), m.score, m.rank, m.priority],
    rows: list.map((x) => [
      x.id,
      x.title,
      fieldName(result, x.field),
      ...lp.map((l) => (x.scores[l.id] === undefined ? '–' : m.numbers.number(x.scores[l.id]!))),
      x.state ? num(x.state.score, m) : '–',
      x.state ? m.numbers.number(x.state.rank) : '–',
      priority(x.state, m),
    ]),
    right: Array.from({ length: lp.length + 2 }, (_, i) => i + 3),
    // A narrow terminal loses the field first, then the single criteria (the score sums them).
    fit: { 1: { min: 20 }, 2: { drop: 1 }, ...Object.fromEntries(lp.map((_, i) => [i + 3, { drop: 2 }])) },
  });
  if (d.added.length > 0) blocks.push({ kind: 'heading', level: h2, text: m.diff.added }, measureTable(d.added));
  if (d.removed.length > 0) blocks.push({ kind: 'heading', level: h2, text: m.diff.removed }, measureTable(d.removed));
  if (rescored.length > 0) {
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.rescored },
      {
        kind: 'table',
        head: [
          m.id,
          m.measure,
          m.diff.change,
          `${m.score} ${m.diff.before}`,
          `${m.score} ${m.diff.after}`,
          `${m.rank} ${m.diff.before}`,
          `${m.rank} ${m.diff.after}`,
        ],
        rows: rescored.map((c) => {
          const r = byId.get(c.id);
          return [
            c.id,
            c.title,
            c.changes
              .filter((x) => x.path.startsWith('scores.'))
              .map((x) => describeChange(x, result, style))
              .join('; '),
            r ? num(r.from.score, m) : '–',
            r ? num(r.to.score, m) : '–',
            r ? m.numbers.number(r.from.rank) : '–',
            r ? m.numbers.number(r.to.rank) : '–',
          ];
        }),
        right: [3, 4, 5, 6],
      },
    );
  }
  if (priorityChanges > 0) {
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.priorityChanges },
      { kind: 'table', head: [m.id, m.measure, m.diff.before, m.diff.after, m.diff.cause], rows: priorityRows },
    );
  }
  if (d.ranking === null) blocks.push({ kind: 'paragraph', text: m.diff.noRanking });
  if (d.weights.length > 0 || d.threshold !== null) {
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.weights },
      {
        kind: 'table',
        head: [m.leitplanke, m.diff.before, m.diff.after],
        rows: [
          ...d.weights.map((w) => [label(result, w.id), w.from === null ? '–' : num(w.from, m), w.to === null ? '–' : num(w.to, m)]),
          ...(d.threshold !== null ? [[m.threshold, num(d.threshold.from, m), num(d.threshold.to, m)]] : []),
        ],
        right: [1, 2],
      },
    );
  }
  if (others.length > 0) {
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.otherChanges },
      {
        kind: 'table',
        head: [m.id, m.measure, m.diff.change],
        rows: others.map((c) => [
          c.id,
          c.title,
          [...(c.file ? [m.diff.renamed(c.file.from, c.file.to)] : []), ...c.changes.map((x) => describeChange(x, result, style))].join(
            '; ',
          ),
        ]),
      },
    );
  }
  const fieldItems = [
    ...d.fields.added.map((id) => `${fieldName(result, id)}: ${m.diff.fieldAdded}`),
    ...d.fields.removed.map((id) => `${id}: ${m.diff.fieldRemoved}`),
    ...d.fields.changed.map((c) => `${fieldName(result, c.id)}: ${c.changes.map((x) => describeChange(x, result, style)).join('; ')}`),
  ];
  if (fieldItems.length > 0) blocks.push({ kind: 'heading', level: h2, text: m.diff.fields }, { kind: 'list', items: fieldItems });
  const metricItems = [
    ...d.metrics.added.map((id) => `${id}: ${m.diff.metricAdded}`),
    ...d.metrics.removed.map((id) => `${id}: ${m.diff.metricRemoved}`),
    ...d.metrics.changed.flatMap((c) => [
      ...c.changes.map((x) => `${c.id}: ${describeChange(x, result, style)}`),
      ...c.values.added.map((v) => `${c.id} ${v.period}: ${m.diff.newValue} ${metricValue(result, c.id, v.to, style)}`),
      ...c.values.changed.map(
        (v) => `${c.id} ${v.period}: ${metricValue(result, c.id, v.from, style)} → ${metricValue(result, c.id, v.to, style)}`,
      ),
      ...c.values.removed.map((v) => `${c.id} ${v.period}: ${metricValue(result, c.id, v.from, style)} → –`),
    ]),
  ];
  if (metricItems.length > 0) blocks.push({ kind: 'heading', level: h2, text: m.diff.metrics }, { kind: 'list', items: metricItems });
  if (d.strategy.length > 0)
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.strategy },
      { kind: 'list', items: d.strategy.map((x) => describeChange(x, result, style)) },
    );
  if (result.invalid.length > 0) {
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.invalid },
      { kind: 'paragraph', text: m.diff.invalidNote },
      {
        kind: 'table',
        head: [m.diff.revision, m.diff.file, m.diff.change],
        rows: result.invalid.map((i) => [i.revision, `${i.file}:${i.line}:${i.col}`, `${i.message} [${i.rule}]`]),
      },
    );
  }
  if (d.unranked.length > 0) {
    const revision = (side: 'from' | 'to'): string => (side === 'from' ? result.from.ref : result.to.ref);
    blocks.push(
      { kind: 'heading', level: h2, text: m.diff.unranked },
      { kind: 'paragraph', text: m.diff.unrankedNote },
      {
        kind: 'table',
        head: [m.diff.revision, m.id, m.diff.file],
        rows: d.unranked.map((u) => [revision(u.side), u.id ?? '–', u.file]),
      },
    );
  }
  return blocks;
}

function json(result: DiffResult): string {
  const d = result.diff;
  return jsonDocument({
    from: result.from,
    to: result.to,
    added: d.added,
    removed: d.removed,
    changed: d.changed,
    weights: d.weights,
    threshold: d.threshold,
    ranking:
      d.ranking?.map((r) => ({ id: r.id, from: r.from, to: r.to, cause: r.cause, old_scores_new_weights: r.oldScoresNewWeights })) ?? null,
    metrics: d.metrics,
    fields: d.fields,
    strategy: d.strategy,
    invalid: result.invalid,
    unranked: d.unranked.map((u) => ({ revision: u.side === 'from' ? result.from.ref : result.to.ref, id: u.id, file: u.file })),
    failed: result.failed,
  });
}

export const diffFormatters = guardFormatters(formatMedium, {
  table: (result, { chalk, messages, width }) => toTerminal(diffBlocks(result, messages, width), { chalk, width }),
  json,
  markdown: (result, { messages }) => toMarkdown(diffBlocks(result, messages)),
} satisfies Record<DiffFormat, DiffFormatter>);
