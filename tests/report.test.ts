import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { expectGolden } from './helpers/golden.js';
import { hostile } from './helpers/hostile.js';
import { renderMarkdown, tableShapes } from './helpers/markdown.js';

describe('itstrat report', () => {
  it.each([
    ['report.de.md', ['report']],
    ['report.en.md', ['report', '--lang', 'en']],
    ['report.de.html', ['report', '--format', 'html']],
    ['report.en.html', ['report', '--format', 'html', '--lang', 'en']],
  ])('matches the golden file %s', async (name, args) => {
    const r = await itstratInProcess(args);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expectGolden(name, r.stdout);
  });

  it('is byte-identical for the same input, and dated only with --date', async () => {
    for (const format of ['markdown', 'html']) {
      const a = (await itstratInProcess(['report', '--format', format])).stdout;
      expect((await itstratInProcess(['report', '--format', format])).stdout).toBe(a);
      expect(a).not.toMatch(/Stand:|20[2-9]\d-\d\d-\d\dT/);
      expect((await itstratInProcess(['report', '--format', format, '--date', '2026-11-28'])).stdout).toContain('Stand: 2026-11-28');
    }
    expect((await itstratInProcess(['report', '--date', '28.11.2026'])).status).toBe(2);
  });

  it('has every part a reviewer needs, in German by default', async () => {
    const md = `\n${(await itstratInProcess(['report'])).stdout}`;
    for (const heading of [
      '# IT-Strategie 2018 der Stadtverwaltung Braunschweig',
      '## Zusammenfassung',
      '### Priorisierte Maßnahmen',
      '### Offene Konsistenzfragen',
      '## Inhalt',
      '## Leitplanken',
      '### Bewertungsskala (Anhang III)',
      '## Handlungsfelder',
      '### 1 eAdministration',
      '### 5 Übergeordnete Themen',
      '## Maßnahmendetails',
      '## Anhang',
      '### Messgrößen',
      '### Konsistenz',
    ]) {
      expect(md).toContain(`\n${heading}\n`);
    }
    expect(md).toContain('Gewicht 4 · Bewertungskriterium: Strategische Wirkung');
    expect(md).toContain('#### 1.2 Einführung E-Akte / Dokumentenmanagement System');
    expect(md).toContain('**Ist-Zustand:** Es gibt kein einheitliches Dokumentenmanagement.');
    expect(md).toContain('54 von 54 beschlossenen Prioritäten folgen aus Gewichten und Schwelle.');
    expect(md.match(/```mermaid\nquadrantChart\n/g)).toHaveLength(5);
    expect(md).toContain('| Entwicklung IT-Kosten | Betrag | noch keine Werte | – | – |');
    const en = (await itstratInProcess(['report', '--lang', 'en'])).stdout;
    expect(en).toContain('\n### Prioritised measures\n');
    expect(en).toContain('**Current state:**');
  });

  it('parses as GFM with every table keeping its column count', async () => {
    const shapes = tableShapes((await itstratInProcess(['report'])).stdout);
    expect(shapes.length).toBeGreaterThanOrEqual(5 + 5 + 3);
    for (const widths of shapes) expect(new Set(widths).size).toBe(1);
  });

  it('shows metric values with their trend', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'metrics.yaml'), (t) =>
      t
        .replace(
          /(id: "media-break-free-processes"[\s\S]*?)values: \[\]/,
          '$1values:\n      - { period: "2019", value: 3 }\n      - { period: "2020", value: 7 }',
        )
        .replace(
          /(id: "it-costs"[\s\S]*?)values: \[\]/,
          '$1values:\n      - { period: "2019", value: 1200000.5 }\n      - { period: "2020", value: 1100000 }',
        ),
    );
    const md = (await itstratInProcess(['report', '--dir', dir])).stdout;
    expect(md).toContain('| Anzahl der medienbruchfreien Prozesse | Anzahl | 7 | 2020 | ↑ (gut) |');
    expect(md).toContain('| Entwicklung IT-Kosten | Betrag | 1.100.000,00 EUR | 2020 | ↓ |');
  });

  it('writes --out atomically and prints nothing', async () => {
    const out = join(copyStrategy(), '..', 'bericht.html');
    const r = await itstratInProcess(['report', '--format', 'html', '--out', out]);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe((await itstratInProcess(['report', '--format', 'html'])).stdout);
    expect((await itstratInProcess(['report', '--out', '/nonexistent-dir/x.md'])).status).toBe(2);
  });

  it('keeps hostile text inert in Markdown, HTML and the terminal', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) =>
      t
        .replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`)
        .replace(/^description: >-\n(  .*\n)+/m, `description: ${JSON.stringify(hostile)}\n`),
    );
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t.replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`).replace('name: eAdministration', `name: ${JSON.stringify(hostile)}`),
    );

    const md = (await itstratInProcess(['report', '--dir', dir])).stdout;
    for (const widths of tableShapes(md)) expect(new Set(widths).size).toBe(1);
    const rendered = renderMarkdown(md);
    expect(rendered).not.toContain('<img');
    expect(rendered).not.toContain('<strong>bold');
    expect(rendered).not.toContain('href="javascript');
    expect(md).not.toContain('\u001b');
    const statement =
      /^(quadrantChart|    title [^<>|\u001b:[\]]*|    [xy]-axis [^<>|\u001b:[\]]* --> [^<>|\u001b:[\]]*|    Nr [\d.]+( [\d.]+)*( …)?( ×\d+)?: \[[\d.]+, [\d.]+\] radius: \d+, color: #[0-9a-f]{6})$/;
    // The portfolio charts; the roadmap's gantt has its own grammar check (tests/roadmap.test.ts).
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((c) => c.startsWith('quadrantChart\n'));
    expect(charts).toHaveLength(5);
    for (const chart of charts) for (const line of chart.trimEnd().split('\n')) expect(line).toMatch(statement);

    const page = (await itstratInProcess(['report', '--dir', dir, '--format', 'html'])).stdout;
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const data = /<script type="application\/json" id="itstrat-data">([^<]*)<\/script>/.exec(page)?.[1];
    expect(data).toBeDefined();
    expect(JSON.parse(data!).measures.find((m: { id: string }) => m.id === '1.6').title).toBe(hostile);

    for (const args of [['score'], ['score', '--format', 'markdown'], ['status', '--today', '2020-01-01']]) {
      const out = (await itstratInProcess([...args, '--dir', dir])).stdout;
      expect(out, args.join(' ')).not.toContain('\u001b');
      expect(out).not.toContain('\u0007');
    }
  });
});

describe('texts from the YAML in reports', () => {
  it('become paragraphs and lists, with continuation lines kept in their item', async () => {
    const { textBlocks } = await import('../src/render/report/report-blocks.js');
    expect(textBlocks('Intro:\n- first\ncontinued\n- second\n\nAfter.\n')).toEqual([
      { kind: 'paragraph', text: 'Intro:' },
      { kind: 'list', items: ['first continued', 'second'] },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });
});
