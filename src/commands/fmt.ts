import { basename, dirname, join, resolve } from 'node:path';
import type { FormatContext, WritingCommand, WritingResult } from '../command-kit/command.js';
import { openWorkspace, type Workspace } from '../command-kit/workspace.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { topLevelSchemas } from '../model/assemble-strategy.js';
import { canonicalize } from '../model/canonical-layout.js';
import { hasErrors, sortFindings, type Finding } from '../model/finding.js';
import { parseYaml, type ParsedYaml } from '../model/parse-yaml.js';
import { visit, type Alias } from 'yaml';
import { assertExists, assertRegularFile, readFile } from '../read/read-file.js';
import { TOP_LEVEL_FILES } from '../read/read-strategy-dir.js';
import { guardFormatters } from '../render/escape.js';
import { formatMedium, messageFormats, type MessageFormat } from '../render/formats.js';
import { loadSchema, type SchemaName } from '../schema/schemas.js';
import { fileEdit, type PlannedFileEdit } from '../write/apply-edits.js';
import type { UnreadableFile } from '../model/source-file.js';
import { planYamlEdit, type YamlEdit } from '../write/update-yaml-file.js';
import { editTarget } from '../write/write-target.js';

export interface FmtOptions {
  /** Files to format; default every file of the strategy folder. */
  files?: readonly string[];
  check?: boolean;
}

export interface FmtResult extends WritingResult {
  /** Files that were (or, with --check, would be) changed. */
  changed: string[];
  checked: number;
  check: boolean;
  /** Files left untouched because they cannot be read as one YAML document. */
  refused: string[];
}

/** A file to format: where it is, the strategy folder it belongs to, and its bytes (read once). */
interface Source {
  path: string;
  folder: string;
  bytes: Uint8Array;
  /** Why the reader did not read it (a file above the size limit): refused like a syntax error. */
  unreadable?: UnreadableFile;
}

function strategyFolderOf(file: string): string {
  return basename(dirname(file)) === 'measures' ? dirname(dirname(file)) : dirname(file);
}

function schemaFor(file: string): SchemaName {
  const name = basename(file);
  const topLevel = topLevelSchemas[name];
  if (topLevel !== undefined) return topLevel;
  if (basename(dirname(file)) === 'measures' && /\.ya?ml$/.test(name)) return 'measure';
  throw new CliError(`${file} is not a strategy file (expected ${TOP_LEVEL_FILES.join(', ')} or measures/*.yaml)`);
}

/** The Leitplanken order for scores from a leitplanken.yaml's bytes; none if unreadable. */
function scoreOrderOf(bytes: Uint8Array | undefined): string[] | undefined {
  if (bytes === undefined) return undefined;
  // Through the same checks as every other read: a huge or hostile leitplanken.yaml is never parsed raw.
  const data = parseYaml({ path: 'leitplanken.yaml', relative: 'leitplanken.yaml', bytes }).data as
    { leitplanken?: { id?: unknown }[] } | undefined;
  if (data === undefined || data === null || typeof data !== 'object' || !Array.isArray(data.leitplanken)) return undefined;
  const ids = data.leitplanken.map((l) => (l !== null && typeof l === 'object' ? l.id : undefined));
  return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
}

export function layoutEdit(file: string, scoreOrder: readonly string[] | undefined): YamlEdit {
  const schema = loadSchema(schemaFor(file));
  return {
    edit: (doc) => canonicalize(doc, schema, scoreOrder === undefined ? {} : { scoreOrder: [...scoreOrder] }),
    expected: (before) => before,
  };
}

function sources(options: FmtOptions, workspace: Workspace): Source[] {
  if (options.files === undefined || options.files.length === 0) {
    // Every file of the folder; one the reader refused (a link out of the folder, a FIFO) is never opened here either.
    refuseUnreadable(workspace);
    return workspace.files().map((f) => ({
      path: join(workspace.dir, f.relative),
      folder: workspace.dir,
      bytes: f.bytes,
      ...(f.unreadable ? { unreadable: f.unreadable } : {}),
    }));
  }
  // Usage errors first, before any file is read.
  for (const file of options.files) {
    schemaFor(file);
    assertExists(file);
    // A link out of the strategy folder, a dangling link or a device is refused, also by --check.
    editTarget(file, strategyFolderOf(file));
    assertRegularFile(file);
  }
  // Each named file's strategy folder is read like --dir: a folder with a link out of it (or a
  // FIFO) is refused as a whole, and the files come from that one read.
  for (const folder of new Set(options.files.map(strategyFolderOf))) refuseUnreadable(workspaceOf(folder, workspace));
  return options.files.map((file) => {
    const folder = strategyFolderOf(file);
    const relative = basename(dirname(file)) === 'measures' ? `measures/${basename(file)}` : basename(file);
    const known = workspaceOf(folder, workspace).file(relative);
    if (known?.unreadable !== undefined) return { path: file, folder, bytes: known.bytes, unreadable: known.unreadable };
    return { path: file, folder, bytes: known?.bytes ?? readFile(editTarget(file, folder)) };
  });
}

/** Other folders' workspaces, per run (keyed on the run's own workspace): a later run reads afresh. */
const foreignOf = new WeakMap<Workspace, Map<string, Workspace>>();

/**
 * A folder's absolute path; a relative one as given when the current folder is gone (it was
 * deleted under a shell still in it): an absolute FILE must still be formatted then.
 */
function absolute(folder: string): string {
  try {
    return resolve(folder);
  } catch {
    return folder;
  }
}

