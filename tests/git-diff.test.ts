import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { tableShapes } from './helpers/markdown.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';

const M = 'strategy/measures';

/** A repository with the 2018 strategy tagged, then a Fortschreibung commit. */
function fortschreibung(): { g: GitDir; base: string; head: string } {
  const g = gitdir();
  const base = g.commit('IT-Strategie 2018', '2018-12-11');
  g.git(['tag', '-a', 'v2018', '-m', 'beschlossen']);
  g.edit(`${M}/1.6-evergabe.yaml`, (t) => t.replace('  external: 1', '  external: 3'));
  g.edit(`${M}/1.9-master-data-management.yaml`, (t) => t.replace(/^title: .*$/m, 'title: Stammdatenmanagement'));
  g.move(`${M}/1.7-eid-esignatur.yaml`, `${M}/1.7-eid.yaml`);
  g.remove(`${M}/5.3-open-data.yaml`);
  g.write(
    `${M}/2.8-chatbot.yaml`,
    g
      .read(`${M}/2.4-auskunftssystem-bearbeitungsstatus.yaml`)
      .replace('"2.4"', '"2.8"')
      .replace(/^title: .*$/m, 'title: Chatbot'),
  );
  const head = g.commit('Fortschreibung 2021', '2021-12-01');
  return { g, base, head };
}

const run = (g: GitDir, args: string[]) => itstrat(args, { cwd: g.dir });

