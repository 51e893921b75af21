import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled, root } from './helpers/cli.js';

describe('the npm package', () => {
  it('packs only runtime files, installs globally and works outside the repository', () => {
    const work = mkdtempSync(join(tmpdir(), 'itstrat-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path).sort();
    expect(files.filter((f) => !f.startsWith('strategy/'))).toEqual([
      'README.md',
      'bin/itstrat.js',
      'dist/exceljs.cjs',
      'dist/highs.cjs',
      'dist/highs.wasm',
      'dist/itstrat.cjs',
      'dist/itstrat.cjs.map',
      'dist/itstrat.cjs.sha1',
      'dist/simple-git.cjs',
      'package.json',
      'src/schema/leitplanken.schema.json',
      'src/schema/measure.schema.json',
      'src/schema/metrics.schema.json',
      'src/schema/requirements.schema.json',
      'src/schema/review.schema.json',
      'src/schema/strategy.schema.json',
    ]);
    expect(files.filter((f) => f.startsWith('strategy/measures/'))).toHaveLength(54);
    // The bundled strategy's own copies of the schemas, which its $schema lines point at.
    expect(files.filter((f) => f.startsWith('strategy/.schema/'))).toHaveLength(6);

    const prefix = join(work, 'global');
    // No dependencies to fetch: the bundle carries everything, so this works offline.
    execFileSync(
      'npm',
      ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, packed[0]!.filename)],
      { stdio: 'pipe' },
    );
    const bin = join(prefix, 'bin', 'itstrat');
    const outside = mkdtempSync(join(tmpdir(), 'itstrat-outside-'));
    const env = { PATH: `${join(prefix, 'bin')}:${process.env['PATH']}`, HOME: outside, FORCE_COLOR: '0' };
    const run = (...args: string[]) => spawnSync(bin, args, { cwd: outside, env, encoding: 'utf8' });

    const version = JSON.parse(
      execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: root, encoding: 'utf8' }),
    ) as string;
    expect(run('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    cpSync(bundled, join(outside, 'some', 'strategy'), { recursive: true });
    expect(run('validate', '--dir', 'some/strategy')).toMatchObject({ status: 0, stdout: '✔ 58 Dateien gültig\n' });
    expect(run('score', '--dir', 'some/strategy', '--check').status).toBe(0);
    // The workbook library is a file of its own, loaded only here: it must be found when installed.
    expect(run('export', '--dir', 'some/strategy', '--out', 'massnahmen.xlsx')).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(join(outside, 'massnahmen.xlsx')).subarray(0, 2).toString()).toBe('PK');
    // So is the git library: outside a repository, diff gets as far as asking git, and says so.
    // So is the MILP solver with its WebAssembly: --max-weight 100 is past the exhaustive search.
    expect(run('calibrate', '--dir', 'some/strategy', '--max-weight', '100', '--format', 'json')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('"method": "milp"'),
    });
    expect(run('diff', 'HEAD~1', 'HEAD', '--dir', 'some/strategy')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('not inside a git repository'),
    });

    expect(run('init', 'neu', '--date', '2027-01-15').status).toBe(0);
    expect(readdirSync(join(outside, 'neu')).sort()).toEqual(['.schema', 'leitplanken.yaml', 'measures', 'metrics.yaml', 'strategy.yaml']);
    // Valid, with a warning for every placeholder the new administration has yet to fill in.
    expect(run('validate', '--dir', 'neu')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('0 Fehler, 9 Warnungen in 3 Dateien'),
    });
    const created = run('new', 'measure', '--dir', 'neu', '--field', 'technik', '--title', 'Zweites Rechenzentrum');
    expect(created.status).toBe(0);
    expect(run('validate', '--dir', 'neu').status).toBe(0);
    // Editors find the strategy's own copies of the schemas through the $schema lines.
    const line = execFileSync('head', ['-1', join(outside, 'neu', 'measures', '3.1-zweites-rechenzentrum.yaml')], { encoding: 'utf8' });
    const schema = /\$schema=(\S+)/.exec(line)![1]!;
    expect(schema).toBe('../.schema/measure.schema.json');
    expect(() => execFileSync('test', ['-f', join(outside, 'neu', 'measures', schema)])).not.toThrow();
  }, 120_000);
});

describe('itstrat init', () => {
  it('refuses a folder that is not empty', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/itstrat.js'), 'init', bundled], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('exists and is not empty');
  });
});
