// Issue 16, hostile re-try: inputs the issue does not list. A whole-day deadline at the start of a
// gantt task (Mermaid's lexer reads it as a date), a measure due before the measure it depends on
// even starts, and `roadmap --propose --write` saying "only a proposal" after it wrote the files.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

const measureFile = (dir: string, id: string): string =>
  join(
    dir,
    'measures',
    readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!,
  );
const append = (dir: string, id: string, lines: string) => editFile(measureFile(dir, id), (t) => `${t.trimEnd()}\n${lines}\n`);

interface GanttParser {
  parser: { yy: unknown; parse(text: string): void };
  db: { clear(): void; getTasks(): unknown[] };
}
let gantt: GanttParser;

/** Mermaid's own gantt grammar (the parser of the installed mermaid), without a browser. */
beforeAll(async () => {
  // Mermaid sanitises titles with DOMPurify, which needs a DOM; the grammar does not.
  const purify = (await import(pathToFileURL(join(root, 'node_modules/dompurify/dist/purify.es.mjs')).href)) as {
    default: Record<string, unknown>;
  };
  purify.default['addHook'] = () => undefined;
  purify.default['sanitize'] = (s: string) => s;
  const chunks = join(root, 'node_modules/mermaid/dist/chunks/mermaid.core');
  const file = readdirSync(chunks).find((f) => /^ganttDiagram-.*\.mjs$/.test(f))!;
  gantt = ((await import(pathToFileURL(join(chunks, file)).href)) as { diagram: GanttParser }).diagram;
});

/** The tasks Mermaid reads from the one gantt of a Markdown roadmap; throws where it cannot parse. */
function ganttTasks(markdown: string): number {
  const charts = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(charts).toHaveLength(1);
  gantt.db.clear();
  gantt.parser.yy = gantt.db;
  gantt.parser.parse(charts[0]!);
  return gantt.db.getTasks().length;
}

describe('roadmap --format markdown: every deadline form the schema allows stays one gantt task', () => {
  it('parses with a whole-day deadline first in a task name, next to quarters, halves, years and hostile titles', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'requirements.yaml'), (t) =>
      t
        .replace('deadline: "2022-06"', 'deadline: "2022-06-30"')
        .replace(/deadline: "2019"/, 'deadline: "2019-Q4"')
        .replace(/deadline: "2019"/, 'deadline: "2020-H1"'),
    );
    append(dir, '1.2', 'start: "2019-01-01"\ndue: "2021-12-31"');
    append(dir, '2.1', 'due: "2022-06-30"');
    append(dir, '3.1', 'start: "2020-03-01"');
    editFile(measureFile(dir, '1.2'), (t) =>
      t.replace(/^title: .*$/m, `title: ${JSON.stringify('click x call y() `a` %% b; c # d: e\nsection f\ntitle g')}`),
    );
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t.replace('name: eAdministration', `name: ${JSON.stringify('2023-01-01 click: %%{init}%% ;#')}`),
    );
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    for (const lang of ['de', 'en']) {
      const run = itstrat(['roadmap', '--dir', dir, '--format', 'markdown', '--today', '2023-01-01', '--lang', lang]);
      expect(run.status).toBe(0);
      // Three dated measures and three deadlines.
      expect(ganttTasks(run.stdout)).toBe(6);
      // The deadline still reads as the day it is.
      expect(run.stdout).toMatch(/^ {4}2022\u201106\u201130 Gesetz zur Verbesserung/mu);
    }
  });
});

describe('due-before-dependency when the dependency has a start but no due', () => {
  it('is an error at the due date, in both directions of the comparison only where it is wrong', () => {
    const dir = copyStrategy();
    // 1.4 depends on 1.2 (bundled). 1.2 starts 2023; 1.4 is due 2022: it cannot be done then.
    append(dir, '1.2', 'start: "2023-01-01"');
    append(dir, '1.4', 'due: "2022-01-01"');
    const run = itstrat(['validate', '--dir', dir, '--format', 'json']);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; file: string; line: number; message: string }[] }).findings;
    const hit = findings.filter((f) => f.rule === 'due-before-dependency');
    expect(hit).toHaveLength(1);
    expect(hit[0]!.file).toMatch(/1\.4-/);
    expect(hit[0]!.message).toContain('2023-01-01');
    // Due on the day the dependency starts is not before it.
    editFile(measureFile(dir, '1.4'), (t) => t.replace('due: "2022-01-01"', 'due: "2023-01-01"'));
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });
});

