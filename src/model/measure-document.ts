import { Document, Scalar, YAMLMap } from 'yaml';
import type { Measure } from './types.js';
import { yamlFormat } from './yaml-format.js';

/**
 * The text of a new measure file, as `new measure` and `import` write it: the schema line, every
 * key in the schema's order, the id quoted (1.10 must never read as the number 1.1).
 */
/** `schema` undefined: no schema line (no reference would work on every machine, see read/schema-reference.ts). */
export function measureDocument(measure: Measure, options: { schema: string | undefined; scoresComment?: string }): string {
  const doc = new Document({});
  if (options.schema !== undefined) doc.commentBefore = ` yaml-language-server: $schema=${options.schema}`;
  const root = doc.contents as YAMLMap;
  const idNode = new Scalar(measure.id);
  idNode.type = Scalar.QUOTE_DOUBLE;
  root.set('id', idNode);
  root.set('title', measure.title);
  root.set('field', measure.field);
  root.set('description', measure.description);
  const source = doc.createNode(measure.source);
  source.flow = true;
  root.set('source', source);
  root.set('current_state', measure.current_state);
  root.set('recommendation', measure.recommendation);
  const scores = new YAMLMap();
  for (const [id, value] of Object.entries(measure.scores)) scores.set(id, value);
  const scoresKey = new Scalar('scores');
  if (options.scoresComment !== undefined) scoresKey.commentBefore = ` ${options.scoresComment}`;
  root.set(scoresKey, scores);
  if (measure.decision !== undefined) root.set('decision', measure.decision);
  if (measure.status !== undefined) root.set('status', measure.status);
  if (measure.owner !== undefined) root.set('owner', measure.owner);
  return doc.toString(yamlFormat);
}
