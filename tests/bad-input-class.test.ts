import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SLUG_LENGTH, measureFileName } from '../src/model/file-names.js';
import { MAX_FILE_BYTES, parseYaml } from '../src/model/parse-yaml.js';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { gitdir } from './helpers/gitdir.js';

// Issue 10, section 6: every kind of bad input ends in a located finding or a clear usage error,
// never in "internal error", a rewrite with `null`, or values of a broken file in a ranking.

const measureFile = (dir: string, id: string): string => {
  const name = readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`));
  if (name === undefined) throw new Error(`no file for ${id}`);
  return join(dir, 'measures', name);
};

/** A billion-laughs file: anchors a..j, each alias line nine times the one before. Starts at `first`. */
function aliasBomb(first = 1): string {
  const levels = [...Array(first - 1).fill('# filler'), 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${levels.join('\n')}\n`;
}

const locations = (out: string, file: string): { line: number; col: number; rule: string }[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith(`${file}:`))
    .map((l) => {
      const [, line, col, rule] = /^.*?:(\d+):(\d+) (?:error|warning) .*\[([a-z-]+)\]$/.exec(l) ?? [];
      return { line: Number(line), col: Number(col), rule: rule ?? '' };
    });

/** Each breaks a measure file in a way only the reading checks can see; the expected rule and line. */
const unreadable: { name: string; bytes: () => Buffer; rule: string; line: number }[] = [
  { name: 'alias bomb', bytes: () => Buffer.from(aliasBomb(3)), rule: 'alias-limit', line: 6 },
  { name: 'empty file', bytes: () => Buffer.alloc(0), rule: 'empty-file', line: 1 },
  { name: 'only a comment', bytes: () => Buffer.from('# nichts\n'), rule: 'empty-file', line: 1 },
  {
    name: 'invalid UTF-8',
    bytes: () => Buffer.concat([Buffer.from('id: "1.9"\ntitle: Gr'), Buffer.from([0xfc]), Buffer.from('n\n')]),
    rule: 'encoding',
    line: 2,
  },
  { name: 'NUL byte', bytes: () => Buffer.from('id: "1.9"\n\0\n'), rule: 'encoding', line: 2 },
  { name: 'syntax error', bytes: () => Buffer.from('id: "1.9"\ntitle: a: b\nfield: x\n'), rule: 'yaml-syntax', line: 2 },
  { name: 'two documents', bytes: () => Buffer.from('id: "1.9"\n---\nid: "1.9"\n'), rule: 'multiple-documents', line: 2 },
  { name: 'deep nesting', bytes: () => Buffer.from(`id: "1.9"\nx: ${'['.repeat(40)}${']'.repeat(40)}\n`), rule: 'nesting-depth', line: 2 },
  {
    name: 'file above the size limit',
    bytes: () => Buffer.from(`id: "1.9"\n# ${'x'.repeat(MAX_FILE_BYTES)}\n`),
    rule: 'file-too-large',
    line: 1,
  },
];

