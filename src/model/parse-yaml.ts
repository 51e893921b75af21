import { Alias, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Finding } from './finding.js';
import type { SourceFile } from './source-file.js';

/** A place in a file: 1-based line and column (UTF-16 code units, as the yaml library counts). */
export interface Point {
  line: number;
  col: number;
}

/**
 * Where a finding's node lies: its first character (`line`, `col`) and its last one (`endLine`,
 * `endCol`), both 1-based and inclusive, as GitHub's `endColumn` counts. Trailing blanks and line
 * breaks are not part of a node; a node with no text of its own (an empty value, a whole-file
 * finding) ends where it starts.
 */
export interface Position extends Point {
  endLine: number;
  endCol: number;
}

/** The whole-file position: the first character, ending where it starts. */
export const FILE_START: Position = Object.freeze({ line: 1, col: 1, endLine: 1, endCol: 1 });

/** A position that ends where it starts (a single character, or nothing at all). */
export const pointRange = (p: Point): Position => ({ line: p.line, col: p.col, endLine: p.line, endCol: p.col });

export interface ParsedYaml {
  file: SourceFile;
  /** Plain data, or `undefined` when the file could not be read as one YAML document. */
  data: unknown;
  findings: Finding[];
  locate(path: readonly (string | number)[], options?: { key?: boolean }): Position;
  /** The document, for writers that must keep comments; absent when decoding failed. */
  doc?: Document;
  /** The position of a span of the document's text, given as offsets; present with `doc`. */
  span?: (start: number, end: number) => Position;
}

