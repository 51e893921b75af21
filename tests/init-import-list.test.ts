import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { itstrat } from './helpers/cli.js';

// "A city with only an Excel list gets from that file to a valid, scored strategy with
// init --import": a list laid out by the city names its own Handlungsfelder, not the template's.
type Field = { id: string; number: number; name: string; prioritized: boolean };
const fieldsOf = (dir: string): Field[] =>
  (parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')) as { handlungsfelder: Field[] }).handlungsfelder;
const measuresOf = (dir: string): { id: string; field: string }[] =>
  readdirSync(join(dir, 'measures'))
    .map((f) => parse(readFileSync(join(dir, 'measures', f), 'utf8')) as { id: string; field: string })
    .sort((a, b) => a.id.localeCompare(b.id));

function listFile(name: string, text: string): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'itstrat-city-'));
  const file = join(root, name);
  writeFileSync(file, text);
  return { root, file };
}

describe('init --import of a list with its own Handlungsfelder', () => {
  it("makes the list's fields the strategy's: numbered by its ids, template fields left out, valid and scored", () => {
    const { root, file } = listFile(
      'liste.csv',
      'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung\n' +
        '1.1;E-Akte einführen;Digitale Verwaltung;3;2;1;2\n' +
        '1.2;Bürgerportal;Digitale Verwaltung;4;2;2;3\n' +
        '2.1;Netz erneuern;Infrastruktur & Betrieb;2;1;4;0\n',
    );
    const dir = join(root, 'strategy');
    const r = itstrat(['init', dir, '--name', 'Stadt X', '--import', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(fieldsOf(dir).map((f) => [f.number, f.id, f.name, f.prioritized])).toEqual([
      [1, 'digitale-verwaltung', 'Digitale Verwaltung', true],
      [2, 'infrastruktur-betrieb', 'Infrastruktur & Betrieb', true],
    ]);
    expect(measuresOf(dir).map((m) => [m.id, m.field])).toEqual([
      ['1.1', 'digitale-verwaltung'],
      ['1.2', 'digitale-verwaltung'],
      ['2.1', 'infrastruktur-betrieb'],
    ]);
    // The template's placeholder fields are gone, and the output says so.
    expect(r.stdout).toMatch(/eadministration/);
    const validate = itstrat(['validate', '--dir', dir, '--format', 'json']);
    expect(validate.status).toBe(0);
    expect(JSON.parse(validate.stdout).errors).toBe(0);
    const score = JSON.parse(itstrat(['score', '--dir', dir, '--format', 'json']).stdout) as { measures: { id: string }[] };
    expect(score.measures.map((m) => m.id).sort()).toEqual(['1.1', '1.2', '2.1']);
  });

  it('without ids: fields numbered in the order they appear, measures numbered in their field; a workbook too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Maßnahmenliste der Stadt');
    ws.addRow(['Maßnahmenliste Stadt Y, Stand 2026']);
    ws.addRow([]);
    ws.addRow(['Maßnahme', 'Handlungsfeld', 'Strategie', 'Qualität', 'Sicherheit', 'Außenwirkung']);
    ws.addRow(['Rechenzentrum', 'Technik', 2, 1, 4, 0]);
    ws.addRow(['E-Rechnung', 'Finanzen', 3, 3, 1, 2]);
    ws.addRow(['Firewall', 'Technik', 1, 1, 4, 0]);
    const root = mkdtempSync(join(tmpdir(), 'itstrat-city-'));
    const file = join(root, 'liste.xlsx');
    await wb.xlsx.writeFile(file);
    const dir = join(root, 'strategy');
    const r = itstrat(['init', dir, '--name', 'Stadt Y', '--import', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(fieldsOf(dir).map((f) => [f.number, f.id])).toEqual([
      [1, 'technik'],
      [2, 'finanzen'],
    ]);
    expect(measuresOf(dir).map((m) => [m.id, m.field])).toEqual([
      ['1.1', 'technik'],
      ['1.2', 'technik'],
      ['2.1', 'finanzen'],
    ]);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });

  it('a list grouped by heading rows ("2 Infrastruktur") without a field column: the headings are the fields', () => {
    const { root, file } = listFile(
      'liste.csv',
      'Nr;Maßnahme;Strategie;Qualität;Sicherheit;Außenwirkung\n' +
        '1 Digitale Verwaltung;;;;;\n1.1;E-Akte;3;2;1;2\n1.2;Portal;4;2;2;3\n' +
        'Handlungsfeld 2: Infrastruktur;;;;;\n2.1;Netz;2;1;4;0\n',
    );
    const dir = join(root, 'strategy');
    const r = itstrat(['init', dir, '--name', 'Stadt X', '--import', file]);
    expect(r.status, r.stderr).toBe(0);
    const fields = fieldsOf(dir) as (Field & { description: string })[];
    expect(fields.map((f) => [f.number, f.id, f.name])).toEqual([
      [1, 'digitale-verwaltung', 'Digitale Verwaltung'],
      [2, 'infrastruktur', 'Infrastruktur'],
    ]);
    // A taken-over template field's placeholder names the new field, not the template's.
    expect(fields[0]!.description).toMatch(/^TODO: .*Digitale Verwaltung/);
    expect(fields[0]!.description).not.toMatch(/eAdministration/);
    expect(measuresOf(dir).map((m) => [m.id, m.field])).toEqual([
      ['1.1', 'digitale-verwaltung'],
      ['1.2', 'digitale-verwaltung'],
      ['2.1', 'infrastruktur'],
    ]);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });

  it('a plain import into an existing strategy never invents a field: an unknown one is a finding, nothing written', () => {
    const { root, file } = listFile(
      'liste.csv',
      'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung\n1.1;A;Gibt es nicht;1;1;1;1\n',
    );
    const dir = join(root, 'strategy');
    expect(itstrat(['init', dir, '--name', 'Stadt Z']).status).toBe(0);
    const before = readFileSync(join(dir, 'strategy.yaml'), 'utf8');
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown Handlungsfeld Gibt es nicht/);
    expect(readFileSync(join(dir, 'strategy.yaml'), 'utf8')).toBe(before);
  });
});
