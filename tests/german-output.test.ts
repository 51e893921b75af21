// Every command of the registry, in German, in every format meant for a person, on a repository
// whose history and working tree use every enum value of the schemas (and every change kind of
// diff and history): no raw machine value (`in_progress`, `not_prioritized`, `money`, `up`, …)
// may appear in the output. The values come from the JSON Schemas and from the JSON outputs
// themselves, not from a hand-made list, so a new enum value cannot slip through.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../src/i18n/messages.js';
import { commands } from '../src/registry.js';
import { enumLabels } from '../src/render/enum-text.js';
import { schemaNames, loadSchema } from '../src/schema/schemas.js';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';

const M = 'strategy/measures';

/** Every enum of the schemas with the property that holds it: [property, values]. */
function schemaEnums(): [string, string[]][] {
  const found: [string, string[]][] = [];
  const walk = (node: unknown, property: string): void => {
    if (Array.isArray(node)) return node.forEach((x) => walk(x, property));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (Array.isArray(n['enum'])) found.push([property, n['enum'] as string[]]);
    for (const [key, value] of Object.entries(n)) {
      if (key === 'properties' && typeof value === 'object' && value !== null)
        for (const [name, child] of Object.entries(value)) walk(child, name);
      else walk(value, property);
    }
  };
  for (const name of schemaNames) walk(loadSchema(name), name);
  return found;
}

/** The formats a person reads; json, csv, github and junit are for machines and keep machine values. */
const HUMAN_FORMATS = new Set(['table', 'text', 'markdown', 'html']);

/**
 * The repository: v1 is the bundled strategy with statuses; history gives measure 2.8 every
 * event; the working tree changes weights, scores, a decision, statuses, a field, metrics
 * (every kind and direction, values) and the language, so `diff v1` shows every change kind.
 */
function repository(): GitDir {
  const g = gitdir();
  const status = (file: string, value: string) => g.edit(`${M}/${file}`, (t) => `${t.trimEnd()}\nstatus: ${value}\n`);
  status('1.6-evergabe.yaml', 'in_progress');
  status('1.1-konsolidierung-vorhandenen-zwei-sap.yaml', 'proposed');
  g.commit('IT-Strategie 2018', '2018-12-11');
  g.git(['tag', 'v1']);
  const chatbot = g
    .read(`${M}/2.4-auskunftssystem-bearbeitungsstatus.yaml`)
    .replace('"2.4"', '"2.8"')
    .replace(/^title: .*$/m, 'title: Chatbot');
  g.write(`${M}/2.8-chatbot.yaml`, chatbot);
  g.commit('Chatbot', '2019-01-10');
  g.edit(`${M}/2.8-chatbot.yaml`, (t) => t.replace(/^title: .*$/m, 'title: Chatbot für Bürgeranfragen'));
  g.commit('Titel', '2019-02-10');
  g.move(`${M}/2.8-chatbot.yaml`, `${M}/2.8-chatbot-buerger.yaml`);
  g.commit('umbenannt', '2019-03-10');
  g.edit(`${M}/2.8-chatbot-buerger.yaml`, (t) => t.replace(/^  (strategy|quality|security|external): \d$/gm, '  $1: 4'));
  g.commit('neu bewertet', '2019-04-10');
  g.remove(`${M}/2.8-chatbot-buerger.yaml`);
  g.commit('entfällt', '2019-05-10');
  g.write(`${M}/2.8-chatbot.yaml`, chatbot);
  g.remove(`${M}/5.3-open-data.yaml`);
  g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "quality"[\s\S]*?weight: )1/, '$12'));
  g.edit(`${M}/1.6-evergabe.yaml`, (t) =>
    t
      .replace('  external: 1', '  external: 4')
      .replace('decision: not_prioritized', 'decision: prioritized')
      .replace('status: in_progress', 'status: done'),
  );
  g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) =>
    t.replace('field: eadministration', 'field: uebergeordnet').replace('status: proposed', 'status: planned'),
  );
  status('1.2-e-akte-dokumentenmanagement-system.yaml', 'dropped');
  status('1.3-standardisierung-datenformate-elektronischer-datenaustausch.yaml', 'in_progress');
  status('1.4-konsequente-digitalisierung-internen-prozesse.yaml', 'proposed');
  g.edit('strategy/metrics.yaml', (t) =>
    t
      .replace(
        /(id: "media-break-free-processes"[\s\S]*?)kind: count\n    direction: up\n    values: \[\]/,
        '$1kind: number\n    direction: down\n    values:\n      - { period: "2019", value: 3 }\n      - { period: "2020", value: 7 }',
      )
      .replace(
        /(id: "it-costs"[\s\S]*?)values: \[\]/,
        '$1values:\n      - { period: "2019", value: 14100000 }\n      - { period: "2020", value: 13750000.5 }',
      )
      .concat(
        [
          '  - id: "online-share"',
          '    goal: external',
          '    name: Anteil online beantragter Leistungen',
          '    kind: percent',
          '    direction: up',
          '    values:',
          '      - { period: "2020", value: 57.5 }',
          '  - id: "open-cases"',
          '    goal: external',
          '    name: Offene Vorgänge',
          '    kind: count',
          '    direction: neutral',
          '    values:',
          '      - { period: "2020", value: 1250 }',
          '',
        ].join('\n'),
      ),
  );
  g.edit('strategy/strategy.yaml', (t) =>
    t
      .replace(/^language: de$/m, 'language: en')
      .replace('annual_review: true', 'annual_review: false')
      .replace('  body: Verwaltungsausschuss', '  body: Rat'),
  );
  return g;
}

