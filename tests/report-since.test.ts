import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';
import { fragmentLinks, githubAnchors, headingLevels, renderMarkdown } from './helpers/markdown.js';
import { hostile } from './helpers/hostile.js';

const M = 'strategy/measures';

/**
 * The 2018 strategy tagged, then a Fortschreibung in the working tree and a commit: a measure
 * added and one removed, one rescored (and so prioritised), one retitled, and a weight changed.
 */
function fortschreibung(): GitDir {
  const g = gitdir();
  g.commit('IT-Strategie 2018', '2018-12-11');
  g.git(['tag', '-a', 'v2018', '-m', 'beschlossen']);
  g.edit(`${M}/1.6-evergabe.yaml`, (t) => t.replace('  external: 1', '  external: 3'));
  g.edit(`${M}/1.9-master-data-management.yaml`, (t) => t.replace(/^title: .*$/m, 'title: Stammdatenmanagement'));
  g.remove(`${M}/5.3-open-data.yaml`);
  g.write(
    `${M}/2.8-chatbot.yaml`,
    g
      .read(`${M}/2.4-auskunftssystem-bearbeitungsstatus.yaml`)
      .replace('"2.4"', '"2.8"')
      .replace(/^title: .*$/m, 'title: Chatbot'),
  );
  g.commit('Fortschreibung, Teil 1', '2021-06-01');
  g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "?security"?[\s\S]*?weight: )1\b/, '$12'));
  return g;
}

const run = (g: GitDir, args: string[]) => itstrat(args, { cwd: g.dir });