/** Aliases a legitimate strategy file never needs; a billion-laughs file hits this at once. */
export const MAX_ALIAS_COUNT = 100;
/** Strategy files are at most a few levels deep; deeper data is an attack or an accident. */
export const MAX_DEPTH = 32;
/**
 * The largest strategy file read at all (1 MiB). The biggest bundled file is a few KiB; a 50 MB
 * metrics.yaml once took 37 s and 3.3 GB to parse. Checked on the bytes, before decoding.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

const yamlCodeRules: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate-key',
  MULTIPLE_DOCS: 'multiple-documents',
  TAB_AS_INDENT: 'tab-indentation',
};

/** Line and column of an offset; \r\n, a lone \r and \n each end a line (YAML 1.2, b-break). */
function lineColAt(text: string, offset: number): Point {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/**
 * YAML 1.2 counts a lone \r as a line break, the yaml library does not (a CR-only file reads as
 * one comment line). Replacing it by \n keeps every offset, so positions stay exact.
 */
export function normaliseLoneCr(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function decode(file: SourceFile): { text: string } | { finding: Finding } {
  // A decoding problem is one byte (or the whole file): its range ends where it starts.
  const at = (pos: Point, rule: string, message: string): { finding: Finding } => ({
    finding: { file: file.path, ...pointRange(pos), path: '', rule, severity: 'error', message },
  });
  if (file.bytes.length > MAX_FILE_BYTES) {
    return at(
      { line: 1, col: 1 },
      'file-too-large',
      `file too large: ${file.bytes.length} bytes; expected at most ${MAX_FILE_BYTES} bytes (1 MiB) per strategy file`,
    );
  }
  const nul = file.bytes.indexOf(0);
  if (nul !== -1) {
    const before = lossyUtf8.decode(file.bytes.subarray(0, nul));
    return at(lineColAt(before, before.length), 'encoding', 'binary content (NUL byte); expected a UTF-8 YAML text file');
  }
  try {
    return { text: utf8.decode(file.bytes) };
  } catch {
    const lossy = lossyUtf8.decode(file.bytes);
    return at(lineColAt(lossy, lossy.indexOf('\uFFFD')), 'encoding', 'invalid UTF-8 byte sequence; expected a UTF-8 YAML text file');
  }
}

/** Iterative, so that hostile nesting cannot overflow the stack while we measure it. */
function findTooDeep(root: unknown): Node | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_DEPTH) return node;
      for (const item of node.items) {
        if (isPair(item)) stack.push({ node: item.value, depth: depth + 1 });
        else stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function childNode(node: unknown, segment: string | number): { key?: Node; value: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && String(key.value) === String(segment)) return { key: key as Node, value: pair.value };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return { value: node.items[segment] };
  return undefined;
}

/**
 * Where a node's own text ends (exclusive offset). A block collection's range runs on over the
 * comment after its last value; its text ends with that value. A flow one ends at its bracket.
 */
function nodeEnd(node: Node): number | undefined {
  let current: unknown = node;
  for (;;) {
    if ((isMap(current) || isSeq(current)) && current.flow !== true && current.items.length > 0) {
      const last: unknown = current.items[current.items.length - 1];
      current = isPair(last) ? (last.value ?? last.key) : last;
      continue;
    }
    const range = (current as Node | null)?.range;
    return range === undefined || range === null ? (node.range?.[1] ?? undefined) : range[1];
  }
}

/** The key a duplicate-key error points at (the library gives only its first character). */
function keyAt(doc: Document, offset: number): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

const restOfLine = (text: string, offset: number): string => text.slice(offset, (text.indexOf('\n', offset) + 1 || text.length + 1) - 1);

function describeYamlError(code: string, message: string, source: string): string {
  if (code === 'MULTIPLE_DOCS') return 'more than one YAML document; expected exactly one per file';
  if (code === 'DUPLICATE_KEY') return `duplicate key ${source.trim().split(/\s*:/)[0] ?? ''}; expected each key once per mapping`;
  if (code === 'TAB_AS_INDENT') return 'tab used for indentation; expected spaces';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where unclosed flow brackets first exceed MAX_DEPTH: the too-deep node, when the composer itself
 * overflowed and no tree is left to walk. Counts like findTooDeep for flow collections in a root
 * mapping (the usual form); block nesting inside is not counted, so it may point a little deeper.
 */
function tooDeepFlowOffset(text: string): number {
  // A block mapping or sequence at the root is a level too, as findTooDeep counts it.
  const first = /^(?:\s|#[^\n]*)*(\S)/.exec(text)?.[1];
  let depth = first === undefined || first === '[' || first === '{' ? 0 : 1;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return 0;
}

/** Keys given twice in one mapping, in linear time; shaped like the library's own DUPLICATE_KEY errors. */
function duplicateKeys(doc: Document): { code: string; pos: [number, number]; message: string }[] {
  const found: { code: string; pos: [number, number]; message: string }[] = [];
  // An explicit walk rather than the library's visit(): this runs on every file of every run.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        stack.push(pair.value);
        if (!isScalar(key)) {
          stack.push(key);
          continue;
        }
        if (key.range == null) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) found.push({ code: 'DUPLICATE_KEY', pos: [key.range[0], key.range[1]], message: 'Map keys must be unique' });
        seen.add(id);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
      // A pair in a sequence (`- a: 1` in flow) may have a collection as its key.
      for (const item of node.items) if (isPair(item) && !isScalar(item.key)) stack.push(item.key);
    }
  }
  // In document order, as visit() found them.
  return found.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** An alias inside the node its anchor names (`x: &a [*a]`) makes the data contain itself: nothing may walk it. */
function recursiveAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      const target = alias.resolve(doc);
      if (target?.range && alias.range && alias.range[0] >= target.range[0] && alias.range[1] <= target.range[1]) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Converts to plain data; on a failed alias, reports which alias failed. The yaml library throws
 * without a position, so on failure the conversion runs again with each alias noting itself
 * while it resolves: the innermost one that sees the error is the one that raised it. (Only on
 * failure: the usual file pays nothing for this.)
 */
function toData(doc: Document): { data: unknown } | { alias: Alias | undefined; error: Error } {
  const convert = (): unknown => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  const failure = (error: unknown): error is Error => error instanceof ReferenceError || error instanceof RangeError;
  try {
    return { data: convert() };
  } catch (error) {
    if (!failure(error)) throw error;
  }
  let culprit: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      const own = Alias.prototype.toJSON;
      Object.defineProperty(node, 'toJSON', {
        configurable: true,
        value(this: Alias, arg: unknown, ctx: unknown) {
          try {
            return own.call(this, arg, ctx as Parameters<typeof own>[1]);
          } catch (error) {
            // Which alias overran the limit, to point the finding at it (not an alias of `this` for later use).
            // eslint-disable-next-line @typescript-eslint/no-this-alias
            culprit ??= this;
            throw error;
          }
        },
      });
    },
  });
  try {
    return { data: convert() };
  } catch (error) {
    if (failure(error)) return { alias: culprit, error };
    throw error;
  }
}

