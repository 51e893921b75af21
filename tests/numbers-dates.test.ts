import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import { MAX_LEITPLANKEN, MAX_SCALE_VALUE, MAX_THRESHOLD, MAX_WEIGHT } from '../src/model/bounds.js';
import { calendarProblem } from '../src/model/calendar-date.js';
import { exactProblem, writtenNumberProblem } from '../src/model/exact-number.js';
import type { SourceFile } from '../src/model/source-file.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { loadSchema } from '../src/schema/schemas.js';
import { bundled, copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const original = (relative: string): string =>
  readStrategyDir(bundled)
    .find((f) => f.relative === relative)!
    .bytes.toString();

/** The bundled strategy with some files replaced, in memory. */
function withFiles(changes: Record<string, string>): ReturnType<typeof assembleStrategy> {
  const files = readStrategyDir(bundled).filter((f) => !(f.relative in changes));
  const added: SourceFile[] = Object.entries(changes).map(([relative, text]) => ({
    path: `strategy/${relative}`,
    relative,
    bytes: Buffer.from(text),
  }));
  return assembleStrategy('strategy', [...files, ...added]);
}

/** 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string): number => {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`${needle} not found`);
  return text.slice(0, at).split('\n').length;
};

const errors = (r: ReturnType<typeof assembleStrategy>) => r.findings.filter((f) => f.severity === 'error');

describe('calendar dates and periods', () => {
  it.each([
    ['2020-02-29', 'date'],
    ['2000-02-29', 'date'],
    ['2018-12-31', 'date'],
    ['2021-04-30', 'date'],
    ['2020', 'period'],
    ['2020-Q4', 'period'],
    ['2020-H2', 'period'],
    ['2020-12', 'period'],
    ['2024-02-29', 'period'],
  ] as const)('accepts %s as a %s', (text, kind) => {
    expect(calendarProblem(text, kind)).toBeUndefined();
  });

  it.each([
    ['2021-02-29', 'date', 'February 2021 has 28 days'],
    ['1900-02-29', 'date', 'February 1900 has 28 days'],
    ['2018-02-30', 'date', 'February 2018 has 28 days'],
    ['2018-04-31', 'date', 'April 2018 has 30 days'],
    ['2018-13-01', 'date', 'there is no month 13'],
    ['2018-00-10', 'date', 'there is no month 00'],
    ['2018-01-00', 'date', 'there is no day 00'],
    ['0000-01-01', 'date', 'there is no year 0000'],
    ['2020-13', 'period', 'there is no month 13'],
    ['2020-00', 'period', 'there is no month 00'],
    ['2021-02-29', 'period', 'February 2021 has 28 days'],
    ['2019-06-31', 'period', 'June 2019 has 30 days'],
  ] as const)('refuses %s as a %s: %s', (text, kind, reason) => {
    expect(calendarProblem(text, kind)).toEqual({ form: true, reason });
  });

  it.each([
    ['2020-1-1', 'date'],
    ['2020-Q5', 'period'],
    ['2020-02', 'date'],
    ['20200', 'period'],
    [' 2020', 'period'],
  ] as const)('says %s does not have the form of a %s', async (text, kind) => {
    expect(calendarProblem(text, kind)?.form).toBe(false);
  });
});

describe('exact numbers', () => {
  it.each(['0', '12', '-3', '0.5', '1250000.50', '9007199254740991', '-9007199254740991', '123456789012.345', '0.000000000000001'])(
    'accepts %s',
    async (text) => {
      expect(writtenNumberProblem(text, false)).toBeUndefined();
    },
  );

  it.each([
    ['.inf', 'must be a finite number'],
    ['-.Inf', 'must be a finite number'],
    ['.NaN', 'must be a number (.nan means "not a number")'],
    ['1e308', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['0x10', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['0o17', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['+5', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['007', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['.5', 'must be a number written in plain decimal digits, like 12 or 0.5'],
    ['-0', 'must not be negative zero'],
    ['-0.00', 'must not be negative zero'],
    ['9007199254740992', 'cannot be stored exactly: whole numbers go up to 9007199254740991'],
    ['9007199254740993', 'cannot be stored exactly: whole numbers go up to 9007199254740991'],
    ['-99999999999999999999', 'cannot be stored exactly: whole numbers go up to 9007199254740991'],
    ['12345678901234567.89', 'cannot be stored exactly: at most 15 significant digits'],
    ['0.1234567890123456', 'cannot be stored exactly: at most 15 significant digits'],
  ])('refuses %s: %s', async (text, problem) => {
    expect(writtenNumberProblem(text, false)).toBe(problem);
  });

  it('wants whole numbers where only integers are allowed, 1.0 included', async () => {
    expect(writtenNumberProblem('2.5', true)).toBe('must be an integer');
    expect(writtenNumberProblem('1.0', true)).toBe('must be an integer');
    expect(writtenNumberProblem('1e3', true)).toBe('must be a whole number written in decimal digits, like 12');
  });

  it('judges the digits as written, not the rounded double', async () => {
    expect(exactProblem('9007199254740991')).toBeUndefined();
    expect(exactProblem('9007199254740993')).toBeDefined();
    expect(exactProblem('00012.50')).toBeUndefined();
  });

  it('keeps the documented bounds in the schema and the code equal, and the largest sum exact', async () => {
    const lp = loadSchema('leitplanken') as any;
    const item = lp.properties.leitplanken.items;
    expect(item.properties.weight).toMatchObject({ type: 'integer', minimum: 0, maximum: MAX_WEIGHT });
    expect(lp.properties.threshold).toMatchObject({ type: 'integer', minimum: 0, maximum: MAX_THRESHOLD });
    expect(lp.properties.leitplanken.maxItems).toBe(MAX_LEITPLANKEN);
    expect(item.properties.scale.items.properties.value.maximum).toBe(MAX_SCALE_VALUE);
    expect(MAX_THRESHOLD).toBe(120_000);
    expect(Number.isSafeInteger(MAX_LEITPLANKEN * MAX_WEIGHT * MAX_SCALE_VALUE)).toBe(true);
  });
});

describe('numbers in files are exact and within bounds, or findings with the value as written', () => {
  const lp = original('leitplanken.yaml');
  const weightLine = lineOf(lp, 'weight: 4');
  const thresholdLine = lineOf(lp, 'threshold: 19');

  it.each([
    ['.inf', 'number', 'leitplanken.0.weight must be a finite number (found .inf)'],
    ['-.inf', 'number', 'leitplanken.0.weight must be a finite number (found -.inf)'],
    ['.nan', 'number', 'leitplanken.0.weight must be a number (.nan means "not a number") (found .nan)'],
    ['1e308', 'number', 'leitplanken.0.weight must be a whole number written in decimal digits, like 12 (found 1e308)'],
    ['1e3', 'number', 'leitplanken.0.weight must be a whole number written in decimal digits, like 12 (found 1e3)'],
    ['0x10', 'number', 'leitplanken.0.weight must be a whole number written in decimal digits, like 12 (found 0x10)'],
    ['-0', 'number', 'leitplanken.0.weight must not be negative zero (found -0)'],
    ['2.5', 'type', 'leitplanken.0.weight must be an integer (found 2.5)'],
    ['4.0', 'type', 'leitplanken.0.weight must be an integer (found 4.0)'],
    ['1_000', 'type', 'leitplanken.0.weight must be an integer (found "1_000")'],
    [
      '9007199254740993',
      'number',
      'leitplanken.0.weight cannot be stored exactly: whole numbers go up to 9007199254740991 (found 9007199254740993)',
    ],
    ['1001', 'range', 'leitplanken.0.weight must be at most 1000 (found 1001)'],
    ['-1', 'range', 'leitplanken.0.weight must be at least 0 (found -1)'],
  ])('weight %s', async (value, rule, message) => {
    const r = withFiles({ 'leitplanken.yaml': lp.replace('weight: 4', `weight: ${value}`) });
    expect(errors(r).map((f) => ({ line: f.line, rule: f.rule, message: f.message }))).toEqual([{ line: weightLine, rule, message }]);
    expect(r.strategy).toBeUndefined();
  });

  it.each([
    ['.inf', 'number', 'threshold must be a finite number (found .inf)'],
    ['.nan', 'number', 'threshold must be a number (.nan means "not a number") (found .nan)'],
    ['1e308', 'number', 'threshold must be a whole number written in decimal digits, like 12 (found 1e308)'],
    ['19.5', 'type', 'threshold must be an integer (found 19.5)'],
    ['9007199254740993', 'number', 'threshold cannot be stored exactly: whole numbers go up to 9007199254740991 (found 9007199254740993)'],
    ['120001', 'range', 'threshold must be at most 120000 (found 120001)'],
    ['-1', 'range', 'threshold must be at least 0 (found -1)'],
  ])('threshold %s', async (value, rule, message) => {
    const r = withFiles({ 'leitplanken.yaml': lp.replace('threshold: 19', `threshold: ${value}`) });
    expect(errors(r).map((f) => ({ line: f.line, rule: f.rule, message: f.message }))).toEqual([{ line: thresholdLine, rule, message }]);
  });

  it('accepts the bounds themselves', async () => {
    const r = withFiles({ 'leitplanken.yaml': lp.replace('weight: 4', 'weight: 1000').replace('threshold: 19', 'threshold: 120000') });
    expect(errors(r)).toEqual([]);
  });

  it.each([
    ['1e308', 'number', 'scores.security must be a whole number written in decimal digits, like 12 (found 1e308)'],
    ['.inf', 'number', 'scores.security must be a finite number (found .inf)'],
    [
      '9007199254740993',
      'number',
      'scores.security cannot be stored exactly: whole numbers go up to 9007199254740991 (found 9007199254740993)',
    ],
    ['2.0', 'type', 'scores.security must be an integer (found 2.0)'],
  ])('a score of %s is one finding with the value as written', async (value, rule, message) => {
    const name = readStrategyDir(bundled).find((f) => f.relative.startsWith('measures/1.2-'))!.relative;
    const text = original(name);
    const r = withFiles({ [name]: text.replace('  security: 2', `  security: ${value}`) });
    expect(errors(r).map((f) => ({ line: f.line, rule: f.rule, message: f.message }))).toEqual([
      { line: lineOf(text, '  security: 2'), rule, message },
    ]);
  });

  it.each([
    [
      'review:\n  fortschreibung_years: 3',
      'review:\n  fortschreibung_years: .inf',
      'review.fortschreibung_years must be a finite number (found .inf)',
    ],
    ['number: 1\n', 'number: 1e0\n', 'handlungsfelder.0.number must be a whole number written in decimal digits, like 12 (found 1e0)'],
  ])('other numbers of strategy.yaml: %s', async (from, to, message) => {
    const r = withFiles({ 'strategy.yaml': original('strategy.yaml').replace(from, to) });
    expect(errors(r).map((f) => f.message)).toEqual([message]);
  });

  it('a number where text belongs is shown as written', async () => {
    const r = withFiles({ 'strategy.yaml': original('strategy.yaml').replace(/^version: .*$/m, 'version: 1.10') });
    expect(errors(r).map((f) => f.message)).toEqual(['version must be a string (found 1.10)']);
  });

  describe('metric values', () => {
    const metrics = original('metrics.yaml');
    /** metrics.yaml with one value for the metric `id`. */
    const withValue = (id: string, entry: string): { text: string; line: number } => {
      const text = metrics.replace(new RegExp(`(id: "${id}"[\\s\\S]*?)values: \\[\\]`), `$1values:\n      - ${entry}`);
      return { text, line: lineOf(text, `- ${entry}`) };
    };

    it.each([
      [
        'non-standard-procedures',
        '{ period: "2021", value: 9007199254740993 }',
        'number',
        'metrics.0.values.0.value cannot be stored exactly: whole numbers go up to 9007199254740991 (found 9007199254740993)',
      ],
      [
        'non-standard-procedures',
        '{ period: "2021", value: .inf }',
        'number',
        'metrics.0.values.0.value must be a finite number (found .inf)',
      ],
      [
        'it-costs',
        '{ period: "2021", value: 12345678901234567.89 }',
        'number',
        'metrics.5.values.0.value cannot be stored exactly: at most 15 significant digits (found 12345678901234567.89)',
      ],
      [
        'it-costs',
        '{ period: "2021", value: 1e308 }',
        'number',
        'metrics.5.values.0.value must be a number written in plain decimal digits, like 12 or 0.5 (found 1e308)',
      ],
      [
        'tco-ratio',
        '{ period: "2021", value: .nan }',
        'number',
        'metrics.6.values.0.value must be a number (.nan means "not a number") (found .nan)',
      ],
      [
        'tco-ratio',
        '{ period: "2021-02-29", value: 1 }',
        'date',
        'metrics.6.values.0.period must be a real calendar period (found 2021-02-29: February 2021 has 28 days)',
      ],
      [
        'tco-ratio',
        '{ period: "2020-13", value: 1 }',
        'date',
        'metrics.6.values.0.period must be a real calendar period (found 2020-13: there is no month 13)',
      ],
    ])('%s %s', async (id, entry, rule, message) => {
      const { text, line } = withValue(id, entry);
      const r = withFiles({ 'metrics.yaml': text });
      expect(errors(r).map((f) => ({ line: f.line, rule: f.rule, message: f.message }))).toEqual([{ line, rule, message }]);
    });

    it.each([
      ['it-costs', '{ period: "2021", value: 0.29 }'],
      ['it-costs', '{ period: "2021", value: 9999999999999.99 }'],
      ['non-standard-procedures', '{ period: "2021", value: 9007199254740991 }'],
      ['tco-ratio', '{ period: "2020-02-29", value: 1.8 }'],
    ])('accepts %s %s', async (id, entry) => {
      expect(errors(withFiles({ 'metrics.yaml': withValue(id, entry).text }))).toEqual([]);
    });
  });
});

