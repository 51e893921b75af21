import { formatMedium, type StatusFormat } from './formats.js';
import { guardFormatters, jsonDocument } from './escape.js';
import { statuses, type StatusResult } from '../results/status.js';
import type { Messages } from '../i18n/messages.js';
import { toTerminal, type Block } from './document.js';
import type { RenderContext } from './render-context.js';

export type StatusFormatter = (result: StatusResult, context: RenderContext) => string;

/** The register's deadlines: nothing at all for a strategy without requirements.yaml. */
function deadlineBlocks(r: StatusResult, m: Messages): Block[] {
  if (r.requirements.length === 0) return [];
  const overdue = r.requirements.filter((x) => x.overdue);
  const open = r.requirements.filter((x) => x.open).length;
  const notDone = (x: StatusResult['requirements'][number]) => {
    const ids = x.measures.filter((s) => s.status !== 'done').map((s) => s.id);
    return ids.length === 0 ? m.requirements.noMeasure : ids.join(', ');
  };
  return [
    { kind: 'heading', level: 2, text: m.requirements.deadlines },
    overdue.length === 0
      ? { kind: 'paragraph', text: m.requirements.noOverdue(r.today) }
      : { kind: 'list', items: overdue.map((x) => m.requirements.overdue(x.name, x.deadline!, notDone(x))) },
    { kind: 'paragraph', text: m.requirements.open(open, r.today) },
  ];
}

function blocks(r: StatusResult, m: Messages): Block[] {
  const s = r.strategy.strategy;
  const f = r.fortschreibung;
  const lines = [
    m.status.version(s.version, s.date),
    s.adoption === undefined ? m.status.notAdopted : m.status.adopted(s.adoption.body, s.adoption.date),
    f === null || s.review === undefined
      ? m.status.noCycle
      : `${m.status.fortschreibung(s.review.fortschreibung_years, f.due)} – ${f.overdue ? m.status.overdue(f.days) : m.status.remaining(f.days)}`,
  ];
  if (r.asOf !== null) lines.unshift(m.status.asOf(r.asOf.date, r.asOf.commit.slice(0, 12)));
  const columns = statuses.filter((x) => x === 'none' || Object.values(r.matrix).some((row) => row[x] > 0));
  const out: Block[] = [
    { kind: 'heading', level: 1, text: s.title },
    { kind: 'list', items: lines },
    { kind: 'heading', level: 2, text: m.status.byStatus },
    {
      kind: 'table',
      head: [m.field, ...columns.map((c) => m.status.statusNames[c] ?? c), m.status.total],
      rows: s.handlungsfelder.map((field) => {
        const row = r.matrix[field.id]!;
        return [field.name, ...columns.map((c) => m.numbers.number(row[c])), m.numbers.number(statuses.reduce((n, c) => n + row[c], 0))];
      }),
      right: Array.from({ length: columns.length + 1 }, (_, i) => i + 1),
    },
    ...deadlineBlocks(r, m),
    { kind: 'heading', level: 2, text: m.status.review },
  ];
  if ('unavailable' in r.review) {
    out.push({ kind: 'paragraph', text: m.status.noGit(r.review.unavailable) });
  } else if (r.review.stale.length === 0) {
    out.push({ kind: 'paragraph', text: m.status.allReviewed(r.review.since) });
  } else {
    out.push(
      { kind: 'paragraph', text: m.status.stale(r.review.stale.length, r.review.since) },
      {
        kind: 'table',
        head: [m.id, m.measure, m.status.lastChange],
        rows: r.review.stale.map((x) => [x.id, x.title, x.lastChange || '–']),
      },
    );
  }
  if (!('unavailable' in r.review) && r.review.uncommitted.length > 0)
    out.push({ kind: 'paragraph', text: m.status.uncommitted(r.review.uncommitted.join(', ')) });
  const a = r.annualReview;
  if (a !== undefined && a !== null) {
    const items = [
      a.expected.length === 0
        ? m.annualReview.unnamed(a.year, a.assessments)
        : m.annualReview.statusLine(a.year, a.submitted.length, a.expected.length),
      a.state === 'complete'
        ? m.annualReview.done(a.year)
        : a.state === 'overdue'
          ? m.annualReview.overdue(a.year, a.by)
          : m.annualReview.due(a.year, a.by),
    ];
    if (a.missing.length > 0) items.push(m.annualReview.missing(a.missing.join(', ')));
    if (a.expected.length > 0 && a.unassigned.length > 0) items.push(m.annualReview.unassigned(a.unassigned.join(', ')));
    const owner = [a.owner?.role, a.owner?.person].filter((x) => x !== undefined).join(', ');
    if (owner !== '') items.push(m.annualReview.owner(owner));
    out.push({ kind: 'list', items });
  }
  return out;
}

function json(r: StatusResult): string {
  const s = r.strategy.strategy;
  return jsonDocument({
    title: s.title,
    version: s.version,
    date: s.date,
    adoption: s.adoption ?? null,
    today: r.today,
    as_of: r.asOf,
    fortschreibung: r.fortschreibung,
    measures: { total: r.strategy.measures.length, by_field_and_status: r.matrix },
    requirements: r.requirements.map((x) => ({
      id: x.id,
      name: x.name,
      kind: x.kind,
      mandatory: x.mandatory,
      deadline: x.deadline,
      in_force: x.inForce,
      done: x.done,
      open: x.open,
      overdue: x.overdue,
      measures: x.measures.map((s) => ({ id: s.id, status: s.status })),
    })),
    review:
      'unavailable' in r.review
        ? { unavailable: r.review.unavailable }
        : {
            since: r.review.since,
            stale: r.review.stale.map((x) => ({ id: x.id, title: x.title, last_change: x.lastChange || null })),
            uncommitted: r.review.uncommitted,
          },
    ...(r.annualReview !== undefined ? { annual_review: r.annualReview } : {}),
  });
}

export const statusFormatters = guardFormatters(formatMedium, {
  table: (result, { chalk, messages, width }) => toTerminal(blocks(result, messages), { chalk, width }),
  json,
} satisfies Record<StatusFormat, StatusFormatter>);
