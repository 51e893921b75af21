import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { calendarProblem, type CalendarKind } from './calendar-date.js';
import { writtenNumberProblem } from './exact-number.js';
import { dotted, type Finding } from './finding.js';
import type { ParsedYaml } from './parse-yaml.js';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

/** Schemas mark their date and period strings with this `$comment`, so every such field is checked. */
const calendarMarks: Readonly<Record<string, CalendarKind>> = { 'calendar-date': 'date', 'calendar-period': 'period' };

const isObject = (x: unknown): x is Schema => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Follows local `$ref`s (`#/definitions/date`), the only kind our schemas use. */
function resolveRef(root: Schema, schema: unknown): Schema | undefined {
  let node = schema;
  for (let hops = 0; isObject(node) && typeof node['$ref'] === 'string' && hops < 10; hops++) {
    const ref = node['$ref'];
    if (!ref.startsWith('#/')) return undefined;
    node = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((n, segment) => (isObject(n) ? n[segment] : undefined), root);
  }
  return isObject(node) ? node : undefined;
}

/** The subschema a child value must satisfy; undefined where the schema allows no such child. */
function childSchema(root: Schema, schema: Schema | undefined, segment: string | number): Schema | undefined {
  if (schema === undefined) return undefined;
  if (typeof segment === 'number') return resolveRef(root, schema['items']);
  const properties = schema['properties'];
  if (isObject(properties) && Object.hasOwn(properties, segment)) return resolveRef(root, properties[segment]);
  return resolveRef(root, schema['additionalProperties']);
}

function typesOf(schema: Schema | undefined): string[] {
  const type = schema?.['type'];
  return type === undefined ? [] : Array.isArray(type) ? type.map(String) : [String(type)];
}

/**
 * Checks what a JSON Schema cannot see: every number where the schema allows one must be written
 * exactly as the value the tool will compute with (the YAML parser reads `.inf` as Infinity, which
 * JSON-based checks then show as null, and rounds 9007199254740993 without a word), and every
 * string the schema marks as a date or period must be a real calendar value.
 */
export function checkScalars(parsed: ParsedYaml, root: Schema): Finding[] {
  const doc: Document | undefined = parsed.doc;
  if (doc === undefined) return [];
  const findings: Finding[] = [];
  const report = (path: Path, rule: string, message: string): void => {
    findings.push({ file: parsed.file.path, ...parsed.locate(path), path: dotted(path), rule, severity: 'error', message });
  };
  const stack: { node: unknown; path: Path; schema: Schema | undefined }[] = [{ node: doc.contents, path: [], schema: root }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    // An alias stands for its anchor's node: check that value where it is used.
    const node = isAlias(item.node) ? item.node.resolve(doc) : item.node;
    const { path, schema } = item;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        stack.push({ node: pair.value, path: [...path, key], schema: childSchema(root, schema, key) });
      }
    } else if (isSeq(node)) {
      node.items.forEach((child, i) => stack.push({ node: child, path: [...path, i], schema: childSchema(root, schema, i) }));
    } else if (isScalar(node)) {
      const label = path.length === 0 ? 'the file' : dotted(path);
      const types = typesOf(schema);
      if (typeof node.value === 'number' && (types.includes('number') || types.includes('integer'))) {
        const text = sourceText(node.source, node.value);
        const problem = writtenNumberProblem(text, !types.includes('number'));
        if (problem !== undefined)
          report(path, problem === 'must be an integer' ? 'type' : 'number', `${label} ${problem} (found ${text})`);
      }
      const mark = schema?.['$comment'];
      const kind = typeof mark === 'string' && Object.hasOwn(calendarMarks, mark) ? calendarMarks[mark] : undefined;
      if (kind !== undefined && typeof node.value === 'string') {
        // A value of the wrong form is the schema pattern's finding; this one is about the calendar.
        const problem = calendarProblem(node.value, kind);
        if (problem?.form === true)
          report(path, 'date', `${label} must be a real calendar ${kind} (found ${node.value}: ${problem.reason})`);
      }
    }
  }
  return findings;
}

/** The number as written; the parser keeps a plain scalar's source text. */
export function sourceText(source: unknown, value: number): string {
  return typeof source === 'string' && source !== '' ? source : String(value);
}
