// A Handlungsfeld's portfolio chart as data: Mermaid in Markdown, SVG in HTML.

export interface Portfolio {
  title: string;
  /** Axis labels: [low, high]. */
  x: [string, string];
  y: [string, string];
  /** Highest value on both axes (the scale maximum). */
  max: number;
  note: string;
  legend: [string, string];
  points: PortfolioPoint[];
}

export interface PortfolioPoint {
  label: string;
  /** Position in scale units, including the offset that keeps equal positions apart. */
  x: number;
  y: number;
  /** Relative bubble size, 0..1. */
  size: number;
  highlighted: boolean;
}
