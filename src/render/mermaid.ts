import { mermaidText } from './escape.js';
import type { Portfolio } from './portfolio.js';

export { mermaidText };

const unit = (value: number, max: number): string => (Math.round(((value + 0.5) / (max + 1)) * 1000) / 1000).toFixed(3);

/** At most this many ids in a point's name; the chart's data table beside it lists them all. */
const NAMED = 3;

/**
 * A Mermaid quadrantChart: renders on GitHub and GitLab. One point per position, at exactly the
 * measures' values, sized and coloured; measures sharing it share the point, named by their ids
 * (the first three, then `…`) and their count (`×3`).
 */
export function mermaidQuadrant(chart: Portfolio): string {
  const lines = [
    'quadrantChart',
    `    title ${mermaidText(chart.title)}`,
    `    x-axis ${mermaidText(chart.x[0])} --> ${mermaidText(chart.x[1])}`,
    `    y-axis ${mermaidText(chart.y[0])} --> ${mermaidText(chart.y[1])}`,
    ...chart.points.map((p) => {
      const radius = Math.round(4 + p.size * 12);
      const color = p.highlighted === 'all' ? '#1565c0' : p.highlighted === 'some' ? '#64b5f6' : '#b0b0b0';
      const n = p.labels.length;
      const name = `Nr ${p.labels.slice(0, NAMED).join(' ')}${n > NAMED ? ' …' : ''}${n > 1 ? ` ×${n}` : ''}`;
      return `    ${mermaidText(name)}: [${unit(p.x, chart.max)}, ${unit(p.y, chart.max)}] radius: ${radius}, color: ${color}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
