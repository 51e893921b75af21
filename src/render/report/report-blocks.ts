import type { Messages } from '../../i18n/messages.js';
import { compareIds } from '../../model/ids.js';
import type { LocatedMeasure } from '../../model/types.js';
import type { ScoredMeasure } from '../../scoring/score.js';
import type { Block } from '../document.js';
import type { Portfolio, PortfolioPoint } from '../portfolio.js';
import { formatMetricValue } from '../render-metrics.js';
import type { ReportData } from './report-data.js';
import { displayScore, maxScore } from '../../scoring/score.js';

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
 * Spreads measures that share a position around it, so every label stays readable: two or
 * three on a small ring, more in a grid centred on the position (never reaching the next value).
 */
export function spread<T>(items: readonly T[], position: (item: T) => [number, number]): { item: T; x: number; y: number }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = position(item).join(',');
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].flatMap((group) =>
    group.map((item, i) => {
      const [x, y] = position(item);
      const n = group.length;
      if (n === 1) return { item, x, y };
      if (n <= 3) {
        const angle = (2 * Math.PI * i) / n - Math.PI / 2;
        return { item, x: x + 0.22 * Math.cos(angle), y: y - 0.22 * Math.sin(angle) };
      }
      const columns = Math.ceil(Math.sqrt(n));
      const rows = Math.ceil(n / columns);
      const step = Math.min(0.3, 0.9 / Math.max(columns, rows));
      const col = i % columns;
      const row = Math.floor(i / columns);
      return { item, x: x + (col - (columns - 1) / 2) * step, y: y - (row - (rows - 1) / 2) * step };
    }),
  );
}

export function portfolio(data: ReportData, fieldName: string, measures: readonly ScoredMeasure<LocatedMeasure>[], m: Messages): Portfolio {
  const a = axes(data);
  const lp = data.strategy.leitplanken.leitplanken;
  const maxOf = (id: string) => Math.max(...(lp.find((l) => l.id === id)?.scale.map((s) => s.value) ?? [4]));
  const max = Math.max(maxOf(a.x), maxOf(a.y));
  const sizeMax = a.size.reduce((n, id) => n + maxOf(id), 0) || 1;
  const points: PortfolioPoint[] = spread(measures, (s) => [s.measure.scores[a.x] ?? 0, s.measure.scores[a.y] ?? 0]).map(
    ({ item, x, y }) => ({
      label: item.measure.id,
      x,
      y,
      size: a.size.reduce((n, id) => n + (item.measure.scores[id] ?? 0), 0) / sizeMax,
      highlighted: item.prioritized,
    }),
  );
  return {
    title: m.report.portfolio(fieldName),
    x: m.report.xAxis,
    y: m.report.yAxis,
    max,
    note: m.report.portfolioNote,
    legend: [m.report.legendPrioritized, m.report.legendOther],
    points,
  };
}

