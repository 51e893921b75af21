import fc from 'fast-check';
import { Chalk } from 'chalk';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../src/render/display-width.js';
import { fitLine, renderTable, wrapText, type Column } from '../src/render/terminal-table.js';
import { bundled, copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';
import { inTerminal } from './helpers/pty.js';

const plain = new Chalk({ level: 0 });
const widest = (text: string): number => Math.max(0, ...text.split('\n').map(displayWidth));
const measureIds = (dir: string): string[] => readdirSync(join(dir, 'measures')).map((f) => f.split('-')[0]!);

/** Words as strategies have them: German compounds, wide characters, emoji, combining marks. */
const word = fc.oneof(
  fc.constantFrom('und', 'Informationssicherheitsmanagementsystem', 'Service-Portal', 'eRechnung', '/', '24/7', 'Ä', 'straße'),
  fc.constantFrom('東京都庁', '😀', 'e\u0301', '한국어', 'ＡＢＣ'),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s\p{C}]/gu, '') || 'x'),
);
const text = fc.array(word, { minLength: 0, maxLength: 12 }).map((ws) => ws.join(' '));
/** The characters of a text, spaces aside, counted: wrapping may move them but never lose one. */
const census = (t: string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const c of t.replace(/[ \n─]/g, '')) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
};
const contains = (outer: Map<string, number>, inner: Map<string, number>): boolean =>
  [...inner].every(([c, n]) => (outer.get(c) ?? 0) >= n);

describe('wrapping text (properties)', () => {
  it('never exceeds the width, never loses or invents a character', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), (t, width) => {
        const lines = wrapText(t, width);
        for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
      }),
    );
  });

  it('keeps words whole where they fit', () => {
    expect(wrapText('Portal Strategie entwickeln und umsetzen', 20)).toEqual(['Portal Strategie', 'entwickeln und', 'umsetzen']);
    expect(wrapText('Einführung Service-Portal', 19)).toEqual(['Einführung Service-', 'Portal']);
    expect(wrapText('東京都庁', 5)).toEqual(['東京', '都庁']);
  });

  it('packs the parts of a summary line onto as few lines as fit', () => {
    expect(fitLine('a b · c d · e', 7)).toEqual(['a b', 'c d · e']);
    expect(fitLine('kurz · ein viel zu langer Teil', 10)).toEqual(['kurz', 'ein viel', 'zu langer', 'Teil']);
    expect(fitLine('a b · c d · e', undefined)).toEqual(['a b · c d · e']);
  });
});

describe('terminal tables (properties)', () => {
  const table = fc.record({
    columns: fc.array(
      fc.record({
        head: fc.constantFrom('Nr', 'Maßnahme', 'Handlungsfeld', 'Strategie', 'Punkte', '東京', 'Beschluss'),
        align: fc.constantFrom<'left' | 'right'>('left', 'right'),
        wrap: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    rows: fc.array(fc.array(text, { minLength: 8, maxLength: 8 }), { maxLength: 6 }),
  });

  it('fits any terminal from 12 columns up and keeps every character of every cell', () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 12, max: 200 }), ({ columns, rows }, width) => {
        // Cells that never wrap (ids, numbers) are short in real tables; a column of them wider than the
        // terminal cannot fit anyway and goes stacked, where it wraps.
        const out = renderTable(columns as Column[], rows, { chalk: plain, width });
        expect(widest(out)).toBeLessThanOrEqual(width);
        const cells = census(rows.map((r) => r.slice(0, columns.length).join('')).join(''));
        expect(contains(census(out), cells)).toBe(true);
      }),
    );
  });

  it('leaves piped tables whole: one line per row, nothing wrapped or dropped', () => {
    fc.assert(
      fc.property(table, ({ columns, rows }) => {
        const out = renderTable(
          columns.map((c) => ({ ...c, drop: 1 })),
          rows,
          { chalk: plain },
        );
        expect(out.split('\n')).toHaveLength(2 + rows.length);
        for (const [r, row] of rows.entries())
          for (const cell of row.slice(0, columns.length)) expect(out.split('\n')[2 + r]).toContain(cell.replace(/\s+$/, ''));
      }),
    );
  });

  it('aligns numbers right and drops marked columns before wrapping below their minimum', () => {
    const columns: Column[] = [
      { head: 'Nr' },
      { head: 'Titel', wrap: true, min: 10 },
      { head: 'Feld', wrap: true, drop: 1 },
      { head: 'Punkte', align: 'right' },
    ];
    const rows = [['1.1', 'Ein langer Titel mit Wörtern', 'Kundenschnittstelle', '7']];
    const wide = renderTable(columns, rows, { chalk: plain, width: 120 }).split('\n');
    expect(wide[0]).toContain('Feld');
    expect(wide[2]).toMatch(/ {5}7$/);
    const narrow = renderTable(columns, rows, { chalk: plain, width: 30 });
    expect(narrow).not.toContain('Kundenschnittstelle');
    expect(widest(narrow)).toBeLessThanOrEqual(30);
  });

  it('renders 10 000 rows without the quadratic layout of old', () => {
    // Correctness at scale; the speed itself is measured in bench/, never here.
    const rows = Array.from({ length: 10_000 }, (_, i) => [`${i}`, `Maßnahme ${i} mit einem etwas längeren Titel`, String(i % 30)]);
    const out = renderTable([{ head: 'Nr' }, { head: 'Titel', wrap: true }, { head: 'Punkte', align: 'right' }], rows, {
      chalk: plain,
      width: 40,
    });
    expect(out.split('\n').filter((l) => /^\d+ /.test(l))).toHaveLength(10_000);
  });
});

