import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import writeFileAtomic from 'write-file-atomic';
import { parseDocument, visit, type Document } from 'yaml';
import { CliError } from '../errors.js';
import { yamlFormat } from '../model/yaml-format.js';

export interface YamlEdit {
  /** Changes the document in place, through the Document API so comments stay attached. */
  edit(doc: Document): void;
  /** The data the file must hold afterwards, computed independently from the data before. */
  expected(before: unknown): unknown;
}

const BOM = '\uFEFF';

function commentsOf(doc: Document): string[] {
  const comments: string[] = [];
  const add = (c: string | null | undefined): void => {
    if (c) comments.push(...c.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
  };
  add(doc.commentBefore);
  add(doc.comment);
  visit(doc, {
    Node(_, node) {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return comments;
}

/** Comments that the edited document no longer has (as a multiset). */
export function lostComments(before: Document, after: Document): string[] {
  const remaining = commentsOf(after);
  return commentsOf(before).filter((c) => {
    const i = remaining.indexOf(c);
    if (i === -1) return true;
    remaining.splice(i, 1);
    return false;
  });
}

/**
 * Edits a YAML file without losing data: the result is re-parsed and must hold exactly the
 * expected data and every original comment; the file must not have changed since it was read;
 * the write is atomic (temp file, fsync, rename), keeping a BOM and CRLF line endings.
 * On any failure the file is left as it was.
 */
export function updateYamlFile(path: string, change: YamlEdit, write: (path: string, text: string) => void = atomicWrite): string {
  let original: Buffer;
  try {
    original = readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let text = original.toString('utf8');
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(1);
  const crlf = text.includes('\r\n');
  if (crlf) text = text.replace(/\r\n/g, '\n');

  const before = parseDocument(text, { uniqueKeys: true });
  if (before.errors.length > 0) throw new CliError(`refusing to edit ${path}: it does not parse (${before.errors[0]!.message.split('\n')[0]}); run itstrat validate`);
  const doc = parseDocument(text, { uniqueKeys: true });
  change.edit(doc);
  let output = doc.toString(yamlFormat);

  const reparsed = parseDocument(output, { uniqueKeys: true });
  const expected = change.expected(before.toJS());
  if (reparsed.errors.length > 0 || !isDeepStrictEqual(reparsed.toJS(), expected)) {
    throw new CliError(`refusing to write ${path}: the edited file would not hold exactly the intended data; the file is unchanged`);
  }
  const lost = lostComments(before, reparsed);
  if (lost.length > 0) throw new CliError(`refusing to write ${path}: the edit would lose the comment "${lost[0]}"; the file is unchanged`);

  if (crlf) output = output.replace(/\n/g, '\r\n');
  if (bom) output = BOM + output;
  let current: Buffer;
  try {
    current = readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path} again before writing: ${(error as Error).message}; nothing was written`);
  }
  if (!current.equals(original)) throw new CliError(`${path} was changed by someone else while itstrat was editing it; nothing was written, run the command again`);
  write(path, output);
  return output;
}

function atomicWrite(path: string, text: string): void {
  try {
    writeFileAtomic.sync(path, text, { encoding: 'utf8', fsync: true });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}; the file is unchanged`);
  }
}
