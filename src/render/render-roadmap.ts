import type { Messages } from '../i18n/messages.js';
import type { RoadmapResult } from '../results/roadmap.js';
import { toMarkdown, toTerminal, type Block } from './document.js';
import { guardFormatters, jsonDocument, markdownBlock } from './escape.js';
import { formatMedium, type RoadmapFormat } from './formats.js';
import type { RenderContext } from './render-context.js';
import { chartLabels, mermaidGantt, terminalTimeline } from './roadmap-chart.js';

export type RoadmapFormatter = (result: RoadmapResult, context: RenderContext) => string;

function proposalBlocks(r: RoadmapResult, m: Messages): Block[] {
  const p = r.proposal;
  if (p === null) return [];
  return [
    { kind: 'heading', level: 2, text: m.requirements.proposal },
    { kind: 'paragraph', text: r.write ? m.requirements.proposalWritten(r.written.length) : m.requirements.proposalHint },
    {
      kind: 'table',
      head: [m.rank, m.id, m.measure, m.priority, m.score, m.requirements.dependsOn],
      rows: p.steps.map((s) => [
        m.numbers.number(s.position),
        s.id,
        s.title,
        s.prioritized ? m.prioritized : m.decision,
        m.numbers.number(s.score),
        s.depends_on.join(', ') || '–',
      ]),
      right: [0, 4],
      fit: { 2: { min: 16 }, 3: { drop: 2, wrap: false }, 5: { drop: 1, wrap: false } },
    },
    ...(p.blocked.length > 0 ? [{ kind: 'paragraph' as const, text: m.requirements.blocked(p.blocked.join(', ')) }] : []),
  ];
}

/** The dated measures as a table (Markdown): the chart's data in words. */
function itemTable(r: RoadmapResult, m: Messages): Block[] {
  const rows = r.roadmap.fields.flatMap((f) =>
    f.items.map((x) => [
      x.id,
      x.title,
      f.name,
      x.fachbereich ?? '–',
      x.start ?? '–',
      x.due ?? '–',
      x.status === null ? '–' : (m.status.statusNames[x.status] ?? x.status),
      x.depends_on.join(', ') || '–',
    ]),
  );
  const milestones = r.roadmap.milestones.map((x) => [x.deadline, x.name, x.overdue ? '⚠' : x.done ? '✓' : '']);
  return [
    ...(rows.length > 0
      ? [
          {
            kind: 'table' as const,
            head: [
              m.id,
              m.measure,
              m.field,
              m.requirements.fachbereich,
              m.requirements.start,
              m.requirements.due,
              'Status',
              m.requirements.dependsOn,
            ],
            rows,
          },
        ]
      : []),
    ...(milestones.length > 0
      ? [
          { kind: 'heading' as const, level: 3 as const, text: m.requirements.milestones },
          { kind: 'table' as const, head: [m.requirements.deadline, m.requirements.requirement, ''], rows: milestones },
        ]
      : []),
  ];
}

function table(r: RoadmapResult, { chalk, messages: m, width }: RenderContext): string {
  const head = toTerminal([{ kind: 'heading', level: 1, text: `${m.requirements.roadmap}: ${r.strategy.strategy.title}` }], {
    chalk,
    width,
  });
  const timeline = terminalTimeline(r.roadmap, m, chalk, width);
  const proposal = r.proposal === null ? '' : `\n${toTerminal(proposalBlocks(r, m), { chalk, width })}`;
  return `${head}\n${timeline}${proposal}`;
}

function markdown(r: RoadmapResult, { messages: m }: RenderContext): string {
  const chart =
    r.roadmap.span === null ? markdownBlock(m.requirements.noDates) : `\`\`\`mermaid\n${mermaidGantt(r.roadmap, chartLabels(m))}\`\`\``;
  const before = toMarkdown([{ kind: 'heading', level: 1, text: `${m.requirements.roadmap}: ${r.strategy.strategy.title}` }]);
  const after = toMarkdown([...itemTable(r, m), ...proposalBlocks(r, m)]);
  return `${before}\n${chart}\n\n${after}`;
}

function json(r: RoadmapResult): string {
  return jsonDocument({
    today: r.roadmap.today,
    span: r.roadmap.span,
    fields: r.roadmap.fields.map((f) => ({ id: f.id, name: f.name, measures: f.items })),
    milestones: r.roadmap.milestones,
    undated: r.roadmap.undated,
    proposal: r.proposal,
    written: r.written,
  });
}

export const roadmapFormatters = guardFormatters(formatMedium, { table, json, markdown } satisfies Record<RoadmapFormat, RoadmapFormatter>);
