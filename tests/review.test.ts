// Issue 15: the annual review end to end, through the BUILT binary. A scripted year with three
// assessors — fb-10 in line with today, fb-67 an outlier, fb-20 rating only two measures — must
// aggregate to the medians, spreads and Kendall's W computed here independently, and --apply must
// make exactly the expected edits, comments intact, visible in `itstrat diff` and `history`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

type Scores = Record<string, number>;
interface Entry {
  id: string;
  scores: Scores;
  comment?: string;
}

const S = (strategy: number, quality: number, security: number, external: number): Scores => ({ strategy, quality, security, external });

/** The scripted year. */
const year: Record<string, { fachbereich: string; measures: Entry[] }> = {
  'fb-10': {
    fachbereich: 'FB 10 Zentrale Dienste',
    measures: [
      { id: '1.1', scores: S(4, 2, 3, 0), comment: 'Qualitätsgewinn überschätzt' },
      { id: '1.2', scores: S(4, 3, 2, 1) },
      { id: '1.3', scores: S(3, 2, 2, 3) },
      { id: '1.4', scores: S(4, 3, 2, 1) },
    ],
  },
  'fb-67': {
    fachbereich: 'FB 67 Stadtgrün',
    measures: [
      { id: '1.1', scores: S(0, 0, 0, 4), comment: 'Außenwirkung <b>entscheidend</b>' },
      { id: '1.2', scores: S(0, 0, 0, 4) },
      { id: '1.3', scores: S(1, 1, 1, 1) },
      { id: '1.4', scores: S(4, 4, 4, 4) },
    ],
  },
  'fb-20': {
    fachbereich: 'FB 20 Finanzen',
    measures: [
      { id: '1.1', scores: S(4, 2, 3, 0) },
      { id: '1.2', scores: S(4, 3, 3, 1) },
    ],
  },
};