describe('fmt runs every file through the reading checks of validate', () => {
  for (const c of unreadable) {
    for (const check of [false, true]) {
      it(`${c.name}: fmt${check ? ' --check' : ''} refuses it with a located finding, exit 1, file unchanged`, async () => {
        const dir = copyStrategy();
        const file = measureFile(dir, '1.9');
        const bytes = c.bytes();
        writeFileSync(file, bytes);
        for (const args of [[file], []]) {
          const r = await itstratInProcess(['fmt', ...(check ? ['--check'] : []), '--dir', dir, ...args]);
          expect(r.status, r.stdout + r.stderr).toBe(1);
          expect(r.stderr).not.toContain('internal error');
          expect(r.stdout).not.toMatch(/kanonisch|formatiert/);
          const found = locations(r.stderr, file);
          expect(found, r.stderr).toHaveLength(1);
          expect(found[0]).toMatchObject({ rule: c.rule, line: c.line });
          expect(found[0]!.col).toBeGreaterThan(0);
          expect(r.stderr).toContain('not formatted');
          expect(readFileSync(file).equals(bytes)).toBe(true);
        }
      });
    }
  }

  it('still formats the readable files next to a refused one', async () => {
    const dir = copyStrategy();
    writeFileSync(measureFile(dir, '1.5'), '');
    const good = measureFile(dir, '1.6');
    editFile(good, (t) => t.replace('id: "1.6"', "id: '1.6'"));
    const r = await itstratInProcess(['fmt', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(readFileSync(good, 'utf8')).toContain('id: "1.6"');
    expect(readFileSync(measureFile(dir, '1.5'), 'utf8')).toBe('');
  });

  it('exits 2 for a named path that does not exist or is a folder, before writing anything', async () => {
    const dir = copyStrategy();
    const good = measureFile(dir, '1.6');
    editFile(good, (t) => t.replace('id: "1.6"', "id: '1.6'"));
    const before = readFileSync(good, 'utf8');
    const missing = await itstratInProcess(['fmt', good, join(dir, 'measures', '9.9-nope.yaml')]);
    expect(missing).toMatchObject({ status: 2, stderr: `itstrat: ${join(dir, 'measures', '9.9-nope.yaml')} does not exist\n` });
    const folder = await itstratInProcess(['fmt', good, join(dir, 'measures')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/^itstrat: .*measures is not a strategy file \(expected/);
    expect(readFileSync(good, 'utf8')).toBe(before);
  });

  it('formats a file with CR-only line breaks as YAML 1.2 reads it, keeping CR line breaks', async () => {
    const dir = copyStrategy();
    const file = measureFile(dir, '2.5');
    const lf = readFileSync(file, 'utf8');
    writeFileSync(file, lf.replace('id: "2.5"', "id: '2.5'").replace(/\n/g, '\r'));
    expect((await itstratInProcess(['fmt', '--check', file])).status).toBe(1);
    expect((await itstratInProcess(['fmt', file])).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(lf.replace(/\n/g, '\r'));
  });
});

describe('line breaks and positions', () => {
  it('fmt keeps the line break a file uses most, also when one stray CR is in it', async () => {
    const dir = copyStrategy();
    const file = measureFile(dir, '2.5');
    const lf = readFileSync(file, 'utf8');
    writeFileSync(file, lf.replace('id: "2.5"', "id: '2.5' # Nummer\r# noch ein Kommentar"));
    expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
    expect((await itstratInProcess(['fmt', file])).status).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(lf.replace('id: "2.5"', 'id: "2.5" # Nummer\n# noch ein Kommentar'));
  });

  it.each([
    ['a\nb\n', '\n'],
    ['a\r\nb\r\n', '\r\n'],
    ['a\rb\r', '\r'],
    ['a\nb\rc\n', '\n'],
    ['a\r\nb\rc\r\n', '\r\n'],
    ['a', '\n'],
  ])('lineBreakOf(%j) is %j', async (text, eol) => {
    const { lineBreakOf } = await import('../src/write/update-yaml-file.js');
    expect(lineBreakOf(text)).toBe(eol);
  });

  it('reads a CR-only file as YAML 1.2 does, and locates its errors on the right line', async () => {
    const dir = copyStrategy();
    const file = measureFile(dir, '2.3');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r'));
    expect(await itstratInProcess(['validate', '--dir', dir])).toMatchObject({ status: 0 });
    editFile(file, (t) => t.replace('  security: ', '  security: x').replace('title: ', 'title: [broken '));
    const r = await itstratInProcess(['validate', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(locations(r.stdout, file)).toEqual([{ line: 5, col: 1, rule: 'yaml-syntax' }]);
  });

  it('counts \\r\\n, \\r and \\n alike, also in a file that mixes them', async () => {
    // Unclosed flow mapping: reported at the end of the file, line 5 when every break counts.
    const text = 'id: "1.1"\r\ntitle: a\rfield: b\nscores: {x: 1\n';
    const parsed = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from('a: 1\r\nb: 2\rc: 3\nd: 4\n') });
    expect(parsed.findings).toEqual([]);
    expect(parsed.data).toEqual({ a: 1, b: 2, c: 3, d: 4 });
    expect(parsed.locate(['c'])).toEqual({ line: 3, col: 4, endLine: 3, endCol: 4 });
    expect(parsed.locate(['d'])).toEqual({ line: 4, col: 4, endLine: 4, endCol: 4 });
    const broken = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from(text) });
    expect(broken.findings.map((f) => [f.line, f.rule])).toEqual([[5, 'yaml-syntax']]);
    const bad = parseYaml({
      path: 'x.yaml',
      relative: 'measures/x.yaml',
      bytes: Buffer.concat([Buffer.from('a: 1\rb: 2\r\nc: x'), Buffer.from([0xff])]),
    });
    expect(bad.findings.map((f) => [f.line, f.col, f.rule])).toEqual([[3, 5, 'encoding']]);
  });
});

describe('findings point at the offending place', () => {
  it('alias limit: at the alias whose expansion crosses the limit, not 1:1', async () => {
    const parsed = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from(aliasBomb(5)) });
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({ rule: 'alias-limit', line: 8, col: 8 });
  });

  it('an alias without anchor is a located syntax finding, not an alias-limit one', async () => {
    const parsed = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from('id: "1.1"\nscores:\n  x: *nope\n') });
    expect(parsed.findings).toEqual([
      expect.objectContaining({ rule: 'yaml-syntax', line: 3, col: 6, message: expect.stringMatching(/alias \*nope has no anchor/) }),
    ]);
  });

  it.each([40, 100_000, 200_000])('nesting %i levels deep: at the too-deep node on its line', async (depth) => {
    const parsed = parseYaml({
      path: 'x.yaml',
      relative: 'measures/x.yaml',
      bytes: Buffer.from(`id: "1.1"\n\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
    });
    expect(parsed.findings).toHaveLength(1);
    // x: is level 1, the 32nd bracket (col 35) is the 33rd level: the first one too deep.
    expect(parsed.findings[0]).toMatchObject({ rule: 'nesting-depth', line: 3, col: 35 });
  });

  it('one tab used for indentation gives one finding, at the tab', async () => {
    const dir = copyStrategy();
    const file = measureFile(dir, '1.10');
    editFile(file, (t) => t.replace('  strategy: 3', '\tstrategy: 3'));
    const r = await itstratInProcess(['validate', '--dir', dir]);
    expect(locations(r.stdout, file)).toEqual([{ line: 14, col: 1, rule: 'tab-indentation' }]);
  });

  it('several duplicate keys still each get their finding', async () => {
    const parsed = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from('a: 1\na: 2\nb: 1\nb: 2\n') });
    expect(parsed.findings.map((f) => [f.line, f.rule])).toEqual([
      [2, 'duplicate-key'],
      [4, 'duplicate-key'],
    ]);
  });
});

describe('the size limit', () => {
  it('makes a file above 1 MiB a finding before it is parsed, naming size and limit', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'metrics.yaml');
    // Would be an alias bomb and a syntax error, if it were parsed at all.
    writeFileSync(file, `${aliasBomb()}${'x: ['.repeat(1)}${'#'.repeat(MAX_FILE_BYTES)}\n`);
    const size = readFileSync(file).length;
    const r = await itstratInProcess(['validate', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `${file}:1:1 error file too large: ${size} bytes; expected at most ${MAX_FILE_BYTES} bytes (1 MiB) per strategy file [file-too-large]`,
    );
    expect(locations(r.stdout, file)).toHaveLength(1);
  });

  it('accepts a file of exactly the limit', async () => {
    const text = `a: 1\n#${'x'.repeat(MAX_FILE_BYTES - 7)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_FILE_BYTES);
    expect(parseYaml({ path: 'x.yaml', relative: 'x.yaml', bytes: Buffer.from(text) }).findings).toEqual([]);
  });

  it('applies to files read from a git revision', async () => {
    const g = gitdir();
    g.commit('start');
    g.edit('strategy/measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml', (t) => `${t}# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    g.commit('huge');
    const r = itstrat(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], { cwd: g.dir });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.invalid).toEqual([expect.objectContaining({ revision: 'HEAD', rule: 'file-too-large', line: 1, col: 1 })]);
    expect(out.unranked).toEqual([{ revision: 'HEAD', id: null, file: 'measures/1.1-konsolidierung-vorhandenen-zwei-sap.yaml' }]);
    expect(out.removed).toEqual([]);
  });
});

describe('diff: a revision with invalid files never feeds their values into scores', () => {
  const M = 'strategy/measures';
  const E_AKTE = `${M}/1.2-e-akte-dokumentenmanagement-system.yaml`;

  it('leaves a measure with an out-of-range score out of the ranking and says so (json, markdown, table)', async () => {
    const g = gitdir();
    g.commit('start');
    g.edit(E_AKTE, (t) => t.replace('  security: 2', '  security: 7'));
    const r = itstrat(['diff', 'HEAD', '--format', 'json'], { cwd: g.dir });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.invalid.map((i: { rule: string }) => i.rule)).toEqual(['score-range']);
    expect(out.ranking.find((x: { id: string }) => x.id === '1.2')).toBeUndefined();
    expect(out.ranking).toHaveLength(53);
    expect(Math.max(...out.ranking.map((x: { to: { rank: number } }) => x.to.rank))).toBe(53);
    expect(out.unranked).toEqual([{ revision: 'working tree', id: '1.2', file: 'measures/1.2-e-akte-dokumentenmanagement-system.yaml' }]);
    // The change itself is still reported: it is data, not a score.
    expect(out.changed).toEqual([expect.objectContaining({ id: '1.2', changes: [{ path: 'scores.security', from: 2, to: 7 }] })]);
    expect(out.added).toEqual([]);
    expect(out.removed).toEqual([]);
    const md = itstrat(['diff', 'HEAD', '--format', 'markdown', '--lang', 'en'], { cwd: g.dir }).stdout;
    expect(md).toContain('## Left out of the ranking');
    expect(md).toMatch(/\| working tree \| 1\.2 \| measures\/1\.2-e-akte-dokumentenmanagement-system\.yaml \|/);
    expect(md).not.toMatch(/\| 1\.2 \|[^\n]*\| 26 \|/);
    const table = itstrat(['diff', 'HEAD'], { cwd: g.dir }).stdout;
    expect(table).toContain('Nicht in der Rangfolge');
  });

  it('a file that does not parse at one side is unranked there, not "removed"', async () => {
    const g = gitdir();
    g.commit('start');
    g.write(E_AKTE, 'id: "1.2"\ntitle: [kaputt\n');
    const out = JSON.parse(itstrat(['diff', 'HEAD', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(out.removed).toEqual([]);
    expect(out.unranked).toEqual([{ revision: 'working tree', id: null, file: 'measures/1.2-e-akte-dokumentenmanagement-system.yaml' }]);
    const back = JSON.parse(itstrat(['diff', 'HEAD', 'HEAD', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(back.unranked).toEqual([]);
  });

  it('Leitplanken with errors score nothing at that revision', async () => {
    const g = gitdir();
    g.commit('start');
    g.edit('strategy/leitplanken.yaml', (t) => t.replace(/weight: \d+/, 'weight: -1'));
    const out = JSON.parse(itstrat(['diff', 'HEAD', '--format', 'json'], { cwd: g.dir }).stdout);
    expect(out.invalid.map((i: { rule: string }) => i.rule)).toEqual(['range']);
    expect(out.ranking).toBeNull();
  });

  it('history gives no score or rank at a commit where the measure file is invalid', async () => {
    const g = gitdir();
    g.commit('start', '2020-01-01');
    g.edit(E_AKTE, (t) => t.replace('  security: 2', '  security: 7'));
    g.commit('kaputt', '2020-02-01');
    const out = JSON.parse(itstrat(['history', '1.2', '--format', 'json'], { cwd: g.dir }).stdout);
    const last = out.entries.at(-1);
    expect(last.scores.security).toBe(7);
    expect(last).toMatchObject({ score: null, rank: null, prioritized: null });
  });
});

describe('the parse cache ignores entries it did not write', () => {
  const hostile: [string, (entry: Record<string, unknown>) => unknown][] = [
    ['findings not a list', (e) => ({ ...e, findings: 'x' })],
    ['valid entry without data', (e) => ({ ...e, data: null })],
    ['data a string', (e) => ({ ...e, data: 'id' })],
    ['data a mapping that does not fit the schema', (e) => ({ ...e, data: { x: 1 } })],
    ['a measure without scores', (e) => ({ ...e, data: { ...(e['data'] as object), scores: undefined, leitplanken: 'x' } })],
    ['valid but with findings', (e) => ({ ...e, findings: [{ line: 1, col: 1, path: '', rule: 'x', severity: 'error', message: 'x' }] })],
    [
      'a finding at line 0',
      (e) => ({ ...e, valid: false, findings: [{ line: 0, col: 1, path: '', rule: 'x', severity: 'error', message: 'x' }] }),
    ],
    ['a field of an older format (positions), broken', (e) => ({ ...e, positions: { '': 'x' } })],
    ['entry null', () => null],
    ['entry a number', () => 7],
  ];
  for (const [name, breakEntry] of hostile) {
    it(name, async () => {
      const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
      const dir = copyStrategy();
      const cold = itstrat(['score', '--format', 'json', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: cache } });
      expect(cold.status).toBe(0);
      const [cacheName] = readdirSync(cache).filter((f) => f.endsWith('.json'));
      const path = join(cache, cacheName!);
      const stored = JSON.parse(readFileSync(path, 'utf8')) as { version: string; entries: Record<string, Record<string, unknown>> };
      for (const key of Object.keys(stored.entries)) stored.entries[key] = breakEntry(stored.entries[key]!) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify(stored));
      const warm = itstrat(['score', '--format', 'json', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: cache } });
      expect(warm).toEqual(cold);
      // Replaced by good entries.
      const again = JSON.parse(readFileSync(path, 'utf8')) as typeof stored;
      expect(Object.values(again.entries).every((e) => e !== null && typeof e === 'object' && Array.isArray(e['findings']))).toBe(true);
    });
  }

  it('a truncated cache file is ignored', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    const cold = itstrat(['validate', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: cache } });
    const [cacheName] = readdirSync(cache).filter((f) => f.endsWith('.json'));
    const path = join(cache, cacheName!);
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 5000));
    expect(itstrat(['validate', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: cache } })).toEqual(cold);
    writeFileSync(path, 'null');
    expect(itstrat(['validate', '--dir', dir], { env: { ITSTRAT_CACHE_DIR: cache } })).toEqual(cold);
  });
});

describe('new measure: the file name slug', () => {
  it(`is shortened at a word boundary to ${MAX_SLUG_LENGTH} characters; the title is kept in full`, async () => {
    const dir = copyStrategy();
    const title = `${'Donaudampfschifffahrtsgesellschaft '.repeat(8)}Kapitänsmützen des Jahres ${'x'.repeat(30)}`.slice(0, 300);
    expect(title).toHaveLength(300);
    const r = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', title]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const name = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('3.13'))!;
    expect(name).toBe('3.13-donaudampfschifffahrtsgesellschaft.yaml');
    expect(readFileSync(join(dir, 'measures', name), 'utf8')).toContain(title.slice(0, 60));
    expect(
      JSON.parse((await itstratInProcess(['score', '--format', 'json', '--dir', dir])).stdout).measures.find(
        (m: { id: string }) => m.id === '3.13',
      ).title,
    ).toBe(title);
  });

  it('cuts a single word that is longer than the limit', async () => {
    const dir = copyStrategy();
    const title = 'x'.repeat(300);
    expect((await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', title])).status).toBe(0);
    expect(readdirSync(join(dir, 'measures'))).toContain(`3.13-${'x'.repeat(MAX_SLUG_LENGTH)}.yaml`);
    expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
  });

  it.each([
    ['Aufbau eines Bürgerportals und einer App', '1.1-aufbau-buergerportals-app.yaml'],
    ['🎉🎉🎉', '1.1.yaml'],
    ['!!! ??? ...', '1.1.yaml'],
    ['der die das', '1.1.yaml'],
    [`alpha ${'b'.repeat(50)} gamma delta`, `1.1-alpha-${'b'.repeat(50)}.yaml`],
  ])('%s → %s', async (title, name) => {
    expect(measureFileName('1.1', title)).toBe(name);
    expect(measureFileName('1.1', title).length - '1.1-.yaml'.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });
});

describe('init on a path that cannot become a new strategy folder', () => {
  it.each([
    [
      'an existing regular file',
      (base: string) => {
        writeFileSync(join(base, 'f'), 'x');
        return join(base, 'f');
      },
      /exists and is not a folder/,
    ],
    [
      'a path under a regular file',
      (base: string) => {
        writeFileSync(join(base, 'f'), 'x');
        return join(base, 'f', 'sub', 'strategy');
      },
      /cannot create .*: .*\/f is a file, not a folder/,
    ],
    [
      'a folder that is not empty',
      (base: string) => {
        mkdirSync(join(base, 'd'));
        writeFileSync(join(base, 'd', 'x'), '');
        return join(base, 'd');
      },
      /exists and is not empty/,
    ],
  ])('%s exits 2 with a clear message and creates nothing', async (_name, make, message) => {
    const base = mkdtempSync(join(tmpdir(), 'itstrat-init-'));
    const target = make(base);
    const before = readdirSync(base, { recursive: true });
    const r = await itstratInProcess(['init', target]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(readdirSync(base, { recursive: true })).toEqual(before);
  });

  it('an empty folder name exits 2 and writes nothing into the current folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'itstrat-init-'));
    writeFileSync(join(cwd, 'notes.txt'), 'x');
    const r = itstrat(['init', ''], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^itstrat: expected the folder for the new strategy/);
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });

  it('diff, history and status name a file given as the strategy folder', async () => {
    const g = gitdir();
    g.commit('start');
    writeFileSync(join(g.dir, 'afile'), 'x');
    for (const args of [['diff', 'HEAD'], ['history', '1.1'], ['status']]) {
      const r = itstrat([...args, '--dir', join(g.dir, 'afile')], { cwd: g.dir });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/strategy folder .*afile is not a folder/);
    }
    expect(existsSync(join(g.dir, 'afile'))).toBe(true);
  });
});
