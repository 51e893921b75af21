import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  csvField,
  githubData,
  githubProperty,
  guardOutput,
  html,
  jsonDocument,
  markdownBlock,
  markdownCell,
  mermaidText,
  terminalBlock,
  terminalText,
  xml,
  xmlAttribute,
} from '../src/render/escape.js';
import { run } from '../src/cli.js';
import { copyStrategy, editFile } from './helpers/cli.js';
import { itstratInProcess } from './helpers/in-process.js';

const hostile = 'A|B\nC <img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u001b]8;;http://evil\u0007link\u001b]8;;\u0007 \u202eevil';

describe('escaping untrusted text', () => {
  it('terminal: no control character, escape sequence or bidi override survives', async () => {
    const out = terminalText(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
    expect(out).toContain('\\x1B[31mred');
    expect(out).toContain('\\u202E');
  });

  it('markdown cell: pipes, newlines and HTML cannot break the table', async () => {
    const out = markdownCell(hostile);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toContain('\n');
    expect(out).not.toContain('<img');
    expect(out).toContain('A\\|B<br>C &lt;img');
  });

  it('html and csv', async () => {
    expect(html('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(4)).toBe('4');
  });

  it('the score table shows hostile titles as inert text', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`));
    for (const format of ['table', 'markdown', 'csv', 'json']) {
      const run = await itstratInProcess(['score', '--dir', dir, '--format', format]);
      expect(run.status, format).toBe(0);
      expect(run.stdout, format).not.toContain('\u001b');
      expect(run.stdout, format).not.toContain('\u0007');
    }
    const md = (await itstratInProcess(['score', '--dir', dir, '--format', 'markdown'])).stdout
      .split('\n')
      .filter((l) => l.startsWith('|'));
    const columns = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(new Set(md.map(columns)).size).toBe(1);
  });
});

// Every character class of the policy, one of each: C0, DEL, C1, bidi controls, separators, lone surrogates.
const controls = [
  '\u0000',
  '\u0007',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009b',
  '\u009f',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
];
const raw =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('one escaping policy per medium', () => {
  it.each(controls)('no medium lets %j through raw', async (c) => {
    const text = `a${c}b`;
    for (const [name, out] of Object.entries({
      terminalText: terminalText(text),
      terminalBlock: terminalBlock(text),
      githubData: githubData(text),
      githubProperty: githubProperty(text),
      markdownCell: markdownCell(text),
      markdownBlock: markdownBlock(text),
      html: html(text),
      xml: xml(text),
      xmlAttribute: xmlAttribute(text),
      csv: csvField(text),
      mermaid: mermaidText(text),
      json: jsonDocument({ text }),
    })) {
      expect(out, name).not.toMatch(raw);
    }
    // JSON escapes without losing anything: the string parses back exactly.
    expect(JSON.parse(jsonDocument({ text })).text).toBe(text);
  });

  it('shows what it neutralised: ALM, C1 and bidi as visible escapes', async () => {
    expect(terminalText('\u061cx\u0085\u202e')).toBe('\\u061Cx\\x85\\u202E');
    expect(html('<td>\u009b31m</td>')).toBe('&lt;td&gt;\\x9B31m&lt;/td&gt;');
    expect(jsonDocument({ t: '\u001b\u0085\u202e\u2028' })).toBe('{\n  "t": "\\u001b\\u0085\\u202e\\u2028"\n}\n');
  });

  it('github: %, CR and LF as the toolkit escapes them, : and , in properties, controls visible', async () => {
    expect(githubData('100% \r\n\u001b[31m')).toBe('100%25 %0D%0A\\x1B[31m');
    expect(githubProperty('a:b,c\u202e')).toBe('a%3Ab%2Cc\\u202E');
  });

  it('xml attributes keep line breaks and tabs as references; text keeps them raw', async () => {
    expect(xmlAttribute('a\nb\tc"<')).toBe('a&#10;b&#9;c&quot;&lt;');
    expect(xml('a\r\nb\u0085')).toBe('a\nb\\x85');
  });

  it('markdown: the start of a paragraph or list item opens no block', async () => {
    for (const start of ['# h', '- item', '+ item', '1. item', '2) item', '---', '=== ']) {
      const out = markdownBlock(start);
      expect(out, start).toMatch(/^(\\[#\-+=]|\d+\\[.)])/);
    }
    expect(markdownBlock('    code')).toBe('code');
    expect(markdownBlock('\t- x')).toBe('\\- x');
    expect(markdownCell('~~s~~ $x$')).toBe('\\~\\~s\\~\\~ \\$x\\$');
  });

  it('the terminal guard keeps only SGR colour sequences, and only when colour is on', async () => {
    const text = '\u001b[31mred\u001b[39m \u001b]8;;http://x\u0007l \u001b[2J';
    expect(guardOutput.terminal(text, true)).toBe('\u001b[31mred\u001b[39m \\x1B]8;;http://x\\x07l \\x1B[2J');
    expect(guardOutput.terminal(text, false)).not.toMatch(raw);
    expect(guardOutput.terminal('a\n\tb')).toBe('a\n\tb');
    expect(guardOutput.csv('"a\r\nb"\r\n')).toBe('"a\r\nb"\r\n');
  });
});

describe('texts the CLI writes itself', () => {
  async function capture(args: string[]): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const code = await run(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, isTTY: false });
    return { out, err, code };
  }

  it('the score summary ("Gewichte: …") escapes the Leitplanken labels', async () => {
    const dir = copyStrategy();
    editFile(join(dir, 'leitplanken.yaml'), (t) => t.replace('short: Strategie', 'short: "S\\e[2J\\u202E\\u061C"'));
    const { out, code } = await capture(['score', '--dir', dir, '--sensitivity']);
    expect(code).toBe(0);
    expect(out).not.toMatch(raw);
    expect(out).toContain('S\\x1B[2J\\u202E\\u061C 4');
  });

  it.each([
    [['score', '--format', '\u001b[31mx\u202e']],
    [['score', '--sort', '\u0085\u061c']],
    [['score', '--\u001b]0;t\u0007']],
    [['\u001b[2J']],
    [['--lang', '\u009b1m', 'score']],
    [['score', '--weights', 'strategy=\u001b[1m']],
    [['history', '1.\u202e']],
  ])('commander and CliError messages echo %j inertly', async (args) => {
    const { err, code } = await capture(args);
    expect(code).toBe(2);
    expect(err).toMatch(/error|itstrat:/);
    expect(err).not.toMatch(raw);
  });

  it('--verbose stack traces are escaped like the message', async () => {
    const { err, code } = await capture(['score', '--weights', '\u001b[31m=1', '--verbose']);
    expect(code).toBe(2);
    expect(err).toContain('CliError');
    expect(err).not.toMatch(raw);
  });
});
