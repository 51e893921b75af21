// Issue 12 §3: without --dir or $ITSTRAT_DIR the strategy is found like git finds .git — from the
// current folder upward. Real processes, since the working directory is the subject.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';

/** A project: strategy/ committed twice (1.6 rescored), a sibling src/, and uncommitted 1.2 edit. */
function project(): GitDir {
  const g = gitdir();
  mkdirSync(join(g.dir, 'src'));
  g.write('src/main.txt', 'code\n');
  g.commit('2018', '2018-12-11');
  g.edit('strategy/measures/1.6-evergabe.yaml', (t) => t.replace('  external: 1', '  external: 4'));
  g.commit('rescore 1.6', '2020-03-01');
  return g;
}

/** Every command, reading or writing (writers with --dry-run / --check), with its arguments. */
const runs: string[][] = [
  ['validate'],
  ['validate', '--format', 'json'],
  ['score', '--top', '5'],
  ['score', '--format', 'csv'],
  ['calibrate', '--format', 'json'],
  ['diff', 'HEAD~1', '--format', 'json'],
  ['diff', 'HEAD~1', 'HEAD', '--format', 'markdown'],
  ['history', '1.6', '--format', 'json'],
  ['status', '--today', '2021-01-01', '--format', 'json'],
  ['report', '--format', 'markdown'],
  ['metrics', '--format', 'json'],
  ['new', 'measure', '--field', 'technik', '--title', 'Neue Maßnahme', '--dry-run'],
  ['metrics', 'record', 'it-costs', '--period', '2031', '--value', '1', '--dry-run'],
  ['fmt', '--check'],
];

