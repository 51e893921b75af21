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

/**
 * One marker: every measure at exactly this position. Measures sharing a position share the
 * marker (it shows their count) rather than being nudged apart: a nudged point would sit at a
 * value the measure does not have.
 */
export interface PortfolioPoint {
  /** The measures' ids, in natural id order. */
  labels: string[];
  /** Position in scale units: the measures' own scores, nothing added. */
  x: number;
  y: number;
  /** Relative bubble size, 0..1: the largest of the measures'. */
  size: number;
  /** The marker's tooltip: which measures it stands for. */
  title: string;
  /** How many of the measures are prioritised: all, some or none. */
  highlighted: 'all' | 'some' | 'none';
}
