import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Assessment } from './reviews.js';
import { yamlFormat } from './yaml-format.js';

const quoted = (text: string): Scalar => {
  const s = new Scalar(text);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
};

/** A comment is one line: a title with a line break would end the comment and start YAML. */
const oneLine = (text: string): string => text.replace(/[\s\u0085\u2028\u2029]+/g, ' ').trim();

/**
 * The text of an assessment file, as `review new` and `review import` write it: the schema line,
 * a header comment, ids and the date quoted (1.10 must never read as the number 1.1), each
 * measure's title as a comment above it, scores on one line (a diff shows the changed one).
 */
export function reviewDocument(
  assessment: Assessment,
  options: { schema: string | undefined; header: readonly string[]; titles: ReadonlyMap<string, string> },
): string {
  const doc = new Document({});
  doc.commentBefore = [
    ...(options.schema !== undefined ? [` yaml-language-server: $schema=${options.schema}`] : []),
    ...options.header.map((line) => ` ${oneLine(line)}`),
  ].join('\n');
  const root = doc.contents as YAMLMap;
  const assessor = new YAMLMap();
  assessor.set('id', assessment.assessor.id);
  if (assessment.assessor.name !== undefined) assessor.set('name', assessment.assessor.name);
  if (assessment.assessor.fachbereich !== undefined) assessor.set('fachbereich', assessment.assessor.fachbereich);
  root.set('assessor', assessor);
  root.set('date', quoted(assessment.date));
  if (assessment.weights !== undefined && Object.keys(assessment.weights).length > 0) {
    const weights = doc.createNode(assessment.weights) as YAMLMap;
    weights.flow = true;
    root.set('weights', weights);
  }
  const measures = new YAMLSeq();
  for (const entry of assessment.measures) {
    const item = new YAMLMap();
    item.set('id', quoted(entry.id));
    const title = options.titles.get(entry.id);
    if (title !== undefined) item.commentBefore = ` ${oneLine(title)}`;
    const scores = doc.createNode(entry.scores) as YAMLMap;
    scores.flow = true;
    item.set('scores', scores);
    item.set('comment', entry.comment ?? '');
    measures.items.push(item);
  }
  root.set('measures', measures);
  return doc.toString(yamlFormat);
}
