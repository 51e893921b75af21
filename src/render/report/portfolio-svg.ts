import { html } from '../escape.js';
import type { Portfolio, PortfolioPoint } from '../portfolio.js';

/** One scale step in pixels, whatever the scale: room for a marker and the ids above it. */
export const CELL = 104;
const PAD = { left: 56, right: 16, top: 32, bottom: 48 };
/** The label font (px) and a generous estimate of a character's width in it (system-ui digits and dots are narrower). */
export const LABEL_FONT = 10;
export const CHAR_WIDTH = 0.62 * LABEL_FONT;
const LINE = 11;
const COUNT_FONT = 11;

/** A marker's radius: 10 to 26 px by its relative size, always wide enough for the count inside. */
export function markerRadius(p: PortfolioPoint): number {
  return Math.max(10 + p.size * 16, (String(p.labels.length).length * COUNT_FONT * 0.62) / 2 + 4);
}

/**
 * The ids above a marker, in lines no wider than a scale step (so they never reach a neighbour's
 * ids or marker) and no higher than the room left below the marker one step up (whose radius is
 * at most 26). What does not fit ends in `…`; the data table beside the chart lists every id.
 */
export function labelLines(labels: readonly string[], radius: number): string[] {
  const width = CELL - 8;
  const maxLines = Math.max(1, Math.floor((CELL - radius - 4 - 26 - 4) / LINE));
  const lines: string[] = [];
  for (const [i, id] of labels.entries()) {
    const text = `${id}${i < labels.length - 1 ? ',' : ''}`;
    const last = lines[lines.length - 1];
    if (last !== undefined && (last.length + 1 + text.length) * CHAR_WIDTH <= width) lines[lines.length - 1] = `${last} ${text}`;
    else lines.push(text);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let tail = kept[maxLines - 1]!;
  while (tail.length > 1 && (tail.length + 2) * CHAR_WIDTH > width)
    tail = tail.slice(0, tail.lastIndexOf(' ') > 0 ? tail.lastIndexOf(' ') : -1);
  kept[maxLines - 1] = `${tail.replace(/,$/, '')} …`;
  return kept;
}

/**
 * The Maßnahmenübersicht as inline SVG: no script, no external resource. Every marker's centre
 * is exactly its measures' values; measures sharing a position share one marker with their
 * count inside and their ids above it.
 */
export function portfolioSvg(chart: Portfolio, tableId?: string): string {
  const size = CELL * (chart.max + 1);
  const w = size + PAD.left + PAD.right;
  const h = size + PAD.top + PAD.bottom;
  const px = (x: number) => PAD.left + (x + 0.5) * CELL;
  const py = (y: number) => PAD.top + size - (y + 0.5) * CELL;
  const grid: string[] = [];
  for (let v = 0; v <= chart.max; v++) {
    grid.push(`<line class="grid" data-axis="x" data-value="${v}" x1="${px(v)}" y1="${PAD.top}" x2="${px(v)}" y2="${PAD.top + size}"/>`);
    grid.push(`<line class="grid" data-axis="y" data-value="${v}" x1="${PAD.left}" y1="${py(v)}" x2="${PAD.left + size}" y2="${py(v)}"/>`);
    grid.push(`<text class="tick" x="${px(v)}" y="${PAD.top + size + 16}">${v}</text>`);
    grid.push(`<text class="tick" x="${PAD.left - 10}" y="${py(v) + 4}">${v}</text>`);
  }
  const mid = chart.max / 2;
  const quadrants = `<line class="quadrant" x1="${px(mid)}" y1="${PAD.top}" x2="${px(mid)}" y2="${PAD.top + size}"/><line class="quadrant" x1="${PAD.left}" y1="${py(mid)}" x2="${PAD.left + size}" y2="${py(mid)}"/>`;
  // Larger bubbles first, so smaller ones stay visible on top; labels after all bubbles.
  const ordered = [...chart.points].sort((a, b) => b.size - a.size || (a.labels[0]! < b.labels[0]! ? -1 : 1));
  const cls = { all: 'bubble prioritized', some: 'bubble mixed', none: 'bubble' } as const;
  const markers = ordered
    .map((p) => {
      const r = markerRadius(p);
      const count = p.labels.length > 1 ? `<text class="count" x="${px(p.x)}" y="${py(p.y) + 4}">${p.labels.length}</text>` : '';
      return `<g class="marker" data-ids="${html(p.labels.join(' '))}"><circle class="${cls[p.highlighted]}" cx="${px(p.x)}" cy="${py(p.y)}" r="${r.toFixed(1)}"><title>${html(p.title)}</title></circle>${count}</g>`;
    })
    .join('');
  const labels = ordered
    .map((p) => {
      const lines = labelLines(p.labels, markerRadius(p));
      const bottom = py(p.y) - markerRadius(p) - 4;
      const tspans = lines
        .map((l, i) => `<tspan x="${px(p.x)}" y="${(bottom - (lines.length - 1 - i) * LINE).toFixed(1)}">${html(l)}</tspan>`)
        .join('');
      return `<text class="label" aria-hidden="true">${tspans}</text>`;
    })
    .join('');
  const axes = [
    `<text class="axis" x="${PAD.left + size / 2}" y="${h - 8}">${html(chart.x[0])} → ${html(chart.x[1])}</text>`,
    `<text class="axis" transform="translate(14 ${PAD.top + size / 2}) rotate(-90)">${html(chart.y[0])} → ${html(chart.y[1])}</text>`,
  ].join('');
  const described = tableId === undefined ? '' : ` aria-describedby="${html(tableId)}"`;
  return `<figure class="portfolio"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${html(chart.title)}"${described}><title>${html(chart.title)}</title><rect class="plot" x="${PAD.left}" y="${PAD.top}" width="${size}" height="${size}"/>${grid.join('')}${quadrants}${markers}${labels}${axes}</svg><figcaption>${html(chart.title)}. ${html(chart.note)}</figcaption></figure>`;
}