/** The part of a Markdown document from the heading `## title` to the next `## `. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start + 1, end === -1 ? undefined : end);
}

describe('itstrat report --since REF', () => {
  it('adds "Änderungen seit REF" with exactly what itstrat diff REF reports, one level deeper', () => {
    const g = fortschreibung();
    const r = run(g, ['report', '--since', 'v2018']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const changes = section(r.stdout, 'Änderungen seit v2018');
    for (const text of [
      '### Neue Maßnahmen',
      '| 2.8 | Chatbot |',
      '### Entfallene Maßnahmen',
      '| 5.3 |',
      '### Neu bewertete Maßnahmen',
      '| 1.6 | Einführung eVergabe | Außen: 1 → 3 |',
      '### Prioritätsänderungen',
      '### Gewichtung',
      '| Sicherheit | 1 | 2 |',
      'Titel: Einführung Master Data Management → Stammdatenmanagement',
    ])
      expect(changes, text).toContain(text);
    // The same computation as `diff`: its Markdown after the summary, with every heading one level deeper.
    const diff = run(g, ['diff', 'v2018', '--format', 'markdown']).stdout;
    const body = diff.slice(diff.indexOf('\n## ', diff.indexOf('## Zusammenfassung') + 1) + 1).replace(/^## /gm, '### ');
    expect(changes.trimEnd()).toContain(body.trimEnd());
    expect(changes).toContain(diff.split('\n').find((l) => l.startsWith('- Stand vorher: ')));
  });

  it('counts the changes in the summary, as diff counts them, with a link that resolves', () => {
    const g = fortschreibung();
    const md = run(g, ['report', '--since', 'v2018']).stdout;
    const summary = section(md, 'Zusammenfassung');
    const json = JSON.parse(run(g, ['diff', 'v2018', '--format', 'json']).stdout) as {
      added: unknown[];
      removed: unknown[];
      changed: unknown[];
      ranking: { id: string; from: { prioritized: boolean }; to: { prioritized: boolean } }[];
    };
    const flips = json.ranking.filter((r) => r.from.prioritized !== r.to.prioritized).length;
    expect(flips).toBeGreaterThan(0);
    expect(summary).toContain('### Änderungen seit v2018 im Überblick');
    const counts = /^- (.*)$/m.exec(summary.slice(summary.indexOf('im Überblick')))![1]!;
    const diffSummary = run(g, ['diff', 'v2018', '--format', 'markdown']).stdout;
    expect(diffSummary).toContain(`- ${counts}\n`);
    expect(counts).toMatch(
      new RegExp(
        `^${json.added.length} Maßnahmen? neu, ${json.removed.length} entfallen, ${json.changed.length} geändert .*; \\d+ Prioritätsänderung`,
      ),
    );
    expect(summary).toContain('- [Alle Änderungen im Einzelnen](#änderungen-seit-v2018)');
    expect(summary).toContain('Die Gewichtung der Leitplanken oder die Schwelle wurde geändert.');
    // The summary comes before the contents, the changes right after them, before the Leitplanken.
    const order = ['## Zusammenfassung', '## Inhalt', '## Änderungen seit v2018', '## Leitplanken'].map((h) => md.indexOf(`\n${h}\n`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(0);
    expect(md).toContain('- [Änderungen seit v2018](#änderungen-seit-v2018)');
  });

  it('shows the same section in HTML, in English too, with headings still in order', () => {
    const g = fortschreibung();
    const page = run(g, ['report', '--since', 'v2018', '--format', 'html', '--lang', 'en']).stdout;
    expect(page).toContain('<h2 id="aenderungen">Changes since v2018</h2>');
    expect(page).toContain('<h3 id="aenderungen-ueberblick">Changes since v2018 at a glance</h3>');
    expect(page).toContain('<a href="#aenderungen">All changes in detail</a>');
    expect(page).toMatch(/<h3>Added measures<\/h3>.*<th scope="row">2\.8<\/th><td>Chatbot<\/td>/s);
    const levels = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    const md = run(g, ['report', '--since', 'v2018', '--lang', 'en']).stdout;
    expect(md).toContain('\n## Changes since v2018\n');
    const mdLevels = headingLevels(md);
    for (let i = 1; i < mdLevels.length; i++) expect(mdLevels[i]! - mdLevels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it('says "no changes" for the current commit, and takes a commit id or HEAD~1', () => {
    const g = fortschreibung();
    g.commit('Fortschreibung, Teil 2', '2021-12-01');
    const md = run(g, ['report', '--since', 'HEAD']).stdout;
    expect(section(md, 'Änderungen seit HEAD')).toContain('0 Maßnahmen neu, 0 entfallen, 0 geändert');
    const id = g.git(['rev-parse', 'v2018^{commit}']).trim();
    expect(run(g, ['report', '--since', id]).stdout).toContain(`\n## Änderungen seit ${id}\n`);
    // `~` is escaped in Markdown; the anchor is GitHub's, of the text as shown.
    const tilde = run(g, ['report', '--since', 'HEAD~1']).stdout;
    expect(section(tilde, 'Änderungen seit HEAD\\~1')).toContain('| Sicherheit | 1 | 2 |');
    expect(tilde).toContain('- [Alle Änderungen im Einzelnen](#änderungen-seit-head1)');
    expect(githubAnchors(tilde)).toContain('änderungen-seit-head1');
  });

  it('shows a ref that git allows but markup would read (`v1<b>&x`) as text, its anchor resolving', () => {
    const g = fortschreibung();
    g.git(['tag', 'v1<b>&x', 'v2018']);
    const md = run(g, ['report', '--since', 'v1<b>&x']).stdout;
    expect(md).toContain('\n## Änderungen seit v1&lt;b&gt;&amp;x\n');
    expect(renderMarkdown(md)).not.toContain('<b>');
    const anchors = new Set(githubAnchors(md));
    for (const link of fragmentLinks(md)) expect(anchors, link).toContain(link);
    expect(fragmentLinks(md)).toContain('änderungen-seit-v1bx');
    const page = run(g, ['report', '--since', 'v1<b>&x', '--format', 'html']).stdout;
    expect(page).toContain('<h2 id="aenderungen">Änderungen seit v1&lt;b&gt;&amp;x</h2>');
    expect(page).not.toContain('<b>');
  });

  it('treats the ref as data: an option-like, blank, control or unknown ref exits 2 with one line and no report', () => {
    const g = fortschreibung();
    for (const [ref, message] of [
      ['--output=/tmp/x', /starts with "-"/],
      ['-p', /starts with "-"/],
      ['v2018 main', /whitespace or control/],
      ['v2018\u001b[31m', /whitespace or control/],
      ['', /empty revision/],
      ['x'.repeat(300), /longer than 256/],
      ['nope', /unknown revision "nope"/],
      [hostile.slice(0, 40).replace(/\s/g, ''), /revision/],
    ] as const) {
      const r = run(g, ['report', `--since=${ref}`]);
      expect(r.status, ref).toBe(2);
      expect(r.stdout, ref).toBe('');
      expect(r.stderr.trim().split('\n'), ref).toHaveLength(1);
      expect(r.stderr, ref).toMatch(message);
      expect(r.stderr).not.toContain('\u001b');
    }
  });

  it('in a shallow clone that lacks REF says to fetch with full depth (exit 2, no report), and works with REF present', () => {
    const g = fortschreibung();
    g.commit('Fortschreibung, Teil 2', '2021-12-01');
    const clone = join(mkdtempSync(join(tmpdir(), 'itstrat-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${g.dir}`, clone]);
    const r = itstrat(['report', '--since', 'HEAD~1'], { cwd: clone });
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/^itstrat: unknown revision "HEAD~1": this is a shallow clone .*fetch-depth: 0/);
    expect(itstrat(['report', '--since', 'HEAD'], { cwd: clone }).status).toBe(0);
  });

  it('outside a git repository exits 2 naming the reason; without --since the same folder reports', () => {
    const dir = copyStrategy();
    const r = itstrat(['report', '--since', 'HEAD', '--dir', dir], { env: { GIT_CEILING_DIRECTORIES: join(dir, '..') } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^itstrat: not inside a git repository/);
    expect(itstrat(['report', '--dir', dir], { env: { GIT_CEILING_DIRECTORIES: join(dir, '..') } }).status).toBe(0);
  });

  it('lists a file invalid at REF and exits 1, as diff does, the rest of the report intact', () => {
    const g = gitdir();
    g.edit(`${M}/1.6-evergabe.yaml`, (t) => t.replace('  external: 1', '  external: 9'));
    g.commit('kaputt', '2019-01-01');
    g.git(['tag', 'broken']);
    g.edit(`${M}/1.6-evergabe.yaml`, (t) => t.replace('  external: 9', '  external: 1'));
    const r = run(g, ['report', '--since', 'broken']);
    expect(r.status).toBe(1);
    expect(run(g, ['diff', 'broken']).status).toBe(1);
    const changes = section(r.stdout, 'Änderungen seit broken');
    expect(changes).toContain('### Ungültige Dateien');
    expect(changes).toMatch(/1\.6-evergabe\.yaml:\d+:\d+/);
    expect(renderMarkdown(r.stdout)).toContain('<h2>Handlungsfelder</h2>');
  });
});
