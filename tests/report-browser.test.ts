import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumFlags, chromiumPath, launch } from './helpers/browser.js';
import fc from 'fast-check';
import { run } from '../src/cli.js';
import { bundled, copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { hostile } from './helpers/hostile.js';

const work = mkdtempSync(join(tmpdir(), 'itstrat-browser-'));
const reportFile = join(work, 'report.html');
let browser: Browser;

interface Visit {
  page: Page;
  requests: string[];
  problems: string[];
  dialogs: string[];
}

async function open(file: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Visit> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1200, height: 900 },
  });
  const page = await context.newPage();
  const visit: Visit = { page, requests: [], problems: [], dialogs: [] };
  page.on('request', (r) => visit.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') visit.problems.push(m.text());
  });
  page.on('pageerror', (e) => visit.problems.push(e.message));
  page.on('dialog', (d) => {
    visit.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  return visit;
}

const fieldCounts = { eadministration: 11, kundenschnittstelle: 7, technik: 12, organisation: 21, uebergeordnet: 3 };

describe('the HTML report in headless Chromium', () => {
  beforeAll(async () => {
    writeFileSync(reportFile, itstrat(['report', '--format', 'html']).stdout);
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart and table, loading nothing and breaking no policy', async () => {
    const { page, requests, problems } = await open(reportFile);
    for (const [field, count] of Object.entries(fieldCounts)) {
      const circles = page.locator(`#feld-${field} figure.portfolio svg circle`);
      expect(await circles.count(), field).toBe(count);
      const box = await page.locator(`#feld-${field} figure.portfolio svg`).boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(300);
    }
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(15);
    expect(await page.locator('#feld-organisation table tbody tr').count()).toBe(21);
    expect(requests).toEqual([`file://${reportFile}`]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('takes a screenshot and prints to a PDF with a page per Handlungsfeld (chromium --headless)', () => {
    const png = join(work, 'shot.png');
    const pdf = join(work, 'report.pdf');
    const run = (...extra: string[]) =>
      execFileSync(chromiumPath(), [...chromiumFlags, `--user-data-dir=${join(work, 'profile')}`, ...extra, `file://${reportFile}`], {
        stdio: 'pipe',
        timeout: 60_000,
      });
    run(`--screenshot=${png}`, '--window-size=1200,2400');
    run(`--print-to-pdf=${pdf}`, '--no-pdf-header-footer');
    const image = readFileSync(png);
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(image.length).toBeGreaterThan(50_000);
    const doc = readFileSync(pdf);
    expect(doc.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (doc.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('re-ranks live when a weight changes, matching itstrat score --weights', async () => {
    const { page, problems } = await open(reportFile);
    await page.fill('input[name="weight-security"]', '4');
    const rows = await page.locator('#whatif-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const c = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { rank: Number(c[0]), id: c[1], score: Number(c[3]), change: c[5] };
      }),
    );
    const cli = JSON.parse(itstrat(['score', '--format', 'json', '--weights', 'security=4']).stdout) as {
      measures: { id: string; rank: number; score: number; prioritized: boolean }[];
    };
    expect(rows.map((r) => [r.rank, r.id, r.score])).toEqual(cli.measures.map((m) => [m.rank, m.id, m.score]));
    const published = JSON.parse(itstrat(['score', '--format', 'json']).stdout) as { measures: { id: string; prioritized: boolean }[] };
    const flipped = cli.measures
      .filter((m) => m.prioritized !== published.measures.find((p) => p.id === m.id)!.prioritized)
      .map((m) => m.id)
      .sort();
    expect(
      rows
        .filter((r) => r.change !== '')
        .map((r) => r.id)
        .sort(),
    ).toEqual(flipped);
    expect(flipped.length).toBeGreaterThan(0);
    expect(await page.locator('#whatif-summary').textContent()).toContain(`${flipped.length} Prioritätsänderungen`);
    await page.fill('input[name="threshold"]', '100');
    expect(await page.locator('#whatif-summary').textContent()).toMatch(/^0 priorisiert/);
    await page.click('#whatif-form button');
    expect(await page.locator('#whatif-summary').textContent()).toBe(
      '20 priorisiert, 0 Prioritätsänderungen gegenüber der beschlossenen Gewichtung',
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('agrees with itstrat score --weights --threshold on every row, for random weights and thresholds (property)', async () => {
    const { page, problems } = await open(reportFile);
    const ids = ['strategy', 'quality', 'security', 'external'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 }).filter((w) => w.some((x) => x > 0)),
        // Up to the highest score these weights allow (12 × 4 × 4) and a little beyond.
        fc.integer({ min: 0, max: 200 }),
        async (weights, threshold) => {
          for (const [i, id] of ids.entries()) await page.fill(`input[name="weight-${id}"]`, String(weights[i]));
          await page.fill('input[name="threshold"]', String(threshold));
          const rows = await page.locator('#whatif-table tbody tr').evaluateAll((trs) =>
            trs.map((tr) => {
              const c = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
              return [Number(c[0]), c[1], Number(c[3]), c[4]];
            }),
          );
          const out: string[] = [];
          const io = {
            stdout: (t: string) => void out.push(t),
            stderr: () => undefined,
            env: { FORCE_COLOR: '0', ITSTRAT_CACHE: '0' },
            isTTY: false,
          };
          expect(
            await run(
              [
                'score',
                '--format',
                'json',
                '--dir',
                bundled,
                '--weights',
                ids.map((id, i) => `${id}=${weights[i]}`).join(','),
                '--threshold',
                String(threshold),
              ],
              io,
            ),
          ).toBe(0);
          const cli = JSON.parse(out.join('')) as { measures: { id: string; rank: number; score: number; prioritized: boolean }[] };
          expect(rows).toEqual(cli.measures.map((m) => [m.rank, m.id, m.score, m.prioritized ? 'priorisiert' : 'nicht priorisiert']));
        },
      ),
      { numRuns: 20 },
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is complete without JavaScript', async () => {
    const { page } = await open(reportFile, { javaScriptEnabled: false });
    expect(await page.locator('figure.portfolio svg circle').count()).toBe(54);
    expect(await page.locator('#whatif-table tbody tr').count()).toBe(54);
    expect(await page.locator('#whatif-form').isVisible()).toBe(false);
    await page.context().close();
  });

  it('shows hostile text as text: no element, no script, no dialog', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) =>
      t.replace(/^title: .*$/m, `title: ${JSON.stringify(`${hostile} </script><script>alert(2)</script>`)}`),
    );
    const file = join(work, 'hostile.html');
    writeFileSync(file, itstrat(['report', '--format', 'html', '--dir', dir]).stdout);
    const { page, dialogs, requests } = await open(file);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('#whatif-table tbody tr[data-id="1.6"] td:nth-child(3)').textContent()).toContain(
      '<img src=x onerror=alert(1)>',
    );
    expect(await page.locator('#feld-eadministration table').first().textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    await page.context().close();
  });

  it('renders every Mermaid chart of the Markdown report with Mermaid itself', async () => {
    const md = itstrat(['report']).stdout;
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ content: readFileSync(join(root, 'node_modules/mermaid/dist/mermaid.min.js'), 'utf8') });
    const results = await page.evaluate(async (sources) => {
      const mermaid = (
        globalThis as unknown as { mermaid: { initialize(o: object): void; render(id: string, s: string): Promise<{ svg: string }> } }
      ).mermaid;
      mermaid.initialize({ startOnLoad: false });
      const out: (number | string)[] = [];
      for (const [i, source] of sources.entries()) {
        try {
          out.push(((await mermaid.render(`chart${i}`, source)).svg.match(/<circle/g) ?? []).length);
        } catch (error) {
          out.push(String(error));
        }
      }
      return out;
    }, charts);
    expect(results).toEqual(Object.values(fieldCounts));
    await context.close();
  }, 60_000);
});
