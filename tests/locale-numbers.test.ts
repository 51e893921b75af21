// Numbers for people follow the output's language; percentages round half-up from the exact
// fraction; JSON and CSV keep machine numbers; --excel writes CSV German Excel opens correctly.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactShare, numbersDe, numbersEn } from '../src/i18n/locale-number.js';
import { excelCsvField } from '../src/render/escape.js';
import { copyStrategy, editFile } from './helpers/cli.js';
import { csvRecords } from './helpers/csv.js';
import { itstratInProcess } from './helpers/in-process.js';

describe('locale numbers', () => {
  it.each([
    [14100000, '14.100.000', '14,100,000'],
    [1.8, '1,8', '1.8'],
    [-0.5, '-0,5', '-0.5'],
    [0.1, '0,1', '0.1'],
    [0.0000001, '0,0000001', '0.0000001'],
    [9007199254740991, '9.007.199.254.740.991', '9,007,199,254,740,991'],
    [123456789.12345, '123.456.789,12345', '123,456,789.12345'],
  ])('%d is %s in German and %s in English, every stored digit kept', (n, de, en) => {
    expect(numbersDe.number(n)).toBe(de);
    expect(numbersEn.number(n)).toBe(en);
  });

  it('whole numbers, written without Intl for speed, read exactly as Intl writes them', () => {
    const de = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 20 });
    const en = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 });
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -2000, max: 2000 })), (n) => {
        expect(numbersDe.number(n)).toBe(de.format(n));
        expect(numbersEn.number(n)).toBe(en.format(n));
        expect(numbersDe.percent(n)).toBe(`${de.format(n)} %`);
      }),
    );
  });

  it('money has two decimals and the currency after it; percent follows each language', () => {
    expect(numbersDe.money(14100000, 'EUR')).toBe('14.100.000,00 EUR');
    expect(numbersEn.money(14100000, 'EUR')).toBe('14,100,000.00 EUR');
    expect(numbersDe.money(9999999999999.99, 'EUR')).toBe('9.999.999.999.999,99 EUR');
    expect(numbersDe.percent(57.5)).toBe('57,5 %');
    expect(numbersEn.percent(57.5)).toBe('57.5%');
  });

  it.each([
    [23, 40, 0, '58'],
    [23, 40, 1, '57.5'],
    [1, 8, 0, '13'],
    [1, 3, 0, '33'],
    [2, 3, 0, '67'],
    [29, 36, 1, '80.6'],
    [0, 36, 0, '0'],
    [5, 0, 0, '0'],
    [1, 200, 0, '1'],
    [1, 2000, 1, '0.1'],
  ])('exactShare(%d, %d, %d) is %s', (part, whole, digits, expected) => expect(exactShare(part, whole, digits)).toBe(expected));

  it('exactShare is within half a unit of the exact share, and a tie rounds up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120000 }), fc.integer({ min: 1, max: 120000 }), fc.integer({ min: 0, max: 3 }), (a, b, d) => {
        const r = exactShare(a, b, d);
        // r·10^d as an integer R: 2·|R·b − 100·a·10^d| ≤ b, and exactly b only when R is the upper neighbour.
        const R = BigInt(r.replace('.', ''));
        const scaled = 100n * BigInt(a) * 10n ** BigInt(d);
        const diff = 2n * (R * BigInt(b) - scaled);
        expect(diff > -BigInt(b) && diff <= BigInt(b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

/** The bundled strategy changed so that measure 1.6 scores 23 of at most 40 (57.5 %). */
function strategy2340(): string {
  const dir = copyStrategy();
  editFile(join(dir, 'leitplanken.yaml'), (t) => t.replace(/(id: "external"[\s\S]*?weight: )3/, '$14'));
  editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) =>
    t
      .replace('  strategy: 3', '  strategy: 4')
      .replace('  quality: 1', '  quality: 3')
      .replace('  security: 1', '  security: 0')
      .replace('decision: not_prioritized', 'decision: prioritized'),
  );
  return dir;
}

describe('numbers in the output', () => {
  it('the report rounds 23/40 half-up to 58 %, in JSON 57.5', async () => {
    const dir = strategy2340();
    const md = (await itstratInProcess(['report', '--dir', dir])).stdout;
    expect(md).toMatch(/\| 1\.6 \| Einführung eVergabe \| eAdministration \| 23 \| 58 \|/);
    const json = JSON.parse((await itstratInProcess(['score', '--dir', dir, '--format', 'json'])).stdout);
    expect(json.measures.find((m: { id: string }) => m.id === '1.6')).toMatchObject({ score: 23, percent: 57.5 });
  });

  it('score groups thousands by language in tables and Markdown, never in JSON or CSV', async () => {
    const run = async (...args: string[]) =>
      (await itstratInProcess(['score', '--top', '1', '--weights', 'strategy=1000', '--sort', 'id', ...args])).stdout;
    expect(await run()).toContain(' 4.006 ');
    expect(await run()).toContain('Gewichte: Strategie 1.000');
    expect(await run('--lang', 'en')).toContain(' 4,006 ');
    expect(await run('--format', 'markdown')).toContain('| 4.006 |');
    expect(JSON.parse(await run('--format', 'json')).measures[0].score).toBe(4006);
    expect(await run('--format', 'csv')).toContain(',4006,');
  });

  it('metrics show money and percentages in the language of the output', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'metrics.yaml'), (t) =>
      t.replace(/(id: "it-costs"[\s\S]*?)values: \[\]/, '$1values:\n      - { period: "2020", value: 14100000 }'),
    );
    expect((await itstratInProcess(['metrics', '--dir', dir])).stdout).toContain('14.100.000,00 EUR');
    expect((await itstratInProcess(['metrics', '--dir', dir, '--lang', 'en'])).stdout).toContain('14,100,000.00 EUR');
    expect((await itstratInProcess(['report', '--dir', dir])).stdout).toContain('| 14.100.000,00 EUR |');
    expect(
      JSON.parse((await itstratInProcess(['metrics', '--dir', dir, '--format', 'json'])).stdout).metrics.find(
        (m: { id: string }) => m.id === 'it-costs',
      ).latest.value,
    ).toBe(14100000);
  });

  it('calibrate names decisions in German words', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    const out = (await itstratInProcess(['calibrate', '--dir', dir, '--max-weight', '4'])).stdout;
    expect(out).toMatch(/Beschluss (nicht )?priorisiert ≠ (nicht )?priorisiert/);
    expect(out).not.toMatch(/not_prioritized|\bprioritized\b/);
  });
});

