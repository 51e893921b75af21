import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createFileExclusive } from '../src/write/update-yaml-file.js';
import { copyStrategy, editFile, root } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const measures = (dir: string) => readdirSync(join(dir, 'measures'));

describe('itstrat new measure', () => {
  it('creates the next number in the Handlungsfeld with every required key, valid and canonical', async () => {
    const dir = copyStrategy();
    const r = await itstratInProcess([
      'new',
      'measure',
      '--dir',
      dir,
      '--field',
      'eadministration',
      '--title',
      'Einführung KI-Assistenz für Bürgeranfragen',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const file = join(dir, 'measures', '1.12-ki-assistenz-buergeranfragen.yaml');
    expect(r.stdout).toBe(`Maßnahme 1.12 angelegt: ${file}\n`);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=../.schema/measure.schema.json',
        '',
        'id: "1.12"',
        'title: Einführung KI-Assistenz für Bürgeranfragen',
        'field: eadministration',
        'description: ""',
        'source: []',
        'current_state: ""',
        'recommendation: ""',
        '# Bitte bewerten: jede Leitplanke 0–4 (Skalen in leitplanken.yaml)',
        'scores:',
        '  strategy: 0',
        '  quality: 0',
        '  security: 0',
        '  external: 0',
        'status: proposed',
        '',
      ].join('\n'),
    );
    expect(parse(text).decision).toBeUndefined();
    expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
    expect((await itstratInProcess(['fmt', '--check', '--dir', dir])).status).toBe(0);
    const second = await itstratInProcess([
      'new',
      'measure',
      '--dir',
      dir,
      '--field',
      'eadministration',
      '--title',
      'Noch eine',
      '--description',
      'Text',
      '--owner',
      'FB 10',
      '--lang',
      'en',
    ]);
    expect(second.stdout).toBe(`Created measure 1.13: ${join(dir, 'measures', '1.13-noch-eine.yaml')}\n`);
    expect(parse(readFileSync(join(dir, 'measures', '1.13-noch-eine.yaml'), 'utf8'))).toMatchObject({
      description: 'Text',
      owner: 'FB 10',
    });
    const score = JSON.parse((await itstratInProcess(['score', '--dir', dir, '--format', 'json'])).stdout);
    expect(score.measures.find((m: { id: string }) => m.id === '1.12')).toMatchObject({ score: 0, decision: null, prioritized: false });
  });

  it('numbers per field: after 4.21 comes 4.22', async () => {
    const dir = copyStrategy();
    expect((await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'organisation', '--title', 'X'])).stdout).toContain('4.22');
  });

  it('exits 2 for an unknown field or an empty title, writing nothing', async () => {
    const dir = copyStrategy();
    const before = measures(dir);
    const r = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'eadmin', '--title', 'X']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--field: unknown Handlungsfeld eadmin');
    expect((await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', '  '])).status).toBe(2);
    expect((await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik'])).status).toBe(2);
    expect(measures(dir)).toEqual(before);
  });

  it('never overwrites an existing file and leaves no temp file', async () => {
    const dir = copyStrategy();
    const target = join(dir, 'measures', 'existing.yaml');
    writeFileSync(target, 'keep me\n');
    expect(() => createFileExclusive(target, 'other\n')).toThrow(/already exists; nothing was written/);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
    expect(measures(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('itstrat metrics', () => {
  it('lists every metric with goal, latest value and trend', async () => {
    const dir = copyStrategy();
    expect(
      (await itstratInProcess(['metrics', 'record', 'media-break-free-processes', '--dir', dir, '--period', '2019', '--value', '3']))
        .status,
    ).toBe(0);
    expect(
      (
        await itstratInProcess([
          'metrics',
          'record',
          'media-break-free-processes',
          '--dir',
          dir,
          '--period',
          '2020',
          '--value',
          '7',
          '--note',
          'nach DMS-Einführung',
        ])
      ).status,
    ).toBe(0);
    const out = JSON.parse((await itstratInProcess(['metrics', '--dir', dir, '--format', 'json'])).stdout);
    expect(out.metrics).toHaveLength(8);
    expect(out.metrics[1]).toMatchObject({
      id: 'media-break-free-processes',
      name: 'Anzahl der medienbruchfreien Prozesse',
      goal: 'quality',
      kind: 'count',
      values: [
        { period: '2019', value: 3 },
        { period: '2020', value: 7, note: 'nach DMS-Einführung' },
      ],
      trend: { arrow: '↑', good: true },
    });
    const table = (await itstratInProcess(['metrics', '--dir', dir])).stdout;
    expect(table).toMatch(/^media-break-free-processes\s+Anzahl der medienbruchfreien Prozesse\s+Qualität\s+Anzahl\s+7\s+2020\s+↑ gut$/m);
    expect(table).toContain('noch keine Werte');
  });

  it('records values typed by kind, keeping comments and validity', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'metrics.yaml');
    // The bundled list metric is computed (never recorded): here it is made a recorded one, to record a list.
    editFile(file, (text) => text.replace(/\n *# Computed from requirements\.yaml.*\n *computed: open_requirements/, ''));
    const cases: [string, string, unknown][] = [
      ['it-costs', '1250000.50 EUR', 1250000.5],
      ['isms-status', 'im Aufbau', 'im Aufbau'],
      ['tco-ratio', '1.8', 1.8],
      ['open-regulatory-requirements', 'OZG; DSGVO-Dokumentation', ['OZG', 'DSGVO-Dokumentation']],
    ];
    for (const [id, value] of cases)
      expect((await itstratInProcess(['metrics', 'record', id, '--dir', dir, '--period', '2021-Q4', '--value', value])).status, id).toBe(0);
    const data = parse(readFileSync(file, 'utf8')) as { metrics: { id: string; values: { period: string; value: unknown }[] }[] };
    for (const [id, , expected] of cases)
      expect(data.metrics.find((m) => m.id === id)!.values).toEqual([{ period: '2021-Q4', value: expected }]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# The seed names no states; these are the steps of a build-up, in order.');
    expect(text).toContain('    values:\n      - {period: "2021-Q4", value: 1250000.5}\n');
    expect((await itstratInProcess(['validate', '--dir', dir])).status).toBe(0);
    expect((await itstratInProcess(['fmt', '--check', '--dir', dir])).status).toBe(0);
  });

  it.each([
    [['media-break-free-processes', '--value', '2.5'], /expected a whole number ≥ 0 \(found "2.5"\)/],
    [['media-break-free-processes', '--value', '-1'], /expected a whole number ≥ 0/],
    [
      ['isms-status', '--value', 'im aufbau'],
      /expected one of nicht begonnen, in Planung, im Aufbau, etabliert — did you mean im Aufbau\?/,
    ],
    [['it-costs', '--value', '12.345'], /at most two decimals.*reads as 12345 .* or as 12.345 /],
    [['it-costs', '--value', '100 USD'], /expected an amount in EUR/],
    [['it-cost', '--value', '1'], /unknown metric it-cost — did you mean it-costs/],
    [['kosten', '--value', '1'], /unknown metric kosten \(known: non-standard-procedures, /],
  ])('refuses %j with exit 2, leaving the file unchanged', async (args, message) => {
    const dir = copyStrategy();
    const before = readFileSync(join(dir, 'metrics.yaml'), 'utf8');
    const [id, ...rest] = args;
    const r = await itstratInProcess(['metrics', 'record', id!, '--dir', dir, '--period', '2022', ...rest]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(join(dir, 'metrics.yaml'), 'utf8')).toBe(before);
  });

  it('refuses the same period twice unless --replace', async () => {
    const dir = copyStrategy();
    const rec = (...extra: string[]) => itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2022', ...extra]);
    expect((await rec('--value', '1.5')).status).toBe(0);
    const again = await rec('--value', '1.6');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('tco-ratio already has a value for 2022 (1.5); use --replace to overwrite it');
    expect((await rec('--value', '1.6', '--replace')).stdout).toContain('ersetzt');
    const values = (
      parse(readFileSync(join(dir, 'metrics.yaml'), 'utf8')) as { metrics: { id: string; values: unknown[] }[] }
    ).metrics.find((m) => m.id === 'tco-ratio')!.values;
    expect(values).toEqual([{ period: '2022', value: 1.6 }]);
    expect((await rec('--value', '1', '--period')).status).toBe(2);
  });

  it('refuses a malformed period', async () => {
    const dir = copyStrategy();
    expect(
      (await itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2022-13', '--value', '1'])).stderr,
    ).toContain('--period: expected YYYY');
  });

  it('does not write a read-only file', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'metrics.yaml');
    const before = readFileSync(file, 'utf8');
    chmodSync(file, 0o444);
    const r = await itstratInProcess(['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2022', '--value', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`itstrat: ${file} is read-only; nothing was written\n`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual([
      '.schema',
      'leitplanken.yaml',
      'measures',
      'metrics.yaml',
      'requirements.yaml',
      'strategy.yaml',
    ]);
  });
});

describe('itstrat fmt', () => {
  it('finds, and fixes, files out of the canonical layout, keeping every comment', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'measures', '1.6-evergabe.yaml');
    const canonical = readFileSync(file, 'utf8');
    editFile(file, (t) => {
      const lines = t.split('\n');
      const title = lines.findIndex((l) => l.startsWith('title:'));
      const [titleLine] = lines.splice(title, 1);
      return `${lines
        .join('\n')
        .replace('id: "1.6"', "id: '1.6' # die Nummer")
        .replace('scores:\n  strategy: 3\n  quality: 1', 'scores:\n    quality: 1 # Qualität\n    strategy: 3')
        .replace(/^(\s+)(security|external)/gm, '    $2')}\n${titleLine}\n`;
    });
    const check = await itstratInProcess(['fmt', '--check', '--dir', dir]);
    expect(check.status).toBe(1);
    expect(check.stdout).toBe(`nicht im kanonischen Format:\n  ${file}\n`);
    expect((await itstratInProcess(['fmt', '--dir', dir])).stdout).toBe('1 Datei formatiert.\n');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('id: "1.6" # die Nummer\ntitle: Einführung eVergabe\n');
    expect(text).toContain('scores:\n  strategy: 3\n  quality: 1 # Qualität\n  security: 1\n  external: 1\n');
    expect(parse(text)).toEqual(parse(canonical));
    expect((await itstratInProcess(['fmt', '--check', '--dir', dir])).status).toBe(0);
    expect((await itstratInProcess(['fmt', '--dir', dir])).stdout).toBe('58 Dateien sind bereits kanonisch.\n');
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'measures', '2.5-buergerbeteiligung.yaml');
    const crlf = `\uFEFF${readFileSync(file, 'utf8').replace('id: "2.5"', 'id: 2.5x').replace('id: 2.5x', "id: '2.5'").replace(/\n/g, '\r\n')}`;
    writeFileSync(file, crlf);
    expect((await itstratInProcess(['fmt', file])).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF#')).toBe(true);
    expect(text).toContain('\r\nid: "2.5"\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('checks the files named on the command line, as pre-commit passes them', async () => {
    const dir = copyStrategy();
    expect(
      await itstratInProcess([
        'fmt',
        '--check',
        join(dir, 'strategy.yaml'),
        join(dir, 'measures', '1.1-konsolidierung-vorhandenen-zwei-sap.yaml'),
      ]),
    ).toMatchObject({ status: 0, stdout: '2 Dateien sind bereits kanonisch.\n' });
    const r = await itstratInProcess(['fmt', '--check', join(root, 'package.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not a strategy file');
  });

  it('refuses a file that does not parse, with its located finding', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'measures', '1.1-konsolidierung-vorhandenen-zwei-sap.yaml');
    writeFileSync(file, 'id: [oops\n');
    const r = await itstratInProcess(['fmt', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:2:1 error .*\\[yaml-syntax\\]$`, 'm'));
    expect(readFileSync(file, 'utf8')).toBe('id: [oops\n');
  });

  it('the bundled files are canonical', async () => {
    expect(await itstratInProcess(['fmt', '--check'])).toMatchObject({ status: 0 });
  });
});

describe('a write that fails on a full disk', () => {
  /** A file-size limit makes the kernel refuse writes past 2 KiB, as a full disk would. */
  function limited(args: string[]): { status: number | null; stderr: string } {
    const r = spawnSync('/bin/sh', ['-c', 'ulimit -f 2; exec "$@"', 'sh', process.execPath, join(root, 'bin/itstrat.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', FORCE_COLOR: '0' },
    });
    return { status: r.status, stderr: r.stderr };
  }

  it.each([
    [
      'metrics record',
      (dir: string) => ['metrics', 'record', 'tco-ratio', '--dir', dir, '--period', '2022', '--value', '1'],
      'metrics.yaml',
    ],
    ['calibrate --write', (dir: string) => ['calibrate', '--write', '--min-weight', '0', '--dir', dir], 'leitplanken.yaml'],
    ['fmt', (dir: string) => ['fmt', '--dir', dir], 'strategy.yaml'],
  ])('%s leaves the file as it was, says why and exits 2', async (_, args, name) => {
    const dir = copyStrategy();
    if (name === 'strategy.yaml') editFile(join(dir, name), (t) => t.replace('id: "technik"', "id: 'technik'"));
    const before = readFileSync(join(dir, name), 'utf8');
    const r = limited(args(dir));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^itstrat: cannot write .*${name.replace('.', '\\.')}: EFBIG: file too large, write; the file is unchanged\n$`),
    );
    expect(readFileSync(join(dir, name), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('new measure writes nothing', async () => {
    const dir = copyStrategy();
    const before = measures(dir);
    const r = limited(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Lang', '--description', 'x'.repeat(3000)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nothing was written');
    expect(measures(dir)).toEqual(before);
  });
});

describe('pre-commit hooks', () => {
  it('offers validate and fmt --check', async () => {
    const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string }[];
    expect(hooks.map((h) => [h.id, h.entry, h.language])).toEqual([
      ['itstrat-validate', 'itstrat validate', 'node'],
      ['itstrat-fmt', 'itstrat fmt --check', 'node'],
    ]);
    expect(existsSync(join(root, 'bin/itstrat.js'))).toBe(true);
  });
});
