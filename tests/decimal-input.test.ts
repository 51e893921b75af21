// metrics record --value in German or English notation: what is accepted, what is refused, and
// that no accepted text is ever read as a different number than its writer could have meant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { numbersDe, numbersEn } from '../src/i18n/locale-number.js';
import { readDecimal } from '../src/model/decimal-input.js';
import { parseMetricValue } from '../src/model/metric-values.js';
import { copyStrategy } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const accepted = (text: string): string => {
  const r = readDecimal(text);
  if ('problem' in r) throw new Error(`refused ${text}: ${r.problem}`);
  return r.decimal;
};
const refused = (text: string): string => {
  const r = readDecimal(text);
  if ('decimal' in r) throw new Error(`accepted ${text} as ${r.decimal}`);
  return r.problem;
};

describe('readDecimal: the class of typed numbers', () => {
  it.each([
    ['1,8', '1.8'],
    ['1.8', '1.8'],
    ['-0,5', '-0.5'],
    ['13.750.000,50', '13750000.50'],
    ['13,750,000.50', '13750000.50'],
    ['13750000.5', '13750000.5'],
    ['13750000,5', '13750000.5'],
    ['13 750 000,50', '13750000.50'],
    ['13\u00a0750\u00a0000,50', '13750000.50'],
    ['13\u202f750\u202f000.50', '13750000.50'],
    ['1.000.000', '1000000'],
    ['1,000,000', '1000000'],
    ['1 234', '1234'],
    ['12.345,678', '12345.678'],
    ['1234.567', '1234.567'],
    ['1234,567', '1234.567'],
    ['0.123', '0.123'],
    ['0,123', '0.123'],
    ['1,2345', '1.2345'],
    ['1.2340', '1.2340'],
    ['7', '7'],
  ])('reads %j as %s', (text, decimal) => expect(accepted(text)).toBe(decimal));

  it.each([
    ['1.234', '1234', '1.234'],
    ['1,234', '1234', '1.234'],
    ['123.456', '123456', '123.456'],
    ['-12,500', '-12500', '-12.500'],
    ['999.999', '999999', '999.999'],
  ])('refuses the ambiguous %j, naming both readings', (text, grouping, decimal) => {
    const problem = refused(text);
    expect(problem).toContain(`reads as ${grouping} `);
    expect(problem).toContain(`or as ${decimal} `);
  });

  it.each([
    ['+5', 'sign'],
    ['1e3', 'exponent'],
    ['1E-3', 'exponent'],
    ['.5', 'leading separator'],
    [',5', 'leading separator'],
    ['5.', 'trailing separator'],
    ['5,', 'trailing separator'],
    ['1..2', 'two separators'],
    ['1,,2', 'two separators'],
    ['1.2.3', 'groups not of three'],
    ['1.23.456', 'groups not of three'],
    ['1234.567.890', 'first group too long'],
    ['1.234.567,8,9', 'two decimal separators'],
    ['1,234.567,8', 'decimal separator twice'],
    ['1.234 567', 'two grouping characters'],
    ['1 234.567,8', 'two grouping characters'],
    ['1,234.567.8', 'grouping after the decimal separator'],
    ['0.123.456', 'group starting with 0'],
    ['12 34', 'space group not of three'],
    ['1_000', 'underscore'],
    ['0x10', 'hex'],
    ['--1', 'double sign'],
    ['−1', 'typographic minus'],
    ['', 'empty'],
    ['1 234,5 6', 'space in the decimals'],
  ])('refuses %j (%s)', (text) => {
    refused(text);
  });
});

/** A number as plain digits: whole part without leading zeros, optional fraction. */
const plainDecimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
  .map(([negative, whole, fraction]) => ({ negative, whole: whole.toString(), fraction }));

function group(whole: string, separator: string): string {
  const parts: string[] = [];
  for (let end = whole.length; end > 0; end -= 3) parts.unshift(whole.slice(Math.max(0, end - 3), end));
  return parts.join(separator);
}

const value = (d: { negative: boolean; whole: string; fraction: string | undefined }): number =>
  Number(`${d.negative ? '-' : ''}${d.whole}${d.fraction === undefined ? '' : `.${d.fraction}`}`);

