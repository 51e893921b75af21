import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { CliError } from '../errors.js';
import { topLevelSchemas } from '../model/assemble-strategy.js';
import type { SourceFile } from '../model/source-file.js';
import { schemaNames, type SchemaName } from '../schema/schemas.js';
import { packageRoot } from './package-root.js';

/**
 * A strategy keeps copies of the tool's JSON Schemas in this folder, and every file points there
 * relative to itself: the same on every contributor's machine, inside the repository, whatever
 * version of the tool (or none) is installed. The readers only read *.yaml, so it is no measure.
 */
export const SCHEMA_FOLDER = '.schema';

export const schemaFileName = (schema: SchemaName): string => `${schema}.schema.json`;

/** The reference a file in the strategy folder (`''`) or in `measures/` gets to the strategy's own copy. */
export function ownSchemaReference(folder: '' | 'measures', schema: SchemaName): string {
  return `${folder === '' ? '' : '../'}${SCHEMA_FOLDER}/${schemaFileName(schema)}`;
}

/** The first-line comment editors (yaml-language-server) follow, without the leading `#`. */
export const schemaComment = (reference: string): string => ` yaml-language-server: $schema=${reference}`;

/** The tool's own JSON Schemas, as the package ships them, to copy into a new strategy's `.schema/`. */
export function packagedSchemas(): { name: string; text: string }[] {
  return schemaNames.map((schema) => {
    const file = join(packageRoot(), 'src', 'schema', schemaFileName(schema));
    try {
      return { name: schemaFileName(schema), text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new CliError(`cannot read the JSON Schema ${file} of the installed itstrat: ${(error as Error).message}`);
    }
  });
}

/** The work tree of the git repository holding `dir` (where `.git` is), if any: found without running git. */
export function repositoryRoot(dir: string): string | undefined {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

const schemaLine = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/;

/** The `$schema` reference in a file's leading comments, if it has one. */
export function schemaReferenceIn(bytes: Uint8Array): string | undefined {
  // Only the head: the line belongs above the first key, and a measure folder may hold 10,000 files.
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  for (const line of head.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) return undefined;
    const match = schemaLine.exec(trimmed);
    if (match !== null) return match[1];
  }
  return undefined;
}

const isWebAddress = (reference: string): boolean => /^https?:\/\//i.test(reference);

function realpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where a new file of kind `schema` in `folder` of the strategy `strategyDir` points its `$schema`
 * line, following the files already there (`siblings`: the strategy's files as read):
 *
 * 1. the form most of the files of the same kind use, when it is a web address or leads to an
 *    existing file inside the repository (else the strategy folder) and not through node_modules;
 * 2. else the strategy's own copy in `.schema/`, when it exists;
 * 3. else the folder the other strategy files' schemas lie in, when it holds this schema;
 * 4. else none: no line is better than a path that works on one machine only.
 */
export function schemaReferenceFor(
  strategyDir: string,
  folder: '' | 'measures',
  schema: SchemaName,
  siblings: readonly SourceFile[],
): string | undefined {
  const from = resolve(strategyDir, folder);
  const boundary = realpath(repositoryRoot(strategyDir) ?? strategyDir) ?? resolve(strategyDir);
  const allowed = new Map<string, boolean>();
  const usable = (target: string): boolean => {
    let ok = allowed.get(target);
    if (ok === undefined) {
      const real = realpath(target);
      ok =
        real !== undefined &&
        isInside(boundary, real) &&
        !relative(boundary, real).split(sep).includes('node_modules') &&
        !relative(boundary, target).split(sep).includes('node_modules') &&
        isFile(real);
      allowed.set(target, ok);
    }
    return ok;
  };
  const fromHere = (target: string): string => relative(from, target).split(sep).join(posix.sep);
  const wanted = schemaFileName(schema);

  const sameKind: string[] = [];
  const otherKind: string[] = [];
  for (const file of siblings) {
    if (file.unreadable !== undefined) continue;
    const reference = schemaReferenceIn(file.bytes);
    if (reference === undefined) continue;
    const fileFolder = file.relative.includes('/') ? 'measures' : '';
    const kind: SchemaName | undefined = fileFolder === 'measures' ? 'measure' : topLevelSchemas[file.relative];
    if (kind === undefined) continue;
    if (isWebAddress(reference)) {
      if (kind === schema) sameKind.push(reference);
      else if (reference.endsWith(`/${schemaFileName(kind)}`)) otherKind.push(reference.slice(0, -schemaFileName(kind).length) + wanted);
      continue;
    }
    const target = resolve(strategyDir, fileFolder, reference);
    if (kind === schema) {
      if (usable(target)) sameKind.push(fromHere(target));
    } else if (target.endsWith(`${sep}${schemaFileName(kind)}`)) {
      const mine = join(dirname(target), wanted);
      if (usable(mine)) otherKind.push(fromHere(mine));
    }
  }
  const mostCommon = (references: string[]): string | undefined => {
    const counts = new Map<string, number>();
    for (const r of references) counts.set(r, (counts.get(r) ?? 0) + 1);
    let best: string | undefined;
    for (const [r, n] of counts) if (best === undefined || n > counts.get(best)!) best = r;
    return best;
  };
  const followed = mostCommon(sameKind);
  if (followed !== undefined) return followed;
  const own = join(resolve(strategyDir), SCHEMA_FOLDER, wanted);
  if (usable(own)) return fromHere(own);
  return mostCommon(otherKind);
}
