import { isMap, isNode, isPair, isScalar, isSeq, Scalar, type Document } from 'yaml';

type Schema = Record<string, unknown>;

function resolve(schema: Schema | undefined, root: Schema): Schema | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = (node as Schema | undefined)?.[part];
  return node as Schema | undefined;
}

export interface LayoutOptions {
  /** The Leitplanken ids in their column order: the order of a measure's scores. */
  scoreOrder?: readonly string[];
}

const schemaLine = /^\s*yaml-language-server:\s*\$schema=/;

/**
 * The editors' `# yaml-language-server: $schema=…` line stays the file's first line. Written with
 * no blank line below it, the parser attaches it to the first key (or the map), and sorting the
 * keys would carry it down the file; it becomes the document's own first comment instead.
 */
function schemaLineFirst(doc: Document): void {
  const contents = doc.contents;
  const first = isMap(contents) ? contents.items[0]?.key : undefined;
  const holders: { comment: () => string | null | undefined; set: (c: string | undefined) => void }[] = [
    { comment: () => doc.commentBefore, set: (c) => (doc.commentBefore = c ?? null) },
    ...(isNode(contents) ? [{ comment: () => contents.commentBefore, set: (c: string | undefined) => (contents.commentBefore = c) }] : []),
    ...(isNode(first) ? [{ comment: () => first.commentBefore, set: (c: string | undefined) => (first.commentBefore = c) }] : []),
  ];
  for (const [n, holder] of holders.entries()) {
    const lines = (holder.comment() ?? '').split('\n');
    const i = lines.findIndex((line) => schemaLine.test(line));
    if (i === -1) continue;
    if (n === 0 && i === 0) return;
    const [line] = lines.splice(i, 1);
    holder.set(lines.length === 0 ? undefined : lines.join('\n'));
    const rest = doc.commentBefore;
    doc.commentBefore = rest === null || rest === undefined || rest === '' ? line! : `${line!}\n${rest}`;
    return;
  }
}

/**
 * Puts a document into the canonical layout: keys in the order of the schema's properties
 * (unknown keys after them, as they were), scores in Leitplanken order, every `id` quoted, no
 * blank lines between keys or list items.
 * Comments travel with their keys; nothing is added or removed.
 */
export function canonicalize(doc: Document, schema: Schema, options: LayoutOptions = {}): void {
  schemaLineFirst(doc);
  const visit = (node: unknown, s: Schema | undefined, key: string | undefined): void => {
    s = resolve(s, schema);
    if (isMap(node)) {
      const properties = (s?.['properties'] ?? {}) as Schema;
      const order = key === 'scores' && options.scoreOrder !== undefined ? options.scoreOrder : Object.keys(properties);
      const rank = (k: unknown): number => {
        const i = order.indexOf(String(isScalar(k) ? k.value : k));
        return i === -1 ? order.length : i;
      };
      node.items = node.items
        .map((pair, i) => ({ pair, i }))
        .sort((a, b) => rank(a.pair.key) - rank(b.pair.key) || a.i - b.i)
        .map((x) => x.pair);
      // Blank lines between keys are not part of the layout: reordering would scatter them.
      for (const pair of node.items) if (isNode(pair.key)) pair.key.spaceBefore = false;
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (name === 'id' && isScalar(pair.value) && typeof pair.value.value === 'string') pair.value.type = Scalar.QUOTE_DOUBLE;
        const child =
          (properties[name] as Schema | undefined) ??
          (typeof s?.['additionalProperties'] === 'object' ? (s['additionalProperties'] as Schema) : undefined);
        visit(pair.value, child, name);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isNode(item)) item.spaceBefore = false;
        visit(item, s?.['items'] as Schema | undefined, undefined);
      }
    }
  };
  visit(doc.contents, schema, undefined);
}
