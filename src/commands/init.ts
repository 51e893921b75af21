import { join, resolve } from 'node:path';
import { Document, parse, Scalar, type YAMLMap } from 'yaml';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Lang } from '../i18n/messages.js';
import { assembleStrategy, type LoadResult } from '../model/assemble-strategy.js';
import { placeholder } from '../model/placeholder.js';
import type { SourceFile } from '../model/source-file.js';
import type { LeitplankenFile } from '../model/types.js';
import { yamlFormat } from '../model/yaml-format.js';
import type { SchemaName } from '../schema/schemas.js';
import { findStrategy } from '../read/find-strategy.js';
import { packageRoot } from '../read/package-root.js';
import { folderState, readReferenceLeitplanken } from '../read/read-file.js';
import { readStrategyDir } from '../read/read-strategy-dir.js';
import { ownSchemaReference, packagedSchemas, SCHEMA_FOLDER, schemaComment } from '../read/schema-reference.js';
import { calendarOption } from '../command-kit/calendar-option.js';
import type { FormatContext, WritingCommand, WritingResult } from '../command-kit/command.js';
import type { Workspace } from '../command-kit/workspace.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';
import type { PlannedFileEdit } from '../results/edits.js';
import { fileEdit } from '../write/apply-edits.js';
import { importFormatters } from '../render/render-import.js';
import type { ImportReport } from '../results/import.js';
import { importInto } from '../command-kit/import-sheet.js';

export interface InitOptions {
  /** Where to create it; default the workspace's folder (--dir). */
  folder?: string;
  /** --dir or $ITSTRAT_DIR, when given. */
  dir?: string;
  title?: string;
  /** The administration's name (organisation.name), e.g. "Stadt X"; also names it in the title and the placeholders. */
  name?: string;
  /** The older spelling of --name. */
  organisation?: string;
  /** The strategy's date, YYYY-MM-DD; default today. */
  date?: string;
  /** Copy the bundled reference strategy (Braunschweig 2018) as a worked example instead of the template. */
  fromReference?: boolean;
  /** A spreadsheet (.xlsx, .csv) to import into the new strategy in the same step. */
  import?: string;
}

export interface InitResult extends WritingResult {
  dir: string;
  files: string[];
  /** With --import: what the import adds to the new strategy. */
  imported?: ImportReport;
}

/**
 * A new strategy folder as planned, before anything is written: the edits that create it, and its
 * files as they will read, so that a further step of the same run (importing measures into it)
 * can check its own edits against the new strategy and add them to the same plan.
 */
export interface NewStrategyPlan {
  dir: string;
  /** The strategy files of the new folder (top-level and measures/), as the readers would see them. */
  sources: SourceFile[];
  edits: PlannedFileEdit[];
  /** What the text output lists. */
  listed: string[];
  language: Lang;
}

function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

function withSchemaLine(doc: Document, folder: '' | 'measures', schema: SchemaName): Document {
  doc.commentBefore = schemaComment(ownSchemaReference(folder, schema));
  return doc;
}

/** The texts of the template a new administration fills in, in the strategy's language. */
function templateTexts(lang: Lang, name: string | undefined) {
  const forName = name === undefined ? '' : lang === 'de' ? ` für ${name}` : ` for ${name}`;
  return lang === 'de'
    ? {
        title: name === undefined ? 'IT-Strategie' : `IT-Strategie ${name}`,
        organisation: placeholder('Name der Verwaltung (itstrat init --name "Stadt X" trägt ihn ein)'),
        field: (field: string) => placeholder(`Was gehört${forName} zum Handlungsfeld ${field}, und welche Festlegungen gelten dafür?`),
        leitplanke: (title: string) =>
          placeholder(`Was bedeutet die Leitplanke „${title}“${forName}? Die Skala ist ein neutraler Vorschlag; passen Sie sie an.`),
        fields: ['eAdministration', 'Kundenschnittstelle', 'Technik & Infrastruktur', 'IT-Organisation und Prozesse'],
      }
    : {
        title: name === undefined ? 'IT strategy' : `IT strategy ${name}`,
        organisation: placeholder('the name of the administration (itstrat init --name "City X" fills it in)'),
        field: (field: string) => placeholder(`what belongs to the field ${field}${forName}, and which decisions apply to it?`),
        leitplanke: (title: string) =>
          placeholder(`what the Leitplanke "${title}" means${forName}; the scale is a neutral default, adapt it.`),
        fields: ['eAdministration', 'Customer interface', 'Technology & infrastructure', 'IT organisation and processes'],
      };
}

/**
 * The Leitplanken of the reference strategy by name, id and Anhang III scale only: its prose is
 * one city's and becomes a placeholder; equal weights and no calibration yet.
 */
