// Untrusted text (YAML content, refs) must never act on the terminal, a Markdown table or a page.

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** For one-line terminal output: every control character, escape and bidi override becomes visible text. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? ' ' : visible(c)));
}

/** For multi-line terminal output: keeps line breaks, neutralises everything else. */
export function terminalBlock(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' ? '\n' : c === '\t' ? '  ' : visible(c)));
}

/** Markdown text (a GFM table cell, a paragraph, a heading): no pipe, newline, HTML or emphasis from data. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([*_`[\]])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(CONTROL, visible);
}

export function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** RFC 4180 field; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  // CSV goes to stdout too: escapes are neutralised like everywhere else; line breaks stay (quoted).
  let text = String(value).replace(CONTROL, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : visible(c)));
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function xml(text: string): string {
  return html(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => visible(c)));
}
