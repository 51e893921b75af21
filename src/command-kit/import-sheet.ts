// The plan of `itstrat import FILE` (src/commands/import.ts), shared with `init --import`: a measure list from a spreadsheet (.xlsx) or CSV into measure files. Every
// row is checked as validate checks a file, on the strategy as it would be afterwards; nothing is
// written unless every row is valid (or --skip-invalid). Existing measures are edited key by key
// through the comment-keeping YAML edit, new ones named as `new measure` names them.
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, Scalar, type Document, type YAMLMap } from 'yaml';
import type { WritingResult } from './command.js';
import { resolveField } from './field-option.js';
import { planStrategyEdit } from './plan-yaml.js';
import type { Workspace } from './workspace.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assembleStrategy } from '../model/assemble-strategy.js';
import { fieldIdFrom, measureFileName } from '../model/file-names.js';
import type { Finding } from '../model/finding.js';
import { compareIds, MEASURE_ID, nextId } from '../model/ids.js';
import { headerScore, joinedHeader, labelKey, MEASURE_KEYS, readHeader, type ColumnMap, type ColumnRole } from '../model/import-columns.js';
import { cellFinding, cellText, readRow, totalsRow, type ImportRow, type RowContext } from '../model/import-rows.js';
import { measureDocument } from '../model/measure-document.js';
import { isPlaceholder } from '../model/placeholder.js';
import { readWorkbookSettings, type SheetField, type WorkbookSettings } from '../model/import-settings.js';
import { columnLetter, type Sheet, type SheetCell, type SheetRow } from '../model/sheet.js';
import type { SourceFile } from '../model/source-file.js';
import type { Handlungsfeld, Leitplanke, Measure, Strategy } from '../model/types.js';
import { HEADER_SEARCH_ROWS, readSheet } from '../read/read-sheet.js';
import { schemaReferenceFor } from '../read/schema-reference.js';
import type { ImportedMeasure, ImportReport, SettingsReport, SkippedRow } from '../results/import.js';
import { fileEdit, type PlannedFileEdit } from '../write/apply-edits.js';
import type { Lang } from '../i18n/messages.js';

export interface ImportOptions {
  file: string;
  map?: string;
  sheet?: string;
  skipInvalid?: boolean;
}

export interface ImportResult extends WritingResult {
  report: ImportReport;
  language: Lang;
}

/** --map 'Nr=id,Maßnahme=title,C=strategy,Bemerkung=ignore': a header (or column letter or number) = a key. */
export function parseMap(text: string | undefined, labels: readonly string[], leitplanken: readonly Leitplanke[]): ColumnMap {
  const map = new Map<number, ColumnRole>();
  if (text === undefined) return map;
  const targets = [...MEASURE_KEYS, ...leitplanken.map((l) => l.id), 'ignore'];
  // Each column and each key once: a second mention would silently undo the first.
  const named = new Map<number, string>();
  const byTarget = new Map<string, string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new CliError(`--map: expected HEADER=KEY, found ${JSON.stringify(part.trim())} (e.g. --map 'Nr=id,Maßnahme=title')`);
    const header = part.slice(0, eq).trim();
    const target = part.slice(eq + 1).trim();
    let index = labels.findIndex((l) => l.trim() === header);
    if (index === -1) index = labels.findIndex((l) => labelKey(l) === labelKey(header));
    if (index === -1 && /^[A-Za-z]{1,3}$/.test(header)) index = labels.findIndex((_, i) => columnLetter(i + 1) === header.toUpperCase());
    if (index === -1 && /^\d{1,4}$/.test(header) && Number(header) >= 1 && Number(header) <= labels.length) index = Number(header) - 1;
    if (index === -1)
      throw new CliError(
        `--map: the sheet has no column ${JSON.stringify(header)} (its headers: ${labels.map((l) => JSON.stringify(l.trim())).join(', ')}); a column can also be named by its letter (C) or number`,
      );
    const lp =
      leitplanken.find((l) => l.id === target) ??
      leitplanken.find((l) => [l.title, l.criterion, l.short].some((n) => n !== undefined && labelKey(n) === labelKey(target)));
    let role: ColumnRole;
    if ((MEASURE_KEYS as readonly string[]).includes(target)) role = { kind: 'key', key: target as (typeof MEASURE_KEYS)[number] };
    else if (lp !== undefined) role = { kind: 'score', leitplanke: lp.id };
    else if (target === 'ignore') role = { kind: 'ignored' };
    else throw new CliError(`--map: unknown key ${JSON.stringify(target)} for ${JSON.stringify(header)}; valid: ${targets.join(', ')}`);
    const previous = named.get(index);
    if (previous !== undefined)
      throw new CliError(
        `--map names the column ${JSON.stringify(labels[index]?.trim() ?? header)} twice (${previous}, ${part.trim()}); name each column once`,
      );
    named.set(index, part.trim());
    const key = role.kind === 'key' ? role.key : role.kind === 'score' ? role.leitplanke : undefined;
    const other = key === undefined ? undefined : byTarget.get(key);
    if (other !== undefined) throw new CliError(`--map gives ${key} two columns (${other}, ${part.trim()}); one column holds one key`);
    if (key !== undefined) byTarget.set(key, part.trim());
    map.set(index, role);
  }
  return map;
}

