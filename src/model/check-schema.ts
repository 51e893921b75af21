import type { ErrorObject, ValidateFunction } from 'ajv';
import { isScalar } from 'yaml';
import { loadSchema, type SchemaName } from '../schema/schemas.js';
import * as validators from '../schema/validators.generated.js';
import { checkScalars, sourceText } from './check-scalars.js';
import { dotted, type Finding } from './finding.js';
import type { ParsedYaml } from './parse-yaml.js';
import { didYouMean } from './suggest.js';

// Precompiled at build time (scripts/build.mjs, ajv standalone): start-up compiles no schema.
function validator(name: SchemaName): ValidateFunction {
  return validators[name];
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return value;
}

/** The value as the file writes it: numbers by their source text (`.inf`, `1e308`, `0x10`), not as JSON would. */
function found(parsed: ParsedYaml, path: readonly (string | number)[], value: unknown): string {
  if (typeof value === 'number') {
    const node = parsed.doc?.getIn(path, true);
    return sourceText(isScalar(node) ? node.source : undefined, value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

const typeNames: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => typeNames[String(t)] ?? String(t)).join(' or ');
}

/** ajv reports a missing property on the parent; a failing `if` only repeats what `then` says. */
function toFinding(parsed: ParsedYaml, schema: Record<string, unknown>, error: ErrorObject): Finding | undefined {
  const path = pathOf(error.instancePath);
  const here = dotted(path);
  const label = here === '' ? 'the file' : here;
  const value = valueAt(parsed.data, path);
  const base = { file: parsed.file.path, severity: 'error' as const };
  const at = (p: (string | number)[], key = false) => parsed.locate(p, { key });
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'required': {
      const missing = String(p['missingProperty']);
      return {
        ...base,
        ...at(path),
        path: dotted([...path, missing]),
        rule: 'required-key',
        message: `${label} is missing the required key ${missing}`,
      };
    }
    case 'additionalProperties': {
      const extra = String(p['additionalProperty']);
      const allowed = Object.keys(propertiesAt(schema, error.schemaPath));
      const hint = didYouMean(extra, allowed) || (allowed.length > 0 ? ` (expected one of ${allowed.join(', ')})` : '');
      return {
        ...base,
        ...at([...path, extra], true),
        path: dotted([...path, extra]),
        rule: 'unknown-key',
        message: `unknown key ${extra}${hint}`,
      };
    }
    case 'type':
      return {
        ...base,
        ...at(path),
        path: here,
        rule: 'type',
        message: `${label} must be ${typeName(p['type'])} (found ${found(parsed, path, value)})`,
      };
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]).map(String);
      return {
        ...base,
        ...at(path),
        path: here,
        rule: 'enum',
        message: `${label} must be one of ${allowed.join(', ')} (found ${found(parsed, path, value)})${typeof value === 'string' ? didYouMean(value, allowed) : ''}`,
      };
    }
    case 'pattern':
      return {
        ...base,
        ...at(path),
        path: here,
        rule: 'pattern',
        message: `${label} has the wrong form (found ${found(parsed, path, value)}); expected ${describePattern(String(p['pattern']))}`,
      };
    case 'propertyNames':
      return undefined;
    case 'minimum':
    case 'maximum':
      return {
        ...base,
        ...at(path),
        path: here,
        rule: 'range',
        message: `${label} must be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(p['limit'])} (found ${found(parsed, path, value)})`,
      };
    default:
      return {
        ...base,
        ...at(path),
        path: here,
        rule: error.keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        message: `${label} ${error.message ?? 'is invalid'}`,
      };
  }
}

const patternDescriptions: Record<string, string> = {
  '^(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})$': 'a quoted id like "1.10" (no leading zeros)',
  '^[a-z][a-z0-9_-]*$': 'lower-case ASCII letters, digits, - and _',
  '^[a-z0-9][a-z0-9_-]*$': 'lower-case ASCII letters, digits, - and _',
  '^[A-Z]{3}$': 'a three-letter currency code like EUR',
};

function describePattern(pattern: string): string {
  if (pattern.startsWith('^[0-9]{4}-(0')) return 'a date YYYY-MM-DD';
  if (pattern.startsWith('^[0-9]{4}(-(Q')) return 'a period YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD';
  return patternDescriptions[pattern] ?? `the pattern ${pattern}`;
}

/** The `properties` of the schema object that owns an `additionalProperties` error. */
function propertiesAt(schema: Record<string, unknown>, schemaPath: string): Record<string, unknown> {
  const segments = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = schema;
  for (const segment of segments) node = (node as Record<string, unknown> | undefined)?.[segment];
  const properties = (node as Record<string, unknown> | undefined)?.['properties'];
  return (properties ?? {}) as Record<string, unknown>;
}

/** Schema findings located per file, at most; beyond, one finding says how many more. */
export const MAX_SCHEMA_FINDINGS = 100;

export function checkSchema(parsed: ParsedYaml, name: SchemaName): Finding[] {
  const schema = loadSchema(name);
  const scalars = checkScalars(parsed, schema);
  const validate = validator(name);
  if (validate(parsed.data)) return scalars;
  // A value the scalar check refused (`.inf`, 9007199254740993) gets that one finding, with the
  // value as written, rather than a second one from ajv about what the parser made of it.
  const refused = new Set(scalars.map((f) => f.path));
  // Locating a finding walks the document: a file with thousands of wrong keys would cost
  // thousands of walks. The first MAX_SCHEMA_FINDINGS are located; one finding counts the rest.
  const errors = validate.errors ?? [];
  const findings = errors.slice(0, MAX_SCHEMA_FINDINGS).flatMap((e) => toFinding(parsed, schema, e) ?? []);
  const more = errors.length - MAX_SCHEMA_FINDINGS;
  const rest: Finding[] =
    more > 0
      ? [
          {
            file: parsed.file.path,
            line: 1,
            col: 1,
            endLine: 1,
            endCol: 1,
            path: '',
            rule: 'too-many-findings',
            severity: 'error',
            message: `${more} more schema ${more === 1 ? 'error' : 'errors'} in this file not listed; fix the ones above first`,
          },
        ]
      : [];
  return [...scalars, ...findings.filter((f) => !refused.has(f.path)), ...rest];
}
