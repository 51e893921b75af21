import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** How many measures the markers of the charts under `scope` stand for (a marker per position, its ids in data-ids). */
const measuresInChart = (page: Page, scope: string): Promise<number> =>
  page
    .locator(`${scope} figure.portfolio svg g.marker`)
    .evaluateAll((gs) => gs.reduce((n, g) => n + (g.getAttribute('data-ids') ?? '').split(' ').length, 0));

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
      expect(await measuresInChart(page, `#feld-${field}`), field).toBe(count);
      const box = await page.locator(`#feld-${field} figure.portfolio svg`).boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(300);
    }
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(15);
    expect(await page.locator('#feld-organisation table').nth(1).locator('tbody tr').count()).toBe(21);
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

  // poppler-utils' pdftotext reads the printed pages; where it is not installed this test shows as skipped.
  const pdftotext = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p));
  it.runIf(pdftotext !== undefined)(
    'prints A4 pages numbered "n / N", each Handlungsfeld on a new page, no what-if',
    () => {
      const pdf = join(work, 'numbered.pdf');
      execFileSync(
        chromiumPath(),
        [
          ...chromiumFlags,
          `--user-data-dir=${join(work, 'profile')}`,
          `--print-to-pdf=${pdf}`,
          '--no-pdf-header-footer',
          `file://${reportFile}`,
        ],
        { stdio: 'pipe', timeout: 60_000 },
      );
      const text = execFileSync(pdftotext!, ['-layout', pdf, '-'], { encoding: 'utf8' });
      const pages = text.split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThanOrEqual(6);
      pages.forEach((p, i) => expect(p.trimEnd().split('\n').at(-1)!.trim(), `page ${i + 1}`).toBe(`${i + 1} / ${pages.length}`));
      const firstLine = (p: string) => p.trim().split('\n')[0]!.trim();
      expect(pages.map(firstLine)).toEqual(
        expect.arrayContaining(['Handlungsfelder', '2 Kundenschnittstelle', '5 Übergeordnete Themen', 'Anhang']),
      );
      // The first Handlungsfeld follows its part's heading on the same page.
      const fields = pages.find((p) => firstLine(p) === 'Handlungsfelder')!;
      expect(fields.trim().split('\n')[1]!.trim() || fields.trim().split('\n')[2]!.trim()).toBe('1 eAdministration');
      expect(text).not.toContain('Was wäre, wenn');
      expect(text).not.toContain('Zurücksetzen');
    },
    120_000,
  );

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
    expect(await page.locator('#whatif-summary').textContent()).toContain(
      `Prioritätsänderungen gegenüber der heutigen Berechnung: ${flipped.length}.`,
    );
    await page.fill('input[name="threshold"]', '100');
    expect(await page.locator('#whatif-summary').textContent()).toMatch(/^Priorisiert: 0\./);
    await page.click('#whatif-form button');
    expect(await page.locator('#whatif-summary').textContent()).toBe(
      'Priorisiert: 20. Prioritätsänderungen gegenüber der heutigen Berechnung: 0. Abweichungen vom Beschluss: 0.',
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
    expect(await measuresInChart(page, 'main')).toBe(54);
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
    // The field's second table lists its measures (the first is the chart's data table).
    expect(await page.locator('#feld-eadministration table').nth(1).textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    await page.context().close();
  });

  it('renders every Mermaid chart of the Markdown report with Mermaid itself', async () => {
    const md = itstrat(['report']).stdout;
    // The portfolio charts (the roadmap's gantt is rendered by tests/roadmap-browser.test.ts).
    const charts = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((c) => c.startsWith('quadrantChart'));
    expect(charts.length).toBeGreaterThan(0);
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
    // One circle per position: as many as each chart has points, none lost by Mermaid.
    expect(results).toEqual(charts.map((c) => (c.match(/: \[[\d.]+, [\d.]+\]/g) ?? []).length));
    expect(results.every((n) => typeof n === 'number' && n > 0)).toBe(true);
    await context.close();
  }, 60_000);
  it('never scrolls sideways from 1280 px down to 375 px: wide tables scroll in their own box', async () => {
    // A word longer than any screen in a title, a field name and a measure title: the class of text that used to push the page wide.
    const dir = copyStrategy();
    // 287 characters: within the schema's 300, so the report is really rendered (a longer one is refused, and an empty page never scrolls).
    const long = `Digitalisierungs${'verwaltungs'.repeat(24)}projekt`;
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t.replace(/^title: .*$/m, `title: ${long}`).replace('name: eAdministration', `name: ${long}`),
    );
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace(/^title: .*$/m, `title: ${long}`));
    const files = [reportFile, join(work, 'report.en.html'), join(work, 'long.html')];
    writeFileSync(files[1]!, itstrat(['report', '--format', 'html', '--lang', 'en']).stdout);
    const longReport = itstrat(['report', '--format', 'html', '--dir', dir]);
    expect(longReport.status, longReport.stderr).toBe(0);
    expect(longReport.stdout).toContain(long);
    writeFileSync(files[2]!, longReport.stdout);
    for (const file of files)
      for (const width of [1280, 1024, 768, 600, 414, 375]) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        await page.goto(`file://${file}`);
        const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, innerWidth]')) as number[];
        expect(scrollWidth, `${file} at ${width}px`).toBeLessThanOrEqual(innerWidth!);
        // The what-if's inputs stay on screen too, and a chart is never wider than the page.
        const boxes = await page
          .locator('#whatif-form input, figure.portfolio svg')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
        for (const right of boxes) expect(right).toBeLessThanOrEqual(width);
        await context.close();
      }
  }, 120_000);

  it('links the what-if from the summary, above the contents, and the link lands on it', async () => {
    const { page } = await open(reportFile);
    const link = page.locator('a[href="#whatif"]').first();
    const linkTop = await link.evaluate((a) => a.getBoundingClientRect().top + a.ownerDocument.defaultView!.scrollY);
    const navTop = await page.locator('nav').evaluate((n) => n.getBoundingClientRect().top + n.ownerDocument.defaultView!.scrollY);
    expect(linkTop).toBeLessThan(navTop);
    await link.click();
    const top = await page.locator('#whatif').evaluate((h) => h.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    expect(await page.locator('#whatif-form').isVisible()).toBe(true);
    // Every field has a label a screen reader announces.
    const names = await page
      .locator('#whatif-form input')
      .evaluateAll((els) => els.map((e) => (e as unknown as { labels: { textContent: string }[] }).labels[0]?.textContent ?? ''));
    expect(names).toEqual(['Strategie', 'Qualität', 'Sicherheit', 'Außen', 'Schwelle']);
    await page.context().close();
  });

  it("compares against the decisions and against today's computation, both counts shown", async () => {
    // Two decisions that the weights do not reproduce: the consistency section lists both.
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    editFile(join(dir, 'measures', '1.1-konsolidierung-vorhandenen-zwei-sap.yaml'), (t) =>
      t.replace('decision: prioritized', 'decision: not_prioritized'),
    );
    const file = join(work, 'disagreeing.html');
    writeFileSync(file, itstrat(['report', '--format', 'html', '--dir', dir]).stdout);
    const { page, problems } = await open(file);
    expect(await page.locator('#konsistenz + p').textContent()).toContain('52 von 54');
    expect(await page.locator('#whatif-summary').textContent()).toBe(
      'Priorisiert: 20. Prioritätsänderungen gegenüber der heutigen Berechnung: 0. Abweichungen vom Beschluss: 2.',
    );
    await page.fill('input[name="weight-external"]', '5');
    const cli = JSON.parse(itstrat(['score', '--format', 'json', '--dir', dir, '--weights', 'external=5']).stdout) as {
      measures: { id: string; prioritized: boolean; decision: string | null }[];
    };
    const today = JSON.parse(itstrat(['score', '--format', 'json', '--dir', dir]).stdout) as typeof cli;
    const vsDecision = cli.measures.filter((m) => m.decision !== null && m.prioritized !== (m.decision === 'prioritized')).length;
    const vsToday = cli.measures.filter((m) => m.prioritized !== today.measures.find((t) => t.id === m.id)!.prioritized).length;
    expect(vsToday).toBeGreaterThan(0);
    expect(await page.locator('#whatif-summary').textContent()).toBe(
      `Priorisiert: ${cli.measures.filter((m) => m.prioritized).length}. Prioritätsänderungen gegenüber der heutigen Berechnung: ${vsToday}. Abweichungen vom Beschluss: ${vsDecision}.`,
    );
    const marked = await page
      .locator('#whatif-table tbody tr')
      .evaluateAll((trs) => trs.filter((tr) => tr.querySelectorAll('td')[7]!.textContent !== '').map((tr) => tr.getAttribute('data-id')));
    expect(marked).toHaveLength(vsDecision);
    const changedToday = await page
      .locator('#whatif-table tbody tr td:nth-child(6)')
      .evaluateAll((tds) => tds.filter((td) => td.textContent !== '').length);
    expect(changedToday).toBe(vsToday);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('rejects exactly what itstrat score --weights/--threshold rejects, with a visible alert and no table', async () => {
    const { page, problems } = await open(reportFile);
    const cliStatus = async (args: string[]) =>
      run(['score', '--format', 'json', '--dir', bundled, ...args], {
        stdout: () => undefined,
        stderr: () => undefined,
        env: { FORCE_COLOR: '0', ITSTRAT_CACHE: '0' },
        isTTY: false,
      });
    const state = async () => ({
      alert: (await page.locator('#whatif-error[role="alert"]').textContent()) ?? '',
      table: await page.locator('#whatif-table').isVisible(),
    });
    const values = ['2.5', '2,5', '-1', '1001', '1000', '0', '', ' 3 ', '03', '1e2', '+3', '0x10', '３', '99999999999999999999', '7'];
    for (const value of values) {
      await page.click('#whatif-form button');
      await page.fill('input[name="weight-security"]', value);
      const refused = (await cliStatus(['--weights', `security=${value}`])) === 2;
      const s = await state();
      expect(s.alert !== '', `weight "${value}"`).toBe(refused);
      expect(s.table, `weight "${value}"`).toBe(!refused);
      if (refused) {
        expect(await page.locator('#whatif-error').isVisible()).toBe(true);
        expect(await page.locator('input[name="weight-security"]').getAttribute('aria-invalid')).toBe('true');
      }
    }
    expect(await cliStatus(['--weights', 'security=2.5'])).toBe(2);
    for (const value of [...values, '120000', '120001', ' 19', '19 ']) {
      await page.click('#whatif-form button');
      await page.fill('input[name="threshold"]', value);
      const refused = (await cliStatus(['--threshold', value])) === 2;
      expect((await state()).alert !== '', `threshold "${value}"`).toBe(refused);
    }
    // All weights 0: refused by both.
    await page.click('#whatif-form button');
    for (const id of ['strategy', 'quality', 'security', 'external']) await page.fill(`input[name="weight-${id}"]`, '0');
    expect(await cliStatus(['--weights', 'strategy=0,quality=0,security=0,external=0'])).toBe(2);
    const s = await state();
    expect(s.alert).toContain('Alle Gewichte sind 0');
    await page.fill('input[name="threshold"]', '120001');
    expect((await state()).alert).toContain('Schwelle: erwartet wird eine ganze Zahl von 0 bis 120.000 (eingegeben: „120001“).');
    await page.fill('input[name="threshold"]', '19');
    expect(s.table).toBe(false);
    // Back to valid input: the alert goes, the table is back.
    await page.fill('input[name="weight-external"]', '1');
    expect(await state()).toEqual({ alert: '', table: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('prints without the what-if, with a page break before the Handlungsfelder and repeated table headers', async () => {
    const { page } = await open(reportFile);
    await page.emulateMedia({ media: 'print' });
    const style = (selector: string, property: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e, p) => e.ownerDocument.defaultView!.getComputedStyle(e).getPropertyValue(p), property);
    expect(await style('#whatif-section', 'display')).toBe('none');
    expect(await style('#handlungsfelder', 'break-before')).toBe('page');
    expect(await style('#feld-kundenschnittstelle', 'break-before')).toBe('page');
    expect(await style('#feld-eadministration thead', 'display')).toBe('table-header-group');
    expect(await style('#feld-eadministration .table-wrap', 'overflow-x')).toBe('visible');
    await page.emulateMedia({ media: 'screen' });
    expect(await style('#whatif-section', 'display')).toBe('block');
    await page.context().close();
  });
});
