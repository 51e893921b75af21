import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile, itstrat, root, type CliRun } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { itstratInProcess } from './helpers/in-process.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

describe('the command line', () => {
  it('prints the version', () => {
    for (const flag of ['--version', '-V']) {
      const run = itstrat([flag]);
      expect(run).toEqual({ stdout: `${pkg.version}\n`, stderr: '', status: 0 });
    }
  });

  it('shows help with commands, global options and exit codes', () => {
    const run = itstrat(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: itstrat \[options\] \[command\]/);
    for (const text of ['validate', 'score', 'calibrate', '--dir <dir>', '$ITSTRAT_DIR', '--lang <lang>', 'Exit codes:'])
      expect(run.stdout).toContain(text);
  });

  it('shows help for each command, including the global --dir', () => {
    for (const command of ['validate', 'score', 'calibrate']) {
      const run = itstrat([command, '--help']);
      expect(run.status, command).toBe(0);
      expect(run.stdout).toContain(`Usage: itstrat ${command} [options]`);
      expect(run.stdout).toContain('--dir <dir>');
      expect(run.stdout).toContain('--format <format>');
    }
  });

  it('accepts --dir before and after the command, and falls back to $ITSTRAT_DIR, else ./strategy', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('  strategy: 3', '  strategy: 9'));
    expect(itstrat(['--dir', dir, 'validate']).status).toBe(1);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(1);
    expect(itstrat(['validate'], { env: { ITSTRAT_DIR: dir } }).status).toBe(1);
    expect(itstrat(['validate', '--dir', 'strategy'], { env: { ITSTRAT_DIR: dir } }).status).toBe(0);
    expect(itstrat(['validate']).status).toBe(0);
    expect(itstrat(['validate'], { cwd: join(dir, '..') }).status).toBe(1);
  });

  it('speaks German by default (the strategy language) and English with --lang en', () => {
    expect(itstrat(['validate']).stdout).toBe('✔ 58 Dateien gültig\n');
    expect(itstrat(['validate', '--lang', 'en']).stdout).toBe('✔ 58 files valid\n');
    expect(itstrat(['--lang', 'en', 'score', '--top', '1']).stdout).toContain('1 of 54 measures');
  });

  it('exits 2 with a clear message when the folder does not exist', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'itstrat-')), 'nowhere');
    const run = itstrat(['validate', '--dir', missing]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`itstrat: strategy folder ${missing} does not exist (set it with --dir or ITSTRAT_DIR)\n`);
  });

  it('reports missing top-level files as findings', () => {
    const empty = mkdtempSync(join(tmpdir(), 'itstrat-'));
    const run = itstrat(['validate', '--dir', empty]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${empty}/strategy.yaml:1:1 error missing file strategy.yaml`);
    expect(run.stdout).toContain('[missing-file]');
  });

  it('exits 2 on unknown commands, options and format values', () => {
    for (const args of [['nonsense'], ['validate', '--bogus'], ['validate', '--format', 'xml'], ['--lang', 'fr', 'score']]) {
      const run = itstrat(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(itstrat(['validate', '--format', 'xml']).stderr).toContain('Allowed choices are text, json, github, junit');
  });

  it('shows a stack trace only with --verbose', () => {
    const missing = join(tmpdir(), 'itstrat-missing-folder');
    expect(itstrat(['validate', '--dir', missing]).stderr).not.toMatch(/\n\s+at /);
    expect(itstrat(['validate', '--dir', missing, '--verbose']).stderr).toMatch(/\n\s+at /);
  });

  it('names the TypeScript source lines in a --verbose trace, though the bundle is minified', () => {
    const { stderr } = itstrat(['validate', '--dir', join(tmpdir(), 'itstrat-missing-folder'), '--verbose']);
    expect(stderr).toMatch(/\n\s+at \S+ \(\S*src\/read\/read-strategy-dir\.ts:\d+:\d+\)/);
    expect(stderr).not.toContain('itstrat.cjs:');
  });
});

// Most command tests run in process (helpers/in-process.ts). These run every command once through
// the built binary, as a user does: exact stdout, stderr and exit status, a success and an error
// path each. Where the output is long, it must equal the in-process run's byte for byte, so the
// in-process tests speak for the bundle too.
describe('every command through the built binary', () => {
  const bare = (r: CliRun): CliRun => ({ stdout: r.stdout, stderr: r.stderr, status: r.status });

  it('validate', async () => {
    expect(itstrat(['validate'])).toEqual({ stdout: '✔ 58 Dateien gültig\n', stderr: '', status: 0 });
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('  strategy: 3', '  strategy: 9'));
    const r = itstrat(['validate', '--dir', dir, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `${dir}/measures/1.6-evergabe.yaml:15:13 error scores.strategy must be at most 4 (found 9) [score-range]\n✖ 1 error, 0 warnings in 58 files\n`,
    );
    expect(r).toEqual(bare(await itstratInProcess(['validate', '--dir', dir, '--lang', 'en'])));
  });

  it('score', async () => {
    expect(itstrat(['score', '--top', '2', '--format', 'csv'])).toEqual({
      stdout:
        // CSV lines end in CRLF (RFC 4180).
        'id,title,field,strategy,quality,security,external,score,percent,rank,prioritized,decision\r\n' +
        '2.1,Portal Strategie entwickeln und umsetzen / Einführung Service- und Bürgerkonto,kundenschnittstelle,4,2,2,3,29,80.6,1,true,prioritized\r\n' +
        '4.20,Notfall- und Krisenmanagement,organisation,4,2,4,2,28,77.8,2,true,prioritized\r\n',
      stderr: '',
      status: 0,
    });
    const table = itstrat(['score']);
    expect(table).toEqual(bare(await itstratInProcess(['score'])));
    expect(table.stdout).toContain('Notfall- und Krisenmanagement');
    expect(itstrat(['score', '--weights', 'bogus'])).toEqual({
      stdout: '',
      stderr:
        'itstrat: --weights: cannot read "bogus"; expected id=n,… with a Leitplanke id (strategy, quality, security, external) and a whole number from 0 to 1000, e.g. --weights strategy=3\n',
      status: 2,
    });
  });

  it('calibrate', async () => {
    const r = itstrat(['calibrate', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      weights: { strategy: 4, quality: 1, security: 1, external: 3 },
      threshold: 19,
      agreement: 54,
      total: 54,
      disagreements: [],
      exact: true,
      evaluated: 10000,
      method: 'search',
      written: null,
    });
    expect(r).toEqual(bare(await itstratInProcess(['calibrate', '--format', 'json'])));
    expect(itstrat(['calibrate', '--min-weight', 'x'])).toEqual({
      stdout: '',
      stderr: 'itstrat: --min-weight: expected a whole number from 0 to 1000 (found "x")\n',
      status: 2,
    });
  });

  /** A repository whose second commit raises 1.6's strategy score from 3 to 4. */
  const repo = () => {
    const g = gitdir();
    const first = g.commit('first', '2020-01-15');
    g.edit('strategy/measures/1.6-evergabe.yaml', (t) => t.replace('  strategy: 3', '  strategy: 4'));
    const second = g.commit('second', '2020-02-15');
    return { g, first, second };
  };

  it('diff', async () => {
    const { g, first, second } = repo();
    const r = itstrat(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], { cwd: g.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      from: { ref: 'HEAD~1', commit: first },
      to: { ref: 'HEAD', commit: second },
      added: [],
      removed: [],
      changed: [{ id: '1.6', title: 'Einführung eVergabe', changes: [{ path: 'scores.strategy', from: 3, to: 4 }] }],
    });
    const table = itstrat(['diff', 'HEAD~1', 'HEAD', '--lang', 'en'], { cwd: g.dir });
    expect(table).toEqual(bare(await itstratInProcess(['diff', 'HEAD~1', 'HEAD', '--lang', 'en', '--dir', join(g.dir, 'strategy')])));
    expect(table.stdout).toContain('1 changed (1 rescored); 1 priority change');
    expect(itstrat(['diff', 'nonexistent'], { cwd: g.dir })).toEqual({
      stdout: '',
      stderr: 'itstrat: unknown revision "nonexistent"; expected a branch, tag or commit of this repository\n',
      status: 2,
    });
  });

  it('history', async () => {
    const { g, first, second } = repo();
    const r = itstrat(['history', '1.6', '--format', 'json'], { cwd: g.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const commits = JSON.stringify(JSON.parse(r.stdout));
    expect(commits.indexOf(first)).toBeGreaterThan(-1);
    expect(commits.indexOf(second)).toBeGreaterThan(commits.indexOf(first));
    const table = itstrat(['history', '1.6', '--lang', 'en'], { cwd: g.dir });
    expect(table.stdout).toMatch(/^Measure 1\.6 – Einführung eVergabe\n/);
    expect(table.stdout).toContain('2 of 2 commits concern the measure.\n');
    expect(itstrat(['history', '9.9'], { cwd: g.dir })).toEqual({
      stdout: '',
      stderr: 'itstrat: measure 9.9 does not appear in the history of strategy up to HEAD\n',
      status: 2,
    });
  });

  it('status', async () => {
    const { g } = repo();
    const r = itstrat(['status', '--today', '2022-01-10', '--lang', 'en'], { cwd: g.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Fortschreibung every 3 years: due 2021-12-11 – overdue by 30 days\n');
    expect(r).toEqual(bare(await itstratInProcess(['status', '--today', '2022-01-10', '--lang', 'en', '--dir', join(g.dir, 'strategy')])));
    expect(itstrat(['status', '--today', '2020-13-01'], { cwd: g.dir })).toEqual({
      stdout: '',
      stderr: 'itstrat: --today: expected YYYY-MM-DD, a real calendar date (found "2020-13-01": there is no month 13)\n',
      status: 2,
    });
  });

  it('report', () => {
    const r = itstrat(['report', '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, 'tests', 'golden', 'report.en.md'), 'utf8'));
    expect(itstrat(['report', '--date', '28.11.2026'])).toEqual({
      stdout: '',
      stderr: 'itstrat: --date: expected YYYY-MM-DD, a real calendar date (found "28.11.2026")\n',
      status: 2,
    });
  });

  it('init', () => {
    const target = join(mkdtempSync(join(tmpdir(), 'itstrat-init-')), 'new');
    expect(itstrat(['init', target, '--date', '2020-01-01'])).toEqual({
      stdout: ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml', 'measures', '.schema'].map((f) => `${target}/${f}\n`).join(''),
      stderr: '',
      status: 0,
    });
    expect(itstrat(['validate', '--dir', target]).status).toBe(0);
    expect(itstrat(['init', target])).toEqual({
      stdout: '',
      stderr: `itstrat: ${target} exists and is not empty; choose a new folder for the strategy\n`,
      status: 2,
    });
  });

  it('new measure', () => {
    const dir = copyStrategy();
    expect(itstrat(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Neu'])).toEqual({
      stdout: `Maßnahme 3.13 angelegt: ${dir}/measures/3.13-neu.yaml\n`,
      stderr: '',
      status: 0,
    });
    expect(readFileSync(join(dir, 'measures', '3.13-neu.yaml'), 'utf8')).toContain('title: Neu\n');
    expect(itstrat(['new', 'measure', '--dir', dir, '--field', 'tech', '--title', 'X'])).toEqual({
      stdout: '',
      stderr:
        'itstrat: --field: unknown Handlungsfeld tech — did you mean technik? (valid ids, numbers and names: 1 eadministration (eAdministration), 2 kundenschnittstelle (Kundenschnittstelle), 3 technik (Technik & Infrastruktur), 4 organisation (IT-Organisation und Prozesse), 5 uebergeordnet (Übergeordnete Themen))\n',
      status: 2,
    });
  });

  it('metrics', async () => {
    const r = itstrat(['metrics', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r).toEqual(bare(await itstratInProcess(['metrics', '--format', 'json'])));
    expect((JSON.parse(r.stdout) as { metrics: { id: string }[] }).metrics.map((m) => m.id)).toContain('tco-ratio');
    expect(itstrat(['metrics', '--format', 'xml'])).toEqual({
      stdout: '',
      stderr:
        "error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are table, json.\n(run with --help for usage)\n",
      status: 2,
    });
  });

  it('metrics record', () => {
    const dir = copyStrategy();
    expect(itstrat(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2030', '--value', '2'])).toEqual({
      stdout: `Wert für tco-ratio (2030) in ${dir}/metrics.yaml eingetragen.\n`,
      stderr: '',
      status: 0,
    });
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toContain('\n      - {period: "2030", value: 2}\n');
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    expect(itstrat(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2030x', '--value', '2'])).toEqual({
      stdout: '',
      stderr: 'itstrat: --period: expected YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD, a real calendar period (found "2030x")\n',
      status: 2,
    });
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
  });

  it('fmt', () => {
    const dir = copyStrategy();
    expect(itstrat(['fmt', '--check', '--dir', dir])).toEqual({ stdout: '58 Dateien sind bereits kanonisch.\n', stderr: '', status: 0 });
    const file = join(dir, 'measures', '1.6-evergabe.yaml');
    editFile(file, (t) => t.replace('id: "1.6"', "id: '1.6'"));
    expect(itstrat(['fmt', '--check', '--dir', dir])).toEqual({
      stdout: `nicht im kanonischen Format:\n  ${file}\n`,
      stderr: '',
      status: 1,
    });
    expect(itstrat(['fmt', '--dir', dir])).toEqual({ stdout: '1 Datei formatiert.\n', stderr: '', status: 0 });
    const outside = join(mkdtempSync(join(tmpdir(), 'itstrat-')), 'nothing.yaml');
    expect(itstrat(['fmt', '--check', outside])).toEqual({
      stdout: '',
      stderr: `itstrat: ${outside} is not a strategy file (expected strategy.yaml, leitplanken.yaml, metrics.yaml, requirements.yaml or measures/*.yaml)\n`,
      status: 2,
    });
  });
});
