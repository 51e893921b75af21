// itstrat import with CSV: both dialects (German Excel: `;`, BOM, Windows-1252, CRLF, decimal
// comma; RFC 4180: `,`, quotes), header variants, --map, unknown columns, located findings,
// nothing written on error, --skip-invalid, comment-keeping updates, --dry-run, round trip.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundled, copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { measureRows, toCsv } from './helpers/sheet-rows.js';
import { readHeader } from '../src/model/import-columns.js';
import type { Leitplanke } from '../src/model/types.js';

const BOM = '\uFEFF';
const HEADER = 'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung';

function csvFile(content: string | Buffer, name = 'massnahmen.csv'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'itstrat-import-')), name);
  writeFileSync(path, content);
  return path;
}

/** Every file of a strategy folder with its bytes, to prove nothing was written. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml']) files.set(name, readFileSync(join(dir, name), 'latin1'));
  for (const name of readdirSync(join(dir, 'measures'))) files.set(`measures/${name}`, readFileSync(join(dir, 'measures', name), 'latin1'));
  return files;
}

const json = (args: string[]) => {
  const r = itstrat([...args, '--format', 'json']);
  return { ...r, data: JSON.parse(r.stdout) };
};

describe('import: German Excel CSV', () => {
  it('reads ; with a BOM and CRLF, a line break and doubled quotes inside quotes; creates a new measure named as new measure names it, updates an existing one', () => {
    const dir = copyStrategy();
    const file = csvFile(
      BOM +
        `${HEADER};Beschreibung;Beschluss\r\n` +
        `2.8;"Bürger-App\r\nmit Terminbuchung";Kundenschnittstelle;3;2;1;4;"Sagt ""Hallo""; mehr";x\r\n` +
        `2.7;Elektronischer Versand von Steuer- & Gebührenbescheiden;2;2;2;2;3;Kurz;nein\r\n`,
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.data.encoding).toBe('utf-8-bom');
    expect(r.data.delimiter).toBe(';');
    expect(r.data.created).toEqual([
      { id: '2.8', title: 'Bürger-App\nmit Terminbuchung', row: 2, file: join(dir, 'measures/2.8-buerger-app-terminbuchung.yaml') },
    ]);
    expect(r.data.updated).toEqual([
      {
        id: '2.7',
        title: 'Elektronischer Versand von Steuer- & Gebührenbescheiden',
        row: 4,
        file: join(dir, 'measures/2.7-elektronischer-versand-steuer-gebuehrenbescheiden.yaml'),
        changed: ['description', 'scores.external'],
      },
    ]);
    const created = parse(readFileSync(join(dir, 'measures/2.8-buerger-app-terminbuchung.yaml'), 'utf8'));
    expect(created).toEqual({
      id: '2.8',
      title: 'Bürger-App\nmit Terminbuchung',
      field: 'kundenschnittstelle',
      description: 'Sagt "Hallo"; mehr',
      source: [],
      current_state: '',
      recommendation: '',
      scores: { strategy: 3, quality: 2, security: 1, external: 4 },
      decision: 'prioritized',
    });
    // The name new measure gives the same title in the same field.
    const other = copyStrategy();
    const made = itstrat(['new', 'measure', '--dir', other, '--field', '2', '--title', 'Bürger-App\nmit Terminbuchung']);
    expect(made.status).toBe(0);
    expect(readdirSync(join(other, 'measures'))).toContain('2.8-buerger-app-terminbuchung.yaml');
    const updated = parse(readFileSync(join(dir, 'measures/2.7-elektronischer-versand-steuer-gebuehrenbescheiden.yaml'), 'utf8'));
    expect(updated.description).toBe('Kurz');
    expect(updated.scores).toEqual({ strategy: 2, quality: 2, security: 2, external: 3 });
    expect(updated.current_state).toMatch(/^Gespräche wurden/);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });

  it('keeps the roadmap fields a sheet has no columns for when it updates a measure', () => {
    const dir = copyStrategy();
    const name = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('1.1-'))!;
    editFile(join(dir, 'measures', name), (t) =>
      t.replace(/\ndecision: /, '\nfachbereich: FB 20\nstart: "2025-01-01"\ndue: "2026-06-30"\ndepends_on: ["1.2"]\ndecision: '),
    );
    const r = itstrat(['import', csvFile(`${HEADER}\r\n1.1;Neuer Titel;1;4;3;3;0\r\n`), '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(parse(readFileSync(join(dir, 'measures', name), 'utf8'))).toMatchObject({
      title: 'Neuer Titel',
      fachbereich: 'FB 20',
      start: '2025-01-01',
      due: '2026-06-30',
      depends_on: ['1.2'],
    });
  });

  it('reads Windows-1252 bytes (German Excel "CSV") with their umlauts', () => {
    const dir = copyStrategy();
    const text = `${HEADER};Ist-Zustand\r\n5.4;Übergangslösung für Bürgerbüros;5;1;1;1;1;Größtenteils außer Betrieb\r\n`;
    const bytes = Buffer.from(text, 'latin1');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = json(['import', csvFile(bytes), '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.encoding).toBe('windows-1252');
    expect(r.data.created[0].title).toBe('Übergangslösung für Bürgerbüros');
    const m = parse(readFileSync(join(dir, 'measures/5.4-uebergangsloesung-buergerbueros.yaml'), 'utf8'));
    expect(m.current_state).toBe('Größtenteils außer Betrieb');
    expect(m.field).toBe('uebergeordnet');
  });

  it('takes 3,0 as the whole number 3 and refuses 3,5 at its line and column, writing nothing', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const file = csvFile(`${HEADER}\r\n2.8;"Zwei\r\nZeilen";2;3,0;1;1;1\r\n2.9;Halbe Punkte;2;1;3,5;1;1\r\n`);
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    // Row 2.9 starts on line 4 (the quoted line break moved it); "3,5" starts at column 22.
    expect(r.stderr).toContain(`${file}:4:22 error field 5 "Qualität": scores are whole numbers; found 3,5 [score-number]`);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stdout).toContain('1 Zeile ist ungültig; nichts wurde geschrieben.');
    expect(snapshot(dir)).toEqual(before);
    // Without the bad row, 3,0 is read as 3.
    const good = json(['import', csvFile(`${HEADER}\r\n2.8;"Zwei\r\nZeilen";2;3,0;1;1;1\r\n`), '--dir', dir]);
    expect(good.status).toBe(0);
    expect(parse(readFileSync(good.data.created[0].file, 'utf8')).scores.strategy).toBe(3);
  });

  it('locates errors (range, unknown field, bad decision and status) and warnings (id against field) at their cells, all at once', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const file = csvFile(
      `${HEADER};Beschluss;Status\r\n` +
        `1.2;E-Akte;1;4;3;9;0;x;planned\r\n` + // security 9 > 4: column 18
        `2.8;Neu;Fantasiefeld;1;1;1;1;;\r\n` +
        `2.9;Neu;2;1;1;1;1;vielleicht;\r\n` +
        `3.20;Neu;2;1;1;1;1;;bald\r\n` +
        `3.21;Falsches Feld;2;1;1;1;1;;\r\n`,
    );
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(`${file}:2:18 error field 6 "Sicherheit": scores.security must be at most 4 (found 9) [score-range]`);
    expect(lines.some((l) => l.startsWith(`${file}:3:9 error field 3 "Handlungsfeld": unknown Handlungsfeld Fantasiefeld`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:4:19 error field 8 "Beschluss": expected x (prioritised)`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:5:21 error field 9 "Status": expected one of proposed`))).toBe(true);
    expect(lines).toContain(
      `${file}:6:1 warning field 1 "Nr": id 3.21 does not start with 2, the number of Handlungsfeld kundenschnittstelle [id-field-number]`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('--skip-invalid writes the valid rows and lists what it skipped', () => {
    const dir = copyStrategy();
    const file = csvFile(`${HEADER}\r\n2.8;Gut;2;1;1;1;1\r\n2.9;Schlecht;2;1;1;1;7\r\n2.10;Auch gut;2;0;0;0;0\r\n`);
    const r = json(['import', file, '--dir', dir, '--skip-invalid']);
    expect(r.status).toBe(0);
    expect(r.data.created.map((c: { id: string }) => c.id)).toEqual(['2.8', '2.10']);
    expect(r.data.skipped).toEqual([
      { row: 3, id: '2.9', reasons: ['field 7 "Außenwirkung": scores.external must be at most 4 (found 7)'] },
    ]);
    expect(readdirSync(join(dir, 'measures')).filter((f) => f.startsWith('2.9'))).toEqual([]);
    expect(existsSync(join(dir, 'measures/2.10-auch-gut.yaml'))).toBe(true);
    const table = itstrat(['import', csvFile(`${HEADER}\r\n2.11;Schlecht;2;1;1;1;x\r\n`), '--dir', dir, '--skip-invalid']);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('übersprungen: Zeile 2 (2.11): field 7 "Außenwirkung": expected a whole number; found "x"');
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
  });
});

describe('import: RFC 4180 CSV and header variants', () => {
  it('reads , with quoted commas and English labels (as export --lang en writes them)', () => {
    const dir = copyStrategy();
    const file = csvFile(
      'No,Measure,Field of action,strategy,quality,security,external,Description,Decision,Status\n' +
        '3.13,"Backup, offsite",Technik & Infrastruktur,2,2,4,0,"He said ""fine""",not prioritised,in_progress\n',
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.delimiter).toBe(',');
    const m = parse(readFileSync(r.data.created[0].file, 'utf8'));
    expect(m).toMatchObject({
      id: '3.13',
      title: 'Backup, offsite',
      field: 'technik',
      description: 'He said "fine"',
      decision: 'not_prioritized',
      status: 'in_progress',
    });
  });

  it('recognises common variants: Nr., Massnahme, Istzustand, Empfehlung, Priorität as the decision, Leitplanke names and ids, any case', () => {
    const dir = copyStrategy();
    const file = csvFile(
      'NR.;MASSNAHME;HF;strategische wirkung;Verbesserung der Daten- und Servicequalität;security;Außen;Istzustand;Empfehlung;Priorität\r\n' +
        '4.22;Variante;4;1;2;3;4;Heute;Morgen;x\r\n',
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.data.columns.map((c: { role: string }) => c.role)).toEqual([
      'id',
      'title',
      'field',
      'scores.strategy',
      'scores.quality',
      'scores.security',
      'scores.external',
      'current_state',
      'recommendation',
      'decision',
    ]);
    expect(parse(readFileSync(r.data.created[0].file, 'utf8'))).toMatchObject({
      field: 'organisation',
      current_state: 'Heute',
      recommendation: 'Morgen',
      decision: 'prioritized',
    });
  });

  it('reads a header with a note in brackets at its end: "Strategie (Gewicht 4)", "Beschreibung [optional]"', () => {
    const dir = copyStrategy();
    const file = csvFile(
      'Nr (Pflicht);Maßnahme;Handlungsfeld;Strategie (Gewicht 4);Qualität (×1);Sicherheit;Außenwirkung;Beschreibung [optional];Kosten (T€)\r\n2.8;Mit Notizen;2;1;2;3;4;Text;5\r\n',
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.data.columns.map((c: { role: string }) => c.role)).toEqual([
      'id',
      'title',
      'field',
      'scores.strategy',
      'scores.quality',
      'scores.security',
      'scores.external',
      'description',
      'unknown',
    ]);
    expect(r.status).toBe(0);
  });

  it('reads the computed columns of export and score CSV as computed, not unknown; Priorität beside Beschluss is computed', () => {
    const dir = copyStrategy();
    const file = csvFile(
      `${HEADER};Punkte;Rang;Priorität;Beschluss;%\r\n1.1;Konsolidierung der vorhandenen zwei SAP Systeme;1;4;3;3;0;999;1;ja;x;12,5\r\n`,
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.data.columns.slice(7).map((c: { role: string }) => c.role)).toEqual([
      'computed',
      'computed',
      'computed',
      'decision',
      'computed',
    ]);
    expect(r.data.unchanged).toEqual(['1.1']);
    const table = itstrat(['import', file, '--dir', dir]);
    expect(table.stdout).toContain('berechnete Spalten, nicht gelesen: Punkte, Rang, Priorität, %');
  });

  it('reports each unknown column as a warning at its header cell and still imports', () => {
    const dir = copyStrategy();
    const file = csvFile(`${HEADER};Bemerkung;Kosten\r\n2.8;Neu;2;1;1;1;1;egal;100\r\n`);
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `${file}:1:70 warning field 8 "Bemerkung": unknown column, not imported; name its key with --map 'Bemerkung=KEY' (or =ignore) [unknown-column]`,
    );
    expect(r.stderr).toContain(`${file}:1:80 warning field 9 "Kosten": unknown column`);
    expect(existsSync(join(dir, 'measures/2.8-neu.yaml'))).toBe(true);
  });

  it('--map names columns by header, letter or number; =ignore silences one; a header not in the sheet exits 2', () => {
    const dir = copyStrategy();
    const file = csvFile('Kennziffer;Vorhaben;Bereich;A1;A2;A3;A4;Notiz\r\n2.8;Mit Map;2;1;2;3;4;n\r\n');
    const r = json([
      'import',
      file,
      '--dir',
      dir,
      '--map',
      'Kennziffer=id,B=title,3=field,A1=strategy,A2=Qualität,A3=security,A4=external,Notiz=ignore',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(parse(readFileSync(r.data.created[0].file, 'utf8'))).toMatchObject({
      title: 'Mit Map',
      scores: { strategy: 1, quality: 2, security: 3, external: 4 },
    });
    const bad = itstrat(['import', file, '--dir', dir, '--map', 'Gibtsnicht=id']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^itstrat: --map: the sheet has no column "Gibtsnicht"/);
    const badKey = itstrat(['import', file, '--dir', dir, '--map', 'Kennziffer=nummer']);
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toContain('--map: unknown key "nummer"');
  });

  it('says so in a finding when the delimiter cannot be decided from the header', () => {
    const dir = copyStrategy();
    const file = csvFile('Nr;Kosten,Betrag\r\n1.2;100,5\r\n');
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no header row of measures');
    expect(r.stderr).toContain('line 1: could not decide between the delimiters ; and ,: the header reads alike with each; read with ;');
    // Where the header decides, nothing is said.
    const clear = itstrat([
      'import',
      csvFile(`${HEADER}\r\n1.1;Konsolidierung der vorhandenen zwei SAP Systeme;1;4;3;3;0\r\n`),
      '--dir',
      dir,
    ]);
    expect(clear.stderr).toBe('');
    expect(clear.status).toBe(0);
  });

  it('numbers rows without an id in their Handlungsfeld, after the existing ones', () => {
    const dir = copyStrategy();
    const file = csvFile(
      'Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung\r\nOhne Nummer;Kundenschnittstelle;1;1;1;1\r\nNoch eine;2;1;1;1;1\r\n',
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.created.map((c: { id: string }) => c.id)).toEqual(['2.8', '2.9']);
  });
});

describe('import: updates keep what is there', () => {
  it('keeps comments, key order and the file name of an updated measure; unchanged measures get no edit; absent ones are listed, not deleted', () => {
    const dir = copyStrategy();
    const rel = 'measures/1.2-e-akte-dokumentenmanagement-system.yaml';
    editFile(join(dir, rel), (t) =>
      t.replace('scores:\n', '# Bewertung aus dem Workshop 2018\nscores:\n').replace('  security: 2\n', '  security: 2 # strittig\n'),
    );
    const original = readFileSync(join(dir, rel), 'utf8');
    const untouched = readFileSync(join(dir, 'measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml'));
    const file = csvFile(
      `${HEADER}\r\n1.2;Ganz neuer Titel der E-Akte;1;4;3;3;0\r\n1.1;Konsolidierung der vorhandenen zwei SAP Systeme;1;4;3;3;0\r\n`,
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.updated.map((u: { id: string; changed: string[] }) => [u.id, u.changed])).toEqual([
      ['1.2', ['title', 'scores.security']],
    ]);
    expect(r.data.unchanged).toEqual(['1.1']);
    expect(r.data.absent.length).toBe(52);
    expect(r.data.absent[0]).toMatchObject({ id: '1.3' });
    const after = readFileSync(join(dir, rel), 'utf8');
    // Only the two values changed: same file, same comments, same lines otherwise.
    expect(after).toBe(
      original
        .replace('title: Einführung E-Akte / Dokumentenmanagement System', 'title: Ganz neuer Titel der E-Akte')
        .replace('  security: 2 # strittig', '  security: 3 # strittig'),
    );
    expect(readFileSync(join(dir, 'measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml')).equals(untouched)).toBe(true);
    expect(readdirSync(join(dir, 'measures')).length).toBe(54);
  });

  it('--dry-run prints the diff and leaves the git work tree clean', () => {
    const g = gitdir();
    g.commit('strategy');
    const file = csvFile(`${HEADER}\r\n1.2;Neuer Titel;1;4;3;2;0\r\n2.8;Neu;2;1;1;1;1\r\n`);
    const r = itstrat(['import', file, '--dir', join(g.dir, 'strategy'), '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('+title: Neuer Titel');
    expect(r.stdout).toContain('+++ b/');
    expect(r.stdout).toContain('2.8-neu.yaml');
    expect(g.git(['status', '--porcelain'])).toBe('');
  });
});

describe('import: round trip', () => {
  it('the bundled strategy as a CSV, imported into a fresh init folder, scores exactly as the original', () => {
    const root = mkdtempSync(join(tmpdir(), 'itstrat-roundtrip-'));
    const target = join(root, 'neu');
    expect(itstrat(['init', target]).status).toBe(0);
    // A measure list carries no Handlungsfelder and no weights: those come from the strategy files.
    cpSync(join(bundled, 'strategy.yaml'), join(target, 'strategy.yaml'));
    cpSync(join(bundled, 'leitplanken.yaml'), join(target, 'leitplanken.yaml'));
    for (const [delimiter, encode] of [
      [';', (t: string) => Buffer.from(BOM + t, 'utf8')],
      [',', (t: string) => Buffer.from(t, 'utf8')],
    ] as const) {
      const dir = join(root, `copy-${delimiter === ';' ? 'semicolon' : 'comma'}`);
      cpSync(target, dir, { recursive: true });
      const file = csvFile(encode(toCsv(measureRows(bundled), delimiter)));
      const r = itstrat(['import', file, '--dir', dir]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
      expect(JSON.parse(itstrat(['score', '--format', 'json', '--dir', dir]).stdout)).toEqual(
        JSON.parse(itstrat(['score', '--format', 'json', '--dir', bundled]).stdout),
      );
      // Importing the same list again changes nothing.
      const again = json(['import', file, '--dir', dir]);
      expect(again.data.unchanged.length).toBe(54);
      expect(itstrat(['import', file, '--dir', dir, '--dry-run']).stdout).toBe('');
    }
    expect(
      execFileSync('ls', [join(root, 'copy-semicolon', 'measures')], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .sort(),
    ).toEqual(readdirSync(join(bundled, 'measures')).sort());
  });
});

describe('import: rows that cannot be measures', () => {
  it('refuses an id given twice, a new measure without a title and a missing Leitplanke column, each at its place', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const file = csvFile('Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit\r\n2.8;A;2;1;1;1\r\n2.8;B;2;1;1;1\r\n2.9;;2;1;1;1\r\n');
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(
      `${file}:1:1 warning no column for the Leitplanke external (Außen): existing measures keep their score, new ones have none; name the column with --map [missing-column]`,
    );
    expect(lines).toContain(`${file}:3:1 error field 1 "Nr": id 2.8 is already in row 2 [duplicate-id]`);
    expect(lines).toContain(`${file}:4:5 error field 2 "Maßnahme": title must NOT have fewer than 1 characters [min-length]`);
    expect(lines.filter((l) => l.includes('[missing-score]')).map((l) => l.split(' ')[0])).toEqual([`${file}:2:1`, `${file}:4:1`]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an empty decision or owner cell removes it from an existing measure; a missing score column leaves its scores alone', () => {
    const dir = copyStrategy();
    const rel = 'measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml';
    editFile(join(dir, rel), (t) => `${t}owner: FB 20\n`);
    const file = csvFile('Nr;Maßnahme;Beschluss;Verantwortlich;Strategie\r\n1.1;Konsolidierung der vorhandenen zwei SAP Systeme;;;2\r\n');
    const r = json(['import', file, '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.updated[0].changed).toEqual(['decision', 'owner', 'scores.strategy']);
    const m = parse(readFileSync(join(dir, rel), 'utf8'));
    expect(m.decision).toBeUndefined();
    expect(m.owner).toBeUndefined();
    expect(m.scores).toEqual({ strategy: 2, quality: 3, security: 3, external: 0 });
  });

  it('a missing file, a folder or an empty header exit 2 with one line', () => {
    const dir = copyStrategy();
    const missing = itstrat(['import', join(tmpdir(), 'gibt-es-nicht.csv'), '--dir', dir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^itstrat: cannot read .*gibt-es-nicht\.csv: ENOENT[^\n]*\n$/);
    const folder = itstrat(['import', dir, '--dir', dir]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(`itstrat: cannot read ${dir}: not a file\n`);
    const empty = itstrat(['import', csvFile(''), '--dir', dir]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^itstrat: .*no header row of measures/);
  });
});

describe('import: CSV details', () => {
  it('keeps cell positions exact after a quote inside unquoted text and a quoted field with ; "" and a line break', () => {
    const dir = copyStrategy();
    const file = csvFile(`${HEADER}\r\n2.8;12" Monitor;2;1;1;1;x\r\n2.9;"a;""b""\nc";2;1;1;1;y\r\n`);
    const r = itstrat(['import', file, '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:25 error field 7 "Außenwirkung": expected a whole number; found "x"`);
    expect(r.stderr).toContain(`${file}:4:12 error field 7 "Außenwirkung": expected a whole number; found "y"`);
  });

  it('reads UTF-16 with its byte order mark and tabs (Excel\'s "Unicode text")', () => {
    const dir = copyStrategy();
    const text = `${HEADER.replaceAll(';', '\t')}\r\n2.8\tÜbersicht für Bürger\t2\t1\t2\t3\t4\r\n`;
    const r = json(['import', csvFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), '--dir', dir]);
    expect(r.status).toBe(0);
    expect(r.data.encoding).toBe('utf-16le');
    expect(r.data.delimiter).toBe('\t');
    expect(r.data.created[0].title).toBe('Übersicht für Bürger');
  });

  it('an unclosed quote is a finding at its line (exit 1); data under no header is reported, and --map can name it by number', () => {
    const dir = copyStrategy();
    const broken = itstrat(['import', csvFile(`${HEADER}\r\n2.8;"A;2;1;1;1;1\r\n`), '--dir', dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^itstrat: \S+massnahmen\.csv:2: not valid CSV: .*opening quote.*; nothing was written\n$/);
    const file = csvFile(`sep=;\r\n${HEADER};;\r\n2.8;A;2;1;1;1;1;;\r\n2.9;B;2;1;1;1;1;;FB 20\r\n`);
    const r = itstrat(['import', file, '--dir', dir, '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `${file}:4:18 warning field 9: a column without a header holds data (first in row 4); not imported; name its key with --map '9=KEY' (or =ignore) [unknown-column]`,
    );
    const mapped = itstrat(['import', file, '--dir', dir, '--dry-run', '--map', '9=owner']);
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toContain('+owner: FB 20');
  });
});

describe('import: a list grouped by Handlungsfeld', () => {
  it('reads heading rows ("1 eAdministration", "Handlungsfeld 2: …") as the field of the rows below, not as measures', () => {
    const dir = copyStrategy();
    const file = csvFile(
      'Nr;Maßnahme;Strategie;Qualität;Sicherheit;Außenwirkung\r\n' +
        '1 eAdministration;;;;;\r\n' +
        ';Erste;1;1;1;1\r\n' +
        'Handlungsfeld 2: Kundenschnittstelle\r\n' +
        ';Zweite;1;1;1;1\r\n' +
        '2.3;Informationen über Dienstleistungsangebot;2;2;2;2\r\n' +
        ';Technik & Infrastruktur;;;;\r\n' +
        ';Dritte;0;0;0;0\r\n',
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.data.created.map((c: { id: string; row: number }) => [c.id, c.row])).toEqual([
      ['1.12', 3],
      ['2.8', 5],
      ['3.13', 8],
    ]);
    expect(r.data.updated.map((c: { id: string }) => c.id)).toEqual(['2.3']);
    expect(parse(readFileSync(join(dir, 'measures/3.13-dritte.yaml'), 'utf8')).field).toBe('technik');
  });
});

describe('import: lists laid out by someone else (CSV)', () => {
  const lps = (parse(readFileSync(join(bundled, 'leitplanken.yaml'), 'utf8')) as { leitplanken: Leitplanke[] }).leitplanken;
  const roleName = (label: string): string => {
    const r = readHeader([label], lps).roles[0]!;
    return r.kind === 'key' ? r.key : r.kind === 'score' ? `score:${r.leitplanke}` : r.kind;
  };

  it.each([
    ['Lfd. Nr.', 'id'],
    ['lfd. Nummer', 'id'],
    ['ID-Nr.', 'id'],
    ['Projekt-Nr.', 'id'],
    ['Maßnahmenbezeichnung', 'title'],
    ['Titel der Maßnahme', 'title'],
    ['Titel/Bezeichnung der Maßnahme', 'title'],
    ['Bezeichnung der Maßnahme', 'title'],
    ['Handlungsfeld-Nr.', 'field'],
    ['Nr. HF', 'field'],
    ['HF-Nummer', 'field'],
    ['Name des Handlungsfelds', 'field'],
    ['Bewertung Strategie', 'score:strategy'],
    ['Strategische Relevanz', 'score:strategy'],
    ['Strategische Bedeutung', 'score:strategy'],
    ['Datenqualität', 'score:quality'],
    ['Kriterium Qualität', 'score:quality'],
    ['Quality rating', 'score:quality'],
    ['IT-Sicherheit', 'score:security'],
    ['Informationssicherheit', 'score:security'],
    ['Security impact', 'score:security'],
    ['Außenwirkung', 'score:external'],
    ['Bewertung Außen', 'score:external'],
    ['Maßnahmenbeschreibung', 'description'],
    ['Erläuterung der Maßnahme', 'description'],
    ['Verantwortlichkeit', 'owner'],
    ['Umsetzungsstand der Maßnahme', 'status'],
    // Not guessed: a word nothing explains, or two keys in one header.
    ['Kosten der Maßnahme', 'unknown'],
    ['Bemerkung', 'unknown'],
    ['IT', 'unknown'],
    ['Bewertung', 'unknown'],
    ['Nummer/Bezeichnung', 'unknown'],
    ['Strategie und Sicherheit', 'unknown'],
    ['Maßnahmenliste IT-Strategie Stadt X', 'unknown'],
  ])('reads the header %j as %s', (label, role) => {
    expect(roleName(label)).toBe(role);
  });

  it('an empty title points at the title column; with no title column, the finding says so', () => {
    const dir = copyStrategy();
    const withColumn = itstrat([
      'import',
      csvFile('Lfd. Nr.;Beschreibung;Titel der Maßnahme;HF;Strategie;Qualität;Sicherheit;Außen\n9.1;b;;1;1;1;1;1\n'),
      '--dir',
      dir,
    ]);
    expect(withColumn.status).toBe(1);
    expect(withColumn.stderr).toMatch(/massnahmen\.csv:2:7 error field 3 "Titel der Maßnahme": title/);
    const without = itstrat(['import', csvFile('Nr;Kosten;HF;Strategie;Qualität;Sicherheit;Außen\n9.1;b;1;1;1;1;1\n'), '--dir', dir]);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain('the sheet has no column read as title; name it with --map');
  });

  it('skips totals and notes rows (Summe, Gesamt, Σ, Anzahl) and says so; a measure whose title starts with such a word stays', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const file = csvFile(
      `${HEADER}\n9.1;Gesamtkonzept erstellen;1;1;1;1;1\n9.2;Summe der Kosten senken;1;2;2;2;2\n;Gesamt-IT-Konzept;1;1;1;1;1\n;Summe bilden;2;1;1;1;1\nSumme;;;3;3;3;3\nGesamt (alle Felder);;;3;3;3;3\n\u03a3;;;3;3;3;3\nAnzahl;2;;;;;\n`,
    );
    const r = json(['import', file, '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    // With a Handlungsfeld of their own (and a hyphenated compound), rows without an id are measures.
    expect(r.data.created.map((c: { title: string }) => c.title).sort()).toEqual([
      'Gesamt-IT-Konzept',
      'Gesamtkonzept erstellen',
      'Summe bilden',
      'Summe der Kosten senken',
    ]);
    for (const [line, label] of [
      [6, 'Summe'],
      [7, 'Gesamt (alle Felder)'],
      [8, '\u03a3'],
      [9, 'Anzahl'],
    ] as const)
      expect(r.stderr).toContain(
        `massnahmen.csv:${line}:1 warning field 1 "Nr": row ${line} is a totals row (${JSON.stringify(label)}), no measure: not imported`,
      );
    expect(snapshot(dir).size).toBe(before.size + 4);
  });

  it('reads a two-row header: a group cell ("Leitplanken") above the sub-headers', () => {
    const dir = copyStrategy();
    const file = csvFile('Nr;Maßnahme;HF;Leitplanken;;;\n;;;Strategie;Qualität;IT-Sicherheit;Außenwirkung\n9.1;Zwei Zeilen;1;1;2;3;4\n');
    const r = json(['import', file, '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.data.columns.map((c: { header: string }) => c.header)).toEqual([
      'Nr',
      'Maßnahme',
      'HF',
      'Leitplanken Strategie',
      // CSV has no merged cells: the group stands over its first column only.
      'Qualität',
      'IT-Sicherheit',
      'Außenwirkung',
    ]);
    const m = parse(readFileSync(join(dir, 'measures', r.data.created[0].file.split('/').pop()), 'utf8'));
    expect(m.scores).toEqual({ strategy: 1, quality: 2, security: 3, external: 4 });
    // A data row below the header is never taken for sub-headers.
    const plain = json(['import', csvFile(`${HEADER}\n9.2;Eine Zeile;1;1;1;1;1\n`), '--dir', dir]);
    expect(plain.data.created.map((c: { id: string }) => c.id)).toEqual(['9.2']);
  });

  it('--map naming two columns for one key is refused (exit 2), as is one column named twice', () => {
    const dir = copyStrategy();
    const file = csvFile(`${HEADER}\n9.1;A;1;1;1;1;1\n`);
    const two = itstrat(['import', file, '--dir', dir, '--map', 'Nr=id,Maßnahme=id']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('--map gives id two columns (Nr=id, Maßnahme=id)');
    const score = itstrat(['import', file, '--dir', dir, '--map', 'Strategie=security,Sicherheit=security']);
    expect(score.status).toBe(2);
    const twice = itstrat(['import', file, '--dir', dir, '--map', 'Maßnahme=title,B=description']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('names the column "Maßnahme" twice');
    expect(existsSync(join(dir, 'measures')) && readdirSync(join(dir, 'measures')).some((f) => f.startsWith('9.1'))).toBe(false);
  });

  it('reads UTF-16 with a BOM in either byte order, and without one from its NUL bytes (said in a warning)', () => {
    const text = `${HEADER}\r\n9.1;Größe €;1;3;2;1;0\r\n`;
    const le = Buffer.from(text, 'utf16le');
    for (const [bytes, encoding, warned] of [
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]), 'utf-16be', false],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le', false],
      [Buffer.from(le).swap16(), 'utf-16be', true],
      [le, 'utf-16le', true],
    ] as const) {
      const dir = copyStrategy();
      const r = json(['import', csvFile(bytes), '--dir', dir]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.data.encoding).toBe(encoding);
      expect(r.data.created[0].title).toBe('Größe €');
      expect(r.stderr.includes('no byte order mark; read as UTF-16')).toBe(warned);
    }
  });

  it('refuses bytes it cannot read as text: a Windows-1252 byte with no character, stray NULs (exit 1, also with --dry-run)', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const cp = csvFile(Buffer.concat([Buffer.from(`${HEADER}\n9.1;Gr`, 'latin1'), Buffer.from([0xf6, 0x81]), Buffer.from(';1;1;1;1;1\n')]));
    for (const extra of [[], ['--dry-run']]) {
      const r = itstrat(['import', cp, '--dir', dir, ...extra]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('massnahmen.csv:2:8 error byte 0x81 is no character in Windows-1252');
    }
    const nul = csvFile(Buffer.from(`${HEADER}\n9.1;A\u0000B;1;1;1;1;1\n`));
    const r = itstrat(['import', nul, '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('massnahmen.csv:2:6 error the file holds NUL bytes');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a score a hair from a whole number (3,0000000000001) is that number; 3,001 is not', () => {
    const dir = copyStrategy();
    const ok = json(['import', csvFile(`${HEADER}\n9.1;A;1;3,0000000000001;1.9999999999999998;1;0\n`), '--dir', dir]);
    expect(ok.status, ok.stderr).toBe(0);
    const m = parse(readFileSync(join(dir, 'measures', ok.data.created[0].file.split('/').pop()), 'utf8'));
    expect(m.scores).toEqual({ strategy: 3, quality: 2, security: 1, external: 0 });
    const bad = itstrat(['import', csvFile(`${HEADER}\n9.2;B;1;3,001;1;1;0\n`), '--dir', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('scores are whole numbers; found 3,001');
  });

  it('refuses ids with leading zeros and names the canonical form; validate refuses them in YAML too', () => {
    const dir = copyStrategy();
    const before = snapshot(dir);
    const r = itstrat(['import', csvFile(`${HEADER}\n01.1;A;1;1;1;1;1\n1.01;B;1;1;1;1;1\n001.010;C;1;1;1;1;1\n`), '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('an id has no leading zeros: write 1.1; found "01.1"');
    expect(r.stderr).toContain('an id has no leading zeros: write 1.1; found "1.01"');
    expect(r.stderr).toContain('an id has no leading zeros: write 1.10; found "001.010"');
    expect(snapshot(dir)).toEqual(before);
    const file = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('1.1-'))!;
    editFile(join(dir, 'measures', file), (t) => t.replace(/^id: "1\.1"$/m, 'id: "01.1"'));
    const v = itstrat(['validate', '--dir', dir]);
    expect(v.status).toBe(1);
    expect(v.stdout + v.stderr).toContain('no leading zeros');
    expect(itstrat(['validate', '--dir', bundled]).status).toBe(0);
  });
});
