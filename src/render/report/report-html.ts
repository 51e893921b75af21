import { createHash } from 'node:crypto';
import type { Messages } from '../../i18n/messages.js';
import type { Block } from '../document.js';
import { html, json as jsonEscape } from '../escape.js';
import { portfolioSvg } from './portfolio-svg.js';
import { svgTimeline } from '../roadmap-chart.js';
import type { ReportData } from './report-data.js';
import { whatIfScript } from './what-if-script.generated.js';
import type { WhatIfData } from './what-if-data.js';
import { displayScore } from '../../scoring/score.js';
import { MAX_THRESHOLD, MAX_WEIGHT } from '../../model/bounds.js';

const css = `
:root { --accent: #1565c0; --muted: #4b5563; --line: #d1d5db; --up: #e8f5e9; --down: #fdecea; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { overflow-wrap: break-word; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111827; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
@media (max-width: 640px) { main { padding: 16px 12px 48px; } }
h1 { font-size: 1.8rem; margin: 0 0 8px; }
h2 { font-size: 1.35rem; margin: 40px 0 12px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 1.15rem; margin: 28px 0 8px; }
h4 { font-size: 1rem; margin: 20px 0 6px; }
a { color: var(--accent); }
nav ul { padding-left: 1.2em; }
nav a { display: inline-block; padding: 3px 0; max-width: 100%; }
.table-wrap { overflow-x: auto; margin: 12px 0; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
tbody th { background: none; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 4px 0 16px; }
@media (max-width: 640px) { dl { grid-template-columns: minmax(0, 1fr); } dd { margin-bottom: 6px; } }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; }
figure.portfolio { margin: 16px 0; }
figure.portfolio svg { max-width: 100%; height: auto; }
figure.roadmap { margin: 16px 0; overflow-x: auto; }
figure.roadmap svg { max-width: 100%; height: auto; }
figure.roadmap text { font-size: 12px; fill: #222; }
figure.roadmap text.field { font-weight: bold; }
figure.roadmap .bar { fill: #1565c0; }
figure.roadmap .bar.status-done { fill: #2e7d32; }
figure.roadmap .bar.status-dropped { fill: #9e9e9e; }
figure.roadmap .milestone { fill: #6a1b9a; }
figure.roadmap .milestone.overdue { fill: #c62828; }
figure.roadmap .today { stroke: #c62828; stroke-dasharray: 3 3; }
figcaption { color: var(--muted); font-size: 0.85rem; }
svg .plot { fill: #fafafa; stroke: var(--line); }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .quadrant { stroke: #9ca3af; stroke-width: 1.5; stroke-dasharray: 4 4; }
svg .tick { font-size: 11px; fill: var(--muted); text-anchor: middle; }
svg .axis { font-size: 12px; fill: #374151; text-anchor: middle; }
svg .bubble { fill: #cbd5e1; fill-opacity: 0.55; stroke: #64748b; stroke-width: 1; }
svg .bubble.prioritized { fill: var(--accent); fill-opacity: 0.6; stroke: #0d47a1; }
svg .bubble.mixed { fill: #90caf9; fill-opacity: 0.6; stroke: #0d47a1; stroke-dasharray: 3 2; }
svg .count { font-size: 11px; font-weight: 700; text-anchor: middle; fill: #111827; }
svg .label { font-size: 10px; font-weight: 600; text-anchor: middle; fill: #111827; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.whatif form { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: end; margin: 12px 0; }
.whatif label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); }
.whatif input { width: 6em; font: inherit; padding: 2px 4px; }
.whatif input[aria-invalid="true"] { border: 2px solid #b91c1c; }
.whatif button { font: inherit; padding: 4px 12px; }
.whatif tr.up { background: var(--up); }
.whatif tr.down { background: var(--down); }
#whatif-error { color: #b91c1c; font-weight: 600; }
#whatif-summary { font-weight: 600; }
#whatif-table td:nth-child(5), #whatif-table td:nth-child(6), #whatif-table td:nth-child(8) { white-space: nowrap; }
@page { size: A4; margin: 16mm 14mm 18mm; @bottom-right { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #4b5563; } }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  #handlungsfelder, section.field, #details, #anhang { break-before: page; }
  #handlungsfelder + section.field { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, figure, dl { break-inside: avoid; }
  .whatif, li:has(> a[href="#whatif"]) { display: none; }
}
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** JSON inside a script element: nothing in the data can close the element or start markup. */
export function scriptJson(value: unknown): string {
  return jsonEscape(JSON.stringify(value)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * Names for the tables' scroll boxes (each a landmark region), unique on the page as assistive
 * technology needs them: the caption, else the heading above and the columns, numbered on repeat.
 */
class RegionNames {
  /** The page's language: a block in another one says which (`lang`). */
  constructor(readonly lang: string) {}
  /** ` lang="de"` where the text's language is not the page's. */
  langOf(lang: string | undefined): string {
    return lang === undefined || lang === this.lang ? '' : ` lang="${html(lang)}"`;
  }
  private heading = '';
  private readonly used = new Map<string, number>();
  saw(heading: string): void {
    this.heading = heading;
  }
  name(b: Extract<Block, { kind: 'table' }>): string {
    const base = b.caption ?? [this.heading, b.head.join(', ')].filter((x) => x !== '').join(': ');
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  }
}

function blockHtml(b: Block, names: RegionNames): string {
  switch (b.kind) {
    case 'heading':
      names.saw(b.text);
      return `<h${b.level}${b.id !== undefined ? ` id="${html(b.id)}"` : ''}${names.langOf(b.lang)}>${html(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${names.langOf(b.lang)}>${html(b.text).replace(/\n/g, '<br>')}</p>`;
    case 'list':
      return `<ul${names.langOf(b.lang)}>${b.items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
    case 'links':
      return linksHtml(b);
    case 'details':
      return `<dl>${b.items.map((i) => `<dt>${html(i.term)}</dt><dd${names.langOf(i.lang)}>${html(i.text).replace(/\n/g, '<br>')}</dd>`).join('')}</dl>`;
    case 'chart':
      return portfolioSvg(b.chart, b.table);
    case 'roadmap':
      return svgTimeline(b.roadmap, b.labels, b.table);
    case 'section':
      return `<section id="${html(b.id)}" class="${html(b.className)}">${b.blocks.map((x) => blockHtml(x, names)).join('\n')}</section>`;
    case 'table': {
      const right = new Set(b.right ?? []);
      const cls = (i: number) => (right.has(i) ? ' class="num"' : '');
      // A wide table scrolls inside its own box (focusable, so the keyboard can scroll it too),
      // never the page; the first cell of a row names the row.
      const name = names.name(b);
      return `<div class="table-wrap" role="region" tabindex="0" aria-label="${html(name)}"><table${b.id !== undefined ? ` id="${html(b.id)}"` : ''}>${b.caption !== undefined ? `<caption>${html(b.caption)}</caption>` : ''}<thead><tr>${b.head.map((h, i) => `<th scope="col"${cls(i)}>${html(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map(
          (r) =>
            `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row"${cls(i)}>` : `<td${cls(i)}>`) + cellHtml(c) + (i === 0 ? '</th>' : '</td>')).join('')}</tr>`,
        )
        .join('')}</tbody></table></div>`;
    }
  }
}

/** Runs of this many characters without a space get break opportunities, every BREAK_EVERY characters. */
const LONG_RUN = 48;
const BREAK_EVERY = 20;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A table cell's text, escaped, with `<wbr>` inside words too long for a column: on screen a table
 * scrolls in its own box, but printed (the PDF) it cannot, and a cell wider than the page would be
 * cut off at its edge. Breaks fall between whole characters (graphemes), so no emoji is split.
 */
function cellHtml(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .split(/(\s+)/)
        .map((word) => {
          const chars = [...graphemes.segment(word)].map((g) => g.segment);
          if (chars.length < LONG_RUN) return html(word);
          const parts: string[] = [];
          for (let i = 0; i < chars.length; i += BREAK_EVERY) parts.push(html(chars.slice(i, i + BREAK_EVERY).join('')));
          return parts.join('<wbr>');
        })
        .join(''),
    )
    .join('<br>');
}

