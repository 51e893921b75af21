// Issue 13 §1: `itstrat export --format xlsx --out FILE`. Every workbook here is written by the
// BUILT binary and read back with exceljs: sheets, headers, formulas and the cells they point at,
// cached values against `itstrat score --format json`, and — through a small evaluator of exactly
// the formula shapes the tool writes — what the workbook computes once a weight or the threshold is
// changed, against `itstrat score --weights/--threshold`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messages, type Lang } from '../src/i18n/messages.js';
import { bundled, copyStrategy, itstrat, root } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { inTerminal } from './helpers/pty.js';

interface ScoreJson {
  threshold: number;
  criteria: { id: string; name: string; weight: number }[];
  measures: { id: string; score: number; rank: number; prioritized: boolean; decision: string | null }[];
}

const scoreJson = (dir: string, ...extra: string[]): ScoreJson => {
  const r = itstrat(['score', '--dir', dir, '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as ScoreJson;
};

const outFile = (): string => join(mkdtempSync(join(tmpdir(), 'itstrat-export-')), 'strategie.xlsx');

async function exported(dir: string, ...extra: string[]): Promise<ExcelJS.Workbook> {
  const file = outFile();
  const r = itstrat(['export', '--dir', dir, '--out', file, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('');
  expect(r.status).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

const sheet = (book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const ws = book.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name} (has ${book.worksheets.map((w) => w.name).join(', ')})`);
  return ws;
};

const headers = (ws: ExcelJS.Worksheet): unknown[] => (ws.getRow(1).values as unknown[]).slice(1);

const formulaOf = (cell: ExcelJS.Cell): { formula: string; result: unknown } => {
  const v = cell.value as { formula?: string } | null;
  if (v === null || typeof v !== 'object' || typeof v.formula !== 'string')
    throw new Error(`${cell.address} holds no formula: ${JSON.stringify(v)}`);
  // cell.result, not value.result: exceljs' value getter drops a cached 0 (the file has <v>0</v>).
  return { formula: v.formula, result: cell.result };
};

/** A cell reference as the formulas write it: 'Sheet'!$C$2. */
const refRe = `'((?:[^']|'')+)'!\\$([A-Z]+)\\$(\\d+)`;

/**
 * Evaluates the measures sheet's formulas — only the three shapes the tool writes; anything else
 * throws — with some input cells overridden (key: `Sheet!C2`). Returns per row: id, score, rank,
 * priority label.
 */
function evaluate(book: ExcelJS.Workbook, lang: Lang, overrides: ReadonlyMap<string, number | boolean> = new Map()) {
  const m = messages[lang];
  const ws = sheet(book, m.workbook.measuresSheet);
  const head = headers(ws);
  const col = (label: string) => head.indexOf(label) + 1;
  const [scoreCol, rankCol, priorityCol] = [col(m.score), col(m.rank), col(m.workbook.computedPriority)];
  const input = (sheetName: string, column: string, row: string): unknown => {
    const key = `${sheetName.replace(/''/g, "'")}!${column}${row}`;
    if (overrides.has(key)) return overrides.get(key);
    return sheet(book, sheetName.replace(/''/g, "'")).getCell(`${column}${row}`).value;
  };
  const rows: { row: number; id: string; score: number; rank: number; priority: string }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const f = formulaOf(ws.getCell(r, scoreCol)).formula;
    let score = 0;
    for (const term of f.split('+')) {
      const t = new RegExp(`^${refRe}\\*([A-Z]+)(\\d+)$`).exec(term);
      if (t === null) throw new Error(`score formula of row ${r} has an unknown shape: ${f}`);
      expect(Number(t[5])).toBe(r);
      score += Number(input(t[1]!, t[2]!, t[3]!)) * Number(ws.getCell(`${t[4]}${t[5]}`).value);
    }
    rows.push({ row: r, id: String(ws.getCell(r, 1).value), score, rank: 0, priority: '' });
  }
  const scoreLetter = ws.getColumn(scoreCol).letter;
  const orderCol = col(m.workbook.tieOrder);
  const o = ws.getColumn(orderCol).letter;
  const order = (row: number) => Number(ws.getCell(row, orderCol).value);
  for (const x of rows) {
    const f = formulaOf(ws.getCell(x.row, rankCol)).formula;
    const s = scoreLetter;
    const shape = new RegExp(
      `^SUMPRODUCT\\(--\\(\\$${s}\\$2:\\$${s}\\$(\\d+)>${s}(\\d+)\\)\\)\\+SUMPRODUCT\\(\\(\\$${s}\\$2:\\$${s}\\$(\\d+)=${s}(\\d+)\\)\\*\\(\\$${o}\\$2:\\$${o}\\$(\\d+)<=${o}(\\d+)\\)\\)$`,
    ).exec(f);
    if (shape === null) throw new Error(`rank formula of row ${x.row} has an unknown shape: ${f}`);
    const [last1, self1, last2, self2, last3, self3] = shape.slice(1).map(Number);
    expect([self1, self2, self3]).toEqual([x.row, x.row, x.row]);
    expect([last1, last2, last3]).toEqual([ws.rowCount, ws.rowCount, ws.rowCount]);
    x.rank = rows.filter((y) => y.score > x.score).length + rows.filter((y) => y.score === x.score && order(y.row) <= order(x.row)).length;
  }
  for (const x of rows) {
    const f = formulaOf(ws.getCell(x.row, priorityCol)).formula;
    const shape = new RegExp(`^IF\\(AND\\(${refRe},${scoreLetter}(\\d+)>=${refRe}\\),"([^"]*)","([^"]*)"\\)$`).exec(f);
    if (shape === null) throw new Error(`priority formula of row ${x.row} has an unknown shape: ${f}`);
    const open = input(shape[1]!, shape[2]!, shape[3]!);
    expect(typeof open).toBe('boolean');
    expect(Number(shape[4])).toBe(x.row);
    const threshold = Number(input(shape[5]!, shape[6]!, shape[7]!));
    x.priority = open === true && x.score >= threshold ? shape[8]! : shape[9]!;
  }
  return rows;
}

/** The input cell of a Leitplanke's weight: the weight column of the row whose first cell is its id. */
function weightCell(book: ExcelJS.Workbook, lang: Lang, id: string): string {
  const m = messages[lang];
  const ws = sheet(book, m.workbook.leitplankenSheet);
  const weightCol = headers(ws).indexOf(m.weight) + 1;
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return `${ws.name}!${ws.getColumn(weightCol).letter}${r}`;
  throw new Error(`no row for Leitplanke ${id}`);
}

function thresholdCell(book: ExcelJS.Workbook, lang: Lang): string {
  const m = messages[lang];
  const ws = sheet(book, m.workbook.leitplankenSheet);
  for (let r = 2; r <= ws.rowCount; r++)
    if (ws.getCell(r, 1).value === m.threshold) return `${ws.name}!${ws.getColumn(headers(ws).indexOf(m.weight) + 1).letter}${r}`;
  throw new Error('no threshold row');
}

/** The cached values of the measures sheet against score --format json, row by row in natural id order. */
function expectCachedEqualsScore(book: ExcelJS.Workbook, lang: Lang, score: ScoreJson): void {
  const m = messages[lang];
  const ws = sheet(book, m.workbook.measuresSheet);
  const head = headers(ws);
  const col = (label: string) => head.indexOf(label) + 1;
  const byId = new Map(score.measures.map((s) => [s.id, s]));
  expect(ws.rowCount - 1).toBe(score.measures.length);
  const ids: string[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const id = ws.getCell(r, 1).value as string;
    ids.push(id);
    const s = byId.get(id)!;
    expect(s, id).toBeDefined();
    expect(formulaOf(ws.getCell(r, col(m.score))).result, `score of ${id}`).toBe(s.score);
    expect(formulaOf(ws.getCell(r, col(m.rank))).result, `rank of ${id}`).toBe(s.rank);
    expect(formulaOf(ws.getCell(r, col(m.workbook.computedPriority))).result, `priority of ${id}`).toBe(
      s.prioritized ? m.values.decision.prioritized : m.values.decision.not_prioritized,
    );
  }
  // Natural id order (1.2 before 1.10): the order in which the rank breaks ties.
  const natural = (a: string, b: string) => {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    return pa[0]! - pb[0]! || pa[1]! - pb[1]!;
  };
  expect(ids).toEqual([...ids].sort(natural));
  // The rank's tie order is a column of its own (sorting the sheet must not change a rank): 1…n in that order.
  const order = col(m.workbook.tieOrder);
  expect(ids.map((_, i) => ws.getCell(i + 2, order).value)).toEqual(ids.map((_, i) => i + 1));
}

/** Cached values of the evaluator with no change are the cached results: the evaluator reads the formulas right. */
function expectEvaluationMatches(book: ExcelJS.Workbook, lang: Lang, overrides: Map<string, number | boolean>, score: ScoreJson): void {
  const m = messages[lang];
  const byId = new Map(score.measures.map((s) => [s.id, s]));
  for (const row of evaluate(book, lang, overrides)) {
    const s = byId.get(row.id)!;
    expect({ id: row.id, score: row.score, rank: row.rank, priority: row.priority }).toEqual({
      id: s.id,
      score: s.score,
      rank: s.rank,
      priority: s.prioritized ? m.values.decision.prioritized : m.values.decision.not_prioritized,
    });
  }
}

const FIVE = ['strategie', 'daten', 'sicherheit', 'aussen', 'kosten'];

/**
 * A strategy with 5 Leitplanken, the bundled five Handlungsfelder (the last never prioritised),
 * ids whose text order differs from their natural order (1.10 before 1.2 as text), and many
 * equal scores: 30 measures from 5 score vectors.
 */
function fiveLeitplanken(options: { titles?: string[]; descriptions?: string[] } = {}): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'itstrat-five-')), 'strategy');
  mkdirSync(join(dir, 'measures'), { recursive: true });
  cpSync(join(bundled, 'strategy.yaml'), join(dir, 'strategy.yaml'));
  writeFileSync(join(dir, 'metrics.yaml'), 'goals: []\nmetrics: []\n');
  const weights = [3, 1, 2, 1, 2];
  const leitplanken = FIVE.map(
    (id, i) =>
      `  - id: "${id}"\n    title: Leitplanke ${id}\n    criterion: Kriterium ${id}\n    scale:\n` +
      [0, 1, 2, 3, 4].map((v) => `      - value: ${v}\n        text: Stufe ${v}\n`).join('') +
      `    weight: ${weights[i]}\n`,
  );
  writeFileSync(join(dir, 'leitplanken.yaml'), `threshold: 12\nleitplanken:\n${leitplanken.join('')}`);
  const vectors = [
    [1, 1, 1, 1, 1],
    [2, 0, 1, 0, 1],
    [0, 4, 0, 4, 2],
    [3, 1, 0, 2, 0],
    [1, 1, 1, 1, 1],
  ];
  const fields = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation', 'uebergeordnet'];
  const statuses = ['proposed', 'planned', 'in_progress', 'done', 'dropped'];
  for (let i = 0; i < 30; i++) {
    const f = i % 5;
    const id = `${f + 1}.${Math.floor(i / 5) * 4 + 1 + (i % 3)}`;
    const v = vectors[Math.floor(i / 2) % vectors.length]!;
    const title = options.titles?.[i] ?? `Maßnahme ${id}`;
    const description = options.descriptions?.[i] ?? `Beschreibung ${id}`;
    const lines = [
      `id: "${id}"`,
      `title: ${JSON.stringify(title)}`,
      `field: ${fields[f]}`,
      `description: ${JSON.stringify(description)}`,
      'source: [Interview]',
      `current_state: Ist ${id}`,
      `recommendation: Empfehlung ${id}`,
      'scores:',
      ...FIVE.map((l, j) => `  ${l}: ${v[j]}`),
      ...(i % 4 === 0 ? [] : [`decision: ${i % 2 === 0 ? 'prioritized' : 'not_prioritized'}`]),
      `status: ${statuses[i % 5]}`,
    ];
    writeFileSync(join(dir, 'measures', `${id}-m.yaml`), `${lines.join('\n')}\n`);
  }
  const check = itstrat(['validate', '--dir', dir]);
  if (check.status !== 0) throw new Error(`fixture invalid: ${check.stdout}${check.stderr}`);
  return dir;
}

