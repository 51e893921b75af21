import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const measureFile = (dir: string, id: string): string => {
  const name = readdirSync(join(dir, 'measures')).find((f) => f.startsWith(`${id}-`));
  if (name === undefined) throw new Error(`no file for ${id}`);
  return join(dir, 'measures', name);
};

interface Case {
  name: string;
  /** Breaks a copy of the bundled strategy; returns the file that must be named. */
  breakIt: (dir: string) => string;
  line: number;
  rule: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'YAML syntax error',
    breakIt: (d) => {
      const f = measureFile(d, '2.3');
      editFile(f, (t) => t.replace(/^title: /m, 'title: [broken '));
      return f;
    },
    line: 5,
    rule: 'yaml-syntax',
    message: /Flow sequence/,
  },
  {
    name: 'duplicate key',
    breakIt: (d) => {
      const f = measureFile(d, '1.6');
      editFile(f, (t) => t.replace(/^field: .*$/m, '$&\nfield: technik'));
      return f;
    },
    line: 6,
    rule: 'duplicate-key',
    message: /duplicate key field/,
  },
  {
    name: 'score 5',
    breakIt: (d) => {
      const f = measureFile(d, '1.2');
      editFile(f, (t) => t.replace('  security: 2', '  security: 5'));
      return f;
    },
    line: 17,
    rule: 'score-range',
    message: /scores\.security must be at most 4 \(found 5\)/,
  },
  {
    name: 'score "hoch"',
    breakIt: (d) => {
      const f = measureFile(d, '1.1');
      editFile(f, (t) => t.replace('  quality: 3', '  quality: hoch'));
      return f;
    },
    line: 18,
    rule: 'type',
    message: /scores\.quality must be an integer \(found "hoch"\)/,
  },
  {
    name: 'missing required key',
    breakIt: (d) => {
      const f = measureFile(d, '2.6');
      editFile(f, (t) => t.replace(/^source: .*\n/m, ''));
      return f;
    },
    line: 3,
    rule: 'required-key',
    message: /missing the required key source/,
  },
  {
    name: 'misspelt key',
    breakIt: (d) => {
      const f = measureFile(d, '1.2');
      editFile(f, (t) => t.replace(/^title:/m, 'titel:'));
      return f;
    },
    line: 4,
    rule: 'unknown-key',
    message: /titel — did you mean title\?/,
  },
  {
    name: 'empty file',
    breakIt: (d) => {
      const f = measureFile(d, '1.5');
      writeFileSync(f, '');
      return f;
    },
    line: 1,
    rule: 'empty-file',
    message: /empty file/,
  },
  {
    name: 'alias bomb',
    breakIt: (d) => {
      const f = measureFile(d, '1.7');
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      writeFileSync(f, `${levels.join('\n')}\n`);
      return f;
    },
    // At the alias whose expansion crosses the limit (d: &d [*c, …), not at 1:1.
    line: 4,
    rule: 'alias-limit',
    message: /too many alias expansions/,
  },
  {
    name: 'two measures with one id',
    breakIt: (d) => {
      const f = join(d, 'measures', '2.4-kopie.yaml');
      writeFileSync(f, readFileSync(measureFile(d, '2.4')));
      return f;
    },
    line: 3,
    rule: 'duplicate-id',
    message: /measure id 2\.4 is already used by .*2\.4-auskunftssystem-bearbeitungsstatus\.yaml:3/,
  },
  {
    name: 'binary garbage',
    breakIt: (d) => {
      const f = measureFile(d, '1.8');
      writeFileSync(f, Buffer.from([0x69, 0x64, 0x0a, 0x00, 0xff, 0x13]));
      return f;
    },
    line: 2,
    rule: 'encoding',
    message: /binary content/,
  },
  {
    name: 'invalid UTF-8',
    breakIt: (d) => {
      const f = measureFile(d, '1.9');
      writeFileSync(f, Buffer.concat([Buffer.from('id: "1.9"\ntitle: Gr'), Buffer.from([0xfc]), Buffer.from('n\n')]));
      return f;
    },
    line: 2,
    rule: 'encoding',
    message: /invalid UTF-8/,
  },
  {
    name: 'tab indentation',
    breakIt: (d) => {
      const f = measureFile(d, '1.10');
      editFile(f, (t) => t.replace('  strategy: 3', '\tstrategy: 3'));
      return f;
    },
    line: 14,
    rule: 'tab-indentation',
    message: /tab used for indentation/,
  },
  {
    name: 'unknown Handlungsfeld',
    breakIt: (d) => {
      const f = measureFile(d, '1.11');
      editFile(f, (t) => t.replace('field: eadministration', 'field: eadministraton'));
      return f;
    },
    line: 5,
    rule: 'unknown-field',
    message: /unknown Handlungsfeld eadministraton — did you mean eadministration\?/,
  },
  {
    name: '__proto__ key',
    breakIt: (d) => {
      const f = measureFile(d, '3.1');
      editFile(f, (t) => t.replace(/^scores:/m, '__proto__:\n  polluted: true\nscores:'));
      return f;
    },
    line: 16,
    rule: 'unknown-key',
    message: /unknown key __proto__/,
  },
  {
    name: 'negative weight',
    breakIt: (d) => {
      const f = join(d, 'leitplanken.yaml');
      editFile(f, (t) => t.replace(/weight: \d+/, 'weight: -1'));
      return f;
    },
    line: 29,
    rule: 'range',
    message: /leitplanken\.0\.weight must be at least 0 \(found -1\)/,
  },
  {
    name: 'infinite weight',
    breakIt: (d) => {
      const f = join(d, 'leitplanken.yaml');
      editFile(f, (t) => t.replace(/weight: \d+/, 'weight: .inf'));
      return f;
    },
    line: 29,
    rule: 'number',
    message: /leitplanken\.0\.weight must be a finite number \(found \.inf\)/,
  },
  {
    name: 'threshold beyond exact integers',
    breakIt: (d) => {
      const f = join(d, 'leitplanken.yaml');
      editFile(f, (t) => t.replace(/^threshold: \d+/m, 'threshold: 9007199254740993'));
      return f;
    },
    line: 7,
    rule: 'number',
    message: /threshold cannot be stored exactly: whole numbers go up to 9007199254740991 \(found 9007199254740993\)/,
  },
  {
    name: 'impossible date',
    breakIt: (d) => {
      const f = join(d, 'strategy.yaml');
      editFile(f, (t) => t.replace(/^date: .*$/m, 'date: 2018-02-30'));
      return f;
    },
    line: 8,
    rule: 'date',
    message: /date must be a real calendar date \(found 2018-02-30: February 2018 has 28 days\)/,
  },
  {
    name: 'broken metrics.yaml',
    breakIt: (d) => {
      const f = join(d, 'metrics.yaml');
      editFile(f, (t) => t.replace('    kind: count\n', '    kind: anzahl\n'));
      return f;
    },
    line: 0,
    rule: 'enum',
    message: /kind must be one of count, number, ratio, percent, money, status, list \(found "anzahl"\)/,
  },
  {
    name: 'two YAML documents in one file',
    breakIt: (d) => {
      const f = measureFile(d, '3.2');
      editFile(f, (t) => `${t}---\nid: "3.2"\n`);
      return f;
    },
    line: 0,
    rule: 'multiple-documents',
    message: /more than one YAML document/,
  },
  {
    name: 'very deep nesting',
    breakIt: (d) => {
      const f = measureFile(d, '3.3');
      writeFileSync(f, `x: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
      return f;
    },
    line: 1,
    rule: 'nesting-depth',
    message: /nesting too deep/,
  },
  {
    name: 'moderately deep nesting',
    breakIt: (d) => {
      const f = measureFile(d, '3.4');
      writeFileSync(f, `x: ${'['.repeat(40)}${']'.repeat(40)}\n`);
      return f;
    },
    line: 1,
    rule: 'nesting-depth',
    message: /expected at most 32 levels/,
  },
];

describe('bad input gives a clean, located error', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = copyStrategy();
      const file = c.breakIt(dir);
      const run = await itstratInProcess(['validate', '--dir', dir]);
      expect(run.status, run.stdout + run.stderr).toBe(1);
      const line = run.stdout.split('\n').find((l) => l.startsWith(`${file}:`) && l.includes(`[${c.rule}]`));
      expect(line, run.stdout).toBeDefined();
      expect(line).toMatch(c.message);
      const [, lineNo, col] = /^[^:]+:(\d+):(\d+) error /.exec(line!) ?? [];
      expect(Number(col)).toBeGreaterThan(0);
      if (c.line > 0) expect(Number(lineNo)).toBe(c.line);
      else expect(Number(lineNo)).toBeGreaterThan(1);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toMatch(/\n\s+at /);
    });
  }

  it('never pollutes Object.prototype through a __proto__ key', async () => {
    const { parseYaml } = await import('../src/model/parse-yaml.js');
    const parsed = parseYaml({ path: 'x.yaml', relative: 'measures/x.yaml', bytes: Buffer.from('__proto__:\n  polluted: true\n') });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(parsed.data)).toBe(Object.prototype);
  });

  it('reports every finding, not just the first', async () => {
    const dir = copyStrategy();
    for (const c of cases.slice(0, 6)) c.breakIt(dir);
    const run = await itstratInProcess(['validate', '--dir', dir]);
    const rules = new Set([...run.stdout.matchAll(/\[([a-z-]+)\]$/gm)].map((m) => m[1]));
    expect([...rules].sort()).toEqual(['duplicate-key', 'required-key', 'score-range', 'type', 'unknown-key', 'yaml-syntax'].sort());
  });

  it('refuses to score invalid data, naming the findings on stderr', async () => {
    const dir = copyStrategy();
    cases[2]!.breakIt(dir);
    const run = await itstratInProcess(['score', '--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /1\.2-e-akte-dokumentenmanagement-system\.yaml:17:13 error scores\.security must be at most 4 \(found 5\) \[score-range\]/,
    );
  });
});
