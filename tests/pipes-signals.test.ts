// Issue 12 §2: pipes and signals, with real processes. A reader that is gone (`| head`, a closed
// pipe) ends any command quietly with 0; Ctrl-C and SIGTERM stop a long command at once, write
// nothing, let go of the strategy lock and end the process by that signal (the shell shows 130/143).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/registry.js';
import { bundled, copyStrategy, editFile, root } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';

const bin = join(root, 'bin/itstrat.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FORCE_COLOR: '0', ITSTRAT_CACHE_DIR: cacheDir };

/** A git repository with two commits (1.6 rescored), so diff and history have something to say. */
function repository(): string {
  const g = gitdir();
  g.commit('2018', '2018-12-11');
  g.edit('strategy/measures/1.6-evergabe.yaml', (t) => t.replace('  external: 1', '  external: 4'));
  g.commit('rescore 1.6', '2020-03-01');
  mkdirSync(join(g.dir, 'strategy', 'reviews', '2026'), { recursive: true });
  for (const id of ['fb-10', 'fb-20'])
    g.write(
      `strategy/reviews/2026/${id}.yaml`,
      `assessor: { id: ${id} }\ndate: "2026-02-01"\nmeasures:\n  - { id: "1.1", scores: { quality: 1 }, comment: Notiz }\n`,
    );
  g.commit('Einschätzungen 2026', '2026-02-02');
  return g.dir;
}

/** An assessment workbook as review new --format xlsx writes it. */
function reviewWorkbook(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'itstrat-review-')), 'fb-30.xlsx');
  const r = spawnSync(
    process.execPath,
    [bin, 'review', 'new', '2026', '--dir', bundled, '--assessor', 'fb-30', '--format', 'xlsx', '--out', file],
    { env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return file;
}

/** A measure list that changes one title and adds a measure: import has a diff to print. */
function importList(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'itstrat-import-')), 'liste.csv');
  writeFileSync(
    file,
    'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung\r\n1.6;Neuer Titel;1;1;1;1;1\r\n3.13;Neu;3;1;1;1;1\r\n',
  );
  return file;
}

/** Arguments that make each command run for real (writers only with --dry-run or --check). */
const argumentsOf: Record<string, string[]> = {
  validate: [],
  score: [],
  calibrate: [],
  diff: ['HEAD~1'],
  history: ['1.6'],
  status: ['--today', '2021-01-01'],
  report: [],
  init: ['new-strategy', '--dry-run', '--date', '2021-01-01'],
  'new measure': ['--field', 'technik', '--title', 'Neue Maßnahme', '--dry-run'],
  metrics: [],
  'metrics record': ['it-costs', '--period', '2031', '--value', '1', '--dry-run'],
  fmt: ['--check'],
  completion: ['bash'],
  export: [],
  import: [importList(), '--dry-run'],
  'review show': ['2026'],
  'review new': ['2026', '--assessor', 'fb-99', '--dry-run'],
  'review import': [reviewWorkbook(), '--dry-run'],
  roadmap: ['--today', '2021-01-01', '--propose'],
};

