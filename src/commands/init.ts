import { join, resolve } from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { yamlFormat } from '../model/yaml-format.js';
import { findStrategy } from '../read/find-strategy.js';
import { schemaReference } from '../read/package-root.js';
import { folderState, readReferenceLeitplanken } from '../read/read-file.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import type { FormatContext, WritingCommand, WritingResult } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';
import { fileEdit } from '../write/apply-edits.js';

export interface InitOptions {
  /** Where to create it; default the workspace's folder (--dir). */
  folder?: string;
  /** --dir or $ITSTRAT_DIR, when given. */
  dir?: string;
  title?: string;
  organisation?: string;
  /** The strategy's date, YYYY-MM-DD; default today. */
  date?: string;
}

export interface InitResult extends WritingResult {
  dir: string;
  files: string[];
}

function schemaLine(doc: Document, from: string, schema: string): void {
  doc.commentBefore = ` yaml-language-server: $schema=${schemaReference(from, schema)}`;
}

function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

/** The Leitplanken of the reference strategy, with its scales, but equal weights and no calibration yet. */
function leitplanken(dir: string): string {
  const doc = parseDocument(readReferenceLeitplanken());
  schemaLine(doc, dir, 'leitplanken');
  const threshold = doc.get('threshold', true);
  if (isScalar(threshold)) {
    threshold.value = 8;
    threshold.commentBefore = null;
  }
  const key = isMap(doc.contents) ? doc.contents.items[0]?.key : undefined;
  if (isScalar(key)) {
    key.commentBefore =
      ' A measure whose weighted score (sum of weight × score) reaches the threshold is prioritised.\n' +
      ' The four Leitplanken and scales are those of the IT-Strategie 2018 of Braunschweig (chapter 3.1,\n' +
      ' Anhang III); adapt them. Equal weights until `itstrat calibrate --write` derives them from decisions.';
  }
  const list = doc.get('leitplanken', true);
  if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.set('weight', 1);
  return doc.toString(yamlFormat);
}

/**
 * `itstrat init` with no folder, below a strategy that the other commands would find (from
 * strategy/measures/ or a sibling src/): a second strategy there would hide the first from every
 * command run below it. Only a folder named on purpose (`itstrat init FOLDER`, --dir) is created.
 */
function refuseInsideStrategy(dir: string): void {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch (error) {
    throw new CliError(
      `cannot create ${dir}: the current folder is gone (${(error as Error).message}); name the folder absolutely: itstrat init /path/to/strategy`,
    );
  }
  const search = findStrategy(cwd);
  if (!search.found || resolve(search.absolute) === resolve(dir)) return;
  throw new CliError(
    `there is already a strategy in ${search.dir}, which itstrat finds from here; itstrat init would create another one in ${dir} — name the folder to do that (itstrat init ${dir}), or run it where no strategy is found`,
  );
}

export function init(options: InitOptions, workspace: Workspace): InitResult {
  const dir = options.folder ?? workspace.dir;
  if (options.folder === undefined && options.dir === undefined) refuseInsideStrategy(dir);
  // "" would resolve to the current folder while looking like a missing one.
  if (dir.trim() === '') throw new CliError('expected the folder for the new strategy, e.g. itstrat init my-strategy');
  const state = folderState(dir);
  switch (state.kind) {
    case 'not-empty':
      throw new CliError(`${dir} exists and is not empty; choose a new folder for the strategy`);
    case 'not-a-folder':
      throw new CliError(`${dir} exists and is not a folder; choose a new folder for the strategy`);
    case 'under-a-file':
      throw new CliError(`cannot create ${dir}: ${state.file} is a file, not a folder; choose a new folder for the strategy`);
    case 'unreadable':
      throw new CliError(`cannot use ${dir}: ${state.reason}`);
    default:
  }
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  calendarOption('--date', date, 'date');
  const lang = workspace.lang ?? 'de';
  const abs = resolve(dir);

  const strategy = new Document({});
  schemaLine(strategy, abs, 'strategy');
  strategy.set('title', options.title ?? (lang === 'de' ? 'IT-Strategie' : 'IT strategy'));
  if (options.organisation !== undefined) strategy.set('organisation', { name: options.organisation });
  strategy.set('version', quoted('0.1'));
  strategy.set('date', quoted(date));
  strategy.set('language', lang);
  strategy.set('review', { fortschreibung_years: 3, annual_review: true });
  const fields = [
    ['eadministration', 'eAdministration'],
    ['kundenschnittstelle', lang === 'de' ? 'Kundenschnittstelle' : 'Customer interface'],
    ['technik', lang === 'de' ? 'Technik & Infrastruktur' : 'Technology & infrastructure'],
    ['organisation', lang === 'de' ? 'IT-Organisation und Prozesse' : 'IT organisation and processes'],
  ].map(([id, name], i) => ({ id: quoted(id!), number: i + 1, name, description: '', prioritized: true }));
  strategy.set('handlungsfelder', strategy.createNode(fields));
  const metrics = new Document({});
  schemaLine(metrics, abs, 'metrics');
  metrics.set('goals', []);
  metrics.set('metrics', []);

  const files: [string, string][] = [
    ['strategy.yaml', strategy.toString(yamlFormat)],
    ['leitplanken.yaml', leitplanken(abs)],
    ['metrics.yaml', metrics.toString(yamlFormat)],
  ];
  // Valid from the start, or nothing is written.
  const check = assembleStrategy(
    dir,
    files.map(([relativePath, text]) => ({ path: join(dir, relativePath), relative: relativePath, bytes: Buffer.from(text) })),
  );
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new CliError(`internal: the new strategy would not be valid: ${errors[0]!.message}`);
  return {
    dir,
    files: [...files.map(([name]) => join(dir, name)), join(dir, 'measures')],
    edits: [{ kind: 'folder', path: join(dir, 'measures') }, ...files.map(([name, text]) => fileEdit(join(dir, name), dir, null, text))],
    language: lang,
    exitCode: ExitCode.Ok,
  };
}

export const initCommand = {
  kind: 'write',
  spec: {
    path: ['init'],
    description: 'scaffold a new, empty strategy that is valid from the start',
    arguments: [
      {
        key: 'folder',
        name: '[folder]',
        description: 'where to create it (default: --dir, else ./strategy in the current folder); must not exist or be empty',
      },
    ],
    formats: messageFormats,
    options: [
      { flags: '--title <text>', description: "the strategy's title" },
      { flags: '--organisation <text>', description: 'the administration it belongs to' },
      { flags: '--date <date>', description: "the strategy's date, YYYY-MM-DD (default today)" },
    ],
    help: '\nCreates strategy.yaml (four Handlungsfelder to rename), leitplanken.yaml (the four criteria of\nthe Braunschweig strategy with their 0–4 scales and equal weights), metrics.yaml (empty) and\nmeasures/. Continue with: itstrat new measure --field eadministration --title "…"',
  },
  // Every file is created exclusively, never over an existing one: there is nothing to lock yet.
  unlocked: true,
  creates: true,
  run: init,
  formatters: guardFormatters(formatMedium, { text: (r: InitResult, _ctx: FormatContext) => r.files.map((f) => `${f}\n`).join('') }),
} satisfies WritingCommand<InitOptions, InitResult, MessageFormat>;
