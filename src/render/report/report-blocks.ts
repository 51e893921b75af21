import type { Messages } from '../../i18n/messages.js';
import { compareIds } from '../../model/ids.js';
import type { LocatedMeasure } from '../../model/types.js';
import type { ScoredMeasure } from '../../scoring/score.js';
import { headings, type Block } from '../document.js';
import { diffBlocks, diffCounts } from '../render-diff.js';
import type { Portfolio, PortfolioPoint } from '../portfolio.js';
import { formatMetricValue } from '../render-metrics.js';
import type { ReportData } from './report-data.js';
import { reviewBlocks } from '../render-review.js';
import { displayScore, maxScore, weightsOf } from '../../scoring/score.js';
import { directionsText } from '../render-score.js';

/** Scores and weights as every output shows them (two decimals at most), in the language's notation. */
const num = (n: number, m: Messages): string => m.numbers.number(displayScore(n));

/** Where the strategy's Leitplanken play the roles of the seed's portfolio axes. */
function axes(data: ReportData): { x: string; y: string; size: string[] } {
  const ids = data.strategy.leitplanken.leitplanken.map((l) => l.id);
  // The Anlage puts strategic impact on x, external impact on y and the other two into the bubble;
  // a strategy with other Leitplanken uses the first, the last and the rest in the same roles.
  return { x: ids[0]!, y: ids[ids.length - 1]!, size: ids.slice(1, -1) };
}

/**
 * Measures that share a position, as one marker at exactly that position: drawing them apart
 * would show values they do not have. Groups in order of their first measure.
 */
