import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { markdownBlock, markdownCell, terminalBlock, terminalText } from './escape.js';
import { mermaidQuadrant } from './mermaid.js';
import type { Portfolio } from './portfolio.js';
import { compactChars } from './table-style.js';

/**
 * A report as neutral blocks, so the Markdown and the terminal rendering of the same report
 * cannot drift apart. All text in here is unescaped data; each renderer escapes for its medium.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; right?: number[] }
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

export function toTerminal(blocks: readonly Block[], chalk: ChalkInstance): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'section':
        out.push(toTerminal(b.blocks, chalk).trimEnd());
        break;
      case 'details':
        out.push(b.items.map((i) => `${chalk.bold(terminalText(i.term))}: ${terminalText(i.text)}`).join('\n'));
        break;
      case 'chart':
        break;
      case 'heading':
        out.push(b.level === 1 ? chalk.bold.underline(terminalText(b.text)) : chalk.bold(terminalText(b.text)));
        break;
      case 'paragraph':
        out.push(terminalBlock(b.text));
        break;
      case 'list':
        out.push(b.items.map((i) => `  • ${terminalText(i)}`).join('\n'));
        break;
      case 'table': {
        const right = new Set(b.right ?? []);
        const t = new Table({ head: b.head.map((h) => chalk.bold(terminalText(h))), style: { head: [], border: [] }, chars: compactChars });
        for (const r of b.rows)
          t.push(r.map((c, i) => ({ content: terminalText(c), hAlign: right.has(i) ? ('right' as const) : ('left' as const) })));
        out.push(t.toString());
        break;
      }
    }
  }
  return `${out.join('\n\n')}\n`;
}
