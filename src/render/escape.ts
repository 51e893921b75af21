// Untrusted text (YAML content, file names, refs, option values) must never act on the
// terminal, a CI log, a parser or a page. One policy, one function per medium, and one last
// guard over every formatter's whole output (`guardFormatters`), so a field a formatter forgets
// to escape still cannot carry a control character out.

/**
 * Every character that may act instead of being shown: C0 controls, DEL, C1 controls, the bidi
 * controls (ALM U+061C, LRM/RLM, the embeddings and overrides U+202A–U+202E, the isolates
 * U+2066–U+2069), the line and paragraph separators U+2028/U+2029 (line breaks to some viewers,
 * and they end a JavaScript string) and lone surrogates (not encodable: UTF-8 writers replace them
 * silently). No `u` flag: surrogates are matched as the UTF-16 units they are.
 */
const DANGEROUS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Every character DANGEROUS can match, without its look-arounds: text without any of them (nearly
 * all text) is returned as it is, and a 3 MB JSON output is not scanned the slow way. The second
 * leaves out the line feed, for the media that keep line breaks.
 */
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;
const SUSPECT_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;

/** The character as inert, readable text: ESC becomes `\x1B`, U+202E becomes `\u202E`. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Every dangerous character except those `keep` allows becomes visible text. */
function neutralise(text: string, keep: (char: string) => string | undefined = () => undefined): string {
  if (!SUSPECT.test(text)) return text;
  return text.replace(DANGEROUS, (c) => keep(c) ?? visible(c));
}

/** For one-line terminal output: every control character, escape and bidi control becomes visible text. */
export function terminalText(text: string): string {
  return neutralise(text, (c) => (c === '\n' || c === '\t' ? ' ' : undefined));
}

/** For multi-line terminal output: keeps line breaks, neutralises everything else. */
export function terminalBlock(text: string): string {
  return neutralise(text.replace(/\r\n/g, '\n'), (c) => (c === '\n' ? '\n' : c === '\t' ? '  ' : undefined));
}