describe('itstrat diff', () => {
  it('reports added, removed, rescored, retitled and renamed measures between two commits', () => {
    const { g, base, head } = fortschreibung();
    const r = run(g, ['diff', 'v2018', 'main', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.from).toEqual({ ref: 'v2018', commit: base });
    expect(out.to).toEqual({ ref: 'main', commit: head });
    expect(out.added.map((m: { id: string }) => m.id)).toEqual(['2.8']);
    expect(out.removed.map((m: { id: string }) => m.id)).toEqual(['5.3']);
    expect(out.changed).toEqual([
      { id: '1.6', title: 'Einführung eVergabe', changes: [{ path: 'scores.external', from: 1, to: 3 }] },
      {
        id: '1.7',
        title: 'Einführung eID/eSignatur',
        file: { from: 'measures/1.7-eid-esignatur.yaml', to: 'measures/1.7-eid.yaml' },
        changes: [],
      },
      {
        id: '1.9',
        title: 'Stammdatenmanagement',
        changes: [{ path: 'title', from: 'Einführung Master Data Management', to: 'Stammdatenmanagement' }],
      },
    ]);
    expect(out.weights).toEqual([]);
    const e16 = out.ranking.find((x: { id: string }) => x.id === '1.6');
    expect(e16).toMatchObject({ from: { score: 17, prioritized: false }, to: { score: 23, prioritized: true }, cause: 'scores' });
    expect(out.ranking).toHaveLength(53);
    expect(out.invalid).toEqual([]);
  });

  it('explains movements caused by the weights, with the old scores under the new weights', () => {
    const { g } = fortschreibung();
    g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "security"[\s\S]*?weight: )1/, '$12'));
    const out = JSON.parse(run(g, ['diff', 'HEAD', '--format', 'json']).stdout);
    expect(out.to).toEqual({ ref: 'working tree', commit: null });
    expect(out.weights).toEqual([{ id: 'security', from: 1, to: 2 }]);
    const e = out.ranking.find((x: { id: string }) => x.id === '4.17');
    expect(e).toMatchObject({
      from: { score: 18, prioritized: false },
      to: { score: 22, prioritized: true },
      cause: 'weights',
      old_scores_new_weights: { score: 22, prioritized: true },
    });
    const untouched = out.ranking.find((x: { id: string }) => x.id === '4.19');
    expect(untouched.cause).toBe(untouched.from.rank === untouched.to.rank ? null : 'others');
  });

  it('compares against the working tree by default, uncommitted and untracked files included', () => {
    const { g } = fortschreibung();
    g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) => t.replace('  quality: 3', '  quality: 4'));
    g.write(`${M}/3.13-neu.yaml`, g.read(`${M}/3.12-aufbau-redundanzen.yaml`).replace('"3.12"', '"3.13"'));
    const out = JSON.parse(run(g, ['diff', 'HEAD', '--format', 'json']).stdout);
    expect(out.added.map((m: { id: string }) => m.id)).toEqual(['3.13']);
    expect(out.changed.map((c: { id: string }) => c.id)).toEqual(['1.1']);
  });

  it('never touches the work tree or the index', () => {
    const { g } = fortschreibung();
    g.edit(`${M}/1.1-konsolidierung-vorhandenen-zwei-sap.yaml`, (t) => t.replace('  quality: 3', '  quality: 4'));
    const status = g.git(['status', '--porcelain']);
    const snapshot = () => ({
      index: readFileSync(join(g.dir, '.git/index')).toString('hex'),
      mtime: statSync(join(g.dir, '.git/index')).mtimeMs,
      files: readdirSync(join(g.dir, M)),
    });
    const before = snapshot();
    expect(run(g, ['diff', 'v2018', 'HEAD']).status).toBe(0);
    expect(run(g, ['diff', 'v2018']).status).toBe(0);
    expect(snapshot()).toEqual(before);
    expect(g.git(['status', '--porcelain'])).toBe(status);
    expect(g.git(['stash', 'list'])).toBe('');
  });

  it('writes an Änderungsbericht in Markdown that a GFM parser reads with intact tables', () => {
    const { g } = fortschreibung();
    g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "security"[\s\S]*?weight: )1/, '$12'));
    g.commit('Gewichtung', '2022-01-10');
    const r = run(g, ['diff', 'v2018', 'HEAD', '--format', 'markdown']);
    expect(r.status).toBe(0);
    const md = r.stdout;
    for (const heading of [
      '# Änderungsbericht zur Fortschreibung',
      '## Zusammenfassung',
      '## Neue Maßnahmen',
      '## Entfallene Maßnahmen',
      '## Neu bewertete Maßnahmen',
      '## Prioritätsänderungen',
      '## Gewichtung',
      '## Weitere Änderungen an Maßnahmen',
    ]) {
      expect(md).toContain(`${heading}\n`);
    }
    expect(md).toContain('| 1.6 | Einführung eVergabe | Außen: 1 → 3 |');
    expect(md).toContain('| Sicherheit | 1 | 2 |');
    expect(md).toContain('Titel: Einführung Master Data Management → Stammdatenmanagement');
    const shapes = tableShapes(md);
    for (const widths of shapes) expect(new Set(widths).size).toBe(1);
    const tables = shapes.length;
    expect(tables).toBeGreaterThanOrEqual(6);
  });

  it('--fail-on gates a pull request', () => {
    const { g } = fortschreibung();
    expect(run(g, ['diff', 'v2018', 'HEAD', '--fail-on', 'weights']).status).toBe(0);
    const r = run(g, ['diff', 'v2018', 'HEAD', '--fail-on', 'priority-change,removed', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).failed).toEqual(['priority-change', 'removed']);
    const bad = run(g, ['diff', 'v2018', '--fail-on', 'everything']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--fail-on: unknown kind "everything" (valid: added, removed, changed, priority-change, weights, any)');
  });

  it('still reports what it can when a file is invalid at one revision, and exits 1', () => {
    const { g } = fortschreibung();
    g.edit(`${M}/1.2-e-akte-dokumentenmanagement-system.yaml`, (t) => t.replace('  security: 2', '  security: 7'));
    g.write(`${M}/1.3-standardisierung-datenformate-elektronischer-datenaustausch.yaml`, 'id: "1.3"\ntitle: [kaputt\n');
    g.commit('kaputt', '2022-02-01');
    const r = run(g, ['diff', 'v2018', 'HEAD', '--format', 'json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.added.map((m: { id: string }) => m.id)).toEqual(['2.8']);
    expect(
      out.invalid.map((i: { revision: string; file: string; line: number; rule: string }) => `${i.revision} ${i.file}:${i.line} ${i.rule}`),
    ).toEqual([
      'HEAD HEAD:strategy/measures/1.2-e-akte-dokumentenmanagement-system.yaml:17 score-range',
      'HEAD HEAD:strategy/measures/1.3-standardisierung-datenformate-elektronischer-datenaustausch.yaml:3 yaml-syntax',
    ]);
    const md = run(g, ['diff', 'v2018', 'HEAD', '--format', 'markdown']).stdout;
    expect(md).toContain('## Ungültige Dateien');
  });

  it.each([
    ['--output=/tmp/itstrat-hostile-out'],
    ['--upload-pack=touch /tmp/itstrat-hostile-pwned'],
    ['ext::sh -c touch% /tmp/itstrat-hostile-pwned'],
    ['-c'],
    ['protocol.ext.allow=always -c'],
    ['a'.repeat(300)],
    ['HEAD\u001b[31m'],
    // Git accepts Unicode spaces and separators in a tag; they make a ref look like another, so they are refused too.
    ['HEAD\u2029'],
    ['v2018\u00a0'],
  ])('treats the hostile ref %j as data: exit 2, nothing runs, no file appears', (ref) => {
    const { g } = fortschreibung();
    for (const args of [
      ['diff', '--', ref],
      ['diff', 'HEAD', '--', ref],
      ['history', '1.6', '--rev', ref],
    ]) {
      const r = run(g, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^itstrat: (revision|unknown revision)/);
      expect(r.stderr).not.toContain('\u001b');
    }
    expect(existsSync('/tmp/itstrat-hostile-out')).toBe(false);
    expect(existsSync('/tmp/itstrat-hostile-pwned')).toBe(false);
  });

  it('exits 2 naming an unknown ref, with no partial report', () => {
    const { g } = fortschreibung();
    const r = run(g, ['diff', 'v2017', '--format', 'markdown']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: 'itstrat: unknown revision "v2017"; expected a branch, tag or commit of this repository\n',
    });
  });

  it('tells a shallow clone to fetch with full depth', () => {
    const { g } = fortschreibung();
    const clone = join(mkdtempSync(join(tmpdir(), 'itstrat-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${g.dir}`, clone]);
    const r = itstrat(['diff', 'HEAD~1'], { cwd: clone });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shallow clone');
    expect(r.stderr).toContain('fetch-depth: 0');
  });

  it('exits 2 outside a git repository', () => {
    const r = itstrat(['diff', 'HEAD', '--dir', copyStrategy()], { cwd: '/' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not inside a git repository|outside the git repository/);
  });
});