/** The header row: of the first rows, the one whose labels are recognised best (the first of equals). */
function findHeader(sheet: Sheet, score: (labels: string[]) => number): SheetRow | undefined {
  let best: SheetRow | undefined;
  let bestScore = 0;
  for (const row of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const s = score(row.cells.map((c) => cellText(c)));
    if (s > bestScore) {
      best = row;
      bestScore = s;
    }
  }
  return best;
}

/** The data a measure holds afterwards: the existing one with the sheet's values over it. */
function merged(base: Measure, row: ImportRow): Measure {
  const v = row.values;
  const m: Measure = structuredClone(base);
  for (const key of ['title', 'field', 'description', 'current_state', 'recommendation'] as const)
    if (v[key] !== undefined) m[key] = v[key]!;
  if (v.source !== undefined) m.source = v.source as Measure['source'];
  if (v.scores !== undefined) m.scores = { ...m.scores, ...v.scores };
  for (const key of ['decision', 'status', 'owner'] as const) {
    const value = v[key];
    if (value === null) delete m[key];
    else if (value !== undefined) (m as unknown as Record<string, unknown>)[key] = value;
  }
  return m;
}

function changedKeys(before: Measure, after: Measure): string[] {
  const keys: string[] = [];
  for (const key of ['title', 'field', 'description', 'source', 'current_state', 'recommendation', 'decision', 'status', 'owner'] as const)
    if (!isDeepStrictEqual(before[key], after[key])) keys.push(key);
  for (const id of new Set([...Object.keys(before.scores), ...Object.keys(after.scores)]))
    if (before.scores[id] !== after.scores[id]) keys.push(`scores.${id}`);
  return keys;
}

function dataOf(m: Measure & { origin?: unknown }): Measure {
  const { origin: _origin, ...data } = m;
  return data as Measure;
}

interface Plan {
  row: ImportRow;
  id: string;
  title: string;
  relative: string;
  edit: PlannedFileEdit;
  kind: 'created' | 'updated' | 'unchanged';
  changed: string[];
}

/** Sets a key's value in place, so the comments around it and its place in the file stay. */
function setIn(doc: Document, path: readonly (string | number)[], value: unknown): void {
  const node = doc.getIn(path, true);
  if (isScalar(node) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) node.value = value;
  else if (value === undefined) doc.deleteIn(path);
  else {
    const created = doc.createNode(value);
    if (Array.isArray(value) && !isMap(created)) (created as { flow?: boolean }).flow = true;
    doc.setIn(path, created);
  }
}

