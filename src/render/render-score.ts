import { formatMedium, type ScoreFormat } from './formats.js';
import type { Messages } from '../i18n/messages.js';
import type { Decision, Leitplanke } from '../model/types.js';
import type { Sensitivity } from '../scoring/sensitivity.js';
import { csvField, excelCsvField, guardFormatters, jsonDocument, markdownBlock, markdownCell, terminalText } from './escape.js';
import { fitLine, renderTable, type Cell, type Column } from './terminal-table.js';
import type { ScoreReport } from '../results/score.js';
import type { RenderContext } from './render-context.js';
import { displayScore, maxScore, type Weights } from '../scoring/score.js';
import { exactShare } from '../i18n/locale-number.js';

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
      ...(report.sensitivity !== undefined
        ? {
            flip_distance: report.sensitivity.flipDistance.get(s.measure.id) ?? null,
            flip_l1: report.sensitivity.directions.flips.get(s.measure.id) ?? null,
          }
        : {}),
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
            most_critical: report.sensitivity.directions.mostCritical,
            // Every entry has the same keys: a Leitplanke no change of which flips anything has them null.
            critical: report.sensitivity.directions.critical.map(
              (c, j) => c ?? { leitplanke: report.leitplanken[j]!.id, delta: null, relative: null, flips: null },
            ),
            stability: report.sensitivity.directions.stability,
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
    ...(withFlip ? ['flip_distance', 'flip_l1'] : []),
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
    ...(withFlip
      ? [
          report.sensitivity?.flipDistance.get(s.measure.id) ?? null,
          report.sensitivity?.directions.flips.get(s.measure.id)?.distance ?? null,
        ]
      : []),
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

/** The sentence on the smallest flip in every direction and the most critical Leitplanke (score and report). */
export function directionsText(
  sens: Sensitivity,
  leitplanken: readonly Pick<Leitplanke, 'id' | 'short'>[],
  weights: Readonly<Weights>,
  m: Messages,
): string {
  const label = (id: string): string => leitplanken.find((l) => l.id === id)?.short ?? id;
  const d = sens.directions;
  const radius = d.stability.radius;
  const change = (to: Weights): string =>
    leitplanken
      .filter((l) => to[l.id] !== weights[l.id])
      .map((l) => `${label(l.id)} ${m.numbers.number(weights[l.id] ?? 0)}→${m.numbers.number(to[l.id] ?? 0)}`)
      .join(', ');
  return m.directions(
    radius === null || d.stability.flips === null
      ? undefined
      : { distance: radius.distance, relative: radius.relative, flips: d.stability.flips, change: change(radius.weights) },
    d.mostCritical === null ? undefined : { ...d.mostCritical, leitplanke: label(d.mostCritical.leitplanke) },
  );
}

function sensitivitySummary(report: ScoreReport, m: Messages): string | undefined {
  const sens = report.sensitivity;
  if (sens === undefined) return undefined;
  const label = (id: string): string => report.leitplanken.find((l) => l.id === id)?.short ?? id;
  const borderline = [...sens.flipDistance.values()].filter((d) => d === 1).length;
  const worst = [...sens.unitChanges].sort((a, b) => b.flips.length - a.flips.length)[0];
  const stable = sens.prioritized.filter((id) => sens.flipDistance.get(id) === null).length;
  const line = m.sensitivity(
    borderline,
    worst === undefined
      ? undefined
      : { change: `${label(worst.change.leitplanke)} ${worst.change.delta > 0 ? '+' : '−'}1`, flips: worst.flips.length },
    stable,
    sens.prioritized.length,
  );
  return `${line}\n${directionsText(sens, report.leitplanken, report.weights, m)}`;
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

/**
 * On a narrow terminal the title and field wrap; then the field goes (--sort field still
 * groups), then the single criteria (the score sums them), then the rank (the order shows it).
 */
function columns(report: ScoreReport, m: Messages): Column[] {
  const head = headers(report, m);
  const n = report.leitplanken.length;
  return head.map((h, i): Column => {
    if (i === 0) return { head: h };
    if (i === 1) return { head: h, wrap: true, min: 20 };
    if (i === 2) return { head: h, wrap: true, min: 12, drop: 1 };
    if (i < 3 + n) return { head: h, align: 'right', drop: 2 };
    if (i === 3 + n) return { head: h, align: 'right' };
    if (i === 4 + n) return { head: h, align: 'right', drop: 3 };
    if (i < head.length - 2) return { head: h, align: 'right' };
    return { head: h };
  });
}

/** Id, title, field, the criteria, score and rank: the same in every human format. */
function leadingCells(report: ScoreReport, s: ScoreReport['measures'][number], m: Messages): string[] {
  return [
    s.measure.id,
    s.measure.title,
    fieldName(report, s.measure.field),
    ...report.leitplanken.map((l) => m.numbers.number(s.measure.scores[l.id] ?? 0)),
    formatScore(s.score, m),
    m.numbers.number(s.rank),
  ];
}

function table(report: ScoreReport, { chalk, messages: m, width }: RenderContext): string {
  const rows: Cell[][] = report.measures.map((s) => {
    const flip = flipCell(report, s.measure.id);
    const mark = s.disagrees ? ' ≠' : '';
    const alarm = s.disagrees ? chalk.red.bold : undefined;
    return [
      ...leadingCells(report, s, m),
      ...(flip === undefined ? [] : [{ text: flip, ...(flip.startsWith('1 ') ? { style: chalk.yellow.bold } : {}) }]),
      { text: (s.prioritized ? m.yes : m.no) + mark, ...(alarm ? { style: alarm } : s.prioritized ? { style: chalk.green } : {}) },
      { text: shortDecision(s.measure.decision, m) + mark, ...(alarm ? { style: alarm } : {}) },
    ];
  });
  if (rows.length === 0) return `${m.noMatch(report.total)}\n`;
  const body = renderTable(columns(report, m), rows, { chalk, width });
  // The summary names Leitplanken (their short labels are data) like the table does; on a narrow
  // terminal each of its parts gets a line of its own.
  const lines = summary(report, m).split('\n').map(terminalText);
  return `${body}\n${lines.flatMap((l) => fitLine(l, width)).join('\n')}\n`;
}

function markdown(report: ScoreReport, { messages: m }: RenderContext): string {
  if (report.measures.length === 0) return `${markdownBlock(m.noMatch(report.total))}\n`;
  const head = headers(report, m);
  const lines = [
    `| ${head.map(markdownCell).join(' | ')} |`,
    `| ${head.map((_, i) => (i >= 3 && i < head.length - 2 ? '---:' : '---')).join(' | ')} |`,
    ...report.measures.map((s) => {
      const cells = [
        ...leadingCells(report, s, m),
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