function templateLeitplanken(texts: ReturnType<typeof templateTexts>): string {
  const reference = parse(readReferenceLeitplanken()) as LeitplankenFile;
  const doc = withSchemaLine(new Document({}), '', 'leitplanken');
  const root = doc.contents as YAMLMap;
  const threshold = new Scalar('threshold');
  threshold.commentBefore =
    ' A measure whose weighted score (sum of weight × score) reaches the threshold is prioritised.\n' +
    ' The four Leitplanken and their 0–4 scales are a neutral default (those of a published municipal\n' +
    ' IT strategy, see itstrat init --from-reference); adapt them. Equal weights until\n' +
    ' `itstrat calibrate --write` derives them from decisions.';
  root.set(threshold, 8);
  root.set(
    'leitplanken',
    doc.createNode(
      reference.leitplanken.map((l) => ({
        id: quoted(l.id),
        title: l.title,
        text: texts.leitplanke(l.title),
        criterion: l.criterion,
        ...(l.short === undefined ? {} : { short: l.short }),
        scale: l.scale.map((step) => ({ value: step.value, text: step.text })),
        weight: 1,
      })),
    ),
  );
  return doc.toString(yamlFormat);
}

/** A template with no administration's text in it: names to keep or rename, placeholders to fill. */
function templateFiles(options: InitOptions, lang: Lang, name: string | undefined, date: string): [string, string][] {
  const texts = templateTexts(lang, name);
  const strategy = withSchemaLine(new Document({}), '', 'strategy');
  strategy.set('title', options.title ?? texts.title);
  strategy.set('organisation', { name: name ?? texts.organisation });
  strategy.set('version', quoted('0.1'));
  strategy.set('date', quoted(date));
  strategy.set('language', lang);
  strategy.set('review', { fortschreibung_years: 3, annual_review: true });
  const ids = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation'];
  const fields = ids.map((id, i) => ({
    id: quoted(id),
    number: i + 1,
    name: texts.fields[i]!,
    description: texts.field(texts.fields[i]!),
    prioritized: true,
  }));
  strategy.set('handlungsfelder', strategy.createNode(fields));
  const metrics = withSchemaLine(new Document({}), '', 'metrics');
  metrics.set('goals', []);
  metrics.set('metrics', []);
  return [
    ['strategy.yaml', strategy.toString(yamlFormat)],
    ['leitplanken.yaml', templateLeitplanken(texts)],
    ['metrics.yaml', metrics.toString(yamlFormat)],
  ];
}

/** The bundled reference strategy, byte for byte (its files already point at their own .schema/). */
function referenceFiles(): [string, string][] {
  const files = readStrategyDir(join(packageRoot(), 'strategy'));
  const refused = files.find((f) => f.unreadable !== undefined);
  if (refused?.unreadable !== undefined) throw new CliError(`cannot copy the reference strategy: ${refused.unreadable.message}`);
  return files.map((f) => [f.relative, Buffer.from(f.bytes).toString('utf8')]);
}

