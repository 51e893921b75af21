import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundled, copyStrategy, root } from './helpers/cli.js';
import { gitdir } from './helpers/gitdir.js';
import { itstratInProcess } from './helpers/in-process.js';

interface Finding {
  file: string;
  line: number;
  col: number;
  path: string;
  rule: string;
  severity: string;
  message: string;
}

/** Every file below a folder, relative to it. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The strategy's YAML files (top level and measures/), relative to it. */
const yamlFiles = (dir: string): string[] => allFiles(dir).filter((f) => f.endsWith('.yaml'));

const schemaLine = /^# yaml-language-server: \$schema=(\S+)$/;

/**
 * Every YAML file starts with the schema line, and the path resolves to an existing file inside
 * `repo` (never through node_modules, never absolute) — with symbolic links resolved.
 */
function expectSchemaLinesInside(dir: string, repo: string): string[] {
  const targets: string[] = [];
  const repoReal = realpathSync(repo);
  for (const file of yamlFiles(dir)) {
    const first = readFileSync(join(dir, file), 'utf8').split('\n')[0]!;
    const match = schemaLine.exec(first);
    expect(match, `${file}: ${first}`).not.toBeNull();
    const reference = match![1]!;
    expect(isAbsolute(reference), file).toBe(false);
    expect(reference, file).not.toContain('node_modules');
    const target = resolve(dirname(join(dir, file)), reference);
    expect(existsSync(target), `${file} → ${reference}`).toBe(true);
    const inside = relative(repoReal, realpathSync(target));
    expect(inside.startsWith('..') || isAbsolute(inside), `${file} → ${reference} leaves ${repo}`).toBe(false);
    targets.push(relative(dir, target));
  }
  return targets;
}

async function validateJson(dir: string): Promise<{ status: number | null; errors: number; warnings: number; findings: Finding[] }> {
  const r = await itstratInProcess(['validate', '--dir', dir, '--format', 'json']);
  const out = JSON.parse(r.stdout) as { errors: number; warnings: number; findings: Finding[] };
  return { status: r.status, ...out };
}

