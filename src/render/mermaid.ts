import { mermaidText } from './escape.js';
import type { Portfolio } from './portfolio.js';

export { mermaidText };

const unit = (value: number, max: number): string => (Math.round(((value + 0.5) / (max + 1)) * 1000) / 1000).toFixed(3);

/** A Mermaid quadrantChart: renders on GitHub and GitLab. Points are sized and coloured. */
export function mermaidQuadrant(chart: Portfolio): string {
  const lines = [
    'quadrantChart',
    `    title ${mermaidText(chart.title)}`,
    `    x-axis ${mermaidText(chart.x[0])} --> ${mermaidText(chart.x[1])}`,
    `    y-axis ${mermaidText(chart.y[0])} --> ${mermaidText(chart.y[1])}`,
    ...chart.points.map((p) => {
      const radius = Math.round(4 + p.size * 12);
      const color = p.highlighted ? '#1565c0' : '#b0b0b0';
      return `    ${mermaidText(`Nr ${p.label}`)}: [${unit(p.x, chart.max)}, ${unit(p.y, chart.max)}] radius: ${radius}, color: ${color}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
