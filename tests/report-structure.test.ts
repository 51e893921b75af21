import { XMLParser } from 'fast-xml-parser';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile } from './helpers/cli.js';
import { hostile } from './helpers/hostile.js';
import { itstratInProcess } from './helpers/in-process.js';
import { fragmentLinks, githubAnchors, headingLevels, renderMarkdown } from './helpers/markdown.js';

const report = async (args: string[]) => {
  const r = await itstratInProcess(['report', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};

/** A copy of the strategy whose headings carry every character GitHub's anchors drop or keep. */
function hostileHeadings(): string {
  const dir = copyStrategy();
  editFile(join(dir, 'strategy.yaml'), (t) =>
    t
      .replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`)
      .replace(
        'name: eAdministration',
        `name: ${JSON.stringify(' E_Akte & <Co> [1] `x` ~y~ *z* Ü-ber "so" \u200f\u001b[31m\tend\nnext line ')}`,
      )
      .replace('name: Kundenschnittstelle', 'name: "Kundenschnittstelle"'),
  );
  return dir;
}

const htmlLevels = (page: string) => [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));

function expectNested(levels: number[]): void {
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `heading ${i}`).toBeLessThanOrEqual(1);
}

describe('the report in the order a committee reads it', () => {
  it.each([['de'], ['en']])('%s: title, summary, contents, Leitplanken, Handlungsfelder, details, appendix', async (lang) => {
    const md = await report(['--lang', lang]);
    const h2 = [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(h2).toEqual(
      lang === 'de'
        ? ['Zusammenfassung', 'Inhalt', 'Leitplanken', 'Handlungsfelder', 'Maßnahmendetails', 'Rahmenbedingungen und Roadmap', 'Anhang']
        : [
            'Summary',
            'Contents',
            'Leitplanken (guard-rails)',
            'Fields of action',
            'Measure details',
            'Requirements and roadmap',
            'Appendix',
          ],
    );
    // The summary holds the counts, the prioritised measures and the open issues — before any prose.
    const summary = md.slice(md.indexOf('\n## '), md.indexOf('\n## ', md.indexOf('\n## ') + 1));
    expect(summary).toMatch(/\| 1 eAdministration \| 11 \| 7 \|/);
    expect(summary).toMatch(/\| 1 \| 2\.1 \| Portal Strategie/);
    expect(summary).toContain(lang === 'de' ? '### Offene Konsistenzfragen' : '### Open consistency issues');
    expect(summary).toMatch(
      lang === 'de' ? /Abweichungen zwischen Beschluss und Berechnung: 0 von 54/ : /decision and computation: 0 of 54/,
    );
    expect(md.indexOf('| 1 | 2.1 |')).toBeLessThan(md.indexOf('Die Digitalisierung wird in vielen Bereichen'));
    // Charts and tables under the Handlungsfelder; the details after all of them.
    expect(md.indexOf('```mermaid')).toBeGreaterThan(md.indexOf(`\n## ${h2[3]}\n`));
    expect(md.lastIndexOf('```mermaid\nquadrantChart')).toBeLessThan(md.indexOf(`\n## ${h2[4]}\n`));
    // The roadmap's gantt in its own section, after the details and before the appendix.
    expect(md.indexOf('```mermaid\ngantt')).toBeGreaterThan(md.indexOf(`\n## ${h2[5]}\n`));
    expect(md.indexOf('```mermaid\ngantt')).toBeLessThan(md.indexOf(`\n## ${h2[6]}\n`));
    expect(md.indexOf('#### 1.1 ')).toBeGreaterThan(md.indexOf(`\n## ${h2[4]}\n`));
    expect(md.indexOf('#### 1.1 ')).toBeLessThan(md.indexOf(`\n## ${h2[5]}\n`));
  });

  it('names every disagreement between decision and computation in the summary', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    const md = await report(['--dir', dir]);
    const summary = md.slice(md.indexOf('\n## Zusammenfassung\n'), md.indexOf('\n## Inhalt\n'));
    expect(summary).toContain('Abweichungen zwischen Beschluss und Berechnung: 1 von 54 beschlossenen Prioritäten.');
    expect(renderMarkdown(summary)).toMatch(/<li>\s*(<p>)?1\.6 Einführung eVergabe — Beschluss: priorisiert, Priorität: nicht priorisiert/);
    expect(await report(['--dir', dir, '--format', 'html'])).toContain(
      '<li>1.6 Einführung eVergabe — Beschluss: priorisiert, Priorität: nicht priorisiert</li>',
    );
  });

  it('nests headings without a jump, in Markdown and HTML, German, English and hostile', async () => {
    const dir = hostileHeadings();
    for (const args of [[], ['--lang', 'en'], ['--dir', dir]]) {
      expectNested(headingLevels(await report(args)));
      expectNested(htmlLevels(await report([...args, '--format', 'html'])));
    }
    // The measures' details sit under their Handlungsfeld under "Maßnahmendetails" (### 1.1 under ### Maßnahmendetails was the bug).
    const md = await report([]);
    expect(md).toMatch(/\n## Maßnahmendetails\n\n### 1 eAdministration\n\n#### 1\.1 Konsolidierung/);
  });

  it('links every contents entry to a heading GitHub gives that anchor (computed independently), hostile headings too', async () => {
    for (const args of [[], ['--lang', 'en'], ['--dir', hostileHeadings()]]) {
      const md = await report(args);
      const anchors = new Set(githubAnchors(md));
      const links = fragmentLinks(md);
      expect(links.length).toBeGreaterThanOrEqual(12);
      for (const link of links) expect(anchors, `#${link}`).toContain(link);
    }
    const md = await report([]);
    for (const link of ['#3-technik--infrastruktur', '#5-übergeordnete-themen', '#maßnahmendetails', '#konsistenz', '#zusammenfassung'])
      expect(md).toContain(`](${link})`);
  });

  it('in HTML links only to ids that exist once, with lang, scoped headers and a labelled contents', async () => {
    for (const args of [
      ['--format', 'html'],
      ['--format', 'html', '--lang', 'en'],
      ['--format', 'html', '--dir', hostileHeadings()],
    ]) {
      const page = await report(args);
      const ids = [...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
      expect(new Set(ids).size).toBe(ids.length);
      const targets = [...page.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]!);
      expect(targets.length).toBeGreaterThanOrEqual(14);
      for (const t of targets) expect(ids, t).toContain(t);
      expect(targets).toContain('whatif');
      expect(page).toMatch(/<html lang="(de|en)">/);
      expect(page.match(/<th(?![^>]*scope="(col|row)")[\s>]/g)).toBeNull();
      expect(page).toMatch(/<nav aria-label="(Inhalt|Contents)">/);
      // Every wide table scrolls in its own focusable region, each named uniquely.
      const regions = [...page.matchAll(/<div class="table-wrap" role="region" tabindex="0" aria-label="([^"]+)">/g)].map((m) => m[1]);
      expect(regions.length).toBe((page.match(/<table[\s>]/g) ?? []).length);
      expect(new Set(regions).size).toBe(regions.length);
      // The what-if is linked from the summary, before the contents.
      expect(page.indexOf('href="#whatif"')).toBeLessThan(page.indexOf('<nav'));
    }
  });
});

