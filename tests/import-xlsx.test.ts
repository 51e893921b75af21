// itstrat import with workbooks: export's layout (a Leitplanken sheet, a Maßnahmen sheet with
// formula columns score/rank/priority), written with exceljs here; cells located by row and
// column letter; a round trip of the bundled strategy.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundled, copyStrategy, itstrat } from './helpers/cli.js';
import { measureRows } from './helpers/sheet-rows.js';

const leitplanken = parse(readFileSync(join(bundled, 'leitplanken.yaml'), 'utf8')) as {
  threshold: number;
  leitplanken: { id: string; title: string; weight: number }[];
};

/** A workbook in export's layout: Leitplanken first, then the measures with formula columns. */
async function exportLayout(
  rows: (string | number)[][],
  options: { numbers?: boolean; titleRows?: number } = {},
): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const lp = wb.addWorksheet('Leitplanken');
  lp.addRow(['id', 'name', 'weight']);
  for (const l of leitplanken.leitplanken) lp.addRow([l.id, l.title, l.weight]);
  lp.addRow(['threshold', '', leitplanken.threshold]);
  const ws = wb.addWorksheet('Maßnahmen');
  for (let i = 0; i < (options.titleRows ?? 0); i++) ws.addRow([i === 0 ? 'IT-Strategie – Maßnahmenliste' : '']);
  const [header, ...data] = rows;
  ws.addRow([...header!, 'Punkte', 'Rang', 'Priorität']);
  const k = leitplanken.leitplanken.length;
  data.forEach((r, i) => {
    const row = ws.addRow(r.map((v, c) => (options.numbers !== false && c >= 3 && c < 3 + k ? Number(v) : v)));
    const n = row.number;
    const sum = leitplanken.leitplanken.map((_, j) => `Leitplanken!C${j + 2}*${String.fromCharCode(68 + j)}${n}`).join('+');
    const score = leitplanken.leitplanken.reduce((s, l, j) => s + l.weight * Number(r[3 + j]), 0);
    row.getCell(r.length + 1).value = { formula: sum, result: score };
    row.getCell(r.length + 2).value = {
      formula: `RANK(${String.fromCharCode(65 + r.length)}${n},$${String.fromCharCode(65 + r.length)}:$${String.fromCharCode(65 + r.length)})`,
      result: i + 1,
    };
    row.getCell(r.length + 3).value = {
      formula: `IF(${String.fromCharCode(65 + r.length)}${n}>=Leitplanken!C6,"x","")`,
      result: score >= leitplanken.threshold ? 'x' : '',
    };
  });
  return wb;
}

async function save(wb: ExcelJS.Workbook, name = 'massnahmen.xlsx'): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'itstrat-xlsx-')), name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** The header of export's measures sheet, as the shared helper writes it. */
const HEADER = measureRows(bundled)[0]!;
const row = (id: string, title: string, scores: (number | string)[], extra: string[] = ['', '', '', '', '', '']): (string | number)[] => [
  id,
  title,
  '2',
  ...scores,
  ...extra,
];

