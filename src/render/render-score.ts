import type { ChalkInstance } from 'chalk';
import { formatMedium, type ScoreFormat } from './formats.js';
import Table from 'cli-table3';
import type { Messages } from '../i18n/messages.js';
import type { Decision } from '../model/types.js';
import { csvField, excelCsvField, guardFormatters, jsonDocument, markdownBlock, markdownCell, terminalText } from './escape.js';
import { compactChars } from './table-style.js';
import type { ScoreReport } from '../results/score.js';
import { displayScore, maxScore } from '../scoring/score.js';
import { exactShare } from '../i18n/locale-number.js';

export interface RenderContext {
  chalk: ChalkInstance;
  messages: Messages;
  /** Terminal width, when known; the title column wraps to fit. */
  width?: number;
}

export type ScoreFormatter = (report: ScoreReport, context: RenderContext) => string;

/** Floating noise from decimal weights must not leak into contracts. */
const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** One decimal, rounded half-up from the exact fraction score/max (23/40 is 57.5, never 57.4999…). */
const percentOf = (max: number, score: number): number => Number(exactShare(score, max, 1));

const fieldName = (report: ScoreReport, id: string): string => report.fields.find((f) => f.id === id)?.name ?? id;

function shortDecision(decision: Decision | undefined, m: Messages): string {
  if (decision === undefined) return m.undecided;
  return decision === 'prioritized' ? m.yes : m.no;
}

function decisionLabel(decision: Decision | undefined, m: Messages): string {
  if (decision === undefined) return m.undecided;
  return decision === 'prioritized' ? m.prioritized : m.notPrioritized;
}

export function scoreJson(report: ScoreReport): object {
  const max = maxScore(report.leitplanken, report.weights);
  return {
    criteria: report.leitplanken.map((l) => ({ id: l.id, name: l.criterion, weight: report.weights[l.id] ?? 0 })),
    threshold: report.threshold,
    measures: report.measures.map((s) => ({
      id: s.measure.id,
      title: s.measure.title,
      field: s.measure.field,
      scores: Object.fromEntries(report.leitplanken.map((l) => [l.id, s.measure.scores[l.id] ?? 0])),
      score: round(s.score, 6),
      percent: percentOf(max, s.score),
      rank: s.rank,
      prioritized: s.prioritized,
      decision: s.measure.decision ?? null,
      ...(report.sensitivity !== undefined ? { flip_distance: report.sensitivity.flipDistance.get(s.measure.id) ?? null } : {}),
    })),
    ...(report.sensitivity !== undefined
      ? {
          sensitivity: {
            borderline: [...report.sensitivity.flipDistance].filter(([, d]) => d === 1).map(([id]) => id),
            unit_changes: report.sensitivity.unitChanges.map((u) => ({
              leitplanke: u.change.leitplanke,
              delta: u.change.delta,
              flips: u.flips,
            })),
          },
        }
      : {}),
  };
}

function json(report: ScoreReport): string {
  return jsonDocument(scoreJson(report));
}

/**
 * RFC 4180 (`,`, CRLF) by default; with --excel what German Excel opens on a double-click: a
 * UTF-8 BOM (else umlauts break), `;` between fields (Excel takes the list separator of the
 * locale, `;` in German), decimal comma and CRLF.
 */
function csv(report: ScoreReport): string {
  const max = maxScore(report.leitplanken, report.weights);
  const withFlip = report.sensitivity !== undefined;
  const header = [
    'id',
    'title',
    'field',
    ...report.leitplanken.map((l) => l.id),
    'score',
    'percent',
    'rank',
    'prioritized',
    'decision',
    ...(withFlip ? ['flip_distance'] : []),
  ];
  const rows = report.measures.map((s) => [
    s.measure.id,
    s.measure.title,
    s.measure.field,
    ...report.leitplanken.map((l) => s.measure.scores[l.id] ?? 0),
    round(s.score, 6),
    percentOf(max, s.score),
    s.rank,
    s.prioritized,
    s.measure.decision ?? null,
    ...(withFlip ? [report.sensitivity?.flipDistance.get(s.measure.id) ?? null] : []),
  ]);
  if (report.excel === true) return `\ufeff${[header, ...rows].map((r) => `${r.map(excelCsvField).join(';')}\r\n`).join('')}`;
  return [header, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

function headers(report: ScoreReport, m: Messages): string[] {
  return [
    m.id,
    m.measure,
    m.field,
    ...report.leitplanken.map((l) => l.short ?? l.id),
    m.score,
    m.rank,
    ...(report.sensitivity !== undefined ? [m.flipDistance] : []),
    m.priority,
    m.decision,
  ];
}

function flipCell(report: ScoreReport, id: string): string | undefined {
  if (report.sensitivity === undefined) return undefined;
  const d = report.sensitivity.flipDistance.get(id) ?? null;
  return d === null ? '–' : d === 1 ? '1 ◆' : String(d);
}

function sensitivitySummary(report: ScoreReport, m: Messages): string | undefined {
  const sens = report.sensitivity;
  if (sens === undefined) return undefined;
  const label = (id: string): string => report.leitplanken.find((l) => l.id === id)?.short ?? id;
  const borderline = [...sens.flipDistance.values()].filter((d) => d === 1).length;
  const worst = [...sens.unitChanges].sort((a, b) => b.flips.length - a.flips.length)[0];
  const stable = sens.prioritized.filter((id) => sens.flipDistance.get(id) === null).length;
  return m.sensitivity(
    borderline,
    worst === undefined
      ? undefined
      : { change: `${label(worst.change.leitplanke)} ${worst.change.delta > 0 ? '+' : '−'}1`, flips: worst.flips.length },
    stable,
    sens.prioritized.length,
  );
}

function summary(report: ScoreReport, m: Messages): string {
  const prioritized = report.measures.filter((s) => s.prioritized).length;
  const disagreements = report.measures.filter((s) => s.disagrees).length;
  const weights = report.leitplanken.map((l) => `${l.short ?? l.id} ${m.numbers.number(report.weights[l.id] ?? 0)}`).join(', ');
  const line = `${m.summary(report.measures.length, report.total, prioritized, disagreements)} · ${m.weights}: ${weights} · ${m.threshold} ${m.numbers.number(report.threshold)}`;
  const stability = sensitivitySummary(report, m);
  return stability === undefined ? line : `${line}\n${stability}`;
}

const formatScore = (n: number, m: Messages): string => m.numbers.number(displayScore(n));

interface Cell {
  text: string;
  style?: (text: string) => string;
  right?: boolean;
}

/**
 * On a terminal the title and field columns wrap so the table fits; the numbers keep their
 * natural width. Where even that does not fit, the field column goes (--sort field still groups).
 */
function layout(
  head: readonly string[],
  rows: readonly Cell[][],
  width: number | undefined,
): { title: number; field: number | null } | undefined {
  if (width === undefined) return undefined;
  const natural = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.text.length)));
  const fixed = natural.reduce((sum, w, i) => (i === 1 || i === 2 ? sum : sum + w + 3), 0) + 1;
  const room = width - fixed - 3;
  const minTitle = 16;
  const minField = 15;
  if (room < minTitle + minField + 3) return { title: Math.max(minTitle, room), field: null };
  const field = Math.min(natural[2]!, Math.max(minField, Math.floor(room * 0.3)));
  return { title: Math.min(natural[1]!, Math.max(minTitle, room - field - 3)), field };
}