describe('every table fits a real 80- and 60-column terminal', () => {
  let repo: GitDir;
  beforeAll(() => {
    repo = gitdir();
    repo.commit('IT-Strategie 2018', '2018-12-11');
    repo.git(['tag', 'v2018']);
    repo.edit('strategy/measures/1.5-erechnung.yaml', (t) =>
      t
        .replace(/^title: .*$/m, 'title: Einführung der elektronischen Rechnung im Ein- und Ausgang mit XRechnung')
        .replace('  strategy: 4', '  strategy: 1'),
    );
    repo.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "security"[\s\S]*?weight: )1/, '$12'));
    repo.commit('Fortschreibung', '2021-12-01');
    broken = copyStrategy();
    editFile(join(broken, 'measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml'), (t) => t.replace('  quality: 3', '  quality: 9'));
  });
  let broken: string;

  const commands: [string, string[]][] = [
    ['score', ['score']],
    ['score --sensitivity', ['score', '--sensitivity']],
    ['calibrate', ['calibrate', '--max-weight', '4']],
    ['metrics', ['metrics']],
    ['status', ['status', '--today', '2022-06-01']],
    ['diff', ['diff', 'v2018', 'HEAD']],
    ['history', ['history', '1.5']],
    ['validate (findings)', ['validate', '--dir', '$BROKEN']],
  ];

  for (const columns of [80, 60]) {
    it.each(commands)(`%s at ${columns} columns`, (_, args) => {
      const { screen, status } = inTerminal(
        columns,
        args.map((a) => (a === '$BROKEN' ? broken : a)),
        { cwd: repo.dir },
      );
      expect(status, screen).not.toBe(2);
      expect(screen.trim().length).toBeGreaterThan(0);
      // A finding's location (file:line:col) is never broken, so that editors can jump to it.
      const over = screen.split('\n').filter((l) => displayWidth(l) > columns && !/^\S+:\d+:\d+$/.test(l));
      expect(over, `lines wider than ${columns}:\n${over.join('\n')}`).toEqual([]);
    });
  }

  it('keeps ids whole and every measure on screen at 60 columns', () => {
    const { screen } = inTerminal(60, ['score', '--dir', bundled]);
    const tokens = new Set(screen.split(/\s+/));
    for (const id of measureIds(bundled)) expect(tokens.has(id), id).toBe(true);
  });

  it('separates rows that wrap with a blank line, and has none when nothing wraps', () => {
    const narrow = inTerminal(80, ['score', '--dir', bundled, '--top', '3']).screen;
    expect(narrow).toMatch(/Bürgerkonto\n\n4\.20 /);
    const wide = inTerminal(200, ['score', '--dir', bundled, '--top', '3']).screen;
    expect(
      wide
        .split('\n')
        .slice(0, 5)
        .every((l) => l.trim() !== ''),
    ).toBe(true);
  });

  it('prints piped tables unwrapped and complete', () => {
    const { stdout } = itstrat(['score', '--dir', bundled], { env: { COLUMNS: '60' } });
    expect(stdout).toContain('Portal Strategie entwickeln und umsetzen / Einführung Service- und Bürgerkonto');
    expect(stdout.split('\n').filter((l) => /^\d+\.\d+ /.test(l))).toHaveLength(measureIds(bundled).length);
  });

  it('says in one line when a filter matches nothing', () => {
    const dir = repo.dir;
    const none = itstrat(['score', '--prioritized', '--weights', 'strategy=0,quality=0,security=0,external=1'], { cwd: dir });
    expect(none.status).toBe(0);
    expect(none.stdout.trim().split('\n')).toHaveLength(1);
    expect(none.stdout).toMatch(/Keine der 54 Maßnahmen passt zu den Filtern/);
    const en = itstrat(['score', '--prioritized', '--lang', 'en', '--weights', 'strategy=0,quality=0,security=0,external=1'], {
      cwd: dir,
    });
    expect(en.stdout.trim()).toBe('None of the 54 measures match the filters.');
  });
});
