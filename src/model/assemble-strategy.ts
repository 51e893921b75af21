import type { SchemaName } from '../schema/schemas.js';
import { checkSchema } from './check-schema.js';
import { hasErrors, sortFindings, type Finding } from './finding.js';
import { compareIds } from './ids.js';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import { applyRules, salvageMeasure, type RuleMeasure, type Typed } from './rules.js';
import type { SourceFile } from './source-file.js';
import type { LeitplankenFile, Measure, MetricsFile, Origin, Strategy, StrategyFile } from './types.js';

export interface LoadResult {
  /** Present only when there are no errors (warnings allowed). */
  strategy?: Strategy;
  findings: Finding[];
}

const topLevel: Record<string, SchemaName> = {
  'strategy.yaml': 'strategy',
  'leitplanken.yaml': 'leitplanken',
  'metrics.yaml': 'metrics',
};

function origin(parsed: ParsedYaml): Origin {
  return { file: parsed.file.path, locate: (path) => parsed.locate(path) };
}

function typed<T>(parsed: ParsedYaml, schema: SchemaName, findings: Finding[]): Typed<T> | undefined {
  findings.push(...parsed.findings);
  if (parsed.findings.length > 0) return undefined;
  const schemaFindings = checkSchema(parsed, schema);
  findings.push(...schemaFindings);
  return schemaFindings.length > 0 ? undefined : { data: parsed.data as T, parsed };
}

/**
 * Parses and validates every file of a strategy folder and assembles the typed strategy.
 * `dir` is the folder as shown to the user; `files` come from disk or from a git revision.
 */
export function assembleStrategy(dir: string, files: readonly SourceFile[]): LoadResult {
  const findings: Finding[] = [];
  const byName = new Map(files.map((f) => [f.relative, f]));
  const top: Partial<Record<SchemaName, Typed<unknown>>> = {};
  for (const [name, schema] of Object.entries(topLevel)) {
    const file = byName.get(name);
    if (file === undefined) {
      const path = dir === '' || dir === '.' ? name : `${dir.replace(/\/$/, '')}/${name}`;
      findings.push({ file: path, line: 1, col: 1, path: '', rule: 'missing-file', severity: 'error', message: `missing file ${name}; every strategy folder needs strategy.yaml, leitplanken.yaml and metrics.yaml` });
      continue;
    }
    const t = typed(parseYaml(file), schema, findings);
    if (t !== undefined) top[schema] = t;
  }
  const measures: Typed<Measure>[] = [];
  const forRules: Typed<Partial<RuleMeasure>>[] = [];
  for (const file of files.filter((f) => !(f.relative in topLevel))) {
    const parsed = parseYaml(file);
    const measure = typed<Measure>(parsed, 'measure', findings);
    if (measure !== undefined) measures.push(measure);
    forRules.push(measure ?? { data: salvageMeasure(parsed.data), parsed });
  }

  const strategy = top.strategy as Typed<StrategyFile> | undefined;
  const leitplanken = top.leitplanken as Typed<LeitplankenFile> | undefined;
  const metrics = top.metrics as Typed<MetricsFile> | undefined;
  findings.push(...applyRules({ strategy, leitplanken, metrics, measures: forRules }));
  sortFindings(findings);

  if (hasErrors(findings) || strategy === undefined || leitplanken === undefined || metrics === undefined) return { findings };
  return {
    findings,
    strategy: {
      dir,
      strategy: strategy.data,
      leitplanken: leitplanken.data,
      metrics: metrics.data,
      measures: measures.map((m) => ({ ...m.data, origin: origin(m.parsed) })).sort((a, b) => compareIds(a.id, b.id)),
      origins: { strategy: origin(strategy.parsed), leitplanken: origin(leitplanken.parsed), metrics: origin(metrics.parsed) },
    },
  };
}
