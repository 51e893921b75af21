import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyStrategy, itstrat, root } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const bin = join(root, 'bin/itstrat.js');
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', FORCE_COLOR: '0', ITSTRAT_CACHE: '0' };

/** The report on stdout: what every written copy must hold, byte for byte. */
async function reportText(dir: string): Promise<string> {
  const r = await itstratInProcess(['report', '--dir', dir]);
  expect(r.status).toBe(0);
  return r.stdout;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'itstrat-out-'));
}

/** Snapshot of every file in the strategy folder, to prove a refused write changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(p, e.isSymbolicLink() ? `-> ${readlinkSync(p)}` : readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/** A pid that certainly belonged to a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

/** Runs the binary without waiting, so a test can act while it runs (read a FIFO, serve a socket). */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A private character device with the given numbers, so no test run can ever harm /dev itself. */
function privateDevice(name: string, major: number, minor: number): string | undefined {
  if (!isRoot()) return undefined;
  const path = join(scratch(), name);
  return spawnSync('mknod', [path, 'c', String(major), String(minor)]).status === 0 ? path : undefined;
}

describe('--out writes through what is not a regular file', () => {
  it('a character device is written, never replaced: a private null device, then /dev/null', async () => {
    const dir = copyStrategy();
    const devices = [privateDevice('null', 1, 3), '/dev/null'].filter((d): d is string => d !== undefined);
    // The private device comes first: a regression replaces it, and the test stops before /dev/null.
    for (const device of devices) {
      const r = await itstratInProcess(['report', '--dir', dir, '--out', device]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      expect(statSync(device).isCharacterDevice()).toBe(true);
      expect(readdirSync(dirname(device)).filter((f) => f.includes('.itstrat-'))).toEqual([]);
    }
  });

  it('a full device (ENOSPC) is one clean line and exit 2: a private full device, then /dev/full', async () => {
    const dir = copyStrategy();
    const devices = [privateDevice('full', 1, 7), '/dev/full'].filter((d): d is string => d !== undefined);
    for (const device of devices) {
      const r = await itstratInProcess(['report', '--dir', dir, '--format', 'html', '--out', device]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`itstrat: cannot write ${device}: ENOSPC: no space left on device, write\n`);
      expect(statSync(device).isCharacterDevice()).toBe(true);
    }
  });

  it('a FIFO is written to its reader and stays a FIFO', async () => {
    const dir = copyStrategy();
    const fifo = join(scratch(), 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d: Buffer) => (read += d.toString()));
    const readerDone = new Promise<void>((done) => reader.on('close', () => done()));
    const r = await runAsync(['report', '--dir', dir, '--out', fifo]);
    // A regression that replaces the FIFO leaves the reader waiting: end it rather than hang.
    const timer = setTimeout(() => reader.kill(), 2000);
    await readerDone;
    clearTimeout(timer);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(read).toBe(await reportText(dir));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a socket cannot be opened: exit 2 with one line, and it stays a socket', async () => {
    const dir = copyStrategy();
    const path = join(scratch(), 'report.sock');
    const server = createServer();
    await new Promise<void>((done) => server.listen(path, done));
    try {
      const r = await runAsync(['report', '--dir', dir, '--out', path]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^itstrat: cannot write ${path} \\(a socket\\): .+\n$`));
      expect(lstatSync(path).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });

  it('"-", /dev/fd/1, /proc/self/fd/1 and /dev/stdout mean standard output', async () => {
    const dir = copyStrategy();
    const expected = await reportText(dir);
    const cwd = scratch();
    // /dev/stdout last: it lives in /dev, which only a correct build may be pointed at.
    for (const out of ['-', '/dev/fd/1', '/proc/self/fd/1', '/dev/stdout']) {
      const r = itstrat(['report', '--dir', dir, '--out', out], { cwd });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected);
      expect(readdirSync(cwd)).toEqual([]);
      expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    }
  });

  it('/proc/self/fd/1 and /dev/stdout redirected with >> append to the file, as the shell asked', async () => {
    const dir = copyStrategy();
    // /dev/stdout last, as above: only a build that passed with /proc/self/fd/1 may touch /dev.
    for (const out of ['/proc/self/fd/1', '/dev/stdout']) {
      const file = join(scratch(), 'log.md');
      writeFileSync(file, 'before\n');
      const r = spawnSync('/bin/sh', ['-c', '"$0" "$1" report --dir "$2" --out "$4" >> "$3"', process.execPath, bin, dir, file, out], {
        env,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(`before\n${await reportText(dir)}`);
    }
  });

  it('a folder, a missing folder and a dangling symbolic link are refused with exit 2, creating nothing', async () => {
    const dir = copyStrategy();
    const out = scratch();
    symlinkSync('nowhere/report.md', join(out, 'dangling'));
    symlinkSync('missing.md', join(out, 'dangling2'));
    symlinkSync('loop', join(out, 'loop'));
    const cases: [string, RegExp][] = [
      [out, /it is a folder/],
      [join(out, 'no-such-folder', 'report.md'), /the folder .*no-such-folder does not exist/],
      [join(out, 'dangling'), /is a symbolic link to nowhere\/report\.md, which does not exist \(a dangling link\)/],
      [join(out, 'dangling2'), /is a symbolic link to missing\.md, which does not exist \(a dangling link\)/],
      [join(out, 'loop'), /the symbolic links loop/],
    ];
    for (const [path, message] of cases) {
      const r = await itstratInProcess(['report', '--dir', dir, '--out', path]);
      expect(r.status, path).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').length).toBe(2);
    }
    expect(readdirSync(out).sort()).toEqual(['dangling', 'dangling2', 'loop']);
    expect(lstatSync(join(out, 'dangling')).isSymbolicLink()).toBe(true);
  });

  it('through a symbolic link (or a chain of them) the target is replaced and the links stay links', async () => {
    const dir = copyStrategy();
    const out = scratch();
    mkdirSync(join(out, 'docs'));
    writeFileSync(join(out, 'docs', 'report.md'), 'old\n');
    symlinkSync('docs/report.md', join(out, 'link.md'));
    symlinkSync('link.md', join(out, 'chain.md'));
    for (const name of ['link.md', 'chain.md']) {
      writeFileSync(join(out, 'docs', 'report.md'), 'old\n');
      const r = await itstratInProcess(['report', '--dir', dir, '--out', join(out, name)]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(join(out, 'docs', 'report.md'), 'utf8')).toBe(await reportText(dir));
      expect(readlinkSync(join(out, 'link.md'))).toBe('docs/report.md');
      expect(readlinkSync(join(out, 'chain.md'))).toBe('link.md');
      expect(readdirSync(join(out, 'docs'))).toEqual(['report.md']);
    }
  });
});

describe('--out never writes into the strategy folder', () => {
  it('refuses a strategy file, a new file there, and the folder reached through .. or links, changing nothing', async () => {
    const dir = copyStrategy();
    const outside = scratch();
    symlinkSync(join(dir, 'leitplanken.yaml'), join(outside, 'weights.yaml'));
    symlinkSync(dir, join(outside, 'strategy-link'));
    symlinkSync(join(dir, 'missing-new.md'), join(outside, 'dangling-into'));
    const before = snapshot(dir);
    const cases = [
      join(dir, 'leitplanken.yaml'),
      join(dir, 'measures', '1.1-konsolidierung-vorhandenen-zwei-sap.yaml'),
      join(dir, 'report.md'),
      join(dir, 'measures', 'report.yaml'),
      join(dir, 'measures', '..', 'metrics.yaml'),
      join(dir, '..', 'strategy', 'strategy.yaml'),
      join(outside, 'weights.yaml'),
      join(outside, 'strategy-link', 'leitplanken.yaml'),
      join(outside, 'strategy-link', 'measures', 'new.md'),
      join(outside, 'dangling-into'),
      dir,
    ];
    for (const out of cases) {
      const r = await itstratInProcess(['report', '--dir', dir, '--out', out]);
      expect(r.status, out).toBe(2);
      expect(r.stderr.split('\n').length, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    }
    // A relative --dir and --out from inside the folder: the same folder, spelt differently.
    const r = itstrat(['report', '--dir', '.', '--out', 'leitplanken.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `itstrat: --out leitplanken.yaml: refusing to write into the strategy folder .; choose a path outside it; nothing was written\n`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('still writes next to the strategy folder', async () => {
    const dir = copyStrategy();
    const out = join(dir, '..', 'strategy-report.md');
    const r = await itstratInProcess(['report', '--dir', dir, '--out', out]);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(await reportText(dir));
  });
});

describe('strategy files that are not plain files', () => {
  it('metrics.yaml as a link inside the folder: the target is edited, the link stays', async () => {
    const dir = copyStrategy();
    mkdirSync(join(dir, 'data'));
    renameSync(join(dir, 'metrics.yaml'), join(dir, 'data', 'metrics.yaml'));
    // The schema line is relative to the file's folder; the link is read from the strategy folder.
    writeFileSync(
      join(dir, 'data', 'metrics.yaml'),
      readFileSync(join(dir, 'data', 'metrics.yaml'), 'utf8').replace('../src/schema', '../../src/schema'),
    );
    symlinkSync('data/metrics.yaml', join(dir, 'metrics.yaml'));
    const r = await itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2030', '--value', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readlinkSync(join(dir, 'metrics.yaml'))).toBe('data/metrics.yaml');
    const values = (
      parse(readFileSync(join(dir, 'data', 'metrics.yaml'), 'utf8')) as { metrics: { id: string; values: { period: string }[] }[] }
    ).metrics.find((m) => m.id === 'tco-ratio')!.values;
    expect(values.at(-1)).toEqual({ period: '2030', value: 2 });
    expect(readdirSync(join(dir, 'data'))).toEqual(['metrics.yaml']);
  });

  it('a link out of the strategy folder is refused, the outside file and the link unchanged', async () => {
    const dir = copyStrategy();
    const outside = join(scratch(), 'leitplanken.yaml');
    writeFileSync(outside, readFileSync(join(dir, 'leitplanken.yaml'), 'utf8').replace('weight: 4', 'weight: 2'));
    const text = readFileSync(outside, 'utf8');
    // The measure file and leitplanken.yaml, both linked out of the folder.
    const measure = join(dir, 'measures', '1.1-konsolidierung-vorhandenen-zwei-sap.yaml');
    const measureOutside = join(dirname(outside), 'measure.yaml');
    writeFileSync(measureOutside, readFileSync(measure, 'utf8').replace('id: "1.1"', "id: '1.1'"));
    const measureText = readFileSync(measureOutside, 'utf8');
    symlinkSync(outside, join(dir, 'leitplanken.yaml.link'));
    renameSync(join(dir, 'leitplanken.yaml.link'), join(dir, 'leitplanken.yaml'));
    symlinkSync(measureOutside, `${measure}.link`);
    renameSync(`${measure}.link`, measure);

    const calibrate = await itstratInProcess(['calibrate', '--write', '--dir', dir]);
    // The reader refuses first (symlink-outside: the outside file is never read), so the writer never runs.
    expect(calibrate.status).toBe(1);
    expect(calibrate.stderr).toContain('[symlink-outside]');
    expect(calibrate.stderr).not.toContain('weight: 2');
    for (const args of [
      ['fmt', measure],
      ['fmt', '--check', measure],
    ]) {
      const r = await itstratInProcess([...args, '--dir', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /refusing to edit .*1\.1-konsolidierung-vorhandenen-zwei-sap\.yaml: it is a symbolic link to .*, outside the strategy folder/,
      );
    }
    expect(readFileSync(outside, 'utf8')).toBe(text);
    expect(readFileSync(measureOutside, 'utf8')).toBe(measureText);
    expect(lstatSync(join(dir, 'leitplanken.yaml')).isSymbolicLink()).toBe(true);
    expect(lstatSync(measure).isSymbolicLink()).toBe(true);
  });

  it('fmt refuses a FIFO or a folder named as a strategy file instead of hanging or crashing', async () => {
    const dir = copyStrategy();
    const fifo = join(dir, 'measures', '9.1-fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    mkdirSync(join(dir, 'measures', '9.2-folder.yaml'));
    for (const [file, kind] of [
      [fifo, 'FIFO'],
      [join(dir, 'measures', '9.2-folder.yaml'), 'folder'],
    ] as const) {
      // Spawned: a regression that opens the FIFO blocks the process, which the spawn's timeout ends; in process it would hang the worker.
      const r = itstrat(['fmt', '--dir', dir, file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`itstrat: refusing to edit ${file}: it is a ${kind}, not a regular file; nothing was written\n`);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('temp files left by a killed writer', () => {
  it("are removed by the next write of the same file; a live writer's temp file is kept", async () => {
    const dir = copyStrategy();
    const dead = deadPid();
    const stale = [`.metrics.yaml.itstrat-${dead}-0badf00d.tmp`, `.leitplanken.yaml.itstrat-${dead}-12345678.tmp`];
    const live = `.metrics.yaml.itstrat-${process.pid}-cafe0123.tmp`;
    for (const name of [...stale, live]) writeFileSync(join(dir, name), 'half a file');
    // Spawned: the live temp file is this test process's, which must be another process than the writer.
    const r = itstrat(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2030', '--value', '2']);
    expect(r.status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([live]);

    const measures = join(dir, 'measures');
    const staleMeasure = `.1.1-konsolidierung-vorhandenen-zwei-sap.yaml.itstrat-${dead}-aaaabbbb.tmp`;
    writeFileSync(join(measures, staleMeasure), 'half');
    expect(itstrat(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Neu']).status).toBe(0);
    expect(existsSync(join(measures, staleMeasure))).toBe(false);
  });

  it('--out removes those of its own file too', async () => {
    const dir = copyStrategy();
    const out = scratch();
    const stale = join(out, `.report.md.itstrat-${deadPid()}-01234567.tmp`);
    writeFileSync(stale, 'half');
    expect((await itstratInProcess(['report', '--dir', dir, '--out', join(out, 'report.md')])).status).toBe(0);
    expect(readdirSync(out)).toEqual(['report.md']);
  });
});
