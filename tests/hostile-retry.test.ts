// Cases found by re-trying the hardening as a hostile user, beyond those the issue listed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

const measure = (dir: string, id: string): string =>
  join(
    dir,
    'measures',
    readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!,
  );

describe('aliases', () => {
  it.each(['x: &a [*a]\n', 'a: &a {b: *a}\n', 'id: "1.1"\nscores: &s {strategy: *s}\n'])(
    'a structure that contains itself (%j) is one located finding, never a hang',
    (text) => {
      const dir = copyStrategy();
      writeFileSync(measure(dir, '1.1'), text);
      for (const args of [['validate'], ['score'], ['fmt', '--check']]) {
        const r = itstrat([...args, '--dir', dir], { env: { ITSTRAT_CACHE: '0' } });
        expect(r.status, args.join(' ')).toBe(1);
        expect(r.stdout + r.stderr).toMatch(/1\.1-[^:]+\.yaml:\d+:\d+ error alias \*\w+ lies inside its own anchor/);
      }
    },
  );

  it('fmt refuses a file with aliases (located) instead of crashing, and changes nothing', () => {
    const dir = copyStrategy();
    const file = measure(dir, '1.1');
    writeFileSync(
      file,
      'id: "1.1"\ntitle: Konsolidierung\nfield: eadministration\ncurrent_state: &same Gleicher Text\ndescription: *same\nsource: []\nrecommendation: x\nscores: {strategy: 4, quality: 3, security: 3, external: 0}\ndecision: prioritized\n',
    );
    expect(itstrat(['validate', '--dir', dir]).status).toBe(0);
    const before = readFileSync(file, 'utf8');
    for (const args of [['fmt'], ['fmt', '--check']]) {
      const r = itstrat([...args, '--dir', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/1\.1-[^:]+\.yaml:\d+:\d+ error fmt does not rewrite files with aliases \(\*same\)/);
      expect(r.stderr).not.toContain('internal error');
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('numbers written by metrics record', () => {
  it.each([
    ['tco-ratio', '0.0000001'],
    ['non-standard-procedures', '05'],
  ])('%s --value %s is refused before writing, so the strategy stays valid', (id, value) => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    const r = itstrat(['metrics', 'record', id, '--period', '2020', '--value', value, '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^itstrat: --value: /);
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
  });

  it('--weights and --top refuse leading zeros as the files do', () => {
    expect(itstrat(['score', '--weights', 'strategy=01']).status).toBe(2);
    expect(itstrat(['score', '--top', '03']).status).toBe(2);
  });
});

describe('fmt FILE reads the named file’s strategy folder like --dir', () => {
  it.each([
    ['a FIFO as leitplanken.yaml', (l: string) => spawnSync('mkfifo', [l]), 'not-a-file'],
    ['a link to /dev/zero', (l: string) => symlinkSync('/dev/zero', l), 'symlink-outside'],
    ['a link to a file outside', (l: string) => symlinkSync(join(copyStrategy(), 'leitplanken.yaml'), l), 'symlink-outside'],
  ])('%s: refused (exit 1), never read, nothing written', (_name, make, rule) => {
    const dir = copyStrategy();
    const lp = join(dir, 'leitplanken.yaml');
    spawnSync('rm', [lp]);
    make(lp);
    const file = measure(dir, '1.6');
    editFile(file, (t) => t.replace('id: "1.6"', "id: '1.6'"));
    const before = readFileSync(file, 'utf8');
    for (const args of [
      ['fmt', file],
      ['fmt', '--check', file],
    ]) {
      const r = itstrat(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(`[${rule}]`);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('a lock file that is not a lock', () => {
  it.each([
    ['a dangling link', (l: string) => symlinkSync('/nonexistent', l)],
    ['a FIFO', (l: string) => spawnSync('mkfifo', [l])],
    ['a link to /dev/zero', (l: string) => symlinkSync('/dev/zero', l)],
  ])('%s: every writer exits 2 at once naming it', (_name, make) => {
    const dir = copyStrategy();
    make(join(dir, '.itstrat.lock'));
    const r = itstrat(['metrics', 'record', 'it-costs', '--period', '2020', '--value', '5', '--dir', dir], {
      env: { ITSTRAT_LOCK_TIMEOUT: '500' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the lock .*\.itstrat\.lock is not a regular file/);
  });

  it('garbage with a time in the future is taken over like any unreadable old lock', () => {
    const dir = copyStrategy();
    const lock = join(dir, '.itstrat.lock');
    writeFileSync(lock, 'garbage\n');
    const future = new Date('2030-01-01T00:00:00Z');
    utimesSync(lock, future, future);
    expect(itstrat(['metrics', 'record', 'it-costs', '--period', '2020', '--value', '5', '--dir', dir]).status).toBe(0);
  });
});

describe('reading and writing edges', () => {
  it('status through a --dir that is a link inside the repository judges the real folder', () => {
    const g = gitdir();
    symlinkSync('strategy', join(g.dir, 'alias'));
    g.commit('init', '2020-01-01');
    const viaLink = itstrat(['--dir', 'alias', 'status', '--today', '2026-11-28', '--format', 'json'], { cwd: g.dir });
    const direct = itstrat(['--dir', 'strategy', 'status', '--today', '2026-11-28', '--format', 'json'], { cwd: g.dir });
    expect(viaLink.status).toBe(0);
    expect(JSON.parse(viaLink.stdout).review).toEqual(JSON.parse(direct.stdout).review);
    expect(JSON.parse(viaLink.stdout).review.uncommitted).toEqual([]);
  });

  it('a file far above the size limit is a finding without being read (a sparse 3 GiB file)', () => {
    const dir = copyStrategy();
    const big = join(dir, 'measures', '9.9-big.yaml');
    expect(spawnSync('truncate', ['-s', '3G', big]).status).toBe(0);
    const r = itstrat(['validate', '--dir', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { file: string; rule: string }[];
    expect(findings.filter((f) => f.file.endsWith('9.9-big.yaml')).map((f) => f.rule)).toEqual(['file-too-large']);
    spawnSync('rm', [big]);
  });

  it('thousands of unknown keys: the first 100 are located, one finding counts the rest; duplicates still found', () => {
    const dir = copyStrategy();
    const file = measure(dir, '1.1');
    editFile(file, (t) => `${t}${Array.from({ length: 5000 }, (_, i) => `k${i}: ${i}\n`).join('')}k7: again\n`);
    const r = itstrat(['validate', '--dir', dir, '--format', 'json'], { env: { ITSTRAT_CACHE: '0' } });
    const findings = JSON.parse(r.stdout).findings as { rule: string; message: string }[];
    expect(findings.map((f) => f.rule)).toEqual(['duplicate-key']);
    editFile(file, (t) => t.replace('k7: again\n', ''));
    const again = JSON.parse(itstrat(['validate', '--dir', dir, '--format', 'json'], { env: { ITSTRAT_CACHE: '0' } }).stdout).findings as {
      rule: string;
      message: string;
    }[];
    expect(again.filter((f) => f.rule === 'unknown-key')).toHaveLength(100);
    expect(again.filter((f) => f.rule === 'too-many-findings').map((f) => f.message)).toEqual([
      '4900 more schema errors in this file not listed; fix the ones above first',
    ]);
  });

  it('a folder named like a stale temp file never blocks a write', () => {
    const dir = copyStrategy();
    mkdirSync(join(dir, '.metrics.yaml.itstrat-999999-abcd.tmp'));
    expect(itstrat(['metrics', 'record', 'it-costs', '--period', '2020', '--value', '5', '--dir', dir]).status).toBe(0);
  });

  it('fmt checks every file before the first write: a read-only one stops the run with nothing written', () => {
    const dir = copyStrategy();
    const a = measure(dir, '1.1');
    const b = measure(dir, '4.1');
    for (const f of [a, b]) editFile(f, (t) => t.replace(/^id: "(\d+\.\d+)"/m, "id: '$1'"));
    chmodSync(b, 0o444);
    const before = readFileSync(a, 'utf8');
    const r = itstrat(['fmt', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/read-only; nothing was written/);
    expect(readFileSync(a, 'utf8')).toBe(before);
  });

  it('a due date past the year 9999 is written as a plain date', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t
        .replace(/^date: .*$/m, 'date: "9999-12-31"')
        .replace(/^(\s+)date: "\d{4}-\d{2}-\d{2}"/m, '$1date: "9999-12-31"')
        .replace(/fortschreibung_years: \d+/, 'fortschreibung_years: 20'),
    );
    const r = itstrat(['status', '--dir', dir, '--format', 'json', '--today', '2030-01-01']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).fortschreibung.due).toBe('10019-12-31');
  });
});
