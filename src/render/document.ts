import type { ChalkInstance } from 'chalk';
import { markdownBlock, markdownCell, terminalBlock, terminalText } from './escape.js';
import { mermaidQuadrant } from './mermaid.js';
import type { Portfolio } from './portfolio.js';
import { fitLine, renderTable, type Column } from './terminal-table.js';

/**
 * A report as neutral blocks, so the Markdown and the terminal rendering of the same report
 * cannot drift apart. All text in here is unescaped data; each renderer escapes for its medium.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
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
    }
  | { kind: 'details'; items: { term: string; text: string }[] }
  | { kind: 'chart'; chart: Portfolio }
  | { kind: 'section'; id: string; className: string; blocks: Block[] };

/** A portfolio of measures like the seed's Maßnahmenübersicht; positions already spread apart. */
export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'section':
        out.push(toMarkdown(b.blocks).trimEnd());
        break;
      case 'details':
        out.push(b.items.map((i) => `**${markdownCell(i.term)}:** ${markdownCell(i.text)}`).join('\n\n'));
        break;
      case 'chart':
        out.push(`\`\`\`mermaid\n${mermaidQuadrant(b.chart)}\`\`\``);
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
        out.push(b.items.map((i) => `${chalk.bold(terminalText(i.term))}: ${terminalText(i.text)}`).join('\n'));
        break;
      case 'chart':
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
