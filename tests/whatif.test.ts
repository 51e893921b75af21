// Issue 12 §5: the what-if threshold, friendly Handlungsfeld values, calibrate's bound and progress.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { commands } from '../src/registry.js';
import { langs, messages, type Lang } from '../src/i18n/messages.js';
import { SEARCH_WORK, searchSize } from '../src/scoring/calibrate.js';
import { bundled, copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

interface ScoreJson {
  threshold: number;
  criteria: { id: string; weight: number }[];
  measures: { id: string; field: string; score: number; rank: number; prioritized: boolean; flip_distance?: number | null }[];
}

const json = async (args: string[]): Promise<ScoreJson> => {
  const r = await itstratInProcess(['score', '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as ScoreJson;
};

const prioritisable = new Set(['eadministration', 'kundenschnittstelle', 'technik', 'organisation']);

describe('score --threshold', () => {
  it('prioritises exactly the measures of a prioritisable field that reach the given threshold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), async (threshold) => {
        const out = await json(['--threshold', String(threshold)]);
        expect(out.threshold).toBe(threshold);
        for (const m of out.measures) expect(m.prioritized).toBe(prioritisable.has(m.field) && m.score >= threshold);
      }),
      { numRuns: 15 },
    );
  });

  it('combines with --weights, and leaves scores and ranks alone', async () => {
    const plain = await json(['--weights', 'security=3']);
    const raised = await json(['--weights', 'security=3', '--threshold', '30']);
    expect(raised.measures.map((m) => [m.id, m.score, m.rank])).toEqual(plain.measures.map((m) => [m.id, m.score, m.rank]));
    expect(raised.measures.filter((m) => m.prioritized).map((m) => m.id)).toEqual(
      plain.measures.filter((m) => prioritisable.has(m.field) && m.score >= 30).map((m) => m.id),
    );
    expect(raised.criteria.find((c) => c.id === 'security')!.weight).toBe(3);
  });

  it('is what --check and --sensitivity judge against, and changes no file', async () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'leitplanken.yaml'), 'utf8');
    const check = await itstratInProcess(['score', '--dir', dir, '--check', '--threshold', '17', '--format', 'json']);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(
      /measure 1\.6 is recorded as not_prioritized but scores 17 against threshold 17, so it is computed as prioritized/,
    );
    expect(check.stderr).not.toMatch(/against threshold 19/);
    // At the file's threshold 19 the bundled decisions all agree: the what-if value is the one judged.
    expect((await itstratInProcess(['score', '--dir', dir, '--check'])).status).toBe(0);
    const sens = await json(['--dir', dir, '--threshold', '100', '--sensitivity']);
    // Nothing reaches 100 (the maximum is 36), and no ±10 change of one weight gets there either.
    expect(sens.measures.every((m) => !m.prioritized && m.flip_distance === null)).toBe(true);
    expect(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).toBe(before);
  });

  it('shows the what-if threshold in the table summary', async () => {
    const r = await itstratInProcess(['score', '--threshold', '25', '--lang', 'en']);
    expect(r.stdout).toMatch(/threshold 25\n$/i);
  });

  it.each([
    ['-1', /--threshold: expected a whole number from 0 to 120000 \(found "-1"\)|error: option/],
    ['1.5', /--threshold: expected a whole number from 0 to 120000 \(found "1\.5"\)/],
    ['120001', /--threshold: expected a whole number from 0 to 120000 \(found "120001"\)/],
    ['abc', /--threshold: expected a whole number from 0 to 120000 \(found "abc"\)/],
    ['', /--threshold: expected a whole number from 0 to 120000 \(found ""\)/],
  ])('refuses --threshold %j with exit 2', async (value, message) => {
    const r = await itstratInProcess(['score', `--threshold=${value}`]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('--field takes an id, a number or a name', () => {
  const idsOf = async (value: string): Promise<string[]> =>
    [...new Set((await json(['--field', value])).measures.map((m) => m.field))].sort();

  it.each([
    ['kundenschnittstelle', 'kundenschnittstelle'],
    ['2', 'kundenschnittstelle'],
    ['02', 'kundenschnittstelle'],
    ['Kundenschnittstelle', 'kundenschnittstelle'],
    ['KUNDENSCHNITTSTELLE', 'kundenschnittstelle'],
    [' kundenschnittstelle ', 'kundenschnittstelle'],
    ['Übergeordnete Themen', 'uebergeordnet'],
    ['übergeordnete   themen', 'uebergeordnet'],
    ['Uebergeordnete Themen', 'uebergeordnet'],
    ['Ubergeordnete Themen', 'uebergeordnet'],
    ['ÜBERGEORDNETE THEMEN', 'uebergeordnet'],
    ['\u0055\u0308bergeordnete Themen', 'uebergeordnet'],
    ['technik & infrastruktur', 'technik'],
    ['it-organisation und prozesse', 'organisation'],
    ['5', 'uebergeordnet'],
    ['EADMINISTRATION', 'eadministration'],
  ])('score --field %j selects %s', async (value, id) => {
    expect(await idsOf(value)).toEqual([id]);
  });

  it.each([
    ['kunden', 'kundenschnittstelle'],
    ['Kundenschnitstelle', 'kundenschnittstelle'],
    ['Ubergeordnet Themen', 'uebergeordnet'],
    ['tech', 'technik'],
    ['eadministraton', 'eadministration'],
  ])('score --field %j exits 2 suggesting %s', async (value, id) => {
    const r = await itstratInProcess(['score', '--field', value]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`— did you mean ${id}?`);
    expect(r.stderr).toContain(
      'valid ids, numbers and names: 1 eadministration (eAdministration), 2 kundenschnittstelle (Kundenschnittstelle)',
    );
  });

  it.each(['0', '6', 'xyz', '', '2.0', '-1'])('score --field %j exits 2 without a suggestion', async (value) => {
    const r = await itstratInProcess(['score', `--field=${value}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^itstrat: --field: unknown Handlungsfeld .*\(valid ids, numbers and names: /);
    expect(r.stderr).not.toContain('did you mean');
  });

  it('prints a hostile value as text', async () => {
    const r = await itstratInProcess(['score', '--field', 'x\u001b]0;pwned\u0007']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/[\u001b\u0007]/);
  });

  it('an exact id wins over another field whose number or name it spells', async () => {
    const dir = copyStrategy();
    // Field 5 gets the id "2" and field 4 the name "Technik": the id and the number must still win.
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t.replace('id: "uebergeordnet"', 'id: "2"').replace('name: IT-Organisation und Prozesse', 'name: technik'),
    );
    for (const file of measureFiles(dir, '5.')) editFile(file, (t) => t.replace('field: uebergeordnet', 'field: "2"'));
    const fieldOf = async (value: string) => [...new Set((await json(['--dir', dir, '--field', value])).measures.map((m) => m.field))];
    expect(await fieldOf('2')).toEqual(['2']);
    expect(await fieldOf('technik')).toEqual(['technik']);
    const both = await itstratInProcess(['score', '--dir', dir, '--field', 'TECHNIK']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(
      /--field: "TECHNIK" matches more than one Handlungsfeld \(3 technik \(Technik & Infrastruktur\), 4 organisation \(technik\)\); give its id/,
    );
  });

  it('new measure --field takes the number and the name too', async () => {
    const dir = copyStrategy();
    const byNumber = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', '3', '--title', 'Eins', '--lang', 'en']);
    expect(byNumber).toEqual({ stdout: `Created measure 3.13: ${dir}/measures/3.13-eins.yaml\n`, stderr: '', status: 0 });
    expect(readFileSync(join(dir, 'measures', '3.13-eins.yaml'), 'utf8')).toContain('field: technik\n');
    const byName = await itstratInProcess([
      'new',
      'measure',
      '--dir',
      dir,
      '--field',
      'Uebergeordnete Themen',
      '--title',
      'Zwei',
      '--lang',
      'en',
    ]);
    expect(byName.status).toBe(0);
    expect(readFileSync(join(dir, 'measures', '5.4-zwei.yaml'), 'utf8')).toContain('field: uebergeordnet\n');
    const wrong = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'Kundenschnitstelle', '--title', 'Drei']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^itstrat: --field: unknown Handlungsfeld Kundenschnitstelle — did you mean kundenschnittstelle\?/);
  });
});

function measureFiles(dir: string, prefix: string): string[] {
  return readdirSync(join(dir, 'measures'))
    .filter((f) => f.startsWith(prefix))
    .map((f) => join(dir, 'measures', f));
}

describe('calibrate: bounded search, progress on a terminal', () => {
  const runCalibrate = async (args: string[], io: { isStderrTTY: boolean; now?: () => number }) => {
    let stdout = '';
    let stderr = '';
    const status = await run(['calibrate', '--format', 'json', '--dir', bundled, ...args], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: { FORCE_COLOR: '0', ITSTRAT_CACHE: '0' },
      isTTY: false,
      ...io,
    });
    return { stdout, stderr, status };
  };

  it('no longer refuses a large range: above the bound of the search the MILP answers it, exactly', async () => {
    const dir = copyStrategy();
    const strategy = await loadBundled();
    // --max-weight 100 was refused before (10⁸ weightings, minutes of search); now it is solved.
    expect(searchSize(strategy, { maxWeight: 100 }).work).toBeGreaterThan(SEARCH_WORK);
    expect(searchSize(strategy, { maxWeight: 12 }).work).toBeLessThanOrEqual(SEARCH_WORK);
    const r = await itstratInProcess(['calibrate', '--dir', dir, '--min-weight', '40', '--max-weight', '100', '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(r.status).toBe(out.disagreements.length > 0 ? 1 : 0);
    expect(out).toMatchObject({ exact: true, method: 'milp' });
    for (const w of Object.values(out.weights as Record<string, number>)) expect(w).toBeGreaterThanOrEqual(40);
  });

  it('shows progress on a terminal once the search has run a second, and erases it when done', async () => {
    let clock = 0;
    // Each look at the clock is 0.4 s later: the second look after the start is past a second.
    const tty = await runCalibrate(['--max-weight', '12'], { isStderrTTY: true, now: () => (clock += 400) });
    const quiet = await runCalibrate(['--max-weight', '12'], { isStderrTTY: false, now: () => (clock += 400) });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toBe(quiet.stdout);
    expect(JSON.parse(tty.stdout)).toMatchObject({ evaluated: 20736, exact: true, method: 'search' });
    const updates = tty.stderr.split('\r').filter((s) => s !== '');
    expect(updates.length).toBeGreaterThanOrEqual(3);
    // Each update clears the line first (ESC [K), so a shorter one leaves nothing behind.
    for (const u of updates.slice(0, -1)) expect(u).toMatch(/^\u001b\[KKalibrierung: \d{1,2} % \([\d.]+ von 20\.736 Gewichtungen\)$/);
    expect(updates.at(-1)).toBe('\u001b[K');
    // Not a terminal: nothing on stderr, however long it takes.
    expect(quiet.stderr).toBe('');
  });

  it('stays silent on a terminal when the search is done within a second', async () => {
    const fast = await runCalibrate(['--max-weight', '12', '--lang', 'en'], { isStderrTTY: true, now: () => 0 });
    expect(fast.status).toBe(0);
    expect(fast.stderr).toBe('');
  });

  it('speaks English progress with --lang en', async () => {
    let clock = 0;
    const r = await runCalibrate(['--max-weight', '12', '--lang', 'en'], { isStderrTTY: true, now: () => (clock += 400) });
    expect(r.stderr).toMatch(/\r\u001b\[Kcalibrate: \d{1,2} % \([\d,]+ of 20,736 weightings\)/);
  });
});

async function loadBundled() {
  const { openWorkspace } = await import('../src/command-kit/workspace.js');
  const s = openWorkspace(bundled, undefined, { stderr: () => undefined }).strategy();
  return { leitplanken: s.leitplanken.leitplanken, fields: s.strategy.handlungsfelder, measures: s.measures };
}

describe('--help: each command its own options, the program options as global', () => {
  const sections = (help: string): { own: string[]; global: string[] } => {
    const longs = (part: string | undefined) => [...(part ?? '').matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);
    const [, own, global] = /\nOptions:\n([\s\S]*?)(?:\nGlobal Options:\n([\s\S]*?))?(?:\n\S|$)/.exec(help) ?? [];
    return { own: longs(own), global: longs(global) };
  };

  it.each(commands.map((c) => [c.spec.path.join(' '), c] as const))('itstrat %s --help', async (_, command) => {
    const r = await itstratInProcess([...command.spec.path, '--help']);
    expect(r.status).toBe(0);
    const { own, global } = sections(r.stdout);
    expect(global).toEqual(['--version', '--dir', '--lang', '--verbose']);
    const expected = [
      ...(command.spec.formats.length > 1 ? ['--format'] : []),
      ...(command.spec.out === true ? ['--out'] : []),
      ...(command.spec.options ?? []).filter((o) => o.hidden !== true).map((o) => /--[\w-]+/.exec(o.flags)![0]),
      ...(command.kind === 'write' ? ['--dry-run'] : []),
      '--help',
    ];
    expect(own).toEqual(expected);
  });

  it("metrics record --help lists no --format at all, and refuses the group's --format", async () => {
    const help = await itstratInProcess(['metrics', 'record', '--help']);
    expect(help.stdout).not.toContain('--format');
    const dir = copyStrategy();
    for (const args of [
      ['metrics', 'record', 'it-costs', '--dir', dir, '--period', '2030', '--value', '1', '--format', 'json'],
      ['metrics', '--format', 'json', 'record', 'it-costs', '--dir', dir, '--period', '2030', '--value', '1'],
    ]) {
      const r = await itstratInProcess(args);
      expect(r).toEqual({
        stdout: '',
        stderr: 'itstrat: --format is an option of itstrat metrics, not of itstrat metrics record\n',
        status: 2,
      });
    }
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).not.toContain('2030');
  });
});

describe('counts agree with their number in both languages', () => {
  type Case = [name: string, text: (n: number) => string, agrees: boolean];
  // Every count a message takes, varied alone with the others at 4 (plural). `agrees`: the words
  // around it change with it (singular for 1, plural for 0 and 2); otherwise they must not.
  const cases = (lang: Lang): Case[] => {
    const m = messages[lang];
    return [
      ['summary shown', (n) => m.summary(n, 4, 4, 4), false],
      ['summary total', (n) => m.summary(4, n, 4, 4), true],
      ['summary prioritized', (n) => m.summary(4, 4, n, 4), false],
      ['summary disagreements', (n) => m.summary(4, 4, 4, n), true],
      ['sensitivity borderline', (n) => m.sensitivity(n, { change: 'x+1', flips: 4 }, 4, 4), true],
      // No flips at all leave the clause out, so 0 stands in with 2.
      ['sensitivity flips', (n) => m.sensitivity(4, { change: 'x+1', flips: n === 0 ? 2 : n }, 4, 4), true],
      ['sensitivity stable', (n) => m.sensitivity(4, undefined, n, 4), true],
      ['sensitivity prioritized', (n) => m.sensitivity(4, undefined, 4, n), true],
      ['calibrated agreement', (n) => m.calibrated(n, 4, true, 4, 'search'), false],
      ['calibrated total', (n) => m.calibrated(4, n, true, 4, 'search'), true],
      ['calibrated evaluated', (n) => m.calibrated(4, 4, true, n, 'search'), true],
      ['calibrated solves', (n) => m.calibrated(4, 4, true, n, 'milp'), true],
      ['fmt formatted', (n) => m.fmt.formatted(n), true],
      ['fmt unchanged', (n) => m.fmt.unchanged(n), true],
      ['validate valid', (n) => m.validate.valid(n), true],
      ['validate warnings', (n) => m.validate.invalid(4, n, 4), true],
      ['validate files', (n) => m.validate.invalid(4, 4, n), true],
      ['report agreement agree', (n) => m.report.agreement(n, 4), true],
      ['report agreement total', (n) => m.report.agreement(4, n), true],
      ['report borderline', (n) => m.report.borderline(n), true],
      ['status fortschreibung', (n) => m.status.fortschreibung(n, '2030-01-01'), true],
      ['status overdue', (n) => m.status.overdue(n), true],
      ['status remaining', (n) => m.status.remaining(n), true],
      ['status stale', (n) => m.status.stale(n, '2020-01-01'), true],
      ['history walked entries', (n) => m.history.walked(4, n), true],
      ['history walked commits', (n) => m.history.walked(n, 4), true],
      ['history progress', (n) => m.history.progress(n, n), true],
      ['diff added', (n) => m.diff.counts(n, 4, 4, 4, 4), true],
      ['diff priority changes', (n) => m.diff.counts(4, 4, 4, 4, n), true],
      // Counts after a colon: the same words for every number.
      ['what-if summary', (n) => m.report.whatIfSummary.replace('{computed}', String(n)).replace('{decided}', String(n)), false],
    ];
  };
  const words = (text: string) => text.replace(/\d[\d.,]*/g, '#');

  for (const lang of langs)
    it.each(cases(lang))(`${lang}: %s`, (_, text, agrees) => {
      const [zero, one, two] = [0, 1, 2].map(text) as [string, string, string];
      expect(one).toMatch(/1/);
      expect(words(zero)).toBe(words(two));
      if (agrees) expect(words(one)).not.toBe(words(two));
      else expect(words(one)).toBe(words(two));
    });

  it('says "1 von 4 Commits betrifft" and "2 von 4 Commits betreffen"', () => {
    expect(messages.de.history.walked(4, 1)).toBe('1 von 4 Commits betrifft die Maßnahme.');
    expect(messages.de.history.walked(4, 2)).toBe('2 von 4 Commits betreffen die Maßnahme.');
    expect(messages.de.history.walked(1, 1)).toBe('1 von 1 Commit betrifft die Maßnahme.');
    expect(messages.en.history.walked(4, 1)).toBe('1 of 4 commits concerns the measure.');
    expect(messages.de.summary(1, 1, 1, 0)).toBe('1 von 1 Maßnahme, 1 priorisiert, 0 Abweichungen vom Beschluss');
    expect(messages.de.sensitivity(0, undefined, 1, 5)).toMatch(
      /; 1 von 5 priorisierten Maßnahmen hält jeder Einzeländerung bis ±10 stand\.$/,
    );
    expect(messages.de.report.agreement(1, 20)).toBe('1 von 20 beschlossenen Prioritäten folgt aus Gewichten und Schwelle.');
    expect(messages.de.status.fortschreibung(1, '1.1.2030')).toBe('Fortschreibung jedes Jahr: fällig am 1.1.2030');
  });
});
