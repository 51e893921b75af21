// The annual review as neutral blocks (src/render/document.ts), so table and Markdown show the
// same; also used by the report's review section.
import type { Messages } from '../i18n/messages.js';
import type { Assessment } from '../model/reviews.js';
import { REVIEW_COMMENT_HEADER, REVIEW_ID_HEADER, REVIEW_SHEET_MARK, REVIEW_TITLE_HEADER } from '../model/review-sheet.js';
import type { Leitplanke } from '../model/types.js';
import type { ReviewReport } from '../results/review.js';
import { displayScore } from '../scoring/score.js';
import { toMarkdown, toTerminal, type Block } from './document.js';
import { guardFormatters, jsonDocument } from './escape.js';
import { formatMedium } from './formats.js';
import type { RenderContext } from './render-context.js';
import type { CellStyle, WorkbookCell, WorkbookModel } from './render-export.js';

const arrow = (from: string, to: string): string => (from === to ? from : `${from} → ${to}`);

/** `level` 2 and an `id`: the section of the report (which lists it in its contents). */
export function reviewBlocks(r: ReviewReport, m: Messages, level: 1 | 2 = 1, id?: string): Block[] {
  const a = r.aggregate;
  const sub = (level + 1) as 2 | 3;
  const num = (x: number | null): string => (x === null ? '–' : m.numbers.number(displayScore(x)));
  const short = new Map(r.leitplanken.map((l) => [l.id, l.short ?? l.id]));
  const out: Block[] = [{ kind: 'heading', level, text: m.annualReview.heading(a.year), ...(id !== undefined ? { id } : {}) }];
  if (a.assessors.length === 0) {
    out.push({ kind: 'paragraph', text: m.annualReview.none(a.year) });
    return out;
  }
  out.push({
    kind: 'paragraph',
    text: m.annualReview.assessments(
      a.assessors.length,
      a.assessors
        .map((x) => `${x.id}${x.fachbereich !== undefined ? ` (${x.fachbereich})` : x.name !== undefined ? ` (${x.name})` : ''}`)
        .join(', '),
    ),
  });
  const c = a.concordance;
  out.push({
    kind: 'paragraph',
    text:
      c.w === null
        ? m.annualReview.kendallUndefined(c.n, c.m)
        : m.annualReview.kendall(m.numbers.number(Number(c.w.toFixed(3))), c.n, c.m, m.annualReview.meaning(c.w)),
  });
  if (r.applied !== undefined) {
    const measures = new Set(r.applied.map((x) => x.id)).size;
    out.push({
      kind: 'paragraph',
      text: r.applied.length === 0 ? m.annualReview.nothingToApply : m.annualReview.applied(r.applied.length, measures),
    });
  }
  const byId = new Map(a.measures.map((x) => [x.id, x]));
  out.push(
    { kind: 'heading', level: sub, text: m.annualReview.agenda },
    {
      kind: 'table',
      head: [
        m.id,
        m.measure,
        m.annualReview.count,
        m.annualReview.spread,
        m.annualReview.scoreChange,
        m.annualReview.rankChange,
        m.priority,
      ],
      rows: a.agenda.map((id) => {
        const x = byId.get(id)!;
        const yesNo = (p: boolean): string => (p ? m.yes : m.no);
        return [
          x.id,
          x.applicable ? x.title : `${x.title} (${m.annualReview.tooFew(a.minAssessments)})`,
          m.numbers.number(x.assessments),
          m.numbers.number(x.disagreement),
          arrow(num(x.current.score), num(x.proposed.score)),
          arrow(String(x.current.rank), String(x.proposed.rank)),
          arrow(yesNo(x.current.prioritized), yesNo(x.proposed.prioritized)),
        ];
      }),
      right: [2, 3],
      fit: { 1: { min: 16 }, 6: { drop: 1 } },
    },
    { kind: 'heading', level: sub, text: m.annualReview.details },
    {
      kind: 'table',
      head: [
        m.id,
        m.annualReview.leitplanke,
        m.annualReview.count,
        m.annualReview.median,
        m.annualReview.range,
        m.annualReview.iqr,
        m.annualReview.current,
        m.annualReview.adopted,
      ],
      rows: a.agenda.flatMap((id) =>
        byId
          .get(id)!
          .leitplanken.filter((l) => l.count > 0)
          .map((l) => [
            id,
            short.get(l.leitplanke) ?? l.leitplanke,
            m.numbers.number(l.count),
            num(l.median),
            `${num(l.min)}–${num(l.max)}`,
            num(l.iqr),
            num(l.current),
            l.changed ? `${num(l.adopted)} *` : num(l.adopted),
          ]),
      ),
      right: [2, 3, 5, 6, 7],
      fit: { 1: { min: 8 }, 5: { drop: 1 } },
    },
  );
  const comments = a.agenda.flatMap((id) => byId.get(id)!.comments.map((x) => ({ term: `${id} · ${x.assessor}`, text: x.comment })));
  if (comments.length > 0) out.push({ kind: 'heading', level: sub, text: m.annualReview.comments }, { kind: 'details', items: comments });
  if (a.weights.some((w) => w.count > 0))
    out.push(
      { kind: 'heading', level: sub, text: m.annualReview.weightsHeading },
      {
        kind: 'table',
        head: [m.annualReview.leitplanke, m.annualReview.count, m.annualReview.median, m.annualReview.range, m.annualReview.current],
        rows: a.weights.map((w) => [
          short.get(w.leitplanke) ?? w.leitplanke,
          m.numbers.number(w.count),
          num(w.median),
          w.min === null ? '–' : `${num(w.min)}–${num(w.max)}`,
          num(w.current),
        ]),
        right: [1, 2, 4],
      },
    );
  return out;
}