interface Marker {
  ids: string[];
  cx: number;
  cy: number;
  r: number;
}

/** The markers, grid and labels of every portfolio chart in the page, read from the SVG itself. */
function charts(page: string) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['g', 'line', 'text', 'tspan'].includes(name),
  });
  return [...page.matchAll(/<section id="feld-([^"]+)" class="field">[\s\S]*?(<svg[\s\S]*?<\/svg>)/g)].map((m) => {
    const svg = parser.parse(m[2]!).svg;
    const grid = (axis: string) =>
      new Map<number, number>(
        (svg.line as Record<string, string>[])
          .filter((l) => l['data-axis'] === axis)
          .map((l) => [Number(l['data-value']), Number(axis === 'x' ? l.x1 : l.y1)]),
      );
    const markers: Marker[] = (svg.g as { 'data-ids': string; circle: Record<string, string> }[]).map((g) => ({
      ids: g['data-ids'].split(' '),
      cx: Number(g.circle.cx),
      cy: Number(g.circle.cy),
      r: Number(g.circle.r),
    }));
    const labels = (svg.text as { class: string; tspan?: { x: string; y: string; '#text': string | number }[] }[])
      .filter((t) => t.class === 'label')
      .flatMap((t) => t.tspan!.map((s) => ({ x: Number(s.x), y: Number(s.y), text: String(s['#text']) })));
    const counts = (svg.g as { 'data-ids': string; text?: { '#text': number }[] }[]).map((g) => g.text?.[0]?.['#text']);
    return { field: m[1]!, x: grid('x'), y: grid('y'), markers, labels, counts, viewBox: String(svg.viewBox).split(' ').map(Number) };
  });
}

