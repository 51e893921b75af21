// How `diff` shows changed values: whole when piped, in Markdown and JSON (what a committee reads);
// in a terminal a value longer than one line of it is shortened between graphemes, never inside one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortenToColumns } from '../src/render/render-diff.js';
import { displayWidth } from '../src/render/display-width.js';
import { editFile, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { inTerminal } from './helpers/pty.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);

/** A strategy in git whose working tree changes a description to a long text and records a long metric value. */
function changed(description: string, metric: string) {
  const g = gitdir();
  // The bundled list metric is computed from requirements.yaml; made a recorded one here, to record a list.
  g.edit('strategy/metrics.yaml', (text) => text.replace(/\n *# Computed from requirements\.yaml.*\n *computed: open_requirements/, ''));
  g.commit('start');
  const file = join(
    g.dir,
    'strategy',
    'measures',
    readdirSync(join(g.dir, 'strategy', 'measures')).find((f) => f.startsWith('1.1-'))!,
  );
  editFile(file, (t) => t.replace(/^description: >-\n(?: {2}.*\n)+/m, `description: ${JSON.stringify(description)}\n`));
  const r = itstrat(['metrics', 'record', 'open-regulatory-requirements', '--period', '2020', '--value', metric], { cwd: g.dir });
  expect(r.status, r.stderr).toBe(0);
  return g;
}

describe('diff values', () => {
  const description = `Neu: ${'Die Verwaltung konsolidiert ihre Finanzverfahren in einem System. '.repeat(6)}Ende.`;
  const metric = `${'A'.repeat(120)}😀${'B'.repeat(5)}`;

  it('piped, as a table, Markdown and JSON, shows every value whole, the long description before and after', () => {
    const g = changed(description, metric);
    for (const format of ['table', 'markdown', 'json']) {
      const r = itstrat(['diff', 'HEAD', '--format', format], { cwd: g.dir });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout, format).toContain(description.trim());
      expect(r.stdout, format).toContain(metric);
      expect(r.stdout, format).toContain(
        'Die beiden, in der Verwaltung im Einsatz befindlichen, SAP basierten Finanzverfahren werden in einem',
      );
    }
  });

  it('in a terminal shortens a value to one line of it, the emoji at the cut kept whole or left out', () => {
    // 120 A, a two-column emoji, 5 B: at 80 columns 79 A and …; at 122 the emoji does not fit and is left out whole; at 123 it fits.
    const expected = new Map([
      [80, `${'A'.repeat(79)}…`],
      [122, `${'A'.repeat(120)}…`],
      [123, `${'A'.repeat(120)}😀…`],
    ]);
    for (const [width, value] of expected) {
      const g = changed(description, metric);
      const { screen, status } = inTerminal(width, ['diff', 'HEAD'], { cwd: g.dir });
      expect(status).toBe(0);
      expect(screen, `${width} columns`).not.toMatch(/\uFFFD/);
      expect(screen).toContain('AAAAAAAAAA');
      // The metric value is shortened (or whole) on a grapheme boundary: A…, or A…😀…, never half an emoji.
      const shown = /A{10,}(?:😀B*)?…?/u.exec(screen.replace(/\n\s*/g, ''))![0];
      expect(shown, `${width} columns`).toBe(value);
      expect(displayWidth(shown)).toBeLessThanOrEqual(width);
    }
  }, 60_000);
});

describe('shortenToColumns', () => {
  it('fits the columns, keeps a prefix of whole graphemes and leaves text that fits alone', () => {
    const unit = fc.constantFrom('a', 'ü', 'u\u0308', '😀', '👩‍💻', '🇩🇪', '漢', ' ', '\u200d', 'x');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (text, columns) => {
        const out = shortenToColumns(text, columns);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        if (displayWidth(text) <= columns) {
          expect(out).toBe(text);
          return;
        }
        expect(out.endsWith('…')).toBe(true);
        expect(displayWidth(out)).toBeLessThanOrEqual(columns);
        const kept = out.slice(0, -1);
        expect(text.startsWith(kept)).toBe(true);
        // The cut falls between two graphemes of the text.
        expect(graphemes(text).slice(0, graphemes(kept).length).join('')).toBe(kept);
      }),
      { numRuns: 2000 },
    );
  });
});
