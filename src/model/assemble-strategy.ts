import * as crypto from 'node:crypto';
import type { SchemaName } from '../schema/schemas.js';
import { checkSchema } from './check-schema.js';
import { hasErrors, sortFindings, type Finding } from './finding.js';
import { compareIds } from './ids.js';
import { FILE_START, parseYaml, withoutDocument, type ParsedYaml } from './parse-yaml.js';
import { applyRules, salvageMeasure, type RuleMeasure, type Typed } from './rules.js';
import type { SourceFile } from './source-file.js';
import type {
  InvalidFileRef,
  LeitplankenFile,
  LocatedMeasure,
  Measure,
  MetricsFile,
  Origin,
  PartialStrategy,
  RequirementsFile,
  Strategy,
  StrategyFile,
} from './types.js';

export interface LoadResult {
  /** Present only when there are no errors (warnings allowed). */
  strategy?: Strategy;
  /** Whatever is valid, even when other parts are not. */
  partial: PartialStrategy;
  findings: Finding[];
}

export interface CheckResult {
  parsed: ParsedYaml;
  findings: Finding[];
  valid: boolean;
}

/**
 * Parse and schema results by file content, so a file is parsed once: across the revisions of a
 * diff or a history (in memory), and across runs (on disk, see read/disk-check-cache.ts).
 */
export interface CheckCache {
  /** `schema` is the schema the result was checked against (part of the key too). */
  get(key: string, file: SourceFile, schema: SchemaName): CheckResult | undefined;
  set(key: string, result: CheckResult): void;
}

/** The in-memory cache: results are reused as they are, relabelled with the current path. */
export function memoryCheckCache(): CheckCache {
  const entries = new Map<string, CheckResult>();
  return {
    get(key, file) {
      const cached = entries.get(key);
      if (cached === undefined || cached.parsed.file.path === file.path) return cached;
      return { parsed: { ...cached.parsed, file }, findings: cached.findings.map((f) => ({ ...f, file: file.path })), valid: cached.valid };
    },
    set: (key, result) => void entries.set(key, { ...result, parsed: withoutDocument(result.parsed) }),
  };
}

/**
 * SHA-1 in hex. Node 20.12+ has a one-shot crypto.hash, without a Hash object per call (10,000
 * files a run); older Node 20 releases hash as before.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;
const sha1 = (bytes: Uint8Array): string =>
  oneShot !== undefined ? oneShot('sha1', bytes, 'hex') : crypto.createHash('sha1').update(bytes).digest('hex');

/** Content identity: the git blob id where known, else a hash of the bytes. */
function contentKey(file: SourceFile): string {
  return file.blob ?? sha1(file.bytes);
}

/** The schema of each top-level file of a strategy folder; every other file is a measure. */
export const topLevelSchemas: Readonly<Record<string, SchemaName>> = {
  'strategy.yaml': 'strategy',
  'leitplanken.yaml': 'leitplanken',
  'metrics.yaml': 'metrics',
  'requirements.yaml': 'requirements',
};

/** Top-level files a strategy may leave out: the register of requirements is an addition. */
export const OPTIONAL_FILES: ReadonlySet<string> = new Set(['requirements.yaml']);

function origin(parsed: ParsedYaml): Origin {
  return { file: parsed.file.path, relative: parsed.file.relative, locate: (path) => parsed.locate(path) };
}

function check(file: SourceFile, schema: SchemaName, cache: CheckCache | undefined): CheckResult {
  const key = cache === undefined ? undefined : `${schema}:${file.relative}:${contentKey(file)}`;
  const cached = key === undefined ? undefined : cache?.get(key, file, schema);
  if (cached !== undefined) return cached;
  const parsed = parseYaml(file);
  const findings = parsed.findings.length > 0 ? parsed.findings : checkSchema(parsed, schema);
  const valid = findings.length === 0;
  if (key !== undefined) cache?.set(key, { parsed, findings, valid });
  // Nothing after the checks needs the document itself (see withoutDocument).
  return { parsed: withoutDocument(parsed), findings, valid };
}

function typed<T>(result: ReturnType<typeof check>, findings: Finding[]): Typed<T> | undefined {
  findings.push(...result.findings);
  return result.valid ? { data: result.parsed.data as T, parsed: result.parsed } : undefined;
}

/**
 * Parses and validates every file of a strategy folder and assembles the typed strategy.
 * `dir` is the folder as shown to the user; `files` come from disk or from a git revision.
 */