describe('finding the strategy from a subfolder', () => {
  it('runs every command from strategy/measures/ and from a sibling src/ as from the project folder', () => {
    const g = project();
    for (const args of runs) {
      const top = itstrat(args, { cwd: g.dir });
      // calibrate exits 1: the rescored 1.6 no longer agrees with its decision.
      expect([0, 1], `${args.join(' ')} from the project folder: ${top.stderr}`).toContain(top.status);
      for (const sub of ['strategy/measures', 'src']) {
        const run = itstrat(args, { cwd: join(g.dir, sub) });
        // A --dry-run diff names the files relative to where it runs; everything else is the same.
        const expected = args.includes('--dry-run')
          ? top.stdout.replaceAll('strategy/', sub === 'src' ? '../strategy/' : '../')
          : top.stdout;
        expect(run, `${args.join(' ')} from ${sub}`).toEqual({
          ...top,
          stdout: expected,
        });
      }
    }
  }, 180_000);

  it('locates findings from a subfolder so that they name the right file', () => {
    const g = project();
    g.edit('strategy/measures/1.2-e-akte-dokumentenmanagement-system.yaml', (t) => t.replace('security: 2', 'security: 7'));
    const top = itstrat(['validate', '--format', 'json'], { cwd: g.dir });
    expect(top.status).toBe(1);
    const file = (run: { stdout: string }) => (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings[0]!.file;
    for (const sub of ['strategy/measures', 'strategy', 'src']) {
      const run = itstrat(['validate', '--format', 'json'], { cwd: join(g.dir, sub) });
      expect(run.status).toBe(1);
      expect(resolve(g.dir, sub, file(run)), sub).toBe(resolve(g.dir, file(top)));
    }
    // From inside measures/ the text finding is the bare file name, as a terminal user can open it.
    expect(itstrat(['validate'], { cwd: join(g.dir, 'strategy/measures') }).stdout).toMatch(
      /^1\.2-e-akte-dokumentenmanagement-system\.yaml:17:13 error scores\.security/m,
    );
  });

  it('writes --out relative to the current folder, not to the strategy', () => {
    const g = project();
    const run = itstrat(['report', '--format', 'markdown', '--out', 'report.md'], { cwd: join(g.dir, 'src') });
    expect(run).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(readFileSync(join(g.dir, 'src', 'report.md'), 'utf8')).toBe(itstrat(['report', '--format', 'markdown'], { cwd: g.dir }).stdout);
    // From inside the strategy, a relative --out that lands in it is still refused.
    const inside = itstrat(['report', '--out', 'r.md'], { cwd: join(g.dir, 'strategy/measures') });
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('refusing to write into the strategy folder');
    expect(existsSync(join(g.dir, 'strategy/measures/r.md'))).toBe(false);
  });

  it('writes new files into the strategy found, from any subfolder', () => {
    const g = project();
    const run = itstrat(['new', 'measure', '--field', 'technik', '--title', 'Neue Maßnahme'], { cwd: join(g.dir, 'src') });
    expect(run.status, run.stderr).toBe(0);
    expect(g.git(['status', '--porcelain'])).toMatch(/^\?\? strategy\/measures\/3\.\d+-neue-massnahme\.yaml$/m);
    expect(existsSync(join(g.dir, 'src', 'measures'))).toBe(false);
  });

  it('uses the folder it stands in when that holds strategy.yaml, before a strategy/ beside it', () => {
    const outer = mkdtempSync(join(tmpdir(), 'itstrat-nest-'));
    cpSync(bundled, outer, { recursive: true });
    // A second strategy below the first: from the outer folder, the outer one (it holds strategy.yaml) wins.
    cpSync(bundled, join(outer, 'strategy'), { recursive: true });
    editFile(join(outer, 'strategy', 'strategy.yaml'), (t) => t.replace(/^title: .*$/m, 'title: Innere Strategie'));
    const status = (cwd: string) => itstrat(['status', '--format', 'json', '--today', '2021-01-01'], { cwd });
    expect(status(outer).stdout).toContain('IT-Strategie 2018');
    expect(status(join(outer, 'measures')).stdout).toContain('IT-Strategie 2018');
    // From inside the inner strategy, the nearest is the inner one.
    expect(status(join(outer, 'strategy', 'measures')).stdout).toContain('Innere Strategie');
  });

  it('says where it looked when there is no strategy anywhere up, and suggests --dir and init', () => {
    const deep = join(mkdtempSync(join(tmpdir(), 'itstrat-none-')), 'a', 'b');
    mkdirSync(deep, { recursive: true });
    for (const args of [
      ['validate'],
      ['score'],
      ['status'],
      ['diff', 'HEAD'],
      ['history', '1.2'],
      ['new', 'measure', '--field', 'x', '--title', 'y'],
    ]) {
      const run = itstrat(args, { cwd: deep });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `itstrat: no strategy found: looked for strategy.yaml and strategy/strategy.yaml in ${deep} and every folder above it up to /; name the strategy folder with --dir DIR (or $ITSTRAT_DIR), or create one with itstrat init\n`,
      );
    }
    // A current folder that was removed: one line, and an absolute --dir still works from there.
    const gone = (args: string) =>
      spawnSync(
        'bash',
        ['-c', `mkdir gone && cd gone && rmdir ../gone && exec "$@" ${args}`, 'bash', process.execPath, join(root, 'bin/itstrat.js')],
        {
          cwd: mkdtempSync(join(tmpdir(), 'itstrat-gone-')),
          env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ITSTRAT_CACHE: '0' },
          encoding: 'utf8',
        },
      );
    const lost = gone('validate');
    expect({ status: lost.status, stdout: lost.stdout }).toEqual({ status: 2, stdout: '' });
    expect(lost.stderr).toMatch(/^itstrat: cannot search for the strategy: the current folder is gone \([^\n]*\); name it with --dir\n$/);
    expect(gone(`validate --dir ${bundled}`)).toMatchObject({ status: 0, stderr: '' });
    // fmt with named files needs no strategy where it stands.
    const other = copyStrategy();
    expect(itstrat(['fmt', '--check', join(other, 'leitplanken.yaml')], { cwd: deep }).status).toBe(0);
  });

  it('gives --dir, then $ITSTRAT_DIR, precedence over the search', () => {
    const g = project();
    const other = copyStrategy();
    editFile(join(other, 'strategy.yaml'), (t) => t.replace(/^title: .*$/m, 'title: Andere Strategie'));
    const title = (run: { stdout: string; status: number | null }) => {
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as { title: string }).title;
    };
    const status = ['status', '--format', 'json', '--today', '2021-01-01'];
    const cwd = join(g.dir, 'src');
    expect(title(itstrat(status, { cwd }))).toContain('IT-Strategie 2018');
    expect(title(itstrat(status, { cwd, env: { ITSTRAT_DIR: other } }))).toBe('Andere Strategie');
    expect(title(itstrat([...status, '--dir', '../strategy'], { cwd, env: { ITSTRAT_DIR: other } }))).toContain('IT-Strategie 2018');
    // An empty $ITSTRAT_DIR is no folder: the search applies.
    expect(title(itstrat(status, { cwd, env: { ITSTRAT_DIR: '' } }))).toContain('IT-Strategie 2018');
    // A --dir that does not exist is an error, not a reason to search.
    expect(itstrat([...status, '--dir', 'nowhere'], { cwd }).status).toBe(2);
  }, 60_000);

  it('answers a folder given as an argument with the --dir that was meant', () => {
    const g = project();
    const cases: [string, string[], string][] = [
      [
        '.',
        ['score', 'strategy'],
        'itstrat: score takes no folder argument; to use the strategy in strategy, name it with --dir: itstrat score --dir strategy\n',
      ],
      [
        '.',
        ['validate', 'strategy/measures'],
        'itstrat: validate takes no folder argument; to use the strategy in strategy, name it with --dir: itstrat validate --dir strategy\n',
      ],
      [
        'src',
        ['history', '1.6', '../strategy'],
        'itstrat: history takes no further folder argument; to use the strategy in ../strategy, name it with --dir: itstrat history 1.6 --dir ../strategy\n',
      ],
    ];
    for (const [cwd, args, stderr] of cases)
      expect(itstrat(args, { cwd: join(g.dir, cwd) }), args.join(' ')).toEqual({ stdout: '', stderr, status: 2 });
    const none = mkdtempSync(join(tmpdir(), 'itstrat-plain-'));
    expect(itstrat(['score', none], { cwd: g.dir }).stderr).toBe(
      `itstrat: score takes no folder argument; the strategy folder is named with --dir, but neither ${none} nor a folder above it holds a strategy\n`,
    );
    // Not a folder: commander's own message, still exit 2.
    expect(itstrat(['score', 'nonsense'], { cwd: g.dir })).toEqual({
      stdout: '',
      stderr: "error: too many arguments for 'score'. Expected 0 arguments but got 1.\n(run with --help for usage)\n",
      status: 2,
    });
  });

  it('init creates ./strategy where no strategy is found, and refuses below an existing one unless a folder is named', () => {
    const empty = mkdtempSync(join(tmpdir(), 'itstrat-init-'));
    expect(itstrat(['init', '--date', '2021-01-01'], { cwd: empty }).status).toBe(0);
    expect(existsSync(join(empty, 'strategy', 'strategy.yaml'))).toBe(true);

    const g = project();
    for (const sub of ['src', 'strategy/measures']) {
      const run = itstrat(['init', '--date', '2021-01-01'], { cwd: join(g.dir, sub) });
      expect(run.status, sub).toBe(2);
      expect(run.stderr).toMatch(
        /^itstrat: there is already a strategy in \.\.(\/strategy)?, which itstrat finds from here; itstrat init would create another one in strategy/,
      );
      expect(existsSync(join(g.dir, sub, 'strategy'))).toBe(false);
    }
    // Named on purpose, it is created.
    expect(itstrat(['init', 'second', '--date', '2021-01-01'], { cwd: join(g.dir, 'src') }).status).toBe(0);
    expect(existsSync(join(g.dir, 'src', 'second', 'strategy.yaml'))).toBe(true);
  });

  it('reads git from a subfolder: diff, history and status see the same repository and folder', () => {
    const g = project();
    writeFileSync(
      join(g.dir, 'strategy', 'measures', '1.6-evergabe.yaml'),
      g.read('strategy/measures/1.6-evergabe.yaml').replace('  quality: 1', '  quality: 3'),
    );
    for (const args of [
      ['diff', 'HEAD~1', '--format', 'json'],
      ['diff', 'HEAD', '--format', 'json'],
      ['history', '1.6', '--format', 'json'],
      ['status', '--today', '2020-06-01', '--format', 'json'],
    ]) {
      const top = itstrat(args, { cwd: g.dir });
      expect(top.status, top.stderr).toBe(0);
      for (const sub of ['strategy/measures', 'src'])
        expect(itstrat(args, { cwd: join(g.dir, sub) }), `${args.join(' ')} from ${sub}`).toEqual(top);
    }
  }, 90_000);
});
