import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/model/parse-yaml.js';
import { findingsFormatters } from '../src/render/render-findings.js';
import { copyStrategy, itstrat } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { gitdir } from './helpers/gitdir.js';

// Issue 11, item 5: every finding carries where its node ends (endLine, endCol: 1-based, inclusive).

const E_VERGABE = join('measures', '1.6-evergabe.yaml');

type Json = { file: string; line: number; col: number; endLine: number; endCol: number; path: string; rule: string };

/** With env (a cache folder) the built binary runs: only a build has the parse cache; else in process. */
const validateJson = async (dir: string, env?: Record<string, string>): Promise<{ findings: Json[] } & Record<string, unknown>> => {
  const args = ['validate', '--dir', dir, '--format', 'json'];
  const r = env === undefined ? await itstratInProcess(args) : itstrat(args, { env });
  expect(r.status).toBe(1);
  return JSON.parse(r.stdout);
};

const range = (f: Json): [number, number, number, number] => [f.line, f.col, f.endLine, f.endCol];
const byRule = (findings: Json[], rule: string): Json => {
  const f = findings.find((x) => x.rule === rule);
  if (f === undefined) throw new Error(`no ${rule} finding in ${JSON.stringify(findings)}`);
  return f;
};

/** A measure file with one mistake of each located kind that the schema and rules find. */
function brokenMeasure(dir: string): string {
  const file = join(dir, E_VERGABE);
  writeFileSync(
    file,
    [
      'id: "1.6"', // 1
      'titel: Einführung eVergabe', // 2: unknown-key (the key, 5 characters)
      'title: x', // 3
      'field: eadministration', // 4
      'description: d', // 5
      'source: [Interview]', // 6
      'current_state: x', // 7
      'recommendation: ""', // 8
      'scores:', // 9
      '  strategy: 3', // 10
      '  quality: [1,', // 11: type over two lines
      '     2]', // 12
      '  security: 1', // 13
      '  external: 1', // 14
      'decision: |', // 15: enum, a block scalar over three lines
      '  maybe', // 16
      '  later   ', // 17: trailing blanks are not part of it
      '', // 18
      'owner: "Amt 10"   # comment', // 19
    ].join('\n') + '\n',
  );
  return file;
}