describe('import: xlsx', () => {
  it("round trip: the bundled strategy in export's layout, imported into a fresh init folder, scores as the original; formula columns are known computed columns", async () => {
    const file = await save(await exportLayout(measureRows(bundled)));
    const root = mkdtempSync(join(tmpdir(), 'itstrat-roundtrip-'));
    const dir = join(root, 'neu');
    expect(itstrat(['init', dir]).status).toBe(0);
    cpSync(join(bundled, 'strategy.yaml'), join(dir, 'strategy.yaml'));
    cpSync(join(bundled, 'leitplanken.yaml'), join(dir, 'leitplanken.yaml'));
    const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sheet).toBe('Maßnahmen');
    expect(report.created.length).toBe(54);
    expect(report.columns.slice(-3)).toEqual([
      { column: 'N', header: 'Punkte', role: 'computed' },
      { column: 'O', header: 'Rang', role: 'computed' },
      { column: 'P', header: 'Priorität', role: 'computed' },
    ]);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    expect(JSON.parse(itstrat(['score', '--format', 'json', '--dir', dir]).stdout)).toEqual(
      JSON.parse(itstrat(['score', '--format', 'json', '--dir', bundled]).stdout),
    );
    expect(readdirSync(join(dir, 'measures')).sort()).toEqual(readdirSync(join(bundled, 'measures')).sort());
    // Text and list keys came through as well — all but the planning fields of the roadmap, which
    // the workbook has no columns for yet (README, "The round trip").
    const planning = ['fachbereich', 'start', 'due', 'depends_on', 'sequence'];
    const withoutPlanning = (text: string) =>
      Object.fromEntries(Object.entries(parse(text) as Record<string, unknown>).filter(([k]) => !planning.includes(k)));
    for (const name of readdirSync(join(bundled, 'measures')))
      expect(parse(readFileSync(join(dir, 'measures', name), 'utf8'))).toEqual(
        withoutPlanning(readFileSync(join(bundled, 'measures', name), 'utf8')),
      );
  });

  it('locates bad cells by row and column letter and writes nothing: a score of 3.5, an id Excel made a date; a number id is a warning', async () => {
    const dir = copyStrategy();
    const before = readdirSync(join(dir, 'measures'));
    const wb = await exportLayout([HEADER, row('2.8', 'Gut', [1, 1, 1, 1]), row('2.9', 'Halb', [1, 3.5, 1, 1])]);
    const ws = wb.getWorksheet('Maßnahmen')!;
    ws.addRow([new Date(Date.UTC(2018, 9, 1)), 'Datum statt Nummer', '2', 1, 1, 1, 1]);
    ws.addRow([2.11, 'Zahl statt Text', '2', 1, 1, 1, 1]);
    const file = await save(wb);
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(
      `${file}:3:5 error column E "${leitplanken.leitplanken[1]!.title}": scores are whole numbers; found 3,5 [score-number]`,
    );
    expect(lines.some((l) => l.startsWith(`${file}:4:1 error column A "Nr": this id is a date in the workbook`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:5:1 warning column A "Nr": the id 2.11 is a number in the workbook`))).toBe(true);
    expect(readdirSync(join(dir, 'measures'))).toEqual(before);
  });

  it('finds the header below title rows, reads rich text and formula results in key columns', async () => {
    const dir = copyStrategy();
    const wb = await exportLayout([HEADER, row('2.8', 'Platzhalter', [1, 2, 3, 4])], { titleRows: 2 });
    const ws = wb.getWorksheet('Maßnahmen')!;
    ws.getCell('B4').value = { richText: [{ text: 'Fett ', font: { bold: true } }, { text: 'und normal' }] };
    ws.getCell('H4').value = { formula: '"Beschreibung aus Formel"', result: 'Beschreibung aus Formel' };
    const file = await save(wb);
    const r = itstrat(['import', file, '--dir', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.header_row).toBe(3);
    expect(report.created).toEqual([{ id: '2.8', title: 'Fett und normal', row: 4, file: join(dir, 'measures/2.8-fett-normal.yaml') }]);
    expect(parse(readFileSync(join(dir, 'measures/2.8-fett-normal.yaml'), 'utf8')).description).toBe('Beschreibung aus Formel');
  });

  it('--sheet reads the named sheet; an unknown one exits 2 naming the sheets there are', async () => {
    const dir = copyStrategy();
    const wb = await exportLayout([HEADER, row('2.8', 'Aus Blatt eins', [1, 1, 1, 1])]);
    const second = wb.addWorksheet('Entwurf');
    second.addRow(HEADER);
    second.addRow(row('2.8', 'Aus dem Entwurf', [2, 2, 2, 2]));
    const file = await save(wb);
    const r = itstrat(['import', file, '--dir', dir, '--sheet', 'Entwurf', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).created[0].title).toBe('Aus dem Entwurf');
    const bad = itstrat(['import', file, '--dir', dir, '--sheet', 'Gibtsnicht']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`itstrat: --sheet: ${file} has no sheet "Gibtsnicht" (its sheets: "Leitplanken", "Maßnahmen", "Entwurf")\n`);
  });

  it('refuses an old .xls and a workbook without a measure header with one line, exit 2', async () => {
    const dir = copyStrategy();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notizen').addRow(['Nur', 'Text']);
    const file = await save(wb);
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^itstrat: no sheet of .* has a header row of measures/);
    const xls = join(mkdtempSync(join(tmpdir(), 'itstrat-xls-')), 'alt.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const old = itstrat(['import', xls, '--dir', dir]);
    expect(old.status).toBe(2);
    expect(old.stderr).toContain('save it as .xlsx');
  });
});

describe('import: workbooks laid out by someone else', () => {
  const SHORT = ['Nr', 'Maßnahme', 'Handlungsfeld', 'Strategie', 'Qualität', 'Sicherheit', 'Außenwirkung'];
  const created = (stdout: string): string[] =>
    (JSON.parse(stdout) as { created: { id: string; title: string }[] }).created.map((c) => `${c.id} ${c.title}`);

  it('skips a row of formulas only and a numbers-only "Gesamt" row, saying so; a title computed by a formula is a measure', async () => {
    const dir = copyStrategy();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Liste');
    ws.addRow(SHORT);
    ws.addRow(['9.1', { formula: 'Titel!A1', result: 'Aus einer Formel' }, 1, 1, 2, 3, 4]);
    ws.addRow([null, null, null, ...['D', 'E', 'F', 'G'].map((c) => ({ formula: `SUM(${c}2:${c}2)`, result: 1 }))]);
    ws.addRow(['Gesamt', null, null, 1, 2, 3, 4]);
    const r = itstrat(['import', await save(wb), '--dir', dir, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(created(r.stdout)).toEqual(['9.1 Aus einer Formel']);
    expect(r.stderr).toContain(
      'massnahmen.xlsx:3:4 warning column D "Strategie": row 3 is a row of formulas only, no measure: not imported',
    );
    expect(r.stderr).toContain('massnahmen.xlsx:4:1 warning column A "Nr": row 4 is a totals row ("Gesamt"), no measure: not imported');
  });

  it('reads a two-row header with merged cells: Nr and Maßnahme over both rows, "Bewertung" over the Leitplanken', async () => {
    const dir = copyStrategy();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Liste');
    ws.addRow(['Nr', 'Maßnahme', 'Handlungsfeld', 'Bewertung', null, null, null, 'Bemerkung']);
    ws.addRow([null, null, null, 'Strategie', 'Datenqualität', 'IT-Sicherheit', 'Außenwirkung', null]);
    for (const range of ['A1:A2', 'B1:B2', 'C1:C2', 'D1:G1', 'H1:H2']) ws.mergeCells(range);
    ws.addRow(['9.1', 'Zwei Zeilen', 1, 4, 3, 2, 1, '']);
    const r = itstrat(['import', await save(wb), '--dir', dir, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(created(r.stdout)).toEqual(['9.1 Zwei Zeilen']);
    const file = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('9.1-'))!;
    expect(parse(readFileSync(join(dir, 'measures', file), 'utf8')).scores).toEqual({ strategy: 4, quality: 3, security: 2, external: 1 });
    expect(r.stderr).toContain('column H "Bemerkung": unknown column');
  });

  it('a score that is a whole number up to floating-point noise (2.9999999999999996, =1/3*3) is that number', async () => {
    const dir = copyStrategy();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Liste');
    ws.addRow(SHORT);
    ws.addRow(['9.1', 'A', 1, 2.9999999999999996, { formula: '1/3*3', result: (1 / 3) * 3 }, { formula: '0.1+0.2', result: 0.1 + 0.2 }, 0]);
    const bad = itstrat(['import', await save(wb), '--dir', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('column F "Sicherheit": scores are whole numbers; found 0,30000000000000004');
    ws.getCell('F2').value = { formula: '0.1*3*10', result: 0.1 * 3 * 10 };
    const r = itstrat(['import', await save(wb), '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(parse(readFileSync(join(dir, 'measures', '9.1.yaml'), 'utf8')).scores).toEqual({
      strategy: 3,
      quality: 1,
      security: 3,
      external: 0,
    });
  });

  it("a workbook's string cell is its text exactly ('=x, '@y, =\"1.10\"); CSV from score --excel is unguarded", async () => {
    const dir = copyStrategy();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Liste');
    ws.addRow([...SHORT, 'Beschreibung']);
    ws.addRow(['9.1', "'=1+1 Kosten", 1, 1, 1, 1, 1, "'@Verweis"]);
    ws.addRow(['9.2', '="1.10"', 1, 1, 1, 1, 1, '']);
    const r = itstrat(['import', await save(wb), '--dir', dir, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(created(r.stdout)).toEqual(["9.1 '=1+1 Kosten", '9.2 ="1.10"']);
    const file = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('9.1-'))!;
    expect(parse(readFileSync(join(dir, 'measures', file), 'utf8')).description).toBe("'@Verweis");
    const csv = join(mkdtempSync(join(tmpdir(), 'itstrat-xlsx-')), 'liste.csv');
    writeFileSync(csv, `${SHORT.join(';')}\n9.3;'=1+1 Kosten;1;1;1;1;1\n`);
    const c = itstrat(['import', csv, '--dir', dir, '--format', 'json']);
    expect(created(c.stdout)).toEqual(['9.3 =1+1 Kosten']);
  });
});