/**
 * A text from the YAML as blocks: paragraphs separated by blank lines, and lines starting with
 * "- " as list items (a following line without the dash continues the item, as in the seed).
 */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    const lines = para
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    let prose: string[] = [];
    let items: string[] = [];
    const flush = () => {
      if (prose.length > 0) blocks.push({ kind: 'paragraph', text: prose.join('\n') });
      if (items.length > 0) blocks.push({ kind: 'list', items });
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

/** The whole report as neutral blocks; Markdown and HTML render the same blocks. */
export function reportBlocks(data: ReportData, m: Messages): Block[] {
  const s = data.strategy.strategy;
  const lp = data.strategy.leitplanken.leitplanken;
  const threshold = data.strategy.leitplanken.threshold;
  const label = (id: string) => lp.find((l) => l.id === id)?.short ?? id;
  const fields = s.handlungsfelder;
  const fieldName = (id: string) => fields.find((f) => f.id === id)?.name ?? id;
  const weights = lp.map((l) => `${l.short ?? l.id} ${num(l.weight, m)}`).join(', ');
  const max = maxScore(lp, Object.fromEntries(lp.map((l) => [l.id, l.weight])));

  const intro: string[] = [m.status.version(s.version, s.date)];
  if (s.organisation !== undefined) intro.push([s.organisation.name, s.organisation.unit].filter(Boolean).join(', '));
  if (s.adoption !== undefined) intro.push(m.status.adopted(s.adoption.body, s.adoption.date));
  if (data.date !== undefined) intro.push(m.report.asOf(data.date));

  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: s.title },
    { kind: 'list', items: intro },
  ];

  // Leitplanken with their scale (Anhang III as one table).
  blocks.push({ kind: 'heading', level: 2, text: m.report.leitplanken, id: 'leitplanken' });
  for (const l of lp) {
    blocks.push({ kind: 'heading', level: 3, text: l.title });
    if (l.text !== undefined) blocks.push(...textBlocks(l.text));
    blocks.push({ kind: 'paragraph', text: m.report.weightLine(l.weight, l.criterion) });
  }
  const values = [...new Set(lp.flatMap((l) => l.scale.map((x) => x.value)))].sort((a, b) => a - b);
  blocks.push(
    { kind: 'heading', level: 3, text: m.report.scale },
    {
      kind: 'table',
      head: [m.report.rating, ...lp.map((l) => l.criterion)],
      rows: values.map((v) => [String(v), ...lp.map((l) => l.scale.find((x) => x.value === v)?.text ?? '–')]),
      right: [0],
    },
  );

  // Overview.
  blocks.push(
    { kind: 'heading', level: 2, text: m.report.summary, id: 'ueberblick' },
    {
      kind: 'table',
      head: [m.field, m.report.measures, m.prioritized],
      rows: [
        ...fields.map((f) => {
          const list = data.scored.filter((x) => x.measure.field === f.id);
          return [`${f.number} ${f.name}`, m.numbers.number(list.length), m.numbers.number(list.filter((x) => x.prioritized).length)];
        }),
        [m.status.total, m.numbers.number(data.scored.length), m.numbers.number(data.scored.filter((x) => x.prioritized).length)],
      ],
      right: [1, 2],
    },
    { kind: 'paragraph', text: m.report.thresholdLine(threshold, weights) },
  );

  blocks.push(
    { kind: 'heading', level: 2, text: m.report.prioritizedMeasures, id: 'priorisiert' },
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

  // One section per Handlungsfeld: portfolio, table, details.
  for (const f of fields) {
    const list = data.scored.filter((x) => x.measure.field === f.id).sort((a, b) => compareIds(a.measure.id, b.measure.id));
    const section: Block[] = [{ kind: 'heading', level: 2, text: `${f.number} ${f.name}` }];
    if (f.description !== undefined) section.push(...textBlocks(f.description));
    if (!f.prioritized) section.push({ kind: 'paragraph', text: m.report.notPrioritisable });
    if (list.length > 0) {
      section.push({ kind: 'chart', chart: portfolio(data, f.name, list, m) });
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
      section.push({ kind: 'heading', level: 3, text: m.report.details });
      for (const x of list) {
        const me = x.measure;
        section.push({ kind: 'heading', level: 3, text: `${me.id} ${me.title}` });
        const items = [
          { term: m.report.description, text: me.description },
          { term: m.report.currentState, text: me.current_state },
          { term: m.report.recommendation, text: me.recommendation },
          { term: m.report.source, text: me.source.map((x) => m.values.source[x]).join(', ') },
          ...(me.status !== undefined ? [{ term: m.report.status, text: m.status.statusNames[me.status] ?? me.status }] : []),
          ...(me.owner !== undefined ? [{ term: m.report.owner, text: me.owner }] : []),
          {
            term: m.decision,
            text: me.decision === undefined ? m.undecided : me.decision === 'prioritized' ? m.prioritized : m.notPrioritized,
          },
        ].filter((i) => i.text.trim() !== '');
        section.push({ kind: 'details', items });
      }
    }
    blocks.push({ kind: 'section', id: `feld-${f.id}`, className: 'field', blocks: section });
  }

  // Metrics per goal.
  const metrics = data.strategy.metrics;
  const goals = [...lp.map((l) => ({ id: l.id, name: l.title })), ...(metrics.goals ?? []).map((g) => ({ id: g.id, name: g.name }))];
  blocks.push({ kind: 'heading', level: 2, text: m.report.metrics, id: 'messgroessen' });
  for (const g of goals) {
    const list = metrics.metrics.filter((x) => x.goal === g.id);
    if (list.length === 0) continue;
    blocks.push(
      { kind: 'heading', level: 3, text: g.name },
      {
        kind: 'table',
        head: [m.report.metric, m.report.kind, m.report.latest, m.report.period, m.report.trend],
        rows: list.map((x) => {
          const t = data.trends.get(x.id);
          const latest = t?.latest ?? null;
          const trend = t?.arrow == null ? '–' : `${t.arrow}${t.good === null ? '' : ` (${t.good ? m.report.good : m.report.bad})`}`;
          return [
            x.name,
            m.report.kinds[x.kind] ?? x.kind,
            latest === null ? m.report.noValues : formatMetricValue(x, latest.value, m),
            latest?.period ?? '–',
            trend,
          ];
        }),
      },
    );
  }

  // Consistency: decisions vs computation, and the borderline measures.
  const decided = data.scored.filter((x) => x.measure.decision !== undefined);
  const disagreeing = decided.filter((x) => x.disagrees);
  blocks.push(
    { kind: 'heading', level: 2, text: m.report.consistency, id: 'konsistenz' },
    { kind: 'paragraph', text: m.report.agreement(decided.length - disagreeing.length, decided.length) },
  );
  if (disagreeing.length > 0) {
    blocks.push(
      { kind: 'heading', level: 3, text: m.report.disagreements },
      {
        kind: 'table',
        head: [m.id, m.measure, m.score, m.decision, m.priority],
        rows: disagreeing.map((x) => [
          x.measure.id,
          x.measure.title,
          num(x.score, m),
          x.measure.decision === 'prioritized' ? m.prioritized : m.notPrioritized,
          x.prioritized ? m.prioritized : m.notPrioritized,
        ]),
        right: [2],
      },
    );
  }
  const borderline = data.scored.filter((x) => data.sensitivity.flipDistance.get(x.measure.id) === 1);
  blocks.push({ kind: 'paragraph', text: borderline.length === 0 ? m.report.stable : m.report.borderline(borderline.length) });
  if (borderline.length > 0) {
    blocks.push({
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
  return blocks;
}
