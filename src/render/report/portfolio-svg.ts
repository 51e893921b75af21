import { html } from '../escape.js';
import type { Portfolio } from '../portfolio.js';

const SIZE = 520;
const PAD = { left: 56, right: 16, top: 16, bottom: 48 };

/** The Maßnahmenübersicht as inline SVG: no script, no external resource. */
export function portfolioSvg(chart: Portfolio): string {
  const w = SIZE + PAD.left + PAD.right;
  const h = SIZE + PAD.top + PAD.bottom;
  const cell = SIZE / (chart.max + 1);
  const px = (x: number) => PAD.left + (x + 0.5) * cell;
  const py = (y: number) => PAD.top + SIZE - (y + 0.5) * cell;
  const grid: string[] = [];
  for (let v = 0; v <= chart.max; v++) {
    grid.push(`<line class="grid" x1="${px(v)}" y1="${PAD.top}" x2="${px(v)}" y2="${PAD.top + SIZE}"/>`);
    grid.push(`<line class="grid" x1="${PAD.left}" y1="${py(v)}" x2="${PAD.left + SIZE}" y2="${py(v)}"/>`);
    grid.push(`<text class="tick" x="${px(v)}" y="${PAD.top + SIZE + 16}">${v}</text>`);
    grid.push(`<text class="tick" x="${PAD.left - 10}" y="${py(v) + 4}">${v}</text>`);
  }
  const mid = chart.max / 2;
  const quadrants = `<line class="quadrant" x1="${px(mid)}" y1="${PAD.top}" x2="${px(mid)}" y2="${PAD.top + SIZE}"/><line class="quadrant" x1="${PAD.left}" y1="${py(mid)}" x2="${PAD.left + SIZE}" y2="${py(mid)}"/>`;
  const r = (size: number) => (6 + size * 12).toFixed(1);
  // Larger bubbles first, so smaller ones stay visible on top; labels after all bubbles.
  const ordered = [...chart.points].sort((a, b) => b.size - a.size || (a.label < b.label ? -1 : 1));
  const bubbles = ordered
    .map(
      (p) =>
        `<circle class="${p.highlighted ? 'bubble prioritized' : 'bubble'}" cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="${r(p.size)}"><title>${html(p.label)}</title></circle>`,
    )
    .join('');
  const labels = ordered
    .map((p) => `<text class="label" x="${px(p.x).toFixed(1)}" y="${(py(p.y) + 4).toFixed(1)}">${html(p.label)}</text>`)
    .join('');
  const axes = [
    `<text class="axis" x="${PAD.left + SIZE / 2}" y="${h - 8}">${html(chart.x[0])} → ${html(chart.x[1])}</text>`,
    `<text class="axis" transform="translate(14 ${PAD.top + SIZE / 2}) rotate(-90)">${html(chart.y[0])} → ${html(chart.y[1])}</text>`,
  ].join('');
  return `<figure class="portfolio"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${html(chart.title)}"><title>${html(chart.title)}</title><rect class="plot" x="${PAD.left}" y="${PAD.top}" width="${SIZE}" height="${SIZE}"/>${grid.join('')}${quadrants}${bubbles}${labels}${axes}</svg><figcaption>${html(chart.title)}. ${html(chart.note)}</figcaption></figure>`;
}