describe('export --format xlsx: the workbook', () => {
  it('has the German sheets and headers by default, English ones with --lang en', async () => {
    for (const lang of ['de', 'en'] as const) {
      const m = messages[lang];
      const book = await exported(bundled, ...(lang === 'en' ? ['--lang', 'en'] : []));
      expect(book.worksheets.map((w) => w.name)).toEqual([m.workbook.leitplankenSheet, m.workbook.measuresSheet, m.workbook.fieldsSheet]);
      const criteria = scoreJson(bundled).criteria.map((c) => c.name);
      expect(headers(sheet(book, m.workbook.measuresSheet))).toEqual([
        m.id,
        m.measure,
        m.field,
        ...criteria,
        m.score,
        m.rank,
        m.workbook.computedPriority,
        m.decision,
        m.report.status,
        m.report.description,
        m.report.currentState,
        m.report.recommendation,
        m.workbook.tieOrder,
      ]);
      expect(headers(sheet(book, m.workbook.leitplankenSheet))).toEqual([m.workbook.id, m.workbook.name, m.weight, m.workbook.title]);
      expect(book.creator).toBe('itstrat');
      expect(book.title).toBe('IT-Strategie 2018 der Stadtverwaltung Braunschweig');
    }
    expect(messages.de.workbook.measuresSheet).toBe('Maßnahmen');
    expect(messages.en.workbook.measuresSheet).toBe('Measures');
  });

  it('keeps weights and threshold in editable number cells, with the values of leitplanken.yaml', async () => {
    const book = await exported(bundled);
    const score = scoreJson(bundled);
    for (const c of score.criteria) {
      const [name, address] = weightCell(book, 'de', c.id).split('!') as [string, string];
      const cell = sheet(book, name).getCell(address);
      expect(cell.value).toBe(c.weight);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      expect(cell.dataValidation).toMatchObject({ type: 'whole', formulae: [0, 1000] });
    }
    const [name, address] = thresholdCell(book, 'de').split('!') as [string, string];
    expect(sheet(book, name).getCell(address).value).toBe(score.threshold);
    expect(sheet(book, name).getCell(address).dataValidation).toMatchObject({ type: 'whole', formulae: [0, 120000] });
  });

  it('writes score, rank and priority as formulas over the weight and threshold cells, cached as score --format json', async () => {
    const book = await exported(bundled);
    const m = messages.de;
    const ws = sheet(book, m.workbook.measuresSheet);
    const head = headers(ws);
    const score = scoreJson(bundled);
    const weightRefs = score.criteria.map((c) => weightCell(book, 'de', c.id).replace(/^([^!]+)!([A-Z]+)(\d+)$/, "'$1'!$$$2$$$3"));
    const threshold = thresholdCell(book, 'de').replace(/^([^!]+)!([A-Z]+)(\d+)$/, "'$1'!$$$2$$$3");
    for (let r = 2; r <= ws.rowCount; r++) {
      const f = formulaOf(ws.getCell(r, head.indexOf(m.score) + 1)).formula;
      for (const ref of weightRefs) expect(f).toContain(`${ref}*`);
      expect(formulaOf(ws.getCell(r, head.indexOf(m.workbook.computedPriority) + 1)).formula).toContain(`>=${threshold}`);
    }
    expectCachedEqualsScore(book, 'de', score);
    expectEvaluationMatches(book, 'de', new Map(), score);
  });

  it('recomputes as score --weights and --threshold say when a weight or the threshold cell is changed', async () => {
    const book = await exported(bundled);
    const base = scoreJson(bundled);
    const cases: [string[], Map<string, number>][] = [
      [['--weights', 'security=5'], new Map([[weightCell(book, 'de', 'security'), 5]])],
      [
        ['--weights', 'strategy=1,external=6'],
        new Map([
          [weightCell(book, 'de', 'strategy'), 1],
          [weightCell(book, 'de', 'external'), 6],
        ]),
      ],
      [['--threshold', '25'], new Map([[thresholdCell(book, 'de'), 25]])],
      [
        ['--weights', 'quality=0', '--threshold', '11'],
        new Map([
          [weightCell(book, 'de', 'quality'), 0],
          [thresholdCell(book, 'de'), 11],
        ]),
      ],
    ];
    for (const [args, overrides] of cases) {
      const what = scoreJson(bundled, ...args);
      // The change must matter, or the comparison would prove nothing.
      const flipped = what.measures.filter((w) => base.measures.find((b) => b.id === w.id)!.prioritized !== w.prioritized);
      expect(flipped.length, args.join(' ')).toBeGreaterThan(0);
      expectEvaluationMatches(book, 'de', overrides, what);
    }
  });

  it('with 5 Leitplanken and ties: one column per Leitplanke, cached and recomputed values as score says', async () => {
    const dir = fiveLeitplanken();
    for (const lang of ['de', 'en'] as const) {
      const m = messages[lang];
      const book = await exported(dir, '--lang', lang);
      const score = scoreJson(dir);
      const ws = sheet(book, m.workbook.measuresSheet);
      expect(headers(ws).slice(3, 8)).toEqual(FIVE.map((id) => `Kriterium ${id}`));
      const scores = score.measures.map((s) => s.score);
      expect(new Set(scores).size).toBeLessThan(scores.length / 3);
      expectCachedEqualsScore(book, lang, score);
      for (const [args, overrides] of [
        [['--weights', 'kosten=7'], new Map([[weightCell(book, lang, 'kosten'), 7]])],
        [
          ['--weights', 'daten=0,aussen=4', '--threshold', '18'],
          new Map([
            [weightCell(book, lang, 'daten'), 0],
            [weightCell(book, lang, 'aussen'), 4],
            [thresholdCell(book, lang), 18],
          ]),
        ],
      ] as [string[], Map<string, number>][]) {
        const what = scoreJson(dir, ...args);
        expect(what.measures.some((w) => score.measures.find((b) => b.id === w.id)!.prioritized !== w.prioritized)).toBe(true);
        expectEvaluationMatches(book, lang, overrides, what);
      }
      // A Handlungsfeld that is never prioritised: its measures stay out whatever they score.
      const never = evaluate(book, lang, new Map([[thresholdCell(book, lang), 0]])).filter((x) => x.id.startsWith('5.'));
      expect(never.length).toBeGreaterThan(0);
      expect(never.every((x) => x.priority === m.values.decision.not_prioritized)).toBe(true);
      // … until its "prioritisable" cell is switched on: then, as for every field, score ≥ threshold decides.
      const fields = sheet(book, m.workbook.fieldsSheet);
      const row = Array.from({ length: fields.rowCount - 1 }, (_, i) => i + 2).find((r) => fields.getCell(r, 2).value === 'uebergeordnet')!;
      expect(fields.getCell(row, 4).value).toBe(false);
      const opened = evaluate(book, lang, new Map([[`${fields.name}!D${row}`, true]])).filter((x) => x.id.startsWith('5.'));
      const threshold = scoreJson(dir).threshold;
      expect(opened.map((x) => x.priority)).toEqual(
        opened.map((x) => (x.score >= threshold ? m.values.decision.prioritized : m.values.decision.not_prioritized)),
      );
      expect(opened.some((x) => x.priority === m.values.decision.prioritized)).toBe(true);
      // Enum values through the catalogue, never the machine value.
      const statusCol = headers(ws).indexOf(m.report.status) + 1;
      const shown = new Set(Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getCell(i + 2, statusCol).value));
      expect(shown).toEqual(
        new Set(
          Object.entries(m.status.statusNames)
            .filter(([k]) => k !== 'none')
            .map(([, v]) => v),
        ),
      );
      const decisionCol = headers(ws).indexOf(m.decision) + 1;
      const decisions = new Set(Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getCell(i + 2, decisionCol).value));
      expect(decisions).toEqual(new Set([null, m.values.decision.prioritized, m.values.decision.not_prioritized]));
    }
  });

  it('freezes the header row and puts filters over every table', async () => {
    const book = await exported(bundled);
    const m = messages.de;
    const measures = sheet(book, m.workbook.measuresSheet);
    expect(measures.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(measures.autoFilter).toBe(`A1:${measures.getColumn(headers(measures).length).letter}${measures.rowCount}`);
    const leitplanken = sheet(book, m.workbook.leitplankenSheet);
    expect(leitplanken.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(leitplanken.autoFilter).toBe('A1:D5');
    expect(sheet(book, m.workbook.fieldsSheet).autoFilter).toBe('A1:D6');
    // Long text wraps in a wide column; numbers have a number format.
    const description = headers(measures).indexOf(m.report.description) + 1;
    expect(measures.getColumn(description).width).toBeGreaterThanOrEqual(40);
    expect(measures.getCell(2, description).alignment).toMatchObject({ wrapText: true });
    expect(measures.getCell(2, 4).numFmt).toBe('0');
  });

  it('writes titles that look like formulas as text, and keeps text exact', async () => {
    const hostile = [
      '=1+1',
      '+41',
      '-3-2',
      '@SUM(A1:A2)',
      '=HYPERLINK("http://example.org","klick")',
      "=cmd|' /C calc'!A0",
      '_x0041_ bleibt so',
    ];
    const dir = fiveLeitplanken({ titles: hostile, descriptions: ['Steuerzeichen \u0001 und _x005F_ bleiben', '=2*3'] });
    const book = await exported(dir);
    const ws = sheet(book, messages.de.workbook.measuresSheet);
    const byId = new Map<string, number>();
    for (let r = 2; r <= ws.rowCount; r++) byId.set(ws.getCell(r, 1).value as string, r);
    const ids = Array.from({ length: hostile.length }, (_, i) => `${(i % 5) + 1}.${Math.floor(i / 5) * 4 + 1 + (i % 3)}`);
    hostile.forEach((title, i) => {
      const cell = ws.getCell(byId.get(ids[i]!)!, 2);
      expect(cell.type, title).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(title);
    });
    const description = headers(ws).indexOf(messages.de.report.description) + 1;
    expect(ws.getCell(byId.get('1.1')!, description).value).toBe('Steuerzeichen \u0001 und _x005F_ bleiben');
    expect(ws.getCell(byId.get('2.2')!, description).type).toBe(ExcelJS.ValueType.String);
    // The only formulas are the tool's own: three per measure.
    let formulas = 0;
    for (const w of book.worksheets) w.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(3 * (ws.rowCount - 1));
  });
});