function table(report: ScoreReport, { chalk, messages: m, width }: RenderContext): string {
  const head = headers(report, m).map(terminalText);
  const rows: Cell[][] = report.measures.map((s) => {
    const flip = flipCell(report, s.measure.id);
    const mark = s.disagrees ? ' ≠' : '';
    const alarm = s.disagrees ? chalk.red.bold : undefined;
    return [
      { text: terminalText(s.measure.id) },
      { text: terminalText(s.measure.title) },
      { text: terminalText(fieldName(report, s.measure.field)) },
      ...report.leitplanken.map((l) => ({ text: m.numbers.number(s.measure.scores[l.id] ?? 0), right: true })),
      { text: formatScore(s.score, m), right: true },
      { text: m.numbers.number(s.rank), right: true },
      ...(flip === undefined ? [] : [{ text: flip, right: true, ...(flip.startsWith('1 ') ? { style: chalk.yellow.bold } : {}) }]),
      { text: (s.prioritized ? m.yes : m.no) + mark, ...(alarm ? { style: alarm } : s.prioritized ? { style: chalk.green } : {}) },
      { text: shortDecision(s.measure.decision, m) + mark, ...(alarm ? { style: alarm } : {}) },
    ];
  });
  const fit = layout(head, rows, width);
  const keep = (_: unknown, i: number): boolean => fit?.field !== null || i !== 2;
  const t = new Table({
    head: head.filter(keep).map((h) => chalk.bold(h)),
    style: { head: [], border: [] },
    chars: compactChars,
    wordWrap: fit !== undefined,
    ...(fit !== undefined
      ? { colWidths: (fit.field === null ? [null, fit.title + 2] : [null, fit.title + 2, fit.field + 2]) as (number | null)[] }
      : {}),
  });
  for (const row of rows)
    t.push(
      row
        .filter(keep)
        .map((c) => ({ content: c.style ? c.style(c.text) : c.text, hAlign: c.right ? ('right' as const) : ('left' as const) })),
    );
  // The summary names Leitplanken (their short labels are data) like the table does.
  return `${t.toString()}\n${summary(report, m).split('\n').map(terminalText).join('\n')}\n`;
}

function markdown(report: ScoreReport, { messages: m }: RenderContext): string {
  const head = headers(report, m);
  const lines = [
    `| ${head.map(markdownCell).join(' | ')} |`,
    `| ${head.map((_, i) => (i >= 3 && i < head.length - 2 ? '---:' : '---')).join(' | ')} |`,
    ...report.measures.map((s) => {
      const cells = [
        s.measure.id,
        s.measure.title,
        fieldName(report, s.measure.field),
        ...report.leitplanken.map((l) => m.numbers.number(s.measure.scores[l.id] ?? 0)),
        formatScore(s.score, m),
        m.numbers.number(s.rank),
        ...(flipCell(report, s.measure.id) ?? []),
        s.prioritized ? m.prioritized : m.notPrioritized,
        decisionLabel(s.measure.decision, m) + (s.disagrees ? ' ≠' : ''),
      ];
      return `| ${cells.map(markdownCell).join(' | ')} |`;
    }),
  ];
  return `${lines.join('\n')}\n\n${summary(report, m).split('\n').map(markdownBlock).join('\n\n')}\n`;
}

export const scoreFormatters = guardFormatters(formatMedium, { table, json, csv, markdown } satisfies Record<ScoreFormat, ScoreFormatter>);