export function parseYaml(file: SourceFile): ParsedYaml {
  const decoded = decode(file);
  if ('finding' in decoded) {
    return { file, data: undefined, findings: [decoded.finding], locate: () => FILE_START };
  }
  const text = normaliseLoneCr(decoded.text);
  const lineCounter = new LineCounter();
  const findings: Finding[] = [];
  const point = (offset: number): Point => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  /** From `start` to the last non-blank character before `end` (exclusive); never before `start`. */
  const span = (start: number, end: number): Position => {
    let last = Math.min(end, text.length) - 1;
    while (last > start && /[ \t\r\n]/.test(text[last]!)) last--;
    const from = point(start);
    if (last <= start) return pointRange(from);
    const to = point(last);
    return { ...from, endLine: to.line, endCol: to.col };
  };
  const push = (range: readonly [number, number], rule: string, message: string, path = ''): void => {
    findings.push({ file: file.path, ...span(range[0], range[1]), path, rule, severity: 'error', message });
  };

  let doc: Document;
  try {
    // Duplicate keys are found below with a set: the library's own check compares every key with
    // every other one, which made a file of 32,000 keys take over a minute.
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, strict: true, prettyErrors: false, version: '1.2' });
  } catch (error) {
    // The composer recurses; absurd nesting can exhaust the stack before our own depth check runs.
    if (error instanceof RangeError) {
      // The bracket that went one level too deep.
      const at = pointRange(lineColAt(text, tooDeepFlowOffset(text)));
      findings.push({
        file: file.path,
        ...at,
        path: '',
        rule: 'nesting-depth',
        severity: 'error',
        message: `nesting too deep; expected at most ${MAX_DEPTH} levels`,
      });
      return { file, data: undefined, findings, locate: () => FILE_START };
    }
    throw error;
  }

  const locate = (path: readonly (string | number)[], options: { key?: boolean } = {}): Position => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      const child = childNode(node, segment);
      if (child === undefined) break;
      keyNode = child.key;
      node = child.value;
    }
    const target = options.key === true && keyNode !== undefined ? keyNode : ((node as Node | null) ?? keyNode);
    // The value's own text (range[1]), without a comment after it (range[2]).
    const start = target?.range?.[0];
    return target === undefined || target === null || start === undefined ? FILE_START : span(start, nodeEnd(target) ?? start);
  };
  const result = (data: unknown): ParsedYaml => ({ file, data, findings, locate, doc, span });

  const problems = [...doc.errors, ...doc.warnings, ...duplicateKeys(doc)].sort((x, y) => x.pos[0] - y.pos[0]);
  // The composer catches its own stack overflow once per level; one finding says it all.
  const overflow = problems.find((e) => e.message.includes('call stack'));
  if (overflow !== undefined) {
    const offset = tooDeepFlowOffset(text);
    push(offset > 0 ? [offset, offset + 1] : overflow.pos, 'nesting-depth', `nesting too deep; expected at most ${MAX_DEPTH} levels`);
  } else {
    // One mistake makes the parser stumble over everything after it (a tab gave 7 errors):
    // only the first syntax error is reported. A duplicate key breaks nothing after it, so each counts.
    const duplicates = problems.filter((e) => e.code === 'DUPLICATE_KEY');
    const firstOther = problems.find((e) => e.code !== 'DUPLICATE_KEY');
    for (const error of [...duplicates, ...(firstOther === undefined ? [] : [firstOther])]) {
      const rule = yamlCodeRules[error.code] ?? 'yaml-syntax';
      // The library's span of the problem (the tab, the unexpected token); for a duplicate, the whole key.
      const key = error.code === 'DUPLICATE_KEY' ? keyAt(doc, error.pos[0])?.range : undefined;
      push(
        key === undefined || key === null ? error.pos : [key[0], key[1]],
        rule,
        describeYamlError(error.code, error.message, restOfLine(text, error.pos[0])),
      );
    }
  }
  if (findings.length > 0) return result(undefined);

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    push([0, 0], 'empty-file', 'empty file; expected a YAML mapping');
    return result(undefined);
  }
  const tooDeep = findTooDeep(doc.contents);
  if (tooDeep !== undefined) {
    const start = tooDeep.range?.[0] ?? 0;
    push([start, nodeEnd(tooDeep) ?? start], 'nesting-depth', `nesting too deep; expected at most ${MAX_DEPTH} levels`);
    return result(undefined);
  }
  // An alias is written `*name`: a file without a star has none to check.
  const recursive = text.includes('*') ? recursiveAlias(doc) : undefined;
  if (recursive?.range) {
    push(
      [recursive.range[0], recursive.range[1]],
      'yaml-syntax',
      `alias *${recursive.source} lies inside its own anchor &${recursive.source}: a structure that contains itself; expected a value that ends`,
    );
    return result(undefined);
  }
  const converted = toData(doc);
  if ('data' in converted) return result(converted.data);
  // The whole alias token, `*name`.
  const aliasRange = converted.alias?.range;
  const offset: [number, number] = aliasRange === undefined || aliasRange === null ? [0, 0] : [aliasRange[0], aliasRange[1]];
  if (converted.error.message.startsWith('Unresolved alias')) {
    push(
      offset,
      'yaml-syntax',
      `alias *${converted.alias?.source ?? ''} has no anchor before it; expected &${converted.alias?.source ?? 'name'} earlier in the file`,
    );
  } else {
    push(offset, 'alias-limit', `too many alias expansions; expected at most ${MAX_ALIAS_COUNT} (possible billion-laughs attack)`);
  }
  return result(undefined);
}

/**
 * The same parse without its document. A document tree weighs about a hundred objects per file,
 * and a strategy of 10,000 measures kept every one alive for positions hardly any run asks for:
 * the garbage collector paid for them on every run. Positions are asked for only when a finding
 * names one; then the file is parsed again (parsing is a pure function of its bytes, so the
 * positions are the same ones) and that parse is kept for further questions about the file.
 */
export function withoutDocument(parsed: ParsedYaml): ParsedYaml {
  return reparsedOnDemand(parsed.file, parsed.data, parsed.findings);
}

/** A parse known by its result (from withoutDocument, or the parse cache): positions by parsing again. */
export function reparsedOnDemand(file: SourceFile, data: unknown, findings: Finding[]): ParsedYaml {
  let again: ParsedYaml | undefined;
  return { file, data, findings, locate: (path, options) => (again ??= parseYaml(file)).locate(path, options) };
}