/** A new strategy made by `init` inside a fresh git repository. */
async function initInRepo(...args: string[]): Promise<{ repo: string; dir: string; stdout: string }> {
  const g = gitdir({ strategy: false });
  const dir = join(g.dir, 'strategy');
  const r = await itstratInProcess(['init', dir, '--date', '2026-03-01', ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { repo: g.dir, dir, stdout: r.stdout };
}

describe('init: a template for another administration', () => {
  it('copies the JSON Schemas into .schema/ and every file points there, inside the repository', async () => {
    const { repo, dir, stdout } = await initInRepo();
    expect(stdout).toBe(
      ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml', 'measures', '.schema'].map((f) => `${join(dir, f)}\n`).join(''),
    );
    expect(allFiles(dir)).toEqual([
      '.schema/leitplanken.schema.json',
      '.schema/measure.schema.json',
      '.schema/metrics.schema.json',
      '.schema/requirements.schema.json',
      '.schema/review.schema.json',
      '.schema/strategy.schema.json',
      'leitplanken.yaml',
      'metrics.yaml',
      'strategy.yaml',
    ]);
    for (const name of readdirSync(join(dir, '.schema')))
      expect(readFileSync(join(dir, '.schema', name), 'utf8')).toBe(readFileSync(join(root, 'src', 'schema', name), 'utf8'));
    expect(expectSchemaLinesInside(dir, repo)).toEqual([
      '.schema/leitplanken.schema.json',
      '.schema/metrics.schema.json',
      '.schema/strategy.schema.json',
    ]);
    // A measure created next gets the same form, relative to itself.
    expect(
      (await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Zweites Rechenzentrum'])).status,
    ).toBe(0);
    expect(readFileSync(join(dir, 'measures', '3.1-zweites-rechenzentrum.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../.schema/measure.schema.json',
    );
    expectSchemaLinesInside(dir, repo);
    // .schema/ is no measure: nothing about it in validate, and fmt leaves it alone.
    const v = await validateJson(dir);
    expect(v.errors).toBe(0);
    expect(v.findings.filter((f) => f.file.includes('.schema'))).toEqual([]);
    expect(await itstratInProcess(['fmt', '--check', '--dir', dir])).toMatchObject({
      status: 0,
      stdout: '4 Dateien sind bereits kanonisch.\n',
    });
  });

  it('writes no Braunschweig text: Leitplanken and Anhang III scales by name, prose as TODO: placeholders', async () => {
    const { dir } = await initInRepo();
    const reference = {
      strategy: parse(readFileSync(join(bundled, 'strategy.yaml'), 'utf8')) as {
        handlungsfelder: { description: string }[];
        review: { text: string };
      },
      leitplanken: parse(readFileSync(join(bundled, 'leitplanken.yaml'), 'utf8')) as {
        leitplanken: { id: string; title: string; text: string; criterion: string; short: string; scale: unknown[] }[];
      },
    };
    for (const file of allFiles(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/braunschweig/i);
      // Not one sentence of the reference's own prose, in any form.
      for (const prose of [
        ...reference.strategy.handlungsfelder.map((f) => f.description),
        ...reference.leitplanken.leitplanken.map((l) => l.text),
        reference.strategy.review.text,
      ])
        for (const sentence of prose.split(/(?<=[.:])\s+/).filter((s) => s.length > 30))
          expect(text.replace(/\s+/g, ' '), file).not.toContain(sentence.replace(/\s+/g, ' ').slice(0, 40));
    }
    const leitplanken = parse(readFileSync(join(dir, 'leitplanken.yaml'), 'utf8')) as typeof reference.leitplanken;
    expect(leitplanken.leitplanken.map(({ id, title, criterion, short, scale }) => ({ id, title, criterion, short, scale }))).toEqual(
      reference.leitplanken.leitplanken.map(({ id, title, criterion, short, scale }) => ({ id, title, criterion, short, scale })),
    );
    for (const l of leitplanken.leitplanken) expect(l.text).toMatch(/^TODO: /);
    const strategy = parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')) as {
      organisation: { name: string };
      handlungsfelder: { description: string }[];
    };
    expect(strategy.organisation.name).toMatch(/^TODO: /);
    for (const f of strategy.handlungsfelder) expect(f.description).toMatch(/^TODO: /);
  });

  it('validate warns (exit 0) at file:line:col of every placeholder left in place', async () => {
    const { dir } = await initInRepo();
    const v = await validateJson(dir);
    expect(v.status).toBe(0);
    expect(v.errors).toBe(0);
    expect(v.warnings).toBe(9);
    expect(v.findings.every((f) => f.rule === 'placeholder' && f.severity === 'warning')).toBe(true);
    expect(v.findings.map((f) => `${relative(dir, f.file)} ${f.path}`).sort()).toEqual(
      [
        'leitplanken.yaml leitplanken.0.text',
        'leitplanken.yaml leitplanken.1.text',
        'leitplanken.yaml leitplanken.2.text',
        'leitplanken.yaml leitplanken.3.text',
        'strategy.yaml handlungsfelder.0.description',
        'strategy.yaml handlungsfelder.1.description',
        'strategy.yaml handlungsfelder.2.description',
        'strategy.yaml handlungsfelder.3.description',
        'strategy.yaml organisation.name',
      ].sort(),
    );
    // Each position is the placeholder's own text in the file.
    for (const f of v.findings) {
      const line = readFileSync(join(dir, relative(dir, f.file)), 'utf8').split('\n')[f.line - 1]!;
      expect(line.slice(f.col - 1), `${f.file}:${f.line}:${f.col}`).toMatch(/^["']?TODO: /);
    }
    const text = await itstratInProcess(['validate', '--dir', dir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `^${join(dir, 'strategy.yaml').replace(/[.]/g, '\\.')}:5:9 warning organisation\\.name is still a placeholder .*\\[placeholder\\]$`,
        'm',
      ),
    );
    expect(text.stdout).toContain('0 Fehler, 9 Warnungen in 3 Dateien');
    // Scoring and the other commands are not held up by text still to be written.
    expect((await itstratInProcess(['score', '--dir', dir])).status).toBe(0);
  });

  it('placeholders are one form: a line starting with TODO:, wherever it is left', async () => {
    const dir = copyStrategy();
    const findings = async () => (await validateJson(dir)).findings.filter((f) => f.rule === 'placeholder');
    expect(await findings()).toEqual([]);
    const measure = join(dir, 'measures', '1.5-erechnung.yaml');
    const original = readFileSync(measure, 'utf8');
    const withDescription = (description: string) =>
      writeFileSync(measure, original.replace(/^description:[^\n]*(\n {2}[^\n]*)*/m, `description: ${description}`));
    // Plain, quoted, indented and on a later line of a block text: all placeholders.
    for (const description of ['"TODO: beschreiben"', "'  TODO: beschreiben'", '|\n  Erster Satz.\n  TODO: den Rest schreiben']) {
      withDescription(description);
      const found = await findings();
      expect(found, description).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: measure, path: 'description', severity: 'warning' });
      expect(readFileSync(measure, 'utf8').split('\n')[found[0]!.line - 1]).toMatch(/^description: /);
    }
    // A text that only mentions it is not one.
    for (const description of ['"Das TODO: steht mitten im Satz"', '"todo: klein geschrieben"', 'TODO']) {
      withDescription(description);
      expect(await findings(), description).toEqual([]);
    }
    // In any file and any text: a score comment is no text, a metric's description is.
    const metrics = join(dir, 'metrics.yaml');
    writeFileSync(metrics, readFileSync(metrics, 'utf8').replace(/^(\s+)name: (.*)$/m, '$1name: "TODO: Name"'));
    const inMetrics = await findings();
    expect(inMetrics).toHaveLength(1);
    expect(inMetrics[0]).toMatchObject({ file: metrics, severity: 'warning' });
    expect(inMetrics[0]!.path).toMatch(/^(goals|metrics)\.\d+\.name$/);
  });

  it('the bundled strategy holds no placeholder', async () => {
    const v = await validateJson(bundled);
    expect(v.findings).toEqual([]);
    for (const file of yamlFiles(bundled))
      expect(readFileSync(join(bundled, file), 'utf8'), file).not.toMatch(/^\s*(- )?\w*:?\s*["']?TODO:/m);
  });

  it('--name fills the name into organisation, title and placeholders; --lang en writes them in English', async () => {
    const { dir } = await initInRepo('--name', 'Stadt Musterhausen');
    const strategy = parse(readFileSync(join(dir, 'strategy.yaml'), 'utf8')) as {
      title: string;
      organisation: { name: string };
      handlungsfelder: { description: string }[];
    };
    expect(strategy.title).toBe('IT-Strategie Stadt Musterhausen');
    expect(strategy.organisation).toEqual({ name: 'Stadt Musterhausen' });
    for (const f of strategy.handlungsfelder) expect(f.description).toMatch(/^TODO: .*Stadt Musterhausen/);
    expect((await validateJson(dir)).warnings).toBe(8);

    const en = await initInRepo('--name', 'City of Exampleton', '--title', 'Digital 2030', '--lang', 'en');
    const english = parse(readFileSync(join(en.dir, 'strategy.yaml'), 'utf8')) as typeof strategy & { language: string };
    expect(english).toMatchObject({ title: 'Digital 2030', organisation: { name: 'City of Exampleton' }, language: 'en' });
    expect(english.handlungsfelder[0]!.description).toMatch(/^TODO: what belongs to the field eAdministration for City of Exampleton/);
  });

  it('refuses a name that is empty, on several lines, or given twice differently (exit 2, nothing created)', async () => {
    const g = gitdir({ strategy: false });
    for (const args of [
      ['--name', '  '],
      ['--name', 'Stadt\nX'],
      ['--name', 'x'.repeat(301)],
      ['--name', 'Stadt X', '--organisation', 'Stadt Y'],
      ['--from-reference', '--name', 'Stadt X'],
      ['--from-reference', '--date', '2020-01-01'],
    ]) {
      const r = await itstratInProcess(['init', join(g.dir, 'neu'), ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^itstrat: .*\n$/);
      expect(existsSync(join(g.dir, 'neu'))).toBe(false);
    }
  });

  it('--dry-run shows every file, the schema copies too, and writes nothing', async () => {
    const g = gitdir({ strategy: false });
    const r = await itstratInProcess(['init', join(g.dir, 'neu'), '--dry-run']);
    expect(r.status).toBe(0);
    for (const name of ['strategy.yaml', 'leitplanken.yaml', 'metrics.yaml', '.schema/measure.schema.json', '.schema/strategy.schema.json'])
      expect(r.stdout).toContain(`neu/${name}`);
    expect(existsSync(join(g.dir, 'neu'))).toBe(false);
  });
});

describe('.schema/ is no part of the strategy data', () => {
  it('validate, fmt and diff never look into it', async () => {
    const g = gitdir({ strategy: false });
    const dir = join(g.dir, 'strategy');
    expect((await itstratInProcess(['init', dir, '--date', '2026-01-01', '--name', 'Stadt X'])).status).toBe(0);
    const first = g.commit('init');
    // A stray YAML file, a broken schema copy: neither is read.
    writeFileSync(join(dir, '.schema', 'measure.schema.json'), '{ not json');
    writeFileSync(join(dir, '.schema', 'notes.yaml'), 'id: [oops\n');
    const second = g.commit('schema edited');
    const v = await validateJson(dir);
    expect(v).toMatchObject({ status: 0, errors: 0 });
    expect(v.findings.filter((f) => f.file.includes('.schema'))).toEqual([]);
    expect(await itstratInProcess(['fmt', '--dir', dir])).toMatchObject({ status: 0, stdout: '3 Dateien sind bereits kanonisch.\n' });
    expect(readFileSync(join(dir, '.schema', 'notes.yaml'), 'utf8')).toBe('id: [oops\n');
    const diff = await itstratInProcess(['diff', first, second, '--dir', dir, '--format', 'json']);
    expect(diff.status).toBe(0);
    expect(diff.stdout).not.toContain('.schema');
  });
});

describe('init --from-reference', () => {
  it('copies the bundled 2018 strategy as it is: the same files, the same scores', async () => {
    const g = gitdir({ strategy: false });
    const dir = join(g.dir, 'beispiel');
    const r = await itstratInProcess(['init', dir, '--from-reference']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(allFiles(dir)).toEqual(allFiles(bundled));
    for (const file of allFiles(bundled))
      expect(readFileSync(join(dir, file), 'utf8'), file).toBe(readFileSync(join(bundled, file), 'utf8'));
    const score = async (d: string) => (await itstratInProcess(['score', '--dir', d, '--format', 'json', '--sensitivity'])).stdout;
    expect(await score(dir)).toBe(await score(bundled));
    expect((await validateJson(dir)).findings).toEqual([]);
    expectSchemaLinesInside(dir, g.dir);
  });
});

describe('new measure: the $schema line in the form of its siblings', () => {
  const newMeasure = async (dir: string) => {
    const r = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Neu']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    return readFileSync(join(dir, 'measures', '3.13-neu.yaml'), 'utf8');
  };
  const repoWithStrategy = () => {
    const g = gitdir();
    return { repo: g.dir, dir: join(g.dir, 'strategy') };
  };
  const pointAll = (dir: string, reference: string) => {
    for (const f of readdirSync(join(dir, 'measures'))) {
      const file = join(dir, 'measures', f);
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/^# yaml-language-server: \$schema=\S+/, `# yaml-language-server: $schema=${reference}`),
      );
    }
  };
  const schemaCopy = (at: string) => {
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, readFileSync(join(root, 'src', 'schema', 'measure.schema.json')));
  };

  it('the bundled layout: ../.schema/measure.schema.json, inside the repository', async () => {
    const { repo, dir } = repoWithStrategy();
    expect((await newMeasure(dir)).split('\n')[0]).toBe('# yaml-language-server: $schema=../.schema/measure.schema.json');
    expectSchemaLinesInside(dir, repo);
  });

  it("follows the siblings' own form when it stays inside the repository", async () => {
    const { repo, dir } = repoWithStrategy();
    schemaCopy(join(repo, 'schemas', 'measure.schema.json'));
    pointAll(dir, '../../schemas/measure.schema.json');
    expect((await newMeasure(dir)).split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/measure.schema.json');
    expectSchemaLinesInside(dir, repo);
    // A web address is the same everywhere: followed as it is.
    pointAll(dir, 'https://example.org/itstrat/measure.schema.json');
    const text = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', 'technik', '--title', 'Zwei']);
    expect(text.status).toBe(0);
    expect(readFileSync(join(dir, 'measures', '3.14-zwei.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://example.org/itstrat/measure.schema.json',
    );
  });

  it('never follows siblings out of the repository or into node_modules: .schema/ instead, else no line', async () => {
    for (const outside of ['node_modules', 'out']) {
      const { repo, dir } = repoWithStrategy();
      // A schema that exists, but where only this machine has it.
      const target =
        outside === 'node_modules'
          ? join(repo, 'node_modules', 'itstrat', 'src', 'schema', 'measure.schema.json')
          : join(dirname(repo), `${outside}-${Math.random().toString(36).slice(2)}`, 'measure.schema.json');
      schemaCopy(target);
      pointAll(dir, relative(join(dir, 'measures'), target));
      expect((await newMeasure(dir)).split('\n')[0], outside).toBe('# yaml-language-server: $schema=../.schema/measure.schema.json');
      // Without .schema/ there is nothing that works on every machine: no line rather than a wrong one.
      const again = repoWithStrategy();
      pointAll(again.dir, relative(join(again.dir, 'measures'), target));
      rmSync(join(again.dir, '.schema'), { recursive: true });
      const text = await newMeasure(again.dir);
      expect(text, outside).not.toContain('$schema');
      expect(text.startsWith('id: "3.13"\n'), outside).toBe(true);
      expect(text, outside).not.toContain(root);
    }
  });

  it('a strategy with no measures yet follows the schema folder of its other files', async () => {
    const g = gitdir({ strategy: false });
    const dir = join(g.dir, 'strategy');
    expect((await itstratInProcess(['init', dir, '--date', '2026-01-01'])).status).toBe(0);
    // The team keeps the schemas in one shared folder of the repository instead.
    renameSync(join(dir, '.schema'), join(g.dir, 'schemas'));
    for (const name of ['strategy', 'leitplanken', 'metrics']) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, readFileSync(file, 'utf8').replace('$schema=.schema/', '$schema=../schemas/'));
    }
    const r = await itstratInProcess(['new', 'measure', '--dir', dir, '--field', '1', '--title', 'Erste']);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'measures', '1.1-erste.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schemas/measure.schema.json',
    );
    expectSchemaLinesInside(dir, g.dir);
  });
});

describe('fmt keeps the $schema line first', () => {
  it('when it sits right above a key that moves, or below another comment', async () => {
    const dir = copyStrategy();
    const file = join(dir, 'measures', '1.6-evergabe.yaml');
    const canonical = readFileSync(file, 'utf8');
    const lines = canonical.split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=../.schema/measure.schema.json');
    // No blank line below it, and the first key out of order: the comment belongs to that key now.
    const body = lines.slice(2).join('\n');
    const title = /^title: .*$/m.exec(body)![0];
    writeFileSync(file, `${lines[0]}\n${title}\n${body.replace(`${title}\n`, '')}`);
    expect(await itstratInProcess(['fmt', '--dir', dir])).toMatchObject({ status: 0, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(canonical);
    // Below another comment.
    writeFileSync(file, `# Vergabe\n${canonical}`);
    expect(await itstratInProcess(['fmt', '--dir', dir])).toMatchObject({ status: 0, stderr: '' });
    const after = readFileSync(file, 'utf8');
    expect(after.split('\n')[0]).toBe(lines[0]);
    expect(after).toContain('# Vergabe\n');
    expect(parse(after)).toEqual(parse(canonical));
  });
});
