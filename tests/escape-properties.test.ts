// Property test of the escaping policy: random strings of controls, C1, bidi marks and markup
// injected into every free-text field of a strategy and into option values, then every command
// in every format, in process through run(); a few spawned runs cover commander's error path.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../src/cli.js';
import { itstrat } from './helpers/cli.js';
import { gitdir, type GitDir } from './helpers/gitdir.js';
import { csvRecords } from './helpers/csv.js';
import { githubAnchors } from './helpers/markdown.js';

// In-process runs share the parse cache of this file only.
process.env['ITSTRAT_CACHE_DIR'] = mkdtempSync(join(tmpdir(), 'itstrat-cache-'));

/** Pieces the strings are built from: everything that acts in some medium, and harmless text. */
const pieces = [
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001b[31m',
  '\u001b[2J',
  '\u001b]8;;http://evil.example\u0007',
  '\u001b]0;title\u0007',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009b',
  '\u009b31m',
  '\u009d',
  '\u009f',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</td>',
  '<!--',
  ']]>',
  '&amp;',
  '&#27;',
  '&',
  '"',
  "'",
  '`',
  '```',
  '|',
  '*',
  '_',
  '~',
  '$x$',
  '[x](javascript:alert(1))',
  '![i](http://x)',
  '#',
  '- ',
  '1. ',
  '    code',
  '---',
  '> ',
  '\\',
  '%',
  '%0A',
  '%25',
  '::error::',
  ':',
  ',',
  '-->',
  '%%',
  ';',
  '=1+1',
  '@SUM(A1)',
  '😀',
  'é',
  'ß',
  ' ',
  'x',
  'Maßnahme',
];
const hostileText = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((a) => `x${a.join('')}`);

/** Raw bytes no output may carry; `allow` names what a medium keeps (\t and \n always may stay, \r only in CSV). */
function rawControls(text: string, allowCr = false): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
  )) {
    if (allowCr && m[0] === '\r') continue;
    found.add(`U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return [...found];
}

/** YAML (as JSON, which is YAML) with every character outside printable ASCII as an escape: the only way controls may be in a file. */
function yamlText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[^\u0020-\u007e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

interface Hostile {
  title: string;
  text: string;
  organisation: string;
  field: string;
  leitplanke: string;
  short: string;
  criterion: string;
  metric: string;
  note: string;
  subject: string;
}

const hostileSet: fc.Arbitrary<Hostile> = fc.record({
  title: hostileText,
  text: hostileText,
  organisation: hostileText,
  field: hostileText,
  leitplanke: hostileText,
  short: hostileText.map((s) => s.slice(0, 24)),
  criterion: hostileText,
  metric: hostileText,
  note: hostileText,
  subject: hostileText,
});

const MEASURE = '1.6';
const fileNameOf = (h: Hostile): string => `${MEASURE}-${h.title.replace(/[/\u0000]/g, '').slice(0, 60)}.yaml`;

/** Writes the bundled strategy with the hostile strings in every free-text field. */
function injectHostile(dir: string, h: Hostile): void {
  const read = (rel: string) => parse(readFileSync(join(dir, rel), 'utf8')) as Record<string, any>;
  const strategy = read('strategy.yaml');
  strategy['title'] = h.title;
  strategy['organisation'] = { name: h.organisation, unit: h.text };
  strategy['adoption'] = { ...strategy['adoption'], body: h.organisation, resolution: h.text };
  strategy['handlungsfelder'][0].name = h.field;
  strategy['handlungsfelder'][0].description = h.text;
  writeFileSync(join(dir, 'strategy.yaml'), yamlText(strategy));
  const leitplanken = read('leitplanken.yaml');
  const first = leitplanken['leitplanken'][0];
  Object.assign(first, { title: h.leitplanke, text: h.text, criterion: h.criterion, short: h.short });
  first.scale[0].text = h.text;
  writeFileSync(join(dir, 'leitplanken.yaml'), yamlText(leitplanken));
  const metrics = read('metrics.yaml');
  metrics['goals'][0].name = h.criterion;
  Object.assign(metrics['metrics'][0], {
    name: h.metric,
    unit: h.short,
    values: [
      { period: '2020', value: 3, note: h.note },
      { period: '2021', value: 5 },
    ],
  });
  writeFileSync(join(dir, 'metrics.yaml'), yamlText(metrics));
  const measures = join(dir, 'measures');
  const old = readdirSync(measures).find((f) => f.startsWith(`${MEASURE}-`))!;
  const measure = parse(readFileSync(join(measures, old), 'utf8')) as Record<string, unknown>;
  Object.assign(measure, {
    title: h.title,
    description: h.text,
    current_state: h.note,
    recommendation: h.leitplanke,
    owner: h.organisation,
  });
  writeFileSync(join(measures, old), yamlText(measure));
  renameSync(join(measures, old), join(measures, fileNameOf(h)));
}

/**
 * A tag name git accepts, built from hostile text (refs may hold <, >, |, %, quotes, C1 and bidi).
 * Unicode whitespace (U+2029, U+00A0 …) is left out: git takes it, but itstrat refuses such revisions on purpose.
 */
const tagName = (h: Hostile, n: number): string => `t${n}-${h.subject.replace(/[\s\u0000-\u0020\u007f~^:?*[\\/.@{]/g, '')}`;

type Medium = 'terminal' | 'json' | 'github' | 'xml' | 'csv' | 'markdown' | 'html';
interface Output {
  args: string[];
  medium: Medium;
  /** Coloured: chalk's SGR sequences are expected (the same run uncoloured proves data adds none). */
  colour: boolean;
  stdout: string;
  stderr: string;
  code: number;
}

async function runIn(args: string[], medium: Medium, isTTY = false): Promise<Output> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: isTTY ? { FORCE_COLOR: '1' } : {},
    isTTY,
    columns: 160,
  });
  return { args, medium, colour: isTTY, stdout, stderr, code };
}

const markdown = new MarkdownIt({ html: true });

/** Every inline or block token of a Markdown document, children included. */
function tokens(text: string): { type: string; content: string; attrs: [string, string][] | null }[] {
  const out: { type: string; content: string; attrs: [string, string][] | null }[] = [];
  const walk = (list: ReturnType<MarkdownIt['parse']>) => {
    for (const t of list) {
      out.push(t);
      if (t.children) walk(t.children);
    }
  };
  walk(markdown.parse(text, {}));
  return out;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const HTML_ELEMENTS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'main',
  'script',
  'h1',
  'h2',
  'h3',
  'p',
  'br',
  'wbr',
  'ul',
  'li',
  'dl',
  'dt',
  'dd',
  'section',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'svg',
  'rect',
  'line',
  'text',
  'circle',
  'noscript',
  'form',
  // The report's own structure (issue 14): contents, links to its headings, scroll boxes, captions, chart markers.
  'h4',
  'nav',
  'a',
  'div',
  'caption',
  'g',
  'tspan',
  // The roadmap's timeline (issue 16): milestones are diamonds.
  'path',
]);

/** The assertions of the issue, per medium; `h` are the injected strings that must round-trip in JSON. */
function checkOutput(o: Output, roundTrip: string[]): void {
  const what = `${o.args.map((a) => JSON.stringify(a)).join(' ')} (${o.medium}${o.colour ? ', coloured' : ''})`;
  const plain = (text: string) => (o.colour ? text.replace(/\u001b\[[0-9;]*m/g, '') : text);
  expect(rawControls(plain(o.stderr)), `stderr of ${what}`).toEqual([]);
  expect(rawControls(plain(o.stdout), o.medium === 'csv'), `stdout of ${what}`).toEqual([]);
  if (o.stdout === '') return;
  switch (o.medium) {
    case 'json': {
      const parsed: unknown = JSON.parse(o.stdout);
      const all = strings(parsed);
      for (const s of roundTrip) expect(all, `${what} keeps ${JSON.stringify(s)} exactly`).toContain(s);
      break;
    }
    case 'xml': {
      expect(XMLValidator.validate(o.stdout), what).toBe(true);
      const names = [...o.stdout.matchAll(/<([A-Za-z][\w-]*)/g)].map((m) => m[1]!);
      expect(new Set(names), what).toEqual(
        new Set(names.filter((n) => ['testsuites', 'testsuite', 'testcase', 'failure', 'system-out'].includes(n))),
      );
      new XMLParser({ ignoreAttributes: false }).parse(o.stdout);
      break;
    }
    case 'github':
      for (const line of o.stdout.trimEnd().split('\n'))
        expect(line, what).toMatch(
          /^::(error|warning) file=[^,:]*,line=\d+,(?:col=\d+,endLine=\d+,endColumn=\d+|endLine=\d+),title=[^,:]*::[^\r\n]*$/,
        );
      break;
    case 'csv': {
      const records = csvRecords(o.stdout);
      expect(new Set(records.map((r) => r.length)).size, what).toBe(1);
      for (const r of records) for (const f of r) expect(f, what).not.toMatch(/^[=+\-@]/);
      break;
    }
    case 'markdown': {
      const all = tokens(o.stdout);
      expect(
        all.filter((t) => t.type === 'html_block'),
        what,
      ).toEqual([]);
      expect(
        all.filter((t) => t.type === 'html_inline' && t.content !== '<br>').map((t) => t.content),
        what,
      ).toEqual([]);
      expect(
        all.filter((t) => ['image', 'code_block', 's_open', 'hr'].includes(t.type)).map((t) => t.type),
        what,
      ).toEqual([]);
      // The only links are the report's own, to its headings: none leaves the document, each resolves.
      const anchors = new Set(githubAnchors(o.stdout));
      for (const link of all.filter((t) => t.type === 'link_open').map((t) => t.attrs?.find(([k]) => k === 'href')?.[1] ?? ''))
        expect(link.startsWith('#') && anchors.has(decodeURIComponent(link.slice(1))), `${what}: link ${link}`).toBe(true);
      break;
    }
    case 'html': {
      const names = [...o.stdout.matchAll(/<([A-Za-z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
      const ids = new Set([...o.stdout.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
      for (const href of [...o.stdout.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!))
        expect(href.startsWith('#') && ids.has(href.slice(1)), `${what}: link ${href}`).toBe(true);
      expect(
        names.filter((n) => !HTML_ELEMENTS.has(n)),
        what,
      ).toEqual([]);
      expect(
        names.filter((n) => n === 'script'),
        what,
      ).toHaveLength(2);
      const data = /<script type="application\/json" id="itstrat-data">([^<]*)<\/script>/.exec(o.stdout)?.[1];
      const all = strings(JSON.parse(data!));
      for (const s of roundTrip) expect(all, `${what} keeps ${JSON.stringify(s)} in its data`).toContain(s);
      break;
    }
    case 'terminal':
      break;
  }
}

describe('every output channel is escaped for its medium', () => {
  let repo: GitDir;
  let base: string;
  let dir: string;
  let n = 0;

  beforeAll(() => {
    repo = gitdir();
    base = repo.commit('baseline', '2020-01-15');
    dir = join(repo.dir, 'strategy');
  });

  it('no command in any format lets a control, bidi mark or markup through (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSet, async (h) => {
        n++;
        // A fresh tree: the bundled strategy with hostile text, committed under a hostile subject and tag.
        rmSync(dir, { recursive: true, force: true });
        repo.git(['checkout', '-q', base, '--', 'strategy']);
        injectHostile(dir, h);
        repo.commit(h.subject.replace(/\u0000/g, ''), `2021-0${(n % 9) + 1}-15`);
        const tag = tagName(h, n);
        repo.git(['tag', tag, base]);

        // An invalid copy: a hostile value where an enum is expected, under the hostile file name.
        const invalid = join(mkdtempSync(join(tmpdir(), 'itstrat-invalid-')), 'strategy');
        cpSync(dir, invalid, { recursive: true });
        const file = join(invalid, 'measures', fileNameOf(h));
        writeFileSync(file, yamlText({ ...(parse(readFileSync(file, 'utf8')) as object), status: h.note }));
        // A scratch copy for the writing commands.
        const scratch = join(mkdtempSync(join(tmpdir(), 'itstrat-scratch-')), 'strategy');
        cpSync(dir, scratch, { recursive: true });

        const d = ['--dir', dir];
        const outputs: Output[] = [];
        const add = async (args: string[], medium: Medium, isTTY = false) => outputs.push(await runIn(args, medium, isTTY));
        for (const [format, medium] of [
          ['text', 'terminal'],
          ['json', 'json'],
          ['github', 'github'],
          ['junit', 'xml'],
        ] as const) {
          await add(['validate', '--dir', invalid, '--format', format], medium);
        }
        await add(['score', '--dir', invalid], 'terminal');
        for (const [format, medium] of [
          ['table', 'terminal'],
          ['json', 'json'],
          ['csv', 'csv'],
          ['markdown', 'markdown'],
        ] as const) {
          await add(['score', ...d, '--format', format, '--sensitivity'], medium);
        }
        await add(['score', ...d], 'terminal', true);
        await add(['score', ...d, '--check', '--weights', 'strategy=1'], 'terminal', true);
        for (const [format, medium] of [
          ['table', 'terminal'],
          ['json', 'json'],
        ] as const) {
          await add(['calibrate', ...d, '--format', format, '--max-weight', '4'], medium);
          await add(['history', MEASURE, ...d, '--format', format], medium);
          await add(['status', ...d, '--today', '2021-12-31', '--format', format], medium);
          await add(['metrics', ...d, '--format', format], medium);
        }
        for (const [format, medium] of [
          ['table', 'terminal'],
          ['json', 'json'],
          ['markdown', 'markdown'],
        ] as const) {
          await add(['diff', tag, ...d, '--format', format], medium);
        }
        await add(['diff', tag, ...d], 'terminal', true);
        for (const [format, medium] of [
          ['markdown', 'markdown'],
          ['html', 'html'],
        ] as const) {
          await add(['report', ...d, '--format', format], medium);
          const out = join(mkdtempSync(join(tmpdir(), 'itstrat-out-')), `report.${format}`);
          const written = await runIn(['report', ...d, '--format', format, '--out', out], 'terminal');
          expect(written.code, written.stderr).toBe(0);
          outputs.push(written, { ...written, medium, stdout: readFileSync(out, 'utf8') });
        }
        // Writing commands echo paths and ids; every option value that can be wrong is echoed in an error.
        const s = ['--dir', scratch];
        await add(
          ['new', 'measure', ...s, '--field', 'eadministration', '--title', h.title, '--description', h.text, '--owner', h.organisation],
          'terminal',
        );
        await add(['metrics', 'record', 'non-standard-procedures', ...s, '--period', '2022', '--value', '4', '--note', h.note], 'terminal');
        await add(['fmt', ...s, '--check'], 'terminal');
        await add(['fmt', ...s], 'terminal');
        const mkdirTarget = join(mkdtempSync(join(tmpdir(), 'itstrat-init-')), 'new');
        mkdirSync(mkdirTarget);
        await add(['init', mkdirTarget, '--title', h.title, '--organisation', h.organisation, '--date', '2020-01-01'], 'terminal');
        for (const args of [
          ['score', ...d, '--field', h.field],
          ['score', ...d, '--weights', h.short],
          ['score', ...d, '--weights', `strategy=${h.short}`],
          ['score', ...d, '--sort', h.short],
          ['score', ...d, '--format', h.short],
          ['score', ...d, '--top', h.short],
          ['score', ...d, `--${h.short}`],
          ['--lang', h.short, 'score', ...d],
          [h.subject, ...d],
          ['history', h.note, ...d],
          ['history', MEASURE, '--rev', h.note, ...d],
          ['diff', h.note, ...d],
          ['diff', tag, ...d, '--fail-on', h.note],
          ['status', ...d, '--today', h.note],
          ['report', ...d, '--date', h.note],
          ['calibrate', ...d, '--min-weight', h.short],
          ['metrics', 'record', h.metric, ...s, '--period', '2023', '--value', '1'],
          ['metrics', 'record', 'non-standard-procedures', ...s, '--period', h.note, '--value', '1'],
          ['metrics', 'record', 'non-standard-procedures', ...s, '--period', '2024', '--value', h.note],
          ['new', 'measure', ...s, '--field', h.field, '--title', h.title],
          ['fmt', ...s, h.note],
          ['init', mkdirTarget, '--date', h.note],
          ['score', '--dir', join(tmpdir(), h.note.replace(/[/\u0000]/g, ''))],
          ['score', '--dir', invalid, '--verbose'],
        ]) {
          await add(args, 'terminal');
        }
        const json = (o: Output) => o.medium === 'json' || o.medium === 'html';
        for (const o of outputs) {
          const roundTrip =
            !json(o) || o.args[0] === 'validate' || o.stdout === ''
              ? []
              : o.args[0] === 'metrics'
                ? [h.metric, h.note]
                : o.args[0] === 'calibrate'
                  ? []
                  : [h.title];
          checkOutput(o, roundTrip);
        }
        // The runs did what they were asked: the data was valid, the errors were errors.
        const formatted = outputs.filter(
          (o) => (o.args.includes('--format') && o.args.includes(dir) && o.args[0] !== 'score') || o.args.includes('--sensitivity'),
        );
        expect(formatted.length).toBeGreaterThanOrEqual(18);
        for (const o of formatted) expect(o.code, `${o.args.join(' ')}: ${o.stderr}`).toBe(0);
        expect(outputs.find((o) => o.args[0] === 'validate')!.code).toBe(1);
        expect(outputs.find((o) => o.args.includes('--sort'))!.code).toBe(2);
      }),
      { numRuns: 3, endOnFailure: true },
    );
  }, 300_000);

  it('commander echoes bad option values without raw control characters (built binary)', () => {
    for (const args of [
      ['score', '--format', '\u001b[31mred\u001b]8;;http://x\u0007\u202e'],
      ['--lang', '\u001b[2J\u009b31m', 'score'],
      ['score', '--\u001b[31m'],
      ['\u001b]0;title\u0007'],
      ['score', '--sort', '\u0085\u061c'],
      ['calibrate', '--max-weight', '\u001b[1m'],
      ['history'],
    ]) {
      const r = itstrat(args);
      expect(r.status, JSON.stringify(args)).toBe(2);
      expect(rawControls(r.stderr), JSON.stringify(args)).toEqual([]);
      expect(r.stderr).toMatch(/error|itstrat:/);
      expect(rawControls(r.stdout)).toEqual([]);
    }
  });
});
