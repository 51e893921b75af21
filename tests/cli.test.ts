import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

describe('the command line', () => {
  it('prints the version', () => {
    for (const flag of ['--version', '-V']) {
      const run = itstrat([flag]);
      expect(run).toEqual({ stdout: `${pkg.version}\n`, stderr: '', status: 0 });
    }
  });

  it('shows help with commands, global options and exit codes', () => {
    const run = itstrat(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: itstrat \[options\] \[command\]/);
    for (const text of ['validate', 'score', 'calibrate', '--dir <dir>', '$ITSTRAT_DIR', '--lang <lang>', 'Exit codes:']) expect(run.stdout).toContain(text);
  });

  it('shows help for each command, including the global --dir', () => {
    for (const command of ['validate', 'score', 'calibrate']) {
      const run = itstrat([command, '--help']);
      expect(run.status, command).toBe(0);
      expect(run.stdout).toContain(`Usage: itstrat ${command} [options]`);
      expect(run.stdout).toContain('--dir <dir>');
      expect(run.stdout).toContain('--format <format>');
    }
  });

  it('accepts --dir before and after the command, and falls back to $ITSTRAT_DIR, else ./strategy', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace('  strategy: 3', '  strategy: 9'));
    expect(itstrat(['--dir', dir, 'validate']).status).toBe(1);
    expect(itstrat(['validate', '--dir', dir]).status).toBe(1);
    expect(itstrat(['validate'], { env: { ITSTRAT_DIR: dir } }).status).toBe(1);
    expect(itstrat(['validate', '--dir', 'strategy'], { env: { ITSTRAT_DIR: dir } }).status).toBe(0);
    expect(itstrat(['validate']).status).toBe(0);
    expect(itstrat(['validate'], { cwd: join(dir, '..') }).status).toBe(1);
  });

  it('speaks German by default (the strategy language) and English with --lang en', () => {
    expect(itstrat(['validate']).stdout).toBe('✔ 57 Dateien gültig\n');
    expect(itstrat(['validate', '--lang', 'en']).stdout).toBe('✔ 57 files valid\n');
    expect(itstrat(['--lang', 'en', 'score', '--top', '1']).stdout).toContain('1 of 54 measures');
  });

  it('exits 2 with a clear message when the folder does not exist', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'itstrat-')), 'nowhere');
    const run = itstrat(['validate', '--dir', missing]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`itstrat: strategy folder ${missing} does not exist (set it with --dir or ITSTRAT_DIR)\n`);
  });

  it('reports missing top-level files as findings', () => {
    const empty = mkdtempSync(join(tmpdir(), 'itstrat-'));
    const run = itstrat(['validate', '--dir', empty]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`${empty}/strategy.yaml:1:1 error missing file strategy.yaml`);
    expect(run.stdout).toContain('[missing-file]');
  });

  it('exits 2 on unknown commands, options and format values', () => {
    for (const args of [['nonsense'], ['validate', '--bogus'], ['validate', '--format', 'xml'], ['--lang', 'fr', 'score']]) {
      const run = itstrat(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/error: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(itstrat(['validate', '--format', 'xml']).stderr).toContain('Allowed choices are text, json, github, junit');
  });

  it('shows a stack trace only with --verbose', () => {
    const missing = join(tmpdir(), 'itstrat-missing-folder');
    expect(itstrat(['validate', '--dir', missing]).stderr).not.toMatch(/\n\s+at /);
    expect(itstrat(['validate', '--dir', missing, '--verbose']).stderr).toMatch(/\n\s+at /);
  });
});
