import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../src/scoring/calibrate.js';
import { sensitivity } from '../src/scoring/sensitivity.js';
import { lp, measure } from './helpers/fixtures.js';
import { copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const fields = [
  { id: 'f', number: 1, name: 'F', prioritized: true },
  { id: 'g', number: 2, name: 'G', prioritized: false },
];

describe('calibrate', () => {
  it('prefers the smallest weight sum and the lowest threshold', async () => {
    const input = {
      leitplanken: [lp('a', 1), lp('b', 1)],
      fields,
      measures: [measure('1.1', 1, 0, 'f', 'prioritized'), measure('1.2', 0, 1, 'f', 'not_prioritized')],
    };
    expect(calibrate(input)).toMatchObject({
      weights: { a: 2, b: 1 },
      threshold: 2,
      agreement: 2,
      total: 2,
      disagreements: [],
      exact: true,
      evaluated: 100,
    });
    expect(calibrate(input, { minWeight: 0 })).toMatchObject({ weights: { a: 1, b: 0 }, threshold: 1, evaluated: 121 });
  });

  it('reports what no weighting can reproduce', async () => {
    const input = {
      leitplanken: [lp('a', 1), lp('b', 1)],
      fields,
      measures: [
        measure('1.1', 2, 2, 'f', 'prioritized'),
        measure('1.2', 2, 2, 'f', 'not_prioritized'),
        measure('2.1', 4, 4, 'g', 'prioritized'),
      ],
    };
    const r = calibrate(input);
    expect(r.agreement).toBe(1);
    expect(r.total).toBe(3);
    expect(r.disagreements.map((d) => d.id)).toEqual(['1.2', '2.1']);
  });

  it('ignores measures without a decision', async () => {
    const r = calibrate({
      leitplanken: [lp('a', 1), lp('b', 1)],
      fields,
      measures: [measure('1.1', 4, 0, 'f', 'prioritized'), measure('1.2', 0, 0)],
    });
    expect(r.total).toBe(1);
  });
});

describe('sensitivity', () => {
  it('finds the smallest single-weight change that flips each priority', async () => {
    const input = {
      leitplanken: [lp('a', 2), lp('b', 1)],
      threshold: 5,
      fields,
      measures: [measure('1.1', 2, 1), measure('1.2', 1, 0), measure('1.3', 0, 0), measure('2.1', 4, 4, 'g'), measure('1.4', 4, 4)],
    };
    const s = sensitivity(input, { a: 2, b: 1 });
    expect(Object.fromEntries(s.flipDistance)).toEqual({ '1.1': 1, '1.2': 3, '1.3': null, '2.1': null, '1.4': 2 });
    expect(s.unitChanges).toEqual([
      { change: { leitplanke: 'a', delta: 1 }, flips: [] },
      { change: { leitplanke: 'a', delta: -1 }, flips: ['1.1'] },
      { change: { leitplanke: 'b', delta: 1 }, flips: [] },
      { change: { leitplanke: 'b', delta: -1 }, flips: ['1.1'] },
    ]);
    expect(s.prioritized).toEqual(['1.1', '1.4']);
  });

  it('never lets a weight go below 0', async () => {
    const input = { leitplanken: [lp('a', 1), lp('b', 0)], threshold: 1, fields, measures: [measure('1.1', 1, 0)] };
    const s = sensitivity(input, { a: 1, b: 0 });
    expect(s.unitChanges.map((u) => u.change)).toEqual([
      { leitplanke: 'a', delta: 1 },
      { leitplanke: 'a', delta: -1 },
      { leitplanke: 'b', delta: 1 },
    ]);
    expect(s.flipDistance.get('1.1')).toBe(1);
  });
});

describe('itstrat score and calibrate on the bundled strategy', () => {
  it('score --check passes: the committed weights reproduce every 2018 decision', async () => {
    const run = await itstratInProcess(['score', '--check']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('54 von 54 Maßnahmen, 20 priorisiert, 0 Abweichungen vom Beschluss');
  });

  it('calibrate confirms the committed weights are its own result', async () => {
    const run = await itstratInProcess(['calibrate', '--format', 'json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    const committed = JSON.parse((await itstratInProcess(['score', '--format', 'json'])).stdout);
    expect(out.weights).toEqual(Object.fromEntries(committed.criteria.map((c: { id: string; weight: number }) => [c.id, c.weight])));
    expect(out.threshold).toBe(committed.threshold);
    expect(out).toMatchObject({ agreement: 54, total: 54, disagreements: [], exact: true });
    expect(Object.keys(out)).toEqual([
      'weights',
      'threshold',
      'agreement',
      'total',
      'disagreements',
      'exact',
      'evaluated',
      'method',
      'written',
    ]);
  });

  it('score --check exits 1 listing each disagreement with file:line', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'measures', '1.6-evergabe.yaml');
    editFile(file, (t) => t.replace('decision: not_prioritized', 'decision: prioritized'));
    const run = await itstratInProcess(['score', '--check', '--dir', dir]);
    expect(run.status).toBe(1);
    const line =
      readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('decision:')) + 1;
    expect(run.stderr).toContain(
      `${file}:${line}:11 error measure 1.6 is recorded as prioritized but scores 17 against threshold 19, so it is computed as not_prioritized [priority-mismatch]`,
    );
    expect(run.stderr).toContain('[priority-mismatch]');
    expect((await itstratInProcess(['score', '--dir', dir])).status).toBe(0);
  });

  it('calibrate --write stores weights and threshold, keeping comments, and --check then passes', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'leitplanken.yaml');
    editFile(file, (t) => t.replace(/weight: \d+/g, 'weight: 1 # set by hand').replace(/^threshold: \d+/m, '# our own note\nthreshold: 9'));
    expect((await itstratInProcess(['score', '--check', '--dir', dir])).status).toBe(1);
    const run = await itstratInProcess(['calibrate', '--write', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Gewichte und Schwelle in ${file} geschrieben.`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# our own note\nthreshold: 19\n');
    expect(text.match(/weight: \d+ # set by hand/g)).toEqual([
      'weight: 4 # set by hand',
      'weight: 1 # set by hand',
      'weight: 1 # set by hand',
      'weight: 3 # set by hand',
    ]);
    expect(text).toContain('# yaml-language-server: $schema=');
    expect((await itstratInProcess(['score', '--check', '--dir', dir])).status).toBe(0);
  });

  it('calibrate --min-weight 0 may drop a Leitplanke', async () => {
    const out = JSON.parse((await itstratInProcess(['calibrate', '--min-weight', '0', '--format', 'json'])).stdout);
    expect(Object.values(out.weights)).toContain(0);
    expect(out.agreement).toBe(54);
  });

  it('calibrate exits 1 and lists what stays in disagreement', async () => {
    const dir = copyStrategy();
    // 4.2 and 4.3 have the same scores; opposite decisions cannot both be reproduced.
    editFile(join(dir, 'measures', '4.2-business-relationship-management-prozesses.yaml'), (t) =>
      t.replace('decision: not_prioritized', 'decision: prioritized'),
    );
    const run = await itstratInProcess(['calibrate', '--dir', dir, '--lang', 'en']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/53 of 54 decisions reproduced \(exact optimum, 10,000 weightings tried\)/);
    expect(run.stdout).toMatch(/Still disagreeing:\n {2}4\.\d+: Score \d+, Decision \w+ ≠ \w+/);
  });

  it('--sensitivity adds flip_distance to every measure and marks borderline ones', async () => {
    const out = JSON.parse((await itstratInProcess(['score', '--sensitivity', '--format', 'json'])).stdout);
    for (const m of out.measures)
      expect(m.flip_distance === null || (Number.isInteger(m.flip_distance) && m.flip_distance >= 1 && m.flip_distance <= 10)).toBe(true);
    expect(
      out.measures
        .filter((m: { field: string; flip_distance: unknown }) => m.field === 'uebergeordnet')
        .map((m: { flip_distance: unknown }) => m.flip_distance),
    ).toEqual([null, null, null]);
    const borderline = out.measures.filter((m: { flip_distance: unknown }) => m.flip_distance === 1).map((m: { id: string }) => m.id);
    expect([...out.sensitivity.borderline].sort()).toEqual(borderline.sort());
    expect(borderline.length).toBeGreaterThan(0);
    const table = (await itstratInProcess(['score', '--sensitivity'])).stdout;
    expect(table).toContain('Kipp-Δ');
    expect(table).toContain('1 ◆');
    expect(table).toMatch(/Stabilität: \d+ Grenzfälle \(◆\) kippen schon bei Änderung eines Gewichts um ±1/);
  });
});

describe('score options', () => {
  const json = async (args: string[]) =>
    JSON.parse((await itstratInProcess(['score', '--format', 'json', ...args])).stdout) as {
      measures: { id: string; field: string; rank: number; prioritized: boolean; score: number }[];
      criteria: { id: string; weight: number }[];
    };

  it('--field filters without renumbering ranks', async () => {
    const all = await json([]);
    const only = await json(['--field', 'kundenschnittstelle']);
    expect(only.measures.map((x) => x.id)).toEqual(all.measures.filter((x) => x.field === 'kundenschnittstelle').map((x) => x.id));
    expect(only.measures.map((x) => x.rank)).toEqual(all.measures.filter((x) => x.field === 'kundenschnittstelle').map((x) => x.rank));
  });

  it('--top, --prioritized and --sort', async () => {
    expect((await json(['--top', '3'])).measures.map((x) => x.rank)).toEqual([1, 2, 3]);
    expect((await json(['--prioritized'])).measures.every((x) => x.prioritized)).toBe(true);
    expect((await json(['--prioritized'])).measures).toHaveLength(20);
    expect((await json(['--sort', 'id', '--top', '4'])).measures.map((x) => x.id)).toEqual(['1.1', '1.2', '1.3', '1.4']);
    const byField = (await json(['--sort', 'field'])).measures.map((x) => x.field);
    expect(byField.indexOf('kundenschnittstelle')).toBeGreaterThan(byField.lastIndexOf('eadministration'));
  });

  it('--weights is a what-if that changes scores but not the files', async () => {
    const out = await json(['--weights', 'security=10']);
    expect(out.criteria.find((c) => c.id === 'security')?.weight).toBe(10);
    expect(out.measures.find((x) => x.id === '4.9')?.score).toBe(1 * 4 + 2 * 1 + 4 * 10 + 0 * 3);
    expect((await json([])).criteria.find((c) => c.id === 'security')?.weight).toBe(1);
  });

  it('csv and markdown', async () => {
    const csv = (await itstratInProcess(['score', '--format', 'csv', '--top', '1'])).stdout;
    expect(csv).toBe(
      'id,title,field,strategy,quality,security,external,score,percent,rank,prioritized,decision\r\n2.1,Portal Strategie entwickeln und umsetzen / Einführung Service- und Bürgerkonto,kundenschnittstelle,4,2,2,3,29,80.6,1,true,prioritized\r\n',
    );
    const md = (await itstratInProcess(['score', '--format', 'markdown', '--top', '1', '--lang', 'en'])).stdout;
    expect(md).toContain(
      '| No | Measure | Field of action | Strategie | Qualität | Sicherheit | Außen | Score | Rank | Priority | Decision |',
    );
    expect(md).toContain(
      '| 2.1 | Portal Strategie entwickeln und umsetzen / Einführung Service- und Bürgerkonto | Kundenschnittstelle | 4 | 2 | 2 | 3 | 29 | 1 | prioritised | prioritised |',
    );
  });

  it.each([
    [['--weights', 'sicherheit=2'], /--weights: unknown Leitplanke sicherheit \(valid: strategy, quality, security, external\)/],
    [['--weights', 'security=-1'], /--weights: cannot read "security=-1"|security=-1 is not a whole number/],
    [['--weights', 'security=1.5'], /--weights: security=1\.5 is not a whole number ≥ 0/],
    [['--weights', 'security'], /--weights: cannot read "security"; expected id=n/],
    [['--weights', 'strategy=0,quality=0,security=0,external=0'], /all weights would be 0/],
    [['--top', '0'], /--top: expected a whole number from 1 up \(found "0"\)/],
    [['--top', 'abc'], /--top: expected a whole number from 1 up \(found "abc"\)/],
    [['--sort', 'nonsense'], /Allowed choices are score, id, field/],
    [
      ['--field', 'kunden'],
      /--field: unknown Handlungsfeld kunden — did you mean kundenschnittstelle\? \(valid ids, numbers and names: 1 eadministration \(eAdministration\), 2 kundenschnittstelle \(Kundenschnittstelle\), 3 technik/,
    ],
  ])('%j exits 2 naming what is valid', async (args, message) => {
    const run = await itstratInProcess(['score', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