function assessmentYaml(id: string, date = '2026-03-02'): string {
  const a = year[id]!;
  const lines = [`assessor:`, `  id: ${id}`, `  fachbereich: ${a.fachbereich}`, `date: "${date}"`, `measures:`];
  for (const m of a.measures) {
    lines.push(
      `  - id: "${m.id}"`,
      `    scores: {${Object.entries(m.scores)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`,
    );
    if (m.comment !== undefined) lines.push(`    comment: ${JSON.stringify(m.comment)}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeYear(dir: string, y = 2026): void {
  mkdirSync(join(dir, 'reviews', String(y)), { recursive: true });
  for (const id of Object.keys(year)) writeFileSync(join(dir, 'reviews', String(y), `${id}.yaml`), assessmentYaml(id));
}

// ---- the expected values, computed here without the tool's code ----

const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
function median(xs: number[]): number {
  const s = sortNum(xs);
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}
function type7(xs: number[], p: number): number {
  const s = sortNum(xs);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}
function rank(column: number[], v: number): number {
  return column.filter((x) => x < v).length + (column.filter((x) => x === v).length + 1) / 2;
}
function kendall(ratings: number[][]): number {
  const n = ratings.length;
  const m = ratings[0]!.length;
  const sums = ratings.map(() => 0);
  let ties = 0;
  for (let j = 0; j < m; j++) {
    const col = ratings.map((r) => r[j]!);
    col.forEach((v, i) => (sums[i]! += rank(col, v)));
    for (const v of new Set(col)) {
      const t = col.filter((x) => x === v).length;
      ties += t ** 3 - t;
    }
  }
  const sq = sums.reduce((s, r) => s + r * r, 0);
  return (12 * sq - 3 * m * m * n * (n + 1) ** 2) / (m * m * n * (n * n - 1) - m * ties);
}

function strategyOf(dir: string) {
  const l = parse(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')) as { leitplanken: { id: string; weight: number }[] };
  const weights = Object.fromEntries(l.leitplanken.map((x) => [x.id, x.weight]));
  return { weights };
}

interface ReviewJson {
  year: number;
  assessors: { id: string }[];
  concordance: { kendallW: number | null; measures: number; assessors: number; rests_on: string[]; correctedForTies: boolean };
  agenda: string[];
  measures: {
    id: string;
    assessments: number;
    applicable: boolean;
    leitplanken: {
      leitplanke: string;
      count: number;
      current: number;
      median: number | null;
      adopted: number;
      min: number | null;
      max: number | null;
      q1: number | null;
      q3: number | null;
      iqr: number | null;
      changed: boolean;
    }[];
    comments: { assessor: string; comment: string }[];
    current: { score: number; rank: number; prioritized: boolean };
    proposed: { score: number; rank: number; prioritized: boolean; scores: Scores };
  }[];
  applied?: { id: string; leitplanke: string; from: number; to: number }[];
}

function reviewJson(dir: string, ...extra: string[]): ReviewJson {
  const r = itstrat(['review', '2026', '--dir', dir, '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as ReviewJson;
}

describe('itstrat review <year>: the scripted year', () => {
  it('aggregates to the expected medians and spreads, per measure and Leitplanke', () => {
    const dir = copyStrategy();
    writeYear(dir);
    const current = (id: string): Scores =>
      (
        parse(
          readFileSync(
            join(
              dir,
              'measures',
              readdirOf(dir).find((f) => f.startsWith(`${id}-`))!,
            ),
            'utf8',
          ),
        ) as { scores: Scores }
      ).scores;
    const result = reviewJson(dir);
    expect(result.assessors.map((a) => a.id)).toEqual(['fb-10', 'fb-20', 'fb-67']);
    expect(result.measures.map((m) => m.id)).toEqual(['1.1', '1.2', '1.3', '1.4']);
    for (const m of result.measures) {
      const given = Object.values(year).flatMap((a) => a.measures.filter((e) => e.id === m.id));
      expect(m.assessments).toBe(given.length);
      for (const l of m.leitplanken) {
        const values = given.map((e) => e.scores[l.leitplanke]!);
        expect(l.count, `${m.id} ${l.leitplanke}`).toBe(values.length);
        expect(l.median, `${m.id} ${l.leitplanke}`).toBe(median(values));
        expect(l.min).toBe(Math.min(...values));
        expect(l.max).toBe(Math.max(...values));
        expect(l.q1).toBeCloseTo(type7(values, 0.25), 12);
        expect(l.q3).toBeCloseTo(type7(values, 0.75), 12);
        expect(l.iqr).toBeCloseTo(type7(values, 0.75) - type7(values, 0.25), 12);
        expect(l.current).toBe(current(m.id)[l.leitplanke]);
      }
    }
    // The outlier does not move an odd count's median: 1.1 quality 0, 2, 2 → 2 (today 3).
    const q = (id: string, lp: string) => result.measures.find((m) => m.id === id)!.leitplanken.find((l) => l.leitplanke === lp)!;
    expect(q('1.1', 'quality')).toMatchObject({ median: 2, adopted: 2, changed: true, min: 0, max: 2 });
    expect(q('1.1', 'strategy')).toMatchObject({ median: 4, adopted: 4, changed: false, q1: 2, q3: 4, iqr: 2 });
    expect(q('1.2', 'external')).toMatchObject({ median: 1, adopted: 1, changed: true });
    // Two assessments 1 and 3 with today 3: half want no change, so none is adopted.
    expect(q('1.3', 'strategy')).toMatchObject({ count: 2, median: 2, adopted: 3, changed: false });
    // Two assessments 3 and 4, today 2: both want more; the nearer middle value, 3, is adopted.
    expect(q('1.4', 'quality')).toMatchObject({ count: 2, median: 3.5, adopted: 3, changed: true });
    expect(result.measures.find((m) => m.id === '1.1')!.comments).toEqual([
      { assessor: 'fb-10', comment: 'Qualitätsgewinn überschätzt' },
      { assessor: 'fb-67', comment: 'Außenwirkung <b>entscheidend</b>' },
    ]);
  });

  it("computes Kendall's W over the measures every assessor rated, from each one's weighted score", () => {
    const dir = copyStrategy();
    writeYear(dir);
    const { weights } = strategyOf(dir);
    const weighted = (s: Scores) => Object.entries(s).reduce((sum, [k, v]) => sum + (weights[k] ?? 0) * v, 0);
    // fb-20 rated only 1.1 and 1.2: W rests on those two, assessors in id order.
    const ids = ['fb-10', 'fb-20', 'fb-67'];
    const ratings = ['1.1', '1.2'].map((m) => ids.map((a) => weighted(year[a]!.measures.find((e) => e.id === m)!.scores)));
    const result = reviewJson(dir);
    expect(result.concordance).toMatchObject({ measures: 2, assessors: 3, rests_on: ['1.1', '1.2'], correctedForTies: true });
    expect(result.concordance.kendallW).toBeCloseTo(kendall(ratings), 12);
    const table = itstrat(['review', '2026', '--dir', dir]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Kendalls W \(bindungskorrigiert\) = [0-9,]+ über 2 Maßnahmen und 3 Einschätzende: .*Übereinstimmung/);
    const en = itstrat(['review', '2026', '--dir', dir, '--lang', 'en']);
    expect(en.stdout).toContain("Kendall's W (corrected for ties)");
  });

  it('lists the widest disagreement first (the agenda of the meeting)', () => {
    const dir = copyStrategy();
    writeYear(dir);
    const result = reviewJson(dir);
    const spread = (id: string) =>
      Math.max(...result.measures.find((m) => m.id === id)!.leitplanken.map((l) => (l.max ?? 0) - (l.min ?? 0)));
    expect(result.agenda).toHaveLength(4);
    for (let i = 1; i < result.agenda.length; i++) expect(spread(result.agenda[i - 1]!)).toBeGreaterThanOrEqual(spread(result.agenda[i]!));
    const md = itstrat(['review', '2026', '--dir', dir, '--format', 'markdown']);
    expect(md.status).toBe(0);
    // Markup in a comment is data: escaped in Markdown.
    expect(md.stdout).not.toContain('<b>');
    expect(md.stdout).toContain('# Jährliche Überprüfung 2026');
  });

  it('--apply writes exactly the changed medians, one score each, comments intact; diff and history show it', () => {
    const g = gitdir();
    // A comment on the very line the review changes, and one above it: both must survive.
    g.edit('strategy/measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml', (t) =>
      t.replace('  quality: 3\n', '  # Qualität laut Workshop 2018\n  quality: 3 # vorläufig\n'),
    );
    g.commit('strategy 2018', '2025-01-10');
    writeYear(join(g.dir, 'strategy'));
    g.commit('Einschätzungen 2026', '2026-03-05');
    const before = g.git(['rev-parse', 'HEAD']).trim();

    const dry = itstrat(['review', '2026', '--apply', '--dry-run'], { cwd: g.dir });
    expect(dry.status).toBe(0);
    expect(g.git(['status', '--porcelain'])).toBe('');
    const changed = dry.stdout.split('\n').filter((l) => /^[-+] /.test(l));
    expect(changed).toEqual([
      '-  quality: 3 # vorläufig',
      '+  quality: 2 # vorläufig',
      '-  external: 0',
      '+  external: 1',
      '-  quality: 2',
      '+  quality: 3',
    ]);

    const run = itstrat(['review', '2026', '--apply', '--format', 'json'], { cwd: g.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as ReviewJson).applied).toEqual([
      expect.objectContaining({ id: '1.1', leitplanke: 'quality', from: 3, to: 2 }),
      expect.objectContaining({ id: '1.2', leitplanke: 'external', from: 0, to: 1 }),
      expect.objectContaining({ id: '1.4', leitplanke: 'quality', from: 2, to: 3 }),
    ]);
    const diff = g.git(['diff', '--numstat']).trim().split('\n');
    expect(diff).toHaveLength(3);
    for (const line of diff) expect(line).toMatch(/^1\t1\t/);
    expect(g.read('strategy/measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml')).toContain(
      '  # Qualität laut Workshop 2018\n  quality: 2 # vorläufig\n',
    );
    // A second run has nothing left to change.
    const again = itstrat(['review', '2026', '--apply', '--dry-run'], { cwd: g.dir });
    expect(again.stdout.trim()).toBe('');

    const applied = g.commit('Jährliche Überprüfung 2026 eingearbeitet', '2026-04-01');
    const d = itstrat(['diff', before, '--format', 'json'], { cwd: g.dir });
    expect(d.status).toBe(0);
    expect(d.stdout).toContain('"1.1"');
    expect(d.stdout).toContain('"1.4"');
    const h = itstrat(['history', '1.1', '--format', 'json'], { cwd: g.dir });
    expect(h.status).toBe(0);
    expect(h.stdout).toContain(applied);
    expect(itstrat(['history', '1.1'], { cwd: g.dir }).stdout).toContain(applied.slice(0, 10));
  });

  it('--min-assessments and --only limit what --apply writes', () => {
    const dir = copyStrategy();
    writeYear(dir);
    const dry = itstrat(['review', '2026', '--dir', dir, '--apply', '--dry-run', '--min-assessments', '3']);
    expect(dry.stdout).toContain('1.1-');
    expect(dry.stdout).toContain('1.2-');
    expect(dry.stdout).not.toContain('1.4-');
    const only = itstrat(['review', '2026', '--dir', dir, '--apply', '--dry-run', '--only', '1.4']);
    expect(only.stdout).toContain('1.4-');
    expect(only.stdout).not.toContain('1.1-');
    const unknown = itstrat(['review', '2026', '--dir', dir, '--apply', '--only', '1.40']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('measure 1.40 does not exist — did you mean 1.4');
    const tooFew = reviewJson(dir, '--min-assessments', '3');
    expect(tooFew.measures.find((m) => m.id === '1.4')!.applicable).toBe(false);
  });
});

function readdirOf(dir: string): string[] {
  return readdirSync(join(dir, 'measures'));
}

describe('bad assessment files get located findings', () => {
  const findingsOf = (dir: string) => {
    const r = itstrat(['validate', '--dir', dir, '--format', 'json']);
    return {
      status: r.status,
      findings: (
        JSON.parse(r.stdout) as { findings: { file: string; line: number; col: number; rule: string; severity: string; message: string }[] }
      ).findings,
    };
  };

  it('names file, line and column, with did-you-mean for unknown ids', () => {
    const dir = copyStrategy();
    mkdirSync(join(dir, 'reviews', '2026'), { recursive: true });
    mkdirSync(join(dir, 'reviews', 'notizen'), { recursive: true });
    writeFileSync(
      join(dir, 'reviews', '2026', 'fb-20.yaml'),
      [
        'assessor:',
        '  id: fb-20',
        'date: "2025-12-20"',
        'measures:',
        '  - id: "1.99"',
        '    scores: {strategy: 4}',
        '  - id: "1.2"',
        '    scores: {qualty: 2, security: 7}',
        '  - id: "1.2"',
        '    scores: {strategy: -1}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'reviews', '2026', 'fb-21.yaml'), 'assessor:\n  id: fb-32\ndate: "2026-01-01"\nmeasures: []\n');
    writeFileSync(
      join(dir, 'reviews', '2026', 'fb-22.yaml'),
      'assessor:\n  id: fb-22\ndate: 2026-01-01\nmeasures:\n  - id: 1.1\n    scores: {strategy: "vier"}\n',
    );
    writeFileSync(join(dir, 'reviews', '2026', 'fb-23.yaml'), 'assessor: [\n');
    writeFileSync(join(dir, 'reviews', 'notizen', 'x.yaml'), 'a: 1\n');
    const { status, findings } = findingsOf(dir);
    expect(status).toBe(1);
    const at = (file: string, rule: string) => findings.filter((f) => f.file.endsWith(file) && f.rule === rule);
    expect(at('2026/fb-20.yaml', 'unknown-measure')[0]).toMatchObject({
      line: 5,
      col: 9,
      message: expect.stringContaining('measure 1.99 does not exist'),
    });
    expect(at('2026/fb-20.yaml', 'unknown-score')[0]).toMatchObject({ line: 8, message: expect.stringContaining('did you mean quality') });
    expect(at('2026/fb-20.yaml', 'score-range').map((f) => [f.line, f.message])).toEqual([
      [8, 'scores.security must be at most 4 (found 7)'],
      [10, 'scores.strategy must be at least 0 (found -1)'],
    ]);
    expect(at('2026/fb-20.yaml', 'duplicate-measure')[0]).toMatchObject({ line: 9 });
    expect(at('2026/fb-20.yaml', 'review-year')[0]).toMatchObject({ line: 3, severity: 'warning' });
    expect(at('2026/fb-21.yaml', 'review-file-name')[0]).toMatchObject({ line: 2, col: 7 });
    expect(findings.filter((f) => f.file.endsWith('2026/fb-22.yaml')).length).toBeGreaterThanOrEqual(2);
    expect(findings.filter((f) => f.file.endsWith('2026/fb-22.yaml')).every((f) => f.line > 1)).toBe(true);
    expect(findings.some((f) => f.file.endsWith('2026/fb-23.yaml') && f.severity === 'error')).toBe(true);
    expect(at('notizen/x.yaml', 'review-path')).toHaveLength(1);

    // review of that year refuses (exit 1) with the same findings on stderr; other years are unaffected.
    const r = itstrat(['review', '2026', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fb-20\.yaml:5:9/);
    const none = itstrat(['review', '2027', '--dir', dir]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no assessments for 2027');
  });

  it('reports empty files, links out of the folder, a second file of one assessor, unknown weights and impossible dates', () => {
    const dir = copyStrategy();
    const folder = join(dir, 'reviews', '2026');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'leer.yaml'), '');
    symlinkSync('/etc/hostname', join(folder, 'link.yaml'));
    const same = 'assessor: {id: fb-5}\ndate: "2026-02-30"\nweights: {qualty: 2}\nmeasures: []\n';
    writeFileSync(join(folder, 'fb-5.yaml'), same);
    writeFileSync(join(folder, 'fb-5.yml'), same.replace('2026-02-30', '2026-02-03'));
    const { findings } = findingsOf(dir);
    const rules = (file: string) => findings.filter((f) => f.file.endsWith(file)).map((f) => `${f.line}:${f.col} ${f.rule}`);
    expect(rules('leer.yaml')).toEqual(['1:1 empty-file']);
    expect(rules('link.yaml')).toEqual(['1:1 symlink-outside']);
    expect(rules('fb-5.yaml')).toEqual(['2:7 date']);
    expect(rules('fb-5.yml')).toEqual(['1:16 duplicate-assessor', '3:11 unknown-score']);
  });

  it('refuses a year that is no year and an assessor id that is no id (exit 2)', () => {
    const dir = copyStrategy();
    expect(itstrat(['review', '26', '--dir', dir]).status).toBe(2);
    expect(itstrat(['review', '-2026', '--dir', dir]).status).toBe(2);
    const bad = itstrat(['review', 'new', '2026', '--dir', dir, '--assessor', '../x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--assessor: expected an id');
    const empty = itstrat(['review', 'new', '2026', '--dir', dir, '--assessor', 'fb-1', '--fachbereich', ' ']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('--fachbereich: expected the name of a Fachbereich');
  });
});

describe('review new and review import', () => {
  it("scaffolds every measure with today's scores, valid as written, never over an existing file", () => {
    const dir = copyStrategy();
    const r = itstrat([
      'review',
      'new',
      '2026',
      '--dir',
      dir,
      '--assessor',
      'fb-20',
      '--fachbereich',
      'FB 20 Finanzen',
      '--date',
      '2026-02-01',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = readFileSync(join(dir, 'reviews', '2026', 'fb-20.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../.schema/review.schema.json');
    const data = parse(text) as { assessor: { id: string; fachbereich: string }; date: string; measures: Entry[] };
    expect(data.assessor).toEqual({ id: 'fb-20', fachbereich: 'FB 20 Finanzen' });
    expect(data.measures).toHaveLength(readdirOf(dir).length);
    expect(data.measures.find((m) => m.id === '1.10')).toBeDefined();
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    // Unchanged, it proposes nothing: every median is today's score.
    expect(itstrat(['review', '2026', '--dir', dir, '--apply', '--dry-run', '--min-assessments', '1']).stdout.trim()).toBe('');
    const again = itstrat(['review', 'new', '2026', '--dir', dir, '--assessor', 'fb-20']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('round-trips through a workbook: edited scores and comments come back as YAML', async () => {
    const dir = copyStrategy();
    const file = join(mkdtempSync(join(tmpdir(), 'itstrat-review-')), 'fb-67.xlsx');
    const w = itstrat([
      'review',
      'new',
      '2026',
      '--dir',
      dir,
      '--assessor',
      'fb-67',
      '--name',
      'Grün & <Co>',
      '--date',
      '2026-02-03',
      '--format',
      'xlsx',
      '--out',
      file,
    ]);
    expect(w.stderr).toBe('');
    expect(w.status).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    let header = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'id') header = n;
    });
    expect(header).toBeGreaterThan(0);
    const columns = (sheet.getRow(header).values as unknown[]).map(String);
    let row11 = 0;
    let row12 = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === '1.1') row11 = n;
      if (row.getCell(1).value === '1.2') row12 = n;
    });
    sheet.getRow(row11).getCell(columns.indexOf('quality')).value = 1;
    sheet.getRow(row11).getCell(columns.indexOf('comment')).value = 'zu hoch';
    // A row with every score emptied counts as not rated.
    for (const lp of ['strategy', 'quality', 'security', 'external']) sheet.getRow(row12).getCell(columns.indexOf(lp)).value = null;
    await book.xlsx.writeFile(file);

    const r = itstrat(['review', 'import', file, '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const data = parse(readFileSync(join(dir, 'reviews', '2026', 'fb-67.yaml'), 'utf8')) as {
      assessor: { id: string; name: string };
      date: string;
      measures: Entry[];
    };
    expect(data.assessor).toEqual({ id: 'fb-67', name: 'Grün & <Co>' });
    expect(data.date).toBe('2026-02-03');
    expect(data.measures.find((m) => m.id === '1.1')).toEqual({ id: '1.1', scores: S(4, 1, 3, 0), comment: 'zu hoch' });
    expect(data.measures.find((m) => m.id === '1.2')).toBeUndefined();
    expect(data.measures).toHaveLength(readdirOf(dir).length - 1);

    // Out of range in the workbook: located at its row and column, nothing written.
    sheet.getRow(row11).getCell(columns.indexOf('security')).value = 9;
    await book.xlsx.writeFile(file);
    const bad = itstrat(['review', 'import', file, '--dir', dir, '--replace', '--lang', 'en']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${file}:${row11}:${columns.indexOf('security')}`);
    expect(bad.stderr).toContain('security of 1.1 must be a whole number from 0 to 4 (found "9")');
    expect(bad.stderr).toContain('nothing was written');
    // A measure id that is not in the strategy: located, with did-you-mean.
    sheet.getRow(row11).getCell(columns.indexOf('security')).value = 3;
    sheet.getRow(row11).getCell(1).value = '1.99';
    await book.xlsx.writeFile(file);
    const unknown = itstrat(['review', 'import', file, '--dir', dir, '--replace', '--lang', 'en']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain(`${file}:${row11}:1`);
    expect(unknown.stderr).toContain('measure 1.99 does not exist');

    // A workbook that is no assessment (export's) is refused in its own words (exit 2).
    const exported = join(mkdtempSync(join(tmpdir(), 'itstrat-review-')), 'export.xlsx');
    expect(itstrat(['export', '--dir', dir, '--out', exported]).status).toBe(0);
    const other = itstrat(['review', 'import', exported, '--dir', dir]);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('is not an assessment workbook');
  });
});

