// Issue 12 §5: shell completion. The bash script runs in real bash against the built binary;
// zsh and fish are checked only where installed (neither is on the development machine).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete, GLOBAL_FLAGS } from '../src/command-kit/complete.js';
import { commands } from '../src/registry.js';
import { copyStrategy, editFile, itstrat, root } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

// `itstrat` on PATH, as the scripts call it: the built binary under that name.
const binDir = mkdtempSync(join(tmpdir(), 'itstrat-bin-'));
symlinkSync(join(root, 'bin/itstrat.js'), join(binDir, 'itstrat'));
const cacheDir = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

function shell(program: string, args: string[], script: string, cwd = root): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(program, [...args, script], {
    cwd,
    env: {
      PATH: `${binDir}:${process.env['PATH'] ?? ''}`,
      HOME: mkdtempSync(join(tmpdir(), 'itstrat-home-')),
      ITSTRAT_CACHE_DIR: cacheDir,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Quotes a word for a bash array literal: every character literal. */
const q = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** What real bash puts in COMPREPLY for a command line (words as bash split them, cursor in the last). */
function bashComplete(words: string[], cwd = root): string[] {
  const script = `eval "$(itstrat completion bash)"
COMP_WORDS=(${words.map(q).join(' ')}); COMP_CWORD=${words.length - 1}
COMP_LINE=${q(words.join(' '))}; COMP_POINT=\${#COMP_LINE}
_itstrat_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = shell('bash', ['--norc', '--noprofile', '-c'], script, cwd);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const bundledMeasures = readdirSync(join(root, 'strategy/measures'))
  .map((f) => f.split('-')[0]!)
  .sort();

describe('itstrat completion bash, in real bash', () => {
  it('registers a function for itstrat that falls back to file names', () => {
    const r = shell('bash', ['--norc', '--noprofile', '-c'], 'eval "$(itstrat completion bash)"; complete -p itstrat');
    expect(r.stdout).toBe('complete -o default -F _itstrat_complete itstrat\n');
  });

  it('completes every command and group of the registry', () => {
    const words = [...new Set(commands.map((c) => c.spec.path[0]!))];
    expect(bashComplete(['itstrat', ''])).toEqual(words);
    expect(words).toEqual(expect.arrayContaining(['completion', 'new', 'metrics', 'score']));
    expect(bashComplete(['itstrat', 'ca'])).toEqual(['calibrate']);
    expect(bashComplete(['itstrat', 'new', ''])).toEqual(['measure']);
    expect(bashComplete(['itstrat', 'metrics', 'r'])).toEqual(['record']);
    expect(bashComplete(['itstrat', '--lang', 'en', 'st'])).toEqual(['status']);
  });

  it("completes each command's own options from its spec, and the global ones", () => {
    for (const command of commands) {
      const offered = bashComplete(['itstrat', ...command.spec.path, '--']);
      for (const o of command.spec.options ?? []) {
        const long = /--[\w-]+/.exec(o.flags)![0];
        if (o.hidden === true) expect(offered).not.toContain(long);
        else expect(offered).toContain(long);
      }
      expect(offered.includes('--format')).toBe(command.spec.formats.length > 1);
      expect(offered.includes('--dry-run')).toBe(command.kind === 'write');
      expect(offered).toEqual(expect.arrayContaining(['--dir', '--lang', '--verbose', '--help']));
    }
    expect(bashComplete(['itstrat', 'score', '--th'])).toEqual(['--threshold']);
    // Given once, not offered again.
    expect(bashComplete(['itstrat', 'score', '--check', '--ch'])).toEqual([]);
  });

  it('completes format names, choices and languages', () => {
    expect(bashComplete(['itstrat', 'score', '--format', ''])).toEqual(['table', 'json', 'csv', 'markdown']);
    expect(bashComplete(['itstrat', 'validate', '-f', 'j'])).toEqual(['json', 'junit']);
    expect(bashComplete(['itstrat', 'score', '--sort', ''])).toEqual(['score', 'id', 'field']);
    expect(bashComplete(['itstrat', 'report', '--lang', ''])).toEqual(['de', 'en']);
    // bash splits --format=js at "=": the answer is the part after it.
    expect(bashComplete(['itstrat', 'score', '--format', '=', 'c'])).toEqual(['csv']);
    expect(bashComplete(['itstrat', 'score', '--format', '='])).toEqual(['table', 'json', 'csv', 'markdown']);
    expect(bashComplete(['itstrat', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes Handlungsfeld ids and measure ids from the strategy found at completion time', () => {
    expect(bashComplete(['itstrat', 'score', '--field', ''])).toEqual([
      'eadministration',
      'kundenschnittstelle',
      'technik',
      'organisation',
      'uebergeordnet',
    ]);
    expect(bashComplete(['itstrat', 'new', 'measure', '--title', 'X', '--field', 'k'])).toEqual(['kundenschnittstelle']);
    expect([...bashComplete(['itstrat', 'history', ''])].sort()).toEqual(bundledMeasures);
    expect(bashComplete(['itstrat', 'history', '1.1'])).toEqual(['1.1', '1.10', '1.11']);
    expect(bashComplete(['itstrat', 'metrics', 'record', 'it-'])).toEqual(['it-costs']);

    // Another strategy, named on the line: its ids, read when TAB is pressed, not when the script was made.
    const dir = copyStrategy();
    expect(itstrat(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Neu']).status).toBe(0);
    editFile(join(dir, 'strategy.yaml'), (t) => t.replace('id: "technik"', 'id: "technik-neu"'));
    for (const f of readdirSync(join(dir, 'measures')).filter((f) => f.startsWith('3.')))
      editFile(join(dir, 'measures', f), (t) => t.replace('field: technik', 'field: technik-neu'));
    // --dir=DIR as bash splits it.
    expect(bashComplete(['itstrat', 'score', '--dir', '=', dir, '--field', 'tech'])).toEqual(['technik-neu']);
    expect(bashComplete(['itstrat', 'score', '--field', 'tech'], join(dir, '..'))).toEqual(['technik-neu']);
  });

  it('offers nothing (so bash completes file names) where a file is meant or nothing is known', () => {
    expect(bashComplete(['itstrat', 'report', '--out', ''])).toEqual([]);
    expect(bashComplete(['itstrat', 'score', '--dir', ''])).toEqual([]);
    expect(bashComplete(['itstrat', 'fmt', ''])).toEqual([]);
    expect(bashComplete(['itstrat', 'score', '--field', ''], tmpdir())).toEqual([]);
  });

  it('never puts shell code from the strategy on the command line, and never runs it', () => {
    const dir = copyStrategy();
    const marker = join(mkdtempSync(join(tmpdir(), 'itstrat-pwned-')), 'pwned');
    const hostile = [`$(touch ${marker})`, `\`touch ${marker}\``, `x;touch ${marker}`, `a b`, `-rf`, `x'y`, 'x"y', 'x\ny', 'x*'];
    editFile(join(dir, 'strategy.yaml'), (t) =>
      t.replace('id: "technik"', `id: ${JSON.stringify(hostile[0])}`).replace('id: "organisation"', `id: ${JSON.stringify(hostile[2])}`),
    );
    const first = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('1.1-'))!;
    editFile(join(dir, 'measures', first), (t) => t.replace('id: "1.1"', `id: ${JSON.stringify(hostile[1])}`));
    const fields = bashComplete(['itstrat', '--dir', dir, 'score', '--field', '']);
    const measures = bashComplete(['itstrat', '--dir', dir, 'history', '']);
    for (const word of [...fields, ...measures]) expect(word).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u);
    // strategy.yaml fails its schema with such ids, so it offers no field at all.
    expect(fields.some((f) => hostile.includes(f))).toBe(false);
    expect(measures).not.toContain('1.1');
    expect(existsSync(marker)).toBe(false);
    // Even values that reach the completer from a looser source are filtered the same way.
    const loose = complete(['score', '--field', ''], { commands, values: () => hostile });
    expect(loose).toEqual([]);
    const mixed = complete(['history', ''], { commands, values: () => ['1.1', ...hostile, 'ok-2'] });
    expect(mixed).toEqual(['1.1', 'ok-2']);
  });

  it('prints nothing, and no error, for a missing strategy', async () => {
    const r = await itstratInProcess(['--dir', '/nonexistent', 'completion', '--complete', '--', 'history', '']);
    expect(r).toEqual({ stdout: '', stderr: '', status: 0 });
  });
});

