// Hostile re-try of issue 12 ("In the user's world"): cases the issue did not list, each failing
// against the promises of the README sections Terminal output, Finding the strategy, Pipes and
// signals, --excel, --field and completion.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, cpSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { inTerminal } from './helpers/pty.js';

const bin = join(root, 'bin/itstrat.js');

/** Terminal columns of a line (wide East Asian characters count two; the cases here use none). */
const columns = (line: string): number => [...line].length;
const overlong = (screen: string, width: number): string[] => screen.split('\n').filter((l) => columns(l) > width);

const measureFile = (dir: string, id: string): string =>
  join(
    dir,
    'measures',
    readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!,
  );

const setTitle = (dir: string, id: string, title: string): void =>
  editFile(measureFile(dir, id), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`));

/** Runs the binary in a folder that is deleted just before node starts (a `rm -rf` in another shell). */
function inDeletedFolder(args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'itstrat-gone-'));
  const r = spawnSync('sh', ['-c', 'rmdir "$PWD" && exec "$0" "$@"', process.execPath, bin, ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('signals', () => {
  it('Ctrl-C and SIGTERM stop `report --out FIFO` at once while no reader has opened it, and nothing is written after the signal', async () => {
    const fifoDir = mkdtempSync(join(tmpdir(), 'itstrat-fifo-'));
    const fifo = join(fifoDir, 'out');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [bin, 'report', '--out', fifo, '--dir', bundled], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FORCE_COLOR: '0' },
      stdio: 'ignore',
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const outcome = await Promise.race([ended, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 3000))]);
    // Clean up whatever happened: a reader that opens and closes the FIFO unblocks the writer.
    if (outcome === 'still running') {
      child.kill('SIGKILL');
      try {
        closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
      } catch {
        /* already gone */
      }
      await ended;
    }
    expect(outcome, 'SIGINT while report --out waits on a FIFO without a reader').toEqual({ code: null, signal: 'SIGINT' });
  }, 20_000);
});

describe('a current folder that was deleted', () => {
  it('`fmt --check FILE` with an absolute FILE needs no strategy where it runs, and completion still completes', () => {
    const dir = copyStrategy();
    const fmt = inDeletedFolder(['fmt', '--check', join(dir, 'strategy.yaml')]);
    expect(fmt.stderr).not.toMatch(/cannot search for the strategy/);
    expect(fmt.status).toBe(0);
    // Completion of a command name needs no strategy at all; with --dir on the line it has one.
    const commands = inDeletedFolder(['completion', '--complete', '--', 'sc']);
    expect(commands.stderr).toBe('');
    expect(commands.stdout.split('\n')).toContain('score');
    const ids = inDeletedFolder(['completion', '--complete', '--', 'score', '--dir', dir, '--field', '']);
    expect(ids.stderr).toBe('');
    expect(ids.stdout.split('\n')).toContain('kundenschnittstelle');
  });
});

describe('completion', () => {
  it('reads the --dir on the line as bash and zsh hand it over: `~/…` and quoted paths with spaces', () => {
    const home = mkdtempSync(join(tmpdir(), 'itstrat-home-'));
    cpSync(bundled, join(home, 'my strategy'), { recursive: true });
    cpSync(bundled, join(home, 'strat'), { recursive: true });
    // bash's COMP_WORDS (and zsh's words) keep the text as typed: no tilde expansion, quotes kept.
    for (const typed of ['~/strat', `"${home}/my strategy"`, `'${home}/my strategy'`, `${home}/my\\ strategy`]) {
      const r = itstrat(['completion', '--complete', '--', 'score', '--dir', typed, '--field', ''], {
        cwd: tmpdir(),
        env: { HOME: home },
      });
      expect(r.stdout.split('\n'), `--dir ${typed}`).toContain('kundenschnittstelle');
    }
  });
});

describe('diff shortens long values', () => {
  const setup = () => {
    const g = gitdir();
    g.commit('start');
    const value = `${'A'.repeat(76)}😀${'B'.repeat(10)}`;
    const r = itstrat(['metrics', 'record', 'open-regulatory-requirements', '--period', '2020', '--value', value], { cwd: g.dir });
    expect(r.status, r.stderr).toBe(0);
    return { g, value };
  };

  it('never cuts a character in half: no lone surrogate (`\\uD83D`) in the table or the Änderungsbericht', () => {
    const { g } = setup();
    for (const format of ['table', 'markdown']) {
      const r = itstrat(['diff', 'HEAD', '--format', format], { cwd: g.dir });
      expect(r.stdout, format).toContain('AAAAAAAA');
      expect(r.stdout, format).not.toMatch(/\\u[dD][89abAB][0-9a-fA-F]{2}|\uFFFD/);
    }
  });

  it('piped, the diff table shows the whole value ("never wrapped, shortened or cut")', () => {
    const { g, value } = setup();
    const r = itstrat(['diff', 'HEAD'], { cwd: g.dir });
    expect(r.stdout).toContain(value);
  });
});

describe('--excel', () => {
  it('writes text that German Excel would read as a number, percentage, date or boolean so it stays text', () => {
    const dir = copyStrategy();
    // Each of these is turned by German Excel on a double-click: 1,00E+05; 50 %; -5; WAHR; 01.05.2020; 5,00 €.
    const titles = { '1.1': '1e5', '1.2': '50%', '1.3': '(5)', '1.4': 'WAHR', '1.5': 'Mai 2020', '1.6': '5 €' };
    for (const [id, title] of Object.entries(titles)) setTitle(dir, id, title);
    const r = itstrat(['score', '--format', 'csv', '--excel', '--sort', 'id', '--dir', dir]);
    expect(r.status).toBe(0);
    const cells = r.stdout
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .map((line) => line.split(';')[1]);
    for (const title of Object.values(titles)) {
      expect(cells, `title ${title} is written as a bare cell`).not.toContain(title);
    }
  });
});

describe('help in a real terminal', () => {
  it('`itstrat --help`, a command help and an epilogue fit 80 and 60 columns', () => {
    const cases: [number, string[]][] = [
      [80, ['--help']],
      [80, ['completion', '--help']],
      [80, ['metrics', 'record', '--help']],
      [60, ['score', '--help']],
    ];
    const failures = cases
      .map(([width, args]) => ({ width, args, over: overlong(inTerminal(width, args).screen, width) }))
      .filter((c) => c.over.length > 0)
      .map((c) => `${c.width} cols, itstrat ${c.args.join(' ')}: ${c.over.length} lines wider, e.g. ${JSON.stringify(c.over[0])}`);
    expect(failures).toEqual([]);
  });
});

describe('progress in a narrow terminal', () => {
  it('the calibrate progress line fits a 40-column terminal, so rewriting it in place works', () => {
    const command = `stty cols 40 rows 40 && exec '${process.execPath}' '${bin}' calibrate --max-weight 30 --dir '${bundled}' >/dev/null`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TERM: 'xterm' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const segments = r.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').split(/\r|\n/);
    expect(
      segments.some((s) => s.includes('Kalibrierung')),
      'progress shown at all',
    ).toBe(true);
    expect(segments.filter((s) => columns(s) > 40)).toEqual([]);
  }, 60_000);
});

describe('very narrow terminals', () => {
  it('the block layout ("nothing is lost at any width") stays within 24 columns', () => {
    for (const args of [['score', '--top', '2'], ['metrics']]) {
      const { screen } = inTerminal(24, args);
      expect(overlong(screen, 24), args.join(' ')).toEqual([]);
    }
  });
});

describe('--field by name', () => {
  it('ignores spacing as documented: Technik&Infrastruktur, UbergeordneteThemen', () => {
    for (const [typed, id] of [
      ['Technik&Infrastruktur', 'technik'],
      ['UbergeordneteThemen', 'uebergeordnet'],
    ] as const) {
      const r = itstrat(['score', '--field', typed, '--format', 'json']);
      expect(r.stderr, typed).toBe('');
      expect(new Set((JSON.parse(r.stdout) as { measures: { field: string }[] }).measures.map((m) => m.field))).toEqual(new Set([id]));
    }
  });
});
