import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';
import { gitdir } from './helpers/gitdir.js';

/** Every path below dir with its content hash (folders as such): a byte-level picture of the tree. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        out.set(`${relative(dir, path)}/`, 'dir');
        walk(path);
      } else out.set(relative(dir, path), createHash('sha1').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

describe('--dry-run: every writing command shows its edits as a unified diff and touches nothing', () => {
  const repo = gitdir();
  const dir = join(repo.dir, 'strategy');
  // Something for each writer to do: weights off the calibration, one file off the canonical layout.
  repo.edit('strategy/leitplanken.yaml', (t) => t.replace('weight: 4', 'weight: 2'));
  const measure = readdirSync(join(dir, 'measures')).find((f) => f.startsWith('1.6-'))!;
  editFile(join(dir, 'measures', measure), (t) => t.replace('id: "1.6"', "id: '1.6'"));
  repo.commit('start');
  // Outside the repository: the list is input, not part of the tree whose cleanliness is checked.
  const importList = join(mkdtempSync(join(tmpdir(), 'itstrat-import-')), 'liste.csv');
  writeFileSync(
    importList,
    'Nr;Maßnahme;Handlungsfeld;Strategie;Qualität;Sicherheit;Außenwirkung\r\n1.2;Neuer Titel;1;4;3;2;0\r\n3.13;Neu;3;1;1;1;1\r\n',
  );

  it.each([
    [
      'new measure',
      ['new', 'measure', '--field', 'technik', '--title', 'Neue Maßnahme'],
      ['--- /dev/null', '+++ b/', 'measures/3.13-neue-massnahme.yaml', '+title: Neue Maßnahme'],
    ],
    [
      'metrics record',
      ['metrics', 'record', 'it-costs', '--period', '2030', '--value', '5'],
      ['--- a/', 'metrics.yaml', '+      - {period: "2030", value: 5}'],
    ],
    ['fmt', ['fmt'], [`measures/${measure}`, `-id: '1.6'`, '+id: "1.6"']],
    ['calibrate --write', ['calibrate', '--write'], ['leitplanken.yaml', '-    weight: 2', '+    weight: 4']],
    ['init', ['init', join(repo.dir, 'neu')], ['new folder', '+++ b/', 'neu/strategy.yaml', 'neu/leitplanken.yaml', 'neu/metrics.yaml']],
    [
      'import',
      ['import', importList],
      ['--- a/', 'measures/1.2-e-akte-dokumentenmanagement-system.yaml', '+title: Neuer Titel', '--- /dev/null', 'measures/3.13-neu.yaml'],
    ],
  ])('%s --dry-run', async (_name, args, expected) => {
    const before = snapshot(repo.dir);
    const r = await itstratInProcess([...args, '--dry-run', '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const text of expected) expect(r.stdout).toContain(text);
    expect(r.stdout).toMatch(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@$/m);
    expect(snapshot(repo.dir)).toEqual(before);
    expect(repo.git(['status', '--porcelain', '--ignored', '--untracked-files=all'])).toBe('');
  });

  it('the same commands without --dry-run do write what the dry run showed', async () => {
    const shown = (await itstratInProcess(['metrics', 'record', 'it-costs', '--period', '2031', '--value', '7', '--dry-run', '--dir', dir]))
      .stdout;
    const added = shown.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added).toContain('+      - {period: "2031", value: 7}');
    expect((await itstratInProcess(['metrics', 'record', 'it-costs', '--period', '2031', '--value', '7', '--dir', dir])).status).toBe(0);
    const written = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    for (const line of added) expect(written).toContain(`${line.slice(1)}\n`);
  });

  it('prints nothing when there is nothing to change', async () => {
    const r = await itstratInProcess(['calibrate', '--write', '--dry-run', '--dir', join(gitdir().dir, 'strategy')]);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  it('is offered by every writing command and by no reading command', async () => {
    for (const words of [['new', 'measure'], ['metrics', 'record'], ['fmt'], ['calibrate'], ['init']])
      expect((await itstratInProcess([...words, '--help'])).stdout, words.join(' ')).toContain('--dry-run');
    for (const words of [['validate'], ['score'], ['diff'], ['history'], ['status'], ['report'], ['metrics']])
      expect((await itstratInProcess([...words, '--help'])).stdout, words.join(' ')).not.toContain('--dry-run');
  });
});