function planRows(rows: readonly ImportRow[], strategy: Strategy, workspace: Workspace, schema: string | undefined): Plan[] {
  const existing = new Map(strategy.measures.map((m) => [m.id, m]));
  const plans: Plan[] = [];
  for (const row of rows) {
    const id = row.values.id!;
    const current = existing.get(id);
    if (current !== undefined) {
      const before = dataOf(current);
      const after = merged(before, row);
      const changed = changedKeys(before, after);
      const relative = current.origin.relative;
      const edit = planStrategyEdit(workspace, relative, {
        edit: (doc) => {
          for (const key of changed) {
            const path = key.split('.');
            setIn(doc, path, path.length === 2 ? after.scores[path[1]!] : after[key as keyof Measure]);
          }
        },
        expected: (data) => {
          const out = structuredClone(data) as Record<string, unknown>;
          for (const key of changed) {
            if (key.startsWith('scores.')) (out['scores'] as Record<string, unknown>)[key.slice(7)] = after.scores[key.slice(7)];
            else if (after[key as keyof Measure] === undefined) delete out[key];
            else out[key] = after[key as keyof Measure];
          }
          return out;
        },
      });
      plans.push({ row, id, title: after.title, relative, edit, kind: changed.length === 0 ? 'unchanged' : 'updated', changed });
    } else {
      const m = merged(
        {
          id,
          title: '',
          field: '',
          description: '',
          source: [],
          current_state: '',
          recommendation: '',
          scores: {},
        },
        row,
      );
      // A new measure's scores in the order of the Leitplanken, as new measure writes them.
      const order = strategy.leitplanken.leitplanken.map((l) => l.id);
      m.scores = Object.fromEntries(Object.entries(m.scores).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
      const relative = `measures/${measureFileName(id, m.title)}`;
      const path = join(workspace.dir, relative);
      plans.push({
        row,
        id,
        title: m.title,
        relative,
        edit: fileEdit(path, workspace.dir, null, measureDocument(m, { schema })),
        kind: 'created',
        changed: [],
      });
    }
  }
  return plans;
}

/** The would-be strategy's findings, those in planned files moved to the cell they come from. */
function validatePlans(
  plans: readonly Plan[],
  workspace: Workspace,
  context: RowContext,
  settings: readonly SettingsEdit[],
): { byRow: Map<ImportRow, Finding[]>; other: Finding[] } {
  const planned = new Map(plans.map((p) => [p.relative, p]));
  const changed = new Map(settings.map((e) => [e.relative, e.edit]));
  const files: SourceFile[] = workspace
    .files()
    .filter((f) => !planned.has(f.relative))
    .map((f) => {
      const edit = changed.get(f.relative);
      return edit?.kind === 'file' ? { ...f, bytes: Buffer.from(edit.after) } : f;
    });
  for (const p of plans)
    files.push({
      path: p.edit.kind === 'file' ? p.edit.path : p.relative,
      relative: p.relative,
      bytes: Buffer.from(p.edit.kind === 'file' ? p.edit.after : ''),
    });
  const { findings } = assembleStrategy(workspace.dir, files);
  const byRow = new Map<ImportRow, Finding[]>();
  const other: Finding[] = [];
  const byPath = new Map(plans.map((p) => [p.edit.kind === 'file' ? p.edit.path : p.relative, p]));
  for (const f of findings) {
    const plan = byPath.get(f.file);
    if (plan === undefined) {
      other.push(f);
      continue;
    }
    const row = plan.row;
    const cell = row.cells.get(f.path) ?? row.cells.get(f.path.split('.')[0]!);
    const located =
      cell !== undefined
        ? cellFinding(context, cell, f.path, f.rule, f.message, f.severity)
        : cellFinding(
            context,
            row.first,
            f.path,
            f.rule,
            // No cell to point at: the sheet has no column for that key, which is the thing to fix.
            `${f.path === '' ? '' : `${f.path}: `}${f.message}${f.path === '' ? '' : ` (the sheet has no column read as ${f.path.split('.').slice(0, 2).join('.')}; name it with --map)`}`,
            f.severity,
          );
    byRow.set(row, [...(byRow.get(row) ?? []), located]);
  }
  return { byRow, other };
}

interface SettingsEdit {
  relative: string;
  edit: PlannedFileEdit;
}

/**
 * What the Leitplanken and Handlungsfelder sheets change: the weights and threshold in
 * leitplanken.yaml, the fields in strategy.yaml (added, updated; those not in the sheet are listed
 * and kept), each file edited in place so its comments stay. Also the fields as they will be, which
 * the measure rows are read against.
 */
function planSettings(
  read: WorkbookSettings,
  strategy: Strategy,
  workspace: Workspace,
  options: { dropUnused?: boolean } = {},
): { edits: SettingsEdit[]; fields: Handlungsfeld[]; report: SettingsReport } {
  const leitplanken = strategy.leitplanken.leitplanken;
  const weights = read.weights
    .map((w) => ({ id: w.id, from: leitplanken.find((l) => l.id === w.id)!.weight, to: w.weight }))
    .filter((w) => w.from !== w.to);
  const current = strategy.leitplanken.threshold;
  const threshold =
    read.threshold !== undefined && read.threshold.value !== current ? { from: current, to: read.threshold.value } : undefined;
  const existing = strategy.strategy.handlungsfelder;
  const fields: Handlungsfeld[] = existing.map((f) => ({ ...f }));
  const created: SettingsReport['fields']['created'] = [];
  const updated: (SettingsReport['fields']['updated'][number] & { index: number })[] = [];
  const inSheet = new Set(read.fields.map((f) => f.id));
  const used = new Set(strategy.measures.map((m) => m.field));
  for (const f of read.fields) {
    let index = fields.findIndex((x) => x.id === f.id);
    // A field of strategy.yaml that no measure uses and the sheet does not name, with the number
    // the sheet gives another id: the same field renamed (a fresh init's template fields, 1–4,
    // become the workbook's). Nothing refers to its old id, so nothing is lost; its description stays.
    if (index === -1)
      index = fields.findIndex((x, i) => x.number === f.number && !inSheet.has(existing[i]!.id) && !used.has(existing[i]!.id));
    if (index === -1) {
      fields.push({ id: f.id, number: f.number, name: f.name, prioritized: f.prioritized });
      created.push({ id: f.id, number: f.number, name: f.name, prioritized: f.prioritized, row: f.row });
      continue;
    }
    const target = fields[index]!;
    const changed = (['id', 'number', 'name', 'prioritized'] as const).filter((k) => target[k] !== f[k]);
    if (changed.length === 0) continue;
    const from = target.id;
    const before = target.name;
    Object.assign(target, { id: f.id, number: f.number, name: f.name, prioritized: f.prioritized });
    // A template field taken over by init --import: its placeholder text names the new field.
    const keys: string[] = [...changed];
    if (options.dropUnused === true && target.description !== undefined && isPlaceholder(target.description) && before !== f.name) {
      target.description = target.description.replaceAll(before, f.name);
      keys.push('description');
    }
    updated.push({ id: f.id, ...(from !== f.id ? { from } : {}), row: f.row, changed: keys, index });
  }
  const renamed = new Set(updated.map((u) => u.from));
  // init --import: the template's fields the list neither names nor renames are left out (no
  // measure can use them yet); an import into a strategy never deletes one.
  const dropped = new Set(
    options.dropUnused === true
      ? existing.flatMap((f, i) => (!inSheet.has(f.id) && !renamed.has(f.id) && !used.has(f.id) && fields[i]!.id === f.id ? [i] : []))
      : [],
  );
  const removed = [...dropped].map((i) => ({ id: existing[i]!.id, name: existing[i]!.name }));
  const absent =
    read.fieldsSheet === undefined
      ? []
      : existing.filter((f, i) => !inSheet.has(f.id) && !renamed.has(f.id) && !dropped.has(i)).map((f) => ({ id: f.id, name: f.name }));
  const edits: SettingsEdit[] = [];
  if (weights.length > 0 || threshold !== undefined) {
    const at = (id: string): number => leitplanken.findIndex((l) => l.id === id);
    edits.push({
      relative: 'leitplanken.yaml',
      edit: planStrategyEdit(workspace, 'leitplanken.yaml', {
        edit: (doc) => {
          if (threshold !== undefined) setIn(doc, ['threshold'], threshold.to);
          for (const w of weights) setIn(doc, ['leitplanken', at(w.id), 'weight'], w.to);
        },
        expected: (data) => {
          const out = structuredClone(data) as { threshold: number; leitplanken: { weight: number }[] };
          if (threshold !== undefined) out.threshold = threshold.to;
          for (const w of weights) out.leitplanken[at(w.id)]!.weight = w.to;
          return out;
        },
      }),
    });
  }
  if (created.length > 0 || updated.length > 0 || dropped.size > 0) {
    const value = (index: number): Handlungsfeld => fields[index]!;
    const descending = [...dropped].sort((a, b) => b - a);
    edits.push({
      relative: 'strategy.yaml',
      edit: planStrategyEdit(workspace, 'strategy.yaml', {
        edit: (doc) => {
          for (const u of updated)
            for (const key of u.changed) setIn(doc, ['handlungsfelder', u.index, key], value(u.index)[key as 'name']);
          for (const c of created) {
            const id = new Scalar(c.id);
            id.type = Scalar.QUOTE_DOUBLE;
            doc.addIn(['handlungsfelder'], doc.createNode({ id, number: c.number, name: c.name, prioritized: c.prioritized }));
          }
          for (const i of descending) doc.deleteIn(['handlungsfelder', i]);
          // A new strategy lists its fields in the order of their numbers.
          const list = doc.getIn(['handlungsfelder']);
          if (options.dropUnused === true && isSeq(list))
            list.items.sort((a, b) => Number((a as YAMLMap).get('number')) - Number((b as YAMLMap).get('number')));
        },
        expected: (data) => {
          const out = structuredClone(data) as { handlungsfelder: Record<string, unknown>[] };
          for (const u of updated) for (const key of u.changed) out.handlungsfelder[u.index]![key] = value(u.index)[key as 'name'];
          for (const c of created) out.handlungsfelder.push({ id: c.id, number: c.number, name: c.name, prioritized: c.prioritized });
          for (const i of descending) out.handlungsfelder.splice(i, 1);
          if (options.dropUnused === true) out.handlungsfelder.sort((a, b) => Number(a['number']) - Number(b['number']));
          return out;
        },
      }),
    });
  }
  return {
    edits,
    fields: fields.filter((_, i) => !dropped.has(i)).sort((a, b) => (options.dropUnused === true ? a.number - b.number : 0)),
    report: {
      ...(read.leitplankenSheet !== undefined ? { leitplankenSheet: read.leitplankenSheet } : {}),
      ...(read.fieldsSheet !== undefined ? { fieldsSheet: read.fieldsSheet } : {}),
      files: edits.map((e) => (e.edit.kind === 'file' ? e.edit.path : e.relative)),
      ...(threshold !== undefined ? { threshold } : {}),
      weights,
      fields: { created, updated: updated.map(({ index: _index, ...u }) => u), absent, ...(removed.length > 0 ? { removed } : {}) },
    },
  };
}

/**
 * The Handlungsfelder a measure list names that the strategy does not have, in the order they
 * first appear: "Digitale Verwaltung", or "2 Infrastruktur" as a heading row numbers it. Each gets
 * an id from its name and the number its measures' ids start with (2.1 → 2), else the next free one.
 */
function fieldsOfList(body: readonly SheetRow[], roles: readonly ColumnRole[], known: readonly Handlungsfeld[]): SheetField[] {
  const fieldColumn = roles.findIndex((r) => r.kind === 'key' && r.key === 'field');
  const idColumn = roles.findIndex((r) => r.kind === 'key' && r.key === 'id');
  const found = new Map<string, { name: string; number?: number; numbers: number[]; cell: SheetCell; row: number; id?: string }>();
  const keyColumns = roles.flatMap((r, i) => (r.kind === 'key' && ['id', 'title', 'field'].includes(r.key) ? [i] : []));
  const scoreColumns = roles.flatMap((r, i) => (r.kind === 'score' ? [i] : []));
  for (const row of body) {
    const filled = (i: number): boolean => row.cells[i] !== undefined && cellText(row.cells[i]!).trim() !== '';
    // A heading row of a grouped list ("2 Infrastruktur", "Handlungsfeld 2: Infrastruktur"): one
    // key cell, no scores, a number and a name — never a dotted id.
    const lone = keyColumns.filter(filled);
    const headingText = lone.length === 1 && !scoreColumns.some(filled) ? cellText(row.cells[lone[0]!]!).trim() : '';
    const heading = /^\d+\.\d+$/.test(headingText) ? null : /^(?:handlungsfeld\s*)?(\d{1,4})\s*[.:)\-\u2013]?\s+(\S.*)$/i.exec(headingText);
    const column = heading !== null ? lone[0]! : fieldColumn;
    if (column === -1) continue;
    const cell = row.cells[column];
    const text = cell === undefined ? '' : cellText(cell).trim().replace(/\s+/g, ' ');
    if (cell === undefined || text === '') continue;
    let existing: Handlungsfeld | undefined;
    try {
      existing = resolveField('Handlungsfeld', text, known);
    } catch {
      // not one of the strategy's: one of the list's own
    }
    if (existing !== undefined) {
      // One of the template's, named by the list: kept by its id and name, numbered as the list's
      // own (the template's order means nothing to the city).
      const kept = found.get(`=${existing.id}`) ?? { name: existing.name, numbers: [], cell, row: row.row, id: existing.id };
      const own = idColumn === -1 || row.cells[idColumn] === undefined ? '' : cellText(row.cells[idColumn]!).trim();
      const ownPrefix = /^(\d{1,4})[.,]\d/.exec(own);
      if (ownPrefix !== null) kept.numbers.push(Number(ownPrefix[1]));
      found.set(`=${existing.id}`, kept);
      continue;
    }
    const numbered = heading ?? /^(\d{1,4})[.)]?\s+(\S.*)$/.exec(text);
    const name = numbered?.[2] ?? text;
    const key = labelKey(name);
    const entry = found.get(key) ?? { name, numbers: [], cell, row: row.row };
    if (numbered !== null) entry.number ??= Number(numbered[1]);
    const id = idColumn === -1 || row.cells[idColumn] === undefined ? '' : cellText(row.cells[idColumn]!).trim();
    const prefix = /^(\d{1,4})[.,]\d/.exec(id);
    if (prefix !== null) entry.numbers.push(Number(prefix[1]));
    found.set(key, entry);
  }
  // Numbers the list gives (a heading's, or its measures' ids') first; the rest fill the gaps.
  const entries = [...found.values()].map((e) => ({
    ...e,
    wanted: e.number ?? (e.numbers.length === 0 ? undefined : mostCommon(e.numbers)),
  }));
  const taken = new Set<number>();
  const numbers = entries.map((e) => (e.wanted !== undefined && !taken.has(e.wanted) ? (taken.add(e.wanted), e.wanted) : undefined));
  const ids = new Set<string>();
  const fields: SheetField[] = [];
  entries.forEach((entry, i) => {
    let number = numbers[i];
    if (number === undefined) {
      number = 1;
      while (taken.has(number)) number++;
      taken.add(number);
    }
    let id = entry.id ?? (fieldIdFrom(entry.name) || `feld-${number}`);
    if (ids.has(id)) id = `${id}-${number}`;
    ids.add(id);
    const cells = { id: entry.cell, number: entry.cell, name: entry.cell, prioritized: entry.cell };
    fields.push({ id, number, name: entry.name, prioritized: true, row: entry.row, cells });
  });
  return fields;
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