/** The arguments each command needs to run on the repository; a new command must be added here. */
function importArguments(): string[] {
  const dir = copyStrategy();
  const file = join(mkdtempSync(join(tmpdir(), 'itstrat-import-')), 'liste.csv');
  writeFileSync(
    file,
    'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung;Beschluss;Status;Punkte\r\n' +
      '1.1;Konsolidierung der vorhandenen zwei SAP Systeme;1;4;3;3;0;x;;1\r\n' +
      '1.2;Neuer Titel;1;4;3;2;0;nein;in Umsetzung;2\r\n' +
      '2.8;Neu;2;1;1;1;1;;geplant;3\r\n',
  );
  return [file, '--dir', dir];
}

/** A copy with two assessments for 2026, one with a comment (review show). */
function reviewArguments(): string[] {
  const dir = copyStrategy();
  mkdirSync(join(dir, 'reviews', '2026'), { recursive: true });
  for (const [id, quality] of [
    ['fb-10', 1],
    ['fb-20', 2],
  ] as const)
    writeFileSync(
      join(dir, 'reviews', '2026', `${id}.yaml`),
      `assessor: { id: ${id}, fachbereich: FB ${id.slice(3)} }\ndate: "2026-02-01"\nweights: { quality: 2 }\nmeasures:\n  - { id: "1.1", scores: { quality: ${quality} }, comment: "zu hoch" }\n  - { id: "1.2", scores: { security: 4 } }\n`,
    );
  return ['2026', '--dir', dir];
}

/** A workbook written by review new --format xlsx (review import). */
function reviewWorkbookArguments(): string[] {
  const dir = copyStrategy();
  const file = join(mkdtempSync(join(tmpdir(), 'itstrat-review-')), 'fb-20.xlsx');
  const r = itstrat(['review', 'new', '2026', '--dir', dir, '--assessor', 'fb-20', '--format', 'xlsx', '--out', file]);
  if (r.status !== 0) throw new Error(r.stderr);
  return [file, '--dir', dir];
}

function argumentsFor(path: string, g: GitDir): string[] | undefined {
  const dir = join(g.dir, 'strategy');
  const table: Record<string, string[]> = {
    validate: ['--dir', dir],
    score: ['--dir', dir, '--sensitivity'],
    calibrate: ['--dir', dir],
    diff: ['v1', '--dir', dir],
    history: ['2.8', '--dir', dir],
    status: ['--dir', dir, '--today', '2021-06-01'],
    report: ['--dir', dir],
    init: [join(mkdtempSync(join(tmpdir(), 'itstrat-init-')), 'neu')],
    'new measure': ['--dir', dir, '--field', 'eadministration', '--title', 'Neue Maßnahme'],
    metrics: ['--dir', dir],
    'metrics record': ['online-share', '--dir', dir, '--period', '2021', '--value', '60,5'],
    fmt: ['--dir', dir, '--check'],
    roadmap: ['--dir', dir, '--today', '2021-06-01', '--propose'],
    // Shell code (bash's own `done`), not prose: run to prove it works, never scanned.
    completion: ['bash'],
    // xlsx (a file, read back in tests/export-xlsx.test.ts) and json are no text formats for a person.
    export: ['--dir', dir],
    // Writes: into a copy of its own, with a new, a changed and an unchanged measure.
    ...(path === 'import' ? { import: importArguments() } : {}),
    ...(path === 'review show' ? { 'review show': reviewArguments() } : {}),
    ...(path === 'review new' ? { 'review new': ['2026', '--dir', copyStrategy(), '--assessor', 'fb-20', '--date', '2026-01-01'] } : {}),
    ...(path === 'review import' ? { 'review import': reviewWorkbookArguments() } : {}),
  };
  return table[path];
}

/** What a person sees: HTML without script, style and tags; Markdown without its backslash escapes. */
function visibleText(format: string, text: string): string {
  // Markdown escapes `_` (`in\_progress`), which a reader sees as `in_progress`.
  if (format === 'markdown') return text.replace(/\\(.)/g, '$1');
  if (format !== 'html') return text;
  return text
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&');
}

