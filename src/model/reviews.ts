// The assessments of the annual review: strategy/reviews/<year>/<assessor>.yaml, parsed and
// checked on the same path as measures (positions, located findings, did-you-mean), then checked
// against the strategy: known measures and Leitplanken, scores within the scale, one file per
// assessor and year.
import { checkSchema } from './check-schema.js';
import { findingAt, sortFindings, type Finding } from './finding.js';
import { FILE_START, parseYaml, type ParsedYaml } from './parse-yaml.js';
import type { SourceFile } from './source-file.js';
import { didYouMean, suggest } from './suggest.js';
import type { Leitplanke, Origin } from './types.js';

export interface AssessedMeasure {
  id: string;
  scores: Record<string, number>;
  comment?: string;
}

export interface Assessment {
  assessor: { id: string; name?: string; fachbereich?: string };
  date: string;
  weights?: Record<string, number>;
  measures: AssessedMeasure[];
}

export interface LocatedAssessment extends Assessment {
  /** The year of its folder. */
  year: number;
  origin: Origin;
}

export interface ReviewCheck {
  /** Files without errors only: a file with an error never feeds an aggregate. */
  assessments: LocatedAssessment[];
  findings: Finding[];
  /** Every year with a folder of assessments, ascending. */
  years: number[];
}

/** What the rules need of the strategy; a partial strategy gives what it could read. */
export interface ReviewContext {
  measureIds?: readonly string[];
  leitplanken?: readonly (Pick<Leitplanke, 'id' | 'scale'> & Partial<Pick<Leitplanke, 'title' | 'short' | 'criterion'>>)[];
}

/**
 * The Leitplanke a key that is none was meant to be: a clerk writes `Strategy` or the German label
 * (`Sicherheit`) as readily as a misspelt id. " — did you mean <id>?" or ''.
 */
export function leitplankeHint(key: string, leitplanken: NonNullable<ReviewContext['leitplanken']>): string {
  const names = leitplanken.flatMap((l) =>
    [l.id, l.short, l.title, l.criterion].flatMap((name) => (name === undefined ? [] : [{ name: name.trim().toLowerCase(), id: l.id }])),
  );
  const word = key.trim().toLowerCase();
  const exact = names.find((n) => n.name === word);
  if (exact !== undefined) return ` — did you mean ${exact.id}?`;
  const near = suggest(
    word,
    names.map((n) => n.name),
  );
  return near === undefined ? '' : ` — did you mean ${names.find((n) => n.name === near)!.id}?`;
}

export const REVIEW_PATH = /^reviews\/([0-9]{4})\/([^/]+)\.ya?ml$/;

const at = findingAt;