describe('readDecimal: properties', () => {
  it('every notation of a number is read as exactly that number, or refused as ambiguous — never as another', () => {
    const notations: [string, string, string][] = [
      // decimal, grouping: German and English, with and without grouping, and DIN 5008 spaces
      [',', '', 'German'],
      [',', '.', 'German grouped'],
      [',', ' ', 'German spaced'],
      ['.', '', 'English'],
      ['.', ',', 'English grouped'],
      ['.', '\u00a0', 'English no-break spaced'],
    ];
    fc.assert(
      fc.property(plainDecimal, fc.constantFrom(...notations), (d, [dec, grp]) => {
        const text = `${d.negative ? '-' : ''}${grp === '' ? d.whole : group(d.whole, grp)}${d.fraction === undefined ? '' : `${dec}${d.fraction}`}`;
        const r = readDecimal(text);
        if ('decimal' in r) {
          expect(Number(r.decimal)).toBe(value(d));
          return;
        }
        // Refused only where another convention reads the same text as a different number: one
        // separator, followed by exactly three digits, after a first group of 1–3 digits not 0.
        const separators = text.replace(/[-\d]/g, '');
        const [head = '', tail = ''] = text.replace('-', '').split(separators);
        expect(separators.length).toBe(1);
        expect([',', '.']).toContain(separators);
        expect(tail).toHaveLength(3);
        expect(head).toMatch(/^[1-9]\d{0,2}$/);
        expect(r.problem).toContain('reads as');
      }),
      { numRuns: 2000 },
    );
  });

  it('any text made of digits, separators and signs is refused or read as one of its possible meanings', () => {
    // The only freedom a reader has is which of . and , is the decimal separator: every accepted
    // text keeps its digits in order, and the value is one of the two readings.
    const text = fc.stringMatching(/^-?[0-9., ]{1,14}$/);
    fc.assert(
      fc.property(text, (t) => {
        const r = readDecimal(t);
        if ('problem' in r) return;
        const body = t.replace(/^-/, '');
        expect(r.decimal.replace(/[-.]/g, '')).toBe(body.replace(/\D/g, ''));
        const asGerman = Number(`${t.startsWith('-') ? '-' : ''}${body.replace(/[. ]/g, '').replace(',', '.')}`);
        const asEnglish = Number(`${t.startsWith('-') ? '-' : ''}${body.replace(/[, ]/g, '')}`);
        expect([asGerman, asEnglish]).toContain(Number(r.decimal));
      }),
      { numRuns: 5000 },
    );
  });

  it('what itstrat prints, in either language, reads back as the same number unless that text is ambiguous', () => {
    fc.assert(
      fc.property(plainDecimal, (d) => {
        const n = value(d);
        if (Object.is(n, -0)) return;
        for (const shown of [numbersDe.number(n), numbersEn.number(n)]) {
          const r = readDecimal(shown);
          if ('decimal' in r) expect(Number(r.decimal)).toBe(n);
          else expect(r.problem).toContain('reads as');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseMetricValue in German notation', () => {
  const metric = (kind: 'count' | 'number' | 'ratio' | 'percent' | 'money') => ({ id: 'm', kind, currency: 'EUR' });
  it.each([
    ['ratio', '1,8', 1.8],
    ['number', '-0,5', -0.5],
    ['money', '13.750.000,50', 13750000.5],
    ['money', '13.750.000,50 EUR', 13750000.5],
    ['money', '13,750,000.50 EUR', 13750000.5],
    ['money', '1.250,00 €', 1250],
    ['money', '1.250,00€', 1250],
    ['percent', '57,5 %', 57.5],
    ['percent', '57,5%', 57.5],
    ['count', '1.234.567', 1234567],
    ['count', '12', 12],
  ] as const)('%s %j is %d', (kind, text, expected) => expect(parseMetricValue(metric(kind), text)).toBe(expected));

  it.each([
    ['count', '1.234', /reads as 1234 .* or as 1\.234 /],
    ['count', '1,5', /whole number/],
    ['ratio', '-1,5', /number ≥ 0/],
    ['percent', '100,5', /percentage from 0 to 100/],
    ['percent', '100,0000000000000001', /percentage from 0 to 100/],
    ['money', '12,345', /reads as 12345 .* or as 12\.345 /],
    ['money', '1.234,567', /at most two decimals/],
    ['money', '-0,00', /negative zero/],
    ['number', '1e3', /decimal digits/],
    ['money', '1.250,00 $', /decimal digits/],
    ['money', '€ 1.250,00', /decimal digits/],
  ] as const)('%s %j is refused', (kind, text, message) => expect(() => parseMetricValue(metric(kind), text)).toThrow(message));
});

describe('itstrat metrics record --value', () => {
  it('stores German input exactly and refuses an ambiguous value with exit 2, writing nothing', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'metrics.yaml');
    const record = (id: string, value: string, period = '2021') =>
      itstratInProcess(['metrics', 'record', id, '--dir', dir, '--period', period, '--value', value]);
    expect((await record('it-costs', '13.750.000,50')).status).toBe(0);
    expect((await record('tco-ratio', '1,8')).status).toBe(0);
    const before = readFileSync(file, 'utf8');
    const ambiguous = await record('media-break-free-processes', '1.234');
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain(
      '"1.234" reads as 1234 (. grouping thousands, German) or as 1.234 (. as decimal separator, English)',
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    const data = parse(before) as { metrics: { id: string; values: { value: unknown }[] }[] };
    expect(data.metrics.find((m) => m.id === 'it-costs')!.values).toEqual([{ period: '2021', value: 13750000.5 }]);
    expect(data.metrics.find((m) => m.id === 'tco-ratio')!.values).toEqual([{ period: '2021', value: 1.8 }]);
    const shown = (await itstratInProcess(['metrics', '--dir', dir])).stdout;
    expect(shown).toContain('13.750.000,50 EUR');
    expect(shown).toContain(' 1,8 ');
    expect((await itstratInProcess(['metrics', '--dir', dir, '--lang', 'en'])).stdout).toContain('13,750,000.50 EUR');
  });
});