describe('status: accountability for the annual review', () => {
  const configure = (dir: string) => {
    const path = join(dir, 'strategy.yaml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '  annual_review: true\n',
        '  annual_review: true\n  month: 6\n  owner: { role: Fachbereichsleitung Zentrale Dienste, person: "A. Muster" }\n  fachbereiche: [FB 10 Zentrale Dienste, FB 20 Finanzen, FB 32 Ordnung, FB 67 Stadtgrün]\n',
      ),
    );
  };
  const statusJson = (cwd: string, today: string) => {
    const r = itstrat(['status', '--today', today, '--format', 'json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as {
      annual_review: { year: number; missing: string[]; submitted: string[]; state: string; by: string; owner: unknown };
    };
  };

  it('names the Fachbereiche that have not submitted, and whether the review is due or overdue', () => {
    const g = gitdir();
    configure(join(g.dir, 'strategy'));
    writeYear(join(g.dir, 'strategy'));
    g.commit('Einschätzungen', '2026-03-05');
    const due = statusJson(g.dir, '2026-06-30');
    expect(due.annual_review).toMatchObject({
      year: 2026,
      submitted: ['FB 10 Zentrale Dienste', 'FB 20 Finanzen', 'FB 67 Stadtgrün'],
      missing: ['FB 32 Ordnung'],
      state: 'due',
      by: '2026-06-30',
      owner: { role: 'Fachbereichsleitung Zentrale Dienste', person: 'A. Muster' },
    });
    expect(statusJson(g.dir, '2026-07-01').annual_review.state).toBe('overdue');
    const table = itstrat(['status', '--today', '2026-07-01'], { cwd: g.dir }).stdout;
    expect(table).toContain('noch ausstehend: FB 32 Ordnung');
    expect(table).toContain('Überprüfung 2026 überfällig seit 2026-06-30');
    expect(table).toContain('verantwortlich: Fachbereichsleitung Zentrale Dienste, A. Muster');
    // A year without assessments: everyone is missing.
    expect(statusJson(g.dir, '2027-02-01').annual_review).toMatchObject({ year: 2027, submitted: [], state: 'due' });
  });

  it("derives the expected Fachbereiche from the measures' fachbereich when strategy.yaml names none", () => {
    const g = gitdir();
    g.edit('strategy/measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml', (t) => `${t}fachbereich: FB 20 Finanzen\n`);
    g.edit('strategy/measures/1.2-e-akte-dokumentenmanagement-system.yaml', (t) => `${t}fachbereich: FB 32 Ordnung\n`);
    writeYear(join(g.dir, 'strategy'));
    g.commit('Einschätzungen', '2026-03-05');
    const s = statusJson(g.dir, '2026-12-31');
    expect(s.annual_review).toMatchObject({ submitted: ['FB 20 Finanzen'], missing: ['FB 32 Ordnung'], state: 'due', by: '2026-12-31' });
  });
});

describe('report: a section for the latest review', () => {
  it('adds the review of the latest year, listed in the contents, escaped in HTML', () => {
    const dir = copyStrategy();
    writeYear(dir, 2025);
    writeYear(dir, 2026);
    const md = itstrat(['report', '--dir', dir]);
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('## Jährliche Überprüfung 2026');
    expect(md.stdout).not.toContain('Überprüfung 2025');
    expect(md.stdout).toMatch(/\[Jährliche Überprüfung 2026\]\(#/);
    const html = itstrat(['report', '--dir', dir, '--format', 'html', '--lang', 'en']);
    expect(html.status).toBe(0);
    expect(html.stdout).toContain('id="ueberpruefung"');
    expect(html.stdout).toContain('Außenwirkung &lt;b&gt;entscheidend&lt;/b&gt;');
    // Without assessments the report is as before: no section.
    expect(itstrat(['report', '--dir', copyStrategy()]).stdout).not.toContain('Überprüfung 20');
  });
});