describe('ranges in the JSON contract', () => {
  it('a multi-line value ends on a later line; a key finding spans the key; blanks and comments are not part', async () => {
    const dir = copyStrategy();
    brokenMeasure(dir);
    const { findings } = await validateJson(dir);
    expect(range(byRule(findings, 'unknown-key'))).toEqual([2, 1, 2, 5]);
    expect(range(byRule(findings, 'type'))).toEqual([11, 12, 12, 7]);
    expect(range(byRule(findings, 'enum'))).toEqual([15, 11, 17, 7]);
  });

  it('keeps the contract key order: endLine and endCol right after col', async () => {
    const dir = copyStrategy();
    brokenMeasure(dir);
    const r = await itstratInProcess(['validate', '--dir', dir, '--format', 'json']);
    for (const f of JSON.parse(r.stdout).findings)
      expect(Object.keys(f)).toEqual(['file', 'line', 'col', 'endLine', 'endCol', 'path', 'rule', 'severity', 'message']);
  });

  it('a one-line scalar ends at its last character, quotes included', async () => {
    const dir = copyStrategy();
    const file = join(dir, E_VERGABE);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('decision: not_prioritized', 'decision: "vielleicht"  # offen')
        .replace('  security: 1', '  security: 17'),
    );
    const { findings } = await validateJson(dir);
    expect(range(byRule(findings, 'enum'))).toEqual([19, 11, 19, 22]);
    expect(range(byRule(findings, 'score-range'))).toEqual([17, 13, 17, 14]);
  });

  it('reading findings: a duplicate key (the whole key), an alias token', async () => {
    const dir = copyStrategy();
    const file = join(dir, E_VERGABE);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('field: eadministration', 'field: eadministration\nfield: again'));
    expect(range(byRule((await validateJson(dir)).findings, 'duplicate-key'))).toEqual([6, 1, 6, 5]);
    writeFileSync(file, text.replace('recommendation: ""', 'recommendation: *undefined_anchor'));
    expect(range(byRule((await validateJson(dir)).findings, 'yaml-syntax'))).toEqual([13, 17, 13, 33]);
  });

  it('reading findings without a CLI: syntax error, second document, a long duplicate key', async () => {
    const at = (text: string) =>
      parseYaml({ path: 'x', relative: 'measures/x.yaml', bytes: Buffer.from(text) }).findings.map((f) => [
        f.rule,
        f.line,
        f.col,
        f.endLine,
        f.endCol,
      ]);
    expect(at('a: 1\nlongkey: 1\nlongkey: 2\n')).toEqual([['duplicate-key', 3, 1, 3, 7]]);
    expect(at('a: 1\n---\nb: 2\n')).toEqual([['multiple-documents', 2, 1, 3, 4]]);
    expect(at('a: 1\ntitle: [broken\nc: 2\n')).toEqual([['yaml-syntax', 3, 1, 3, 1]]);
  });

  it('file-level findings (missing, empty, refused) end where they start, at 1:1', async () => {
    const dir = copyStrategy();
    symlinkSync('/etc/hostname', join(dir, 'measures', '9.9-outside.yaml'));
    rmSync(join(dir, 'metrics.yaml'));
    writeFileSync(join(dir, E_VERGABE), '# nothing here\n\n');
    const { findings } = await validateJson(dir);
    expect(range(byRule(findings, 'missing-file'))).toEqual([1, 1, 1, 1]);
    expect(range(byRule(findings, 'empty-file'))).toEqual([1, 1, 1, 1]);
    expect(range(byRule(findings, 'symlink-outside'))).toEqual([1, 1, 1, 1]);
  });

  it('an encoding finding is one character: its range ends where it starts', async () => {
    const parsed = parseYaml({
      path: 'x.yaml',
      relative: 'measures/x.yaml',
      bytes: Buffer.concat([Buffer.from('a: 1\nb: x'), Buffer.from([0xff]), Buffer.from('yz\n')]),
    });
    expect(parsed.findings.map((f) => [f.rule, f.line, f.col, f.endLine, f.endCol])).toEqual([['encoding', 2, 5, 2, 5]]);
  });

  it('locate gives the whole node; a CRLF file counts the same; a missing node falls back to its parent', async () => {
    const parsed = parseYaml({
      path: 'x.yaml',
      relative: 'measures/x.yaml',
      bytes: Buffer.from('a:\r\n  b: >-\r\n    one\r\n    two\r\n\r\n  c: [1,\r\n    2]  # x\r\n'),
    });
    expect(parsed.findings).toEqual([]);
    expect(parsed.locate(['a', 'b'])).toEqual({ line: 2, col: 6, endLine: 4, endCol: 7 });
    expect(parsed.locate(['a', 'b'], { key: true })).toEqual({ line: 2, col: 3, endLine: 2, endCol: 3 });
    expect(parsed.locate(['a', 'c', 1])).toEqual({ line: 7, col: 5, endLine: 7, endCol: 5 });
    expect(parsed.locate(['a', 'c'])).toEqual({ line: 6, col: 6, endLine: 7, endCol: 6 });
    expect(parsed.locate(['a', 'nothing'])).toEqual({ line: 2, col: 3, endLine: 7, endCol: 6 });
  });

  it('score --check: a priority-mismatch spans the decision value', async () => {
    const [{ score }, { openWorkspace }] = await Promise.all([
      import('../src/commands/score.js'),
      import('../src/command-kit/workspace.js'),
    ]);
    const dir = copyStrategy();
    const file = join(dir, E_VERGABE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('decision: not_prioritized', "decision: 'prioritized'   # so beschlossen"));
    const mismatch = score({ check: true }, openWorkspace(dir, undefined, { stderr: () => undefined })).disagreements.filter((f) =>
      f.file.endsWith('1.6-evergabe.yaml'),
    );
    expect(mismatch.map((f) => [f.rule, f.line, f.col, f.endLine, f.endCol])).toEqual([['priority-mismatch', 19, 11, 19, 23]]);
  });

  it('diff: invalid entries carry the range too', async () => {
    const g = gitdir();
    g.commit('init');
    g.edit(`strategy/${E_VERGABE}`, (t) => t.replace('decision: not_prioritized', 'decision: |\n  maybe\n  later'));
    const c = g.commit('broken', '2020-02-01');
    const r = itstrat(['diff', 'HEAD~1', c, '--format', 'json'], { cwd: g.dir });
    expect(r.status).toBe(1);
    const invalid = JSON.parse(r.stdout).invalid as (Json & { revision: string })[];
    expect(invalid).toHaveLength(1);
    expect(Object.keys(invalid[0]!)).toEqual([
      'revision',
      'file',
      'line',
      'col',
      'endLine',
      'endCol',
      'path',
      'rule',
      'severity',
      'message',
    ]);
    expect(range(invalid[0]!)).toEqual([19, 11, 21, 7]);
  });
});