describe('roadmap --propose --write says what it did', () => {
  it('does not call a stored proposal "only a proposal", counts the files, and --dry-run writes nothing', () => {
    const g = gitdir();
    g.commit('init');
    const dry = itstrat(['roadmap', '--propose', '--write', '--dry-run', '--dir', 'strategy'], { cwd: g.dir });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('+sequence: 1');
    expect(g.git(['status', '--porcelain'])).toBe('');

    const first = itstrat(['roadmap', '--propose', '--write', '--dir', 'strategy'], { cwd: g.dir });
    expect(first.status).toBe(0);
    const changed = g.git(['status', '--porcelain']).trim().split('\n').length;
    expect(changed).toBe(20);
    expect(first.stdout).not.toContain('Nur ein Vorschlag');
    expect(first.stdout.replace(/\s+/g, ' ')).toContain('20 Maßnahmendateien geändert');

    const again = itstrat(['roadmap', '--propose', '--write', '--dir', 'strategy', '--lang', 'en'], { cwd: g.dir });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('Only a proposal');
    expect(again.stdout.replace(/\s+/g, ' ')).toContain('every measure file was already right');

    const md = itstrat(['roadmap', '--propose', '--write', '--dir', 'strategy', '--format', 'markdown'], { cwd: g.dir });
    expect(md.stdout).not.toContain('Nur ein Vorschlag');
    // Without --write it is still only a proposal.
    expect(itstrat(['roadmap', '--propose', '--dir', 'strategy'], { cwd: g.dir }).stdout).toContain('Nur ein Vorschlag');
  });
});

describe('report --format html: the SVG roadmap cuts long titles between characters', () => {
  it('never leaves half an emoji (a lone surrogate) where a label is cut', () => {
    const dir = copyStrategy();
    // "1.2 " and 42 letters are 46 UTF-16 units: a cut at 47 would fall inside the first emoji.
    editFile(measureFile(dir, '1.2'), (t) => t.replace(/^title: .*$/m, `title: "${'A'.repeat(42)}😀😀😀😀👩‍💻👩‍💻"`));
    append(dir, '1.2', 'start: "2020-01-01"\ndue: "2021-01-01"');
    const out = join(dir, '..', 'report.html');
    const run = itstrat(['report', '--dir', dir, '--format', 'html', '--out', out, '--date', '2021-01-01']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const labels = [...html.matchAll(/<text class="item"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    const label = labels.find((l) => l.startsWith('1.2 A'))!;
    expect(label).toBe(`1.2 ${'A'.repeat(42)}😀…`);
    expect(html).not.toMatch(/\\uD83D|\uFFFD/u);
  });
});

describe('roadmap --propose --write removes a stale sequence that carries a comment', () => {
  it('keeps the comment instead of refusing the whole write (exit 2)', () => {
    const g = gitdir();
    const rel = (id: string) => `strategy/measures/${readdirSync(join(g.dir, 'strategy/measures')).find((f) => f.startsWith(`${id}-`))!}`;
    // 3.2 is not prioritised: a position it kept from an older plan is stale.
    g.edit(rel('3.2'), (t) => `${t.trimEnd()}\n# agreed in the board, 2021\nsequence: 3 # stale?\n`);
    g.edit(rel('4.2'), (t) => t.replace(/^decision: (.*)$/m, '# old position\nsequence: 9 # note\ndecision: $1'));
    g.commit('init');
    const run = itstrat(['roadmap', '--propose', '--write', '--dir', 'strategy'], { cwd: g.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const id of ['3.2', '4.2']) expect(g.read(rel(id))).not.toMatch(/^sequence:/m);
    expect(g.read(rel('3.2'))).toMatch(/# agreed in the board, 2021\n# stale\?\n$/);
    expect(g.read(rel('4.2'))).toMatch(/# old position\n# note\ndecision: /);
    expect(itstrat(['validate', '--dir', 'strategy'], { cwd: g.dir }).status).toBe(0);
    expect(itstrat(['fmt', '--check', '--dir', 'strategy'], { cwd: g.dir }).status).toBe(0);
  });
});