describe('export: where the bytes go', () => {
  it('refuses to write the workbook to a terminal (exit 2, naming --out), also as --out /dev/stdout', () => {
    const dir = copyStrategy();
    const plain = inTerminal(100, ['export', '--dir', dir]);
    expect(plain.status).toBe(2);
    expect(plain.screen).toContain('--out');
    expect(plain.screen).not.toContain('PK');
    const device = inTerminal(100, ['export', '--dir', dir, '--out', '/dev/stdout']);
    expect(device.status).toBe(2);
    expect(device.screen).toContain('terminal');
    // A terminal device opened by name (not the process's own descriptor): refused as well, in one line.
    const tty = inTerminal(100, ['export', '--dir', dir, '--out', '/dev/tty']);
    expect(tty.status).toBe(2);
    expect(tty.screen.trim()).toBe(
      'itstrat: --out /dev/tty is a terminal: this format writes a binary file; name a file with --out FILE; nothing was written',
    );
    // JSON is text: a terminal shows it.
    const json = inTerminal(100, ['export', '--dir', dir, '--format', 'json']);
    expect(json.status).toBe(0);
    expect(json.screen).toContain('"criteria"');
  });

  it('writes the same workbook to a pipe as to --out', async () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/itstrat.js'), 'export', '--dir', bundled], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ITSTRAT_CACHE: '0' },
    });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    const book = new ExcelJS.Workbook();
    // exceljs' types name a Node Buffer of another @types/node; the bytes are what matters.
    await book.xlsx.load(r.stdout as unknown as ArrayBuffer);
    expectCachedEqualsScore(book, 'de', scoreJson(bundled));
  });

  it('never writes into the strategy folder', () => {
    const dir = copyStrategy();
    const r = itstrat(['export', '--dir', dir, '--out', join(dir, 'measures', 'x.xlsx')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('refusing to write into the strategy folder');
    expect(existsSync(join(dir, 'measures', 'x.xlsx'))).toBe(false);
  });

  it('--format json has the same rows and computed values as the workbook', async () => {
    const dir = fiveLeitplanken();
    const r = itstrat(['export', '--dir', dir, '--format', 'json']);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as Omit<ScoreJson, 'measures'> & {
      measures: (ScoreJson['measures'][number] & { status: string | null })[];
    };
    const score = scoreJson(dir);
    expect(data.criteria).toEqual(score.criteria);
    expect(data.threshold).toBe(score.threshold);
    const byId = new Map(score.measures.map((s) => [s.id, s]));
    for (const row of data.measures) {
      const s = byId.get(row.id)!;
      expect({ score: row.score, rank: row.rank, prioritized: row.prioritized, decision: row.decision }).toEqual({
        score: s.score,
        rank: s.rank,
        prioritized: s.prioritized,
        decision: s.decision,
      });
    }
    expect(data.measures.map((x) => x.status)).toContain('in_progress');
    const book = await exported(dir);
    const ws = sheet(book, messages.de.workbook.measuresSheet);
    expect(data.measures.map((x) => x.id)).toEqual(Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getCell(i + 2, 1).value));
  });

  it('help shows an example', () => {
    const r = itstrat(['export', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('itstrat export --out');
  });
});

const FIELDS = ['eadministration', 'kundenschnittstelle', 'technik', 'organisation', 'uebergeordnet'];

/** A strategy of any k Leitplanken (0–4 scales) and measures, on the bundled five Handlungsfelder. */
function strategyOf(weights: number[], threshold: number, measures: { field: number; scores: number[] }[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'itstrat-prop-')), 'strategy');
  mkdirSync(join(dir, 'measures'), { recursive: true });
  cpSync(join(bundled, 'strategy.yaml'), join(dir, 'strategy.yaml'));
  writeFileSync(join(dir, 'metrics.yaml'), 'goals: []\nmetrics: []\n');
  const leitplanken = weights.map(
    (w, i) =>
      `  - id: "l${i + 1}"\n    title: L${i + 1}\n    criterion: Kriterium ${i + 1}\n    scale:\n` +
      [0, 1, 2, 3, 4].map((v) => `      - value: ${v}\n        text: Stufe ${v}\n`).join('') +
      `    weight: ${w}\n`,
  );
  writeFileSync(join(dir, 'leitplanken.yaml'), `threshold: ${threshold}\nleitplanken:\n${leitplanken.join('')}`);
  const next = [0, 0, 0, 0, 0];
  for (const measure of measures) {
    const id = `${measure.field + 1}.${++next[measure.field]!}`;
    const scores = measure.scores.map((v, j) => `  l${j + 1}: ${v}`).join('\n');
    writeFileSync(
      join(dir, 'measures', `${id}-m.yaml`),
      `id: "${id}"\ntitle: M ${id}\nfield: ${FIELDS[measure.field]}\ndescription: d\nsource: [Interview]\ncurrent_state: c\nrecommendation: r\nscores:\n${scores}\n`,
    );
  }
  return dir;
}