/** The administration's name from --name (or --organisation): one line, as the schema allows it. */
function nameOption(options: InitOptions): string | undefined {
  if (options.name !== undefined && options.organisation !== undefined && options.name !== options.organisation)
    throw new CliError('--name and --organisation name the same thing (organisation.name); give one of them');
  const flag = options.name !== undefined ? '--name' : '--organisation';
  const raw = options.name ?? options.organisation;
  if (raw === undefined) return undefined;
  const name = raw.trim();
  if (name === '') throw new CliError(`${flag}: expected the name of the administration, e.g. ${flag} "Stadt X"`);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new CliError(`${flag}: expected the name on one line, without control characters`);
  if ([...name].length > 300) throw new CliError(`${flag}: expected at most 300 characters (found ${[...name].length})`);
  return name;
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

/** The plan of a new strategy folder: checked (the folder is free, the files are valid), nothing written. */
export function planNewStrategy(options: InitOptions, workspace: Workspace): NewStrategyPlan {
  const dir = options.folder ?? workspace.dir;
  if (options.folder === undefined && options.dir === undefined) refuseInsideStrategy(dir);
  // "" would resolve to the current folder while looking like a missing one.
  if (dir.trim() === '') throw new CliError('expected the folder for the new strategy, e.g. itstrat init my-strategy');
  if (options.fromReference === true) {
    const given = (['title', 'name', 'organisation', 'date'] as const).filter((key) => options[key] !== undefined);
    if (given.length > 0)
      throw new CliError(
        `--from-reference copies the reference strategy as it is; --${given[0]} cannot be combined with it (edit the copy instead)`,
      );
  }
  const name = nameOption(options);
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

  const files = options.fromReference === true ? referenceFiles() : templateFiles(options, lang, name, date);
  const sources: SourceFile[] = files.map(([relativePath, text]) => ({
    path: join(dir, relativePath),
    relative: relativePath,
    bytes: Buffer.from(text),
  }));
  // Valid from the start, or nothing is written (placeholders are warnings, to be filled in later).
  const errors = assembleStrategy(dir, sources).findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new CliError(`internal: the new strategy would not be valid: ${errors[0]!.message}`);
  const schemaDir = join(dir, SCHEMA_FOLDER);
  return {
    dir,
    sources,
    edits: [
      { kind: 'folder', path: join(dir, 'measures') },
      { kind: 'folder', path: schemaDir },
      ...files.map(([relativePath, text]) => fileEdit(join(dir, relativePath), dir, null, text)),
      // The tool's schemas travel with the strategy: every file's $schema line points here.
      ...packagedSchemas().map((schema) => fileEdit(join(schemaDir, schema.name), dir, null, schema.text)),
    ],
    listed: [join(dir, 'strategy.yaml'), join(dir, 'leitplanken.yaml'), join(dir, 'metrics.yaml'), join(dir, 'measures'), schemaDir],
    language: lang,
  };
}

export function init(options: InitOptions, workspace: Workspace): InitResult {
  const plan = planNewStrategy(options, workspace);
  return { dir: plan.dir, files: plan.listed, edits: plan.edits, language: plan.language, exitCode: ExitCode.Ok };
}

/** The new strategy as the import sees it: its planned files, read from the plan instead of the disk. */
function plannedWorkspace(plan: NewStrategyPlan, outer: Workspace): Workspace {
  let checked: LoadResult | undefined;
  const workspace: Workspace = {
    dir: plan.dir,
    lang: outer.lang,
    files: () => plan.sources,
    file: (relative) => plan.sources.find((f) => f.relative === relative),
    check: () => (checked ??= assembleStrategy(plan.dir, plan.sources)),
    strategy() {
      const { strategy } = workspace.check();
      if (strategy === undefined) throw new CliError('internal: the new strategy would not be valid');
      return strategy;
    },
    language: () => outer.lang ?? plan.language,
    path: (name) => join(plan.dir, name === 'measures' ? 'measures' : `${name}.yaml`),
    git: () => Promise.reject(new CliError(`${plan.dir} is not created yet`)),
    progress: (text) => outer.progress(text),
    searchProgress: (text) => outer.searchProgress(text),
  };
  return workspace;
}

/**
 * init --import: the new folder and the import into it as one plan, checked together — the
 * import's edits of strategy.yaml and leitplanken.yaml become the content the new files are
 * created with. An invalid row writes nothing at all, not even the folder.
 */
async function initWithImport(options: InitOptions, workspace: Workspace): Promise<InitResult> {
  const plan = planNewStrategy(options, workspace);
  const imported = await importInto({ file: options.import! }, plannedWorkspace(plan, workspace), {
    schema: ownSchemaReference('measures', 'measure'),
    // The template's Handlungsfelder are placeholders: a list names its own.
    fieldsFromList: true,
  });
  const base = { dir: plan.dir, files: plan.listed, language: imported.language, imported: imported.report };
  if (imported.exitCode !== ExitCode.Ok)
    return {
      ...base,
      edits: [],
      exitCode: imported.exitCode,
      // --dry-run of an import with invalid rows fails as the import itself does.
      invalidInput: true,
      ...(imported.diagnostics ? { diagnostics: imported.diagnostics } : {}),
    };
  const changed = new Map(imported.edits.flatMap((e) => (e.kind === 'file' ? [[e.path, e] as const] : [])));
  const edits = plan.edits.map((e) => {
    const over = e.kind === 'file' ? changed.get(e.path) : undefined;
    return over === undefined || e.kind !== 'file' ? e : fileEdit(e.path, e.folder, null, over.kind === 'file' ? over.after : e.after);
  });
  const created = new Set(plan.edits.map((e) => e.path));
  return {
    ...base,
    edits: [...edits, ...imported.edits.filter((e) => !created.has(e.path))],
    exitCode: ExitCode.Ok,
    ...(imported.diagnostics ? { diagnostics: imported.diagnostics } : {}),
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
      { flags: '--name <text>', description: 'the administration, e.g. "Stadt X": its name, the title, the placeholders' },
      { flags: '--organisation <text>', description: 'the same as --name (older spelling)' },
      { flags: '--date <date>', description: "the strategy's date, YYYY-MM-DD (default today)" },
      { flags: '--from-reference', description: 'copy the bundled 2018 Braunschweig strategy as a worked example instead' },
      {
        flags: '--import <file>',
        description: 'import a measure list (.xlsx or .csv, as itstrat import reads it) into the new strategy in the same step',
        complete: 'files',
      },
    ],
    help: '\nCreates strategy.yaml (four Handlungsfelder to rename), leitplanken.yaml (four criteria with\nneutral 0–4 scales and equal weights), metrics.yaml (empty), measures/ and .schema/ (the JSON\nSchemas every file points at). Texts to write are placeholders starting with TODO:, which\nvalidate warns about until they are replaced. Continue with:\nitstrat new measure --field eadministration --title "…"',
  },
  // Every file is created exclusively, never over an existing one: there is nothing to lock yet.
  unlocked: true,
  creates: true,
  run: (options: InitOptions, workspace: Workspace) =>
    options.import === undefined ? init(options, workspace) : initWithImport(options, workspace),
  formatters: guardFormatters(formatMedium, {
    text: (r: InitResult, ctx: FormatContext) =>
      // An import with invalid rows creates nothing: no list of files as if they were made.
      (r.imported?.valid === false ? '' : r.files.map((f) => `${f}\n`).join('')) +
      (r.imported === undefined ? '' : importFormatters.table(r.imported, ctx)),
  }),
} satisfies WritingCommand<InitOptions, InitResult, MessageFormat>;
