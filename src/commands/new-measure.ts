import { join } from 'node:path';
import type { FormatContext, WritingCommand, WritingResult } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';
import { fileEdit } from '../write/apply-edits.js';
import { schemaComment, schemaReferenceFor } from '../read/schema-reference.js';
import { Document, Scalar, YAMLMap } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { measureFileName } from '../model/file-names.js';
import { yamlFormat } from '../model/yaml-format.js';
import { resolveField } from '../command-kit/field-option.js';
import { messages, type Lang } from '../i18n/messages.js';

export interface NewMeasureOptions {
  field: string;
  title: string;
  description?: string;
  owner?: string;
}

export interface NewMeasureResult extends WritingResult {
  language: Lang;
  id: string;
  path: string;
}

/** The next free running number in a Handlungsfeld: after 1.11 comes 1.12. */
export function nextId(number: number, ids: readonly string[]): string {
  const used = ids.filter((id) => id.startsWith(`${number}.`)).map((id) => Number(id.split('.')[1]));
  return `${number}.${Math.max(0, ...used) + 1}`;
}

/**
 * Runs under the strategy lock from reading the measures to creating the file: two runs at once
 * would otherwise both pick the same next id.
 */
export function newMeasure(options: NewMeasureOptions, workspace: Workspace): NewMeasureResult {
  const strategy = workspace.strategy();
  const field = resolveField('--field', options.field, strategy.strategy.handlungsfelder);
  const title = options.title.trim();
  if (title === '') throw new CliError('--title: expected the name of the measure');
  const id = nextId(
    field.number,
    strategy.measures.map((m) => m.id),
  );
  const relative = `measures/${measureFileName(id, title)}`;
  const path = join(workspace.dir, relative);

  const doc = new Document({});
  // The same form as the measures already there (or the strategy's own .schema/): never a path
  // that climbs out of the repository to wherever the tool happens to be installed.
  const reference = schemaReferenceFor(workspace.dir, 'measures', 'measure', workspace.files());
  if (reference !== undefined) doc.commentBefore = schemaComment(reference);
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
  const language = workspace.lang ?? strategy.strategy.language;
  scoresKey.commentBefore = ` ${messages[language].newMeasure.rateComment}`;
  root.set(scoresKey, scores);
  root.set('status', 'proposed');
  if (options.owner !== undefined) root.set('owner', options.owner);
  const text = doc.toString(yamlFormat);

  // Validate the strategy with the new file before anything is written.
  const files = [...workspace.files(), { path, relative, bytes: Buffer.from(text) }];
  const errors = assembleStrategy(workspace.dir, files).findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    throw new CliError(
      `the new measure would not be valid: ${errors[0]!.file}:${errors[0]!.line} ${errors[0]!.message}; nothing was written`,
      ExitCode.Findings,
    );
  return { language, id, path, edits: [fileEdit(path, workspace.dir, null, text)], exitCode: ExitCode.Ok };
}

export const newMeasureCommand = {
  kind: 'write',
  spec: {
    path: ['new', 'measure'],
    description: 'a new measure with the next free number in its Handlungsfeld, every required key, scores to rate',
    formats: messageFormats,
    options: [
      {
        flags: '--field <field>',
        description: 'the Handlungsfeld: its id, number or name, e.g. eadministration, 1 or eAdministration',
        required: true,
        complete: 'fields',
      },
      { flags: '--title <text>', description: 'the name of the measure', required: true },
      { flags: '--description <text>', description: 'what the measure does' },
      { flags: '--owner <text>', description: 'who is responsible' },
    ],
    help: '\nThe file is named like the others (1.12-kurztitel.yaml), validated before it is written, and\nnever overwrites an existing file. Scores start at 0 with a comment asking to rate them;\nthere is no decision yet and the status is proposed.',
  },
  run: newMeasure,
  formatters: guardFormatters(formatMedium, {
    text: (r: NewMeasureResult, ctx: FormatContext) => `${ctx.messages.newMeasure.created(r.id, r.path)}\n`,
  }),
} satisfies WritingCommand<NewMeasureOptions, NewMeasureResult, MessageFormat>;