describe('dates in files are real calendar dates', () => {
  const text = original('strategy.yaml');
  it.each([
    ['date: "2018-', /^date: .*$/m, 'date: 2018-02-30', 'date', '2018-02-30: February 2018 has 28 days'],
    ['  date: "2018-12-11"', '  date: "2018-12-11"', '  date: "2021-02-29"', 'adoption.date', '2021-02-29: February 2021 has 28 days'],
    [
      '      date: "2018-11-29"',
      '      date: "2018-11-29"',
      '      date: 2018-04-31',
      'adoption.preliminary.0.date',
      '2018-04-31: April 2018 has 30 days',
    ],
  ] as const)('%s', (anchor, from, to, path, found) => {
    const line = lineOf(text, anchor);
    const r = withFiles({ 'strategy.yaml': text.replace(from, to) });
    expect(errors(r).map((f) => ({ line: f.line, path: f.path, rule: f.rule, message: f.message }))).toEqual([
      { line, path, rule: 'date', message: `${path} must be a real calendar date (found ${found})` },
    ]);
  });

  it('accepts a leap day', async () => {
    expect(errors(withFiles({ 'strategy.yaml': text.replace(/^date: .*$/m, 'date: "2020-02-29"') }))).toEqual([]);
  });

  it('validate exits 1 naming file, line and rule', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'strategy.yaml'), (t) => t.replace(/^date: .*$/m, 'date: 2018-02-30'));
    const run = await itstratInProcess(['validate', '--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `${join(dir, 'strategy.yaml')}:${lineOf(text, 'date: "2018-')}:7 error date must be a real calendar date (found 2018-02-30: February 2018 has 28 days) [date]`,
    );
  });
});