/** Data in a GitHub workflow command (`::error …::DATA`), escaped as GitHub's toolkit does, controls made visible. */
export function githubData(text: string): string {
  return neutralise(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value of a workflow command (`file=…,title=…`): `:` and `,` would end it. */
export function githubProperty(text: string): string {
  return githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Serialised JSON: JSON.stringify escapes C0 but writes DEL, C1, bidi controls and U+2028/U+2029
 * raw. Those can only occur inside JSON strings (outside them JSON has only ASCII syntax and
 * whitespace), so turning them into `\uXXXX` keeps the JSON valid and the data exact.
 */
export function json(serialised: string): string {
  if (!SUSPECT_BUT_LF.test(serialised)) return serialised;
  return serialised.replace(DANGEROUS, (c) => (c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A value as the JSON output of a command: pretty-printed, escaped, with a final newline. */
export function jsonDocument(value: unknown): string {
  return `${json(JSON.stringify(value, null, 2))}\n`;
}

/** Markdown inline text (a GFM table cell, a heading, a term): no pipe, newline, HTML or emphasis from data. */
export function markdownCell(text: string): string {
  return neutralise(
    text
      .replace(/\\/g, '\\\\')
      .replace(/([*_`[\]~$])/g, '\\$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/\t/g, ' ')
      .replace(/\r\n|\r|\n|\u2028|\u2029/g, '<br>'),
  );
}

/**
 * The text a reader sees of `markdownCell(text)` once rendered: its escapes undone, line breaks
 * (`<br>`, markup rather than text) gone, controls as their visible stand-ins, outer blanks
 * trimmed as Markdown trims a heading. Heading anchors are derived from this text.
 */
export function markdownShownText(text: string): string {
  return neutralise(text.replace(/\t/g, ' ').replace(/\r\n|\r|\n|\u2028|\u2029/g, '')).trim();
}

/**
 * Markdown text that starts a line (a paragraph, a list item's text): as a cell, and its start
 * cannot open a block either — four spaces a code block; # - + = a heading, list or rule; "1." a list.
 */
export function markdownBlock(text: string): string {
  return markdownCell(text.replace(/^[ \t]+/, ''))
    .replace(/^([#\-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** HTML text or attribute value. Controls become visible text: numeric references to C1 would turn into other characters. */
export function html(text: string): string {
  return neutralise(
    text
      .replace(/\r\n?/g, '\n')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
    (c) => (c === '\n' || c === '\t' ? c : undefined),
  );
}

/** XML character data: as HTML (line breaks normalised as XML parsers do); U+FFFE/U+FFFF are not XML characters. */
export function xml(text: string): string {
  return html(text).replace(/[\ufffe\uffff]/g, visible);
}

/** XML attribute value: line breaks and tabs as references, because parsers normalise raw ones to spaces. */
export function xmlAttribute(text: string): string {
  return xml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** RFC 4180 field; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  // Line breaks and tabs stay (quoted); everything else that acts on a terminal is made visible.
  let text = neutralise(String(value), (c) => (c === '\n' || c === '\r' || c === '\t' ? c : undefined));
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text German Excel would not keep as text when it opens a CSV file: it reads anything with a
 * digit as a number, percentage, currency amount, date, time or fraction if it can (`1.10`, `1e5`,
 * `50%`, `(5)`, `5 €`, `Mai 2020`, `12:30`, `1/2`, in any script's digits), `WAHR`/`FALSCH` (and
 * `TRUE`/`FALSE`) as truth values and `#NV`, `#WERT!` … as error values. Rather than imitate its
 * parser, every text that has a digit, is such a word or starts with `#` is taken for one; text
 * over several lines is never converted, and needs no protection.
 */
const EXCEL_CONVERTS = /\p{N}/u;
const EXCEL_WORD = /^[\s\u00a0\u3000]*(?:wahr|falsch|true|false)[\s\u00a0\u3000]*$/i;
const EXCEL_ERROR = /^[\s\u00a0\u3000]*[#\uff03]/;

/** Excel takes at most 255 characters in one string constant of a formula; longer text is joined with `&`. */
function excelStringFormula(text: string): string {
  const parts: string[] = [];
  let part = '';
  for (const char of text) {
    if (part.length + char.length > 255) {
      parts.push(part);
      part = '';
    }
    part += char;
  }
  parts.push(part);
  return `=${parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('&')}`;
}

/**
 * A field of CSV for German Excel (`;`-separated, decimal comma). Numbers are written with a
 * decimal comma and no grouping, so Excel reads them as numbers. Text never runs: a field whose
 * first visible character is = + - @ (or their full-width forms), or that starts with a tab or
 * CR, gets a leading `'` (which also keeps it text). Other text Excel would turn into a number,
 * date, truth or error value (EXCEL_CONVERTS) is written as the constant formula `="…"`, its
 * quotes doubled, so Excel shows exactly the text.
 */
export function excelCsvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value).replace('.', ',');
  if (typeof value === 'boolean') return String(value);
  let text = neutralise(value, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : undefined));
  if (/^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(text) || /^[\t\r]/.test(text)) text = `'${text}`;
  else if (!/[\r\n]/.test(text) && (EXCEL_CONVERTS.test(text) || EXCEL_WORD.test(text) || EXCEL_ERROR.test(text))) {
    // Excel reads the quotes of an unquoted field as they stand, so the formula needs CSV quoting only for a `;`.
    const formula = excelStringFormula(text);
    return formula.includes(';') ? `"${formula.replace(/"/g, '""')}"` : formula;
  }
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Mermaid takes titles and labels as bare text up to the end of the line; anything that could
 * end a statement or start a new one (newline, colon, brackets, quotes, %%) is replaced, and so is
 * every control character.
 */
export function mermaidText(text: string): string {
  return text
    .replace(DANGEROUS, ' ')
    .replace(/[:;[\]{}()"'`<>#%|\\]/g, ' ')
    .replace(/-->/g, '→')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The escaping function of each medium: the one place that says how data enters it. */
export const escapeFor = {
  terminal: terminalText,
  terminalBlock,
  github: githubData,
  githubProperty,
  json,
  xml,
  xmlAttribute,
  csv: csvField,
  markdown: markdownCell,
  markdownBlock,
  html,
  mermaid: mermaidText,
} as const;

/** The media a whole output is written in. */
export type OutputMedium = 'terminal' | 'github' | 'json' | 'xml' | 'csv' | 'markdown' | 'html';

// Only SGR ("select graphic rendition": colours, bold) as chalk writes them.
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * The last pass over a complete output: any dangerous character a formatter let through becomes
 * inert. On correctly escaped output it changes nothing; it is the guarantee, not the escaping.
 */
export const guardOutput: Record<OutputMedium, (text: string, colour?: boolean) => string> = {
  terminal(text, colour = false) {
    if (!SUSPECT_BUT_LF.test(text)) return text;
    let out = '';
    let last = 0;
    for (const match of text.matchAll(DANGEROUS)) {
      const at = match.index;
      if (at < last) continue;
      out += text.slice(last, at);
      SGR.lastIndex = at;
      const sgr = colour && match[0] === '\u001b' ? SGR.exec(text) : null;
      if (sgr !== null) {
        out += sgr[0];
        last = at + sgr[0].length;
      } else {
        out += match[0] === '\n' || match[0] === '\t' ? match[0] : visible(match[0]);
        last = at + match[0].length;
      }
    }
    return out + text.slice(last);
  },
  github: (text) => (SUSPECT_BUT_LF.test(text) ? neutralise(text, (c) => (c === '\n' ? c : undefined)) : text),
  json,
  xml: (text) => (SUSPECT_BUT_LF.test(text) ? neutralise(text, (c) => (c === '\n' || c === '\t' ? c : undefined)) : text),
  csv: (text) => (SUSPECT_BUT_LF.test(text) ? neutralise(text, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : undefined)) : text),
  markdown: (text) => (SUSPECT_BUT_LF.test(text) ? neutralise(text, (c) => (c === '\n' ? c : undefined)) : text),
  html: (text) => (SUSPECT_BUT_LF.test(text) ? neutralise(text, (c) => (c === '\n' || c === '\t' ? c : undefined)) : text),
};

/** Whether a formatter's context asks for colour (a chalk instance with a level above 0). */
function colourOf(context: unknown): boolean {
  if (typeof context !== 'object' || context === null || !('chalk' in context)) return false;
  const chalk = (context as { chalk?: { level?: number } }).chalk;
  return (chalk?.level ?? 0) > 0;
}

/**
 * Wraps a table of formatters so each one's whole output passes the guard of its medium. Every
 * formatter table of src/render goes through this, keyed by format name; `media` maps each
 * format to its medium, so a new format cannot be added without saying what it writes.
 */
type AnyFormatter = (input: never, context: never, ...rest: never[]) => string;

export function guardFormatters<F extends Record<string, AnyFormatter>>(
  media: { readonly [K in keyof F]: OutputMedium },
  formatters: F,
): F {
  const guarded: Record<string, AnyFormatter> = {};
  for (const key of Object.keys(formatters) as (keyof F & string)[]) {
    const format = formatters[key] as AnyFormatter;
    const medium = media[key];
    guarded[key] = (input: never, context: never, ...rest: never[]) =>
      guardOutput[medium](format(input, context, ...rest), colourOf(context));
  }
  return guarded as F;
}
