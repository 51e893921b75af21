import type { ChalkInstance } from 'chalk';
import { markdownBlock, markdownCell, markdownShownText, terminalBlock, terminalText } from './escape.js';
import { mermaidQuadrant } from './mermaid.js';
import type { Roadmap } from '../scoring/roadmap.js';
import { mermaidGantt, type ChartLabels } from './roadmap-chart.js';
import type { Portfolio } from './portfolio.js';
import { fitLine, renderTable, wrapText, type Column } from './terminal-table.js';

/**
 * A report as neutral blocks, so the Markdown and the terminal rendering of the same report
 * cannot drift apart. All text in here is unescaped data; each renderer escapes for its medium.
 */
export type Block =
  /**
   * `lang` marks text from the strategy's files (in the strategy's language) where it may differ
   * from the labels' (`--lang en` on a German strategy): HTML says so, for screen readers' voices.
   */
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; id?: string; lang?: string }
  | { kind: 'paragraph'; text: string; lang?: string }
  | { kind: 'list'; items: string[]; lang?: string }
  | {
      kind: 'table';
      head: string[];
      rows: string[][];
      right?: number[];
      /**
       * How each column fits a narrow terminal (see terminal-table.ts). By default the first
       * column and right-aligned ones never wrap and other text columns wrap.
       */
      fit?: Record<number, Pick<Column, 'wrap' | 'min' | 'drop' | 'shortHead'>>;
      /** Names the table (a chart's data table); in HTML also its id, so the chart can point to it. */
      caption?: string;
      id?: string;
    }
  /**
   * Links to headings of the same document, by the heading's `id`: HTML links to the id itself,
   * Markdown to the anchor GitHub derives from the heading's text (see `headingAnchors`).
   * `depth` nests an item under the one before it (a table of contents).
   */
  | { kind: 'links'; items: { text: string; target: string; depth?: number }[]; nav?: string }
  | { kind: 'details'; items: { term: string; text: string; lang?: string }[] }
  | { kind: 'chart'; chart: Portfolio; /** The id of the chart's data table (its text alternative). */ table?: string }
  /** The roadmap: a Mermaid gantt in Markdown, an SVG timeline in HTML, nothing on a terminal. */
  | { kind: 'roadmap'; roadmap: Roadmap; labels: ChartLabels; /** The id of its data table (its text alternative). */ table?: string }
  | { kind: 'section'; id: string; className: string; blocks: Block[] };

/** Every heading in document order, sections included. */
export function headings(blocks: readonly Block[]): Extract<Block, { kind: 'heading' }>[] {
  return blocks.flatMap((b) => (b.kind === 'heading' ? [b] : b.kind === 'section' ? headings(b.blocks) : []));
}

/**
 * The anchor GitHub (and GitLab) gives a heading: its text in lower case, without punctuation
 * and symbols (letters, marks, digits, `-`, `_` and spaces stay), spaces as `-` — the rule of
 * github-slugger — applied to the text as rendered (`markdownShownText`).
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Heading id → the anchor of that heading in the rendered Markdown. GitHub numbers repeated
 * anchors in document order (`x`, `x-1`, `x-2`), so every heading counts, with or without id.
 */
export function headingAnchors(blocks: readonly Block[]): Map<string, string> {
  // github-slugger's bookkeeping: a taken anchor gets the next free `-n` of its base.
  const occurrences = new Map<string, number>();
  const anchors = new Map<string, string>();
  for (const h of headings(blocks)) {
    const base = githubSlug(markdownShownText(h.text));
    let slug = base;
    while (occurrences.has(slug)) {
      const n = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, n);
      slug = `${base}-${n}`;
    }
    occurrences.set(slug, 0);
    if (h.id !== undefined) anchors.set(h.id, slug);
  }
  return anchors;
}