describe('numeric options', () => {
  it.each([
    [['security=1001'], '--weights: security=1001 is above 1000'],
    [['strategy=99999999999999999999'], '--weights: strategy=99999999999999999999 is above 1000'],
    [['strategy=1,strategy=2'], '--weights: strategy is given twice (strategy=1 and strategy=2); expected each Leitplanke at most once'],
    [['strategy=1, quality=2 ,strategy=1'], '--weights: strategy is given twice'],
    [['strategy=1e3'], '--weights: strategy=1e3 is not a whole number'],
    [['strategy=2.5'], '--weights: strategy=2.5 is not a whole number'],
  ])('score --weights %j exits 2', async ([spec], message) => {
    const run = await itstratInProcess(['score', '--weights', spec!]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('score --weights takes the bound itself', async () => {
    const run = await itstratInProcess(['score', '--format', 'json', '--weights', 'strategy=1000']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).criteria[0].weight).toBe(1000);
  });

  it.each([
    ['non-standard-procedures', '9007199254740993', '9007199254740993 cannot be stored exactly: whole numbers go up to 9007199254740991'],
    ['it-costs', '12345678901234567.89', '12345678901234567.89 cannot be stored exactly: at most 15 significant digits'],
    ['it-costs', '12345678901234567.89 EUR', '12345678901234567.89 cannot be stored exactly'],
    ['it-costs', '-0.00', 'not negative zero'],
    ['tco-ratio', '1.0000000000000001', '1.0000000000000001 cannot be stored exactly'],
  ])('metrics record %s --value %s exits 2 and leaves the file as it was', async (id, value, message) => {
    const dir = copyStrategy();
    const file = join(dir, 'metrics.yaml');
    const before = readFileSync(file);
    const run = await itstratInProcess(['metrics', 'record', id, '--dir', dir, '--period', '2021', '--value', value]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('metrics record stores the largest exact values as written, and the result validates', async () => {
    const dir = copyStrategy();
    expect(
      (
        await itstratInProcess([
          'metrics',
          'record',
          'non-standard-procedures',
          '--dir',
          dir,
          '--period',
          '2021',
          '--value',
          '9007199254740991',
        ])
      ).status,
    ).toBe(0);
    expect(
      (await itstratInProcess(['metrics', 'record', 'it-costs', '--dir', dir, '--period', '2021', '--value', '9999999999999.99 EUR']))
        .status,
    ).toBe(0);
    const text = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    expect(text).toContain('value: 9007199254740991}');
    expect(text).toContain('value: 9999999999999.99}');
    expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
  });
});

describe('date options are real calendar dates', () => {
  const bad = ['2021-02-29', '2018-02-30', '2018-13-01', '1900-02-29', '0000-01-01'];

  it.each(bad)('status --today %s exits 2', async (date) => {
    const run = await itstratInProcess(['status', '--today', date]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^itstrat: --today: expected YYYY-MM-DD, a real calendar date \\(found "${date}": .+\\)\\n$`));
  });

  it.each(bad)('report --date %s exits 2 and writes nothing', async (date) => {
    const out = join(copyStrategy(), '..', 'report.md');
    const run = await itstratInProcess(['report', '--date', date, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--date: expected YYYY-MM-DD, a real calendar date (found "${date}"`);
    expect(existsSync(out)).toBe(false);
  });

  it.each(bad)('init --date %s exits 2 and creates nothing', async (date) => {
    const target = join(copyStrategy(), '..', 'neu');
    const run = await itstratInProcess(['init', target, '--date', date]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--date: expected YYYY-MM-DD, a real calendar date (found "${date}"`);
    expect(existsSync(target)).toBe(false);
  });

  it.each(['2021-02-29', '2020-13', '2020-00', '2019-06-31', '0000'])(
    'metrics record --period %s exits 2 and leaves the file as it was',
    async (period) => {
      const dir = copyStrategy();
      const before = readFileSync(join(dir, 'metrics.yaml'));
      const run = await itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', period, '--value', '1']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        `--period: expected YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD, a real calendar period (found "${period}"`,
      );
      expect(readFileSync(join(dir, 'metrics.yaml')).equals(before)).toBe(true);
    },
  );

  it('escapes a hostile option value', async () => {
    const run = await itstratInProcess(['report', '--date', '2018-02-3\u001b[31m']);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('\\x1B[31m');
  });

  it('accepts leap days', async () => {
    expect((await itstratInProcess(['status', '--today', '2028-02-29'])).status).toBe(0);
    expect((await itstratInProcess(['report', '--date', '2024-02-29'])).stdout).toContain('2024-02-29');
    const target = join(copyStrategy(), '..', 'neu');
    expect((await itstratInProcess(['init', target, '--date', '2000-02-29'])).status).toBe(0);
    expect(readFileSync(join(target, 'strategy.yaml'), 'utf8')).toContain('date: "2000-02-29"');
  });
});
