import { join, resolve } from 'node:path';
import { schemaReference } from '../read/package-root.js';
import { Document, Scalar, YAMLMap } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { measureFileName } from '../model/file-names.js';
import { yamlFormat } from '../model/yaml-format.js';
import { didYouMean } from '../model/suggest.js';
import { messages, type Lang } from '../i18n/messages.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';
import { withStrategyLock } from '../write/strategy-lock.js';
import { createFileExclusive } from '../write/update-yaml-file.js';
import { loadStrategy } from './load-strategy.js';

export interface NewMeasureOptions {
  dir: string;
  field: string;
  title: string;
  description?: string;
  owner?: string;
  /** Language of the comment in the new file; default the strategy's language. */
  lang?: Lang;
}

export interface NewMeasureResult {
  language: Lang;
  id: string;
  path: string;
  exitCode: ExitCode;
}

/** The next free running number in a Handlungsfeld: after 1.11 comes 1.12. */
export function nextId(number: number, ids: readonly string[]): string {
  const used = ids.filter((id) => id.startsWith(`${number}.`)).map((id) => Number(id.split('.')[1]));
  return `${number}.${Math.max(0, ...used) + 1}`;
}

/**
 * Under the strategy lock, from reading the measures to creating the file: two runs at once
 * would otherwise both pick the same next id.
 */
export function newMeasure(options: NewMeasureOptions): NewMeasureResult {
  return withStrategyLock(options.dir, () => newMeasureLocked(options));
}

function newMeasureLocked(options: NewMeasureOptions): NewMeasureResult {
  const strategy = loadStrategy(options.dir);
  const field = strategy.strategy.handlungsfelder.find((f) => f.id === options.field);
  if (field === undefined) {
    const ids = strategy.strategy.handlungsfelder.map((f) => f.id);
    throw new CliError(`--field: unknown Handlungsfeld ${options.field}${didYouMean(options.field, ids)} (valid: ${ids.join(', ')})`);
  }
  const title = options.title.trim();
  if (title === '') throw new CliError('--title: expected the name of the measure');
  const id = nextId(field.number, strategy.measures.map((m) => m.id));
  const relative = `measures/${measureFileName(id, title)}`;
  const path = join(options.dir, relative);

  const doc = new Document({});
  doc.commentBefore = ` yaml-language-server: $schema=${schemaReference(resolve(options.dir, 'measures'), 'measure')}`;
  const root = doc.contents as YAMLMap;
  const idNode = new Scalar(id);
  idNode.type = Scalar.QUOTE_DOUBLE;
  root.set('id', idNode);
  root.set('title', title);
  root.set('field', field.id);
  root.set('description', options.description ?? '');
  const source = doc.createNode([]);
  source.flow = true;
  root.set('source', source);
  root.set('current_state', '');
  root.set('recommendation', '');
  const scores = new YAMLMap();
  for (const l of strategy.leitplanken.leitplanken) scores.set(l.id, 0);
  const scoresKey = new Scalar('scores');
  const language = options.lang ?? strategy.strategy.language;
  scoresKey.commentBefore = ` ${messages[language].newMeasure.rateComment}`;
  root.set(scoresKey, scores);
  root.set('status', 'proposed');
  if (options.owner !== undefined) root.set('owner', options.owner);
  const text = doc.toString(yamlFormat);

  // Validate the strategy with the new file before anything is written.
  const files = [...readStrategyDir(options.dir), { path, relative, bytes: Buffer.from(text) }];
  const errors = assembleStrategy(options.dir, files).findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new CliError(`the new measure would not be valid: ${errors[0]!.file}:${errors[0]!.line} ${errors[0]!.message}; nothing was written`, ExitCode.Findings);
  createFileExclusive(path, text);
  return { language, id, path, exitCode: ExitCode.Ok };
}
