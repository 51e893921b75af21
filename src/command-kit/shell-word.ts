// A word of a command line as bash and zsh hand it to completion (COMP_WORDS, zsh's words): the
// text as typed, quotes and backslashes kept, `~` not expanded. Completion needs the value the
// shell will pass when the line runs (the --dir whose ids it offers), so the quoting is read here
// — as data: nothing is ever evaluated, no `$(…)`, no backquotes, no variables.

/** The escapes of bash's and zsh's $'…' quoting. */
const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** The text of $'…' from just after the opening quote; returns the text and the index after the closing quote. */
function ansiC(word: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < word.length && word[i] !== "'") {
    if (word[i] !== '\\' || i + 1 >= word.length) {
      out += word[i++];
      continue;
    }
    const c = word[i + 1]!;
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(word.slice(i + 1));
    const octal = /^([0-7]{1,3})/.exec(word.slice(i + 1));
    const unicode = /^(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8}))/.exec(word.slice(i + 1));
    if (hex !== null) {
      out += String.fromCharCode(parseInt(hex[1]!, 16));
      i += 1 + hex[0].length;
    } else if (octal !== null) {
      out += String.fromCharCode(parseInt(octal[1]!, 8) & 0xff);
      i += 1 + octal[0].length;
    } else if (unicode !== null) {
      const code = parseInt(unicode[1] ?? unicode[2]!, 16);
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i += 1 + unicode[0].length;
    } else {
      out += C_ESCAPES[c] ?? `\\${c}`;
      i += 2;
    }
  }
  return [out, i + 1];
}

/**
 * The value a shell word stands for: quotes ('…', "…", $'…') and backslash escapes removed, and
 * a leading unquoted `~` or `~/` replaced by `home` when `tilde` is set (a separate word; bash and
 * zsh leave `--dir=~/x` as it is). `~user`, `$VAR`, `$(…)` and backquotes stay as typed text: they
 * would need a look-up or an evaluation, and completion does neither. An unclosed quote (a line
 * still being typed) ends at the end of the word.
 */
export function shellWordValue(word: string, options: { tilde: boolean; home: string | undefined }): string {
  let out = '';
  let i = 0;
  if (options.tilde && options.home !== undefined && (word === '~' || word.startsWith('~/'))) {
    out = options.home;
    i = 1;
  }
  while (i < word.length) {
    const c = word[i]!;
    if (c === '\\') {
      // A backslash before a newline joins the lines; before anything else it quotes that character.
      if (word[i + 1] !== '\n' && i + 1 < word.length) out += word[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = word.indexOf("'", i + 1);
      out += word.slice(i + 1, end === -1 ? word.length : end);
      i = end === -1 ? word.length : end + 1;
    } else if (c === '$' && word[i + 1] === "'") {
      const [text, next] = ansiC(word, i + 2);
      out += text;
      i = next;
    } else if (c === '"') {
      i++;
      while (i < word.length && word[i] !== '"') {
        // Inside double quotes a backslash quotes only $ ` " \ and a newline.
        if (word[i] === '\\' && i + 1 < word.length && '$`"\\\n'.includes(word[i + 1]!)) {
          if (word[i + 1] !== '\n') out += word[i + 1];
          i += 2;
        } else out += word[i++];
      }
      i++;
    } else out += word[i++];
  }
  return out;
}
