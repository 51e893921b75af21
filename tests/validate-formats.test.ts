import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsFormatters } from '../src/render/render-findings.js';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

function brokenCopy(): string {
  const dir = copyStrategy();
  editFile(join(dir, 'measures', '1.2-e-akte-dokumentenmanagement-system.yaml'), (t) =>
    t.replace('  security: 2', '  security: 5').replace(/^title:/m, 'titel:'),
  );
  return dir;
}

describe('validate output formats', () => {
  it('text: file:line:col severity message [rule] and a summary', async () => {
    const dir = brokenCopy();
    const run = await itstratInProcess(['validate', '--dir', dir]);
    expect(run.status).toBe(1);
    const file = join(dir, 'measures', '1.2-e-akte-dokumentenmanagement-system.yaml');
    expect(run.stdout).toBe(
      [
        `${file}:3:1 error the file is missing the required key title [required-key]`,
        `${file}:4:1 error unknown key titel — did you mean title? [unknown-key]`,
        `${file}:17:13 error scores.security must be at most 4 (found 5) [score-range]`,
        '✖ 3 Fehler, 0 Warnungen in 58 Dateien',
        '',
      ].join('\n'),
    );
  });

  it('text: paths are relative to the working directory', async () => {
    const dir = brokenCopy();
    const run = itstrat(['validate', '--dir', 'strategy'], { cwd: join(dir, '..') });
    expect(run.stdout).toContain('strategy/measures/1.2-e-akte-dokumentenmanagement-system.yaml:17:13 error');
  });

  it('json: a machine-readable contract', async () => {
    const run = await itstratInProcess(['validate', '--dir', brokenCopy(), '--format', 'json']);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ valid: false, errors: 3, warnings: 0, files: 58 });
    expect(out.findings[2]).toEqual({
      file: expect.stringMatching(/1\.2-e-akte-dokumentenmanagement-system\.yaml$/),
      line: 17,
      col: 13,
      endLine: 17,
      endCol: 13,
      path: 'scores.security',
      rule: 'score-range',
      severity: 'error',
      message: 'scores.security must be at most 4 (found 5)',
    });
    const valid = JSON.parse((await itstratInProcess(['validate', '--format', 'json'])).stdout);
    expect(valid).toEqual({ valid: true, errors: 0, warnings: 0, files: 58, findings: [] });
  });

  it('github: workflow commands with escaped properties and data', async () => {
    const out = findingsFormatters.github({
      dir: 's',
      files: ['a,b:c.yaml'],
      findings: [
        {
          file: 'a,b:c.yaml',
          line: 2,
          col: 3,
          endLine: 2,
          endCol: 5,
          path: 'x',
          rule: 'type',
          severity: 'error',
          message: '100% wrong\nsecond line',
        },
      ],
    });
    expect(out).toBe('::error file=a%2Cb%3Ac.yaml,line=2,col=3,endLine=2,endColumn=5,title=itstrat type::100%25 wrong%0Asecond line\n');
  });

  it('junit: well-formed XML with one failure per error', async () => {
    const run = await itstratInProcess(['validate', '--dir', brokenCopy(), '--format', 'junit']);
    expect(run.status).toBe(1);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(run.stdout);
    expect(xml.testsuites['@_failures']).toBe('3');
    const suites = xml.testsuites.testsuite as { '@_name': string; '@_failures': string }[];
    expect(suites).toHaveLength(58);
    expect(suites.filter((s) => s['@_failures'] !== '0').map((s) => s['@_failures'])).toEqual(['3']);
  });

  it('junit: hostile text stays text', async () => {
    const out = findingsFormatters.junit({
      dir: 's',
      files: ['x.yaml'],
      findings: [
        { file: 'x.yaml', line: 1, col: 1, endLine: 1, endCol: 1, path: '', rule: 'r', severity: 'error', message: '<!-- ]]> "&\u0001' },
      ],
    });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('&lt;!-- ]]&gt; &quot;&amp;\\x01');
  });

  it('github: controls and bidi marks in file names and messages never reach the log raw', async () => {
    const out = findingsFormatters.github({
      dir: 's',
      files: ['1.2-\u001b[31m\u202e.yaml'],
      findings: [
        {
          file: '1.2-\u001b[31m\u202e.yaml',
          line: 1,
          col: 1,
          endLine: 1,
          endCol: 1,
          path: '',
          rule: 'enum',
          severity: 'warning',
          message: 'found "\u001b]8;;http://x\u0007\u0085\u061c"\r\n::error::x',
        },
      ],
    });
    expect(out).toBe(
      '::warning file=1.2-\\x1B[31m\\u202E.yaml,line=1,col=1,endLine=1,endColumn=1,title=itstrat enum::found "\\x1B]8;;http%3A//x\\x07\\x85\\u061C"%0D%0A::error::x\n'.replace(
        'http%3A',
        'http:',
      ),
    );
  });

  it('junit: line breaks in attributes survive as references, C1 and bidi marks are made visible', async () => {
    const out = findingsFormatters.junit({
      dir: 's',
      files: ['x.yaml'],
      findings: [
        { file: 'x.yaml', line: 1, col: 1, endLine: 1, endCol: 1, path: '', rule: 'r', severity: 'error', message: 'a\nb\u0085\u202e' },
      ],
    });
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('message="a&#10;b\\x85\\u202E"');
  });
});
