import type { Position } from './parse-yaml.js';

export type Decision = 'prioritized' | 'not_prioritized';
export type MeasureStatus = 'proposed' | 'planned' | 'in_progress' | 'done' | 'dropped';
export type Source = 'Interview' | 'Leipzig' | 'Benchmark';

/** Where a value came from, so later stages can point at the line. */
export interface Origin {
  file: string;
  /** Path inside the strategy folder, e.g. `measures/1.2-e-akte.yaml`: stable across revisions. */
  relative: string;
  locate(path: readonly (string | number)[]): Position;
}

export interface Measure {
  id: string;
  title: string;
  field: string;
  description: string;
  source: Source[];
  current_state: string;
  recommendation: string;
  scores: Record<string, number>;
  decision?: Decision;
  status?: MeasureStatus;
  owner?: string;
  /** The responsible Fachbereich: expected to submit an assessment in the annual review. */
  fachbereich?: string;
  /** YYYY-MM-DD. */
  start?: string;
  /** YYYY-MM-DD. */
  due?: string;
  /** Ids of the measures this one builds on. */
  depends_on?: string[];
  /** Position in the agreed order (roadmap --propose --write). */
  sequence?: number;
}

export interface ScaleStep {
  value: number;
  text: string;
}

export interface Leitplanke {
  id: string;
  title: string;
  text?: string;
  criterion: string;
  short?: string;
  scale: ScaleStep[];
  weight: number;
}

export interface LeitplankenFile {
  threshold: number;
  leitplanken: Leitplanke[];
}

export interface Handlungsfeld {
  id: string;
  number: number;
  name: string;
  description?: string;
  prioritized: boolean;
}

export interface StrategyFile {
  title: string;
  organisation?: { name: string; unit?: string };
  version: string;
  date: string;
  language: 'de' | 'en';
  adoption?: { body: string; date: string; resolution?: string; preliminary?: { body: string; date: string }[] };
  review?: {
    fortschreibung_years: number;
    annual_review: boolean;
    chapter?: string;
    text?: string;
    /** The month by which each year's annual review should be done (default 12). */
    month?: number;
    owner?: { role?: string; person?: string };
    /** The Fachbereiche expected to submit; absent: those the measures name. */
    fachbereiche?: string[];
  };
  handlungsfelder: Handlungsfeld[];
}

export type MetricKind = 'count' | 'number' | 'ratio' | 'percent' | 'money' | 'status' | 'list';
export type MetricValue = number | string | string[];

export interface Metric {
  id: string;
  goal: string;
  name: string;
  kind: MetricKind;
  direction: 'up' | 'down' | 'neutral';
  states?: string[];
  currency?: string;
  unit?: string;
  /** Computed by itstrat from other data (see model/requirements.ts), never recorded. */
  computed?: 'open_requirements';
  values: { period: string; value: MetricValue; note?: string }[];
}

export interface Goal {
  id: string;
  name: string;
  text?: string;
}

export interface MetricsFile {
  goals?: Goal[];
  metrics: Metric[];
}

export type RequirementKind = 'law' | 'regulation' | 'programme' | 'land_service';

/** One entry of requirements.yaml: a legal or programme requirement and the measures serving it. */
export interface Requirement {
  id: string;
  name: string;
  kind: RequirementKind;
  source?: { title?: string; date?: string; reference?: string };
  text?: string;
  /** A calendar period (YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, YYYY-MM-DD): as precise as the source. */
  deadline?: string;
  mandatory: boolean;
  measures: string[];
  /** Why no measure serves it, where that is known and accepted. */
  unserved?: string;
}

export interface RequirementsFile {
  requirements: Requirement[];
}

export interface LocatedMeasure extends Measure {
  origin: Origin;
}

/** The whole strategy, validated. */
export interface Strategy {
  dir: string;
  strategy: StrategyFile;
  leitplanken: LeitplankenFile;
  metrics: MetricsFile;
  measures: LocatedMeasure[];
  /** requirements.yaml; empty when the strategy has none (the file is optional). */
  requirements: Requirement[];
  origins: { strategy: Origin; leitplanken: Origin; metrics: Origin; requirements?: Origin };
}

/** What could be read of a strategy, even when parts of it are invalid (for diffs and history). */
export interface PartialStrategy {
  strategy?: StrategyFile;
  leitplanken?: LeitplankenFile;
  metrics?: MetricsFile;
  /** Schema-valid measures; of two with one id, the first in natural file order. */
  measures: LocatedMeasure[];
  /**
   * Files with errors (schema or cross-file rules), relative to the strategy folder, with the
   * measure id where one could be read: their values must never feed a score or a rank.
   */
  invalidFiles: InvalidFileRef[];
}

export interface InvalidFileRef {
  relative: string;
  /** The measure id, for measure files whose id could be read. */
  id?: string;
}
