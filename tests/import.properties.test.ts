// Random measure lists through CSV (either dialect, any encoding that holds their text) and back:
// what import writes is exactly the list, and score sees what the list says.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyStrategy } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { toCsv } from './helpers/sheet-rows.js';
import { decodeCsv } from '../src/model/csv-sheet.js';

const text = fc
  .array(fc.constantFrom('a', 'Z', 'ä', 'Ö', 'ß', ' ', ';', ',', '"', '\n', "'", '=', '-', '1', '€', '/', '&', 'x'), {
    minLength: 1,
    maxLength: 25,
  })
  .map((cs) => cs.join(''))
  // Text that score --excel writes as a guard ('=…, ="…") is read back unguarded (README), so a
  // list's own text of that form is out of this property.
  .filter((t) => t.trim() !== '' && t === t.trim() && !/^'[\s=+\-@]/.test(t) && !t.startsWith('="'));
const measure = fc.record({
  field: fc.integer({ min: 1, max: 5 }),
  title: text,
  description: fc.oneof(fc.constant(''), text),
  scores: fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4), fc.nat(4)),
  decision: fc.constantFrom('x', 'nein', ''),
});

describe('import round trip (property)', () => {
  it('a random list imported into the bundled strategy holds exactly its rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(measure, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(';', ','),
        fc.boolean(),
        async (list, delimiter, bom) => {
          const dir = copyStrategy();
          const ids = new Map<number, number>([
            [1, 11],
            [2, 7],
            [3, 12],
            [4, 21],
            [5, 3],
          ]);
          const rows = list.map((m) => {
            const n = ids.get(m.field)! + 1;
            ids.set(m.field, n);
            return [`${m.field}.${n}`, m.title, String(m.field), ...m.scores.map(String), m.description, m.decision];
          });
          const header = [
            'Nr',
            'Maßnahme',
            'Handlungsfeld',
            'Strategie',
            'Qualität',
            'Sicherheit',
            'Außenwirkung',
            'Beschreibung',
            'Beschluss',
          ];
          const file = join(mkdtempSync(join(tmpdir(), 'itstrat-prop-')), 'liste.csv');
          writeFileSync(file, (bom ? '\uFEFF' : '') + toCsv([header, ...rows], delimiter));
          const r = await itstratInProcess(['import', file, '--dir', dir, '--format', 'json']);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          const created = JSON.parse(r.stdout).created as { id: string; file: string }[];
          expect(created.length).toBe(list.length);
          for (const row of rows) {
            const entry = created.find((c) => c.id === row[0])!;
            const m = parse(readFileSync(entry.file, 'utf8'));
            expect(m.title).toBe(row[1]);
            expect(m.description).toBe(row[7]);
            expect(Object.values(m.scores)).toEqual(row.slice(3, 7).map(Number));
            expect(m.decision).toBe(row[8] === 'x' ? 'prioritized' : row[8] === 'nein' ? 'not_prioritized' : undefined);
          }
          expect(readdirSync(join(dir, 'measures')).length).toBe(54 + list.length);
          expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});

describe('Windows-1252 decoding (property)', () => {
  // The values of Unicode's mapping file MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT for 0x80–0x9F
  // (written out here, not taken from the code under test); every other byte maps to itself.
  // 0x81, 0x8D, 0x8F, 0x90 and 0x9D are UNDEFINED there.
  const CP1252: Record<number, number> = {
    0x80: 0x20ac,
    0x82: 0x201a,
    0x83: 0x0192,
    0x84: 0x201e,
    0x85: 0x2026,
    0x86: 0x2020,
    0x87: 0x2021,
    0x88: 0x02c6,
    0x89: 0x2030,
    0x8a: 0x0160,
    0x8b: 0x2039,
    0x8c: 0x0152,
    0x8e: 0x017d,
    0x91: 0x2018,
    0x92: 0x2019,
    0x93: 0x201c,
    0x94: 0x201d,
    0x95: 0x2022,
    0x96: 0x2013,
    0x97: 0x2014,
    0x98: 0x02dc,
    0x99: 0x2122,
    0x9a: 0x0161,
    0x9b: 0x203a,
    0x9c: 0x0153,
    0x9e: 0x017e,
    0x9f: 0x0178,
  };
  const UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  const expected = (b: number): string => (UNDEFINED.has(b) ? '\ufffd' : String.fromCharCode(CP1252[b] ?? b));
  // 0xE4 followed by a space is no UTF-8, so the bytes are read as Windows-1252.
  const PREFIX = [0xe4, 0x20];

  it('decodes every byte 0x20–0xFF as the mapping file says; the undefined ones are findings', () => {
    for (let b = 0x20; b <= 0xff; b++) {
      const { text, encoding, notes } = decodeCsv(Uint8Array.from([...PREFIX, b]));
      expect(encoding).toBe('windows-1252');
      expect(text, `byte 0x${b.toString(16)}`).toBe(`ä ${expected(b)}`);
      expect(notes.map((n) => n.severity)).toEqual(UNDEFINED.has(b) ? ['error'] : []);
    }
  });

  it('any byte sequence round-trips, with each undefined byte located at its line and column', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0xff }), fc.constant(0x0a)), { maxLength: 60 }), (bytes) => {
        const { text, notes } = decodeCsv(Uint8Array.from([...PREFIX, ...bytes]));
        expect(text).toBe(`ä ${bytes.map((b) => (b === 0x0a ? '\n' : expected(b))).join('')}`);
        const lines = text.split('\n');
        const undefinedAt = lines.flatMap((l, i) => [...l].flatMap((ch, j) => (ch === '\ufffd' ? [{ line: i + 1, col: j + 1 }] : [])));
        expect(notes.map((n) => ({ line: n.line, col: n.col }))).toEqual(undefinedAt.slice(0, 5));
      }),
    );
  });
});