/** The text of a constant string formula `="a""b"&"c"` as Excel evaluates it (each constant at most 255 characters); undefined for any other cell. */
function stringFormula(cell: string): string | undefined {
  if (!/^="(?:[^"]|"")*"(?:&"(?:[^"]|"")*")*$/.test(cell)) return undefined;
  const parts = [...cell.slice(1).matchAll(/"((?:[^"]|"")*)"/g)].map((x) => x[1]!.replace(/""/g, '"'));
  for (const p of parts) expect(p.length).toBeLessThanOrEqual(255);
  return parts.join('');
}

describe('score --format csv --excel', () => {
  it('writes a BOM, ";" between fields, decimal comma and CRLF; ids stay text', async () => {
    const r = await itstratInProcess(['score', '--format', 'csv', '--excel', '--sort', 'id', '--sensitivity']);
    expect(r.status).toBe(0);
    expect(
      r.stdout.startsWith(
        // A text with a digit is written as a string formula, or Excel would convert it: the header flip_l1 too.
        '\ufeffid;title;field;strategy;quality;security;external;score;percent;rank;prioritized;decision;flip_distance;="flip_l1"\r\n',
      ),
    ).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = csvRecords(r.stdout.slice(1), ';');
    expect(new Set(rows.map((x) => x.length))).toEqual(new Set([14]));
    expect(rows.length).toBe(55);
    const first = rows[1]!;
    expect(first[0]).toBe('="1.1"');
    expect(first[8]).toMatch(/^\d+,\d$/);
    expect(r.stdout).toContain('Einführung eVergabe');
    expect(rows.find((x) => x[0] === '="1.10"')).toBeDefined();
  });

  it('leaves --format csv as RFC 4180', async () => {
    const csv = (await itstratInProcess(['score', '--format', 'csv', '--top', '1'])).stdout;
    expect(csv).toBe(
      'id,title,field,strategy,quality,security,external,score,percent,rank,prioritized,decision\r\n2.1,Portal Strategie entwickeln und umsetzen / Einführung Service- und Bürgerkonto,kundenschnittstelle,4,2,2,3,29,80.6,1,true,prioritized\r\n',
    );
  });

  it('refuses --excel with another format', async () => {
    const r = await itstratInProcess(['score', '--excel']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--excel writes CSV for Excel: use it with --format csv');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [' =1+1', "' =1+1"],
    ['\u00a0=1', "'\u00a0=1"],
    ['＝1+1', "'＝1+1"],
    ['\tx', "'\tx"],
    ['a;b', '"a;b"'],
    ['Zeile\nzwei', '"Zeile\nzwei"'],
    ['1.10', '="1.10"'],
    ['3,5', '="3,5"'],
    ['2021-02-03', '="2021-02-03"'],
    ['Müller', 'Müller'],
    ['a=b', 'a=b'],
    ['1e5', '="1e5"'],
    ['50%', '="50%"'],
    ['(5)', '="(5)"'],
    ['5 €', '="5 €"'],
    ['Mai 2020', '="Mai 2020"'],
    [' WAHR', '=" WAHR"'],
    ['false', '="false"'],
    ['#NV', '="#NV"'],
    ['Wahrheit', 'Wahrheit'],
    ['Phase 2: "Pilot"', '="Phase 2: ""Pilot"""'],
    ['Phase 2; danach', '"=""Phase 2; danach"""'],
    ['Zeile 1\nZeile 2', '"Zeile 1\nZeile 2"'],
  ])('defuses the text %j as %s', (text, field) => expect(excelCsvField(text)).toBe(field));

  it('any text becomes a field that cannot start a formula and reads back as the text', () => {
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom(
          ...['=', '+', '-', '@', '＝', ' ', '\u00a0', '\t', '\r', '\n', ';', '"', "'", 'a', 'ü', '1', '.', ',', '/', ':'],
          ...['#', '%', '€', '(', ')', 'e', 'E', 'W', 'A', 'H', 'R', '٣', '½', '😀'],
        ),
      }),
      fc.string(),
      fc.string({ unit: fc.constantFrom('"', '1', 'x', '😀', ';'), minLength: 250, maxLength: 600 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const field = excelCsvField(t);
        // As Excel reads a field: quotes only at its start.
        const cell = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        const text = stringFormula(cell);
        if (text !== undefined) {
          // A constant formula: Excel shows exactly the text.
          if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(t)) expect(text).toBe(t);
          return;
        }
        // Anything Excel could read as a number, date, truth or error value is a formula (or starts with ').
        if (!cell.startsWith("'") && !/[\r\n]/.test(cell)) expect(cell).not.toMatch(/\p{N}|^\s*(wahr|falsch|true|false)\s*$|^\s*[#＃]/iu);
        expect(/^[\s\u00a0\u3000]*[=+\-@＝＋－＠]/.test(cell) || /^[\t\r]/.test(cell)).toBe(false);
        if (!field.startsWith('"')) expect(field).not.toMatch(/[;\r\n"]/);
        // Control characters other than tab and line breaks are shown as text (\x07), as in every CSV.
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(t)) return;
        // The text itself, or — only for a text that would start a formula — the text after a '.
        if (cell !== t) {
          expect(cell).toBe(`'${t}`);
          expect(/^[\s\u00a0\u3000]*[=+\-@＝＋－＠]/.test(t) || /^[\t\r]/.test(t)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps as text whatever German Excel would read as a number, date, time, truth or error value', () => {
    const sign = fc.constantFrom('', '-', '+', '(', ' ');
    const digits = fc.integer({ min: 0, max: 99999 }).map(String);
    const month = fc.constantFrom('Mai', 'Januar', 'Jan', 'Dez.', 'März', 'May', 'October');
    const convertible = fc.oneof(
      fc
        .tuple(sign, digits, fc.constantFrom('', ',5', '.5', 'e5', 'E+05', 'e-3', ' %', '%', ' €', '€', ' EUR', ')', ',00 €'))
        .map((x) => x.join('')),
      fc.tuple(fc.constantFrom('€ ', '$', '£'), digits).map((x) => x.join('')),
      fc
        .tuple(digits, fc.constantFrom('.', '/', '-', ':'), digits, fc.constantFrom('', '.2020', '/20', ':30', ' PM'))
        .map((x) => x.join('')),
      fc.tuple(month, fc.constantFrom(' ', '-', '. '), digits).map((x) => x.join('')),
      fc.tuple(digits, fc.constantFrom('. ', ' ', '-'), month).map((x) => x.join('')),
      fc.tuple(digits, fc.constantFrom(' 1/2', '/4', ' 3/8')).map((x) => x.join('')),
      fc
        .tuple(fc.constantFrom('', ' '), fc.constantFrom('WAHR', 'falsch', 'True', 'FALSE', 'wahr'), fc.constantFrom('', ' '))
        .map((x) => x.join('')),
      fc.constantFrom('#NV', '#WERT!', '#DIV/0!', '#N/A', '#BEZUG!'),
    );
    fc.assert(
      fc.property(convertible, (t) => {
        const field = excelCsvField(t);
        const cell = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
        // Text with a leading ' is text to Excel already (the ' defuses a formula start: `-5`, `+1`).
        if (cell.startsWith("'")) expect(cell).toBe(`'${t}`);
        else expect(stringFormula(cell), `${t} as ${field}`).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a hostile title run as a formula in the real output', async () => {
    const dir = copyStrategy();
    const hostile = ['=1+2;ok', '-1+1', '@cmd', ' +x', '1.2'];
    hostile.forEach((title, i) =>
      editFile(
        join(
          dir,
          'measures',
          `1.${i + 1}-${['konsolidierung-vorhandenen-zwei-sap', 'e-akte-dokumentenmanagement-system', 'standardisierung-datenformate-elektronischer-datenaustausch', 'konsequente-digitalisierung-internen-prozesse', 'erechnung'][i]}.yaml`,
        ),
        (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`),
      ),
    );
    const r = await itstratInProcess(['score', '--dir', dir, '--format', 'csv', '--excel']);
    expect(r.status).toBe(0);
    for (const row of csvRecords(r.stdout.slice(1), ';').slice(1)) {
      expect(row).toHaveLength(12);
      for (const cell of row) expect(/^[\s\u00a0]*[=+\-@＝＋－＠]/.test(cell) && stringFormula(cell) === undefined, cell).toBe(false);
    }
    const titles = csvRecords(r.stdout.slice(1), ';').map((x) => x[1]);
    expect(titles).toEqual(expect.arrayContaining(["'=1+2;ok", "'-1+1", "'@cmd", "' +x", '="1.2"']));
  });
});
