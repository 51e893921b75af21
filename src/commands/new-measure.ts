import { join } from 'node:path';
import type { FormatContext, WritingCommand, WritingResult } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';
import { fileEdit } from '../write/apply-edits.js';
import { schemaReferenceFor } from '../read/schema-reference.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { measureFileName } from '../model/file-names.js';
import { nextId } from '../model/ids.js';
import { measureDocument } from '../model/measure-document.js';
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

  const language = workspace.lang ?? strategy.strategy.language;
  const text = measureDocument(
    {
      id,
      title,
      field: field.id,
      description: options.description ?? '',
      source: [],
      current_state: '',
      recommendation: '',
      scores: Object.fromEntries(strategy.leitplanken.leitplanken.map((l) => [l.id, 0])),
      status: 'proposed',
      ...(options.owner !== undefined ? { owner: options.owner } : {}),
    },
    {
      // The same form as the measures already there (or the strategy's own .schema/): never a path
      // that climbs out of the repository to wherever the tool happens to be installed.
      schema: schemaReferenceFor(workspace.dir, 'measures', 'measure', workspace.files()),
      scoresComment: messages[language].newMeasure.rateComment,
    },
  );

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