export function reviewJson(r: ReviewReport): unknown {
  const a = r.aggregate;
  return {
    year: a.year,
    assessors: a.assessors,
    minAssessments: a.minAssessments,
    concordance: {
      kendallW: a.concordance.w,
      measures: a.concordance.n,
      assessors: a.concordance.m,
      rests_on: a.concordance.measures,
      correctedForTies: true,
    },
    agenda: a.agenda,
    measures: a.measures.filter((x) => x.assessments > 0),
    weights: a.weights,
    ...(r.applied !== undefined ? { applied: r.applied } : {}),
  };
}

export const reviewFormatters = guardFormatters(formatMedium, {
  table: (r: ReviewReport, { chalk, messages, width }: RenderContext) => toTerminal(reviewBlocks(r, messages), { chalk, width }),
  json: (r: ReviewReport) => jsonDocument(reviewJson(r)),
  markdown: (r: ReviewReport, { messages }: RenderContext) => toMarkdown(reviewBlocks(r, messages)),
});

export interface ReviewScaffold {
  year: number;
  assessment: Assessment;
  measures: readonly { id: string; title: string }[];
  leitplanken: readonly Pick<Leitplanke, 'id' | 'title' | 'short' | 'scale'>[];
}

/**
 * The assessment as a workbook for a Fachbereich without git: the machine keys import reads in
 * column A and the header row (fixed, see model/review-sheet.ts), the scores as yellow input cells
 * limited to the Leitplanke's scale, a people's label beside every key.
 */
export function reviewWorkbook(s: ReviewScaffold, m: Messages): WorkbookModel {
  const text = (value: string, style: CellStyle = 'text'): WorkbookCell => ({ value, style });
  const a = s.assessment;
  const meta: (WorkbookCell | undefined)[][] = [
    [text(REVIEW_SHEET_MARK, 'label'), { value: s.year, style: 'integer' }, text(m.annualReview.heading(s.year), 'note')],
    [text('assessor', 'label'), text(a.assessor.id), text(m.annualReview.sheetLabels.assessor, 'note')],
    [text('name', 'label'), text(a.assessor.name ?? ''), text(m.annualReview.sheetLabels.name, 'note')],
    [text('fachbereich', 'label'), text(a.assessor.fachbereich ?? ''), text(m.annualReview.sheetLabels.fachbereich, 'note')],
    [text('date', 'label'), text(a.date), text(m.annualReview.sheetLabels.date, 'note')],
    [text(m.annualReview.sheetLabels.hint, 'note')],
  ];
  const header = [
    text(REVIEW_ID_HEADER, 'header'),
    text(REVIEW_TITLE_HEADER, 'header'),
    ...s.leitplanken.map((l) => text(l.id, 'header')),
    text(REVIEW_COMMENT_HEADER, 'header'),
  ];
  const labels = [
    text(m.id, 'note'),
    text(m.measure, 'note'),
    ...s.leitplanken.map((l) => text(l.short ?? l.title, 'note')),
    text(m.annualReview.comments, 'note'),
  ];
  const byId = new Map(a.measures.map((x) => [x.id, x]));
  const rows = s.measures.map((measure) => {
    const entry = byId.get(measure.id);
    return [
      text(measure.id),
      text(measure.title, 'longText'),
      ...s.leitplanken.map((l): WorkbookCell | undefined => {
        const value = entry?.scores[l.id];
        const values = l.scale.map((x) => x.value);
        const whole = values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : undefined;
        return { value: value ?? '', style: 'input', ...(whole !== undefined ? { whole } : {}) };
      }),
      text(entry?.comment ?? '', 'longText'),
    ];
  });
  return {
    title: m.annualReview.heading(s.year),
    sheets: [
      {
        name: m.annualReview.sheetLabels.sheet,
        widths: [12, 48, ...s.leitplanken.map(() => 12), 48],
        rows: [...meta, labels, header, ...rows],
        frozen: { rows: meta.length + 2, columns: 2 },
        filter: { rows: 0, columns: 0 },
      },
    ],
  };
}
