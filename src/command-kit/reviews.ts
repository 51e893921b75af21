// The annual review's assessment files of a workspace, read and checked once per run (validate,
// review, status and report all ask). Kept beside the workspace rather than in it: only these
// commands read reviews/.
import { InvalidStrategyError } from '../errors.js';
import { hasErrors } from '../model/finding.js';
import { checkReviews, type ReviewCheck } from '../model/reviews.js';
import type { Strategy } from '../model/types.js';
import { readReviewFiles, REVIEWS_DIR } from '../read/read-strategy-dir.js';
import { aggregateReview, type ReviewAggregate } from '../scoring/review.js';
import type { SourceFile } from '../model/source-file.js';
import type { Workspace } from './workspace.js';

const checked = new WeakMap<Workspace, { files: SourceFile[]; check: ReviewCheck }>();

export function workspaceReviews(workspace: Workspace): { files: SourceFile[]; check: ReviewCheck } {
  let entry = checked.get(workspace);
  if (entry === undefined) {
    // The strategy's files first: a folder that is not found says so before reviews/ is looked at.
    const { partial } = workspace.check();
    const files = readReviewFiles(workspace.dir);
    // A measure file with an error still names its measure: an assessment of it is no "unknown
    // measure". One whose id cannot be read leaves unknown ids undecidable, so they go unchecked.
    const invalidMeasures = partial.invalidFiles.filter((f) => f.relative.startsWith('measures/'));
    const measureIds = invalidMeasures.every((f) => f.id !== undefined)
      ? [...partial.measures.map((m) => m.id), ...invalidMeasures.map((f) => f.id!)]
      : undefined;
    entry = {
      files,
      check: checkReviews(files, {
        ...(measureIds !== undefined ? { measureIds } : {}),
        ...(partial.leitplanken !== undefined ? { leitplanken: partial.leitplanken.leitplanken } : {}),
      }),
    };
    checked.set(workspace, entry);
  }
  return entry;
}

/**
 * The year's assessments aggregated against the valid strategy. An error in any file of that year
 * stops it (exit 1, the findings on stderr): an aggregate without one Fachbereich's file would look
 * complete and be wrong. Errors in other years' files do not matter here.
 */
export function yearReview(workspace: Workspace, year: number, minAssessments: number): { aggregate: ReviewAggregate; strategy: Strategy } {
  const strategy = workspace.strategy();
  const { files, check } = workspaceReviews(workspace);
  const inYear = (relative: string): boolean => relative.startsWith(`${REVIEWS_DIR}/${year}/`);
  const mine = new Set(files.filter((f) => inYear(f.relative)).map((f) => f.path));
  const errors = check.findings.filter((f) => mine.has(f.file));
  if (hasErrors(errors)) throw new InvalidStrategyError(errors, [...mine], strategy.strategy.language);
  const aggregate = aggregateReview({
    year,
    assessments: check.assessments.filter((a) => a.year === year),
    leitplanken: strategy.leitplanken.leitplanken,
    threshold: strategy.leitplanken.threshold,
    fields: strategy.strategy.handlungsfelder,
    measures: strategy.measures,
    minAssessments,
  });
  return { aggregate, strategy };
}
