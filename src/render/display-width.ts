// How many terminal columns text takes. Cells reach us already escaped for the terminal (no
// control characters, no escape sequences), so only the width of printable characters matters.

/** Latin, Greek, Cyrillic and common punctuation: one column each, the fast path for most cells. */
const NARROW = /^[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2190-\u21ff\u2500-\u25ff]*$/;

/** Combining marks take no column of their own; nor do joiners and variation selectors (isZeroWidth). */
const MARK = /^[\p{Mn}\p{Me}]$/u;
const isZeroWidth = (cp: number, char: string): boolean =>
  (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef) || MARK.test(char);
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

/** East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth W/F, the blocks that matter in practice). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Columns one character (a code point) takes. */
export function charWidth(char: string): number {
  const cp = char.codePointAt(0)!;
  if (cp < 0x300) return 1;
  if (isZeroWidth(cp, char)) return 0;
  // Pictographs below U+2300 (©, ®, ‼, ™ …) are narrow unless followed by an emoji selector.
  if (isWide(cp) || (cp >= 0x2300 && PICTOGRAPH.test(char))) return 2;
  return 1;
}

/** Columns the text takes on a terminal. */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** The longest start of the text that fits `room` columns, cut between characters. */
export function cutToWidth(text: string, room: number): string {
  let out = '';
  let width = 0;
  for (const char of text) {
    if (width + charWidth(char) > room) break;
    out += char;
    width += charWidth(char);
  }
  return out;
}
