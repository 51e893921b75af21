// Issue 16 in headless Chromium: the report's SVG roadmap renders (bars, milestones, hostile
// titles as text), and Mermaid itself renders the gantt of `roadmap --format markdown`.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './helpers/browser.js';
import { copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { hostile } from './helpers/hostile.js';

const file = (dir: string, id: string): string =>
  join(
    dir,
    'measures',
    readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!,
  );
const addLines = (dir: string, id: string, lines: string) => editFile(file(dir, id), (t) => `${t.trimEnd()}\n${lines}\n`);

let browser: Browser;
let dir: string;

describe('the roadmap in Chromium', () => {
  beforeAll(async () => {
    dir = copyStrategy();
    addLines(dir, '1.2', 'start: "2019-01-01"\ndue: "2021-12-31"\nstatus: done');
    addLines(dir, '1.8', 'start: "2022-01-01"\ndue: "2024-06-30"');
    addLines(dir, '2.1', 'due: "2022-06-30"');
    addLines(dir, '3.1', 'start: "2020-03-01"');
    editFile(file(dir, '1.8'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(`section x: a;b #c ${hostile}`)}`));
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the SVG timeline of the HTML report: a bar per dated measure, a mark per deadline, titles as text', async () => {
    const page1 = join(mkdtempSync(join(tmpdir(), 'itstrat-roadmap-')), 'r.html');
    writeFileSync(page1, itstrat(['report', '--dir', dir, '--format', 'html', '--date', '2023-01-01']).stdout);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`file://${page1}`);
    const svg = page.locator('figure.roadmap svg');
    expect(await svg.count()).toBe(1);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    // 1.2 and 1.8 have start and due: bars; 2.1 (due) and 3.1 (start) a diamond; three deadlines.
    expect(await svg.locator('rect.bar').count()).toBe(2);
    expect(await svg.locator('path.bar').count()).toBe(2);
    expect(await svg.locator('path.milestone').count()).toBe(3);
    expect(await svg.locator('path.milestone.overdue').count()).toBe(1);
    expect(await svg.locator('rect.bar.status-done').count()).toBe(1);
    // Each bar really has an extent on screen, the later one to the right of the earlier one.
    const bars = await svg.locator('rect.bar').evaluateAll((rs) =>
      rs.map((r) => {
        const b = (r as unknown as { getBBox(): { x: number; width: number } }).getBBox();
        return { x: b.x, width: b.width };
      }),
    );
    expect(bars.every((b) => b.width > 3)).toBe(true);
    expect(bars[1]!.x).toBeGreaterThan(bars[0]!.x);
    // The whole title, markup as text, in the tooltip of its row.
    expect(await svg.locator('g > title').allTextContents()).toContainEqual(expect.stringContaining('<img src=x onerror=alert(1)>'));
    expect(await page.locator('figure.roadmap img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('renders the gantt of roadmap --format markdown with Mermaid itself', async () => {
    const md = itstrat(['roadmap', '--dir', dir, '--format', 'markdown', '--today', '2023-01-01']).stdout;
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(1);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: readFileSync(join(root, 'node_modules/mermaid/dist/mermaid.min.js'), 'utf8') });
    const result = await page.evaluate(async (source) => {
      const mermaid = (
        globalThis as unknown as { mermaid: { initialize(o: object): void; render(id: string, s: string): Promise<{ svg: string }> } }
      ).mermaid;
      mermaid.initialize({ startOnLoad: false });
      try {
        return (await mermaid.render('roadmap', source)).svg;
      } catch (error) {
        return String(error);
      }
    }, charts[0]!);
    expect(result).toMatch(/^<svg/);
    // Four dated measures and three deadlines, each a task of the chart, the hostile title as its text.
    expect(result.match(/<rect [^>]*class="task[ "]/g) ?? []).toHaveLength(7);
    expect(result).toMatch(/class="taskText[^"]*"[^>]*>1\.8 section x a b c/);
    await context.close();
  }, 60_000);
});