/** A stand-in for Chromium that writes a "PDF" larger than a pipe's buffer where --print-to-pdf says. */
function fakePdfPrinter(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'itstrat-fake-chromium-')), 'chromium');
  writeFileSync(
    path,
    `#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) f="\${a#--print-to-pdf=}"; printf '%%PDF-1.4\\n' > "$f"; head -c 300000 /dev/zero >> "$f"; printf '\\n%%%%EOF\\n' >> "$f";; esac; done\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** The write end of a FIFO whose reader has already closed it: every write gets EPIPE. */
function closedPipe(): number {
  const fifo = join(mkdtempSync(join(tmpdir(), 'itstrat-fifo-')), 'out');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  return writer;
}

/** Runs the binary with stdout (or stderr) on a pipe nobody reads. */
function withClosedReader(
  args: string[],
  cwd: string,
  which: 'stdout' | 'stderr' = 'stdout',
  extraEnv: Record<string, string> = {},
): { status: number | null; out: string } {
  const fd = closedPipe();
  try {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      timeout: 20_000,
      stdio: which === 'stdout' ? ['ignore', fd, 'pipe'] : ['ignore', 'pipe', fd],
    });
    return { status: r.status, out: (which === 'stdout' ? r.stderr : r.stdout) ?? '' };
  } finally {
    closeSync(fd);
  }
}

/** A shell pipeline with pipefail, so the status is itstrat's. */
function pipeline(command: string, cwd: string): { status: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', `set -o pipefail; ${command}`], {
    cwd,
    env: { ...env, ITSTRAT: `${process.execPath} ${bin}` },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr };
}

describe('a reader that is gone', () => {
  it('ends every command in every format quietly with 0', () => {
    const dir = repository();
    const covered = new Set<string>();
    for (const command of commands) {
      const name = command.spec.path.join(' ');
      const args = argumentsOf[name];
      expect(args, `arguments for ${name} (a new command needs an entry here)`).toBeDefined();
      covered.add(name);
      for (const format of command.spec.formats) {
        const formatArgs = command.spec.formats.length > 1 ? ['--format', format] : [];
        // A PDF needs --out (- is the pipe); a stand-in Chromium prints it at once, so the closed pipe is what is tested.
        const pdf: { args: string[]; env: Record<string, string> } =
          format === 'pdf' ? { args: ['--out', '-'], env: { CHROMIUM_PATH: fakePdfPrinter() } } : { args: [], env: {} };
        const run = withClosedReader([...command.spec.path, ...args!, ...formatArgs, ...pdf.args], dir, 'stdout', pdf.env);
        expect(run, `${name} --format ${format}`).toEqual({ status: 0, out: '' });
      }
    }
    expect([...covered].sort()).toEqual(Object.keys(argumentsOf).sort());
    // One process per command and format (some 40): on a busy two-core machine that takes a while.
  }, 180_000);

  it('ends quietly when a large output is cut by head or grep -m1', () => {
    const dir = repository();
    for (const command of [
      '$ITSTRAT report --format html | head -c 100',
      '$ITSTRAT report --format markdown | head -n 1',
      '$ITSTRAT report --format html | grep -m1 DOCTYPE',
      '$ITSTRAT report --format html --out - | head -c 1',
      '$ITSTRAT report --format html --out /dev/stdout | head -c 1',
      // --out to a FIFO whose reader stops after one byte: a pipe like any other.
      'mkfifo fifo && { head -c 1 fifo & } && $ITSTRAT report --format html --out fifo; s=$?; rm -f fifo; exit $s',
    ]) {
      expect(pipeline(`${command} > /dev/null`, dir), command).toEqual({ status: 0, stderr: '' });
    }
  });

  it('ends quietly when a big strategy is scored into head', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'itstrat-big-')), 'strategy');
    execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `import { generate } from '${join(root, 'bench/generate.mjs')}'; generate(process.argv[1], 1000);`,
      dir,
    ]);
    for (const format of ['table', 'json', 'csv', 'markdown'])
      expect(pipeline(`$ITSTRAT score --dir strategy --format ${format} | head -n 2 > /dev/null`, join(dir, '..')), format).toEqual({
        status: 0,
        stderr: '',
      });
  }, 60_000);

  it('drops diagnostics when stderr is gone and keeps the exit code', () => {
    const dir = copyStrategy();
    // 1.2 is prioritised by its decision; recorded as not prioritised, score --check fails (exit 1, findings on stderr).
    editFile(join(dir, 'measures', '1.2-e-akte-dokumentenmanagement-system.yaml'), (t) =>
      t.replace('decision: prioritized', 'decision: not_prioritized'),
    );
    const check = withClosedReader(['score', '--check', '--dir', dir, '--format', 'json'], root, 'stderr');
    expect(check.status).toBe(1);
    expect(JSON.parse(check.out)).toHaveProperty('measures');
    // A usage error whose only output is its message on stderr: still exit 2.
    expect(withClosedReader(['score', '--dir', join(dir, 'nowhere')], root, 'stderr')).toEqual({ status: 2, out: '' });
  });

  it('reports a device that refuses the output in one line, exit 2', () => {
    const run = spawnSync(process.execPath, [bin, 'score'], {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^itstrat: cannot write the output: ENOSPC[^\n]*\n$/);
  });
});

/** Resolves when fn() holds, polling; the test's timeout bounds it. */
async function until(fn: () => boolean): Promise<void> {
  while (!fn()) await new Promise((r) => setTimeout(r, 20));
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** A copy whose weights calibrate would change, so a finished `calibrate --write` would show in the file. */
function uncalibrated(): { dir: string; before: string } {
  const dir = copyStrategy();
  editFile(join(dir, 'leitplanken.yaml'), (t) => t.replace(/weight: 4/, 'weight: 2'));
  // Every third decision turned round: no weighting reproduces them all, and the MILP over weights
  // up to 1000 (LONG) has to work for it — seconds, where the bundled decisions take a fraction.
  readdirSync(join(dir, 'measures')).forEach((name, i) => {
    if (i % 3 === 0)
      editFile(join(dir, 'measures', name), (t) =>
        t.replace(/^decision: (not_)?prioritized$/m, (_, not) => `decision: ${not === undefined ? 'not_' : ''}prioritized`),
      );
  });
  return { dir, before: readFileSync(join(dir, 'leitplanken.yaml'), 'utf8') };
}

// Since the MILP (issue 17) no range makes a search of minutes; contradictory decisions with weights
// up to 1000 still keep the solver busy for seconds, the time a signal needs to arrive mid-way.
const LONG = ['--max-weight', '1000'];

describe('Ctrl-C and SIGTERM', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during calibrate --write stops the search, writes nothing and releases the lock`, async () => {
      const { dir, before } = uncalibrated();
      const child = spawn(process.execPath, [bin, 'calibrate', '--write', '--dir', dir, ...LONG], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const end = exited(child);
      // The lock exists from the first read to the last write: the search is running.
      await until(() => existsSync(join(dir, '.itstrat.lock')));
      child.kill(signal);
      expect(await end).toEqual({ code: null, signal });
      expect(stderr).toBe('');
      expect(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).toBe(before);
      expect(readdirSync(dir).sort()).toEqual([
        '.schema',
        'leitplanken.yaml',
        'measures',
        'metrics.yaml',
        'requirements.yaml',
        'strategy.yaml',
      ]);
    });
  }

  it('a shell sees 130 for Ctrl-C and 143 for SIGTERM', async () => {
    for (const [signal, status] of [
      ['INT', 130],
      ['TERM', 143],
    ] as const) {
      const { dir, before } = uncalibrated();
      const shell = spawn(
        'bash',
        [
          '-c',
          `"$@" & echo "$!"; wait "$!"; echo "status=$?"`,
          'bash',
          process.execPath,
          bin,
          'calibrate',
          '--write',
          '--dir',
          dir,
          ...LONG,
        ],
        {
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      shell.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const end = exited(shell);
      await until(() => /^\d+\n/.test(out) && existsSync(join(dir, '.itstrat.lock')));
      process.kill(Number(out.split('\n')[0]), `SIG${signal}`);
      await end;
      expect(out.split('\n')[1]).toBe(`status=${status}`);
      expect(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).toBe(before);
      expect(existsSync(join(dir, '.itstrat.lock'))).toBe(false);
    }
  });

  it("Ctrl-C while waiting for another writer's lock ends at once and leaves that lock alone", async () => {
    const { dir, before } = uncalibrated();
    // A lock held by a live process on this host (the test runner): itstrat waits for it.
    const lock = `${JSON.stringify({ pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: 'held-by-the-test' })}\n`;
    writeFileSync(join(dir, '.itstrat.lock'), lock);
    const child = spawn(process.execPath, [bin, 'calibrate', '--write', '--dir', dir], {
      env: { ...env, ITSTRAT_LOCK_TIMEOUT: '120000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const end = exited(child);
    // Waiting (the timeout is two minutes; the test's own timeout is the bound).
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    expect(await end).toEqual({ code: null, signal: 'SIGINT' });
    expect(readFileSync(join(dir, '.itstrat.lock'), 'utf8')).toBe(lock);
    expect(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')).toBe(before);
  });

  it('Ctrl-C stops a reading command at once', async () => {
    const { dir } = uncalibrated();
    const child = spawn(process.execPath, [bin, 'calibrate', '--format', 'json', '--dir', dir, ...LONG], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const end = exited(child);
    // Give it time to be in the solver's work: the test's timeout is the bound.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    expect(await end).toEqual({ code: null, signal: 'SIGINT' });
    expect(stdout).toBe('');
  });
});