describe('ranges in the github format', () => {
  it('passes endLine and endColumn for a one-line range, only lines for a multi-line one', async () => {
    const dir = copyStrategy();
    const file = brokenMeasure(dir);
    const r = await itstratInProcess(['validate', '--dir', dir, '--format', 'github']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes(`file=${file}`));
    expect(lines.find((l) => l.includes('title=itstrat unknown-key'))).toMatch(/,line=2,col=1,endLine=2,endColumn=5,title=/);
    // The runner drops columns of a range over lines (actions/runner ValidateLinesAndColumns).
    expect(lines.find((l) => l.includes('title=itstrat enum'))).toMatch(/,line=15,endLine=17,title=/);
    expect(lines.find((l) => l.includes('title=itstrat type'))).toMatch(/,line=11,endLine=12,title=/);
  });

  it('formats a range as given', async () => {
    const out = findingsFormatters.github({
      dir: 's',
      files: ['a.yaml'],
      findings: [
        { file: 'a.yaml', line: 3, col: 4, endLine: 3, endCol: 9, path: 'x', rule: 'type', severity: 'error', message: 'm' },
        { file: 'a.yaml', line: 3, col: 4, endLine: 5, endCol: 2, path: 'y', rule: 'enum', severity: 'warning', message: 'n' },
      ],
    });
    expect(out).toBe(
      '::error file=a.yaml,line=3,col=4,endLine=3,endColumn=9,title=itstrat type::m\n::warning file=a.yaml,line=3,endLine=5,title=itstrat enum::n\n',
    );
  });
});

describe('ranges and the parse cache', () => {
  const cacheFile = (cache: string): string =>
    join(
      cache,
      readdirSync(cache).find((f) => f.endsWith('.json'))!,
    );

  it('a warm run gives the same ranges as a cold one, for schema, rule and reading findings', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    brokenMeasure(dir);
    const other = join(
      dir,
      'measures',
      readdirSync(join(dir, 'measures')).find((f) => f.startsWith('2.3-'))!,
    );
    writeFileSync(other, readFileSync(other, 'utf8').replace(/^title: /m, 'title: *nope '));
    const env = { ITSTRAT_CACHE_DIR: cache };
    const cold = itstrat(['validate', '--dir', dir, '--format', 'json'], { env });
    const warm = itstrat(['validate', '--dir', dir, '--format', 'json'], { env });
    expect(warm).toEqual(cold);
    const findings = JSON.parse(warm.stdout).findings as Json[];
    expect(findings.some((f) => f.endLine > f.line)).toBe(true);
    expect(findings.some((f) => f.rule === 'yaml-syntax' && f.endCol > f.col)).toBe(true);
  });

  it('cached positions keep their ends: a rule finding computed from a warm cache has the cold range', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    const file = join(dir, E_VERGABE);
    // Valid for its schema, wrong for the rules: the rule runs on the cached parse's positions.
    writeFileSync(file, readFileSync(file, 'utf8').replace('field: eadministration', 'field: >-\n  e-\n  administration'));
    const env = { ITSTRAT_CACHE_DIR: cache };
    const cold = await validateJson(dir, env);
    expect(range(byRule(cold.findings, 'unknown-field'))).toEqual([5, 8, 7, 16]);
    expect(await validateJson(dir, env)).toEqual(cold);
  });

  it('drops entries of the old shape (no ends) and recomputes them', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    brokenMeasure(dir);
    const env = { ITSTRAT_CACHE_DIR: cache };
    const cold = itstrat(['validate', '--dir', dir, '--format', 'json'], { env });
    const stored = JSON.parse(readFileSync(cacheFile(cache), 'utf8'));
    for (const entry of Object.values(stored.entries) as { findings: Record<string, unknown>[]; positions?: unknown }[]) {
      for (const f of entry.findings) {
        delete f['endLine'];
        delete f['endCol'];
      }
      // The table of start positions the first format carried: no longer read, and harmless.
      entry.positions = { '': [1, 1] };
    }
    writeFileSync(cacheFile(cache), JSON.stringify(stored));
    expect(itstrat(['validate', '--dir', dir, '--format', 'json'], { env })).toEqual(cold);
  });

  it('refuses an entry whose range ends before it starts', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'itstrat-cache-test-'));
    const dir = copyStrategy();
    brokenMeasure(dir);
    const env = { ITSTRAT_CACHE_DIR: cache };
    const cold = itstrat(['validate', '--dir', dir, '--format', 'json'], { env });
    const stored = JSON.parse(readFileSync(cacheFile(cache), 'utf8'));
    for (const entry of Object.values(stored.entries) as { findings: Record<string, number>[] }[])
      for (const f of entry.findings) f['endLine'] = 0;
    writeFileSync(cacheFile(cache), JSON.stringify(stored));
    expect(itstrat(['validate', '--dir', dir, '--format', 'json'], { env })).toEqual(cold);
  });
});