/** The checks against the strategy of one schema-valid assessment. */
function checkAssessment(parsed: ParsedYaml, data: Assessment, year: number, fileId: string, context: ReviewContext): Finding[] {
  const findings: Finding[] = [];
  if (data.assessor.id !== fileId)
    findings.push(
      at(
        parsed,
        ['assessor', 'id'],
        'review-file-name',
        `assessor.id is ${data.assessor.id} but the file is named ${fileId}.yaml; expected the file reviews/${year}/${data.assessor.id}.yaml`,
      ),
    );
  // An assessment may be written in December for the next year's review: worth a look, not wrong.
  if (Number(data.date.slice(0, 4)) !== year)
    findings.push(
      at(parsed, ['date'], 'review-year', `date ${data.date} is not in ${year}, the year of the folder reviews/${year}/`, {
        severity: 'warning',
      }),
    );
  const scales = new Map((context.leitplanken ?? []).map((l) => [l.id, l.scale.map((s) => s.value)]));
  const leitplankenIds = [...scales.keys()];
  const known = context.measureIds === undefined ? undefined : new Set(context.measureIds);
  const seen = new Map<string, number>();
  data.measures.forEach((entry, i) => {
    const first = seen.get(entry.id);
    if (first !== undefined)
      findings.push(
        at(
          parsed,
          ['measures', i, 'id'],
          'duplicate-measure',
          `measure ${entry.id} is assessed twice in this file (first as measures.${first})`,
        ),
      );
    else seen.set(entry.id, i);
    if (known !== undefined && !known.has(entry.id))
      findings.push(
        at(parsed, ['measures', i, 'id'], 'unknown-measure', `measure ${entry.id} does not exist${didYouMean(entry.id, [...known])}`),
      );
    if (context.leitplanken === undefined) return;
    for (const [key, score] of Object.entries(entry.scores)) {
      const scale = scales.get(key);
      if (scale === undefined) {
        findings.push(
          at(
            parsed,
            ['measures', i, 'scores', key],
            'unknown-score',
            `scores.${key} is not a Leitplanke${leitplankeHint(key, context.leitplanken)} (expected ${leitplankenIds.join(', ')})`,
            { key: true },
          ),
        );
        continue;
      }
      if (scale.length === 0) continue;
      const min = Math.min(...scale);
      const max = Math.max(...scale);
      if (score > max || score < min)
        findings.push(
          at(
            parsed,
            ['measures', i, 'scores', key],
            'score-range',
            `scores.${key} must be ${score > max ? `at most ${max}` : `at least ${min}`} (found ${score})`,
          ),
        );
    }
  });
  if (context.leitplanken !== undefined)
    for (const key of Object.keys(data.weights ?? {}))
      if (!scales.has(key))
        findings.push(
          at(parsed, ['weights', key], 'unknown-score', `weights.${key} is not a Leitplanke${leitplankeHint(key, context.leitplanken)}`, {
            key: true,
          }),
        );
  return findings;
}

function salvageAssessorId(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const assessor = (data as Record<string, unknown>)['assessor'];
  if (assessor === null || typeof assessor !== 'object') return undefined;
  const id = (assessor as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : undefined;
}

/**
 * Checks every assessment file (`files`: their paths relative to the strategy folder start with
 * `reviews/`). Findings are sorted; only files without errors become assessments.
 */
export function checkReviews(files: readonly SourceFile[], context: ReviewContext): ReviewCheck {
  const findings: Finding[] = [];
  const assessments: LocatedAssessment[] = [];
  const years = new Set<number>();
  const assessorsByYear = new Map<number, Map<string, string>>();
  for (const file of files) {
    const start = { file: file.path, ...FILE_START, path: '', severity: 'error' as const };
    if (file.unreadable !== undefined) {
      findings.push({ ...start, rule: file.unreadable.rule, message: file.unreadable.message });
      continue;
    }
    const match = REVIEW_PATH.exec(file.relative);
    if (match === null) {
      findings.push({
        ...start,
        rule: 'review-path',
        message: `${file.relative} is not where an assessment belongs; expected reviews/<year>/<assessor id>.yaml (a four-digit year)`,
      });
      continue;
    }
    const year = Number(match[1]);
    years.add(year);
    const parsed = parseYaml(file);
    const own = parsed.findings.length > 0 ? parsed.findings : checkSchema(parsed, 'review');
    const ids = assessorsByYear.get(year) ?? new Map<string, string>();
    assessorsByYear.set(year, ids);
    if (own.length > 0) {
      findings.push(...own);
      // A file with a schema error still claims its assessor: a second file of the same one is a duplicate.
      const claimed = salvageAssessorId(parsed.data);
      if (claimed !== undefined && !ids.has(claimed)) ids.set(claimed, file.path);
      continue;
    }
    const data = parsed.data as Assessment;
    const more = checkAssessment(parsed, data, year, match[2]!, context);
    const first = ids.get(data.assessor.id);
    if (first !== undefined)
      more.push(
        at(
          parsed,
          ['assessor', 'id'],
          'duplicate-assessor',
          `assessor ${data.assessor.id} already assessed ${year} in ${first}; one file per assessor and year`,
        ),
      );
    else ids.set(data.assessor.id, file.path);
    findings.push(...more);
    if (more.some((f) => f.severity === 'error')) continue;
    assessments.push({
      ...data,
      year,
      origin: { file: file.path, relative: file.relative, locate: (path) => parsed.locate(path) },
    });
  }
  return { assessments, findings: sortFindings(findings), years: [...years].sort((a, b) => a - b) };
}
