import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { gitdir } from './helpers/gitdir.js';

const SECRET = 'SECRET-hunter2-do-not-print';
const secretFile = (): string => {
  const f = join(mkdtempSync(join(tmpdir(), 'itstrat-secret-')), 'secret.yaml');
  writeFileSync(f, `id: "9.9"\ntitle: ${SECRET}\n`);
  return f;
};
const measureName = (dir: string, id: string): string => readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`))!;

interface LinkCase {
  name: string;
  /** Plants a link in a copy of the strategy; returns the path (relative to the folder) that must be named. */
  plant: (dir: string, secret: string) => string;
}

const outside: LinkCase[] = [
  {
    name: 'a measure file linking to an absolute path',
    plant: (d, s) => (symlinkSync(s, join(d, 'measures', '9.9-x.yaml')), 'measures/9.9-x.yaml'),
  },
  {
    name: 'a measure file linking through ..',
    plant: (d, s) => (
      symlinkSync(`../../../${s.split('/').slice(-2).join('/')}`, join(d, 'measures', '9.9-x.yaml')),
      'measures/9.9-x.yaml'
    ),
  },
  {
    name: 'a link to a link that leaves the folder',
    plant: (d, s) => (
      symlinkSync(s, join(d, 'hop.yaml')),
      symlinkSync('../hop.yaml', join(d, 'measures', '9.9-x.yaml')),
      'measures/9.9-x.yaml'
    ),
  },
  {
    name: 'a top-level file',
    plant: (d, s) => (rmSync(join(d, 'metrics.yaml')), symlinkSync(s, join(d, 'metrics.yaml')), 'metrics.yaml'),
  },
  {
    name: 'the measures folder itself',
    plant: (d, s) => {
      const elsewhere = join(dirname(s), 'm');
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, '9.9-x.yaml'), `id: "9.9"\ntitle: ${SECRET}\n`);
      rmSync(join(d, 'measures'), { recursive: true });
      symlinkSync(elsewhere, join(d, 'measures'));
      return 'measures';
    },
  },
  {
    name: 'a link to the folder above the strategy',
    plant: (d) => (symlinkSync('../..', join(d, 'measures', '9.9-x.yaml')), 'measures/9.9-x.yaml'),
  },
];

describe('links out of the strategy folder are findings and never read', () => {
  for (const c of outside) {
    it(c.name, async () => {
      const dir = copyStrategy();
      const named = c.plant(dir, secretFile());
      for (const format of ['text', 'json', 'github', 'junit']) {
        const run = await itstratInProcess(['validate', '--dir', dir, '--format', format]);
        expect(run.status, run.stdout + run.stderr).toBe(1);
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        expect(run.stdout).toContain('symlink-outside');
        expect(run.stdout).toContain(named);
      }
      const text = (await itstratInProcess(['validate', '--dir', dir])).stdout;
      expect(text).toMatch(new RegExp(`${named.replace('.', '\\.')}:1:1 error .*outside the strategy folder.*\\[symlink-outside\\]`));
      for (const command of [['score'], ['score', '--format', 'json'], ['report'], ['status']]) {
        const run = await itstratInProcess([...command, '--dir', dir]);
        expect(run.status).toBe(1);
        expect(run.stdout + run.stderr).not.toContain(SECRET);
      }
      const fmt = await itstratInProcess(['fmt', '--dir', dir]);
      expect(fmt.status).toBe(1);
      expect(fmt.stdout + fmt.stderr).not.toContain(SECRET);
    });
  }

  it("a --dir that is itself a link is the user's choice and reads normally", async () => {
    const dir = copyStrategy();
    const link = join(mkdtempSync(join(tmpdir(), 'itstrat-link-')), 'strategy');
    symlinkSync(dir, link);
    expect((await itstratInProcess(['validate', '--dir', link])).status).toBe(0);
  });
});

describe('links inside the folder are followed, broken ones and special files are findings', () => {
  it('follows a measure file linking to a file inside the folder, so no measure is lost', async () => {
    const dir = copyStrategy();
    const name = measureName(dir, '1.2');
    mkdirSync(join(dir, 'archive'));
    renameSync(join(dir, 'measures', name), join(dir, 'archive', name));
    symlinkSync(`../archive/${name}`, join(dir, 'measures', name));
    expect(await itstratInProcess(['validate', '--dir', dir])).toMatchObject({ status: 0 });
    const score = JSON.parse((await itstratInProcess(['score', '--dir', dir, '--format', 'json'])).stdout);
    expect(score.measures).toHaveLength(54);
    expect(score.measures.find((m: { id: string }) => m.id === '1.2').score).toBe(21);
  });

  it('follows a measures folder linking inside the folder', async () => {
    const dir = copyStrategy();
    renameSync(join(dir, 'measures'), join(dir, 'massnahmen'));
    symlinkSync('massnahmen', join(dir, 'measures'));
    expect(JSON.parse((await itstratInProcess(['score', '--dir', dir, '--format', 'json'])).stdout).measures).toHaveLength(54);
  });

  const special: { name: string; plant: (d: string) => void; rule: string; message: RegExp }[] = [
    {
      name: 'a dangling link',
      plant: (d) => symlinkSync('gone.yaml', join(d, 'measures', '9.9-x.yaml')),
      rule: 'symlink-broken',
      message: /symbolic link to gone\.yaml whose target does not exist/,
    },
    {
      name: 'a link loop',
      plant: (d) => symlinkSync('9.9-x.yaml', join(d, 'measures', '9.9-x.yaml')),
      rule: 'symlink-broken',
      message: /symbolic link loop/,
    },
    {
      name: 'a two-link loop',
      plant: (d) => (
        symlinkSync('9.8-y.yaml', join(d, 'measures', '9.9-x.yaml')),
        symlinkSync('9.9-x.yaml', join(d, 'measures', '9.8-y.yaml'))
      ),
      rule: 'symlink-broken',
      message: /symbolic link loop/,
    },
    {
      name: 'a FIFO named like a measure (must not hang)',
      plant: (d) => execFileSync('mkfifo', [join(d, 'measures', '9.9-x.yaml')]),
      rule: 'not-a-file',
      message: /named pipe \(FIFO\)/,
    },
    {
      name: 'a FIFO as strategy.yaml',
      plant: (d) => (rmSync(join(d, 'strategy.yaml')), execFileSync('mkfifo', [join(d, 'strategy.yaml')])),
      rule: 'not-a-file',
      message: /named pipe/,
    },
    {
      name: 'a link to a device',
      plant: (d) => symlinkSync('/dev/zero', join(d, 'measures', '9.9-x.yaml')),
      rule: 'symlink-outside',
      message: /outside the strategy folder/,
    },
    {
      name: 'a folder named like a measure',
      plant: (d) => mkdirSync(join(d, 'measures', '9.9-x.yaml')),
      rule: 'not-a-file',
      message: /is a folder/,
    },
  ];
  for (const c of special) {
    it(c.name, async () => {
      const dir = copyStrategy();
      c.plant(dir);
      // Spawned: a regression that reads the FIFO or /dev/zero blocks; the spawn's timeout ends it, in process it would hang the worker.
      const run = itstrat(['validate', '--dir', dir]);
      expect(run.status, run.stdout + run.stderr).toBe(1);
      const line = run.stdout.split('\n').find((l) => l.includes(`[${c.rule}]`));
      expect(line, run.stdout).toMatch(/:1:1 error /);
      expect(line).toMatch(c.message);
      expect(run.stdout).not.toContain('missing-file');
    });
  }
});

describe('git reads: committed links and submodules', () => {
  it('a committed link out of the folder is a finding in diff, never its content', async () => {
    const g = gitdir();
    writeFileSync(join(g.dir, 'secret.yaml'), `id: "9.9"\ntitle: ${SECRET}\n`);
    const base = g.commit('start');
    symlinkSync('../../secret.yaml', join(g.dir, 'strategy/measures/9.9-x.yaml'));
    symlinkSync('/etc/passwd', join(g.dir, 'strategy/measures/9.8-y.yaml'));
    g.commit('links');
    for (const args of [
      ['diff', base, 'HEAD', '--format', 'json'],
      ['diff', base, '--format', 'json'],
      ['diff', base, 'HEAD', '--format', 'markdown'],
    ]) {
      const run = itstrat(args, { cwd: g.dir });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain('root:');
      expect(run.stdout).toContain('symlink-outside');
    }
    const json = JSON.parse(itstrat(['diff', base, 'HEAD', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(json.invalid.map((f: { file: string; rule: string; line: number }) => [f.file, f.rule, f.line])).toEqual([
      ['HEAD:strategy/measures/9.8-y.yaml', 'symlink-outside', 1],
      ['HEAD:strategy/measures/9.9-x.yaml', 'symlink-outside', 1],
    ]);
    expect(json.added).toEqual([]);
  });

  it('a committed link inside the folder is followed like on disk: no measure lost or new', async () => {
    const g = gitdir();
    const base = g.commit('start');
    const name = measureName(join(g.dir, 'strategy'), '1.2');
    mkdirSync(join(g.dir, 'strategy/archive'));
    g.move(`strategy/measures/${name}`, `strategy/archive/${name}`);
    symlinkSync(`../archive/${name}`, join(g.dir, `strategy/measures/${name}`));
    g.commit('linked');
    for (const args of [
      ['diff', base, 'HEAD', '--format', 'json'],
      ['diff', 'HEAD', '--format', 'json'],
    ]) {
      const run = itstrat(args, { cwd: g.dir });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const out = JSON.parse(run.stdout);
      expect([out.added, out.removed, out.changed, out.invalid]).toEqual([[], [], [], []]);
    }
    g.edit(`strategy/archive/${name}`, (t) => t.replace('  security: 2', '  security: 3'));
    g.commit('rescored through the link', '2020-02-01');
    const changed = JSON.parse(itstrat(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], { cwd: g.dir }).stdout).changed;
    expect(changed.map((c: { id: string }) => c.id)).toEqual(['1.2']);
    const history = JSON.parse(itstrat(['history', '1.2', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(history.entries.map((e: { events: string[] }) => e.events[0])).toEqual(['added', 'edited']);
  });

  const submodule = (g: ReturnType<typeof gitdir>, path: string): void => {
    const sub = gitdir({ strategy: false });
    writeFileSync(join(sub.dir, '9.9-x.yaml'), 'id: "9.9"\n');
    sub.commit('sub');
    g.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, path]);
  };

  it('measures inside a git submodule are a finding, not lost silently', async () => {
    const g = gitdir();
    const base = g.commit('start');
    g.git(['rm', '-r', '-q', 'strategy/measures']);
    submodule(g, 'strategy/measures');
    g.commit('measures as submodule');
    const run = itstrat(['diff', base, 'HEAD', '--format', 'json'], { cwd: g.dir });
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.invalid).toMatchObject([{ file: 'HEAD:strategy/measures', rule: 'submodule', line: 1, col: 1 }]);
    expect(out.invalid[0].message).toMatch(/git submodule/);
  });

  it('a strategy folder that is a submodule is a clear error, never "54 measures new"', async () => {
    const g = gitdir({ strategy: false });
    const base = g.commit('empty');
    submodule(g, 'strategy');
    g.commit('strategy as submodule');
    const checkedOut = itstrat(['diff', base, 'HEAD', '--dir', 'strategy'], { cwd: g.dir });
    expect(checkedOut).toMatchObject({ status: 2, stdout: '' });
    expect(checkedOut.stderr).toMatch(
      /^itstrat: strategy folder strategy is inside the git submodule at strategy, a repository of its own/,
    );
    g.git(['submodule', 'deinit', '-q', '-f', 'strategy']);
    const empty = itstrat(['diff', base, 'HEAD', '--dir', 'strategy'], { cwd: g.dir });
    expect(empty).toMatchObject({ status: 2, stdout: '' });
    expect(empty.stderr).toMatch(
      /^itstrat: at HEAD, strategy is a git submodule: the strategy folder strategy is not part of this repository's history/,
    );
  });
});

describe('status --today judges the strategy as it stood that day', () => {
  it('ignores later commits and measures created later; refuses a day before the first commit', async () => {
    const g = gitdir();
    g.commit('start', '2018-12-11');
    const name = measureName(join(g.dir, 'strategy'), '1.6');
    g.edit(`strategy/measures/${name}`, (t) => t.replace('  external: 1', '  external: 2'));
    g.commit('review 1.6', '2019-06-01');
    g.write('strategy/measures/1.99-neu.yaml', g.read(`strategy/measures/${name}`).replace('id: "1.6"', 'id: "1.99"'));
    g.edit(`strategy/measures/${measureName(join(g.dir, 'strategy'), '1.1')}`, (t) => t.replace('  quality: 3', '  quality: 4'));
    g.commit('later', '2021-03-01');
    g.edit(`strategy/measures/${measureName(join(g.dir, 'strategy'), '1.2')}`, (t) => t.replace('  quality: 3', '  quality: 4'));
    const out = JSON.parse(itstrat(['status', '--format', 'json', '--today', '2020-01-01'], { cwd: g.dir }).stdout);
    expect(out.as_of.date).toBe('2019-06-01');
    expect(out.measures.total).toBe(54);
    expect(out.review.uncommitted).toEqual([]);
    const stale = out.review.stale.map((s: { id: string }) => s.id);
    expect(stale).toHaveLength(53);
    expect(stale).toContain('1.1');
    expect(stale).toContain('1.2');
    expect(stale).not.toContain('1.6');
    const before = itstrat(['status', '--today', '2018-12-10'], { cwd: g.dir });
    expect(before).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'itstrat: the strategy has no commit on or before 2018-12-10 in this branch; it did not exist in git yet\n',
    });
  });
});

describe('shallow clones', () => {
  const clone = (g: ReturnType<typeof gitdir>, depth: number): string => {
    const to = join(mkdtempSync(join(tmpdir(), 'itstrat-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', String(depth), `file://${g.dir}`, to], {
      env: { PATH: process.env['PATH'] ?? '', HOME: g.dir },
    });
    return to;
  };

  it('status refuses when the cut lies within the review window, and works when it lies before', async () => {
    const g = gitdir();
    g.commit('start', '2018-12-11');
    g.edit('strategy/metrics.yaml', (t) => `${t}\n`);
    g.commit('recent', '2020-06-01');
    g.edit('strategy/metrics.yaml', (t) => `${t}\n`);
    g.commit('more recent', '2020-07-01');
    const shallow = clone(g, 1);
    const run = itstrat(['status', '--today', '2020-08-01'], { cwd: shallow });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/shallow clone/);
    expect(run.stderr).toContain('fetch-depth: 0');
    const deep = clone(g, 2);
    const ok = itstrat(['status', '--format', 'json', '--today', '2021-12-01'], { cwd: deep });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).review.stale).toHaveLength(54);
  });

  it('history refuses when the measure reaches beyond the cut, and works for one created after it', async () => {
    const g = gitdir();
    g.commit('start', '2018-12-11');
    g.commit('empty', '2019-01-01');
    const name = measureName(join(g.dir, 'strategy'), '1.6');
    g.write('strategy/measures/1.99-neu.yaml', g.read(`strategy/measures/${name}`).replace('id: "1.6"', 'id: "1.99"'));
    g.commit('new measure', '2020-01-01');
    const shallow = clone(g, 2);
    const run = itstrat(['history', '1.6'], { cwd: shallow });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/shallow clone/);
    expect(run.stderr).toContain('fetch-depth: 0');
    const ok = itstrat(['history', '1.99', '--format', 'json'], { cwd: shallow });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).entries.map((e: { events: string[] }) => e.events[0])).toEqual(['added']);
  });
});
