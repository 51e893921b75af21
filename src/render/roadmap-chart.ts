// The roadmap as a picture in three media: a terminal timeline that fits the width, a Mermaid
// gantt for Markdown, an SVG for the HTML report. All text in the Roadmap is unescaped data.
import type { ChalkInstance } from 'chalk';
import type { Messages } from '../i18n/messages.js';
import type { Roadmap, RoadmapItem } from '../scoring/roadmap.js';
import { cutToWidth, displayWidth } from './display-width.js';
import { html, mermaidText, terminalText } from './escape.js';

/** The words a chart writes, in the output's language. */
export interface ChartLabels {
  roadmap: string;
  milestones: string;
}

export const chartLabels = (m: Messages): ChartLabels => ({ roadmap: m.requirements.roadmap, milestones: m.requirements.milestones });

const DAY = 86_400_000;
/** Days since 1970 of YYYY-MM-DD; setUTCFullYear, since Date.UTC reads the years 0–99 as 1900–1999. */
function dayNumber(day: string): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return d.getTime() / DAY;
}

/** Where a day falls on a scale of `cells` cells between the span's ends (0 … cells-1). */
function scale(span: { from: string; to: string }, cells: number): (day: string) => number {
  const from = dayNumber(span.from);
  const total = Math.max(1, dayNumber(span.to) - from);
  return (day) => Math.min(cells - 1, Math.max(0, Math.round(((dayNumber(day) - from) / total) * (cells - 1))));
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A label cut to its column, with … where it was cut. */
function label(text: string, width: number): string {
  const clean = terminalText(text);
  if (displayWidth(clean) <= width) return pad(clean, width);
  return pad(`${cutToWidth(clean, width - 1)}…`, width);
}

/**
 * The timeline for a terminal: one line per dated measure under its Handlungsfeld, one per
 * deadline, every line at most `width` columns (80 when piped). █ runs from start to due, ▶ marks
 * a start without due, ◆ a due date or a deadline, │ today.
 */
export function terminalTimeline(r: Roadmap, m: Messages, chalk: ChalkInstance, width = 80): string {
  if (r.span === null) return `${m.requirements.noDates}\n`;
  const total = Math.max(24, width);
  const labelWidth = Math.min(40, Math.max(10, Math.floor(total * 0.4)));
  const cells = total - labelWidth - 1;
  const at = scale(r.span, cells);
  const today = at(r.today);
  const bar = (start: string | null, due: string | null, mark = '◆'): string => {
    const row = Array.from<unknown, string>({ length: cells }, (_, i) => (i === today ? '│' : ' '));
    if (start !== null && due !== null) for (let i = at(start); i <= at(due); i++) row[i] = '█';
    else if (start !== null) row[at(start)] = '▶';
    else if (due !== null) row[at(due)] = mark;
    return row.join('');
  };
  const ends = `${r.span.from}${' '.repeat(Math.max(1, cells - r.span.from.length - r.span.to.length))}${r.span.to}`;
  const lines = [`${' '.repeat(labelWidth)} ${cells >= 21 ? ends : r.span.from}`];
  const styled = (x: RoadmapItem, text: string) =>
    x.status === 'done' ? chalk.green(text) : x.status === 'dropped' ? chalk.dim(text) : text;
  for (const field of r.fields) {
    if (field.items.length === 0) continue;
    lines.push('', chalk.bold(label(field.name, total).trimEnd()));
    for (const x of field.items) lines.push(`${label(`${x.id} ${x.title}`, labelWidth)} ${styled(x, bar(x.start, x.due))}`);
  }
  if (r.milestones.length > 0) {
    lines.push('', chalk.bold(label(m.requirements.milestones, total).trimEnd()));
    for (const x of r.milestones) {
      const line = `${label(`${x.deadline} ${x.name}`, labelWidth)} ${bar(null, x.day)}`;
      lines.push(x.overdue ? chalk.red(line) : line);
    }
  }
  if (r.undated.length > 0) lines.push('', label(m.requirements.undated(r.undated.length), total).trimEnd());
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

/** Mermaid task ids: letters, digits and _ only. */
const taskId = (prefix: string, id: string): string => `${prefix}${id.replace(/[^A-Za-z0-9]/g, '_')}`;

/**
 * A task name that Mermaid's lexer reads as one: it tries a date rule (YYYY-MM-DD) before the task
 * text, so a deadline of a whole day at the start ("2022-06-30 OZG") would become a date token and
 * break the chart. Its hyphens become non-breaking hyphens (U+2011), which look the same.
 */
const taskName = (text: string): string => mermaidText(text).replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1\u2011$2\u2011$3');

/**
 * A Mermaid gantt. Every task name starts with its id or its deadline (a digit), so no title can
 * become a keyword line (`section`, `title`); mermaidText takes out `:` `;` `#` and the rest of
 * what the grammar reads. A due date alone is a milestone, a start alone a one-day task.
 */
export function mermaidGantt(r: Roadmap, labels: ChartLabels): string {
  const lines = ['gantt', `    title ${mermaidText(labels.roadmap)}`, '    dateFormat YYYY-MM-DD', '    axisFormat %Y-%m'];
  for (const field of r.fields) {
    if (field.items.length === 0) continue;
    lines.push(`    section ${mermaidText(field.name) || field.id}`);
    for (const x of field.items) {
      const name = taskName(`${x.id} ${x.title}`);
      const id = taskId('m', x.id);
      const state = x.status === 'done' ? 'done, ' : x.status === 'in_progress' ? 'active, ' : '';
      if (x.start !== null && x.due !== null) lines.push(`    ${name} :${state}${id}, ${x.start}, ${x.due}`);
      else if (x.start !== null) lines.push(`    ${name} :${state}${id}, ${x.start}, 1d`);
      else lines.push(`    ${name} :milestone, ${state}${id}, ${x.due!}, 0d`);
    }
  }
  if (r.milestones.length > 0) {
    lines.push(`    section ${mermaidText(labels.milestones)}`);
    for (const x of r.milestones)
      lines.push(`    ${taskName(`${x.deadline} ${x.name}`)} :milestone, ${x.overdue ? 'crit, ' : ''}${taskId('r', x.id)}, ${x.day}, 0d`);
  }
  return `${lines.join('\n')}\n`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The SVG timeline of the HTML report: fixed geometry, text escaped, a title for screen readers. */
export function svgTimeline(r: Roadmap, labels: ChartLabels, table?: string): string {
  if (r.span === null) return '';
  const labelWidth = 300;
  const cells = 600;
  const rowHeight = 22;
  const at = scale(r.span, cells);
  const rows: string[] = [];
  let y = 30;
  const text = (x: number, yy: number, content: string, cls: string) => `<text class="${cls}" x="${x}" y="${yy}">${html(content)}</text>`;
  // Cut between graphemes: slicing UTF-16 units could leave half an emoji (a lone surrogate).
  const cut = (s: string) => {
    const parts = Array.from(graphemes.segment(s), (g) => g.segment);
    return parts.length > 48 ? `${parts.slice(0, 47).join('')}…` : s;
  };
  for (const field of r.fields) {
    if (field.items.length === 0) continue;
    rows.push(text(4, y + 14, field.name, 'field'));
    y += rowHeight;
    for (const x of field.items) {
      rows.push(
        `<g><title>${html(`${x.id} ${x.title}: ${x.start ?? '–'} – ${x.due ?? '–'}`)}</title>${text(12, y + 14, cut(`${x.id} ${x.title}`), 'item')}`,
      );
      const cls = `bar status-${x.status ?? 'none'}`;
      if (x.start !== null && x.due !== null) {
        const left = labelWidth + at(x.start);
        rows.push(
          `<rect class="${cls}" x="${left}" y="${y + 4}" width="${Math.max(3, labelWidth + at(x.due) - left)}" height="${rowHeight - 8}"/>`,
        );
      } else {
        const cx = labelWidth + at((x.start ?? x.due)!);
        rows.push(`<path class="${cls}" d="M${cx} ${y + 4} l7 7 l-7 7 l-7 -7 z"/>`);
      }
      rows.push('</g>');
      y += rowHeight;
    }
  }
  if (r.milestones.length > 0) {
    rows.push(text(4, y + 14, labels.milestones, 'field'));
    y += rowHeight;
    for (const x of r.milestones) {
      const cx = labelWidth + at(x.day);
      rows.push(
        `<g><title>${html(`${x.name}: ${x.deadline}`)}</title>${text(12, y + 14, cut(`${x.deadline} ${x.name}`), 'item')}<path class="milestone${x.overdue ? ' overdue' : ''}" d="M${cx} ${y + 3} l8 8 l-8 8 l-8 -8 z"/></g>`,
      );
      y += rowHeight;
    }
  }
  const todayX = labelWidth + at(r.today);
  const height = y + 10;
  const width = labelWidth + cells + 20;
  const axis = `${text(labelWidth, 16, r.span.from, 'axis')}<text class="axis" x="${labelWidth + cells}" y="16" text-anchor="end">${html(r.span.to)}</text><line class="today" x1="${todayX}" y1="22" x2="${todayX}" y2="${y}"/>`;
  return `<figure class="roadmap"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${html(labels.roadmap)}"${table === undefined ? '' : ` aria-describedby="${html(table)}"`}><title>${html(labels.roadmap)}</title>${axis}${rows.join('')}</svg></figure>`;
}