describe('portfolio charts are truthful', () => {
  it('draws every measure at its real coordinates: measures sharing a position are one marker with their count', async () => {
    const scores = JSON.parse((await itstratInProcess(['score', '--format', 'json'])).stdout) as {
      measures: { id: string; field: string; scores: Record<string, number> }[];
    };
    const all = charts(await report(['--format', 'html']));
    expect(all.map((c) => c.field)).toEqual(['eadministration', 'kundenschnittstelle', 'technik', 'organisation', 'uebergeordnet']);
    for (const chart of all) {
      const measures = scores.measures.filter((m) => m.field === chart.field);
      expect(chart.markers.flatMap((m) => m.ids).sort()).toEqual(measures.map((m) => m.id).sort());
      for (const m of measures) {
        const marker = chart.markers.find((k) => k.ids.includes(m.id))!;
        expect([marker.cx, marker.cy], m.id).toEqual([chart.x.get(m.scores['strategy']!), chart.y.get(m.scores['external']!)]);
      }
      // One marker per position, and a marker for several shows how many.
      const positions = chart.markers.map((k) => `${k.cx},${k.cy}`);
      expect(new Set(positions).size).toBe(positions.length);
      chart.markers.forEach((k, i) => expect(chart.counts[i]).toBe(k.ids.length > 1 ? k.ids.length : undefined));
    }
    // 4.2, 4.3, 4.4 … are at strategic impact 3, external impact 0: one marker there, nine measures.
    const org = all.find((c) => c.field === 'organisation')!;
    const nine = org.markers.find((k) => k.ids.includes('4.4'))!;
    expect(nine.ids).toHaveLength(9);
    expect([nine.cx, nine.cy]).toEqual([org.x.get(3), org.y.get(0)]);
  });

  it('keeps every label readable: inside the chart, off every other marker, a count inside its marker', async () => {
    const { CHAR_WIDTH, CELL } = await import('../src/render/report/portfolio-svg.js');
    // All 21 measures of field 4 in the top-left corner, all 12 of field 3 in the top-right one at full size.
    const dir = copyStrategy();
    for (const file of readdirSync(join(dir, 'measures'))) {
      const corner = file.startsWith('4.') ? [0, 4] : file.startsWith('3.') ? [4, 4] : undefined;
      if (corner === undefined) continue;
      editFile(join(dir, 'measures', file), (t) =>
        t
          .replace(/^ {2}strategy: \d/m, `  strategy: ${corner[0]}`)
          .replace(/^ {2}external: \d/m, `  external: ${corner[1]}`)
          .replace(/^ {2}(quality|security): \d/gm, '  $1: 4'),
      );
    }
    const page = await report(['--format', 'html', '--dir', dir]);
    for (const chart of charts(page)) {
      const [, , width, height] = chart.viewBox;
      for (const l of chart.labels) {
        const w = l.text.length * CHAR_WIDTH;
        expect(w, l.text).toBeLessThanOrEqual(CELL - 8);
        const box = { left: l.x - w / 2, right: l.x + w / 2, top: l.y - 9, bottom: l.y + 2 };
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width!);
        expect(box.top).toBeGreaterThanOrEqual(0);
        expect(box.bottom).toBeLessThanOrEqual(height!);
        for (const k of chart.markers) {
          // The nearest point of the label's box to the marker's centre lies outside the marker.
          const dx = Math.max(box.left - k.cx, 0, k.cx - box.right);
          const dy = Math.max(box.top - k.cy, 0, k.cy - box.bottom);
          expect(Math.hypot(dx, dy), `${l.text} on ${k.ids.join(' ')}`).toBeGreaterThan(k.r);
        }
      }
      for (const k of chart.markers) expect(String(k.ids.length).length * 11 * 0.62).toBeLessThan(2 * k.r);
    }
    const org = charts(page).find((c) => c.field === 'organisation')!;
    expect(org.markers).toHaveLength(1);
    expect(org.markers[0]!.ids).toHaveLength(21);
    expect(org.labels.at(-1)!.text).toMatch(/ …$/);
  });

  it('in Mermaid: one point per position at the exact values, named by its ids and count, and a data table beside it', async () => {
    const md = await report([]);
    const chart = /```mermaid\n([\s\S]*?)```/g;
    const org = [...md.matchAll(chart)][3]![1]!;
    expect(org).toContain('    Nr 4.2 4.3 4.4 … ×9: [0.700, 0.100]');
    expect(org).toContain('    Nr 4.21: [0.700, 0.700]');
    const points = [...org.matchAll(/: \[([\d.]+), ([\d.]+)\]/g)].map((m) => `${m[1]},${m[2]}`);
    expect(new Set(points).size).toBe(points.length);
    for (const p of points) for (const v of p.split(',')) expect([0.1, 0.3, 0.5, 0.7, 0.9]).toContain(Number(v));
    expect(md).toContain('| 3 | 0 | 9 | 4.2, 4.3, 4.4, 4.8, 4.10, 4.11, 4.14, 4.16, 4.17 | nicht priorisiert |');
  });
});