const word = (value: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}_./-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_/-])`, 'u');

describe('German output shows no machine values', () => {
  let g: GitDir;
  const outputs: { label: string; text: string }[] = [];
  const machine: string[] = [];

  beforeAll(() => {
    g = repository();
    for (const command of commands) {
      const path = command.spec.path.join(' ');
      const args = argumentsFor(path, g);
      if (args === undefined) throw new Error(`no arguments for "${path}": add the command to argumentsFor`);
      const formats = command.spec.formats.filter((f) => HUMAN_FORMATS.has(f));
      for (const format of formats) {
        const formatArgs = command.spec.formats.length > 1 ? ['--format', format] : [];
        const r = itstrat([...command.spec.path, ...args, ...formatArgs, '--lang', 'de'], { cwd: g.dir });
        if (r.status === 2) throw new Error(`itstrat ${path} --format ${format} failed: ${r.stderr}`);
        // Findings are English by design (README: they name the YAML's keys and rules); the rest is scanned.
        const text = path === 'validate' ? r.stdout.replace(/^\S+:\d+:\d+ (error|warning) .*$/gm, '') : r.stdout;
        if (path !== 'completion') outputs.push({ label: `${path} --format ${format}`, text: visibleText(format, text) });
      }
      // The machine side of the same data, to prove the repository exercises every value.
      if (command.spec.formats.includes('json')) {
        const r = itstrat([...command.spec.path, ...args, '--format', 'json', '--lang', 'de'], { cwd: g.dir });
        machine.push(r.stdout);
      }
    }
  }, 120_000);

  it('runs every command of the registry in every human format', () => {
    const expected = commands.flatMap((c) =>
      c.spec.path[0] === 'completion'
        ? []
        : c.spec.formats.filter((f) => HUMAN_FORMATS.has(f)).map((f) => `${c.spec.path.join(' ')} --format ${f}`),
    );
    expect(outputs.map((o) => o.label)).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(12);
  });

  it('every enum value of the schemas has a label in both languages', () => {
    const enums = schemaEnums();
    expect(enums.map(([p]) => p).sort()).toEqual(['computed', 'decision', 'direction', 'kind', 'kind', 'language', 'source', 'status']);
    for (const [property, values] of enums)
      for (const lang of ['de', 'en'] as const) {
        const labels = enumLabels(property, messages[lang]);
        expect(labels, `${lang} labels of ${property}`).toBeDefined();
        for (const value of values) expect(labels![value], `${lang} label of ${property}: ${value}`).toBeTruthy();
      }
  });

  it('the repository exercises every status, decision, kind, direction, diff cause and history event', () => {
    const all = machine.join('\n');
    for (const [property, values] of schemaEnums())
      for (const value of values)
        if (property !== 'language' && property !== 'source') expect(all, `${property}: ${value}`).toContain(`"${value}"`);
    const diff = JSON.parse(itstrat(['diff', 'v1', '--format', 'json'], { cwd: g.dir }).stdout);
    const causes = new Set(diff.ranking.flatMap((r: { cause: string | null }) => (r.cause === null ? [] : r.cause.split('+'))));
    expect([...causes].sort()).toEqual(expect.arrayContaining(['field', 'scores', 'weights']));
    const history = JSON.parse(itstrat(['history', '2.8', '--format', 'json'], { cwd: g.dir }).stdout);
    const events = new Set(history.entries.flatMap((e: { events: string[] }) => e.events));
    expect([...events].sort()).toEqual(['added', 'edited', 'priority', 'rank', 'removed', 'renamed', 'score']);
  });

  it('no German output contains a raw enum value, change cause or history event', () => {
    const de = messages.de;
    const diff = JSON.parse(itstrat(['diff', 'v1', '--format', 'json'], { cwd: g.dir }).stdout);
    const history = JSON.parse(itstrat(['history', '2.8', '--format', 'json'], { cwd: g.dir }).stdout);
    const raw = new Set<string>([
      ...schemaEnums().flatMap(([property, values]) =>
        // A value whose German label is the value itself (Interview, neutral) is not a leak.
        values.filter((v) => enumLabels(property, de)?.[v] !== v),
      ),
      ...diff.ranking.flatMap((r: { cause: string | null }) => (r.cause === null ? [] : [r.cause, ...r.cause.split('+')])),
      ...history.entries.flatMap((e: { events: string[] }) => e.events),
      // Causes and events the fixture may not produce (`others` needs unchanged weights).
      ...Object.keys(de.diff.causes),
      ...Object.keys(de.history.eventNames),
      'true',
      'false',
      'null',
    ]);
    const leaks: string[] = [];
    for (const { label, text } of outputs)
      for (const value of raw) {
        const match = word(value).exec(text);
        if (match !== null) leaks.push(`${label}: "${value}" in …${text.slice(Math.max(0, match.index - 40), match.index + 40)}…`);
      }
    expect(leaks).toEqual([]);
  });

  it('shows the changes of status, decision, kind, direction, language and booleans in German words', () => {
    const md = outputs.find((o) => o.label === 'diff --format markdown')!.text;
    expect(md).toContain('Status: in Umsetzung → umgesetzt');
    expect(md).toContain('Beschluss: nicht priorisiert → priorisiert');
    expect(md).toContain('Art: Anzahl → Zahl');
    expect(md).toContain('Richtung: steigend besser → fallend besser');
    expect(md).toContain('Sprache: Deutsch → Englisch');
    expect(md).toContain('Überprüfung › jährliche Überprüfung: ja → nein');
    expect(md).toContain('Beschluss › Gremium: Verwaltungsausschuss → Rat');
    expect(md).toContain('it-costs 2020: neuer Wert 13.750.000,50 EUR');
  });
});
