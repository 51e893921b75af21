// CSV as people hand it over: RFC 4180 (quotes, doubled quotes, line breaks inside quotes, CRLF)
// and what German Excel writes (`;`, UTF-8 with a byte order mark or Windows-1252). csv-parse
// does the splitting; this decides the encoding and the delimiter and keeps every cell's place.
import { parse } from 'csv-parse/sync';
import type { Sheet, SheetCell, SheetNote, SheetRow } from './sheet.js';

type Encoding = NonNullable<Sheet['encoding']>;

/**
 * Windows-1252's 0x80–0x9F (Unicode's cp1252 mapping; the rest is ISO-8859-1). Node's
 * TextDecoder('windows-1252') decodes these as C1 controls, so €, „“ and – would vanish.
 * Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) are null.
 */
const CP1252_HIGH: readonly (number | null)[] = [
  0x20ac,
  null,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  null,
  0x017d,
  null,
  null,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  null,
  0x017e,
  0x0178,
];

/** Windows-1252 bytes as text, and the offsets of bytes that are no character in it (kept as U+FFFD). */
export function decodeWindows1252(bytes: Uint8Array): { text: string; undefinedAt: number[] } {
  const undefinedAt: number[] = [];
  const chars: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b > 0x9f) chars.push(String.fromCharCode(b));
    else {
      const code = CP1252_HIGH[b - 0x80];
      if (code === null || code === undefined) {
        undefinedAt.push(i);
        chars.push('\ufffd');
      } else chars.push(String.fromCharCode(code));
    }
  }
  return { text: chars.join(''), undefinedAt };
}

/**
 * UTF-16 without a BOM, told by its NUL bytes: text of mostly Latin letters has a zero in every
 * other byte, on the high side (LE: odd offsets, BE: even ones) and never on the other.
 */
function utf16ByNuls(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs / 2 && even === 0) return 'utf-16le';
  if (even >= pairs / 2 && odd === 0) return 'utf-16be';
  return undefined;
}

/** Line and column of a text offset, lines ending at \n, \r\n or a lone \r. */
function placeOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const last = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length + 1, col: offset - last };
}

/**
 * The text of CSV bytes: a BOM says UTF-8 or UTF-16 (LE or BE); UTF-16 without one is told by its
 * NUL bytes; bytes that are not UTF-8 are Windows-1252 (German Excel's "CSV"). What could not be
 * decoded is said in the notes.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding; notes: SheetNote[] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom', notes: [] };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', notes: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', notes: [] };
  const utf16 = utf16ByNuls(bytes);
  if (utf16 !== undefined)
    return {
      text: new TextDecoder(utf16).decode(bytes),
      encoding: utf16,
      notes: [
        {
          line: 1,
          col: 1,
          rule: 'csv-encoding',
          severity: 'warning',
          message: `no byte order mark; read as ${utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} from its NUL bytes`,
        },
      ],
    };
  const notes: SheetNote[] = [];
  let decoded: { text: string; encoding: Encoding };
  try {
    decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const cp = decodeWindows1252(bytes);
    decoded = { text: cp.text, encoding: 'windows-1252' };
    for (const at of cp.undefinedAt.slice(0, 5))
      notes.push({
        ...placeOf(cp.text, at),
        rule: 'csv-encoding',
        severity: 'error',
        message: `byte 0x${bytes[at]!.toString(16).toUpperCase()} is no character in Windows-1252 (the file is not UTF-8 either); save the file as "CSV UTF-8"`,
      });
  }
  // A NUL is never text in a list: most likely UTF-16 whose NULs did not follow the pattern.
  const nul = decoded.text.indexOf('\0');
  if (nul !== -1)
    notes.push({
      ...placeOf(decoded.text, nul),
      rule: 'csv-encoding',
      severity: 'error',
      message:
        'the file holds NUL bytes: not a text CSV in UTF-8 or Windows-1252 (UTF-16 without its byte order mark?); save it as "CSV UTF-8"',
    });
  return { ...decoded, notes };
}

const DELIMITERS = [';', ',', '\t', '|'] as const;
const shown = (d: string): string => (d === '\t' ? 'tab' : d);

interface Parsed {
  records: { record: string[]; raw: string }[];
  error?: { line: number; message: string };
}

function parseWith(text: string, delimiter: string, toLine?: number, lenient = false): Parsed {
  try {
    const records = parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      raw: true,
      skip_empty_lines: false,
      // A quote inside an unquoted field (12" Monitor) is text, as spreadsheets read it.
      relax_quotes: true,
      // Deciding the delimiter, a broken record further down must not rule a candidate out.
      skip_records_with_error: lenient,
      ...(toLine !== undefined ? { to_line: toLine } : {}),
    }) as unknown as { record: string[]; raw: string }[];
    return { records };
  } catch (error) {
    const e = error as Error & { lines?: number };
    return { records: [], error: { line: e.lines ?? 1, message: e.message.replace(/^[A-Za-z ]+: /, '') } };
  }
}

/** Start offsets of each line, to turn an offset into line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

/**
 * Where each field of a raw record starts (csv-parse gives the values, not their places). A quote
 * opens a quoted field only at its start (a quote inside unquoted text is text, as parsed).
 */