describe('itstrat completion: the scripts', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: prints a script that carries no command, option or id', async (sh) => {
    const r = await itstratInProcess(['completion', sh]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('itstrat completion --complete --');
    // Generated nothing in: a new command or id needs no new script.
    for (const word of ['score', 'calibrate', '--format', 'eadministration', '1.1', 'table']) expect(r.stdout).not.toContain(word);
    expect(r.stdout).not.toMatch(/\beval\b(?! "\$\(itstrat completion bash\)")/);
  });

  it('bash: the script is valid bash', () => {
    expect(shell('bash', ['-n', '-c'], itstrat(['completion', 'bash']).stdout).status).toBe(0);
  });

  it.runIf(spawnSync('sh', ['-c', 'command -v zsh']).status === 0)('zsh: the script loads and completes', () => {
    const r = shell(
      'zsh',
      ['-f', '-c'],
      'autoload -U compinit && compinit -u && source <(itstrat completion zsh) && print -r -- $_comps[itstrat]',
    );
    expect(r.stdout.trim()).toBe('_itstrat');
  });

  it.runIf(spawnSync('sh', ['-c', 'command -v fish']).status === 0)('fish: the script loads and completes', () => {
    const r = shell('fish', ['--no-config', '-c'], 'itstrat completion fish | source; complete -C "itstrat score --format "');
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['table', 'json', 'csv', 'markdown']);
  });

  it.each([[[]], [['powershell']], [['bash', 'zsh']]])('refuses %j with exit 2 naming the shells', async (args) => {
    const r = await itstratInProcess(['completion', ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^itstrat: completion: expected one shell, bash, zsh, fish \(found .*\)\n$/);
  });

  it('knows the same global options as the program', async () => {
    const help = (await itstratInProcess(['--help'])).stdout;
    const own = [...help.slice(help.indexOf('\nOptions:'), help.indexOf('\nCommands:')).matchAll(/^ {2}((?:-\w, )?--[\w-]+)/gm)].map(
      (m) => m[1],
    );
    expect(own).toEqual(GLOBAL_FLAGS.map((g) => /^(?:-\w, )?--[\w-]+/.exec(g.flags)![0]));
  });
});
