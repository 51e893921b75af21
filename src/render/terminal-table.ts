import type { ChalkInstance } from 'chalk';
import { charWidth, cutToWidth, displayWidth } from './display-width.js';
import { terminalText } from './escape.js';

/**
 * Tables for people at a terminal. On a terminal a table fits its width: text columns wrap, then
 * long headers of narrow columns shorten, then columns marked `drop` go, lowest first; where
 * even that does not fit, each row becomes a block of its own (see stacked). Piped
 * output is never wrapped or cut, so scripts and `grep` see every cell whole. Rendering is linear
 * in the number of cells (cli-table3's layout was quadratic in the rows).
 */
export interface Column {
  /** The header: data, escaped here like every cell. */
  head: string;
  /** The header when space is short; by default a long header of a narrow column is cut to "Str.". */
  shortHead?: string;
  align?: 'left' | 'right';
  /** Text that may break across lines (titles, names). Other cells never wrap: ids, numbers, dates. */
  wrap?: boolean;
  /** The narrowest a wrapping column gets before other columns are dropped (default 12). */
  min?: number;
  /** Columns that may go on a narrow terminal, the lowest number first; without it a column stays. */
  drop?: number;
}

export interface StyledCell {
  text: string;
  style?: (text: string) => string;
}

/** A cell is unescaped data; a style (colour) applies to its text, never to the padding. */
export type Cell = string | StyledCell;

export interface TableOptions {
  chalk: ChalkInstance;
  /** The terminal's width; undefined when the output is piped. */
  width?: number | undefined;
}

const GAP = 2;
const DEFAULT_MIN = 12;
/** The narrowest a stacked value gets, however narrow the terminal. */
const FLOOR = 8;
/** Words longer than this may break even in a comfortable layout (German compounds get long). */
const MAX_WORD = 20;

interface Measured {
  column: Column;
  index: number;
  /** Widest cell, header excluded. */
  content: number;
  /** Longest word of a wrapping column (capped): narrower than that, words would break. */
  word: number;
  head: number;
  short: string;
}

interface Plan {
  columns: Measured[];
  widths: number[];
  short: boolean;
}

function abbreviate(head: string, room: number): string {
  return displayWidth(head) <= room ? head : `${cutToWidth(head, room - 1)}.`;
}