export async function importMeasures(options: ImportOptions, workspace: Workspace): Promise<ImportResult> {
  return importInto(options, workspace);
}

/**
 * The import itself. `schema` overrides the $schema line of new measure files: a strategy planned
 * by `init --import` has no .schema/ folder on disk yet to find it from.
 */
export async function importInto(
  options: ImportOptions,
  workspace: Workspace,
  setup: { schema?: string; fieldsFromList?: boolean } = {},
): Promise<ImportResult> {
  const strategy = workspace.strategy();
  const language = workspace.lang ?? strategy.strategy.language;
  const leitplanken = strategy.leitplanken.leitplanken;
  let fields = strategy.strategy.handlungsfelder;
  // With --map, a header of the user's own words counts as recognised where the map names its
  // id or title column (the map is checked again, with its errors, on the row chosen).
  const score = (labels: string[]): number => {
    const own = headerScore(labels, leitplanken);
    if (own > 0 || options.map === undefined) return own;
    try {
      const { roles } = readHeader(labels, leitplanken, parseMap(options.map, labels, leitplanken));
      const named = roles.some((r) => r.kind === 'key' && (r.key === 'id' || r.key === 'title'));
      return named ? roles.filter((r) => r.kind === 'key' || r.kind === 'score').length : 0;
    } catch {
      return 0;
    }
  };
  const sheet = await readSheet(options.file, { sheet: options.sheet, headerScore: score });
  const file = options.file;
  // A file that is not CSV at all is said as such, at its line, rather than as a missing header.
  const broken = sheet.notes.find((n) => n.rule === 'csv-syntax');
  if (broken !== undefined) throw new CliError(`${file}:${broken.line}: ${broken.message}; nothing was written`, ExitCode.Findings);
  const header = findHeader(sheet, score);
  // A workbook from export also holds the weights, the threshold and the Handlungsfelder; the
  // measure rows are read against the fields as they will be.
  const read = sheet.others === undefined ? undefined : readWorkbookSettings(file, sheet.others, leitplanken);
  let settings =
    read === undefined || (read.leitplankenSheet === undefined && read.fieldsSheet === undefined)
      ? undefined
      : { read, ...planSettings(read, strategy, workspace) };
  if (settings !== undefined) fields = settings.fields;
  if (header === undefined && options.map !== undefined) {
    // The map's own error says more than "no header": it names the column it did not find.
    const first = sheet.rows.find((r) => r.cells.some((c) => c.text.trim() !== ''));
    if (first !== undefined)
      parseMap(
        options.map,
        first.cells.map((c) => cellText(c).trim()),
        leitplanken,
      );
  }
  if (header === undefined)
    throw new CliError(
      `${file}: no header row of measures in the first ${HEADER_SEARCH_ROWS} rows: expected columns such as Nr, Maßnahme, Handlungsfeld and the Leitplanken (${leitplanken.map((l) => l.id).join(', ')}); name the columns with --map${sheet.notes.map((n) => `; line ${n.line}: ${n.message}`).join('')}`,
    );
  const headerIndex = sheet.rows.indexOf(header);
  // A two-row header (a group cell such as "Bewertung" above the Leitplanken) is read as one.
  const below = sheet.rows[headerIndex + 1];
  const joined =
    below !== undefined && below.row === header.row + 1
      ? joinedHeader(
          header.cells.map((c) => cellText(c).trim()),
          below.cells.map((c) => ({ text: cellText(c), plain: c.number === undefined && c.formula !== true && c.date !== true })),
          leitplanken,
        )
      : undefined;
  const body = sheet.rows.slice(headerIndex + (joined === undefined ? 1 : 2));
  // Where a finding about a header points: the sub-header's cell where there is one.
  const headerCells =
    joined === undefined ? header.cells : joined.map((_, i) => (below!.cells[i]?.text.trim() ? below!.cells[i]! : header.cells[i]));
  // Columns past the header's last cell still count: data there is reported, and --map can name them.
  const width = Math.max(headerCells.length, ...body.map((r) => r.cells.length));
  const labels = Array.from(
    { length: width },
    (_, i) => joined?.[i] ?? (header.cells[i] === undefined ? '' : cellText(header.cells[i]!).trim()),
  );
  const { roles, duplicates } = readHeader(labels, leitplanken, parseMap(options.map, labels, leitplanken));
  // init --import of a list without a Handlungsfelder sheet: the list's own fields become the new
  // strategy's (a city's list names its fields, not the template's placeholders).
  if (setup.fieldsFromList === true && read?.fieldsSheet === undefined) {
    const listed = fieldsOfList(body, roles, fields);
    if (listed.length > 0) {
      const derived: WorkbookSettings = { ...(read ?? { weights: [], findings: [], invalidRows: 0 }), fields: listed };
      settings = { read: derived, ...planSettings(derived, strategy, workspace, { dropUnused: true }) };
      fields = settings.fields;
    }
  }
  const findings: Finding[] = [
    ...(settings?.read.findings ?? []),
    ...sheet.notes.map((n) => ({
      file,
      line: n.line,
      col: n.col,
      endLine: n.line,
      endCol: n.col,
      path: '',
      rule: n.rule,
      severity: n.severity,
      message: n.message,
    })),
  ];
  const context: RowContext = {
    file,
    kind: sheet.kind,
    header: labels,
    roles,
    leitplanken,
    field: (value) => {
      try {
        return resolveField('Handlungsfeld', value, fields);
      } catch (error) {
        return (error as Error).message.replace(/^Handlungsfeld: /, '');
      }
    },
  };
  roles.forEach((role, i) => {
    if (role.kind !== 'empty') return;
    const row = body.find((r) => r.cells[i] !== undefined && cellText(r.cells[i]!).trim() !== '');
    if (row === undefined) return;
    const name = sheet.kind === 'xlsx' ? columnLetter(i + 1) : String(i + 1);
    findings.push(
      cellFinding(
        context,
        row.cells[i]!,
        '',
        'unknown-column',
        `a column without a header holds data (first in row ${row.row}); not imported; name its key with --map '${name}=KEY' (or =ignore)`,
        'warning',
      ),
    );
  });
  headerCells.forEach((cell, i) => {
    if (cell === undefined) return;
    const dup = duplicates.find((d) => d.index === i);
    if (dup !== undefined)
      findings.push(
        cellFinding(
          context,
          cell,
          '',
          'duplicate-column',
          `reads as the same key as ${columnLetter(dup.first + 1)} ${JSON.stringify(labels[dup.first])}, which is the one read; choose with --map`,
          'warning',
        ),
      );
    else if (roles[i]?.kind === 'unknown')
      findings.push(
        cellFinding(
          context,
          cell,
          '',
          'unknown-column',
          `unknown column, not imported; name its key with --map '${labels[i]}=KEY' (or =ignore)`,
          'warning',
        ),
      );
  });
  for (const l of leitplanken)
    if (!roles.some((r) => r.kind === 'score' && r.leitplanke === l.id))
      findings.push({
        file,
        line: header.row,
        col: 1,
        endLine: header.row,
        endCol: 1,
        path: `scores.${l.id}`,
        rule: 'missing-column',
        severity: 'warning',
        message: `no column for the Leitplanke ${l.id} (${l.short ?? l.criterion}): existing measures keep their score, new ones have none; name the column with --map`,
      });
  if (!roles.some((r) => r.kind === 'key' && r.key === 'title') && !roles.some((r) => r.kind === 'key' && r.key === 'id'))
    throw new CliError(`${file}: the header row ${header.row} has neither an id (Nr) nor a title (Maßnahme) column; name them with --map`);

  // A list grouped by Handlungsfeld often has a heading row per field ("1 eAdministration",
  // "Handlungsfeld 2: Kundenschnittstelle") instead of a field column: such a row is no measure,
  // and the rows below it without a field of their own belong to that field.
  const sectionField = (text: string): Handlungsfeld | undefined => {
    const t = text.trim();
    // Any dotted number is an id, also one refused for its leading zero (01.1), never a heading.
    if (/^\d+\.\d+$/.test(t)) return undefined;
    const tryField = (v: string): Handlungsfeld | undefined => {
      const f = context.field(v);
      return typeof f === 'string' ? undefined : f;
    };
    const m = /^(?:handlungsfeld\s*)?(\d{1,4})\s*[.:)\-\u2013]?\s*(.*)$/i.exec(t);
    if (m === null) return tryField(t);
    const byNumber = fields.find((f) => f.number === Number(m[1]));
    if (m[2]!.trim() === '') return byNumber;
    const byName = tryField(m[2]!);
    return byName !== undefined && (byNumber === undefined || byNumber === byName) ? byName : undefined;
  };
  let section: Handlungsfeld | undefined;
  const rows: ImportRow[] = [];
  for (const sheetRow of body) {
    const total = totalsRow(sheetRow, roles);
    if (total !== undefined) {
      const at = sheetRow.cells.find((c) => c.text.trim() !== '')!;
      findings.push(
        cellFinding(
          context,
          at,
          '',
          'totals-row',
          `row ${sheetRow.row} is ${total === '' ? 'a row of formulas only' : `a totals row (${JSON.stringify(total)})`}, no measure: not imported`,
          'warning',
        ),
      );
      continue;
    }
    const filled = sheetRow.cells
      .map((cell, i) => ({ cell, role: roles[i] }))
      .filter(({ cell, role }) => role !== undefined && (role.kind === 'key' || role.kind === 'score') && cellText(cell).trim() !== '');
    const lone = filled.length === 1 ? filled[0]! : undefined;
    if (lone !== undefined && lone.role!.kind === 'key' && ['id', 'title', 'field'].includes(lone.role!.key)) {
      const heading = sectionField(cellText(lone.cell));
      if (heading !== undefined) {
        section = heading;
        continue;
      }
    }
    const row = readRow(sheetRow, context);
    if (row === undefined) continue;
    if (row.values.field === undefined && section !== undefined && !row.findings.some((f) => f.path === 'field'))
      row.values.field = section.id;
    rows.push(row);
  }

  // Ids: as given, else derived (id → field; field → next free number), one row per id.
  const known = new Set(strategy.measures.map((m) => m.id));
  const seen = new Map<string, ImportRow>();
  const existingField = new Map(strategy.measures.map((m) => [m.id, m.field]));
  for (const row of rows) {
    const v = row.values;
    const idCell = row.cells.get('id');
    if (v.id !== undefined) {
      if (!MEASURE_ID.test(v.id)) {
        row.findings.push(
          cellFinding(
            context,
            idCell!,
            'id',
            'id-form',
            `expected an id like 1.10 (Handlungsfeld number, dot, running number); found ${JSON.stringify(v.id)}`,
          ),
        );
        continue;
      }
      const first = seen.get(v.id);
      if (first !== undefined) {
        row.findings.push(cellFinding(context, idCell!, 'id', 'duplicate-id', `id ${v.id} is already in row ${first.row}`));
        continue;
      }
      seen.set(v.id, row);
      if (v.field === undefined && !existingField.has(v.id) && row.findings.length === 0) {
        const byNumber = fields.find((f) => f.number === Number(v.id!.split('.')[0]));
        if (byNumber !== undefined) v.field = byNumber.id;
      }
    }
  }
  for (const row of rows) {
    const v = row.values;
    if (v.id !== undefined || row.findings.some((f) => f.severity === 'error')) continue;
    const f = fields.find((x) => x.id === v.field);
    if (f === undefined) {
      const cell = row.cells.get('field') ?? row.cells.get('title') ?? row.first;
      row.findings.push(
        cellFinding(context, cell, 'id', 'no-id', 'no id and no Handlungsfeld: give one of them, so the measure can be numbered'),
      );
      continue;
    }
    v.id = nextId(f.number, [...known, ...seen.keys()]);
    seen.set(v.id, row);
  }

  const schema = setup.schema ?? schemaReferenceFor(workspace.dir, 'measures', 'measure', workspace.files());
  const cellInvalid = (r: ImportRow): boolean => r.findings.some((f) => f.severity === 'error');
  let candidates = rows.filter((r) => !cellInvalid(r));
  const invalid = new Set(rows.filter(cellInvalid));
  let plans: Plan[] = [];
  let other: Finding[] = [];
  let ruled = new Map<ImportRow, Finding[]>();
  // With --skip-invalid, a row whose measure the rules reject is dropped and the rest checked
  // again (a dropped row can take another's error with it); without it, one round says all.
  for (;;) {
    plans = planRows(candidates, strategy, workspace, schema);
    const checked = validatePlans(plans, workspace, context, settings?.edits ?? []);
    other = checked.other;
    ruled = checked.byRow;
    const failing = candidates.filter((r) => (ruled.get(r) ?? []).some((f) => f.severity === 'error'));
    for (const r of failing) {
      invalid.add(r);
      r.findings.push(...ruled.get(r)!);
    }
    if (failing.length === 0 || options.skipInvalid !== true) break;
    candidates = candidates.filter((r) => !invalid.has(r));
  }
  for (const r of candidates) if (!invalid.has(r)) r.findings.push(...(ruled.get(r) ?? []));
  plans = plans.filter((p) => !invalid.has(p.row));

  const allFindings = [...findings, ...rows.flatMap((r) => r.findings), ...other];
  const skipped: SkippedRow[] = [...invalid]
    .sort((a, b) => a.row - b.row)
    .map((r) => ({
      row: r.row,
      ...(r.values.id !== undefined ? { id: r.values.id } : {}),
      reasons: r.findings.filter((f) => f.severity === 'error').map((f) => f.message),
    }));
  // A bad weight or field is no row to skip: the sheets of settings are all or nothing.
  const settingsInvalid = settings?.read.invalidRows ?? 0;
  const blocked =
    (invalid.size > 0 && options.skipInvalid !== true) ||
    [...other, ...findings].some((f) => f.severity === 'error') ||
    settingsInvalid > 0;
  const entry = (p: Plan): ImportedMeasure => ({
    id: p.id,
    title: p.title,
    row: p.row.row,
    file: p.edit.kind === 'file' ? p.edit.path : p.relative,
    ...(p.kind === 'updated' ? { changed: p.changed } : {}),
  });
  const imported = new Set(rows.map((r) => r.values.id).filter((id): id is string => id !== undefined));
  const report: ImportReport = {
    file,
    ...(sheet.sheetName !== undefined ? { sheet: sheet.sheetName } : {}),
    ...(sheet.encoding !== undefined ? { encoding: sheet.encoding } : {}),
    ...(sheet.delimiter !== undefined ? { delimiter: sheet.delimiter } : {}),
    headerRow: header.row,
    columns: labels.map((l, i) => ({ column: sheet.kind === 'xlsx' ? columnLetter(i + 1) : String(i + 1), header: l, role: roles[i]! })),
    created: blocked
      ? []
      : plans
          .filter((p) => p.kind === 'created')
          .sort((a, b) => compareIds(a.id, b.id))
          .map(entry),
    updated: blocked ? [] : plans.filter((p) => p.kind === 'updated').map(entry),
    unchanged: blocked ? [] : plans.filter((p) => p.kind === 'unchanged').map(entry),
    absent: strategy.measures.filter((m) => !imported.has(m.id)).map((m) => ({ id: m.id, title: m.title, file: m.origin.file })),
    skipped: blocked ? [] : skipped,
    findings: allFindings,
    valid: !blocked,
    invalidRows: blocked ? Math.max(invalid.size + settingsInvalid, 1) : 0,
    ...(settings !== undefined && !blocked ? { settings: settings.report } : {}),
  };
  const edits = blocked
    ? []
    : [...(settings?.edits ?? []).map((e) => e.edit), ...plans.filter((p) => p.kind !== 'unchanged').map((p) => p.edit)];
  return {
    report,
    language,
    edits,
    exitCode: blocked ? ExitCode.Findings : ExitCode.Ok,
    invalidInput: blocked,
    ...(allFindings.length > 0 || blocked
      ? {
          diagnostics: {
            files: [file],
            findings: allFindings,
            ...(blocked
              ? {
                  summary: `import: ${report.invalidRows} ${report.invalidRows === 1 ? 'row is' : 'rows are'} invalid; nothing was written`,
                }
              : {}),
          },
        }
      : {}),
  };
}
