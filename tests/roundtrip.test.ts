// The round trip of issue 13: export a strategy to a workbook, start a new strategy from that
// workbook (init --import, or init then import), and score it: the same JSON, whole. Also what the
// workbook's Leitplanken and Handlungsfelder sheets change on their own, and how bad cells there
// are refused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { bundled, copyStrategy, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { itstratInProcess } from './helpers/in-process.js';

const scoreOf = (dir: string): unknown => {
  const r = itstrat(['score', '--format', 'json', '--dir', dir]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};

function exported(dir: string, lang?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'itstrat-rt-')), 'strategie.xlsx');
  const r = itstrat(['export', '--dir', dir, '--out', file, ...(lang === undefined ? [] : ['--lang', lang])]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return file;
}

async function editWorkbook(file: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  edit(wb);
  const out = join(mkdtempSync(join(tmpdir(), 'itstrat-rt-')), 'geaendert.xlsx');
  await wb.xlsx.writeFile(out);
  return out;
}

const commentLines = (text: string): string[] => text.split('\n').filter((l) => l.trim().startsWith('#'));

describe('round trip: export → init --import', () => {
  it('the bundled strategy, exported and init --import-ed into a new git repository, scores exactly as the original', () => {
    const file = exported(bundled);
    const repo = gitdir({ strategy: false });
    const dir = join(repo.dir, 'strategie');
    const r = itstrat(['init', dir, '--name', 'Stadt X', '--import', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(join(dir, 'leitplanken.yaml'));
    expect(r.stdout).toContain('Schwelle: 8 → 19');
    expect(r.stdout).toContain('Gewicht strategy: 1 → 4');
    expect(r.stdout).toMatch(/\+ neues Handlungsfeld: 5 uebergeordnet \(Übergeordnete Themen\)/);
    expect(readdirSync(join(dir, 'measures')).sort()).toEqual(readdirSync(join(bundled, 'measures')).sort());
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    expect(scoreOf(dir)).toEqual(scoreOf(bundled));
    // The new strategy is the template's, with the administration's name: no Braunschweig prose in it.
    expect(parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')).organisation.name).toBe('Stadt X');
    // Every new measure file points at the copied schema.
    for (const name of readdirSync(join(dir, 'measures')))
      expect(readFileSync(join(dir, 'measures', name), 'utf8').split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../.schema/measure.schema.json',
      );
  });

  it('the same with init, then import; an English workbook reads the same', () => {
    for (const lang of [undefined, 'en']) {
      const file = exported(bundled, lang);
      const repo = gitdir({ strategy: false });
      const dir = join(repo.dir, 'strategie');
      expect(itstrat(['init', dir]).status).toBe(0);
      const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.settings.threshold).toEqual({ from: 8, to: 19 });
      expect(report.settings.weights).toEqual([
        { id: 'strategy', from: 1, to: 4 },
        { id: 'external', from: 1, to: 3 },
      ]);
      expect(report.settings.fields.created).toEqual([
        { id: 'uebergeordnet', number: 5, name: 'Übergeordnete Themen', prioritized: false, row: 6 },
      ]);
      expect(report.settings.files).toEqual([join(dir, 'leitplanken.yaml'), join(dir, 'strategy.yaml')]);
      // The tie-order column is a known computed column, not an unknown one.
      expect(report.findings.filter((f: { rule: string }) => f.rule === 'unknown-column')).toEqual([]);
      expect(scoreOf(dir)).toEqual(scoreOf(bundled));
    }
  });

  it('--dry-run shows the new files and the import together and writes nothing; an invalid row writes not even the folder', async () => {
    const file = exported(bundled);
    const root = mkdtempSync(join(tmpdir(), 'itstrat-rt-'));
    const dir = join(root, 'neu');
    const dry = itstrat(['init', dir, '--import', file, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('+threshold: 19');
    expect(dry.stdout).toContain('+    name: Übergeordnete Themen');
    expect(dry.stdout).toContain('measures/5.3-open-data.yaml');
    expect(existsSync(dir)).toBe(false);

    const bad = await editWorkbook(file, (wb) => {
      wb.getWorksheet('Maßnahmen')!.getCell('D3').value = 7;
    });
    const r = itstrat(['init', dir, '--import', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:4 error`);
    expect(r.stdout).not.toContain(join(dir, 'strategy.yaml'));
    expect(r.stdout).toContain('1 Zeile ist ungültig; nichts wurde geschrieben.');
    expect(existsSync(dir)).toBe(false);
    // A dry run of the same fails as the import does, so a check of a sheet in CI fails too.
    const dryBad = itstrat(['init', dir, '--import', bad, '--dry-run']);
    expect(dryBad.status).toBe(1);
    expect(dryBad.stderr).toContain(`${bad}:3:4 error`);
    expect(existsSync(dir)).toBe(false);
  });

  it('a weight changed in the workbook changes leitplanken.yaml, keeping its comments; the threshold too', async () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'leitplanken.yaml'), 'utf8');
    const file = await editWorkbook(exported(dir), (wb) => {
      const lp = wb.getWorksheet('Leitplanken')!;
      expect(lp.getCell('A3').value).toBe('quality');
      lp.getCell('C3').value = 5;
      lp.getCell('C7').value = 21;
    });
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Gewicht quality: 1 → 5');
    expect(r.stdout).toContain('Schwelle: 19 → 21');
    const after = readFileSync(join(dir, 'leitplanken.yaml'), 'utf8');
    const data = parse(after);
    expect(data.leitplanken.map((l: { weight: number }) => l.weight)).toEqual([4, 5, 1, 3]);
    expect(data.threshold).toBe(21);
    expect(commentLines(before).length).toBeGreaterThan(0);
    expect(commentLines(after)).toEqual(commentLines(before));
    // Nothing else in the file moved.
    expect(after.split('\n').length).toBe(before.split('\n').length);
    // No other file changed: the measures are as they were, the fields too.
    expect(readFileSync(join(dir, 'strategy.yaml'), 'utf8')).toBe(readFileSync(join(bundled, 'strategy.yaml'), 'utf8'));
    const score = scoreOf(dir) as { threshold: number; criteria: { id: string; weight: number }[] };
    expect(score.threshold).toBe(21);
    expect(score.criteria.find((c) => c.id === 'quality')!.weight).toBe(5);
  });

  it('a Handlungsfeld changed and one added in the workbook; one left out is listed, never deleted', async () => {
    const dir = copyStrategy();
    const file = await editWorkbook(exported(dir), (wb) => {
      const hf = wb.getWorksheet('Handlungsfelder')!;
      hf.getCell('C3').value = 'Bürgerservice';
      hf.getCell('D3').value = false;
      hf.spliceRows(5, 1); // organisation
      hf.addRow([9, 'neu-feld', 'Neues "Feld"', true]);
      const ms = wb.getWorksheet('Maßnahmen')!;
      ms.addRow(['9.1', 'Eine Maßnahme im neuen Feld', 'Neues "Feld"', 1, 2, 3, 4]);
    });
    const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.fields).toEqual({
      created: [{ id: 'neu-feld', number: 9, name: 'Neues "Feld"', prioritized: true, row: 6 }],
      updated: [{ id: 'kundenschnittstelle', row: 3, changed: ['name', 'prioritized'] }],
      absent: [{ id: 'organisation', name: 'IT-Organisation und Prozesse' }],
    });
    expect(report.created.map((m: { id: string }) => m.id)).toEqual(['9.1']);
    const strategy = parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8'));
    expect(strategy.handlungsfelder.map((f: { id: string }) => f.id)).toEqual([
      'eadministration',
      'kundenschnittstelle',
      'technik',
      'organisation',
      'uebergeordnet',
      'neu-feld',
    ]);
    expect(strategy.handlungsfelder[1]).toMatchObject({ name: 'Bürgerservice', prioritized: false });
    // Its long description (a block scalar) is still there.
    expect(strategy.handlungsfelder[1].description.length).toBeGreaterThan(500);
    expect(
      parse(
        readFileSync(
          join(
            dir,
            'measures',
            readdirSync(join(dir, 'measures')).find((n) => n.startsWith('9.1-'))!,
          ),
          'utf8',
        ),
      ).field,
    ).toBe('neu-feld');
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });

  it('bad cells in the Leitplanken and Handlungsfelder sheets are findings at their cell, and nothing is written', async () => {
    const dir = copyStrategy();
    const files = ['strategy.yaml', 'leitplanken.yaml'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const measures = readdirSync(join(dir, 'measures'));
    const file = await editWorkbook(exported(dir), (wb) => {
      const lp = wb.getWorksheet('Leitplanken')!;
      lp.getCell('A4').value = 'securty';
      lp.getCell('C2').value = 2.5;
      lp.getCell('C7').value = 'hoch';
      const hf = wb.getWorksheet('Handlungsfelder')!;
      hf.getCell('A3').value = 1;
      hf.getCell('B4').value = 'Technik!';
      hf.getCell('D5').value = 'vielleicht';
      wb.getWorksheet('Maßnahmen')!.addRow(['2.99', 'Neu', 'kundenschnittstelle', 1, 1, 1, 1]);
    });
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    const has = (start: string, text: string): void =>
      expect(
        lines.some((l) => l.startsWith(start) && l.includes(text)),
        `${start} … ${text}\n${r.stderr}`,
      ).toBe(true);
    has(`${file}:4:1 error sheet "Leitplanken", column A "Kennung":`, 'no Leitplanke "securty" — did you mean security?');
    has(`${file}:2:3 error sheet "Leitplanken", column C "Gewicht":`, 'found "2.5"');
    has(`${file}:7:3 error sheet "Leitplanken", column C "Gewicht":`, 'threshold');
    has(`${file}:3:1 error sheet "Handlungsfelder", column A "Nr":`, 'number 1 is already in row 2');
    has(`${file}:4:2 error sheet "Handlungsfelder", column B "Kennung":`, '"Technik!"');
    has(`${file}:5:4 error sheet "Handlungsfelder", column D "priorisierbar":`, '"vielleicht"');
    expect(r.stderr).toContain('nothing was written');
    expect(['strategy.yaml', 'leitplanken.yaml'].map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(files);
    expect(readdirSync(join(dir, 'measures'))).toEqual(measures);
  });

  it('an unused template field takes the id of the workbook field with its number; a used one is never renamed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'itstrat-rt-'));
    const dir = join(root, 'neu');
    expect(itstrat(['init', dir]).status).toBe(0);
    const file = await editWorkbook(exported(bundled), (wb) => {
      wb.getWorksheet('Handlungsfelder')!.getCell('B3').value = 'buergerservice';
    });
    const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.fields.updated).toEqual([{ id: 'buergerservice', from: 'kundenschnittstelle', row: 3, changed: ['id'] }]);
    expect(report.settings.fields.absent).toEqual([]);
    const fields = parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')).handlungsfelder;
    expect(fields.map((f: { id: string }) => f.id)).toEqual([
      'eadministration',
      'buergerservice',
      'technik',
      'organisation',
      'uebergeordnet',
    ]);
    expect(parse(readFileSync(join(dir, 'measures/2.1-portal-strategie-entwickeln-umsetzen.yaml'), 'utf8')).field).toBe('buergerservice');

    // In the bundled strategy kundenschnittstelle has measures: a new id with its number is a
    // second field of that number, which validation refuses; nothing is written.
    const used = copyStrategy();
    const before = readFileSync(join(used, 'strategy.yaml'), 'utf8');
    const clash = await editWorkbook(exported(used), (wb) => {
      wb.getWorksheet('Handlungsfelder')!.getCell('B3').value = 'buergerservice';
    });
    const refused = itstrat(['import', clash, '--dir', used]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('number 2 is used twice');
    expect(readFileSync(join(used, 'strategy.yaml'), 'utf8')).toBe(before);
  });

  it('a Leitplanken sheet laid out by hand: any sheet name, ids or names, the threshold row anywhere below', async () => {
    const dir = copyStrategy();
    const file = await editWorkbook(exported(dir), (wb) => {
      const lp = wb.getWorksheet('Leitplanken')!;
      lp.name = 'Gewichtung';
      lp.getCell('A3').value = 'Wirkung auf Datenqualität und -quantität';
      lp.getCell('C3').value = 2;
    });
    const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.sheets).toEqual({ leitplanken: 'Gewichtung', fields: 'Handlungsfelder' });
    expect(report.settings.weights).toEqual([{ id: 'quality', from: 1, to: 2 }]);
  });

  it('init --import takes a CSV list too (measures only); a missing file writes nothing (exit 2)', () => {
    const root = mkdtempSync(join(tmpdir(), 'itstrat-rt-'));
    const csv = join(root, 'liste.csv');
    writeFileSync(
      csv,
      'Nr;Maßnahme;Handlungsfeld;strategy;quality;security;external\r\n1.1;E-Akte „für alle“;1;4;3;2;0\r\n;Neues Portal;2;1;1;1;1\r\n',
    );
    const dir = join(root, 'neu');
    const r = itstrat(['init', dir, '--name', 'Stadt Y', '--import', csv]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'measures')).sort()).toEqual(['1.1-e-akte-alle.yaml', '2.1-neues-portal.yaml']);
    expect(parse(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).threshold).toBe(8);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);

    const missing = itstrat(['init', join(root, 'zwei'), '--import', join(root, 'fehlt.xlsx')]);
    expect(missing.status).toBe(2);
    expect(existsSync(join(root, 'zwei'))).toBe(false);
  });

  it('weights that are all zero are refused by the rules for leitplanken.yaml, nothing written', async () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'leitplanken.yaml'), 'utf8');
    const file = await editWorkbook(exported(dir), (wb) => {
      const lp = wb.getWorksheet('Leitplanken')!;
      for (const c of ['C2', 'C3', 'C4', 'C5']) lp.getCell(c).value = 0;
    });
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('leitplanken.yaml');
    expect(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).toBe(before);
  });
});

// Random strategies: the four standard Leitplanken with random weights and threshold, 1–6
// Handlungsfelder, random measures. Run in process (export, init --import and score are the
// binary's commands through the same entry).
const reference = parse(readFileSync(join(bundled, 'leitplanken.yaml'), 'utf8')) as { leitplanken: Record<string, unknown>[] };
const titleText = fc
  .array(fc.constantFrom('a', 'Z', 'ä', 'Ö', 'ü', 'ß', ' ', '"', "'", '=', '+', '-', '1', '.', '€', '&', 'x', ';'), {
    minLength: 1,
    maxLength: 20,
  })
  .map((cs) => cs.join(''))
  // Export's guard forms ('=…, ="…") are read back unguarded (README): a title of that form is out.
  .filter((t) => t.trim() !== '' && t === t.trim() && !/^'[\s=+\-@]/.test(t) && !t.startsWith('="'));
const strategyArb = fc
  .record({
    weights: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10)).filter((w) => w.some((x) => x > 0)),
    threshold: fc.nat(60),
    fields: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
    prioritised: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    measures: fc.array(
      fc.record({
        field: fc.nat(5),
        title: titleText,
        scores: fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4), fc.nat(4)),
        decision: fc.constantFrom(undefined, 'prioritized', 'not_prioritized'),
        status: fc.constantFrom(undefined, 'proposed', 'planned', 'in_progress', 'done', 'dropped'),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map((s) => ({ ...s, measures: s.measures.map((m) => ({ ...m, field: m.field % s.fields.length })) }));

type RandomStrategy = typeof strategyArb extends fc.Arbitrary<infer T> ? T : never;

function writeStrategy(dir: string, s: RandomStrategy): void {
  mkdirSync(join(dir, 'measures'), { recursive: true });
  const names = ['Bürger & Service', 'Technik "IT"', 'Öffentliche Ordnung', 'Schule = Bildung', 'Übergreifendes', 'Straßen'];
  writeFileSync(
    join(dir, 'strategy.yaml'),
    stringify({
      title: 'IT-Strategie Zufall',
      version: '1.0',
      date: '2024-05-01',
      language: 'de',
      handlungsfelder: s.fields.map((n, i) => ({ id: `feld-${n}`, number: n, name: names[i], prioritized: s.prioritised[i] })),
    }),
  );
  writeFileSync(
    join(dir, 'leitplanken.yaml'),
    stringify({ threshold: s.threshold, leitplanken: reference.leitplanken.map((l, i) => ({ ...l, weight: s.weights[i] })) }),
  );
  writeFileSync(join(dir, 'metrics.yaml'), stringify({ goals: [], metrics: [] }));
  const next = new Map<number, number>();
  for (const m of s.measures) {
    const number = s.fields[m.field]!;
    const k = (next.get(number) ?? 0) + 1;
    next.set(number, k);
    const id = `${number}.${k}`;
    const ids = reference.leitplanken.map((l) => l['id'] as string);
    writeFileSync(
      join(dir, 'measures', `${id}-m.yaml`),
      stringify({
        id,
        title: m.title,
        field: `feld-${number}`,
        description: '',
        source: [],
        current_state: '',
        recommendation: '',
        scores: Object.fromEntries(ids.map((lp, j) => [lp, m.scores[j]])),
        ...(m.decision === undefined ? {} : { decision: m.decision }),
        ...(m.status === undefined ? {} : { status: m.status }),
      }),
    );
  }
}

describe('round trip (property): random strategies', () => {
  it('export, init --import, score: the same JSON', async () => {
    await fc.assert(
      fc.asyncProperty(strategyArb, async (s) => {
        const root = mkdtempSync(join(tmpdir(), 'itstrat-rtp-'));
        const original = join(root, 'original');
        writeStrategy(original, s);
        const check = await itstratInProcess(['validate', '--dir', original]);
        expect(check.status, check.stderr).toBe(0);
        const file = join(root, 'liste.xlsx');
        const ex = await itstratInProcess(['export', '--dir', original, '--out', file]);
        expect(ex.status, ex.stderr).toBe(0);
        const copy = join(root, 'neu');
        const init = await itstratInProcess(['init', copy, '--name', 'Stadt Z', '--import', file]);
        expect(init.status, init.stderr).toBe(0);
        const a = await itstratInProcess(['score', '--format', 'json', '--dir', original]);
        const b = await itstratInProcess(['score', '--format', 'json', '--dir', copy]);
        expect(b.status, b.stderr).toBe(0);
        expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
        // The same in two steps: a fresh init folder, then import (its unused template fields take
        // the workbook's where the numbers meet).
        const twice = join(root, 'zwei');
        expect((await itstratInProcess(['init', twice])).status).toBe(0);
        const imported = await itstratInProcess(['import', file, '--dir', twice]);
        expect(imported.status, imported.stderr).toBe(0);
        const c = await itstratInProcess(['score', '--format', 'json', '--dir', twice]);
        expect(JSON.parse(c.stdout)).toEqual(JSON.parse(a.stdout));
      }),
      { numRuns: 8 },
    );
  });
});