/** The workspace of another strategy folder named through fmt FILES…, opened once. */
function workspaceOf(folder: string, own: Workspace): Workspace {
  const key = absolute(folder);
  if (key === absolute(own.dir)) return own;
  let foreign = foreignOf.get(own);
  if (foreign === undefined) foreignOf.set(own, (foreign = new Map()));
  let ws = foreign.get(key);
  if (ws === undefined) {
    ws = openWorkspace(folder, own.lang, { stderr: () => undefined });
    foreign.set(key, ws);
  }
  return ws;
}

function refuseUnreadable(workspace: Workspace): void {
  // A file too large to read is one refused file like any other; a link out of the folder or a
  // FIFO makes the folder itself suspect.
  const refused = workspace.files().find((f) => f.unreadable !== undefined && f.unreadable.rule !== 'file-too-large');
  if (refused?.unreadable !== undefined)
    throw new CliError(`${refused.unreadable.message} [${refused.unreadable.rule}]; nothing was formatted`, ExitCode.Findings);
}

/**
 * The canonical layout reorders keys, which could put an alias before its anchor: fmt refuses a
 * file with aliases (located at the first one) rather than guess how to write it out.
 */
function aliasFindings(parsed: ParsedYaml): Finding[] {
  if (parsed.doc === undefined || hasErrors(parsed.findings)) return [];
  let first: Alias | undefined;
  visit(parsed.doc, {
    Alias(_, alias) {
      first = alias;
      return visit.BREAK;
    },
  });
  if (first?.range == null || parsed.span === undefined) return [];
  const at = parsed.span(first.range[0], first.range[1]);
  return [
    {
      file: parsed.file.path,
      ...at,
      path: '',
      rule: 'fmt-alias',
      severity: 'error',
      message: `fmt does not rewrite files with aliases (*${first.source}): reordering keys could put it before its anchor; write the value out in full`,
    },
  ];
}

export function fmt(options: FmtOptions, workspace: Workspace): FmtResult {
  const files = sources(options, workspace);
  // One Leitplanken order per strategy folder, read once: the workspace's own from its bytes.
  const orders = new Map<string, string[] | undefined>();
  const orderFor = (folder: string): string[] | undefined => {
    if (!orders.has(folder)) orders.set(folder, scoreOrderOf(workspaceOf(folder, workspace).file('leitplanken.yaml')?.bytes));
    return orders.get(folder);
  };
  const changed: string[] = [];
  const refused: string[] = [];
  const findings: Finding[] = [];
  const edits: PlannedFileEdit[] = [];
  for (const file of files) {
    if (file.unreadable !== undefined) {
      refused.push(file.path);
      findings.push({
        file: file.path,
        line: 1,
        col: 1,
        endLine: 1,
        endCol: 1,
        path: '',
        rule: file.unreadable.rule,
        severity: 'error',
        message: file.unreadable.message,
      });
      continue;
    }
    // The reading checks of validate (size, encoding, syntax, aliases, nesting, empty file, one
    // document): a file that fails them is never rewritten and never called canonical.
    const parsed = parseYaml({ path: file.path, relative: basename(file.path), bytes: file.bytes });
    const read = [...parsed.findings, ...aliasFindings(parsed)];
    if (hasErrors(read)) {
      refused.push(file.path);
      findings.push(...read);
      continue;
    }
    const plan = planYamlEdit(file.path, file.bytes, layoutEdit(file.path, orderFor(file.folder)));
    if (!plan.changed) continue;
    changed.push(file.path);
    if (options.check !== true) edits.push(fileEdit(file.path, file.folder, file.bytes, plan.output));
  }
  const failed = refused.length > 0 || (options.check === true && changed.length > 0);
  return {
    changed,
    checked: files.length,
    check: options.check === true,
    refused,
    edits,
    ...(refused.length > 0
      ? {
          diagnostics: {
            files: refused,
            findings: sortFindings(findings),
            summary: `${refused.length === 1 ? '1 file' : `${refused.length} files`} not formatted: ${refused.length === 1 ? 'it cannot' : 'they cannot'} be read as YAML; fix the errors above`,
          },
        }
      : {}),
    exitCode: failed ? ExitCode.Findings : ExitCode.Ok,
  };
}

function text(r: FmtResult, { messages: m }: FormatContext): string {
  if (r.check && r.changed.length > 0) return `${m.fmt.wouldChange}\n${r.changed.map((f) => `  ${f}\n`).join('')}`;
  if (r.changed.length > 0) return `${m.fmt.formatted(r.changed.length)}\n`;
  return r.refused.length === 0 ? `${m.fmt.unchanged(r.checked)}\n` : '';
}

export const fmtCommand = {
  kind: 'write',
  spec: {
    path: ['fmt'],
    description: 'put strategy files into the canonical layout, keeping every comment',
    arguments: [{ key: 'files', name: '[files...]', description: 'files to format (default: every file of the strategy folder)' }],
    formats: messageFormats,
    options: [{ flags: '--check', description: 'change nothing; exit 1 listing the files that would change (for CI and pre-commit)' }],
    help: '\nCanonical: keys in the order of the schema, scores in Leitplanken order, 2-space indent,\nevery id double-quoted, lines folded at 100 characters. Every rewrite is verified to keep\nthe data and all comments, and written atomically.',
  },
  writes: (options) => options.check !== true,
  // The folders of the named files, else the strategy folder: locked from reading to writing.
  lockFolders: (options, workspace) =>
    options.files !== undefined && options.files.length > 0 ? options.files.map(strategyFolderOf) : [workspace.dir],
  run: fmt,
  formatters: guardFormatters(formatMedium, { text }),
} satisfies WritingCommand<FmtOptions, FmtResult, MessageFormat>;