/** Widths for the wrapping columns in `budget`: the widest give way first, none below its minimum. */
function share(naturals: number[], mins: number[], budget: number): number[] {
  const at = (cap: number): number[] => naturals.map((n, i) => Math.min(n, Math.max(mins[i]!, cap)));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  let lo = 0;
  let hi = Math.max(0, ...naturals);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sum(at(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const widths = at(lo);
  let left = budget - sum(widths);
  for (let i = 0; i < widths.length && left > 0; i++)
    if (widths[i]! < naturals[i]!) {
      widths[i]!++;
      left--;
    }
  return widths;
}

function planFor(columns: Measured[], short: boolean, width: number): Plan | undefined {
  const headWidth = (c: Measured): number => (short ? displayWidth(c.short) : c.head);
  const fixed = columns.filter((c) => c.column.wrap !== true);
  const wrapping = columns.filter((c) => c.column.wrap === true);
  const used = fixed.reduce((sum, c) => sum + Math.max(c.content, headWidth(c)), 0) + GAP * (columns.length - 1);
  const naturals = wrapping.map((c) => Math.max(c.content, c.head));
  const mins = wrapping.map((c, i) => Math.min(naturals[i]!, Math.max(c.column.min ?? DEFAULT_MIN, c.word)));
  const budget = width - used;
  if (budget < mins.reduce((a, b) => a + b, 0)) return undefined;
  const shared = share(naturals, mins, budget);
  let w = 0;
  return { columns, short, widths: columns.map((c) => (c.column.wrap === true ? shared[w++]! : Math.max(c.content, headWidth(c)))) };
}

/** The layout that fits, or undefined when only a stacked one (a block per row) will. */
function plan(measured: Measured[], width: number | undefined): Plan | undefined {
  if (width === undefined) return { columns: measured, short: false, widths: measured.map((c) => Math.max(c.content, c.head)) };
  const drops = [...new Set(measured.flatMap((c) => (c.column.drop === undefined ? [] : [c.column.drop])))].sort((a, b) => a - b);
  const attempts: { columns: Measured[]; short: boolean }[] = [
    { columns: measured, short: false },
    { columns: measured, short: true },
  ];
  for (const level of drops)
    attempts.push({ columns: measured.filter((c) => c.column.drop === undefined || c.column.drop > level), short: true });
  for (const attempt of attempts) {
    const fits = planFor(attempt.columns, attempt.short, width);
    if (fits !== undefined) return fits;
  }
  return undefined;
}

/**
 * Too narrow for columns: each row as a block, its first cell as the block's head and every
 * other cell under its column's name, so nothing is lost at any width.
 */
function stacked(
  columns: readonly Column[],
  texts: string[][],
  rows: readonly (readonly Cell[])[],
  chalk: ChalkInstance,
  width: number,
): string {
  const heads = columns.map((c) => terminalText(c.head));
  const label = Math.max(0, ...heads.slice(1).map(displayWidth));
  // Beside its label while the value keeps some room; on the narrowest terminals below it.
  const beside = width - 4 - label >= FLOOR;
  const room = Math.max(1, beside ? width - 4 - label : width - 4);
  const styleOf = (r: number, i: number): ((text: string) => string) => {
    const cell = rows[r]![i];
    return typeof cell === 'object' && cell.style !== undefined ? cell.style : (text) => text;
  };
  return texts
    .map((row, r) => {
      const out = wrapText(row[0] ?? '', Math.max(1, width)).map((l) => chalk.bold(styleOf(r, 0)(l)));
      for (let i = 1; i < columns.length; i++) {
        if ((row[i] ?? '') === '') continue;
        const values = wrapText(row[i]!, room).map((l) => styleOf(r, i)(l));
        if (beside)
          values.forEach((l, n) =>
            out.push(`  ${n === 0 ? heads[i]! + ' '.repeat(label - displayWidth(heads[i]!)) : ' '.repeat(label)}  ${l}`.trimEnd()),
          );
        else out.push(...wrapText(heads[i]!, Math.max(1, width - 2)).map((h) => `  ${h}`), ...values.map((l) => `    ${l}`));
      }
      return out.join('\n');
    })
    .join('\n\n');
}

/** Breaks text into lines of at most `width` columns: at spaces, else after a hyphen, else anywhere. */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = (): void => {
    lines.push(line);
    line = '';
    used = 0;
  };
  for (const word of text.split(' ')) {
    if (word === '') continue;
    let rest = word;
    let restWidth = displayWidth(rest);
    while (rest !== '') {
      const room = used === 0 ? width : width - used - 1;
      if (restWidth <= room) {
        line += used === 0 ? rest : ` ${rest}`;
        used += used === 0 ? restWidth : restWidth + 1;
        break;
      }
      // A compound like "Service-Portal" breaks after its hyphen when the first part fits.
      const hyphen = rest.lastIndexOf('-', room - 1);
      if (hyphen > 0 && displayWidth(rest.slice(0, hyphen + 1)) <= room) {
        line += (used === 0 ? '' : ' ') + rest.slice(0, hyphen + 1);
        rest = rest.slice(hyphen + 1);
        restWidth = displayWidth(rest);
        flush();
        continue;
      }
      if (used > 0) {
        flush();
        continue;
      }
      let piece = '';
      let pieceWidth = 0;
      for (const char of rest) {
        const w = charWidth(char);
        if (pieceWidth + w > width && piece !== '') break;
        piece += char;
        pieceWidth += w;
      }
      line = piece;
      used = pieceWidth;
      rest = rest.slice(piece.length);
      restWidth -= pieceWidth;
      if (rest !== '') flush();
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

const pad = (text: string, width: number, align: Column['align']): string => {
  const room = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
};

/** The table as lines of text, without a final line break. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], { chalk, width }: TableOptions): string {
  const texts = rows.map((row) => row.map((cell) => terminalText(typeof cell === 'string' ? cell : cell.text)));
  const measured: Measured[] = columns.map((column, index) => {
    let content = 0;
    let word = 0;
    for (const row of texts) {
      const text = row[index] ?? '';
      const width = displayWidth(text);
      content = Math.max(content, width);
      if (column.wrap === true && width > word) for (const w of text.split(' ')) word = Math.max(word, displayWidth(w));
    }
    const head = terminalText(column.head);
    return {
      column,
      index,
      content,
      word: Math.min(word, MAX_WORD),
      head: displayWidth(head),
      short: column.shortHead !== undefined ? terminalText(column.shortHead) : abbreviate(head, Math.max(content, 4)),
    };
  });
  const fitted = plan(measured, width);
  if (fitted === undefined) return stacked(columns, texts, rows, chalk, width!);
  const { columns: shown, widths, short } = fitted;
  const wraps = width !== undefined;

  const line = (cells: string[][], styles: ((text: string) => string)[]): string[] => {
    const height = Math.max(...cells.map((c) => c.length));
    const out: string[] = [];
    for (let l = 0; l < height; l++)
      out.push(
        shown
          .map((c, i) => {
            const text = cells[i]![l] ?? '';
            const padded = pad(text, widths[i]!, c.column.align);
            if (text === '') return padded;
            const style = styles[i]!;
            return c.column.align === 'right'
              ? padded.slice(0, padded.length - text.length) + style(text)
              : style(text) + padded.slice(text.length);
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    return out;
  };
  const cellLines = (text: string, i: number): string[] => (wraps && shown[i]!.column.wrap === true ? wrapText(text, widths[i]!) : [text]);

  const bold = (text: string): string => chalk.bold(text);
  const header = line(
    shown.map((c, i) => cellLines(short && c.column.wrap !== true ? c.short : terminalText(c.column.head), i)),
    shown.map(() => bold),
  );
  const rule = chalk.dim(widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP)));
  const plain = (text: string): string => text;
  const body = rows.map((row, r) =>
    line(
      shown.map((c, i) => cellLines(texts[r]![c.index] ?? '', i)),
      shown.map((c) => {
        const cell = row[c.index];
        return typeof cell === 'object' && cell.style !== undefined ? cell.style : plain;
      }),
    ),
  );
  // Rows that wrap are told apart by a blank line between them.
  const spaced = body.some((b) => b.length > 1);
  const out = [...header, rule];
  body.forEach((b, i) => {
    if (spaced && i > 0) out.push('');
    for (const l of b) out.push(l);
  });
  return out.join('\n');
}

/**
 * A line of text for a terminal of `width` columns: its ` · `-separated parts packed onto as few
 * lines as fit, a part still too long wrapped at spaces. Without a width the line stays whole.
 */
export function fitLine(text: string, width: number | undefined, separator = ' · '): string[] {
  if (width === undefined || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(separator)) {
    const joined = line === '' ? part : `${line}${separator}${part}`;
    if (displayWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') lines.push(line);
    const wrapped = wrapText(part, width);
    line = wrapped.pop()!;
    lines.push(...wrapped);
  }
  lines.push(line);
  return lines;
}
