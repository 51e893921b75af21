import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { csvField, html, markdownCell, terminalText } from '../src/render/escape.js';
import { copyStrategy, editFile, itstrat } from './helpers/cli.js';

const hostile = 'A|B\nC <img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u001b]8;;http://evil\u0007link\u001b]8;;\u0007 \u202eevil';

describe('escaping untrusted text', () => {
  it('terminal: no control character, escape sequence or bidi override survives', () => {
    const out = terminalText(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/u);
    expect(out).toContain('\\x1B[31mred');
    expect(out).toContain('\\u202E');
  });

  it('markdown cell: pipes, newlines and HTML cannot break the table', () => {
    const out = markdownCell(hostile);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toContain('\n');
    expect(out).not.toContain('<img');
    expect(out).toContain('A\\|B<br>C &lt;img');
  });

  it('html and csv', () => {
    expect(html('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(4)).toBe('4');
  });

  it('the score table shows hostile titles as inert text', () => {
    const dir = copyStrategy();
    editFile(join(dir, 'measures', '1.6-evergabe.yaml'), (t) => t.replace(/^title: .*$/m, `title: ${JSON.stringify(hostile)}`));
    for (const format of ['table', 'markdown', 'csv', 'json']) {
      const run = itstrat(['score', '--dir', dir, '--format', format]);
      expect(run.status, format).toBe(0);
      expect(run.stdout, format).not.toContain('\u001b');
      expect(run.stdout, format).not.toContain('\u0007');
    }
    const md = itstrat(['score', '--dir', dir, '--format', 'markdown']).stdout.split('\n').filter((l) => l.startsWith('|'));
    const columns = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(new Set(md.map(columns)).size).toBe(1);
  });
});