/** A report as GitHub-flavoured Markdown; links to headings resolve to GitHub's anchors. */
export function toMarkdown(blocks: readonly Block[], anchors: Map<string, string> = headingAnchors(blocks)): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'section':
        out.push(toMarkdown(b.blocks, anchors).trimEnd());
        break;
      case 'links':
        out.push(
          b.items.map((i) => `${'  '.repeat(i.depth ?? 0)}- [${markdownCell(i.text)}](#${anchors.get(i.target) ?? i.target})`).join('\n'),
        );
        break;
      case 'details':
        out.push(b.items.map((i) => `**${markdownCell(i.term)}:** ${markdownCell(i.text)}`).join('\n\n'));
        break;
      case 'chart':
        out.push(`\`\`\`mermaid\n${mermaidQuadrant(b.chart)}\`\`\``);
        break;
      case 'roadmap':
        out.push(`\`\`\`mermaid\n${mermaidGantt(b.roadmap, b.labels)}\`\`\``);
        break;
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${markdownCell(b.text)}`);
        break;
      case 'paragraph':
        out.push(markdownBlock(b.text));
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${markdownBlock(i)}`).join('\n'));
        break;
      case 'table': {
        const right = new Set(b.right ?? []);
        if (b.caption !== undefined) out.push(markdownBlock(b.caption));
        out.push(
          [
            `| ${b.head.map(markdownCell).join(' | ')} |`,
            `| ${b.head.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`,
            ...b.rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`),
          ].join('\n'),
        );
        break;
      }
    }
  }
  return `${out.join('\n\n')}\n`;
}

export interface TerminalOptions {
  chalk: ChalkInstance;
  /** The terminal's width; undefined when piped (tables then keep their natural width). */
  width?: number | undefined;
}

function tableColumns(b: Extract<Block, { kind: 'table' }>): Column[] {
  const right = new Set(b.right ?? []);
  return b.head.map((head, i) => ({
    head,
    ...(right.has(i) ? { align: 'right' as const } : { wrap: i > 0 }),
    ...b.fit?.[i],
  }));
}

export function toTerminal(blocks: readonly Block[], options: TerminalOptions): string {
  const { chalk } = options;
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'section':
        out.push(toTerminal(b.blocks, options).trimEnd());
        break;
      case 'details':
        // Wrapped like a paragraph, continuation lines indented under the term.
        out.push(
          b.items
            .map((i) => {
              const term = terminalText(i.term);
              const lines =
                options.width === undefined
                  ? [`${term}: ${terminalText(i.text)}`]
                  : wrapText(`${term}: ${terminalText(i.text)}`, Math.max(20, options.width - 2));
              const first = lines[0]!.startsWith(`${term}:`) ? `${chalk.bold(term)}${lines[0]!.slice(term.length)}` : lines[0]!;
              return [first, ...lines.slice(1).map((l) => `  ${l}`)].join('\n');
            })
            .join('\n'),
        );
        break;
      case 'chart':
      case 'roadmap':
        break;
      case 'links':
        out.push(b.items.map((i) => `${'  '.repeat(i.depth ?? 0)}  • ${terminalText(i.text)}`).join('\n'));
        break;
      case 'heading': {
        const style = b.level === 1 ? chalk.bold.underline : chalk.bold;
        out.push(
          fitLine(terminalText(b.text), options.width, ' ')
            .map((l) => style(l))
            .join('\n'),
        );
        break;
      }
      case 'paragraph':
        out.push(
          terminalBlock(b.text)
            .split('\n')
            .flatMap((l) => fitLine(l, options.width))
            .join('\n'),
        );
        break;
      case 'list':
        // Continuation lines of an item are indented under its text.
        out.push(
          b.items
            .map((i) =>
              fitLine(terminalText(i), options.width === undefined ? undefined : Math.max(20, options.width - 4))
                .map((l, n) => `${n === 0 ? '  • ' : '    '}${l}`)
                .join('\n'),
            )
            .join('\n'),
        );
        break;
      case 'table':
        out.push(renderTable(tableColumns(b), b.rows, options));
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}
