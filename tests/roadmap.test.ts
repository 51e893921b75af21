// Issue 16: `itstrat roadmap` through the built binary — the timeline fits the terminal, the
// Mermaid gantt keeps to its grammar whatever the titles, --propose orders topologically with
// priority as the tie-break, --write goes through the planned-edits applier (--dry-run works).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/render/display-width.js';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { hostile } from './helpers/hostile.js';
import { inTerminal } from './helpers/pty.js';

const file = (dir: string, id: string): string =>
  join(
    dir,
    'measures',
    readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!,
  );
const addLines = (dir: string, id: string, lines: string) => editFile(file(dir, id), (t) => `${t.trimEnd()}\n${lines}\n`);

/** A copy of the bundled strategy with dates on a few measures, and hostile text in titles and a field name. */
function datedStrategy(): string {
  const dir = copyStrategy();
  addLines(dir, '1.2', 'start: "2019-01-01"\ndue: "2021-12-31"\nstatus: done\nfachbereich: FB 10');
  addLines(dir, '1.8', 'start: "2022-01-01"\ndue: "2024-06-30"');
  addLines(dir, '2.1', 'due: "2022-06-30"');
  addLines(dir, '3.1', 'start: "2020-03-01"');
  editFile(file(dir, '1.8'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(`section x: a;b #c ${hostile}`)}`));
  editFile(file(dir, '2.1'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify('title Ätsch: %% comment\ndateFormat x')}`));
  editFile(join(dir, 'strategy.yaml'), (t) =>
    t.replace('name: Kundenschnittstelle', `name: ${JSON.stringify('Kunden: section; # <b>x</b>')}`),
  );
  return dir;
}

