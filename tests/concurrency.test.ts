import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { assembleStrategy } from '../src/model/assemble-strategy.js';
import { readStrategyDir } from '../src/read/read-strategy-dir.js';
import { withStrategyLock } from '../src/write/strategy-lock.js';
import { copyStrategy, editFile, root } from './helpers/cli.js';

const bin = join(root, 'bin/itstrat.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built binary and resolves when it ends, so two can run at the same time. */
function start(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      // A generous bound on the wait: the pairs must all succeed, so a slow machine must not fail them.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        FORCE_COLOR: '0',
        ITSTRAT_CACHE_DIR: cacheDir,
        ITSTRAT_LOCK_TIMEOUT: '60000',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function expectOk(r: Run): void {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

function valid(dir: string): void {
  const errors = assembleStrategy(dir, readStrategyDir(dir)).findings.filter((f) => f.severity === 'error');
  expect(errors).toEqual([]);
}

function noLeftovers(dir: string): void {
  const names = [...readdirSync(dir), ...readdirSync(join(dir, 'measures'))];
  // .schema/ is the strategy's own copy of the JSON Schemas, not a leftover.
  expect(names.filter((n) => n.startsWith('.') && n !== '.schema')).toEqual([]);
}

type Metrics = { metrics: { id: string; values: { period: string; value: unknown }[] }[] };
const valuesOf = (dir: string, id: string): { period: string; value: unknown }[] =>
  (parse(readFileSync(join(dir, 'metrics.yaml'), 'utf8')) as Metrics).metrics.find((m) => m.id === id)!.values;

const ROUNDS = 50;
const TIMEOUT = 20 * 60_000;

// The four pairs run at the same time (each on its own copy): most of a round is process start-up
// and the wait for the other writer's lock, so interleaving the pairs keeps both cores busy instead
// of running 200 rounds one after the other. Each pair still races in every one of its 50 rounds.
describe.concurrent('two writing commands at once lose nothing (real processes, 50 rounds per pair)', () => {
  // One run first fills the parse cache and V8's code cache, so the first round's eight processes
  // do not all parse every file and compile the bundle at once.
  beforeAll(async () => expectOk(await start(['validate', '--dir', copyStrategy()])));

  it(
    'metrics record × 2 on different metrics: both values present every round',
    async () => {
      const dir = copyStrategy();
      for (let round = 0; round < ROUNDS; round++) {
        const period = String(2100 + round);
        const [a, b] = await Promise.all([
          start(['metrics', 'record', 'non-standard-procedures', '--dir', dir, '--period', period, '--value', String(round)]),
          start(['metrics', 'record', 'media-break-free-processes', '--dir', dir, '--period', period, '--value', String(1000 + round)]),
        ]);
        expectOk(a);
        expectOk(b);
        expect(valuesOf(dir, 'non-standard-procedures').filter((v) => v.period === period)).toEqual([{ period, value: round }]);
        expect(valuesOf(dir, 'media-break-free-processes').filter((v) => v.period === period)).toEqual([{ period, value: 1000 + round }]);
      }
      // Every value of every round, none lost later either.
      expect(valuesOf(dir, 'non-standard-procedures').filter((v) => Number(v.period) >= 2100)).toHaveLength(ROUNDS);
      expect(valuesOf(dir, 'media-break-free-processes').filter((v) => Number(v.period) >= 2100)).toHaveLength(ROUNDS);
      valid(dir);
      noLeftovers(dir);
    },
    TIMEOUT,
  );

  it(
    'fmt with metrics record: the value is present and the layout canonical every round',
    async () => {
      const dir = copyStrategy();
      for (let round = 0; round < ROUNDS; round++) {
        // Out of the canonical layout, so fmt has to rewrite the same file record edits.
        editFile(join(dir, 'metrics.yaml'), (t) => t.replace('id: "tco-ratio"', "id: 'tco-ratio'"));
        const period = String(2100 + round);
        const [f, r] = await Promise.all([
          start(['fmt', '--dir', dir]),
          start(['metrics', 'record', 'non-standard-procedures', '--dir', dir, '--period', period, '--value', String(round)]),
        ]);
        expectOk(f);
        expectOk(r);
        expect(valuesOf(dir, 'non-standard-procedures').filter((v) => v.period === period)).toEqual([{ period, value: round }]);
        expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toContain('id: "tco-ratio"');
      }
      expect(valuesOf(dir, 'non-standard-procedures').filter((v) => Number(v.period) >= 2100)).toHaveLength(ROUNDS);
      // Not spawnSync: that would stall the other pairs' processes running meanwhile.
      expect((await start(['fmt', '--check', '--dir', dir], { ITSTRAT_CACHE: '0' })).status).toBe(0);
      valid(dir);
      noLeftovers(dir);
    },
    TIMEOUT,
  );

  it(
    'new measure × 2 in the same Handlungsfeld: two files, two different ids every round',
    async () => {
      const dir = copyStrategy();
      const created = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        const runs = await Promise.all([
          start(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', `Erste ${round}`, '--lang', 'en']),
          start(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', `Zweite ${round}`, '--lang', 'en']),
        ]);
        for (const r of runs) {
          expectOk(r);
          const m = /^Created measure (\S+): (.+)\n$/.exec(r.stdout);
          expect(m, r.stdout).not.toBeNull();
          expect(created.has(m![1]!)).toBe(false);
          created.add(m![1]!);
          expect(parse(readFileSync(m![2]!, 'utf8'))).toMatchObject({ id: m![1], field: 'technik' });
        }
      }
      const ids = readStrategyDir(dir)
        .filter((f) => f.relative.startsWith('measures/'))
        .map((f) => (parse(Buffer.from(f.bytes).toString('utf8')) as { id: string }).id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(created.size).toBe(2 * ROUNDS);
      valid(dir);
      noLeftovers(dir);
    },
    TIMEOUT,
  );

  it(
    'calibrate --write with fmt: weights calibrated and the layout canonical every round',
    async () => {
      const dir = copyStrategy();
      const path = join(dir, 'leitplanken.yaml');
      const calibrated = readFileSync(path, 'utf8');
      for (let round = 0; round < ROUNDS; round++) {
        // Uncalibrated weights and a non-canonical id in the file both commands rewrite.
        writeFileSync(
          path,
          calibrated
            .replace(/weight: \d+/g, 'weight: 1')
            .replace('threshold: 19', 'threshold: 8')
            .replace('id: "quality"', "id: 'quality'"),
        );
        const [c, f] = await Promise.all([start(['calibrate', '--write', '--format', 'json', '--dir', dir]), start(['fmt', '--dir', dir])]);
        expectOk(c);
        expectOk(f);
        expect(JSON.parse(c.stdout)).toMatchObject({ weights: { strategy: 4, quality: 1, security: 1, external: 3 }, threshold: 19 });
        // Both changes: the calibrated weights and fmt's quotes; nothing else differs.
        expect(readFileSync(path, 'utf8')).toBe(calibrated);
      }
      valid(dir);
      noLeftovers(dir);
    },
    TIMEOUT,
  );
});

describe('the strategy lock', () => {
  const lockOf = (dir: string): string => join(dir, '.itstrat.lock');
  const record = (dir: string, env: Record<string, string>, period = '2030') =>
    start(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', period, '--value', '2'], env);
  const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

  it('waits a bounded time for a live holder, then exits 2 naming the lock file and the holder, writing nothing', async () => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    // This test process is alive: its lock is held.
    const lock = JSON.stringify({ pid: process.pid, hostname: hostname(), time: '2026-01-01T00:00:00.000Z', token: 'held' });
    writeFileSync(lockOf(dir), lock);
    for (const args of [
      ['metrics', 'record', 'tco-ratio', '--period', '2030', '--value', '2'],
      ['new', 'measure', '--field', 'technik', '--title', 'X'],
      ['calibrate', '--write'],
      ['fmt'],
    ]) {
      const r = await start([...args, '--dir', dir], { ITSTRAT_LOCK_TIMEOUT: '300' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `itstrat: the strategy folder ${dir} is locked by another itstrat (pid ${process.pid} since 2026-01-01T00:00:00.000Z; lock file ${lockOf(dir)}); waited 0.3 s, nothing was written — try again, or delete the lock file if no itstrat is running\n`,
      );
    }
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
    expect(readFileSync(lockOf(dir), 'utf8')).toBe(lock);
    expect(readdirSync(join(dir, 'measures'))).toHaveLength(54);
    // Reading commands do not take the lock.
    expect((await start(['fmt', '--check', '--dir', dir])).status).toBe(0);
    expect((await start(['calibrate', '--dir', dir])).status).toBe(0);
  });

  it('proceeds as soon as the holder releases it', async () => {
    const dir = copyStrategy();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: 'held' }));
    const running = record(dir, { ITSTRAT_LOCK_TIMEOUT: '60000' });
    await new Promise((done) => setTimeout(done, 800));
    expect(valuesOf(dir, 'tco-ratio').some((v) => v.period === '2030')).toBe(false);
    spawnSync('rm', [lockOf(dir)]);
    expectOk(await running);
    expect(valuesOf(dir, 'tco-ratio').at(-1)).toEqual({ period: '2030', value: 2 });
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('takes over a lock left behind: dead pid, an old lock from another host, an old unreadable lock', async () => {
    const cases: [string, (path: string) => void][] = [
      [
        'dead pid',
        (p) => writeFileSync(p, JSON.stringify({ pid: deadPid(), hostname: hostname(), time: new Date().toISOString(), token: 't' })),
      ],
      [
        'foreign, 11 minutes old',
        (p) =>
          writeFileSync(
            p,
            JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, time: new Date(Date.now() - 11 * 60_000).toISOString(), token: 't' }),
          ),
      ],
      [
        'empty, old',
        (p) => {
          writeFileSync(p, '');
          utimesSync(p, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
        },
      ],
    ];
    for (const [name, make] of cases) {
      const dir = copyStrategy();
      make(lockOf(dir));
      const r = await record(dir, { ITSTRAT_LOCK_TIMEOUT: '2000' });
      expect(r.stderr, name).toBe('');
      expect(r.status, name).toBe(0);
      expect(valuesOf(dir, 'tco-ratio').at(-1)).toEqual({ period: '2030', value: 2 });
      expect(existsSync(lockOf(dir)), name).toBe(false);
    }
  });

  it('does not take over a recent lock from another host, nor a fresh unreadable one', async () => {
    const cases: [string, (path: string) => void][] = [
      [
        'foreign, recent',
        (p) => writeFileSync(p, JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, time: new Date().toISOString(), token: 't' })),
      ],
      ['empty, fresh', (p) => writeFileSync(p, '')],
    ];
    for (const [name, make] of cases) {
      const dir = copyStrategy();
      make(lockOf(dir));
      const r = await record(dir, { ITSTRAT_LOCK_TIMEOUT: '200' });
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toContain(`is locked by another itstrat`);
      expect(r.stderr, name).toContain(`lock file ${lockOf(dir)}`);
      expect(
        valuesOf(dir, 'tco-ratio').some((v) => v.period === '2030'),
        name,
      ).toBe(false);
    }
  });

  it('is released after a refused write, and a bad ITSTRAT_LOCK_TIMEOUT is a usage error', async () => {
    const dir = copyStrategy();
    const refused = await start(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', 'never', '--value', '2']);
    expect(refused.status).toBe(2);
    expect(existsSync(lockOf(dir))).toBe(false);
    const bad = await record(dir, { ITSTRAT_LOCK_TIMEOUT: '5s' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('itstrat: ITSTRAT_LOCK_TIMEOUT: expected a whole number of milliseconds (found "5s")\n');
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('is invisible to readers: validate and score ignore the lock file and temp files', async () => {
    const dir = copyStrategy();
    writeFileSync(lockOf(dir), JSON.stringify({ pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: 'held' }));
    writeFileSync(join(dir, 'measures', `.1.2-x.yaml.itstrat-${process.pid}-00000000.tmp`), 'id: [broken');
    const r = await start(['validate', '--dir', dir]);
    expect(r.status).toBe(0);
    // Every strategy file of the copy, and nothing else (not the lock, not the temp file).
    const yamlFiles =
      readdirSync(dir).filter((f) => f.endsWith('.yaml')).length +
      readdirSync(join(dir, 'measures')).filter((f) => /^[^.].*\.yaml$/.test(f)).length;
    expect(r.stdout).toContain(`${yamlFiles} Dateien`);
  });

  it('nests within one process instead of waiting for itself, and is gone afterwards', async () => {
    const dir = copyStrategy();
    const result = await withStrategyLock(dir, () => {
      expect(existsSync(lockOf(dir))).toBe(true);
      return withStrategyLock(`${dir}/../strategy`, () => 'inner', { timeoutMs: 0 });
    });
    expect(result).toBe('inner');
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  // A signal between creating the lock file and registering its release used to end the process
  // by the default action and leave the lock behind: the handlers must already be there while the
  // lock is still being sought — and the wait must let them run (an asynchronous wait).
  it('holds the signals before the lock file can exist, and the wait for another writer lets them run', async () => {
    const dir = copyStrategy();
    const before = new Map((['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, process.listeners(s)]));
    // Held by a live process on this host other than this one (its own pid would count as left behind).
    writeFileSync(
      lockOf(dir),
      `${JSON.stringify({ pid: process.ppid, hostname: hostname(), time: new Date().toISOString(), token: 'other' })}\n`,
    );
    let ran = false;
    // A fresh copy of the lock and interrupt modules: signals held by an earlier test stay held.
    vi.resetModules();
    const fresh = await import('../src/write/strategy-lock.js');
    const taking = fresh.withStrategyLock(dir, () => (ran = true), { timeoutMs: 60_000 });
    try {
      // The lock is taken by "another writer" (this live process): the call is waiting.
      let turns = 0;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          turns += 1;
          if (turns >= 5) resolve();
          else setTimeout(check, 20);
        };
        check();
      });
      expect(ran).toBe(false);
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
        expect(process.listenerCount(signal)).toBeGreaterThan(before.get(signal)!.length);
      // The other writer lets go: the waiting call takes the lock, runs and releases it.
      unlinkSync(lockOf(dir));
      await taking;
      expect(ran).toBe(true);
      expect(existsSync(lockOf(dir))).toBe(false);
    } finally {
      for (const [signal, listeners] of before)
        for (const listener of process.listeners(signal)) if (!listeners.includes(listener)) process.removeListener(signal, listener);
    }
  });
});
