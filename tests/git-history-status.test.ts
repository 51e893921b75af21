import { describe, expect, it } from 'vitest';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

const M = 'strategy/measures';
const F16 = `${M}/1.6-evergabe.yaml`;

describe('itstrat history', () => {
  it('follows one measure through the commits and tags that changed it', () => {
    const g = gitdir();
    const c1 = g.commit('IT-Strategie 2018', '2018-12-11');
    g.git(['tag', 'v2018']);
    g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) => t.replace(/^title: .*$/m, 'title: SAP'));
    g.commit('unrelated', '2019-05-01');
    g.edit(F16, (t) => t.replace('  external: 1', '  external: 3'));
    const c3 = g.commit('eVergabe neu bewertet', '2020-03-02');
    g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "quality"[\s\S]*?weight: )1/, '$13'));
    const c4 = g.commit('Gewichtung', '2021-01-04');
    g.git(['tag', '-a', 'v2021', '-m', 'Fortschreibung']);
    g.move(F16, `${M}/1.6-vergabe.yaml`);
    const c5 = g.commit('umbenannt', '2021-06-01');
    g.remove(`${M}/1.6-vergabe.yaml`);
    const c6 = g.commit('entfällt', '2022-01-01');

    const r = itstrat(['history', '1.6', '--format', 'json'], { cwd: g.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toBe('1.6');
    expect(
      out.entries.map((e: { commit: string; date: string; tags: string[]; events: string[] }) => [e.commit, e.date, e.tags, e.events]),
    ).toEqual([
      [c1, '2018-12-11', ['v2018'], ['added']],
      [c3, '2020-03-02', [], ['edited', 'score', 'rank', 'priority']],
      [c4, '2021-01-04', ['v2021'], ['score', 'rank']],
      [c5, '2021-06-01', [], ['renamed']],
      [c6, '2022-01-01', [], ['removed']],
    ]);
    expect(out.entries[1]).toMatchObject({
      scores: { strategy: 3, quality: 1, security: 1, external: 3 },
      score: 23,
      prioritized: true,
      decision: 'not_prioritized',
      title: 'Einführung eVergabe',
    });
    expect(out.entries[2].score).toBe(25);
    expect(out.entries[4]).toMatchObject({ title: null, score: null, rank: null });

    const table = itstrat(['history', '1.6'], { cwd: g.dir }).stdout;
    expect(table).toContain('Maßnahme 1.6 – Einführung eVergabe');
    expect(table).toContain('v2018');
    expect(table).toMatch(/ Strategie  Qualität  Sicherheit  Außen  Punkte  Rang /);
    expect(table).toContain('5 von 6 Commits betreffen die Maßnahme.');
  });

  it('reports progress on stderr for long histories', () => {
    const g = gitdir();
    g.commit('start');
    for (let i = 1; i <= 55; i++) {
      g.edit('strategy/metrics.yaml', (t) =>
        t.replace(
          /(id: "it-costs"[\s\S]*?)values: \[\]|(id: "it-costs"[\s\S]*?values:\n)/,
          (_, a: string | undefined, b: string | undefined) =>
            a !== undefined
              ? `${a}values:\n      - { period: "${1900 + i}", value: ${i} }\n`
              : `${b}      - { period: "${1900 + i}", value: ${i} }\n`,
        ),
      );
      g.git(['add', '-A']);
      g.git(['commit', '-q', '-m', `Wert ${i}`]);
    }
    const r = itstrat(['history', '1.1'], { cwd: g.dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Verlauf: 56 von 56 Commits gelesen');
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(11);
  });

  it('exits 2 for a measure that never existed or a malformed id', () => {
    const g = gitdir();
    g.commit('start');
    expect(itstrat(['history', '9.9'], { cwd: g.dir })).toMatchObject({
      status: 2,
      stderr: 'itstrat: measure 9.9 does not appear in the history of strategy up to HEAD\n',
    });
    expect(itstrat(['history', 'abc'], { cwd: g.dir }).status).toBe(2);
  });
});

describe('itstrat status', () => {
  it('says when the next Fortschreibung is due and whether it is overdue', () => {
    const g = gitdir();
    g.commit('start', '2018-12-11');
    const due = JSON.parse(itstrat(['status', '--format', 'json', '--today', '2021-12-01'], { cwd: g.dir }).stdout);
    expect(due.fortschreibung).toEqual({ basis: '2018-12-11', due: '2021-12-11', overdue: false, days: 10 });
    const late = JSON.parse(itstrat(['status', '--format', 'json', '--today', '2022-01-10'], { cwd: g.dir }).stdout);
    expect(late.fortschreibung).toEqual({ basis: '2018-12-11', due: '2021-12-11', overdue: true, days: 30 });
    expect(itstrat(['status', '--today', '2022-01-10'], { cwd: g.dir }).stdout).toContain(
      'Fortschreibung alle 3 Jahre: fällig am 2021-12-11 – seit 30 Tagen überfällig',
    );
  });

  it('counts measures by Handlungsfeld and status', () => {
    const g = gitdir();
    g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) => `${t}status: in_progress\n`);
    g.edit(F16, (t) => `${t}status: done\n`);
    g.commit('start');
    const out = JSON.parse(itstrat(['status', '--format', 'json', '--today', '2020-02-01'], { cwd: g.dir }).stdout);
    expect(out.measures.total).toBe(54);
    expect(out.measures.by_field_and_status.eadministration).toEqual({
      proposed: 0,
      planned: 0,
      in_progress: 1,
      done: 1,
      dropped: 0,
      none: 9,
    });
    const table = itstrat(['status', '--today', '2020-02-01'], { cwd: g.dir }).stdout;
    expect(table).toMatch(/^eAdministration\s+1\s+1\s+9\s+11$/m);
  });

  it('lists measures not touched within the annual review period, from git dates', () => {
    const g = gitdir();
    g.commit('2018', '2018-12-11');
    g.edit(F16, (t) => t.replace('  external: 1', '  external: 2'));
    g.commit('review', '2020-06-01');
    const out = JSON.parse(itstrat(['status', '--format', 'json', '--today', '2021-01-15'], { cwd: g.dir }).stdout);
    expect(out.review.since).toBe('2020-01-15');
    expect(out.review.uncommitted).toEqual([]);
    expect(out.review.stale).toHaveLength(53);
    expect(out.review.stale[0]).toEqual({ id: '1.1', title: 'Konsolidierung der vorhandenen zwei SAP Systeme', last_change: '2018-12-11' });
    expect(out.review.stale.map((s: { id: string }) => s.id)).not.toContain('1.6');
  });

  it('counts uncommitted edits as changes when judging today', () => {
    const g = gitdir();
    const ago = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    g.commit('start', ago(800));
    g.edit(F16, (t) => t.replace('  external: 1', '  external: 2'));
    g.commit('review', ago(30));
    g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) => t.replace('  quality: 3', '  quality: 4'));
    const out = JSON.parse(itstrat(['status', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(out.as_of).toBeNull();
    expect(out.review.uncommitted).toEqual(['1.1']);
    expect(out.review.stale).toHaveLength(52);
    expect(out.review.stale[0]).toEqual({ id: '1.2', title: 'Einführung E-Akte / Dokumentenmanagement System', last_change: ago(800) });
  });

  it('works without git, saying the review cannot be judged', () => {
    const r = itstrat(['status', '--format', 'json', '--today', '2020-01-01', '--dir', copyStrategy()], { cwd: '/' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).review.unavailable).toBeTruthy();
  });

  it('rejects a malformed --today', () => {
    expect(itstrat(['status', '--today', '11.12.2021']).status).toBe(2);
  });
});