function fieldOffsets(raw: string, delimiter: string): number[] {
  const offsets = [0];
  let i = 0;
  for (;;) {
    if (raw[i] === '"') {
      // Quoted: up to the quote that is not doubled.
      i++;
      while (i < raw.length && !(raw[i] === '"' && raw[i + 1] !== '"')) i += raw[i] === '"' ? 2 : 1;
      i++;
    }
    while (i < raw.length && !raw.startsWith(delimiter, i) && raw[i] !== '\n') i++;
    if (i >= raw.length || raw[i] === '\n') return offsets;
    i += delimiter.length;
    offsets.push(i);
  }
}

function toRows(text: string, parsed: Parsed, delimiter: string): SheetRow[] {
  const starts = lineStarts(text);
  const rows: SheetRow[] = [];
  let cursor = 0;
  for (const { record, raw } of parsed.records) {
    const offsets = fieldOffsets(raw, delimiter);
    const cells: SheetCell[] = record.map((value, i) => {
      const at = position(starts, cursor + (offsets[i] ?? 0));
      return { text: value, line: at.line, col: at.col, column: String(i + 1) };
    });
    rows.push({ row: position(starts, cursor).line, cells });
    cursor += raw.length;
  }
  return rows;
}

/**
 * Splits CSV text into rows. The delimiter is the one under which the header reads best
 * (`headerScore`: how many columns of a header row it recognises in the first lines); a tie
 * goes to the one giving more columns, and a tie after that is said in a note.
 */
export function parseCsvSheet(bytes: Uint8Array, headerScore: (labels: string[]) => number): Sheet {
  const decoded = decodeCsv(bytes);
  // One line break for all: \r\n and a lone \r become \n, so lines count as editors count them
  // and text inside quotes keeps plain line breaks.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const notes: SheetNote[] = [...decoded.notes];
  const candidates = DELIMITERS.map((d) => {
    const sample = parseWith(text, d, 30, true);
    let score = 0;
    let width = 0;
    for (const { record } of sample.records) {
      const s = headerScore(record);
      if (s > score || (s === score && record.length > width)) {
        score = Math.max(score, s);
        width = record.length;
      }
    }
    return { d, score, width, failed: sample.error !== undefined };
  }).filter((c) => !c.failed && c.width > 1);
  candidates.sort((a, b) => b.score - a.score || b.width - a.width);
  const best = candidates[0];
  let delimiter: string = best?.d ?? ';';
  if (best === undefined) {
    notes.push({
      line: 1,
      col: 1,
      rule: 'csv-delimiter',
      severity: 'warning',
      message: 'could not find a delimiter (; , tab or |) that splits the header into columns; read as one column per line',
    });
  } else {
    const tied = candidates.filter((c) => c !== best && c.score === best.score && c.width === best.width);
    if (tied.length > 0) {
      delimiter = best.d;
      notes.push({
        line: 1,
        col: 1,
        rule: 'csv-delimiter',
        severity: 'warning',
        message: `could not decide between the delimiters ${[best, ...tied].map((c) => shown(c.d)).join(' and ')}: the header reads alike with each; read with ${shown(best.d)}`,
      });
    }
  }
  const parsed = parseWith(text, delimiter);
  if (parsed.error !== undefined)
    notes.push({
      line: parsed.error.line,
      col: 1,
      rule: 'csv-syntax',
      severity: 'error',
      message: `not valid CSV: ${parsed.error.message}`,
    });
  return { kind: 'csv', rows: toRows(text, parsed, delimiter), encoding: decoded.encoding, delimiter, notes };
}