describe('export: the workbook computes as score does, for any strategy and any what-if (property)', () => {
  it('cached values and the recomputation after changed weights and threshold equal score --weights/--threshold', async () => {
    const weight = fc.integer({ min: 0, max: 6 });
    const strategy = fc.integer({ min: 1, max: 12 }).chain((k) =>
      fc.record({
        weights: fc.array(weight, { minLength: k, maxLength: k }).filter((w) => w.some((x) => x > 0)),
        threshold: fc.integer({ min: 0, max: 40 }),
        measures: fc.array(
          fc.record({
            field: fc.integer({ min: 0, max: 4 }),
            scores: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: k, maxLength: k }),
          }),
          {
            maxLength: 16,
          },
        ),
        whatIf: fc.record({
          weights: fc.array(weight, { minLength: k, maxLength: k }).filter((w) => w.some((x) => x > 0)),
          threshold: fc.integer({ min: 0, max: 40 }),
        }),
      }),
    );
    const inProcess = async (args: string[]) => {
      const r = await itstratInProcess(args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };
    await fc.assert(
      fc.asyncProperty(strategy, async ({ weights, threshold, measures, whatIf }) => {
        const dir = strategyOf(weights, threshold, measures);
        const file = outFile();
        await inProcess(['export', '--dir', dir, '--out', file]);
        const book = new ExcelJS.Workbook();
        await book.xlsx.readFile(file);
        const score = JSON.parse(await inProcess(['score', '--dir', dir, '--format', 'json'])) as ScoreJson;
        expectCachedEqualsScore(book, 'de', score);
        expectEvaluationMatches(book, 'de', new Map(), score);
        const args = ['--weights', whatIf.weights.map((w, i) => `l${i + 1}=${w}`).join(','), '--threshold', String(whatIf.threshold)];
        const what = JSON.parse(await inProcess(['score', '--dir', dir, '--format', 'json', ...args])) as ScoreJson;
        const overrides = new Map<string, number>(whatIf.weights.map((w, i) => [weightCell(book, 'de', `l${i + 1}`), w]));
        overrides.set(thresholdCell(book, 'de'), whatIf.threshold);
        expectEvaluationMatches(book, 'de', overrides, what);
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