function linksHtml(b: Extract<Block, { kind: 'links' }>): string {
  // Nested lists from the items' depth: an item one level deeper opens a list inside the one before.
  let out = '<ul>';
  let depth = 0;
  b.items.forEach((item, i) => {
    const d = item.depth ?? 0;
    if (i > 0 && d > depth) out += '<ul>'.repeat(d - depth);
    else if (i > 0) out += `</li>${'</ul></li>'.repeat(depth - d)}`;
    out += `<li><a href="#${html(item.target)}">${html(item.text)}</a>`;
    depth = d;
  });
  out += `</li>${'</ul></li>'.repeat(depth)}</ul>`;
  return b.nav !== undefined ? `<nav aria-label="${html(b.nav)}">${out}</nav>` : out;
}

function whatIf(data: ReportData, m: Messages): { section: string; json: string } {
  const lp = data.strategy.leitplanken.leitplanken;
  const payload: WhatIfData = {
    leitplanken: lp.map((l) => ({ id: l.id, label: l.short ?? l.id, weight: l.weight, scale: l.scale.map((s) => ({ value: s.value })) })),
    threshold: data.strategy.leitplanken.threshold,
    maxWeight: MAX_WEIGHT,
    maxThreshold: MAX_THRESHOLD,
    fields: data.strategy.strategy.handlungsfelder.map((f) => ({ id: f.id, prioritized: f.prioritized })),
    measures: data.scored.map((x) => ({
      id: x.measure.id,
      title: x.measure.title,
      field: x.measure.field,
      scores: x.measure.scores,
      computed: x.prioritized,
      decided: x.measure.decision === undefined ? null : x.measure.decision === 'prioritized',
    })),
    text: {
      threshold: m.threshold,
      reset: m.report.reset,
      prioritized: m.prioritized,
      notPrioritized: m.notPrioritized,
      undecided: m.undecided,
      newly: m.report.newlyPrioritized,
      noLonger: m.report.noLongerPrioritized,
      summary: m.report.whatIfSummary,
      // The bounds in the reader's notation (1.000 in German); the page fills in label and value.
      badWeight: m.report.whatIfBadWeight.replace('{max}', m.numbers.number(MAX_WEIGHT)),
      badThreshold: m.report.whatIfBadThreshold.replace('{max}', m.numbers.number(MAX_THRESHOLD)),
      allZero: m.report.whatIfAllZero,
      notComputed: m.report.whatIfNotComputed,
    },
  };
  const change = (now: boolean, before: boolean | null) =>
    before === null || now === before ? '' : now ? m.report.newlyPrioritized : m.report.noLongerPrioritized;
  const decided = (d: boolean | null) => (d === null ? m.undecided : d ? m.prioritized : m.notPrioritized);
  const rows = payload.measures
    .map((x, i) => {
      const s = data.scored[i]!;
      return `<tr data-id="${html(x.id)}"><td class="num">${s.rank}</td><td>${html(x.id)}</td><td>${html(x.title)}</td><td class="num">${displayScore(s.score)}</td><td>${html(x.computed ? m.prioritized : m.notPrioritized)}</td><td></td><td>${html(decided(x.decided))}</td><td>${html(change(x.computed, x.decided))}</td></tr>`;
    })
    .join('');
  const head = [
    [m.rank, true],
    [m.id, false],
    [m.measure, false],
    [m.score, true],
    [m.priority, false],
    [m.report.vsComputed, false],
    [m.decision, false],
    [m.report.vsDecision, false],
  ] as const;
  const section = `<section id="whatif-section" class="whatif" aria-labelledby="whatif"><h2 id="whatif">${html(m.report.whatIf)}</h2><p>${html(m.report.whatIfIntro)}</p><noscript><p>${html(m.report.whatIfNoScript)}</p></noscript><form id="whatif-form" hidden></form><p id="whatif-error" role="alert"></p><p id="whatif-summary" aria-live="polite"></p><div class="table-wrap" role="region" tabindex="0" aria-label="${html(`${m.report.whatIf}: ${head.map(([h]) => h).join(', ')}`)}"><table id="whatif-table"><thead><tr>${head.map(([h, n]) => `<th scope="col"${n ? ' class="num"' : ''}>${html(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div></section>`;
  return { section, json: scriptJson(payload) };
}

/** One self-contained page: inline CSS and SVG, one inline script allowed by hash, nothing to load. */
export function reportHtml(blocks: readonly Block[], data: ReportData, m: Messages, lang: string): string {
  const title = data.strategy.strategy.title;
  const { section, json } = whatIf(data, m);
  const names = new RegionNames(lang);
  const csp = `default-src 'none'; style-src ${sha256(css)}; script-src ${sha256(whatIfScript)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="${html(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="itstrat">
<title>${html(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
${blocks.map((b) => blockHtml(b, names)).join('\n')}
${section}
</main>
<script type="application/json" id="itstrat-data">${json}</script>
<script>${whatIfScript}</script>
</body>
</html>
`;
}