export function assembleStrategy(dir: string, all: readonly SourceFile[], cache?: CheckCache): LoadResult {
  const findings: Finding[] = [];
  // A file the reader refused (a link out of the folder, a FIFO, a submodule) is a finding of its
  // own and is never parsed: its bytes are empty, and a top-level one is not "missing" either.
  for (const f of all)
    if (f.unreadable !== undefined)
      findings.push({ file: f.path, ...FILE_START, path: '', rule: f.unreadable.rule, severity: 'error', message: f.unreadable.message });
  const unreadable = new Set(all.filter((f) => f.unreadable !== undefined).map((f) => f.relative));
  const files = all.filter((f) => f.unreadable === undefined);
  const byName = new Map(files.map((f) => [f.relative, f]));
  const top: Partial<Record<SchemaName, Typed<unknown>>> = {};
  for (const [name, schema] of Object.entries(topLevelSchemas)) {
    const file = byName.get(name);
    if (file === undefined) {
      if (unreadable.has(name) || OPTIONAL_FILES.has(name)) continue;
      const path = dir === '' || dir === '.' ? name : `${dir.replace(/\/$/, '')}/${name}`;
      findings.push({
        file: path,
        ...FILE_START,
        path: '',
        rule: 'missing-file',
        severity: 'error',
        message: `missing file ${name}; every strategy folder needs strategy.yaml, leitplanken.yaml and metrics.yaml`,
      });
      continue;
    }
    const t = typed(check(file, schema, cache), findings);
    if (t !== undefined) top[schema] = t;
  }
  const measures: Typed<Measure>[] = [];
  const forRules: Typed<Partial<RuleMeasure>>[] = [];
  for (const file of files.filter((f) => !(f.relative in topLevelSchemas))) {
    const result = check(file, 'measure', cache);
    const measure = typed<Measure>(result, findings);
    if (measure !== undefined) measures.push(measure);
    forRules.push(measure ?? { data: salvageMeasure(result.parsed.data), parsed: result.parsed });
  }

  const strategy = top.strategy as Typed<StrategyFile> | undefined;
  const leitplanken = top.leitplanken as Typed<LeitplankenFile> | undefined;
  const metrics = top.metrics as Typed<MetricsFile> | undefined;
  const requirements = top.requirements as Typed<RequirementsFile> | undefined;
  // A measure file (or the measures folder) the reader refused has unknown ids: links to it are not judged.
  const measuresIncomplete = [...unreadable].some((name) => !(name in topLevelSchemas));
  findings.push(...applyRules({ strategy, leitplanken, metrics, requirements, measures: forRules, measuresIncomplete }));
  sortFindings(findings);

  // Files with errors: whatever of them is typed still shows in diffs, but never feeds a score.
  const relativeOf = new Map(files.map((f) => [f.path, f.relative]));
  const erroneous = new Set(findings.filter((f) => f.severity === 'error').flatMap((f) => relativeOf.get(f.file) ?? []));
  const idOf = new Map(forRules.map((m) => [m.parsed.file.relative, m.data.id]));
  const invalidFiles: InvalidFileRef[] = files
    .filter((f) => erroneous.has(f.relative))
    .map((f) => {
      const id = idOf.get(f.relative);
      return id === undefined ? { relative: f.relative } : { relative: f.relative, id };
    });
  const located: LocatedMeasure[] = measures.map((m) => ({ ...m.data, origin: origin(m.parsed) })).sort((a, b) => compareIds(a.id, b.id));
  const seen = new Set<string>();
  const partial: PartialStrategy = {
    ...(strategy !== undefined ? { strategy: strategy.data } : {}),
    ...(leitplanken !== undefined ? { leitplanken: leitplanken.data } : {}),
    ...(metrics !== undefined ? { metrics: metrics.data } : {}),
    measures: located.filter((m) => !seen.has(m.id) && seen.add(m.id) !== undefined),
    invalidFiles,
  };
  if (hasErrors(findings) || strategy === undefined || leitplanken === undefined || metrics === undefined) return { partial, findings };
  const requirementsOrigin = requirements === undefined ? {} : { requirements: origin(requirements.parsed) };
  return {
    findings,
    partial,
    strategy: {
      dir,
      strategy: strategy.data,
      leitplanken: leitplanken.data,
      metrics: metrics.data,
      measures: located,
      requirements: requirements?.data.requirements ?? [],
      origins: {
        strategy: origin(strategy.parsed),
        leitplanken: origin(leitplanken.parsed),
        metrics: origin(metrics.parsed),
        ...requirementsOrigin,
      },
    },
  };
}