export function groupByPosition<T>(items: readonly T[], position: (item: T) => [number, number]): { items: T[]; x: number; y: number }[] {
  const groups = new Map<string, { items: T[]; x: number; y: number }>();
  for (const item of items) {
    const [x, y] = position(item);
    const key = `${x},${y}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { items: [item], x, y });
    else group.items.push(item);
  }
  return [...groups.values()];
}

export function portfolio(data: ReportData, fieldName: string, measures: readonly ScoredMeasure<LocatedMeasure>[], m: Messages): Portfolio {
  const a = axes(data);
  const lp = data.strategy.leitplanken.leitplanken;
  const maxOf = (id: string) => Math.max(...(lp.find((l) => l.id === id)?.scale.map((s) => s.value) ?? [4]));
  const max = Math.max(maxOf(a.x), maxOf(a.y));
  const sizeMax = a.size.reduce((n, id) => n + maxOf(id), 0) || 1;
  const sorted = [...measures].sort((p, q) => compareIds(p.measure.id, q.measure.id));
  const points: PortfolioPoint[] = groupByPosition(sorted, (s) => [s.measure.scores[a.x] ?? 0, s.measure.scores[a.y] ?? 0]).map(
    ({ items, x, y }) => {
      const prioritized = items.filter((i) => i.prioritized).length;
      return {
        labels: items.map((i) => i.measure.id),
        title: m.report.markerTitle(items.length, items.map((i) => `${i.measure.id} ${i.measure.title}`).join('; ')),
        x,
        y,
        size: Math.max(...items.map((i) => a.size.reduce((n, id) => n + (i.measure.scores[id] ?? 0), 0) / sizeMax)),
        highlighted: prioritized === items.length ? 'all' : prioritized === 0 ? 'none' : 'some',
      };
    },
  );
  // Named by the strategy's own Leitplanken, whatever they are: the seed's names would mislabel another strategy's chart.
  const criterion = (id: string) => lp.find((l) => l.id === id)?.criterion ?? id;
  // An axis has little room: the criterion up to 40 characters, else the short name, else the
  // criterion cut at 40 (the note below the chart names it whole).
  const axisName = (id: string) => {
    const l = lp.find((x) => x.id === id);
    const name = [...(l?.criterion ?? id)];
    if (name.length <= 40) return name.join('');
    return l?.short ?? `${name.slice(0, 39).join('')}…`;
  };
  return {
    title: m.report.portfolio(fieldName),
    x: m.report.axis(axisName(a.x)),
    y: m.report.axis(axisName(a.y)),
    max,
    note: m.report.portfolioNote(criterion(a.x), criterion(a.y), a.size.map(criterion)),
    legend: [m.report.legendPrioritized, m.report.legendOther],
    points,
  };
}

/** The chart as its data table: every position with its measures (the text alternative, and the label list Mermaid cannot draw). */
function chartTable(data: ReportData, chart: Portfolio, fieldId: string, fieldName: string, m: Messages): Block {
  const a = axes(data);
  const lp = data.strategy.leitplanken.leitplanken;
  const name = (id: string) => lp.find((l) => l.id === id)?.criterion ?? id;
  const rows = [...chart.points].sort((p, q) => q.y - p.y || q.x - p.x);
  const prioritized = new Set(data.scored.filter((x) => x.prioritized).map((x) => x.measure.id));
  return {
    kind: 'table',
    caption: m.report.chartTable(fieldName),
    id: `tabelle-${fieldId}`,
    head: [name(a.x), name(a.y), m.report.count, m.report.measures, m.priority],
    rows: rows.map((p) => [
      m.numbers.number(p.x),
      m.numbers.number(p.y),
      m.numbers.number(p.labels.length),
      p.labels.join(', '),
      p.highlighted === 'all'
        ? m.prioritized
        : p.highlighted === 'none'
          ? m.notPrioritized
          : `${m.prioritized}: ${p.labels.filter((id) => prioritized.has(id)).join(', ')}`,
    ]),
    right: [0, 1, 2],
  };
}

/**
 * A text from the YAML as blocks: paragraphs separated by blank lines, and lines starting with
 * "- " as list items (a following line without the dash continues the item, as in the seed).
 */
export function textBlocks(text: string, lang?: string): Block[] {
  const blocks: Block[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    const lines = para
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    let prose: string[] = [];
    let items: string[] = [];
    const flush = () => {
      const tag = lang !== undefined ? { lang } : {};
      if (prose.length > 0) blocks.push({ kind: 'paragraph', text: prose.join('\n'), ...tag });
      if (items.length > 0) blocks.push({ kind: 'list', items, ...tag });
      prose = [];
      items = [];
    };
    for (const line of lines) {
      if (line.startsWith('- ')) {
        if (prose.length > 0) flush();
        items.push(line.slice(2));
      } else if (items.length > 0) {
        items[items.length - 1] += ` ${line}`;
      } else {
        prose.push(line);
      }
    }
    flush();
  }
  return blocks;
}

export interface ReportBlockOptions {
  /** The HTML page's what-if section (id `whatif`, a level-2 heading after the appendix): linked from the summary and the contents. */
  whatIf?: string;
}

const decisionText = (d: LocatedMeasure['decision'], m: Messages): string =>
  d === undefined ? m.undecided : d === 'prioritized' ? m.prioritized : m.notPrioritized;

/**
 * The whole report as neutral blocks; Markdown and HTML render the same blocks. The order is the
 * reader's: title, summary (what a committee decides on), contents, what changed, then the
 * Leitplanken, the Handlungsfelder, the measures' details and the appendix.
 */
/** requirements.yaml judged on the report's day, and the roadmap chart: nothing when neither has content. */
function deadlineSection(data: ReportData, m: Messages): Block[] {
  const r = data.requirements;
  if (r.length === 0 && data.roadmap.span === null) return [];
  const overdue = r.filter((x) => x.overdue);
  const state = (x: ReportData['requirements'][number]) =>
    x.overdue
      ? m.requirements.state.overdue
      : x.done
        ? m.requirements.state.done
        : x.mandatory
          ? m.requirements.state.open
          : m.requirements.state.optional;
  return [
    { kind: 'heading', level: 2, text: m.requirements.section, id: 'rahmenbedingungen' },
    { kind: 'paragraph', text: m.requirements.judgedOn(data.judgedOn) },
    ...(r.length === 0
      ? []
      : [
          overdue.length === 0
            ? { kind: 'paragraph' as const, text: m.requirements.noOverdue(data.judgedOn) }
            : {
                kind: 'list' as const,
                items: overdue.map((x) =>
                  m.requirements.overdue(
                    x.name,
                    x.deadline!,
                    x.measures
                      .filter((s) => s.status !== 'done')
                      .map((s) => s.id)
                      .join(', ') || m.requirements.noMeasure,
                  ),
                ),
              },
          { kind: 'paragraph' as const, text: m.requirements.open(r.filter((x) => x.open).length, data.judgedOn) },
          {
            kind: 'table' as const,
            head: [
              m.requirements.requirement,
              m.report.kind,
              m.requirements.deadline,
              m.requirements.mandatory,
              m.report.measures,
              'Status',
            ],
            rows: r.map((x) => [
              x.name,
              m.requirements.kinds[x.kind],
              x.deadline ?? '–',
              x.mandatory ? m.yes : m.no,
              x.measures.map((s) => s.id).join(', ') || '–',
              state(x),
            ]),
          },
        ]),
    ...(data.roadmap.span === null
      ? []
      : [
          { kind: 'heading' as const, level: 3 as const, text: m.requirements.roadmap, id: 'roadmap' },
          {
            kind: 'roadmap' as const,
            roadmap: data.roadmap,
            labels: { roadmap: m.requirements.roadmap, milestones: m.requirements.milestones },
            table: 'roadmap-daten',
          },
          // The timeline as a table: its text alternative in HTML (the SVG points to it), and the
          // dates the gantt draws, readable without Mermaid.
          {
            kind: 'table' as const,
            caption: m.requirements.roadmap,
            id: 'roadmap-daten',
            head: [m.field, m.report.measures, m.requirements.start, m.requirements.due, 'Status'],
            rows: [
              ...data.roadmap.fields.flatMap((f) =>
                f.items.map((i) => [
                  f.name,
                  `${i.id} ${i.title}`,
                  i.start ?? '–',
                  i.due ?? '–',
                  i.status === null ? '–' : (m.status.statusNames[i.status] ?? i.status),
                ]),
              ),
              ...data.roadmap.milestones.map((x) => [
                m.requirements.milestones,
                x.name,
                '–',
                x.deadline,
                x.overdue
                  ? m.requirements.state.overdue
                  : x.done
                    ? m.requirements.state.done
                    : x.mandatory
                      ? m.requirements.state.open
                      : m.requirements.state.optional,
              ]),
            ],
          },
        ]),
  ];
}

export function reportBlocks(data: ReportData, m: Messages, options: ReportBlockOptions = {}): Block[] {
  const s = data.strategy.strategy;
  const lp = data.strategy.leitplanken.leitplanken;
  const threshold = data.strategy.leitplanken.threshold;
  const label = (id: string) => lp.find((l) => l.id === id)?.short ?? id;
  const fields = s.handlungsfelder;
  const fieldName = (id: string) => fields.find((f) => f.id === id)?.name ?? id;
  const weights = lp.map((l) => `${l.short ?? l.id} ${num(l.weight, m)}`).join(', ');
  const max = maxScore(lp, Object.fromEntries(lp.map((l) => [l.id, l.weight])));
  const fieldMeasures = (id: string) =>
    data.scored.filter((x) => x.measure.field === id).sort((a, b) => compareIds(a.measure.id, b.measure.id));
  const decided = data.scored.filter((x) => x.measure.decision !== undefined);
  const disagreeing = decided.filter((x) => x.disagrees);
  const borderline = data.scored.filter((x) => data.sensitivity.flipDistance.get(x.measure.id) === 1);
  const changes = data.changes;

  const intro: string[] = [m.status.version(s.version, s.date)];
  if (s.organisation !== undefined) intro.push([s.organisation.name, s.organisation.unit].filter(Boolean).join(', '));
  if (s.adoption !== undefined) intro.push(m.status.adopted(s.adoption.body, s.adoption.date));
  if (data.date !== undefined) intro.push(m.report.asOf(data.date));

  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: s.title, lang: s.language },
    { kind: 'list', items: intro },
  ];

  // Summary: the counts, the priorities, what changed, what is open — before any prose.
  blocks.push(
    { kind: 'heading', level: 2, text: m.report.summary, id: 'zusammenfassung' },
    {
      kind: 'table',
      head: [m.field, m.report.measures, m.prioritized],
      rows: [
        ...fields.map((f) => {
          const list = fieldMeasures(f.id);
          return [`${f.number} ${f.name}`, m.numbers.number(list.length), m.numbers.number(list.filter((x) => x.prioritized).length)];
        }),
        [m.status.total, m.numbers.number(data.scored.length), m.numbers.number(data.scored.filter((x) => x.prioritized).length)],
      ],
      right: [1, 2],
    },
    { kind: 'paragraph', text: m.report.thresholdLine(threshold, weights) },
    { kind: 'heading', level: 3, text: m.report.prioritizedMeasures, id: 'priorisiert' },
    {
      kind: 'table',
      head: [m.rank, m.id, m.measure, m.field, m.score, m.percent],
      rows: data.scored
        .filter((x) => x.prioritized)
        .map((x) => [
          m.numbers.number(x.rank),
          x.measure.id,
          x.measure.title,
          fieldName(x.measure.field),
          num(x.score, m),
          m.numbers.share(x.score, max, 0),
        ]),
      right: [0, 4, 5],
    },
  );
  if (changes !== undefined) {
    const c = diffCounts(changes.diff);
    blocks.push(
      { kind: 'heading', level: 3, text: m.report.changesAtAGlance(changes.from.ref), id: 'aenderungen-ueberblick' },
      {
        kind: 'list',
        items: [
          m.diff.counts(c.added, c.removed, c.changed, c.rescored, c.priorityChanges),
          c.weightsChanged ? m.diff.weightsChanged : m.diff.weightsUnchanged,
        ],
      },
      { kind: 'links', items: [{ text: m.report.allChanges, target: 'aenderungen' }] },
    );
  }
  blocks.push(
    { kind: 'heading', level: 3, text: m.report.openIssues, id: 'offen' },
    { kind: 'paragraph', text: m.report.openIssuesLine(disagreeing.length, decided.length, borderline.length) },
    // Each disagreement by name: few, and each one a question the committee has to answer.
    ...(disagreeing.length > 0
      ? [
          {
            kind: 'list' as const,
            items: disagreeing.map(
              (x) =>
                `${x.measure.id} ${x.measure.title} — ${m.decision}: ${decisionText(x.measure.decision, m)}, ${m.priority}: ${x.prioritized ? m.prioritized : m.notPrioritized}`,
            ),
          },
        ]
      : []),
    {
      kind: 'links',
      items: [
        { text: m.report.toConsistency, target: 'konsistenz' },
        ...(options.whatIf !== undefined ? [{ text: m.report.whatIfLink, target: 'whatif' }] : []),
      ],
    },
  );

  // The rest, built first so the contents can list it.
  const rest: Block[] = [];
  if (changes !== undefined)
    rest.push(
      { kind: 'heading', level: 2, text: m.report.changesSince(changes.from.ref), id: 'aenderungen' },
      ...diffBlocks(changes, m, undefined, true),
    );

  // Leitplanken with their scale (Anhang III as one table).
  rest.push({ kind: 'heading', level: 2, text: m.report.leitplanken, id: 'leitplanken' });
  for (const l of lp) {
    rest.push({ kind: 'heading', level: 3, text: l.title, lang: s.language });
    if (l.text !== undefined) rest.push(...textBlocks(l.text, s.language));
    rest.push({ kind: 'paragraph', text: m.report.weightLine(l.weight, l.criterion) });
  }
  const values = [...new Set(lp.flatMap((l) => l.scale.map((x) => x.value)))].sort((a, b) => a - b);
  rest.push(
    { kind: 'heading', level: 3, text: m.report.scale, id: 'skala' },
    {
      kind: 'table',
      head: [m.report.rating, ...lp.map((l) => l.criterion)],
      rows: values.map((v) => [String(v), ...lp.map((l) => l.scale.find((x) => x.value === v)?.text ?? '–')]),
      right: [0],
    },
  );

  // One section per Handlungsfeld: text, portfolio with its data table, the measures' table.
  rest.push({ kind: 'heading', level: 2, text: m.report.fields, id: 'handlungsfelder' });
  for (const f of fields) {
    const list = fieldMeasures(f.id);
    const name = `${f.number} ${f.name}`;
    const section: Block[] = [{ kind: 'heading', level: 3, text: name, id: `feld-${f.id}-titel`, lang: s.language }];
    if (f.description !== undefined) section.push(...textBlocks(f.description, s.language));
    if (!f.prioritized) section.push({ kind: 'paragraph', text: m.report.notPrioritisable });
    if (list.length > 0) {
      const chart = portfolio(data, f.name, list, m);
      section.push({ kind: 'chart', chart, table: `tabelle-${f.id}` }, chartTable(data, chart, f.id, f.name, m));
      section.push({
        kind: 'table',
        head: [m.id, m.measure, ...lp.map((l) => label(l.id)), m.score, m.rank, m.priority],
        rows: list.map((x) => [
          x.measure.id,
          x.measure.title,
          ...lp.map((l) => m.numbers.number(x.measure.scores[l.id] ?? 0)),
          num(x.score, m),
          m.numbers.number(x.rank),
          x.prioritized ? m.prioritized : m.notPrioritized,
        ]),
        right: Array.from({ length: lp.length + 2 }, (_, i) => i + 2),
      });
    }
    rest.push({ kind: 'section', id: `feld-${f.id}`, className: 'field', blocks: section });
  }

  // Every measure's details, per Handlungsfeld.
  rest.push({ kind: 'heading', level: 2, text: m.report.details, id: 'details' });
  for (const f of fields) {
    const list = fieldMeasures(f.id);
    if (list.length === 0) continue;
    const section: Block[] = [{ kind: 'heading', level: 3, text: `${f.number} ${f.name}`, id: `details-${f.id}` }];
    for (const x of list) {
      const me = x.measure;
      section.push({ kind: 'heading', level: 4, text: `${me.id} ${me.title}`, id: `massnahme-${me.id}`, lang: s.language });
      const items = [
        { term: m.report.description, text: me.description, lang: s.language },
        { term: m.report.currentState, text: me.current_state, lang: s.language },
        { term: m.report.recommendation, text: me.recommendation, lang: s.language },
        { term: m.report.source, text: me.source.map((x) => m.values.source[x]).join(', ') },
        ...(me.status !== undefined ? [{ term: m.report.status, text: m.status.statusNames[me.status] ?? me.status }] : []),
        ...(me.owner !== undefined ? [{ term: m.report.owner, text: me.owner }] : []),
        { term: m.decision, text: decisionText(me.decision, m) },
      ].filter((i) => i.text.trim() !== '');
      section.push({ kind: 'details', items });
    }
    rest.push({ kind: 'section', id: `details-feld-${f.id}`, className: 'details', blocks: section });
  }

  rest.push(...deadlineSection(data, m));

  // Appendix: the metrics per goal, and the consistency of decisions and computation.
  rest.push({ kind: 'heading', level: 2, text: m.report.appendix, id: 'anhang' });
  const metrics = data.strategy.metrics;
  const goals = [...lp.map((l) => ({ id: l.id, name: l.title })), ...(metrics.goals ?? []).map((g) => ({ id: g.id, name: g.name }))];
  rest.push({ kind: 'heading', level: 3, text: m.report.metrics, id: 'messgroessen' });
  for (const g of goals) {
    const list = metrics.metrics.filter((x) => x.goal === g.id);
    if (list.length === 0) continue;
    rest.push(
      { kind: 'heading', level: 4, text: g.name },
      {
        kind: 'table',
        head: [m.report.metric, m.report.kind, m.report.latest, m.report.period, m.report.trend],
        rows: list.map((x) => {
          const t = data.trends.get(x.id);
          const latest = t?.latest ?? null;
          const trend = t?.arrow == null ? '–' : `${t.arrow}${t.good === null ? '' : ` (${t.good ? m.report.good : m.report.bad})`}`;
          return [
            x.name,
            x.computed === undefined
              ? (m.report.kinds[x.kind] ?? x.kind)
              : `${m.report.kinds[x.kind] ?? x.kind} (${m.requirements.computed})`,
            latest === null ? m.report.noValues : formatMetricValue(x, latest.value, m),
            latest?.period ?? '–',
            trend,
          ];
        }),
      },
    );
  }
  rest.push(
    { kind: 'heading', level: 3, text: m.report.consistency, id: 'konsistenz' },
    { kind: 'paragraph', text: m.report.agreement(decided.length - disagreeing.length, decided.length) },
  );
  if (disagreeing.length > 0) {
    rest.push(
      { kind: 'heading', level: 4, text: m.report.disagreements },
      {
        kind: 'table',
        head: [m.id, m.measure, m.score, m.decision, m.priority],
        rows: disagreeing.map((x) => [
          x.measure.id,
          x.measure.title,
          num(x.score, m),
          decisionText(x.measure.decision, m),
          x.prioritized ? m.prioritized : m.notPrioritized,
        ]),
        right: [2],
      },
    );
  }
  rest.push({ kind: 'paragraph', text: borderline.length === 0 ? m.report.stable : m.report.borderline(borderline.length) });
  if (borderline.length > 0) {
    rest.push({
      kind: 'table',
      head: [m.id, m.measure, m.score, m.rank, m.priority],
      rows: borderline.map((x) => [
        x.measure.id,
        x.measure.title,
        num(x.score, m),
        m.numbers.number(x.rank),
        x.prioritized ? m.prioritized : m.notPrioritized,
      ]),
      right: [2, 3],
    });
  }
  rest.push({ kind: 'paragraph', text: directionsText(data.sensitivity, lp, weightsOf(lp), m) });

  if (data.review !== undefined) rest.push(...reviewBlocks(data.review, m, 2, 'ueberpruefung'));

  // Contents: every level-2 heading, and the Handlungsfelder and appendix parts below theirs.
  const toc: { text: string; target: string; depth?: number }[] = [{ text: m.report.summary, target: 'zusammenfassung' }];
  for (const h of headings(rest)) {
    if (h.id === undefined) continue;
    if (h.level === 2) toc.push({ text: h.text, target: h.id });
    else if (h.level === 3 && (h.id.startsWith('feld-') || h.id === 'messgroessen' || h.id === 'konsistenz'))
      toc.push({ text: h.text, target: h.id, depth: 1 });
  }
  if (options.whatIf !== undefined) toc.push({ text: options.whatIf, target: 'whatif' });
  blocks.push(
    { kind: 'heading', level: 2, text: m.report.contents, id: 'inhalt' },
    { kind: 'links', items: toc, nav: m.report.contents },
    ...rest,
  );
  return blocks;
}