interface RoadmapJson {
  span: { from: string; to: string } | null;
  fields: { id: string; measures: { id: string; start: string | null; due: string | null }[] }[];
  milestones: { id: string; deadline: string; day: string; overdue: boolean }[];
  undated: string[];
  proposal: {
    steps: { position: number; id: string; prioritized: boolean; score: number; depends_on: string[] }[];
    blocked: string[];
  } | null;
}
const json = (args: string[]): RoadmapJson => {
  const run = itstrat(['roadmap', '--format', 'json', ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as RoadmapJson;
};

describe('itstrat roadmap', () => {
  it('groups dated measures by Handlungsfeld, in date order, with the deadlines as milestones', () => {
    const dir = datedStrategy();
    const r = json(['--dir', dir, '--today', '2023-01-01']);
    expect(r.fields.map((f) => [f.id, f.measures.map((x) => x.id)])).toEqual([
      ['eadministration', ['1.2', '1.8']],
      ['kundenschnittstelle', ['2.1']],
      ['technik', ['3.1']],
      ['organisation', []],
      ['uebergeordnet', []],
    ]);
    expect(r.milestones.map((x) => `${x.id} ${x.deadline} ${x.day} ${x.overdue}`)).toEqual([
      'eu-evergabe 2019 2019-12-31 false',
      'eu-erechnung 2019 2019-12-31 false',
      'ozg 2022-06 2022-06-30 true',
    ]);
    expect(r.span).toEqual({ from: '2019-01-01', to: '2024-06-30' });
    expect(r.undated).toHaveLength(50);
    expect(r.proposal).toBeNull();
  });

  it.each([40, 60, 80, 132])('fits a %i-column terminal, every line', (columns) => {
    const dir = datedStrategy();
    for (const args of [['roadmap'], ['roadmap', '--propose'], ['roadmap', '--lang', 'en']]) {
      const { screen, status } = inTerminal(columns, [...args, '--dir', dir, '--today', '2023-01-01']);
      expect(status).toBe(0);
      const lines = screen.split('\n');
      expect(lines.filter((l) => displayWidth(l) > columns)).toEqual([]);
      expect(screen).toContain('█');
      expect(screen).toContain('◆');
      // Hostile titles reach the terminal as inert text.
      expect(screen).not.toContain('\u0007');
    }
  });

  it('piped, keeps to 80 columns and never lets control characters through', () => {
    const out = itstrat(['roadmap', '--dir', datedStrategy(), '--today', '2023-01-01']).stdout;
    expect(out.split('\n').filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('writes a Mermaid gantt every line of which keeps to the grammar, whatever the titles', () => {
    const md = itstrat(['roadmap', '--dir', datedStrategy(), '--format', 'markdown', '--today', '2023-01-01']).stdout;
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(1);
    const lines = charts[0]!.trimEnd().split('\n');
    const name = String.raw`[^:;#\n%\u0000-\u001f]+`;
    const grammar = new RegExp(
      [
        '^gantt$',
        '^    title [^:;#\\n]+$',
        '^    dateFormat YYYY-MM-DD$',
        '^    axisFormat %Y-%m$',
        `^    section ${name}$`,
        String.raw`^    [0-9]${name} :(milestone, )?(done, |active, |crit, )?[mr][A-Za-z0-9_]+, \d{4}-\d{2}-\d{2}, (\d{4}-\d{2}-\d{2}|1d|0d)$`,
      ].join('|'),
    );
    for (const line of lines) expect(line).toMatch(grammar);
    // No title starts a keyword line: each task starts with its id or deadline.
    expect(lines.filter((l) => /^    (title|dateFormat)/.test(l))).toEqual(['    title Roadmap', '    dateFormat YYYY-MM-DD']);
    expect(lines.filter((l) => l.startsWith('    section '))).toEqual([
      '    section eAdministration',
      '    section Kunden section b x /b',
      '    section Technik & Infrastruktur',
      '    section Fristen Anforderungen',
    ]);
    expect(lines).toContain('    1.2 Einführung E-Akte / Dokumentenmanagement System :done, m1_2, 2019-01-01, 2021-12-31');
    expect(lines).toContain('    3.1 Überarbeitung der IT-Netzinfrastruktur :m3_1, 2020-03-01, 1d');
    expect(lines.some((l) => /^    2\.1 title Ätsch %% comment dateFormat x :milestone, m2_1, 2022-06-30, 0d$/.test(l))).toBe(false);
    expect(lines.find((l) => l.startsWith('    2.1 '))).toMatch(/^    2\.1 title Ätsch [^:]*:milestone, m2_1, 2022-06-30, 0d$/);
  });

  it('says so when nothing is dated, in every format', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'requirements.yaml'), (t) => t.replace(/^    deadline: .*\n/gm, ''));
    expect(itstrat(['roadmap', '--dir', dir]).stdout).toContain('Keine Maßnahme hat Termine');
    expect(itstrat(['roadmap', '--dir', dir, '--format', 'markdown', '--lang', 'en']).stdout).toContain('No measure has dates');
    expect(json(['--dir', dir]).span).toBeNull();
  });

  it('refuses a bad --today, and --write without --propose, with exit 2', () => {
    const dir = copyStrategy();
    expect(itstrat(['roadmap', '--dir', dir, '--today', '2023-02-29']).status).toBe(2);
    const run = itstrat(['roadmap', '--dir', dir, '--write']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('itstrat: --write stores the proposal: it needs --propose\n');
  });

  it('an invalid strategy (a dependency cycle) exits 1 with the located finding', () => {
    const dir = copyStrategy();
    addLines(dir, '1.2', 'depends_on: ["1.8"]');
    const run = itstrat(['roadmap', '--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/1\.2-e-akte-dokumentenmanagement-system\.yaml:\d+:\d+ .*dependency cycle: 1\.2 → 1\.8 → 1\.2/);
  });
});

describe('roadmap --propose', () => {
  it('puts every measure after what it depends on, and otherwise priority, score, id first', () => {
    const dir = copyStrategy();
    // 1.2 (score 21) must now wait for 4.6 (23) and 4.6 for 3.11 (not prioritised: outside the proposal).
    addLines(dir, '1.1', 'depends_on: ["4.13"]');
    const p = json(['--dir', dir, '--propose']).proposal!;
    const position = new Map(p.steps.map((s) => [s.id, s.position]));
    for (const s of p.steps) for (const d of s.depends_on) if (position.has(d)) expect(position.get(d)!).toBeLessThan(s.position);
    expect(position.get('1.2')!).toBeLessThan(position.get('1.4')!);
    expect(position.get('1.2')!).toBeLessThan(position.get('1.8')!);
    expect(position.get('4.13')!).toBeLessThan(position.get('1.1')!);
    // Those free from the start come in the order of the tie-break among themselves.
    const free = p.steps.filter((s) => s.depends_on.length === 0);
    const sorted = [...free].sort(
      (a, b) => Number(b.prioritized) - Number(a.prioritized) || b.score - a.score || a.id.localeCompare(b.id, 'en', { numeric: true }),
    );
    expect(free.map((s) => s.id)).toEqual(sorted.map((s) => s.id));
    expect(p.steps.map((s) => s.position)).toEqual(p.steps.map((_, i) => i + 1));
    expect(p.blocked).toEqual([]);
    // Every prioritised measure and nothing else.
    const score = JSON.parse(itstrat(['score', '--dir', dir, '--format', 'json']).stdout) as {
      measures: { id: string; prioritized: boolean }[];
    };
    expect(p.steps.map((s) => s.id).sort()).toEqual(
      score.measures
        .filter((m) => m.prioritized)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('changes nothing without --write; --dry-run shows the diff and writes nothing; --write stores sequence once', () => {
    const dir = copyStrategy();
    const before = readFileSync(file(dir, '1.2'), 'utf8');
    expect(itstrat(['roadmap', '--dir', dir, '--propose']).status).toBe(0);
    expect(readFileSync(file(dir, '1.2'), 'utf8')).toBe(before);
    const dry = itstrat(['roadmap', '--dir', dir, '--propose', '--write', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/\+sequence: \d+/);
    expect(readFileSync(file(dir, '1.2'), 'utf8')).toBe(before);
    const p = json(['--dir', dir, '--propose', '--write']);
    const written = readFileSync(file(dir, '1.2'), 'utf8');
    expect(written.startsWith(before.trimEnd())).toBe(true);
    expect(written).toContain(`sequence: ${p.proposal!.steps.find((s) => s.id === '1.2')!.position}`);
    expect(readFileSync(file(dir, '3.9'), 'utf8')).not.toContain('sequence');
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    // A second run finds every position in place and writes nothing.
    expect(json(['--dir', dir, '--propose', '--write']).proposal!.steps).toEqual(p.proposal!.steps);
    expect(
      (JSON.parse(itstrat(['roadmap', '--dir', dir, '--propose', '--write', '--format', 'json']).stdout) as { written: string[] }).written,
    ).toEqual([]);
  });
});
