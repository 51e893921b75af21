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
