// The HTML report against axe-core in Chromium (BITV 2.0 / EN 301 549 = WCAG 2.1 AA): axe's own
// source is injected into the page (through the DevTools protocol, so the page's
// Content-Security-Policy, which allows only its own script, does not have to change).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './helpers/browser.js';
import { copyStrategy, itstrat, root } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

const work = mkdtempSync(join(tmpdir(), 'itstrat-a11y-'));
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 A and AA (what BITV 2.0 requires), plus WCAG 2.2 AA and axe's best practices (heading order, unique landmarks). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
let browser: Browser;

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeResult {
  id: string;
  nodes: AxeNode[];
}
interface AxeResults {
  violations: AxeResult[];
  incomplete: AxeResult[];
  passes: AxeResult[];
}

function page(name: string, args: string[], options: { cwd?: string } = {}): string {
  const r = itstrat(['report', '--format', 'html', ...args], options);
  expect(r.stderr).toBe('');
  const file = join(work, name);
  writeFileSync(file, r.stdout);
  return file;
}

async function open(file: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  await p.goto(`file://${file}`);
  return p;
}

async function axe(p: Page): Promise<AxeResults> {
  await p.evaluate(axeSource);
  return (await p.evaluate(
    (tags) =>
      (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe.run((globalThis as any).document, {
        runOnly: { type: 'tag', values: tags },
      }),
    TAGS,
  )) as AxeResults;
}

/** Violations as readable lines, so a failure names the rule and the elements. */
const readable = (r: AxeResults): string[] =>
  r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join('; ')}`);

/** axe cannot compute the contrast of SVG text; anything else it cannot judge would be a gap in the check. */
async function onlyChartsUndetermined(p: Page, r: AxeResults): Promise<void> {
  const targets = r.incomplete.flatMap((check) => check.nodes.map((n) => ({ rule: check.id, selector: n.target.join(' ') })));
  const outside = await p.evaluate(
    (list) =>
      list.filter(
        (t) => (globalThis as any).document.querySelector(t.selector)?.closest('figure.portfolio svg, figure.roadmap svg') == null,
      ),
    targets,
  );
  expect(outside, 'undetermined outside a chart').toEqual([]);
}

async function checked(file: string, prepare?: (p: Page) => Promise<void>): Promise<Page> {
  const p = await open(file);
  await prepare?.(p);
  const r = await axe(p);
  expect(readable(r)).toEqual([]);
  expect(r.passes.length).toBeGreaterThan(20);
  await onlyChartsUndetermined(p, r);
  return p;
}

describe('the HTML report is accessible (axe-core, WCAG 2.1 AA)', () => {
  const files: Record<string, string> = {};
  beforeAll(async () => {
    files['de'] = page('de.html', []);
    files['en'] = page('en.html', ['--lang', 'en']);
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('in German and in English, with the what-if showing its results', async () => {
    for (const lang of ['de', 'en']) {
      const p = await checked(files[lang]!);
      expect(await p.locator('html').getAttribute('lang')).toBe(lang);
      // The what-if is open and computed: its fields and its table are there, not hidden.
      expect(await p.locator('#whatif-form input').count()).toBe(5);
      expect(await p.locator('#whatif-table').isVisible()).toBe(true);
      expect(await p.locator('#whatif-table tbody tr').count()).toBeGreaterThan(50);
      await p.context().close();
    }
  }, 120_000);

  it('with an invalid weight and with all weights 0: the alert shown, fields marked, still no violation', async () => {
    for (const [lang, entries] of [
      ['de', { 0: '2.5' }],
      ['en', { 0: '0', 1: '0', 2: '0', 3: '0' }],
      ['de', { 4: '-1' }],
    ] as const) {
      {
        const p = await checked(files[lang]!, async (q) => {
          for (const [i, value] of Object.entries(entries)) await q.locator(`#whatif-field-${i}`).fill(value);
        });
        expect((await p.locator('#whatif-error').textContent())!.length).toBeGreaterThan(10);
        expect(await p.locator('#whatif-form input[aria-invalid="true"]').count()).toBeGreaterThan(0);
        expect(await p.locator('#whatif-table').isHidden()).toBe(true);
        await p.context().close();
      }
    }
  }, 180_000);

  it('with --since: the changes section too', async () => {
    const g = gitdir();
    g.commit('IT-Strategie 2018', '2018-12-11');
    g.git(['tag', 'v2018']);
    g.edit('strategy/measures/1.6-evergabe.yaml', (t) => t.replace('  external: 1', '  external: 3'));
    g.edit('strategy/measures/1.9-master-data-management.yaml', (t) => t.replace(/^title: .*$/m, 'title: Stammdatenmanagement'));
    g.remove('strategy/measures/5.3-open-data.yaml');
    g.edit('strategy/leitplanken.yaml', (t) => t.replace(/(id: "?security"?[\s\S]*?weight: )1\b/, '$12'));
    for (const lang of ['de', 'en']) {
      const file = page(`since-${lang}.html`, ['--since', 'v2018', '--lang', lang], { cwd: g.dir });
      const p = await checked(file);
      expect(await p.locator('#aenderungen').count()).toBe(1);
      expect(await p.locator('#aenderungen ~ * table').count()).toBeGreaterThan(0);
      await p.context().close();
    }
  }, 120_000);

  it('for tiny strategies: a new one without measures, and one with a single measure', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'itstrat-a11y-init-')), 'strategy');
    expect(itstrat(['init', empty, '--title', 'Kleine <Strategie> & Co', '--date', '2026-01-01']).status).toBe(0);
    const one = copyStrategy();
    const measures = readdirSync(join(one, 'measures'));
    for (const f of measures.slice(1)) rmSync(join(one, 'measures', f));
    // The register links measures that are gone now; it is optional.
    rmSync(join(one, 'requirements.yaml'));
    for (const [name, dir] of [
      ['empty', empty],
      ['one', one],
    ] as const) {
      const file = page(`${name}.html`, ['--dir', dir]);
      const p = await open(file);
      const r = await axe(p);
      expect(readable(r), name).toEqual([]);
      await p.context().close();
    }
  }, 120_000);

  it("marks the strategy's own text with its language where the labels speak another (WCAG 3.1.2)", async () => {
    const en = await open(files['en']!);
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    // The German strategy's texts in an English report: title, headings from the files, prose, measure details.
    expect(await en.locator('h1').getAttribute('lang')).toBe('de');
    expect(await en.locator('[id="massnahme-1.6"]').getAttribute('lang')).toBe('de');
    expect(await en.locator('[id="massnahme-1.6"] + dl dd[lang="de"]').count()).toBeGreaterThanOrEqual(1);
    expect(await en.locator('dl dd[lang="de"]').count()).toBeGreaterThan(100);
    expect(await en.locator('#leitplanken ~ p[lang="de"]').count()).toBeGreaterThan(0);
    // The English labels stay unmarked: the part headings and the terms of the details.
    expect(await en.locator('#zusammenfassung').getAttribute('lang')).toBeNull();
    expect(await en.locator('dt[lang]').count()).toBe(0);
    await en.context().close();
    // In German, the page's language is the text's: nothing to mark.
    const de = await open(files['de']!);
    expect(await de.locator('body [lang]').count()).toBe(0);
    await de.context().close();
  });

  it('numbers its headings without a jump, one h1, every table header scoped', async () => {
    const p = await open(files['de']!);
    const levels = await p.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.slice(1).forEach((l, i) => expect(l, `heading ${i + 2}`).toBeLessThanOrEqual(levels[i]! + 1));
    expect(await p.locator('th:not([scope])').count()).toBe(0);
    await p.context().close();
  });

  it('gives every chart a name and points it to the data table beside it', async () => {
    const p = await open(files['en']!);
    // The five portfolio charts and the roadmap's timeline (the bundled register has deadlines).
    const charts = await p.locator('figure.portfolio svg, figure.roadmap svg').evaluateAll((svgs) =>
      svgs.map((s) => {
        const table = s.ownerDocument.getElementById(s.getAttribute('aria-describedby') ?? '');
        return {
          role: s.getAttribute('role'),
          name: s.getAttribute('aria-label') ?? '',
          table: table?.tagName ?? null,
          caption: table?.querySelector('caption')?.textContent ?? '',
          // the table follows the chart in the same section, so a reader meets it right after
          beside: table !== null && s.closest('section') === table.closest('section'),
        };
      }),
    );
    expect(charts.length).toBe(6);
    for (const c of charts) {
      expect(c.role).toBe('img');
      expect(c.name.length).toBeGreaterThan(5);
      expect(c.table).toBe('TABLE');
      expect(c.caption.length).toBeGreaterThan(5);
      expect(c.beside).toBe(true);
    }
    await p.context().close();
  });

  it('works the what-if by keyboard alone: the summary link, Tab into the labelled fields, typing, the reset button', async () => {
    const p = await open(files['de']!);
    // Every field is named by its visible label.
    for (const name of ['Schwelle']) expect(await p.getByRole('textbox', { name }).count(), name).toBe(1);
    expect(
      await p
        .locator('#whatif-form input')
        .evaluateAll((fs) =>
          fs.map((f) => (f as unknown as { labels: { textContent: string | null }[] | null }).labels?.[0]?.textContent ?? ''),
        ),
    ).not.toContain('');
    const before = await p.locator('#whatif-table tbody tr').first().getAttribute('data-id');
    const link = p.locator('#zusammenfassung ~ ul a[href="#whatif"]').first();
    await link.focus();
    await p.keyboard.press('Enter');
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement?.id')).toBe('whatif-field-0');
    // Weight of the first Leitplanke to 0, the last one up: the ranking changes.
    await p.keyboard.press('Control+A');
    await p.keyboard.type('0');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement?.id')).toBe('whatif-field-3');
    await p.keyboard.press('Control+A');
    await p.keyboard.type('9');
    const after = await p.locator('#whatif-table tbody tr').first().getAttribute('data-id');
    expect(after).not.toBe(before);
    // Past the threshold to the reset button, and Enter restores the file's weights.
    await p.keyboard.press('Tab');
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement?.tagName')).toBe('BUTTON');
    await p.keyboard.press('Enter');
    expect(await p.locator('#whatif-table tbody tr').first().getAttribute('data-id')).toBe(before);
    await p.context().close();
  });
});
